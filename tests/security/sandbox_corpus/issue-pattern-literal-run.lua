-- via: run
-- expect: pattern too complex
-- Issue 13, case 2: the old cost model missed literal runs: 3 minutes of CPU in one find.
print(("a"):rep(14000):find("a*" .. ("a"):rep(500) .. "b"))
