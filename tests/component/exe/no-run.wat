;; expect: build 1 no wasi:cli/run@0.2.x export with run: func\(\) -> result
;; A component that exports no run function is no command.
(component
  (core module $m (func (export "f") (result i32) (i32.const 0)))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
