-- Adds members TAG-1 … TAG-N to gy1 (arg[1] = TAG, arg[2] = N, default 1) in this script's one
-- transaction; with arg[3], sleeps that many seconds afterwards, still holding the write lock,
-- having created the file arg[4] (if given) to say it holds it.
local tag, n, hold = arg[1], math.tointeger(tonumber(arg[2] or "1")), tonumber(arg[3] or "0")
local marker = arg[4]
for i = 1, n do
  db:add_member{name = tag .. "成员" .. i, code = tag .. "-" .. i, status = "full",
    since = "2017-01-01", org = "gy1", group = "gy1-g1", phone = "139" .. string.format("%08d", i)}
end
if marker then assert(io.open(marker, "w")):close() end
if hold > 0 then os.execute("sleep " .. hold) end
print(string.format("%s: %d members", tag, n))
