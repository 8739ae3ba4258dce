-- a field type that does not exist
qufa.procedure{code = "bad", title = "程序", subject = "member", steps = {
  {code = "a", title = "甲", fields = {gift = "colour"}}}}
