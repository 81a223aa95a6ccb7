;; tests/embed/interrupt.wat: code to stop from outside (test_interrupt.c),
;; built --interruptible --metered in every bounds mode.  Each function
;; counts its progress in memory[0], where the host reads it.
(module
  (memory (export "memory") 1)
  (func $bump
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
  ;; an endless loop with no call: only its back-edge can stop it
  (func (export "spin")
    (loop $again
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
      (br $again)))
  ;; an endless chain of calls, none recursive
  (func $leaf (param i32) (result i32) (call $bump) (i32.add (local.get 0) (i32.const 1)))
  (func $middle (param i32) (result i32) (call $leaf (i32.mul (local.get 0) (i32.const 3))))
  (func (export "chain")
    (local i32)
    (loop $again (local.set 0 (call $middle (local.get 0))) (br $again)))
  ;; the same with a callee LLVM inlines (no memory, no calls): the loop
  ;; has no check of its own, only the inlined entry check
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "chain_pure")
    (local i32)
    (loop $again (local.set 0 (call $inc (local.get 0))) (br $again)))
  ;; n iterations, then returns memory[0]
  (func (export "work") (param i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (call $bump)
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (i32.load (i32.const 0)))
  ;; unbounded recursion: still "call stack exhausted", not an interrupt
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
  (func (export "reset") (i32.store (i32.const 0) (i32.const 0)))
  ;; exceptions (3.0): one that nothing catches reaches the host as a trap
  ;; of its own; an endless loop that throws and catches stops like any
  (tag $boom (param i32))
  (func $throw (param i32) (result i32) (call $bump) (throw $boom (local.get 0)))
  (func (export "uncaught") (param i32) (result i32) (call $throw (local.get 0)))
  (func (export "spin_catch")
    (loop $again
      (block $h (result i32)
        (try_table (result i32) (catch $boom $h) (call $throw (i32.const 1))))
      (drop)
      (br $again))))
