;; expect: build 1 wasi:cli/stdout@0.2.0#get-stdout: the WASI 0.2 host functions are not implemented yet
;; A command that lowers a WASI 0.2 function is refused at build time,
;; naming it, until the WASI 0.2 shim provides them.
(component
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type (sub resource)))))
  (alias export $streams "output-stream" (type $os))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type (eq $os)))
    (export "get-stdout" (func (result (own $os))))))
  (core func $get (canon lower (func $stdout "get-stdout")))
  (core module $m
    (import "wasi" "get-stdout" (func (result i32)))
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $w (export "get-stdout" (func $get)))
  (core instance $i (instantiate $m (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
