;; tests/exe/bigmem.wat: a command whose initial memory is 100 pages
;; (6400 KiB): started under a smaller --max-memory it must fail cleanly.
(module
  (memory (export "memory") 100)
  (func (export "_start")))
