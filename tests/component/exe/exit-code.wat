;; expect: run 42
;; wasi:cli/exit's exit-with-code (unstable in 0.2, provided): the
;; status reaches the host as given, past the 0-or-1 of exit.
(component
  (import "wasi:cli/exit@0.2.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (core func $exit (canon lower (func $exit "exit-with-code")))
  (core module $main
    (import "wasi" "exit-with-code" (func $exit (param i32)))
    (func (export "run") (result i32) (call $exit (i32.const 42)) (i32.const 1)))
  (core instance $w (export "exit-with-code" (func $exit)))
  (core instance $i (instantiate $main (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
