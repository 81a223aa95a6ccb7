;; examples/plugin-host/lookup.wat: a tenant that answers lookups in a
;; table of its own memory.  It checks nothing: an index past the end of
;; its one page reads outside its memory, which traps.
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (data (i32.const 0) "\0a\00\00\00\14\00\00\00\1e\00\00\00")

  ;; logs the index, then returns the i32 at index * 4
  (func $get (export "get") (param $i i32) (result i32)
    (call $log (local.get $i))
    (i32.load (i32.mul (local.get $i) (i32.const 4)))))
