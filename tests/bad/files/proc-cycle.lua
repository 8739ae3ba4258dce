-- a → b → a without again = true
qufa.procedure{code = "bad", title = "程序", subject = "member", steps = {
  {code = "a", title = "甲", next = "b"}, {code = "b", title = "乙", next = "a"}}}
