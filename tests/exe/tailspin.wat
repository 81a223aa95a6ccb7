;; tests/exe/tailspin.wat: an endless chain of tail calls, no loop and
;; no growing stack, so that only the callees' entry checks can stop it:
;; --timeout must trap "interrupted", --fuel "out of fuel", both exiting
;; 134, and the stack must never run out.
(module
  (memory (export "memory") 1)
  (func $ping (export "ping") (param i32 i64 f64 i32 i64 f64 i32 i64 f64 i32 i64)
    (i32.store (i32.const 0) (local.get 0))
    (return_call $pong (i32.add (local.get 0) (i32.const 1)) (local.get 1) (local.get 2)))
  (func $pong (export "pong") (param i32 i64 f64)
    (return_call $ping (local.get 0) (local.get 1) (local.get 2) (i32.const 0) (i64.const 0)
      (f64.const 0) (i32.const 0) (i64.const 0) (f64.const 0) (i32.const 0) (i64.const 0)))
  (func (export "_start") (call $pong (i32.const 0) (i64.const 0) (f64.const 0))))
