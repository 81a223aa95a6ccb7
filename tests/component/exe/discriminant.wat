;; expect: run 134 invalid result discriminant
;; run returns 7 for a result: the guest broke the canonical ABI.
(component
  (core module $m (func (export "run") (result i32) (i32.const 7)))
  (core instance $i (instantiate $m))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
