;; tests/embed/typedref_provider.wat: typed function references exported
;; to another module (test_typedref.c): a table of (ref null $ii) with a
;; null element, an immutable global of (ref $ii), and functions that take
;; and return typed references through the generated header.
(module
  (type $ii (func (param i32) (result i32)))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  ;; element 0 is $inc, 1 stays null, 2 is $dbl
  (table $fns (export "fns") 3 3 (ref null $ii))
  (elem (table $fns) (i32.const 0) (ref null $ii) (ref.func $inc))
  (elem (table $fns) (i32.const 2) (ref $ii) (ref.func $dbl))
  (global (export "inc") (ref $ii) (ref.func $inc))
  ;; a table whose elements cannot be null: its initialiser fills it
  (table $all (export "all") 2 (ref $ii) (ref.func $dbl))
  (func (export "get") (param i32) (result (ref null $ii)) (table.get $fns (local.get 0)))
  (func (export "apply") (param (ref $ii) i32) (result i32)
    (call_ref $ii (local.get 1) (local.get 0)))
  (func (export "apply_all") (param i32 i32) (result i32)
    (call_ref $ii (local.get 1) (table.get $all (local.get 0)))))
