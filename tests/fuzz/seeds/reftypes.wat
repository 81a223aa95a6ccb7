;; Reference types: several tables, table instructions, typed select,
;; call_indirect through a non-zero table.
(module
  (type $t (func (result i32)))
  (table $a 1 funcref)
  (table $b 2 externref)
  (elem $e func $f)
  (func $f (type $t) (i32.const 0))
  (func (export "r") (param externref) (result i32)
    (table.set $b (i32.const 0) (local.get 0))
    (drop (table.grow $a (ref.null func) (i32.const 1)))
    (table.init $a $e (i32.const 0) (i32.const 0) (i32.const 1))
    (table.copy $a $a (i32.const 0) (i32.const 0) (i32.const 1))
    (table.fill $b (i32.const 0) (ref.null extern) (i32.const 1))
    (elem.drop $e)
    (drop (select (result externref) (local.get 0) (table.get $b (i32.const 1)) (i32.const 0)))
    (drop (ref.is_null (ref.func $f)))
    (i32.add (table.size $b) (call_indirect $a (type $t) (i32.const 0)))))
