;; expect: run 0
;; stdin: ping through a component
;; stdout: ping through a component
;; A command that copies a line from stdin to stdout through WASI 0.2:
;; blocking-read returns a list<u8> the host allocates with the guest's
;; realloc (the result through a return pointer), which
;; blocking-write-and-flush takes back.
(component
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $err))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "error" (type $e (eq $err)))
    (export "output-stream" (type $os (sub resource)))
    (export "input-stream" (type $is (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se2 (eq $se)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $se2)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se2)))))))
  (alias export $streams "output-stream" (type $os))
  (alias export $streams "input-stream" (type $is))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (export "input-stream" (type (eq $is)))
    (export "get-stdin" (func (result (own $is))))))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type (eq $os)))
    (export "get-stdout" (func (result (own $os))))))
  (core module $mem
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $m (instantiate $mem))
  (alias core export $m "memory" (core memory $memory))
  (alias core export $m "realloc" (core func $realloc))
  (core func $get-in (canon lower (func $stdin "get-stdin")))
  (core func $get-out (canon lower (func $stdout "get-stdout")))
  (core func $read (canon lower (func $streams "[method]input-stream.blocking-read")
    (memory $memory) (realloc $realloc)))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "wasi" "get-stdin" (func $get-in (result i32)))
    (import "wasi" "get-stdout" (func $get-out (result i32)))
    (import "wasi" "read" (func $read (param i32 i64 i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (func (export "run") (result i32)
      (call $read (call $get-in) (i64.const 100) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (i32.const 1))))
      (call $write (call $get-out) (i32.load (i32.const 20)) (i32.load (i32.const 24)) (i32.const 64))
      (i32.load8_u (i32.const 64))))
  (core instance $w (export "get-stdin" (func $get-in)) (export "get-stdout" (func $get-out))
    (export "read" (func $read)) (export "write" (func $write)))
  (core instance $env (export "memory" (memory $memory)))
  (core instance $i (instantiate $main (with "env" (instance $env)) (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
