;; Invalid (assembled with --no-check): non-constant initialisers, a
;; duplicate export and memory limits out of order.
(module
  (memory 2 1)
  (global (mut i32) (i32.const 0))
  (global i32 (global.get 0))
  (func $f)
  (export "x" (func $f))
  (export "x" (memory 0))
  (data (i32.add (i32.const 0) (i32.const 1)) ""))
