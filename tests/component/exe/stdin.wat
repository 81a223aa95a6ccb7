;; expect: build 1 wasi:cli/stdin@0.2.0#get-stdin: not among the WASI 0.2 functions nacre provides yet
;; A command that lowers a WASI 0.2 function nacre does not provide yet is
;; refused at build time, naming it.
(component
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "input-stream" (type (sub resource)))))
  (alias export $streams "input-stream" (type $is))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (export "input-stream" (type (eq $is)))
    (export "get-stdin" (func (result (own $is))))))
  (core func $get (canon lower (func $stdin "get-stdin")))
  (core module $m
    (import "wasi" "get-stdin" (func (result i32)))
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $w (export "get-stdin" (func $get)))
  (core instance $i (instantiate $m (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
