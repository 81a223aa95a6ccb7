;; expect: run 1
;; run returns err: the executable exits 1, saying nothing.
(component
  (core module $m (func (export "run") (result i32) (i32.const 1)))
  (core instance $i (instantiate $m))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
