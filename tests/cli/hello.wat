;; tests/cli/hello.wat: the text format end to end: WASI's fd_write prints
;; a line, with the abbreviations a hand-written module uses (inline
;; import and exports, folded instructions, an inline type, labels).
(module
  (func $fd_write (import "wasi_snapshot_preview1" "fd_write")
    (param i32 i32 i32 i32) (result i32))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from text\n")
  (func (export "_start") (local $i i32)
    ;; iovec at 0: the string at 16, 16 bytes
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store offset=4 (i32.const 0) (i32.const 16))
    block $done
      loop $again
        (br_if $done (i32.ge_u (local.get $i) (i32.const 2)))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        br $again
      end
    end))
