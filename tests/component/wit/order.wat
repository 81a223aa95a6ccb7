;; Imports print grouped: interfaces, then types, then functions.
(component
  (import "f" (func))
  (import "b" (instance))
  (import "a:b/c" (instance))
  (import "e" (func))
)
