;; examples/plugin-host/lookup.wat: a tenant that answers lookups in a
;; table of its own memory.  It checks nothing: an index past the end of
;; its one page reads outside its memory, which traps.  It also misbehaves
;; on request: spin never returns (the host's deadline stops it), and
;; grow takes memory until the host's limit refuses it.
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (data (i32.const 0) "\0a\00\00\00\14\00\00\00\1e\00\00\00")

  ;; logs the index, then returns the i32 at index * 4
  (func $get (export "get") (param $i i32) (result i32)
    (call $log (local.get $i))
    (i32.load (i32.mul (local.get $i) (i32.const 4))))

  ;; loops forever
  (func $spin (export "spin")
    (loop $forever (br $forever)))

  ;; grows memory a page at a time until refused; returns the pages it got
  (func $grow (export "grow") (result i32)
    (local $got i32)
    (block $refused
      (loop $more
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $got (i32.add (local.get $got) (i32.const 1)))
        (br $more)))
    (local.get $got)))
