;; Loads and stores with offsets and alignments, memory.size/grow and the
;; bulk memory instructions (which need the data count section).
(module
  (memory 1)
  (data $d "abc")
  (func (export "m") (param i32)
    (i64.store32 offset=4 align=2 (local.get 0) (i64.load16_s align=1 (i32.const 0)))
    (f64.store offset=65535 (i32.const 0) (f64.load (i32.const 8)))
    (drop (memory.grow (memory.size)))
    (memory.init $d (local.get 0) (i32.const 0) (i32.const 3))
    (memory.copy (i32.const 0) (i32.const 1) (i32.const 2))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 4))
    (data.drop $d)))
