-- each clause is a table
qufa.standard{code = "BAD-1", title = "标准", clauses = {"4.1 每月一次"}}
