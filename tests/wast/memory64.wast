;; memory64 and table64 cases the spec testsuite leaves out: a 64-bit memory is
;; checked in every bounds strategy (guard too: no guard region covers a
;; 64-bit index), and the check cannot wrap: indices and offsets near
;; 2^64, offsets past 4 GiB, accesses that end exactly at the memory's
;; end; growth seen by a caller that cached the size; a 32-bit memory
;; beside it keeps its own scheme; a copy between the two.

(module
  (memory $m i64 1 3)
  (memory $n 1 1)
  (data (memory $m) (i64.const 65528) "\01\02\03\04\05\06\07\08")

  (func (export "size") (result i64) (memory.size $m))
  (func (export "grow") (param i64) (result i64) (memory.grow $m (local.get 0)))
  (func $grow1 (drop (memory.grow $m (i64.const 1))))

  (func (export "load8") (param i64) (result i32) (i32.load8_u $m (local.get 0)))
  (func (export "load64") (param i64) (result i64) (i64.load $m (local.get 0)))
  (func (export "load64_off8") (param i64) (result i64) (i64.load $m offset=8 (local.get 0)))
  (func (export "load8_big_off") (param i64) (result i32)
    (i32.load8_u $m offset=0x1_0000_0000 (local.get 0)))
  (func (export "load8_max_off") (param i64) (result i32)
    (i32.load8_u $m offset=0xffff_ffff_ffff_ffff (local.get 0)))
  (func (export "load64_top_off") (param i64) (result i64)
    (i64.load $m offset=0xffff_ffff_ffff_fff9 (local.get 0)))
  (func (export "store32") (param i64 i32) (i32.store $m (local.get 0) (local.get 1)))
  (func (export "store32_off4") (param i64 i32) (i32.store $m offset=4 (local.get 0) (local.get 1)))

  ;; the size cached before a call that grows the memory must not stay
  (func (export "grow_then_load") (param i64) (result i32)
    (drop (i32.load8_u $m (i64.const 0)))
    (call $grow1)
    (i32.load8_u $m (local.get 0)))

  (func (export "load_n") (param i32) (result i32) (i32.load8_u $n (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill $m (local.get 0) (local.get 1) (local.get 2)))
  ;; $n (32-bit) from $m (64-bit): the length is i32
  (func (export "copy_n_m") (param i32 i64 i32) (memory.copy $n $m (local.get 0) (local.get 1) (local.get 2)))
)

(assert_return (invoke "size") (i64.const 1))
(assert_return (invoke "load64" (i64.const 65528)) (i64.const 0x0807060504030201))
(assert_return (invoke "load64_off8" (i64.const 65520)) (i64.const 0x0807060504030201))
(assert_return (invoke "load8" (i64.const 65535)) (i32.const 8))
(assert_trap (invoke "load8" (i64.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load64" (i64.const 65529)) "out of bounds memory access")
(assert_trap (invoke "load64_off8" (i64.const 65521)) "out of bounds memory access")
;; indices whose sum with the offset wraps 64 bits
(assert_trap (invoke "load8" (i64.const -1)) "out of bounds memory access")
(assert_trap (invoke "load64" (i64.const -8)) "out of bounds memory access")
(assert_trap (invoke "load64_off8" (i64.const -8)) "out of bounds memory access")
(assert_trap (invoke "load64_off8" (i64.const -16)) "out of bounds memory access")
(assert_trap (invoke "load8_max_off" (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "load8_max_off" (i64.const 1)) "out of bounds memory access")
(assert_trap (invoke "load64_top_off" (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "load64_top_off" (i64.const 7)) "out of bounds memory access")
;; an index that is in bounds as its low 32 bits
(assert_trap (invoke "load8" (i64.const 0x1_0000_0000)) "out of bounds memory access")
(assert_trap (invoke "load8_big_off" (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "load8_big_off" (i64.const -0x1_0000_0000)) "out of bounds memory access")

;; a store that traps writes nothing
(assert_trap (invoke "store32" (i64.const 65533) (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "load8" (i64.const 65533)) (i32.const 6))
(assert_trap (invoke "store32_off4" (i64.const -4) (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "store32_off4" (i64.const 65528) (i32.const 0x0a0b0c0d)))
(assert_return (invoke "load8" (i64.const 65535)) (i32.const 0x0a))

;; growth: the new page is there, in this call and the next
(assert_return (invoke "grow_then_load" (i64.const 65536)) (i32.const 0))
(assert_return (invoke "size") (i64.const 2))
(assert_return (invoke "load8" (i64.const 131071)) (i32.const 0))
(assert_trap (invoke "load8" (i64.const 131072)) "out of bounds memory access")
(assert_return (invoke "grow" (i64.const 2)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 0x1_0000_0001)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 1)) (i64.const 2))
(assert_return (invoke "size") (i64.const 3))

;; bulk operations with 64-bit ranges
(assert_trap (invoke "fill" (i64.const -1) (i32.const 7) (i64.const 2)) "out of bounds memory access")
(assert_trap (invoke "fill" (i64.const 1) (i32.const 7) (i64.const -1)) "out of bounds memory access")
(assert_return (invoke "fill" (i64.const 196600) (i32.const 7) (i64.const 8)))
(assert_return (invoke "load8" (i64.const 196607)) (i32.const 7))
(assert_trap (invoke "copy_n_m" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "copy_n_m" (i32.const 65535) (i64.const 196607) (i32.const 1)))
(assert_return (invoke "load_n" (i32.const 65535)) (i32.const 7))
(assert_trap (invoke "load_n" (i32.const 65536)) "out of bounds memory access")

;; a 64-bit memory's limits may pass 65536 pages; nacre caps growth
(module
  (memory i64 0 0x1_0000_0000_0000)
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "size") (result i64) (memory.size)))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 1)) (i64.const 0))
(assert_return (invoke "size") (i64.const 1))

(assert_invalid
  (module (memory 1) (func (drop (i32.load (i64.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory i64 1) (func (drop (i32.load (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory i64 0x1_0000_0000_0001))
  "memory size")

;; table64: the index is i64 and checked before anything truncates it, so
;; 2^32 + 1 is out of range, not element 1
(module
  (type $t (func (result i32)))
  (table $T i64 3 4 funcref)
  (elem (table $T) (i64.const 1) func $f $g)
  (func $f (result i32) (i32.const 7))
  (func $g (result i32) (i32.const 8))
  (func (export "call") (param i64) (result i32) (call_indirect $T (type $t) (local.get 0)))
  (func (export "size") (result i64) (table.size $T))
  (func (export "grow") (param i64) (result i64) (table.grow $T (ref.null func) (local.get 0)))
  (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $T (local.get 0))))
  (func (export "set") (param i64) (table.set $T (local.get 0) (ref.func $f)))
  (func (export "fill") (param i64 i64) (table.fill $T (local.get 0) (ref.func $g) (local.get 1)))
)
(assert_return (invoke "call" (i64.const 1)) (i32.const 7))
(assert_return (invoke "call" (i64.const 2)) (i32.const 8))
(assert_trap (invoke "call" (i64.const 0)) "uninitialized element")
(assert_trap (invoke "call" (i64.const 3)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke "call" (i64.const -1)) "undefined element")
(assert_return (invoke "is_null" (i64.const 0)) (i32.const 1))
(assert_trap (invoke "is_null" (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_trap (invoke "set" (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 0x1_0000_0000) (i64.const 1)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const -1)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 0) (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_return (invoke "is_null" (i64.const 0)) (i32.const 1))
(assert_return (invoke "grow" (i64.const 0x1_0000_0001)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 1)) (i64.const 3))
(assert_return (invoke "grow" (i64.const 1)) (i64.const -1))
(assert_return (invoke "size") (i64.const 4))
(assert_trap (invoke "call" (i64.const 3)) "uninitialized element")
(assert_return (invoke "set" (i64.const 3)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 7))
(assert_return (invoke "fill" (i64.const 0) (i64.const 4)))
(assert_return (invoke "call" (i64.const 0)) (i32.const 8))

(assert_invalid
  (module (table i64 1 funcref) (func (drop (table.get 0 (i32.const 0)))))
  "type mismatch")
