-- a number as the title
qufa.procedure{code = "bad", title = 5, subject = "member", steps = {{code = "a", title = "第一步"}}}
