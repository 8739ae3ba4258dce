-- no title
qufa.procedure{code = "bad", subject = "member", steps = {{code = "a", title = "第一步"}}}
