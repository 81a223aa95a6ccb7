;; SIMD: constants, lanes, shuffles, loads with lanes and the v128 ops.
(module
  (memory 1)
  (func (export "s") (param v128) (result i32)
    (local v128)
    (local.set 1 (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
      (local.get 0) (v128.const i32x4 1 2 3 4)))
    (local.set 1 (v128.load8_lane 3 (i32.const 0) (local.get 1)))
    (v128.store32_lane offset=4 1 (i32.const 0) (local.get 1))
    (local.set 1 (f32x4.replace_lane 2 (local.get 1) (f32.const 1)))
    (local.set 1 (i16x8.extmul_low_i8x16_s (local.get 1) (v128.load64_splat (i32.const 0))))
    (local.set 1 (v128.bitselect (local.get 0) (local.get 1) (i64x2.splat (i64.const -1))))
    (drop (f64x2.extract_lane 1 (f64x2.promote_low_f32x4 (local.get 1))))
    (i32.add (i8x16.extract_lane_u 15 (local.get 1)) (v128.any_true (local.get 0)))))
