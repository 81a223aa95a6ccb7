;; Exception handling (Wasm 3.0): typing rules and binary forms the spec
;; testsuite leaves out (exceptions.wast runs the valid ones).

;; catch_ref passes the payload, then the exception: not the reverse
(assert_invalid
  (module
    (tag $e (param i32))
    (func (drop (drop (block $l (result exnref i32) (try_table (catch_ref $e $l)) (unreachable))))))
  "type mismatch")

;; a tag's parameter must be a subtype of the label's type: funcref is not (ref func)
(assert_invalid
  (module
    (tag $e (param funcref))
    (func (drop (block $l (result (ref func)) (try_table (catch $e $l)) (unreachable)))))
  "type mismatch")

;; catch_all_ref passes (ref exn), which is no externref
(assert_invalid
  (module (func (drop (block $l (result externref) (try_table (catch_all_ref $l)) (unreachable)))))
  "type mismatch")

;; catch_all passes nothing
(assert_invalid
  (module (func (drop (block $l (result i32) (try_table (catch_all $l)) (unreachable)))))
  "type mismatch")

;; a catch names a label outside the try_table: the function's is the only one
(assert_invalid
  (module (func (try_table (catch_all 1))))
  "unknown label")

;; throw_ref takes an exnref, nothing else
(assert_invalid
  (module (func (param externref) (throw_ref (local.get 0))))
  "type mismatch")

;; try_table takes its parameters like a block
(assert_invalid
  (module
    (type $t (func (param i32) (result i32)))
    (func (result i32) (try_table (type $t) (i64.const 1))))
  "type mismatch")

(assert_invalid
  (module (func (throw 0)))
  "unknown tag")

(assert_invalid
  (module (export "t" (tag 0)))
  "unknown tag")

;; a tag's type has no results, imported or defined
(assert_invalid
  (module (type $t (func (result i32))) (tag (import "m" "t") (type $t)))
  "non-empty tag result type")

;; the legacy instructions are not Wasm 3.0: try (0x06) is an illegal opcode
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"              ;; type: [] -> []
    "\03\02\01\00"                    ;; one function
    "\0a\07\01\05\00\06\40\0b\0b")    ;; try (empty) end end
  "illegal opcode")

;; the tag section (13) stands before the global section (6)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\06\01\00"                       ;; no globals
    "\0d\01\00")                      ;; no tags
  "unexpected content after last section")

;; a tag's attribute is 0 (an exception)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\0d\03\01\01\00")                ;; a tag with attribute 1
  "malformed tag attribute")

;; catch clauses are kinds 0 to 3
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\09\01\07\00\1f\40\01\04\00\0b\0b") ;; try_table (kind 4, label 0) end end
  "malformed catch clause")
