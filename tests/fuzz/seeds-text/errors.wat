(module
  (func)(func) ;; line comment
  (@x (@y) $"" $ "unclosed
