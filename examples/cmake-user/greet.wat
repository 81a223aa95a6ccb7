;; examples/cmake-user/greet.wat: a WASI command that prints its
;; GREETING environment variable (granted at build time) and a newline.
(module
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: count, 4: size, 8: iovec, 16: environ pointers, 64: the strings
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $end
      (loop $next
        (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func (export "_start")
    (local $s i32)
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_get (i32.const 16) (i32.const 64)))
    ;; the first variable, after "GREETING="; its NUL becomes the newline
    (local.set $s (i32.add (i32.load (i32.const 16)) (i32.const 9)))
    (i32.store (i32.const 8) (local.get $s))
    (i32.store (i32.const 12) (i32.add (call $strlen (local.get $s)) (i32.const 1)))
    (i32.store8 (i32.add (local.get $s) (call $strlen (local.get $s))) (i32.const 10))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 0)))))
