-- a parameter that params does not declare
qufa.procedure{code = "bad", title = "程序", subject = "member", steps = {
  {code = "a", title = "甲", deadlines = {{within = "$nope"}}}}}
