;; Exception handling (Wasm 3.0) where the spec suite is thin: exceptions
;; through call_indirect and call_ref, through and out of return_call,
;; unwinding many frames, payloads of every type (v128 and references
;; too), rethrowing with throw_ref, handlers that pass an exception on,
;; uncaught exceptions reaching the host, and tags shared between modules.
(module
  (type $v (func))
  (type $ii (func (param i32) (result i32)))
  (tag $e (param i32))
  (tag $f (param i32))
  (tag $big (param i32 i64 f32 f64 v128 funcref externref))
  (tag $empty)
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $thrower $quiet)
  (elem declare func $thrower)

  (func $thrower (param i32) (result i32) (throw $e (local.get 0)))
  (func $quiet (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))

  ;; through call_indirect: the exception, or the value when none
  (func (export "indirect") (param i32 i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
      (i32.const 1000) (i32.add)))

  ;; through call_ref
  (func (export "by-ref") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call_ref $ii (local.get 0) (ref.func $thrower)))))

  ;; return_call of a thrower: the handler of the caller's caller catches
  (func $tail (param i32) (result i32) (return_call $thrower (local.get 0)))
  (func (export "through-tail") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $tail (local.get 0)))))
  ;; a return_call leaves the frame: its try_table no longer applies
  (func $tail-in-try (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (return_call $thrower (local.get 0))))
    (i32.const 5000) (i32.add))
  (func (export "tail-leaves-handler") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $tail-in-try (local.get 0)))))

  ;; unwinding n frames
  (func $deep (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 77))))
    (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $deep (local.get 0)))))

  ;; a payload of every kind of value, taken apart after the catch
  (func $throw-big (param externref)
    (throw $big (i32.const -1) (i64.const 0x123456789abcdef0) (f32.const 1.5) (f64.const -2.25)
      (v128.const i32x4 1 2 3 4) (ref.func $thrower) (local.get 0)))
  (func (export "big") (param externref) (result i32 i64 f32 f64 i32 i32 externref)
    (local $v v128) (local $r funcref) (local $x externref)
    (local $a i32) (local $b i64) (local $c f32) (local $d f64)
    (block $h (result i32 i64 f32 f64 v128 funcref externref)
      (try_table (catch $big $h) (call $throw-big (local.get 0)))
      (unreachable))
    (local.set $x) (local.set $r) (local.set $v)
    (local.set $d) (local.set $c) (local.set $b) (local.set $a)
    (local.get $a) (local.get $b) (local.get $c) (local.get $d)
    (i32x4.extract_lane 3 (local.get $v))
    (ref.is_null (local.get $r))
    (local.get $x))

  ;; catch_ref then throw_ref: the same exception goes on to an outer handler
  (func (export "rethrow") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (result i32) (catch $e $outer)
        (block $inner (result i32 exnref)
          (try_table (catch_ref $e $inner) (call $thrower (local.get 0)) (drop))
          (unreachable))
        (throw_ref) )))
  ;; clauses in order: the first that matches wins, catch_all last
  (func (export "order") (param i32) (result i32)
    (block $all
      (block $f (result i32)
        (block $e (result i32)
          (try_table (catch $e $e) (catch $f $f) (catch_all $all)
            (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $e (i32.const 10))))
            (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $f (i32.const 20))))
            (throw $empty))
          (unreachable))
        (return (i32.add (i32.const 100))))
      (return (i32.add (i32.const 200))))
    (i32.const 300))
  ;; a handler that does not match passes the exception on unchanged
  (func (export "pass-on") (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (block $no (result i32)
          (try_table (catch $f $no) (throw $e (i32.const 42)))
          (unreachable))
        (drop))
      (i32.const -1)))
  ;; catch_all_ref keeps the exception: throwing it again escapes
  (func (export "escape-ref")
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $empty))
      (unreachable))
    (throw_ref))
  (func (export "throw-ref-null") (throw_ref (ref.null exn)))
  (func (export "uncaught") (param i32) (result i32) (call $thrower (local.get 0)))
  ;; a loop catches and goes round again
  (func (export "loop") (param i32) (result i32)
    (local $sum i32)
    (loop $l
      (block $h (result i32)
        (try_table (result i32) (catch $e $h) (call $thrower (local.get 0))))
      (local.set $sum (i32.add (local.get $sum)))
      (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l))
    (local.get $sum))
)

(assert_return (invoke "indirect" (i32.const 0) (i32.const 5)) (i32.const 5))
(assert_return (invoke "indirect" (i32.const 1) (i32.const 5)) (i32.const 1006))
(assert_return (invoke "by-ref" (i32.const 9)) (i32.const 9))
(assert_return (invoke "through-tail" (i32.const 3)) (i32.const 3))
(assert_return (invoke "tail-leaves-handler" (i32.const 4)) (i32.const 4))
(assert_return (invoke "deep" (i32.const 0)) (i32.const 77))
(assert_return (invoke "deep" (i32.const 10000)) (i32.const 77))
(assert_return (invoke "big" (ref.extern 7))
  (i32.const -1) (i64.const 0x123456789abcdef0) (f32.const 1.5) (f64.const -2.25) (i32.const 4)
  (i32.const 0) (ref.extern 7))
(assert_return (invoke "rethrow" (i32.const 8)) (i32.const 8))
(assert_return (invoke "order" (i32.const 0)) (i32.const 110))
(assert_return (invoke "order" (i32.const 1)) (i32.const 220))
(assert_return (invoke "order" (i32.const 2)) (i32.const 300))
(assert_return (invoke "pass-on") (i32.const 42))
(assert_exception (invoke "escape-ref"))
(assert_trap (invoke "throw-ref-null") "null exception reference")
(assert_exception (invoke "uncaught" (i32.const 1)))
(assert_return (invoke "loop" (i32.const 100)) (i32.const 5050))
;; the store is sound after an uncaught exception
(assert_return (invoke "indirect" (i32.const 0) (i32.const 6)) (i32.const 6))

;; Tags shared between modules (3.0 spec 4.5.2.3): an imported tag is the
;; exporter's tag instance itself, so each module catches what the other
;; throws with it, whichever side throws and wherever it is caught; two
;; tags of one type stay distinct; a re-exported tag is still the same.
(module $exporter
  (type $v (func (param i32)))
  (tag $t (export "t") (param i32))
  (tag $u (export "u") (param i32))
  (table (export "tab") 1 funcref)
  (func (export "throw-t") (param i32) (throw $t (local.get 0)))
  (func (export "throw-u") (param i32) (throw $u (local.get 0)))
  ;; calls tab[0] with x: 1 when $t comes out, 2 for $u, 3 for another tag
  (func (export "classify") (param i32) (result i32)
    (block $other
      (block $in-u (result i32)
        (block $in-t (result i32)
          (try_table (catch $t $in-t) (catch $u $in-u) (catch_all $other)
            (call_indirect (type $v) (local.get 0) (i32.const 0)))
          (return (i32.const 0)))
        (return (i32.add (i32.const 1000))))
      (return (i32.add (i32.const 2000))))
    (i32.const 3)))
(register "ex" $exporter)

(module $importer
  (tag $t (import "ex" "t") (param i32))
  (tag $u (import "ex" "u") (param i32))
  (import "ex" "tab" (table 1 funcref))
  (func $throw-t (import "ex" "throw-t") (param i32))
  (func $throw-u (import "ex" "throw-u") (param i32))
  (tag $mine (param i32))
  (export "t-again" (tag $t))
  (elem (i32.const 0) func $throw-imported)
  (func $throw-imported (param i32)
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $t (i32.const 11))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $u (i32.const 22))))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (throw $mine (i32.const 33)))))
  ;; the exporter's throws, caught here by the imported tags: 100 + payload
  ;; for $t, 200 + payload for $u
  (func (export "catch-exporters") (param i32) (result i32)
    (block $in-u (result i32)
      (block $in-t (result i32)
        (try_table (catch $t $in-t) (catch $u $in-u)
          (if (local.get 0) (then (call $throw-u (i32.const 5))) (else (call $throw-t (i32.const 4)))))
        (return (i32.const 0)))
      (return (i32.add (i32.const 100))))
    (i32.const 200) (i32.add)))
(register "im" $importer)

(module $reimporter
  (tag $t (import "im" "t-again") (param i32))
  (func $throw-t (import "ex" "throw-t") (param i32))
  (func (export "same-tag") (result i32)
    (block $h (result i32)
      (try_table (catch $t $h) (call $throw-t (i32.const 9)))
      (i32.const 0))))

(assert_return (invoke $importer "catch-exporters" (i32.const 0)) (i32.const 104))
(assert_return (invoke $importer "catch-exporters" (i32.const 1)) (i32.const 205))
(assert_return (invoke $exporter "classify" (i32.const 1)) (i32.const 1011))
(assert_return (invoke $exporter "classify" (i32.const 2)) (i32.const 2022))
(assert_return (invoke $exporter "classify" (i32.const 3)) (i32.const 3))
(assert_return (invoke $exporter "classify" (i32.const 0)) (i32.const 0))
(assert_return (invoke $reimporter "same-tag") (i32.const 9))
(assert_unlinkable
  (module (tag (import "ex" "t") (param i64)))
  "incompatible import type")
(assert_unlinkable
  (module (tag (import "ex" "tab")))
  "incompatible import type")
