;; tests/embed/other.wat: a second module, linked into the same test
;; program, whose add_i32 has another type than sigs.wat's.
(module
  (func (export "add_i32") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1))))
