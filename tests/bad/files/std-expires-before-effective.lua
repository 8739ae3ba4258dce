-- a standard that would expire before it takes effect
qufa.standard{code = "BAD-1", title = "标准", effective = "2017-06-01", expires = "2017-01-31",
  clauses = {{number = "1", type = "应", text = "每月一次。"}}}
