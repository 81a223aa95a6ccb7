;; every kind of token
(module $m (@custom "sec" (after func) "\00\ff")
  (func $"quoted \u{1F600}" (export "f") (param i32 i64) (result f32)
    (; block (; nested ;) comment ;)
    i32.const 0x7fff_ffff drop
    i64.const -9_223_372_036_854_775_808 drop
    f32.const -0x1.fffffep127 drop f64.const nan:0xf_ffff drop
    (f32.const +inf))
  (data (i32.const 0) "a\t\n\r\"\'\\\41\u{0}")
  (@a , ; ] [ }} }x{ ({) ,{{};}] ;)
  (@a 0x 8q 0xfa #4g0-.@f#^&@#$*0sf -- @#))
(assert_return (invoke "f" (i32.const 1) (i64.const 2)) (f32.const 1.5e+3))
(assert_malformed (module quote "(func $\"\\ef\")") "malformed UTF-8")
