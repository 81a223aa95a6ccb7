;; tests/exe/unreachable.wat: a trap in a named function; the executable
;; prints "wasm trap: unreachable (in func 1 'boom')" and exits 134.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $boom (unreachable))
  (func (export "_start") (call $boom) (call $exit (i32.const 3))))
