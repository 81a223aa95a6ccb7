;; Relaxed SIMD has one meaning in nacre, the same on every target and in
;; every mode (backend/lower_simd_arith.c): each case below is one where
;; the spec allows other results and some hardware gives them, so an
;; exact result here pins nacre's choice.
(module
  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_s") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_u") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
  (func (export "trunc_s_zero") (param v128) (result v128) (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "trunc_u_zero") (param v128) (result v128) (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
  (func (export "madd32") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd32") (param v128 v128 v128) (result v128) (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "madd64") (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd64") (param v128 v128 v128) (result v128) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select8") (param v128 v128 v128) (result v128) (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select32") (param v128 v128 v128) (result v128) (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select64") (param v128 v128 v128) (result v128) (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min32") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max32") (param v128 v128) (result v128) (f32x4.relaxed_max (local.get 0) (local.get 1)))
  (func (export "min64") (param v128 v128) (result v128) (f64x2.relaxed_min (local.get 0) (local.get 1)))
  (func (export "max64") (param v128 v128) (result v128) (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128) (result v128) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  ;; constant operands, which LLVM folds: the same results
  (func (export "madd32_by_one") (param v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (v128.const f32x4 1 1 1 1) (v128.const f32x4 -0 -0 -0 -0)))
  (func (export "swizzle_const") (result v128)
    (i8x16.relaxed_swizzle (v128.const i8x16 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31)
                           (v128.const i8x16 0 15 16 17 128 255 31 1 2 3 4 5 6 7 8 9))))

;; An index past 15 gives 0 (pshufb would use its low four bits).
(assert_return (invoke "swizzle" (v128.const i8x16 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31)
                                 (v128.const i8x16 0 15 16 17 128 255 31 1 2 3 4 5 6 7 8 9))
  (v128.const i8x16 16 31 0 0 0 0 0 17 18 19 20 21 22 23 24 25))
(assert_return (invoke "swizzle_const") (v128.const i8x16 16 31 0 0 0 0 0 17 18 19 20 21 22 23 24 25))

;; NaN gives 0 and out of range saturates (cvttps2dq would give INT_MIN).
(assert_return (invoke "trunc_s" (v128.const f32x4 nan 3e9 -3e9 -1.5)) (v128.const i32x4 0 2147483647 -2147483648 -1))
(assert_return (invoke "trunc_u" (v128.const f32x4 nan -1 5e9 1.9)) (v128.const i32x4 0 0 -1 1))
(assert_return (invoke "trunc_s_zero" (v128.const f64x2 nan 1e10)) (v128.const i32x4 0 2147483647 0 0))
(assert_return (invoke "trunc_u_zero" (v128.const f64x2 -1e10 1e10)) (v128.const i32x4 0 -1 0 0))

;; Unfused: (1 + 2^-12)^2 rounds to 1 + 2^-11 before the add, so the sum
;; is 0 where a fused multiply-add gives 2^-24 (f64: 2^-54).
(assert_return (invoke "madd32" (v128.const f32x4 0x1.001p0 0x1.001p0 2 1)
                                (v128.const f32x4 0x1.001p0 0x1.001p0 3 1)
                                (v128.const f32x4 -0x1.002p0 0 1 -1))
  (v128.const f32x4 0 0x1.002p0 7 0))
(assert_return (invoke "nmadd32" (v128.const f32x4 0x1.001p0 0x1.001p0 2 1)
                                 (v128.const f32x4 0x1.001p0 0x1.001p0 3 1)
                                 (v128.const f32x4 0x1.002p0 0 1 1))
  (v128.const f32x4 0 -0x1.002p0 -5 0))
(assert_return (invoke "madd64" (v128.const f64x2 0x1.0000002p0 2)
                                (v128.const f64x2 0x1.0000002p0 3)
                                (v128.const f64x2 -0x1.0000004p0 1))
  (v128.const f64x2 0 7))
(assert_return (invoke "nmadd64" (v128.const f64x2 0x1.0000002p0 2)
                                 (v128.const f64x2 0x1.0000002p0 3)
                                 (v128.const f64x2 0x1.0000004p0 1))
  (v128.const f64x2 0 -5))
(assert_return (invoke "madd32_by_one" (v128.const f32x4 1.5 -2 0 3)) (v128.const f32x4 1.5 -2 0 3))
(assert_return (invoke "madd32_by_one" (v128.const i32x4 0x7fa00000 0x7fa00000 0x7fa00000 0x7fa00000))
  (v128.const f32x4 nan:arithmetic nan:arithmetic nan:arithmetic nan:arithmetic))

;; Every bit chosen by the mask's bit (a lane select by the top bit would
;; take all of b here).
(assert_return (invoke "select8" (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)
                                 (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
                                 (v128.const i8x16 0x0f 0x70 1 0 -1 0x7f 2 3 4 5 6 7 8 9 10 11))
  (v128.const i8x16 0x0f 0x70 1 0 -1 0x7f 2 3 4 5 6 7 8 9 10 11))
(assert_return (invoke "select32" (v128.const i32x4 -1 -1 0 0x12345678)
                                  (v128.const i32x4 0 0 -1 0x0f0f0f0f)
                                  (v128.const i32x4 0x7fffffff 0x80000000 0x0000ffff 0xffff0000))
  (v128.const i32x4 0x7fffffff 0x80000000 0xffff0000 0x12340f0f))
(assert_return (invoke "select64" (v128.const i64x2 -1 0)
                                  (v128.const i64x2 0 -1)
                                  (v128.const i64x2 0x7fffffffffffffff 1))
  (v128.const i64x2 0x7fffffffffffffff -2))

;; IEEE min and max: NaN in, NaN out; -0 below +0 (minps would return its
;; second operand for either).
(assert_return (invoke "min32" (v128.const f32x4 nan 0 -0 1) (v128.const f32x4 1 nan 0 2))
  (v128.const f32x4 nan:canonical nan:canonical -0 1))
(assert_return (invoke "max32" (v128.const f32x4 nan 0 -0 1) (v128.const f32x4 1 nan 0 2))
  (v128.const f32x4 nan:canonical nan:canonical 0 2))
(assert_return (invoke "min64" (v128.const f64x2 0 nan) (v128.const f64x2 -0 1)) (v128.const f64x2 -0 nan:canonical))
(assert_return (invoke "max64" (v128.const f64x2 -0 nan) (v128.const f64x2 0 1)) (v128.const f64x2 0 nan:canonical))

;; Saturated (pmulhrsw gives -32768).
(assert_return (invoke "q15mulr" (v128.const i16x8 -32768 -32768 16384 -16384 1 0 32767 -1)
                                 (v128.const i16x8 -32768 32767 16384 16384 1 0 32767 -1))
  (v128.const i16x8 32767 -32767 8192 -8192 0 0 32766 0))

;; Both operands signed: 1 * -1 is -1, not 255; a pair of -128 * -128
;; wraps in i16 as i32x4.dot_i16x8_s does.
(assert_return (invoke "dot" (v128.const i8x16 1 1 -128 -128 127 127 -1 2 3 4 5 6 7 8 9 10)
                             (v128.const i8x16 -1 -1 -128 -128 127 127 -1 -128 1 1 1 1 1 1 1 1))
  (v128.const i16x8 -2 -32768 32258 -255 7 11 15 19))
;; Four products added exactly in i32, no saturation: 4 * 16384 + 1.
(assert_return (invoke "dot_add" (v128.const i8x16 -128 -128 -128 -128 1 1 1 1 127 127 127 127 -1 2 -3 4)
                                 (v128.const i8x16 -128 -128 -128 -128 -1 -1 -1 -1 127 127 127 127 -128 1 1 1)
                                 (v128.const i32x4 1 10 -1 0))
  (v128.const i32x4 65537 6 64515 131))
