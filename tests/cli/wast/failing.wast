;; tests/cli/wast/failing.wast: every command after the first module
;; fails on purpose but one; tests/cli/run-wast checks the messages.
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "half") (result f32) (f32.const 0.5))
  (func (export "ok")))
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "half") (f32.const nan:canonical))
(assert_return (invoke "one") (either (i32.const 3) (i32.const 4)))
(assert_trap (invoke "ok") "unreachable")
(assert_return (invoke "missing"))
(assert_invalid (module (func)) "type mismatch")
(assert_malformed (module quote "(func)") "unknown operator")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i32)))) "unknown import")
(assert_return (invoke "one") (i32.const 0x1_0000_0000))
(frobnicate)
(assert_return (invoke "one") (i32.const 1))
