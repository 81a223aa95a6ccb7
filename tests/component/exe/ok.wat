;; expect: run 0
;; The smallest command: run returns ok.
(component
  (core module $m
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (type $r (result))
  (type $f (func (result $r)))
  (func $run (type $f) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e))
)
