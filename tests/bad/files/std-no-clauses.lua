-- no clauses
qufa.standard{code = "BAD-1", title = "没有条款"}
