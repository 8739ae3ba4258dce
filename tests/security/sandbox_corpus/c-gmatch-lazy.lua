-- via: run
-- expect: pattern too complex
-- gmatch with lazy repetitions over a long subject.
for _ in ("a"):rep(100000):gmatch("a-a-a-b") do end
