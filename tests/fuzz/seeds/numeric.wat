;; Numeric instructions, conversions, sign extension and the saturating
;; truncations.
(module
  (func (export "n") (param i32 i64 f32 f64) (result i64)
    (local i32 f64)
    (local.set 4 (i32.extend8_s (i32.rotl (local.get 0) (i32.const 3))))
    (local.set 5 (f64.promote_f32 (f32.copysign (local.get 2) (f32.const -0x1p-149))))
    (drop (i32.trunc_sat_f64_u (local.get 5)))
    (drop (i64.trunc_sat_f32_s (local.get 2)))
    (drop (f64.reinterpret_i64 (i64.popcnt (local.get 1))))
    (drop (f32.demote_f64 (f64.sqrt (local.get 3))))
    (i64.add (i64.extend32_s (local.get 1)) (i64.extend_i32_u (local.tee 4 (local.get 4))))))
