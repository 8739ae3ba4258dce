-- via: run
-- expect: pattern too complex
-- A back reference re-compared at every backtracking step.
return ("a"):rep(100000):match("(a*)%1%1x")
