;; tests/embed/typedref_other.wat: imports typedref_provider.wat's table
;; as it is, but its (ref $ii) global as a reference to a function type of
;; another shape, which must not link.
(module
  (type $ii (func (param i32) (result i32)))
  (type $ff (func (param f32) (result f32)))
  (import "p" "fns" (table 3 (ref null $ii)))
  (import "p" "inc" (global (ref $ff))))
