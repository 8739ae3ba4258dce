-- The standards DSL: qufa.system, qufa.standard, qufa.tailor and the requirement constructors
-- (qufa.cadence{…}, qufa.artifact{…}, …). Pack files call them; the loader (l_standard.c)
-- collects what they define between qufa._pack_begin() and qufa._pack_end(), turns it into
-- JSON and hands it to the core catalog, which validates every field.
local qufa = ...
local _ = qufa._
local format, type, pairs, ipairs, error = string.format, type, pairs, ipairs, error

local pack -- the pack being collected, or nil

function qufa._pack_begin()
  pack = {systems = {}, standards = {}, tailorings = {}}
end

function qufa._pack_end()
  local p = pack
  pack = nil
  return p
end

local function collect(list, fn, def, level)
  if type(def) ~= "table" then
    error(format(_("qufa.%s: expects a table {…}, got %s"), fn, type(def)), level)
  end
  if not pack then
    error(format(_("qufa.%s: standards are defined in a pack file and loaded with "
      .. "'qufa standards load FILE' or db:load_standards(FILE)"), fn), level)
  end
  local t = pack[list]
  t[#t + 1] = def
  return def
end

-- GB/T 1.1 modal verbs as clause types
local MODAL = {["应"] = "requirement", ["宜"] = "recommendation", ["可"] = "permission",
  ["陈述"] = "statement", ["说明"] = "statement"}

-- qufa.cadence{activity = "lecture", per = "quarter"} → {kind = "cadence", params = {…}}
local KINDS = {"cadence", "artifact", "attendance", "agenda", "guest", "position", "term",
  "members", "hours", "check", "deadline"}
for _i, kind in ipairs(KINDS) do
  qufa[kind] = function(params)
    if type(params) ~= "table" then
      error(format(_("qufa.%s: expects a table of parameters, got %s"), kind, type(params)), 2)
    end
    local p, fn = {}, nil
    for k, v in pairs(params) do
      if k == "fn" then fn = v else p[k] = v end
    end
    if kind == "check" and type(fn) ~= "function" then
      error(_("qufa.check: needs fn = function(subject, ctx) … end"), 2)
    end
    return {kind = kind, params = p, fn = fn}
  end
end

-- A clause as written (type may be 应/宜/可, `require` one requirement or a list) → the catalog's
-- form (type in English, `requirements` a list).
-- `level` is where the pack's own line is, for errors.
local function clause(c, where, level)
  if type(c) ~= "table" then
    error(format(_("%s: each clause must be a table {number = …, text = …}"), where), level)
  end
  local out = {}
  for k, v in pairs(c) do
    if k ~= "require" then out[k] = v end
  end
  out.type = MODAL[c.type] or c.type
  local req = c.require
  if req ~= nil then
    if type(req) ~= "table" then
      error(format(_("%s clause %s: require must be a requirement such as qufa.cadence{…} "
        .. "or a list of them"), where, tostring(c.number)), level)
    end
    if req.kind then req = {req} end
    out.requirements = req
  end
  return out
end

local function clauses_of(def, where)
  local list = {}
  for i, c in ipairs(def.clauses or {}) do list[i] = clause(c, where, 4) end
  return list
end

-- (not tail calls: the level of an error counts the frames, and a tail call drops one)
function qufa.system(def)
  local r = collect("systems", "system", def, 3)
  return r
end

function qufa.standard(def)
  if type(def) == "table" then
    local copy = {}
    for k, v in pairs(def) do copy[k] = v end
    copy.clauses = clauses_of(def, format(_("standard %s"), tostring(def.code)))
    def = copy
  end
  local r = collect("standards", "standard", def, 3)
  return r
end

-- set may be a list {{target = "T/4#1", params = {…}, reason = …}} or a map
-- {["T/4#1"] = {before = 5, reason = "…"}}; add_clauses entries take clauses as written.
function qufa.tailor(def)
  if type(def) == "table" then
    local copy = {}
    for k, v in pairs(def) do copy[k] = v end
    if type(def.set) == "table" and #def.set == 0 and next(def.set) ~= nil then
      local list = {}
      for target, params in pairs(def.set) do
        local p, reason = {}, nil
        if type(params) == "table" then
          for k, v in pairs(params) do
            if k == "reason" then reason = v else p[k] = v end
          end
        end
        list[#list + 1] = {target = target, params = p, reason = reason}
      end
      table.sort(list, function(a, b) return tostring(a.target) < tostring(b.target) end)
      copy.set = list
    end
    if type(def.add_clauses) == "table" then
      local list = {}
      for i, a in ipairs(def.add_clauses) do
        local e = {}
        for k, v in pairs(a) do e[k] = v end
        if type(a.clause) == "table" then
          e.clause = clause(a.clause, format(_("tailoring %s"), tostring(def.code)), 3)
        end
        list[i] = e
      end
      copy.add_clauses = list
    end
    def = copy
  end
  local r = collect("tailorings", "tailor", def, 3)
  return r
end

-- The check function of requirement `index` of `clause` in standard `code` (or added to it by a
-- tailoring) in a collected pack.
function qufa._find_fn(p, code, number, index)
  local function in_clause(c)
    if c and c.number == number then
      local r = c.requirements and c.requirements[index]
      return r and r.fn
    end
  end
  for _i, s in ipairs(p.standards) do
    if s.code == code then
      for _j, c in ipairs(s.clauses) do
        local fn = in_clause(c)
        if fn then return fn end
      end
    end
  end
  for _i, t in ipairs(p.tailorings) do
    for _j, a in ipairs(t.add_clauses or {}) do
      if a.standard == code then
        local fn = in_clause(a.clause)
        if fn then return fn end
      end
    end
  end
  return nil
end
