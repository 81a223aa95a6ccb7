;; tests/embed/wasi/badwasi.wat: a WASI import of the wrong type, which
;; binding must refuse with a clear error.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
