-- clause 1 twice
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "应", text = "x"}, {number = "1", type = "宜", text = "y"}}}
