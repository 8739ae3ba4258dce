-- Adds members TAG-1 … TAG-N to gy1 (arg[1] = TAG, arg[2] = N, default 1) in this script's one
-- transaction; with arg[3], goes on holding the write lock afterwards, having created the file
-- arg[4] (if given) to say it holds it: until the file arg[5] exists (when given; at most arg[3]
-- seconds), else for arg[3] seconds. (Released by a file, not a clock: on a loaded machine the
-- other side may take longer than any fixed time to get to its part.)
local tag, n, hold = arg[1], math.tointeger(tonumber(arg[2] or "1")), tonumber(arg[3] or "0")
local marker = arg[4]
for i = 1, n do
  db:add_member{name = tag .. "成员" .. i, code = tag .. "-" .. i, status = "full",
    since = "2017-01-01", org = "gy1", group = "gy1-g1", phone = "139" .. string.format("%08d", i)}
end
if marker then assert(io.open(marker, "w")):close() end
local release = arg[5]
if hold > 0 and release then
  for _ = 1, hold * 10 do
    local f = io.open(release)
    if f then f:close() break end
    os.execute("sleep 0.1")
  end
elseif hold > 0 then
  os.execute("sleep " .. hold)
end
print(string.format("%s: %d members", tag, n))
