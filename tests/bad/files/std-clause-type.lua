-- a clause type that is not 应/宜/可/陈述
qufa.standard{code = "BAD-1", title = "标准", clauses = {{number = "1", type = "must", text = "x"}}}
