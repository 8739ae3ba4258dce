-- expect: fail limit exceeded (
-- (the instruction limit, or under a slow sanitizer build the time limit, stops it)
-- Once the limit is hit, pcall and xpcall pass the error on instead of catching it.
while true do
  pcall(function() while true do end end)
  xpcall(function() while true do end end, function(e) return e end)
end
