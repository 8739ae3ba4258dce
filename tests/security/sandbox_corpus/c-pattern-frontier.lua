-- via: run
-- expect: pattern too complex
-- A frontier pattern with three repetitions over one long run of letters.
return ("a"):rep(3000):find("%f[%w]a*a*a*b")
