-- the same code twice in one pack
qufa.standard{code = "BAD-1", title = "一", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
qufa.standard{code = "BAD-1", title = "二", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
