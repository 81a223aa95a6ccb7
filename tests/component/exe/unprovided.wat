;; expect: build 1 wasi:sockets/instance-network@0.2.0#instance-network: not among the WASI 0.2 functions nacre provides yet
;; A command that lowers a WASI 0.2 function nacre does not provide yet is
;; refused at build time, naming it.
(component
  (import "wasi:sockets/network@0.2.0" (instance $net
    (export "network" (type (sub resource)))))
  (alias export $net "network" (type $network))
  (import "wasi:sockets/instance-network@0.2.0" (instance $in
    (export "network" (type $n (eq $network)))
    (export "instance-network" (func (result (own $n))))))
  (core func $get (canon lower (func $in "instance-network")))
  (core module $main
    (import "wasi" "instance-network" (func (result i32)))
    (func (export "run") (result i32) (i32.const 0)))
  (core instance $w (export "instance-network" (func $get)))
  (core instance $i (instantiate $main (with "wasi" (instance $w))))
  (type $r (result))
  (func $run (result $r) (canon lift (core func $i "run")))
  (instance $e (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $e)))
