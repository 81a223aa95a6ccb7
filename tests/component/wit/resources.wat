;; An interface with a resource (constructor, methods, a static function), flags, enum, record.
(component
  (import "store" (instance $h
    (export "blob" (type $b (sub resource)))
    (type $fl (flags "read" "write"))
    (export "perms" (type $p (eq $fl)))
    (type $en (enum "a" "b"))
    (export "mode" (type $m (eq $en)))
    (type $rc (record (field "p" $p) (field "m" $m)))
    (export "info" (type $i (eq $rc)))
    (export "[constructor]blob" (func (param "size" u32) (result (own $b))))
    (export "[method]blob.len" (func (param "self" (borrow $b)) (result u32)))
    (export "[method]blob.read" (func (param "self" (borrow $b)) (param "at" u64) (result (list u8))))
    (export "[static]blob.merge" (func (param "a" (own $b)) (param "b" (own $b)) (result (own $b))))
    (export "stat" (func (param "b" (borrow $b)) (result $i)))
    (export "nothing" (func))
  ))
  (import "wasi:cli/exit@0.2.0" (instance))
)
