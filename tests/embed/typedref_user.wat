;; tests/embed/typedref_user.wat: imports typedref_provider.wat's typed
;; table and global (as their own types, and the global also as its
;; supertype funcref) and calls through them with call_ref: a null element
;; traps with "null function reference"; br_on_null and br_on_non_null
;; take the other way.
(module
  (type $ii (func (param i32) (result i32)))
  (import "p" "fns" (table $fns 3 (ref null $ii)))
  (import "p" "inc" (global $inc (ref $ii)))
  (import "p" "inc" (global $any funcref))
  (func (export "call_elem") (param i32 i32) (result i32)
    (call_ref $ii (local.get 1) (table.get $fns (local.get 0))))
  (func (export "call_global") (param i32) (result i32)
    (call_ref $ii (local.get 0) (global.get $inc)))
  ;; -1 for a null element, else the element applied to x
  (func (export "try_elem") (param i32 i32) (result i32)
    (local $f (ref $ii))
    (block $null
      (local.set $f (br_on_null $null (table.get $fns (local.get 0))))
      (return (call_ref $ii (local.get 1) (local.get $f))))
    (i32.const -1))
  (func (export "non_null") (param i32) (result i32)
    (block $some (result (ref $ii))
      (br_on_non_null $some (table.get $fns (local.get 0)))
      (return (i32.const 0)))
    (drop)
    (i32.const 1))
  (func (export "as_non_null") (param i32) (result i32)
    (ref.is_null (ref.as_non_null (table.get $fns (local.get 0)))))
  (func (export "global_is_null") (result i32) (ref.is_null (global.get $any))))
