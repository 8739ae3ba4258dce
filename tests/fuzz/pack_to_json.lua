-- Writes the JSON that `qufa standards load PACK.lua` hands to qf_catalog_load, for the seed
-- corpus of fuzz_catalog (tests/fuzz/corpus/catalog/). Runs in stock lua5.4 with the module:
--   lua5.4 tests/fuzz/pack_to_json.lua build/lua PACK.lua > seed.json
-- The encoding follows lua/l_standard.c: lists stay lists (an empty one where the catalog
-- expects a list), a check function becomes {"text": "-- lines A-B\n<its source>"}.
local cpath, pack_file = arg[1], arg[2]
package.cpath = cpath .. "/?.so;" .. package.cpath
local qufa = require "qufa"
_G.qufa = qufa

local LISTS = {}
for name in ("systems standards tailorings categories clauses requirements import adds set "
  .. "not_applicable add_clauses adopt segments must_attend applies_to"):gmatch("%S+") do
  LISTS[name] = true
end

local source = assert(io.open(pack_file)):read("a")

local function function_text(fn)
  local info = debug.getinfo(fn, "S")
  local lines, n = {}, 0
  for line in (source .. "\n"):gmatch("(.-)\n") do
    n = n + 1
    if n >= info.linedefined and n <= info.lastlinedefined then lines[#lines + 1] = line end
  end
  return string.format("-- lines %d-%d\n%s\n", info.linedefined, info.lastlinedefined,
    table.concat(lines, "\n"))
end

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local named = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r"}
    return named[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local encode
local function encode_table(t, key)
  local n, count = #t, 0
  for _ in pairs(t) do count = count + 1 end
  if count == 0 then return LISTS[key] and "[]" or "{}" end
  local parts = {}
  if count == n then
    for i = 1, n do parts[i] = encode(t[i], key) end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do parts[#parts + 1] = quote(k) .. ":" .. encode(t[k], k) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function encode(v, key)
  local t = type(v)
  if t == "string" then return quote(v) end
  if t == "number" then return math.type(v) == "integer" and tostring(v) or string.format("%.17g", v) end
  if t == "boolean" then return tostring(v) end
  if t == "table" then return encode_table(v, key) end
  if t == "function" and key == "fn" then return '{"text":' .. quote(function_text(v)) .. "}" end
  error("cannot encode a " .. t)
end

qufa._pack_begin()
assert(load(source, "@" .. pack_file, "t"))()
io.write(encode(qufa._pack_end()), "\n")
