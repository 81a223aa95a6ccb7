;; tests/exe/recurse.wat: unbounded recursion on the native stack must
;; trap ("call stack exhausted", exit 134), never die of SIGSEGV.
(module
  (memory (export "memory") 1)
  (func $deep (export "deep") (param i64) (result i64)
    (i64.add (call $deep (i64.add (local.get 0) (i64.const 1))) (local.get 0)))
  (func (export "_start") (drop (call $deep (i64.const 0)))))
