-- The standards DSL: qufa.system, qufa.standard, qufa.tailor and the requirement constructors
-- (qufa.cadence{…}, qufa.artifact{…}, …). Pack files call them; the loader (l_standard.c)
-- collects what they define between qufa._pack_begin() and qufa._pack_end(), turns it into
-- JSON and hands it to the core catalog, which validates every field.
local qufa = ...
local _ = qufa._
local format, type, pairs, ipairs, error = string.format, type, pairs, ipairs, error

local pack -- the pack being collected, or nil

function qufa._pack_begin()
  pack = {systems = {}, standards = {}, tailorings = {}, reminders = {}}
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

---------------------------------------------------------------------------------------------
-- Custom reminders: qufa.reminder{code =, title =, subject =, lead =, responsible =, doc =,
-- org =, fn = function(subject, ctx) … end}. In a pack they are collected and stored with it
-- (their fn re-created from the pack's source when reminders run); in a script they count
-- for that script's db:remind{} calls.
local script_rules = {}

function qufa.reminder(def)
  if type(def) ~= "table" then
    error(format(_("qufa.%s: expects a table {…}, got %s"), "reminder", type(def)), 2)
  end
  if type(def.fn) ~= "function" then
    error(_("qufa.reminder: needs fn = function(subject, ctx) … end"), 2)
  end
  if pack then
    local t = pack.reminders
    t[#t + 1] = def
    return def
  end
  if type(def.code) ~= "string" or not def.code:match("^[a-z][a-z0-9_]*$") then
    error(format(_("qufa.reminder: code must be a lower-case identifier (got %s)"),
      tostring(def.code)), 2)
  end
  if type(def.title) ~= "string" or def.title == "" then
    error(format(_("qufa.reminder %s: needs a title"), def.code), 2)
  end
  for i, r in ipairs(script_rules) do
    if r.code == def.code then
      script_rules[i] = def
      return def
    end
  end
  script_rules[#script_rules + 1] = def
  return def
end

-- The rules a script declared, for db:remind{}.
function qufa._script_reminders()
  return script_rules
end

local function lead_text(lead)
  if type(lead) == "table" then return table.concat(lead, ",") end
  return lead
end

-- Judges one rule: calls its fn for every subject in scope (members, branches or party groups
-- of the branches under `scope`, an org id or nil for all) and returns the reminders it gives:
-- {subject_type, subject_id, subject, org_id, title, message, due, leads, responsible}. fn
-- returns false/nil (nothing to remind of), true [, message [, due]], or a table
-- {message =, due =, title =}.
function qufa._reminder_items(rule, db, scope, today)
  local fn = rule.fn
  local kind = rule.subject or "member"
  local branches = {}
  local root = rule.org and db:org(rule.org) or (scope and db:org(scope)) or nil
  if root and rule.org and scope then
    -- both: the narrower one
    local s = db:org(scope)
    local inside = false
    for o in db:orgs{under = root} do inside = inside or o.id == s.id end
    if inside then root = s end
  end
  if root and root.kind == "group" then root = db:org(root.parent_id) end
  if root and root.kind == "branch" then
    branches[1] = root
  else
    for o in db:orgs{under = root, kind = "branch"} do branches[#branches + 1] = o end
  end
  local items = {}
  local function add(subject, subject_type, label, org_id, a, b, c)
    if not a then return end
    local item = {subject_type = subject_type, subject_id = subject.id, subject = label,
      org_id = org_id, title = rule.title, leads = lead_text(rule.lead),
      responsible = rule.responsible}
    if type(a) == "table" then
      item.message, item.due, item.title = a.message, a.due, a.title or rule.title
    else
      item.message = type(b) == "string" and b or nil
      item.due = c
    end
    items[#items + 1] = item
  end
  for _i, b in ipairs(branches) do
    local ctx = {db = db, today = today, org = b, rule = rule.code}
    if kind == "branch" then
      add(b, "org", b.name, b.id, fn(b, ctx))
    elseif kind == "group" then
      for g in db:orgs{parent = b, kind = "group"} do
        add(g, "org", g.name, g.id, fn(g, ctx))
      end
    else
      for m in db:members{org = b, on = today} do
        local org = rule.responsible == "group_leader" and m.group_id or b.id
        add(m, "member", m.name, org, fn(m, ctx))
      end
    end
  end
  return items
end

-- The same for a rule declared in a collected pack.
function qufa._pack_reminder_items(p, code, db, scope, today)
  for _i, r in ipairs(p.reminders or {}) do
    if r.code == code then return qufa._reminder_items(r, db, scope, today) end
  end
  error(format(_("reminder %s is no longer in its pack source"), code), 0)
end
