-- no code
qufa.procedure{title = "无代码", subject = "member", steps = {{code = "a", title = "第一步"}}}
