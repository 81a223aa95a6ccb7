;; The smallest module: magic and version only.
(module)
