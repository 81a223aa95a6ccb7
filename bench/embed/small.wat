;; bench/embed/small.wat: the small plugin whose instantiation
;; instantiate.c times: one page of memory with a data segment, a global,
;; a table with an element segment, and an export that touches them.
(module
  (memory (export "memory") 1)
  (data (i32.const 1024) "a small plugin's constant data, a few dozen bytes long")
  (global $calls (mut i32) (i32.const 0))
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $double $square)
  (func $double (type $unary) (i32.add (local.get 0) (local.get 0)))
  (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
  ;; the byte at 1024 + x, doubled or squared by table slot x & 1
  (func (export "run") (param $x i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call_indirect (type $unary)
      (i32.load8_u offset=1024 (local.get $x))
      (i32.and (local.get $x) (i32.const 1)))))
