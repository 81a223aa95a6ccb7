;; Multi-memory cases the spec testsuite leaves out: each memory keeps its
;; own bounds (guard reservation or checks, masked clamps too) in every
;; bounds strategy, memory.copy between two memories checks both ranges
;; before any byte moves, and growing one memory leaves the others alone,
;; also where a callee grows it under a caller that cached its size.

(module
  (memory $a 1 1)
  (memory $b 2 4)
  (memory $c 0)
  (data (memory $b) (i32.const 131064) "\01\02\03\04\05\06\07\08")

  (func (export "size_a") (result i32) (memory.size $a))
  (func (export "size_b") (result i32) (memory.size $b))
  (func (export "size_c") (result i32) (memory.size $c))
  (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
  (func (export "grow_c") (param i32) (result i32) (memory.grow $c (local.get 0)))

  (func (export "load_a") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
  (func (export "load_b") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
  (func (export "load_c") (param i32) (result i32) (i32.load8_u $c (local.get 0)))
  (func (export "load64_b") (param i32) (result i64) (i64.load $b offset=8 (local.get 0)))
  (func (export "store_a") (param i32 i32) (i32.store8 $a (local.get 0) (local.get 1)))
  (func (export "store_b") (param i32 i32) (i32.store8 $b (local.get 0) (local.get 1)))
  (func (export "store32_b") (param i32 i32) (i32.store $b offset=4 (local.get 0) (local.get 1)))

  ;; dst in $a, src in $b, and the reverse
  (func (export "copy_a_b") (param i32 i32 i32)
    (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_b_a") (param i32 i32 i32)
    (memory.copy $b $a (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill_b") (param i32 i32 i32)
    (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))

  ;; a loop over $b whose size the checks keep in a register: the call
  ;; in its middle grows $b, and the accesses after it must see that
  (func $grow_one (result i32) (memory.grow $b (i32.const 1)))
  (func (export "touch_after_callee_grows") (param i32) (result i32)
    (drop (i32.load8_u $b (i32.const 0)))
    (drop (call $grow_one))
    (i32.store8 $b (local.get 0) (i32.const 9))
    (i32.load8_u $b (local.get 0)))

  (func (export "v128_lane_b") (param i32) (result i32)
    (i32x4.extract_lane 1 (v128.load32_lane $b 1 (local.get 0) (v128.const i32x4 0 0 0 0))))
)

;; the data segment landed in $b, at its last 8 bytes; $a is untouched
(assert_return (invoke "load_b" (i32.const 131064)) (i32.const 1))
(assert_return (invoke "load_b" (i32.const 131071)) (i32.const 8))
(assert_return (invoke "load_a" (i32.const 65535)) (i32.const 0))
(assert_return (invoke "load64_b" (i32.const 131056)) (i64.const 0x0807060504030201))
(assert_trap (invoke "load64_b" (i32.const 131057)) "out of bounds memory access")
(assert_return (invoke "v128_lane_b" (i32.const 131068)) (i32.const 0x08070605))
(assert_trap (invoke "v128_lane_b" (i32.const 131069)) "out of bounds memory access")

;; each memory its own bound: $a ends at 64 KiB, $b at 128 KiB, $c has none
(assert_trap (invoke "load_a" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "load_b" (i32.const 65536)) (i32.const 0))
(assert_trap (invoke "load_b" (i32.const 131072)) "out of bounds memory access")
(assert_trap (invoke "load_c" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "store_a" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "store32_b" (i32.const 131065) (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "load_b" (i32.const -1)) "out of bounds memory access")

;; memory.copy across memories at the bounds: what fits exactly copies
(invoke "copy_a_b" (i32.const 65528) (i32.const 131064) (i32.const 8))
(assert_return (invoke "load_a" (i32.const 65528)) (i32.const 1))
(assert_return (invoke "load_a" (i32.const 65535)) (i32.const 8))
;; one byte past the destination ($a) traps, and nothing is written
(invoke "store_a" (i32.const 100) (i32.const 0))
(assert_trap (invoke "copy_a_b" (i32.const 65529) (i32.const 0) (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "load_a" (i32.const 65529)) (i32.const 2))
;; the source ($b) is checked against $b's size, not $a's: 65536 in $b is
;; in bounds even though it is past the end of $a
(invoke "store_b" (i32.const 65536) (i32.const 42))
(invoke "copy_a_b" (i32.const 100) (i32.const 65536) (i32.const 1))
(assert_return (invoke "load_a" (i32.const 100)) (i32.const 42))
;; one byte past the source traps, the destination keeps its bytes
(assert_trap (invoke "copy_a_b" (i32.const 0) (i32.const 131065) (i32.const 8)) "out of bounds memory access")
(assert_return (invoke "load_a" (i32.const 0)) (i32.const 0))
;; the reverse direction: $b's destination range reaches past $a's size
(invoke "copy_b_a" (i32.const 131064) (i32.const 65528) (i32.const 8))
(assert_return (invoke "load_b" (i32.const 131071)) (i32.const 8))
(assert_trap (invoke "copy_b_a" (i32.const 0) (i32.const 65529) (i32.const 8)) "out of bounds memory access")
(assert_trap (invoke "fill_b" (i32.const 131071) (i32.const 7) (i32.const 2)) "out of bounds memory access")
(assert_return (invoke "load_b" (i32.const 131071)) (i32.const 8))

;; growing $b leaves $a and $c as they are
(assert_return (invoke "grow_b" (i32.const 1)) (i32.const 2))
(assert_return (invoke "size_b") (i32.const 3))
(assert_return (invoke "size_a") (i32.const 1))
(assert_return (invoke "size_c") (i32.const 0))
(assert_return (invoke "load_b" (i32.const 196607)) (i32.const 0))
(assert_trap (invoke "load_a" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load_c" (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "grow_c" (i32.const 1)) (i32.const 0))
(assert_return (invoke "load_c" (i32.const 65535)) (i32.const 0))
(assert_return (invoke "size_b") (i32.const 3))
;; a callee grows $b to 4 pages; the caller's next access past 3 pages works
(assert_return (invoke "touch_after_callee_grows" (i32.const 196608)) (i32.const 9))
(assert_return (invoke "size_b") (i32.const 4))
(assert_return (invoke "grow_b" (i32.const 1)) (i32.const -1))
(assert_trap (invoke "load_b" (i32.const 262144)) "out of bounds memory access")

;; An exported memory imported next to a memory of the importer's own (an
;; import comes first: memory 0, the own one memory 1): both modules see
;; the same bytes and the same growth, and the own memory stays apart.
(module $owner
  (memory (export "shared") 1 3)
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
(register "owner" $owner)
(module $user
  (import "owner" "shared" (memory $shared 1 3))
  (memory $own 1)
  (func (export "poke_shared") (param i32 i32) (i32.store8 $shared (local.get 0) (local.get 1)))
  (func (export "grow_shared") (result i32) (memory.grow $shared (i32.const 1)))
  (func (export "peek_own") (param i32) (result i32) (i32.load8_u $own (local.get 0))))
(invoke $user "poke_shared" (i32.const 7) (i32.const 77))
(assert_return (invoke $owner "peek" (i32.const 7)) (i32.const 77))
(assert_return (invoke $user "peek_own" (i32.const 7)) (i32.const 0))
(assert_trap (invoke $owner "peek" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $user "grow_shared") (i32.const 1))
(assert_return (invoke $owner "size") (i32.const 2))
(invoke $user "poke_shared" (i32.const 65536) (i32.const 5))
(assert_return (invoke $owner "peek" (i32.const 65536)) (i32.const 5))
(assert_trap (invoke $user "peek_own" (i32.const 65536)) "out of bounds memory access")
