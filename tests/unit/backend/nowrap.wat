;; tests/unit/backend/nowrap.wat: additions to an address that
;; backend/nowrap.c may and may not mark as unable to wrap
;; (test_nowrap.c reads the optimised IR of each function).
(module
  (memory 1)
  ;; f0: p accessed, then p + 8: cannot wrap
  (func (export "after") (param i32) (result i32)
    (i32.xor (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 8)))))
  ;; f1: p + 8 before any access of p: may wrap
  (func (export "before") (param i32) (result i32)
    (i32.xor (i32.load (i32.add (local.get 0) (i32.const 8))) (i32.load (local.get 0))))
  ;; f2: a step beyond the 64 KiB the memory's limit leaves: may wrap
  (func (export "far") (param i32) (result i32)
    (i32.xor (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 65537)))))
  ;; f3: exactly 64 KiB: cannot wrap
  (func (export "edge") (param i32) (result i32)
    (i32.xor (i32.load (local.get 0)) (i32.load (i32.add (local.get 0) (i32.const 65536)))))
  ;; f4: the access dominates the branch that adds: cannot wrap
  (func (export "dominated") (param i32 i32) (result i32)
    (drop (i32.load (local.get 0)))
    (if (local.get 1) (then (return (i32.load (i32.add (local.get 0) (i32.const 4))))))
    (i32.const 0))
  ;; f5: the access is on one path only: may wrap
  (func (export "one_path") (param i32 i32) (result i32)
    (if (local.get 1) (then (drop (i32.load (local.get 0)))))
    (i32.load (i32.add (local.get 0) (i32.const 4))))
  ;; f6: a pointer stepping through an array, as producers write loops:
  ;; at -O2 a 64-bit induction variable
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get $n)))
      (local.set $s (i32.xor (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br 0)))
    (local.get $s))
)
