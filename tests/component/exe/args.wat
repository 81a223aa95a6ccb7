;; expect: run 0
;; args: one two
;; stdout: two
;; WASI 0.2 arguments: get-arguments returns list<string>, which the host
;; lowers into the guest's memory through the guest's realloc (a bump
;; allocator here), the list's address and length through a return
;; pointer; the program writes its second argument to stdout and
;; returns err unless it got three.
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
  (import "wasi:cli/environment@0.2.0" (instance $environment
    (export "get-arguments" (func (result (list string))))))
  (core module $heap
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (local.get $p)))
  (core instance $h (instantiate $heap))
  (alias core export $h "memory" (core memory $memory))
  (alias core export $h "realloc" (core func $realloc))
  (core func $get (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core func $drop (canon resource.drop $os))
  (core func $args (canon lower (func $environment "get-arguments") (memory $memory) (realloc $realloc)))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "wasi" "get-stdout" (func $get (result i32)))
    (import "wasi" "write" (func $write (param i32 i32 i32 i32)))
    (import "wasi" "drop" (func $drop (param i32)))
    (import "wasi" "get-arguments" (func $args (param i32)))
    (func (export "run") (result i32) (local $out i32) (local $list i32) (local $n i32)
      (call $args (i32.const 128))
      (local.set $list (i32.load (i32.const 128)))
      (local.set $n (i32.load (i32.const 132)))
      (if (i32.ne (local.get $n) (i32.const 3)) (then (return (i32.const 1))))
      (local.set $out (call $get))
      (call $write (local.get $out) (i32.load offset=16 (local.get $list)) (i32.load offset=20 (local.get $list))
                   (i32.const 64))
      (call $drop (local.get $out))
      (i32.load8_u (i32.const 64))))
  (core instance $w (export "get-stdout" (func $get)) (export "write" (func $write)) (export "drop" (func $drop))
                    (export "get-arguments" (func $args)))
  (core instance $env (export "memory" (memory $memory)))
  (core instance $i (instantiate $main (with "env" (instance $env)) (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
