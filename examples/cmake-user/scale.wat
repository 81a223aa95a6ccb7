;; examples/cmake-user/scale.wat: a module the host links in as an
;; object: scale(x) multiplies by a factor the host sets first.
(module
  (global $factor (mut i32) (i32.const 1))
  (func (export "set_factor") (param $f i32)
    (global.set $factor (local.get $f)))
  (func (export "scale") (param $x i32) (result i32)
    (i32.mul (local.get $x) (global.get $factor))))
