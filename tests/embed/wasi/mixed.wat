;; tests/embed/wasi/mixed.wat: a plugin with a host import (env.answer)
;; beside a WASI one: _start writes "answer=<digit>\n" to stdout.
(module
  (import "env" "answer" (func $answer (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "answer=?\n")
  (func (export "_start")
    (i32.store8 (i32.const 23) (i32.add (i32.const 48) (call $answer)))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 9))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
