;; examples/plugin-host/counter.wat: a tenant that keeps a running total
;; in a global and reports every change through the host's env.log.
(module
  (import "env" "log" (func $log (param i32)))
  (global $total (mut i32) (i32.const 0))

  ;; adds by to the total, logs the new total and returns it
  (func (export "bump") (param $by i32) (result i32)
    (global.set $total (i32.add (global.get $total) (local.get $by)))
    (call $log (global.get $total))
    (global.get $total))

  ;; the mean of the two halves of a pair, as a double
  (func (export "mean") (param $a i64) (param $b i64) (result f64)
    (f64.div
      (f64.convert_i64_s (i64.add (local.get $a) (local.get $b)))
      (f64.const 2))))
