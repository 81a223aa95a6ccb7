;; tests/tenants/tenant.wat: one plugin with a behaviour per export, good
;; and bad, for the multi-tenant stress test (stress.c).  Built with
;; --interruptible --metered so that loops can be stopped.
(module
  (memory (export "memory") 1)
  (table 2 funcref)

  ;; well-behaved: the sum 1 + 2 + ... + n, by a loop
  (func (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; never ends; counts its rounds in memory[0] so that a metered run
  ;; shows where it stopped
  (func (export "spin")
    (loop $again
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
      (br $again)))

  ;; grows memory one page at a time until refused; returns the pages
  ;; it got
  (func (export "hog") (result i32)
    (local $got i32)
    (block $refused
      (loop $more
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $got (i32.add (local.get $got) (i32.const 1)))
        (br $more)))
    (local.get $got))

  ;; grows the table past any sensible limit; returns what table.grow said
  (func (export "table_hog") (result i32)
    (table.grow 0 (ref.null func) (i32.const 100000)))

  (func (export "boom") unreachable)

  ;; recursion without end
  (func $deep (export "deep") (param $n i32) (result i32)
    (i32.add (call $deep (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  ;; writes 0xab over all of memory
  (func (export "scribble")
    (memory.fill (i32.const 0) (i32.const 0xab) (i32.mul (memory.size) (i32.const 65536))))

  ;; 1 if every byte of memory is zero
  (func (export "clean") (result i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    (block $dirty
      (loop $next
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 1))))
        (br_if $dirty (i64.ne (i64.load (local.get $at)) (i64.const 0)))
        (local.set $at (i32.add (local.get $at) (i32.const 8)))
        (br $next)))
    (i32.const 0))

  ;; touches memory beyond its first page: traps unless grown
  (func (export "poke") (param $addr i32) (result i32)
    (i32.load (local.get $addr))))
