-- expect: fail limit exceeded (
-- (the instruction limit, or under a slow sanitizer build the time limit, stops it)
-- A comparator is Lua code called from C (table.sort): the hook still reaches it.
local t = {}
for i = 1, 1000 do t[i] = i end
table.sort(t, function(a, b) while true do end end)
