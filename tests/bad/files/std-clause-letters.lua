-- not a GB/T 1.1 clause number
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "a.b", type = "应", text = "x"}}}
