;; tests/embed/sigs.wat: a module whose exports exercise the generated
;; header: every value type, multiple results, a trap, names that are not
;; C identifiers, and names that collide once made identifiers.
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "base" (global $base i32))
  (memory (export "mem") 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))

  (func (export "add_i32") (param i32 i32) (result i32)
    (i32.add (call $twice (local.get 0)) (local.get 1)))
  (func (export "mul_i64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "half_f32") (param f32) (result f32)
    (f32.mul (local.get 0) (f32.const 0.5)))
  (func (export "sqrt_f64") (param f64) (result f64)
    (f64.sqrt (local.get 0)))
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "mixed") (param i32 i64 f32 f64) (result f64 i64)
    (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "tick") (global.set $calls (i32.add (global.get $calls) (i32.const 1))))
  (func (export "base") (result i32) (global.get $base))
  (func (export "vneg") (param v128) (result v128) (i32x4.neg (local.get 0)))
  (func (export "same_ref") (param externref) (result externref) (local.get 0))
  (func (export "null_func") (result funcref) (ref.null func))

  ;; names: the exact identifier keeps its name, the others get _2
  (func (export "hello-world") (result i32) (i32.const 1))
  (func (export "hello_world") (result i32) (i32.const 2))
  (func (export "hello world") (result i32) (i32.const 3))
  (func (export "module") (result i32) (i32.const 4))
  (func (export "t") (result i32) (i32.const 5))
  (func (export "2fast") (result i32) (i32.const 6))
  (func (export "") (result i32) (i32.const 7))
  (func (export "caf\c3\a9") (result i32) (i32.const 8))
  (func (export "a*/b\"?\\") (result i32) (i32.const 9)))
