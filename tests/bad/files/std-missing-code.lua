-- no code
qufa.standard{title = "没有代码", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
