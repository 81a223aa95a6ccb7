;; tests/exe/spin.wat: a loop that never ends and calls nothing, so that
;; only its back-edge can stop it: --timeout must trap "interrupted",
;; --fuel "out of fuel", both exiting 134.
(module
  (memory (export "memory") 1)
  (func $spin (export "spin")
    (local i32)
    (loop $again
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (i32.store (i32.const 0) (local.get 0))
      (br $again)))
  (func (export "_start") (call $spin)))
