;; Multi-value: functions and blocks with several results and parameters.
(module
  (type $pair (func (param i32 i64) (result i64 i32)))
  (func $swap (type $pair) (local.get 1) (local.get 0))
  (func (export "g") (result i64 i32)
    (i32.const 1) (i64.const 2)
    (block (type $pair) (call $swap))
    (drop) (drop)
    (i32.const 5) (i64.const 6)
    (loop (param i32 i64) (result i64 i32) (call $swap))))
