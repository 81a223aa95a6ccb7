;; expect: run 0
;; stdin: skip:hello spliced
;; stdout: hello spliced
;; WASI 0.2's wasi:io/poll and the rest of wasi:io/streams: a 1 ms timer
;; blocked on, then ready; a poll over a 60 s timer and stdout's
;; pollable that returns stdout's index alone; skip of stdin's first 5
;; bytes and a splice of the rest to stdout; initial-cwd (none) and
;; insecure-seed.  run returns err at the first thing that is not so.
(component
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $err))
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "[method]pollable.block" (func (param "self" (borrow $p))))
    (export "[method]pollable.ready" (func (param "self" (borrow $p)) (result bool)))
    (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (export "pollable" (type $p (eq $pollable)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "error" (type $e (eq $err)))
    (export "pollable" (type $p (eq $pollable)))
    (export "output-stream" (type $os (sub resource)))
    (export "input-stream" (type $is (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se2 (eq $se)))
    (export "[method]output-stream.subscribe" (func (param "self" (borrow $os)) (result (own $p))))
    (export "[method]input-stream.blocking-skip"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result u64 (error $se2)))))
    (export "[method]output-stream.blocking-splice"
      (func (param "self" (borrow $os)) (param "src" (borrow $is)) (param "len" u64)
        (result (result u64 (error $se2)))))))
  (alias export $streams "output-stream" (type $os))
  (alias export $streams "input-stream" (type $is))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin
    (export "input-stream" (type (eq $is)))
    (export "get-stdin" (func (result (own $is))))))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type (eq $os)))
    (export "get-stdout" (func (result (own $os))))))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "initial-cwd" (func (result (option string))))))
  (import "wasi:random/insecure-seed@0.2.0" (instance $seed
    (export "insecure-seed" (func (result (tuple u64 u64))))))
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
  (core func $timer (canon lower (func $clock "subscribe-duration")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $ready (canon lower (func $poll "[method]pollable.ready")))
  (core func $poll-list (canon lower (func $poll "poll") (memory $memory) (realloc $realloc)))
  (core func $drop-poll (canon resource.drop $pollable))
  (core func $get-in (canon lower (func $stdin "get-stdin")))
  (core func $get-out (canon lower (func $stdout "get-stdout")))
  (core func $subscribe (canon lower (func $streams "[method]output-stream.subscribe")))
  (core func $skip (canon lower (func $streams "[method]input-stream.blocking-skip") (memory $memory)))
  (core func $splice (canon lower (func $streams "[method]output-stream.blocking-splice") (memory $memory)))
  (core func $cwd (canon lower (func $env "initial-cwd") (memory $memory) (realloc $realloc)))
  (core func $seed (canon lower (func $seed "insecure-seed") (memory $memory)))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "wasi" "timer" (func $timer (param i64) (result i32)))
    (import "wasi" "block" (func $block (param i32)))
    (import "wasi" "ready" (func $ready (param i32) (result i32)))
    (import "wasi" "poll" (func $poll (param i32 i32 i32)))
    (import "wasi" "drop-poll" (func $drop (param i32)))
    (import "wasi" "get-stdin" (func $get-in (result i32)))
    (import "wasi" "get-stdout" (func $get-out (result i32)))
    (import "wasi" "subscribe" (func $subscribe (param i32) (result i32)))
    (import "wasi" "skip" (func $skip (param i32 i64 i32)))
    (import "wasi" "splice" (func $splice (param i32 i32 i64 i32)))
    (import "wasi" "cwd" (func $cwd (param i32)))
    (import "wasi" "seed" (func $seed (param i32)))
    (func (export "run") (result i32) (local $t i32) (local $in i32) (local $out i32)
      ;; a 1 ms timer: block, then it is ready
      (local.set $t (call $timer (i64.const 1000000)))
      (call $block (local.get $t))
      (if (i32.ne (call $ready (local.get $t)) (i32.const 1)) (then (return (i32.const 1))))
      (call $drop (local.get $t))
      ;; poll [60 s timer, stdout]: only index 1 is ready
      (local.set $in (call $get-in))
      (local.set $out (call $get-out))
      (i32.store (i32.const 200) (call $timer (i64.const 60000000000)))
      (i32.store (i32.const 204) (call $subscribe (local.get $out)))
      (if (call $ready (i32.load (i32.const 200))) (then (return (i32.const 1))))
      (call $poll (i32.const 200) (i32.const 2) (i32.const 300))
      (if (i32.ne (i32.load (i32.const 304)) (i32.const 1)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load (i32.load (i32.const 300))) (i32.const 1)) (then (return (i32.const 1))))
      (call $drop (i32.load (i32.const 200)))
      (call $drop (i32.load (i32.const 204)))
      ;; skip "skip:", splice the rest ("hello spliced\n", 14 bytes)
      (call $skip (local.get $in) (i64.const 5) (i32.const 400))
      (if (i32.load8_u (i32.const 400)) (then (return (i32.const 1))))
      (if (i64.ne (i64.load (i32.const 408)) (i64.const 5)) (then (return (i32.const 1))))
      (call $splice (local.get $out) (local.get $in) (i64.const 100) (i32.const 416))
      (if (i32.load8_u (i32.const 416)) (then (return (i32.const 1))))
      (if (i64.ne (i64.load (i32.const 424)) (i64.const 14)) (then (return (i32.const 1))))
      ;; initial-cwd is none; insecure-seed is not two zeros
      (i32.store8 (i32.const 440) (i32.const 7))
      (call $cwd (i32.const 440))
      (if (i32.load8_u (i32.const 440)) (then (return (i32.const 1))))
      (call $seed (i32.const 456))
      (if (i64.eqz (i64.or (i64.load (i32.const 456)) (i64.load (i32.const 464)))) (then (return (i32.const 1))))
      (i32.const 0)))
  (core instance $w
    (export "timer" (func $timer)) (export "block" (func $block)) (export "ready" (func $ready))
    (export "poll" (func $poll-list)) (export "drop-poll" (func $drop-poll))
    (export "get-stdin" (func $get-in)) (export "get-stdout" (func $get-out))
    (export "subscribe" (func $subscribe)) (export "skip" (func $skip)) (export "splice" (func $splice))
    (export "cwd" (func $cwd)) (export "seed" (func $seed)))
  (core instance $envi (export "memory" (memory $memory)))
  (core instance $i (instantiate $main (with "env" (instance $envi)) (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
