;; Invalid (assembled with --no-check): an i32 result from an f64.
(module (func (result i32) (f64.const 1)))
