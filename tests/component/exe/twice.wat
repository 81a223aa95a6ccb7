;; expect: run 0
;; One module instantiated twice: two instances, each with its own global
;; and memory; the second counts twice, the first once.
(component
  (core module $counter
    (memory (export "mem") 1)
    (global $n (mut i32) (i32.const 0))
    (func (export "inc") (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (i32.store (i32.const 0) (global.get $n))
      (global.get $n)))
  (core module $main
    (import "a" "inc" (func $a (result i32)))
    (import "b" "inc" (func $b (result i32)))
    (import "a" "mem" (memory $ma 1))
    (func (export "run") (result i32)
      (drop (call $b))
      (drop (call $a))
      ;; ok (0) when b counted 2 and a's memory holds a's own count, 1
      (i32.or (i32.ne (call $b) (i32.const 2)) (i32.ne (i32.load (i32.const 0)) (i32.const 1)))))
  (core instance $x (instantiate $counter))
  (core instance $y (instantiate $counter))
  (core instance $m (instantiate $main (with "a" (instance $x)) (with "b" (instance $y))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $m "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
