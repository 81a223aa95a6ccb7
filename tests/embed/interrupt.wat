;; tests/embed/interrupt.wat: code to stop from outside (test_interrupt.c),
;; built --interruptible --metered in every bounds mode.  Each function
;; counts its progress in memory[0], where the host reads it.  The host
;; gives a function that throws its tag (test_interrupt.c: host_throw).
(module
  (import "host" "throw" (func $host_throw (param i32)))
  (import "host" "tag" (tag $htag (param i32)))
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
  ;; of its own; an endless loop that throws and catches stops like any;
  ;; exceptions kept for exnrefs stop at the store's limit
  (tag $boom (export "boom") (param i32))
  (func $throw (param i32) (result i32) (call $bump) (throw $boom (local.get 0)))
  (func (export "uncaught") (param i32) (result i32) (call $throw (local.get 0)))
  (func (export "spin_catch")
    (loop $again
      (block $h (result i32)
        (try_table (result i32) (catch $boom $h) (call $throw (i32.const 1))))
      (drop)
      (br $again)))
  ;; n exceptions caught by reference: the store keeps each (an exnref
  ;; may be anywhere), up to its limit; returns memory[0]
  (func (export "keep_refs") (param i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (block $h (result i32 exnref)
          (try_table (catch_ref $boom $h) (drop (call $throw (i32.const 1))))
          (unreachable))
        (drop) (drop)
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (i32.load (i32.const 0)))
  ;; one exception kept, then rethrown and caught by reference n times:
  ;; still one kept exception
  (func (export "rethrow_kept") (param i32) (result i32)
    (local $x exnref)
    (local.set $x
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (drop (call $throw (i32.const 1))))
        (unreachable)))
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $x
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (throw_ref (local.get $x)))
            (unreachable)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (i32.load (i32.const 0)))
;; a host function's exception, caught here (its payload; -1: none
  ;; thrown), or passing through to the host
  (func (export "catch_host") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $htag $h) (call $host_throw (local.get 0)))
      (i32.const -1)))
  (func (export "host_through") (param i32) (result i32)
    (call $host_throw (local.get 0))
    (i32.const 7))
  ;; n exceptions caught by catch_all: each freed where it is caught
  (func (export "drop_all") (param i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (block $h
          (try_table (catch_all $h) (drop (call $throw (i32.const 1)))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (i32.load (i32.const 0))))
