-- no title
qufa.standard{code = "BAD-1", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
