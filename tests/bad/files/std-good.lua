-- a valid standard (loaded together with a bad pack: neither may stay)
qufa.standard{code = "BAD-OK", title = "合格的标准", effective = "2017-01-01", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
