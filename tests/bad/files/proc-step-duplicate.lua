-- step a twice
qufa.procedure{code = "bad", title = "程序", subject = "member", steps = {
  {code = "a", title = "甲"}, {code = "a", title = "乙"}}}
