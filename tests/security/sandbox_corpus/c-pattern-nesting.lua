-- via: run
-- expect: pattern too complex
-- 250 optional items: each is a level of recursion in the matcher (its C stack).
return ("a"):rep(300):match(("a?"):rep(250))
