;; Extended constant expressions (Wasm 3.0): i32 and i64 add, sub and mul
;; in global initialisers and segment offsets wrap as the instructions do,
;; read imported globals, and place the segments where they say, on every
;; target and in every bounds mode.  The runtime evaluates them at
;; instantiation (NACRE_CONST_PROGRAM).  wast2json 1.0.32 refuses a defined
;; global in an initialiser (3.0 allows the earlier ones): spec3's
;; global.wast and the unit tests cover that.
(module
  (import "spectest" "global_i32" (global $imp i32)) ;; 666
  (global $a i32 (i32.add (i32.const 0x7fffffff) (i32.const 1)))
  (global $b i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
  (global $c i32 (i32.sub (i32.const 0) (i32.const 1)))
  (global $d i64 (i64.sub (i64.const 0x8000000000000000) (i64.const 1)))
  (global $e i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000000)))
  (global $f i64 (i64.add (i64.const 0x7fffffffffffffff) (i64.const 1)))
  ;; an imported global: 666 * 2 - (-1)
  (global $g i32 (i32.sub (i32.mul (global.get $imp) (i32.const 2)) (i32.const -1)))
  ;; postfix order matters: (20 * 2 - 2) + 4
  (global $h i32 (i32.add (i32.sub (i32.mul (i32.const 20) (i32.const 2)) (i32.const 2)) (i32.const 4)))
  (memory 1)
  ;; 666 + 34 - 600 = 100
  (data (i32.sub (i32.add (global.get $imp) (i32.const 34)) (i32.const 600)) "hi")
  ;; 0xffffffff + 2 wraps to 1
  (data (i32.add (i32.const 0xffffffff) (i32.const 2)) "x")
  (table 4 funcref)
  ;; (5 - 2) * 1 = 3
  (elem (i32.mul (i32.sub (i32.const 5) (i32.const 2)) (i32.const 1)) $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "a") (result i32) (global.get $a))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i32) (global.get $c))
  (func (export "d") (result i64) (global.get $d))
  (func (export "e") (result i64) (global.get $e))
  (func (export "f") (result i64) (global.get $f))
  (func (export "g") (result i32) (global.get $g))
  (func (export "h") (result i32) (global.get $h))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))

(assert_return (invoke "a") (i32.const 0x80000000))
(assert_return (invoke "b") (i32.const 0))
(assert_return (invoke "c") (i32.const -1))
(assert_return (invoke "d") (i64.const 0x7fffffffffffffff))
(assert_return (invoke "e") (i64.const 0))
(assert_return (invoke "f") (i64.const 0x8000000000000000))
(assert_return (invoke "g") (i32.const 1333))
(assert_return (invoke "h") (i32.const 42))
(assert_return (invoke "load" (i32.const 100)) (i32.const 104))
(assert_return (invoke "load" (i32.const 101)) (i32.const 105))
(assert_return (invoke "load" (i32.const 1)) (i32.const 120))
(assert_return (invoke "call" (i32.const 3)) (i32.const 7))
(assert_trap (invoke "call" (i32.const 2)) "uninitialized element")

;; An offset computed out of bounds: 0x8000 * 2 = 65536, one byte past
;; the page, so instantiation traps.
(assert_trap
  (module (memory 1) (data (i32.mul (i32.const 0x8000) (i32.const 2)) "x"))
  "out of bounds memory access")
