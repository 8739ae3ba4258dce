-- a check requirement without its function
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "应", text = "x",
  require = qufa.check{subject = "org"}}}}
