-- an effective date that does not exist
qufa.standard{code = "BAD-1", title = "标准", effective = "2017-02-30", clauses = {{number = "1", type = "应", text = "每月一次。"}}}
