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

--- Counts what an iterator yields (prefer db:count_members and friends, which count in SQL).
function qufa.count(f, s, c, closer)
  local _c <close> = closer
  local n = 0
  for _v in f, s, c do n = n + 1 end
  return n
end
