;; expect: run 0
;; stdout: hello from a component
;; A command that writes to stdout through WASI 0.2: get-stdout gives an
;; own<output-stream>, blocking-write-and-flush borrows it and takes the
;; bytes from the guest's memory (the result through a return pointer),
;; and the handle is dropped.
(component
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $err))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "error" (type $e (eq $err)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se2 (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se2)))))))
  (alias export $streams "output-stream" (type $os))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type (eq $os)))
    (export "get-stdout" (func (result (own $os))))))
  (core module $mem (memory (export "memory") 1))
  (core instance $m (instantiate $mem))
  (alias core export $m "memory" (core memory $memory))
  (core func $get (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core func $drop (canon resource.drop $os))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "wasi" "get-stdout" (func $get (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (data (i32.const 16) "hello from a component\n")
    (func (export "run") (result i32) (local $h i32)
      (local.set $h (call $get))
      (call $write (local.get $h) (i32.const 16) (i32.const 23) (i32.const 64))
      (call $drop (local.get $h))
      (i32.load8_u (i32.const 64))))
  (core instance $w (export "get-stdout" (func $get)) (export "write" (func $write)) (export "drop" (func $drop)))
  (core instance $env (export "memory" (memory $memory)))
  (core instance $i (instantiate $main (with "env" (instance $env)) (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
