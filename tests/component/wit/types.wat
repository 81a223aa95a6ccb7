;; Named types (record, enum, variant), every generic, borrow and own, a function import.
(component
  (type $rec (record (field "name" string) (field "score" f64)))
  (import "rec" (type $r (eq $rec)))
  (type $e (enum "low" "high"))
  (import "level" (type $l (eq $e)))
  (import "host" (instance $h
    (export "res" (type $res (sub resource)))
    (type $v (variant (case "a" u32) (case "b")))
    (export "v" (type $vv (eq $v)))
    (export "f" (func (param "x" (list u8)) (param "y" (option string)) (result (result u32 (error string)))))
    (export "g" (func (param "r" (borrow $res)) (result (own $res))))
    (export "h" (func (param "v" $vv) (result (tuple u8 char))))
  ))
  (import "log" (func $log (param "msg" string)))
  (import "scores" (func (param "r" $r) (param "lv" $l) (result (list $r))))
  (import "wasi:clocks/wall-clock@0.2.0" (instance))


  (export "run" (func $log))
)
