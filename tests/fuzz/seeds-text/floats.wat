(module
  (global f32 (f32.const 0x1.000001p0)) (global f32 (f32.const 1.000000059604644775390625))
  (global f64 (f64.const 0x1p-1074)) (global f64 (f64.const 2.4703282292062328e-324))
  (global f64 (f64.const 1.7976931348623157e308)) (global f32 (f32.const 0x1P+1_0))
  (global f64 (f64.const 0x1.fffffffffffff7ffffffp1023)) (global f64 (f64.const 1_0.0_1e-0_1)))
