;; Invalid (assembled with --no-check): unknown local, global and function.
(module
  (global i32 (i32.const 0))
  (func (local.set 1 (global.get 0)) (call 0) (drop (global.get 0))
    (global.set 0 (i32.const 1))))
