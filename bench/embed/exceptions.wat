;; bench/embed/exceptions.wat: what exceptions cost (bench/embed/exceptions.c
;; times each export over n iterations).  $work is the same small
;; computation everywhere; the loops differ only in how they reach it:
;;   quiet:    a call to $work, which can throw nothing (no check after it)
;;   checked:  a call to $maybe, which could throw but does not (one
;;             check after each call)
;;   guarded:  the same call inside a try_table, which never catches
;;   thrown:   a call to $always, which throws, caught by a try_table
;;             around the call (a throw and a catch per iteration)
;; Each returns the sum of what the iterations produced, so the host can
;; check the work was done.
(module
  (tag $e (param i32))
  (func $work (param $x i32) (result i32)
    (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.const 1)))
  (func $maybe (param $x i32) (result i32)
    (if (i32.eq (local.get $x) (i32.const -1)) (then (throw $e (local.get $x))))
    (call $work (local.get $x)))
  (func $always (param $x i32) (result i32)
    (throw $e (call $work (local.get $x))))
  (func (export "quiet") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $work (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func (export "checked") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $maybe (local.get $i))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func (export "guarded") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (block $caught (result i32)
        (try_table (catch $e $caught)
          (local.set $sum (i32.add (local.get $sum) (call $maybe (local.get $i)))))
        (i32.const 0))
      (drop)
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum))
  (func (export "thrown") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (block $caught (result i32)
          (try_table (result i32) (catch $e $caught)
            (call $always (local.get $i))))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $sum)))
