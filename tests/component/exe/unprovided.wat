;; expect: build 1 wasi:random/insecure@0.2.0#get-insecure-random-u64: not among the WASI 0.2 functions nacre provides yet
;; A command that lowers a WASI 0.2 function nacre does not provide yet is
;; refused at build time, naming it.
(component
  (import "wasi:random/insecure@0.2.0" (instance $insecure
    (export "get-insecure-random-u64" (func (result u64)))))
  (core func $get (canon lower (func $insecure "get-insecure-random-u64")))
  (core module $main
    (import "wasi" "get-insecure-random-u64" (func (result i64)))
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $w (export "get-insecure-random-u64" (func $get)))
  (core instance $i (instantiate $main (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
