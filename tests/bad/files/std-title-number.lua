-- a number as the title
qufa.standard{code = "BAD-1", title = 5, clauses = {{number = "1", type = "应", text = "每月一次。"}}}
