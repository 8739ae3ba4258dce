-- the same procedure twice in one file
qufa.procedure{code = "bad", title = "一", subject = "member", steps = {{code = "a", title = "第一步"}}}
qufa.procedure{code = "bad", title = "二", subject = "member", steps = {{code = "a", title = "第一步"}}}
