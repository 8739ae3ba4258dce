-- an org kind that does not exist
qufa.standard{code = "BAD-1", title = "标准", applies_to = {"planet"}, clauses = {{number = "1", type = "应", text = "每月一次。"}}}
