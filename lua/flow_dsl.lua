-- The Lua side of procedures (see docs/writing-procedures.md): qufa.procedure{…}, which
-- collects declarations while a file is loaded; the conversion of a declaration to data (its
-- functions become {ref = name}, re-created later by running the stored source again); and the
-- context table that guards, on_start and on_complete functions receive.
-- Called by l_flow_rt.c with the module table and a private state table; returns the helpers.
local qufa, state = ...
local _ = qufa._
local format, type, pairs, error, tostring = string.format, type, pairs, error, tostring
local setmetatable = setmetatable

--- Declares a procedure. Only meaningful in a file loaded with `qufa flow load FILE` or
--- db:flow_load(FILE); returns its argument.
function qufa.procedure(def)
  if type(def) ~= "table" then
    error(_("qufa.procedure: expected a table {code = …, title = …, steps = {…}}"), 2)
  end
  local list = state.loading
  if not list then
    error(_("qufa.procedure declares a procedure in a file loaded with 'qufa flow load FILE' "
      .. "or db:flow_load(FILE)"), 2)
  end
  list[#list + 1] = def
  list.lines[#list] = state.where(2) -- "file:line" of this call, for the definition's errors
  return def
end

local M = {}

-- Plain data: a deep copy that refuses functions (only the known places take one).
local function copy(v, code, path, depth)
  local t = type(v)
  if t == "function" then
    error(format(_("procedure %s: %s cannot be a function"), code, path), 0)
  elseif t == "table" then
    if depth > 16 then error(format(_("procedure %s: %s is nested too deeply"), code, path), 0) end
    local out = {}
    for k, x in pairs(v) do out[k] = copy(x, code, path .. "." .. tostring(k), depth + 1) end
    return out
  end
  return v
end

--- Converts a declaration to data and a table of its functions by reference name:
--- "on_start", "STEP.guard", "STEP.on_complete", "STEP->TO" (a transition's `when`).
function M.to_data(decl)
  local code = tostring(decl.code)
  local fns = {}
  local function ref(name, f)
    fns[name] = f
    return {ref = name}
  end
  local function transition(t, step, path)
    if type(t) ~= "table" then return copy(t, code, path, 1) end
    local out = {}
    for k, v in pairs(t) do
      if k == "when" and type(v) == "function" then
        out[k] = ref(step .. "->" .. tostring(t.to), v)
      else
        out[k] = copy(v, code, path .. "." .. tostring(k), 2)
      end
    end
    return out
  end
  local function step_data(s, key)
    local path = "steps." .. tostring(key)
    if type(s) ~= "table" then return copy(s, code, path, 1) end
    local name = tostring(s.code)
    local out = {}
    for k, v in pairs(s) do
      if (k == "guard" or k == "on_complete") and type(v) == "function" then
        out[k] = ref(name .. "." .. k, v)
      elseif k == "next" and type(v) == "table" and v.to == nil then
        local list = {}
        for i, t in pairs(v) do list[i] = transition(t, name, path .. ".next." .. tostring(i)) end
        out[k] = list
      elseif k == "next" and type(v) == "table" then
        out[k] = transition(v, name, path .. ".next")
      else
        out[k] = copy(v, code, path .. "." .. tostring(k), 2)
      end
    end
    return out
  end
  local data = {}
  for k, v in pairs(decl) do
    if k == "on_start" and type(v) == "function" then
      data[k] = ref("on_start", v)
    elseif k == "steps" and type(v) == "table" then
      local steps = {}
      for i, s in pairs(v) do steps[i] = step_data(s, i) end
      data[k] = steps
    else
      data[k] = copy(v, code, tostring(k), 1)
    end
  end
  return data, fns
end

-- What guards and on_complete functions see: c.case, c.member, c.org, c.params, c.start
-- (the fields recorded at the start), c.step, c.to, c.date, c.fields (given now), c.db.
local Context = {__metatable = "qufa.flow_context"}
Context.__index = Context

--- The latest completion of `step`: {date, fields, note, actor}, or nil.
function Context:completed(step)
  if not self.case then return nil end
  local last
  for e in self.case:history() do
    if e.action == "complete" and e.step == step then last = e end
  end
  return last and {date = last.date, fields = last.fields, note = last.note, actor = last.actor}
end

--- How many times `step` was completed.
function Context:times(step)
  local n = 0
  if self.case then
    for e in self.case:history() do
      if e.action == "complete" and e.step == step then n = n + 1 end
    end
  end
  return n
end

--- A parameter's value; an unknown name is an error (a typo must not read as nil).
function Context:param(name)
  local v = self.params[name]
  if v == nil then error(format(_("procedure parameter '%s' is not declared"), tostring(name)), 2) end
  return v
end

--- Builds the context from what the C side knows (`raw`) and a database handle.
function M.context(raw, db)
  local c = setmetatable({db = db, step = raw.step, to = raw.to, date = raw.date,
    fields = raw.fields or {}}, Context)
  if raw.case_id then
    c.case = db:case(raw.case_id)
    c.params, c.start = c.case.params, c.case.fields
    c.member = c.case.member_id and db:member(c.case.member_id, {on = c.date})
    c.org = db:org(c.case.org_id)
  else
    c.params, c.start = raw.params or {}, c.fields
    c.member = raw.member_id and db:member(raw.member_id, {on = c.date})
    c.org = raw.org_id and db:org(raw.org_id)
  end
  return c
end

--- Starts collecting declarations; take_declared ends it and returns them.
function M.take_declared()
  local list = state.loading or {}
  state.loading = nil
  return list
end

--- (see take_declared)
function M.begin_loading()
  state.loading = {lines = {}}
end

return M
