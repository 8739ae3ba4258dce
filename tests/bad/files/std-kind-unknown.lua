-- a requirement kind the engine does not know
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "应", text = "x",
  require = {kind = "telepathy", params = {}}}}}
