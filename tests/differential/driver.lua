-- driver.lua: runs many differential scenarios in one `qufa run`, each in its own in-memory
-- database: build.lua writes the records, the pack files are loaded in order (a refused file
-- is reported and the others still load), then db:check{period = …} as of the scenario's today.
-- usage: qufa run driver.lua MANIFEST OUTPUT
--   MANIFEST is a Lua file returning {{name =, dir =, today =, period =, packs = {file…}}…};
--   OUTPUT gets one JSON object per scenario and line:
--   {"name":…, "build":error or null, "load":[{"file":…, "error":…}], "check":<result:json()>,
--    "ids":{"org":{id:code}, "member":{id:code}, "activity":{id:title}}}
local manifest_path, output_path = arg[1], arg[2]
assert(manifest_path and output_path, "usage: qufa run driver.lua MANIFEST OUTPUT")
local manifest = assert(loadfile(manifest_path, "t", {}))()
local out = assert(io.open(output_path, "w"))

local function str(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function idmap(t)
  local parts = {}
  for id, code in pairs(t or {}) do parts[#parts + 1] = str(id) .. ":" .. str(code) end
  return "{" .. table.concat(parts, ",") .. "}"
end

for _, sc in ipairs(manifest) do
  local mdb <close> = qufa.open(":memory:", {create = true, today = sc.today, actor = "differential"})
  local fields = {'"name":' .. str(sc.name)}
  local env = setmetatable({db = mdb}, {__index = _G})
  local chunk, err = loadfile(sc.dir .. "/build.lua", "t", env)
  local ok, ids = false, err
  if chunk then ok, ids = pcall(chunk) end
  if not ok then
    fields[#fields + 1] = '"build":' .. str(ids)
  else
    local loads = {}
    for _, f in ipairs(sc.packs) do
      local lok, lerr = pcall(mdb.load_standards, mdb, sc.dir .. "/" .. f)
      if not lok then loads[#loads + 1] = '{"file":' .. str(f) .. ',"error":' .. str(lerr) .. "}" end
    end
    fields[#fields + 1] = '"load":[' .. table.concat(loads, ",") .. "]"
    local cok, r = pcall(mdb.check, mdb, {period = sc.period})
    if cok then
      fields[#fields + 1] = '"check":' .. r:json():gsub("\n", "")
    else
      fields[#fields + 1] = '"check_error":' .. str(r)
    end
    fields[#fields + 1] = '"ids":{"org":' .. idmap(ids.org) .. ',"member":' .. idmap(ids.member)
      .. ',"activity":' .. idmap(ids.activity) .. "}"
  end
  out:write("{", table.concat(fields, ","), "}\n")
end
out:close()
