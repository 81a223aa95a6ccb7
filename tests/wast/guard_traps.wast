;; Every access that can trap keeps its trap, in program order, with guard
;; pages as with explicit checks.  The first three modules are divergences
;; the differential fuzz test (tests/fuzz/run-fuzz-exec) found, reduced
;; with tests/fuzz/reduce-fuzz-exec: LLVM deleted or sank loads whose
;; value died, because to it a faulting load is undefined behaviour.

;; A load that only decides a br_if to the block's own end (reduced from a
;; binaryen translate-to-fuzz module, features seed 100015).
(module
  (memory 16 17)
  (func (export "branch_on_load") (result f64)
    (block (br_if 0 (i32.load16_u offset=3 (i32.const -2147483648))))
    (f64.const 0x1p+63)))
(assert_trap (invoke "branch_on_load") "out of bounds memory access")

;; A load into a local that is never read (features seed 100023).
(module
  (memory 16 17)
  (func (export "load_to_dead_local") (result f32) (local f32 f32)
    (local.set 1 (f32.load offset=22 align=1 (i32.const 8388608)))
    (f32.const 1)))
(assert_trap (invoke "load_to_dead_local") "out of bounds memory access")

;; A load in a loop whose comparison is dropped (MVP seed 49).
(module
  (memory 16 17)
  (global $once (mut i32) (i32.const 10))
  (func (export "loop_dropped_compare")
    (loop $l
      (if (global.get $once)
        (then
          (global.set $once (i32.const 0))
          (drop (f32.eq (f32.load offset=3 align=1 (i32.const -6)) (f32.const 0)))
          (br $l))))))
(assert_trap (invoke "loop_dropped_compare") "out of bounds memory access")

;; Loads whose value a select, a narrowing or a lane extraction uses only
;; in part: each access is whole and happens, whatever is used of it.
(module
  (memory 1 2)
  (func (export "select_arm") (param i32 i32) (result i32)
    (select (i32.load (local.get 0)) (i32.const 7) (local.get 1)))
  (func (export "wrapped") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  (func (export "low_byte") (param i32) (result i32)
    (i32.and (i32.load (local.get 0)) (i32.const 0xff)))
  (func (export "lane0") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0))))
  (func (export "after_failed_grow") (result i32)
    (drop (memory.grow (i32.const 5)))
    (i32.load (i32.const 65536))))
(assert_trap (invoke "select_arm" (i32.const 65536) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "select_arm" (i32.const 65533) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "select_arm" (i32.const 65532) (i32.const 0)) (i32.const 7))
(assert_trap (invoke "wrapped" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "wrapped" (i32.const 65528)) (i32.const 0))
(assert_trap (invoke "low_byte" (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "lane0" (i32.const 65524)) "out of bounds memory access")
(assert_return (invoke "lane0" (i32.const 65520)) (i32.const 0))
(assert_trap (invoke "after_failed_grow") "out of bounds memory access")

;; Effects before a trapping access happen; effects after it do not:
;; stores, global writes and calls stay on their side of the trap.
(module
  (memory 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $mark (param i32) (global.set $g (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store_load_store") (param i32)
    (i32.store8 (i32.const 0) (i32.const 1))
    (drop (i32.load (local.get 0)))
    (i32.store8 (i32.const 1) (i32.const 1)))
  (func (export "global_load_global") (param i32)
    (global.set $g (i32.const 1))
    (drop (i32.load (local.get 0)))
    (global.set $g (i32.const 2)))
  (func (export "call_load_call") (param i32)
    (call $mark (i32.const 3))
    (drop (i64.load (local.get 0)))
    (call $mark (i32.const 4)))
  (func (export "store_store") (param i32)
    (i32.store8 (i32.const 2) (i32.const 1))
    (i64.store (local.get 0) (i64.const -1))
    (i32.store8 (i32.const 3) (i32.const 1)))
  (func (export "fill_past_end")
    (memory.fill (i32.const 65530) (i32.const 0xff) (i32.const 10)))
  (func (export "copy_past_end")
    (memory.copy (i32.const 65530) (i32.const 0) (i32.const 10))))
(assert_trap (invoke "store_load_store" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 0)) (i32.const 1))
(assert_return (invoke "peek" (i32.const 1)) (i32.const 0))
(assert_trap (invoke "global_load_global" (i32.const 65536)) "out of bounds memory access")
(assert_return (get "g") (i32.const 1))
(assert_trap (invoke "call_load_call" (i32.const 65529)) "out of bounds memory access")
(assert_return (get "g") (i32.const 3))
;; an i64 store half inside the memory writes nothing of itself
(assert_trap (invoke "store_store" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 2)) (i32.const 1))
(assert_return (invoke "peek" (i32.const 3)) (i32.const 0))
(assert_return (invoke "peek" (i32.const 65532)) (i32.const 0))
(assert_return (invoke "peek" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke "fill_past_end") "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 65530)) (i32.const 0))
(assert_trap (invoke "copy_past_end") "out of bounds memory access")
(assert_return (invoke "peek" (i32.const 65531)) (i32.const 0))

;; An access that always fits in the memory's minimum size needs neither a
;; check nor a trap point; the bound lowering proves must never cover one
;; that does not fit.
(module
  (memory 1)
  (func (export "masked_zero") (param i32) (result i32)
    (i32.load offset=65532 (i32.and (local.get 0) (i32.const 0))))
  (func (export "masked_edge") (param i32) (result i32)
    (i32.load offset=65530 (i32.and (local.get 0) (i32.const 3))))
  (func (export "shifted") (param i32) (result i32)
    (i32.load (i32.shl (i32.and (local.get 0) (i32.const 0x3fff)) (i32.const 2))))
  (func (export "shifted_out") (param i32) (result i32)
    (i32.load (i32.shl (i32.and (local.get 0) (i32.const 0x7fff)) (i32.const 2))))
  (func (export "wrapping_add") (param i32) (result i32)
    (i32.load (i32.add (i32.and (local.get 0) (i32.const -1)) (i32.const 1))))
  (func (export "byte_index") (param i32) (result i32)
    (i32.load8_u offset=65280 (i32.load8_u (local.get 0))))
  (func (export "remainder") (param i32) (result i32)
    (i32.load offset=65528 (i32.rem_u (local.get 0) (i32.const 5))))
  (func (export "grow_then_edge") (param i32) (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.load offset=65534 (i32.and (local.get 0) (i32.const 1)))))
(assert_return (invoke "masked_zero" (i32.const -1)) (i32.const 0))
(assert_trap (invoke "masked_edge" (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "masked_edge" (i32.const 2)) (i32.const 0))
(assert_return (invoke "shifted" (i32.const -1)) (i32.const 0))
(assert_trap (invoke "shifted_out" (i32.const 0x4000)) "out of bounds memory access")
(assert_trap (invoke "wrapping_add" (i32.const -2)) "out of bounds memory access")
(assert_return (invoke "wrapping_add" (i32.const -1)) (i32.const 0))
(assert_return (invoke "byte_index" (i32.const 0)) (i32.const 0))
(assert_return (invoke "remainder" (i32.const 9)) (i32.const 0))
(assert_return (invoke "grow_then_edge" (i32.const 1)) (i32.const 0))
