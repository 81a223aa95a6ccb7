;; tests/embed/swizzle.wat: i8x16.swizzle alone, built once for the
;; target's baseline CPU (one byte-shuffle instruction) and once for a CPU
;; without SSSE3 (lane by lane), so both lowerings run in one program.
(module
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.swizzle (local.get 0) (local.get 1))))
