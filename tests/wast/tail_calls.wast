;; Tail calls (return_call, return_call_indirect) run in constant stack:
;; every chain below is a million calls deep, far deeper than any stack
;; (a plain call chain this deep traps with "call stack exhausted"), on
;; every target.  The signatures have more parameters and results than
;; any target's registers hold (backend/sig.c passes the rest through
;; the vmctx's spill slots), mixed i32/i64/f32/f64/v128, and the chains
;; change signature, go through tables and cross instances.

(module $M
  (import "spectest" "print_i32" (func $print (param i32)))

  ;; 20 parameters, 5 results: both spill on every target.  Each step
  ;; adds a different amount to every parameter, so a value passed in
  ;; the wrong slot changes the weighted sums.
  (func $mix (export "mix")
    (param $n i64) (param $a i32) (param $b i64) (param $c f32) (param $d f64) (param $v v128)
    (param $e i32) (param $f i64) (param $g f32) (param $h f64) (param $w v128)
    (param $i i32) (param $j i64) (param $k i32) (param $l i64)
    (param $m f64) (param $o f64) (param $p f64) (param $q f64) (param $r f64)
    (result i64 i32 f64 i64 f64)
    (if (i64.eqz (local.get $n))
      (then
        (return
          (i64.add (i64.add (i64.add (i64.extend_i32_u (local.get $a))
                                     (i64.mul (i64.extend_i32_u (local.get $e)) (i64.const 10)))
                            (i64.add (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 100))
                                     (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 1000))))
                   (i64.add (i64.add (i64.mul (local.get $b) (i64.const 7)) (i64.mul (local.get $f) (i64.const 70)))
                            (i64.add (i64.mul (local.get $j) (i64.const 700)) (i64.mul (local.get $l) (i64.const 7000)))))
          (i32.add (i32.add (local.get $a) (i32.mul (local.get $e) (i32.const 2)))
                   (i32.add (i32.mul (local.get $i) (i32.const 4)) (i32.mul (local.get $k) (i32.const 8))))
          (f64.add
            (f64.add (f64.add (f64.promote_f32 (local.get $c)) (f64.mul (local.get $d) (f64.const 2)))
                     (f64.add (f64.mul (f64.promote_f32 (local.get $g)) (f64.const 4)) (f64.mul (local.get $h) (f64.const 8))))
            (f64.add (f64.add (f64.mul (local.get $m) (f64.const 16)) (f64.mul (local.get $o) (f64.const 32)))
                     (f64.add (f64.add (f64.mul (local.get $p) (f64.const 64)) (f64.mul (local.get $q) (f64.const 128)))
                              (f64.mul (local.get $r) (f64.const 256)))))
          (i64.add (i64.add (i64x2.extract_lane 0 (local.get $v)) (i64.mul (i64x2.extract_lane 1 (local.get $v)) (i64.const 3)))
                   (i64.add (i64.mul (i64x2.extract_lane 0 (local.get $w)) (i64.const 5))
                            (i64.mul (i64x2.extract_lane 1 (local.get $w)) (i64.const 7))))
          (local.get $d))))
    (return_call $mix
      (i64.sub (local.get $n) (i64.const 1))
      (i32.add (local.get $a) (i32.const 1)) (i64.add (local.get $b) (i64.const 2))
      (f32.add (local.get $c) (f32.const 1)) (f64.add (local.get $d) (f64.const 2))
      (i64x2.add (local.get $v) (v128.const i64x2 1 1))
      (i32.add (local.get $e) (i32.const 3)) (i64.add (local.get $f) (i64.const 4))
      (f32.add (local.get $g) (f32.const 0.5)) (f64.add (local.get $h) (f64.const 0.25))
      (i64x2.add (local.get $w) (v128.const i64x2 2 3))
      (i32.add (local.get $i) (i32.const 5)) (i64.add (local.get $j) (i64.const 6))
      (i32.add (local.get $k) (i32.const 7)) (i64.add (local.get $l) (i64.const 8))
      (f64.add (local.get $m) (f64.const 1)) (f64.add (local.get $o) (f64.const 2))
      (f64.add (local.get $p) (f64.const 3)) (f64.add (local.get $q) (f64.const 4))
      (f64.add (local.get $r) (f64.const 5))))

  (func $mix-start (param $n i64) (result i64 i32 f64 i64 f64)
    (return_call $mix (local.get $n)
      (i32.const 1) (i64.const 2) (f32.const 1.5) (f64.const 2.5) (v128.const i64x2 10 20)
      (i32.const 3) (i64.const 4) (f32.const 3.5) (f64.const 4.5) (v128.const i64x2 30 40)
      (i32.const 5) (i64.const 6) (i32.const 7) (i64.const 8)
      (f64.const 5.5) (f64.const 6.5) (f64.const 7.5) (f64.const 8.5) (f64.const 9.5)))
  (func (export "mix-deep") (param i64) (result i64 i32 f64 i64 f64)
    (return_call $mix-start (local.get 0)))
  ;; the same results through a plain call, then summed
  (func (export "mix-called") (param i64) (result f64)
    (local $r0 i64) (local $r1 i32) (local $r2 f64) (local $r3 i64) (local $r4 f64)
    (call $mix-start (local.get 0))
    (local.set $r4) (local.set $r3) (local.set $r2) (local.set $r1) (local.set $r0)
    (f64.add (f64.add (f64.convert_i64_u (local.get $r0)) (f64.convert_i32_u (local.get $r1)))
             (f64.add (local.get $r2) (f64.add (f64.convert_i64_u (local.get $r3)) (local.get $r4)))))

  ;; Mutual recursion between different signatures, one of which fits in
  ;; registers and one of which does not, through a table both ways.
  (type $ping-t (func (param i64 f64 i32) (result i64 i64)))
  (type $pong-t (func (param i64 i32 i32 f32 f64 i64 i64 i64 i64 i64 i64 i64 v128) (result i64 i64)))
  (table $tab 2 funcref)
  (elem (table $tab) (i32.const 0) func $ping $pong)
  (func $ping (type $ping-t)
    (if (i64.eqz (local.get 0))
      (then (return (i64.trunc_f64_s (local.get 1)) (i64.extend_i32_s (local.get 2)))))
    (return_call_indirect $tab (type $pong-t)
      (i64.sub (local.get 0) (i64.const 1)) (local.get 2) (i32.const 1) (f32.const 0.5) (local.get 1)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7)
      (v128.const i32x4 1 2 3 4)
      (i32.const 1)))
  (func $pong (type $pong-t)
    (return_call $ping (local.get 0)
      (f64.add (local.get 4)
        (f64.convert_i64_s
          (i64.add (i64.add (i64.add (local.get 5) (local.get 6)) (i64.add (local.get 7) (local.get 8)))
                   (i64.add (i64.add (local.get 9) (local.get 10))
                            (i64.add (local.get 11) (i64.extend_i32_s (i32x4.extract_lane 3 (local.get 12))))))))
      (i32.add (local.get 1) (local.get 2))))
  (func (export "ping") (param i64) (result i64 i64)
    (return_call_indirect $tab (type $ping-t) (local.get 0) (f64.const 0) (i32.const 0) (i32.const 0)))

  ;; Mutual recursion with f32 and v128 parameters, direct.
  (func $even (export "even") (param i64 f32 v128) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.trunc_f32_s (f32.add (local.get 1) (f32.convert_i32_s (i32x4.extract_lane 0 (local.get 2))))))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1)) (local.get 2) (local.get 1)))))
  (func $odd (param i64 v128 f32) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const -1))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))
              (f32.add (local.get 2) (f32.const 1)) (local.get 1)))))

  ;; The same depth by plain calls exhausts the stack.
  (func $plain (export "plain") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (call $plain (i64.sub (local.get 0) (i64.const 1))))))

  ;; A tail call to a host function.
  (func (export "to-host") (param i32) (return_call $print (local.get 0)))
)

(assert_return (invoke "mix" (i64.const 0)
  (i32.const 1) (i64.const 2) (f32.const 1.5) (f64.const 2.5) (v128.const i64x2 10 20)
  (i32.const 3) (i64.const 4) (f32.const 3.5) (f64.const 4.5) (v128.const i64x2 30 40)
  (i32.const 5) (i64.const 6) (i32.const 7) (i64.const 8)
  (f64.const 5.5) (f64.const 6.5) (f64.const 7.5) (f64.const 8.5) (f64.const 9.5))
  (i64.const 68025) (i32.const 83) (f64.const 4352.5) (i64.const 500) (f64.const 2.5))
(assert_return (invoke "mix-deep" (i64.const 1_000_000))
  (i64.const 68025068025) (i32.const 83000083) (f64.const 2073004352.5) (i64.const 35000500)
  (f64.const 2000002.5))
(assert_return (invoke "mix-called" (i64.const 1_000_000)) (f64.const 70218072963.0))
(assert_return (invoke "ping" (i64.const 0)) (i64.const 0) (i64.const 0))
(assert_return (invoke "ping" (i64.const 1_000_000)) (i64.const 32000000) (i64.const 1000000))
(assert_return (invoke "even" (i64.const 1_000_000) (f32.const 0) (v128.const i32x4 7 0 0 0)) (i32.const 500007))
(assert_return (invoke "even" (i64.const 1_000_001) (f32.const 0) (v128.const i32x4 7 0 0 0)) (i32.const -1))
(assert_exhaustion (invoke "plain" (i64.const 100_000_000)) "call stack exhausted")
(assert_return (invoke "to-host" (i32.const 42)))

;; Across instances: $A's function and $B's call each other through an
;; import and A's table, a million times, each reading its own instance's
;; global, with a signature that spills parameters and results.
(module $A
  (type $step (func (param i64 i32 i64 f64 i64 i64 i64 i64 v128 i32) (result i64 f64 i32 i64 i64)))
  (table (export "tab") 1 funcref)
  (global $inc i64 (i64.const 1))
  (func $a (export "a") (type $step)
    (if (i64.eqz (local.get 0))
      (then (return (local.get 2) (local.get 3) (local.get 1)
                    (i64x2.extract_lane 0 (local.get 8)) (i64x2.extract_lane 1 (local.get 8)))))
    (return_call_indirect (type $step)
      (i64.sub (local.get 0) (i64.const 1)) (i32.add (local.get 1) (i32.const 1))
      (i64.add (local.get 2) (global.get $inc)) (f64.add (local.get 3) (f64.const 0.5))
      (local.get 4) (local.get 5) (local.get 6) (local.get 7)
      (i64x2.add (local.get 8) (v128.const i64x2 1 0)) (local.get 9)
      (i32.const 0)))
)
(register "A" $A)
(module $B
  (type $step (func (param i64 i32 i64 f64 i64 i64 i64 i64 v128 i32) (result i64 f64 i32 i64 i64)))
  (import "A" "tab" (table 1 funcref))
  (import "A" "a" (func $a (type $step)))
  (global $inc i64 (i64.const 1000))
  (elem (i32.const 0) func $b)
  (func $b (type $step)
    (return_call $a (local.get 0) (local.get 1) (i64.add (local.get 2) (global.get $inc)) (local.get 3)
      (local.get 4) (local.get 5) (local.get 6) (local.get 7)
      (i64x2.add (local.get 8) (v128.const i64x2 0 1)) (local.get 9)))
  (func (export "run") (param i64) (result i64 f64 i32 i64 i64)
    (return_call $b (local.get 0) (i32.const 0) (i64.const 0) (f64.const 0)
      (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 0) (v128.const i64x2 0 0) (i32.const 0)))
)
;; b runs n + 1 times, a n times: A's global adds 1 each, B's 1000
(assert_return (invoke $B "run" (i64.const 1_000_000))
  (i64.const 1001001000) (f64.const 500000) (i32.const 1000000) (i64.const 1000000) (i64.const 1000001))
