-- The pure-Lua part of the qufa module: small conveniences built only on the C API.
-- Called by luaopen_qufa with the module table and the method tables of each record type.
local qufa, methods = ...
local _ = methods

--- Collects what an iterator yields into a list: for small sets (one branch's members);
--- stream large ones with a for loop instead.
---   local orgs = qufa.list(db:orgs{kind = "group"})
function qufa.list(f, s, c, closer)
  local _c <close> = closer
  local out = {}
  for v in f, s, c do out[#out + 1] = v end
  return out
end

--- Sorts a list in place in 姓氏笔画 order (the stroke count of the surname, then of the given
--- name; qufa.name_compare) and returns it: strings, or records by their field `key` ("name").
--- Records with the same name keep a fixed order: by code, then id.
---   qufa.sort_names(qufa.list(db:members{org = "gy1"}))
function qufa.sort_names(list, key)
  key = key or "name"
  local compare = qufa.name_compare
  table.sort(list, function(a, b)
    local ta = type(a) == "table"
    local c = compare(ta and (a[key] or "") or tostring(a), type(b) == "table" and (b[key] or "")
      or tostring(b))
    if c ~= 0 or not ta then return c < 0 end
    local ca, cb = a.code or "", b.code or ""
    if ca ~= cb then return ca < cb end
    return (a.id or 0) < (b.id or 0)
  end)
  return list
end

--- Counts what an iterator yields (prefer db:count_members and friends, which count in SQL).
function qufa.count(f, s, c, closer)
  local _c <close> = closer
  local n = 0
  for _v in f, s, c do n = n + 1 end
  return n
end
