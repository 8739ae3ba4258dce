-- a post that does not exist
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "应", text = "x", responsible = "emperor"}}}
