;; expect: run 134 wasi:io/poll: poll of an empty list
;; poll of no pollables would wait for ever: it traps.
(component
  (import "wasi:io/poll@0.2.0" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
  (core module $mem
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024)))
  (core instance $m (instantiate $mem))
  (alias core export $m "memory" (core memory $memory))
  (alias core export $m "realloc" (core func $realloc))
  (core func $poll (canon lower (func $poll "poll") (memory $memory) (realloc $realloc)))
  (core module $main
    (import "wasi" "poll" (func $poll (param i32 i32 i32)))
    (func (export "run") (result i32) (call $poll (i32.const 0) (i32.const 0) (i32.const 64)) (i32.const 0)))
  (core instance $w (export "poll" (func $poll)))
  (core instance $i (instantiate $main (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
