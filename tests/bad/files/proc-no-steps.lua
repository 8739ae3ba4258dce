-- no steps
qufa.procedure{code = "bad", title = "程序", subject = "member", steps = {}}
