-- expect: fail limit exceeded (
-- (the instruction limit, or under a slow sanitizer build the time limit, stops it)
-- Lua code called back from C (a gsub replacement function) is still under the hook.
string.gsub("abc", "%a", function() while true do end end)
