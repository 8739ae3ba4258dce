-- min must be a whole number
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "应", text = "x",
  require = qufa.cadence{activity = "lecture", per = "month", min = "two"}}}}
