;; tests/exe/twomem.wat: a WASI program with two memories.  Its system
;; calls use the memory it exports as "memory" (memory 0); the message is
;; built in memory 1, where memory 0's iovec address holds other bytes,
;; and copied across with memory.copy before fd_write.  Then it grows
;; memory 1 alone and checks that memory 0 kept its size (it traps if not).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $io (export "memory") 1)
  (memory $scratch 1)
  (data (memory $scratch) (i32.const 16) "two memories\n")
  (data (memory $scratch) (i32.const 0) "\ff\ff\ff\ff\ff\ff\ff\ff")
  (func (export "_start")
    ;; iovec {16, 13} at 0 in memory 0, the text copied from memory 1
    (i32.store $io (i32.const 0) (i32.const 16))
    (i32.store $io (i32.const 4) (i32.const 13))
    (memory.copy $io $scratch (i32.const 16) (i32.const 16) (i32.const 13))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
    (drop (memory.grow $scratch (i32.const 2)))
    (if (i32.ne (memory.size $io) (i32.const 1)) (then unreachable))
    (if (i32.ne (memory.size $scratch) (i32.const 3)) (then unreachable))))
