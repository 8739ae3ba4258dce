-- invalid UTF-8 in a title
qufa.standard{code = "BAD-1", title = "标�", clauses = {{number = "1", type = "应", text = "x"}}}
