-- expect: fail instruction limit exceeded
-- Lua code called back from C (a gsub replacement function) is still under the hook.
string.gsub("abc", "%a", function() while true do end end)
