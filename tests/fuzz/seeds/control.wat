;; Structured control: nested blocks with results, loops, if/else, br_table,
;; unreachable code after br and return.
(module
  (func $f (export "f") (param i32) (result i32)
    (block $out (result i32)
      (block $a
        (block $b
          (block $c
            (br_table $a $b $c (local.get 0)))
          (br $out (i32.const 1)))
        (loop $l
          (br_if $l (i32.eqz (local.get 0)))
          (br $a))
        unreachable
        i32.add
        drop)
      (if (result i32) (local.get 0)
        (then (i32.const 2))
        (else (select (i32.const 3) (i32.const 4) (local.get 0)))))))
