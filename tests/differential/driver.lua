-- driver.lua: runs many differential scenarios in one `qufa run`, each in its own database, a
-- copy of TEMPLATE (a database just made by `qufa init`: copying it is cheaper than creating
-- the schema again): build.lua writes the records in one transaction, as `qufa run` would; the
-- pack files are loaded in order (a refused file is reported and the others still load), then
-- db:check{period = …} as of the scenario's today.
-- usage: qufa run driver.lua MANIFEST OUTPUT TEMPLATE
--   MANIFEST is a Lua file returning {{name =, dir =, today =, period =, packs = {file…}}…};
--   OUTPUT gets one JSON object per scenario and line:
--   {"name":…, "build":error or null, "load":[{"file":…, "error":…}], "check":<result:json()>,
--    "ids":{"org":{id:code}, "member":{id:code}, "activity":{id:title}}}
local manifest_path, output_path, template_path = arg[1], arg[2], arg[3]
assert(template_path, "usage: qufa run driver.lua MANIFEST OUTPUT TEMPLATE")
local manifest = assert(loadfile(manifest_path, "t", {}))()
local out = assert(io.open(output_path, "w"))
local template
do
  local f <close> = assert(io.open(template_path, "rb"))
  template = f:read("a")
end

-- a fresh database for a scenario: the template's bytes in DIR/scenario.db
local function fresh(dir)
  local path = dir .. "/scenario.db"
  local f <close> = assert(io.open(path, "wb"))
  f:write(template)
  return path
end

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

local function run(sc, path)
  local mdb <close> = qufa.open(path, {today = sc.today, actor = "differential"})
  local fields = {'"name":' .. str(sc.name)}
  local env = setmetatable({db = mdb}, {__index = _G})
  local chunk, err = loadfile(sc.dir .. "/build.lua", "t", env)
  local ok, ids = false, err
  if chunk then ok, ids = pcall(mdb.transaction, mdb, chunk) end
  if not ok then
    fields[#fields + 1] = '"build":' .. str(ids)
    return fields
  end
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
  return fields
end

for _, sc in ipairs(manifest) do
  local path = fresh(sc.dir)
  local fields = run(sc, path)
  for _, suffix in ipairs({"", "-wal", "-shm", "-journal"}) do os.remove(path .. suffix) end
  out:write("{", table.concat(fields, ","), "}\n")
end
out:close()
