-- a field procedures do not have
qufa.procedure{code = "bad", title = "程序", subject = "member", colour = 1, steps = {{code = "a", title = "第一步"}}}
