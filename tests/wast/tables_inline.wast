;; call_indirect on funcref elements that hold their record inline
;; (abi.h NacreFuncElem), and tables whose minimum is their maximum, whose
;; size the backend takes as a constant: every trap keeps its kind, and
;; what table.set, table.fill, table.copy, table.init and table.grow write
;; is what call_indirect and table.get then see.

(module $fixed
  (type $i (func (result i32)))
  (type $ii (func (param i32) (result i32)))
  (table $t (export "t") 4 4 funcref)
  (elem (table $t) (i32.const 0) func $one $two)
  (elem $later func $three $inc)
  (func $one (type $i) (i32.const 1))
  (func $two (type $i) (i32.const 2))
  (func $three (type $i) (i32.const 3))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $i) (local.get 0)))
  (func (export "call_ii") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "size") (result i32) (table.size $t))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "set_three") (param i32) (table.set $t (local.get 0) (ref.func $three)))
  (func (export "clear") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "same_as_two") (param i32) (result i32)
    ;; table.get gives back the record itself: storing it elsewhere and
    ;; calling through there reaches the same function
    (table.set $t (i32.const 3) (table.get $t (local.get 0)))
    (call_indirect $t (type $i) (i32.const 3)))
  (func (export "fill_two") (param i32 i32) (table.fill $t (local.get 0) (ref.func $two) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (table.init $t $later (local.get 0) (local.get 1) (local.get 2))))

(assert_return (invoke "size") (i32.const 4))
(assert_return (invoke "grow" (i32.const 0)) (i32.const 4))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "size") (i32.const 4))
(assert_return (invoke "call" (i32.const 0)) (i32.const 1))
(assert_return (invoke "call" (i32.const 1)) (i32.const 2))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")
(assert_trap (invoke "call" (i32.const 4)) "undefined element")
(assert_trap (invoke "call" (i32.const -1)) "undefined element")
(assert_trap (invoke "call_ii" (i32.const 0) (i32.const 5)) "indirect call type mismatch")
(invoke "set_three" (i32.const 2))
(assert_return (invoke "call" (i32.const 2)) (i32.const 3))
(assert_return (invoke "is_null" (i32.const 2)) (i32.const 0))
(invoke "clear" (i32.const 2))
(assert_return (invoke "is_null" (i32.const 2)) (i32.const 1))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")
(assert_trap (invoke "set_three" (i32.const 4)) "out of bounds table access")
(assert_return (invoke "same_as_two" (i32.const 1)) (i32.const 2))
(invoke "init" (i32.const 2) (i32.const 0) (i32.const 2))
(assert_return (invoke "call" (i32.const 2)) (i32.const 3))
(assert_return (invoke "call_ii" (i32.const 3) (i32.const 41)) (i32.const 42))
(assert_trap (invoke "call" (i32.const 3)) "indirect call type mismatch")
(invoke "copy" (i32.const 0) (i32.const 2) (i32.const 2))
(assert_return (invoke "call" (i32.const 0)) (i32.const 3))
(assert_return (invoke "call_ii" (i32.const 1) (i32.const 9)) (i32.const 10))
(invoke "fill_two" (i32.const 1) (i32.const 3))
(assert_return (invoke "call" (i32.const 3)) (i32.const 2))
(assert_trap (invoke "fill_two" (i32.const 2) (i32.const 3)) "out of bounds table access")
(assert_trap (invoke "copy" (i32.const 3) (i32.const 0) (i32.const 2)) "out of bounds table access")

;; Another module imports the fixed table (an import whose minimum is its
;; maximum can only be bound to a table of those limits) and sees the
;; first module's writes, calling its functions with their own context.
(register "fixed" $fixed)
(module
  (type $i (func (result i32)))
  (import "fixed" "t" (table $t 4 4 funcref))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $i) (local.get 0)))
  (func (export "size") (result i32) (table.size $t)))
(assert_return (invoke "size") (i32.const 4))
(assert_return (invoke "call" (i32.const 3)) (i32.const 2))
(assert_trap (invoke "call" (i32.const 4)) "undefined element")
(module (import "fixed" "t" (table 4 5 funcref)))
(assert_unlinkable
  (module (import "fixed" "t" (table 5 5 funcref)))
  "incompatible import type")
(assert_unlinkable
  (module (import "fixed" "t" (table 3 3 funcref)))
  "incompatible import type")
