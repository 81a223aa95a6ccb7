;; expect: run 134 wasm trap: unreachable
;; A trap in run: its reason, and the status SIGABRT would give.
(component
  (core module $m (func (export "run") (result i32) unreachable))
  (core instance $i (instantiate $m))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
