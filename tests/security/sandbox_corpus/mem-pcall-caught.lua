-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- The memory cap met inside pcall, the error caught, and the same again: a stop, as the other
-- limits are, never "not enough memory" handed back as a value to go on with at the cap.
local t = {}
for i = 1, 100 do
  local ok = pcall(function() local big = {} for j = 1, 1e9 do big[j] = j end end)
  t[i] = ok
end
print("went on after the cap")
