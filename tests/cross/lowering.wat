;; tests/cross/lowering.wat: the lowerings a target may change (swizzle, fmin/fmax,
;; nearest and floor (quieting a signalling NaN), saturating and trapping
;; truncation, SIMD rounding and popcnt),
;; called by harness.c on each target under qemu; see run-cross.
(module
  (func (export "swz") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.swizzle)
  (func (export "fmin") (param f64 f64) (result f64) local.get 0 local.get 1 f64.min)
  (func (export "fmax") (param f32 f32) (result f32) local.get 0 local.get 1 f32.max)
  (func (export "near") (param f64) (result f64) local.get 0 f64.nearest)
  (func (export "nearf") (param f32) (result f32) local.get 0 f32.nearest)
  (func (export "vmin") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.min)
  (func (export "vmax") (param v128 v128) (result v128) local.get 0 local.get 1 f64x2.max)
  (func (export "vnear") (param v128) (result v128) local.get 0 f32x4.nearest)
  (func (export "pop") (param v128) (result v128) local.get 0 i8x16.popcnt)
  (func (export "satu") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_u)
  (func (export "sats") (param f32) (result i64) local.get 0 i64.trunc_sat_f32_s)
  (func (export "vsat") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_s)
  (func (export "q15") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.q15mulr_sat_s)
  (func (export "bitmask") (param v128) (result i32) local.get 0 i8x16.bitmask)
  (func (export "floor") (param f64) (result f64) local.get 0 f64.floor)
  (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s))
