;; expect: run 0
;; Two core modules, one importing the function and the memory of the
;; other, and a nested component wrapping the run export (what jco makes).
(component
  (core module $lib
    (memory (export "mem") 1)
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
  (core module $main
    (import "lib" "add" (func $add (param i32 i32) (result i32)))
    (import "lib" "mem" (memory 1))
    (func (export "run") (result i32)
      (i32.store (i32.const 16) (call $add (i32.const 40) (i32.const 2)))
      ;; err (1) unless lib's memory holds 42 where main stored it
      (i32.ne (i32.load (i32.const 16)) (i32.const 42))))
  (core instance $l (instantiate $lib))
  (core instance $m (instantiate $main (with "lib" (instance $l))))
  (type $r (result))
  (type $f (func (result $r)))
  (func $run (type $f) (canon lift (core func $m "run")))
  (component $wrap
    (import "f" (func $g (type $f)))
    (export "run" (func $g)))
  (instance $w (instantiate $wrap (with "f" (func $run))))
  (export "wasi:cli/run@0.2.3" (instance $w))
)
