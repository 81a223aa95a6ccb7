;; tests/unit/backend/spectre.wat: one function per clamp that
;; --bounds=masked and --spectre add (test_spectre.c reads their code).
(module
  (memory 1)
  (memory $m1 1)
  (table 4 funcref)
  (type $t (func (result i32)))
  ;; f0, f1: checked accesses, clamped with masked
  (func (export "load") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store offset=4 (local.get 0) (local.get 1)))
  ;; f2: proven in bounds: neither check nor clamp
  (func (export "fixed") (param i32) (result i32) (i32.load (i32.and (local.get 0) (i32.const 0xfff))))
  ;; f3, f4, f5: clamped with --spectre only
  (func (export "get") (param i32) (result funcref) (table.get 0 (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
  ;; arms that no lookup table can hold, so that the switch is a jump table
  (func (export "jump") (param i32 i32) (result i32)
    (block (block (block (block (block (block
      (br_table 0 1 2 3 4 5 (local.get 0)))
      (return (i32.mul (local.get 1) (i32.const 3))))
      (return (i32.xor (local.get 1) (i32.const 0x55))))
      (return (i32.shl (local.get 1) (i32.const 5))))
      (return (i32.rotl (local.get 1) (i32.const 7))))
      (return (i32.sub (i32.const 99) (local.get 1))))
    (i32.popcnt (local.get 1)))
  ;; f6, f7: checked accesses to memory 1 (multi-memory), each memory
  ;; with its own bound: clamped with masked, like f0 and f1
  (func (export "load1") (param i32) (result i32) (i32.load $m1 offset=8 (local.get 0)))
  (func (export "store1") (param i32 i32) (i32.store $m1 offset=4 (local.get 0) (local.get 1)))
)
