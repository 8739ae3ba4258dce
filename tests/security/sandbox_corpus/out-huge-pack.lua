-- via: load
-- expect: the pack is too large
-- A pack generating 100,000 clauses in a loop: the definitions handed to the host are capped.
local clauses = {}
for i = 1, 100000 do clauses[i] = {number = tostring(i), type = "应", text = ("条"):rep(40)} end
qufa.standard{code = "BIG", title = "大", effective = "2017-01-01", clauses = clauses}
