;; tests/embed/limits.wat: a memory of 2 pages and a table of 1 element,
;; neither with a maximum, and the instructions that reach a store's
;; limits (test_limits.c): memory.grow, table.grow, and accesses at the
;; edge of what the limit lets the memory hold.
(module
  (memory (export "memory") 2)
  (table 1 funcref)
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0)))
  (func (export "size") (result i32)
    (memory.size))
  (func (export "tgrow") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "poke") (param i32)
    (i32.store8 (local.get 0) (i32.const 165)))
  (func (export "peek") (param i32) (result i32)
    (i32.load8_u (local.get 0))))
