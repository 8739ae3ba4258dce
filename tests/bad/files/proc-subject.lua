-- a subject that is not member, org or none
qufa.procedure{code = "bad", title = "程序", subject = "planet", steps = {{code = "a", title = "第一步"}}}
