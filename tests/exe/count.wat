;; tests/exe/count.wat: a loop of a million iterations that ends (exit 0):
;; generous --timeout and --fuel limits must not stop it.
(module
  (memory (export "memory") 1)
  (func $count (export "count") (param i32)
    (loop $again
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
      (br_if $again (i32.lt_u (i32.load (i32.const 0)) (local.get 0)))))
  (func (export "_start") (call $count (i32.const 1000000))))
