-- a field that does not exist
qufa.standard{code = "BAD-1", title = "标准", colour = "red", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
