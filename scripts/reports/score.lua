-- Score (opt-in): a 100-point assessment checklist applied to the check of the standards. Each
-- item loses points for the findings that fall under it, up to a cap; the checklist is Lua
-- (scripts/reports/score-items.lua explains the fields) so an organ can supply its own.
--   qufa report score --org gy1 --period 2017 [--items my-items.lua] -o 考核.xlsx
local _ = qufa._

local function as_list(v)
  if v == nil then return nil end
  if type(v) ~= "table" then return {v} end
  return v
end

local function has(list, v)
  for _i, x in ipairs(list) do if x == v then return true end end
  return false
end

-- "CODE/4.2" covers clause 4.2 of CODE and its sub-clauses 4.2.1 …
local function clause_covers(target, code, clause)
  local c, n = target:match("^([^/]+)/(.+)$")
  if not c then return target == code end
  return c == code and (clause == n or clause:sub(1, #n + 1) == n .. ".")
end

local function number(item, field, def, where)
  local v = item[field]
  if v == nil then return def end
  if type(v) ~= "number" or v < 0 then
    error(string.format(_("%s: '%s' must be a number of points, not %s"), where, field,
      tostring(v)), 0)
  end
  return v
end

-- The checklist, checked: names, points adding up, known fields.
local function checklist(data)
  if type(data) ~= "table" or type(data.items) ~= "table" or #data.items == 0 then
    error(_("score items: the file must return {title = …, items = {{name = …, points = …}, …}}"),
      0)
  end
  local KNOWN = {name = true, points = true, per_fail = true, per_warn = true, cap = true,
    standard = true, clause = true, activity = true, kind = true}
  local sum, items = 0, {}
  for i, it in ipairs(data.items) do
    local where = string.format(_("score items: item %d"), i)
    if type(it) ~= "table" or type(it.name) ~= "string" then
      error(string.format(_("%s: needs a name"), where), 0)
    end
    where = where .. " (" .. it.name .. ")"
    for k in pairs(it) do
      if not KNOWN[k] then error(string.format(_("%s: unknown field '%s'"), where, tostring(k)), 0) end
    end
    local points = number(it, "points", nil, where)
    if not points then error(string.format(_("%s: needs points"), where), 0) end
    items[i] = {name = it.name, points = points, per_fail = number(it, "per_fail", 2, where),
      per_warn = number(it, "per_warn", 0.5, where), cap = number(it, "cap", points, where),
      standard = as_list(it.standard), clause = as_list(it.clause),
      activity = as_list(it.activity), kind = as_list(it.kind),
      lost = 0, count = {}}
    sum = sum + points
  end
  local total = data.total or 100
  if math.abs(sum - total) > 1e-9 then
    error(string.format(_("score items: the points add up to %g, not %g"), sum, total), 0)
  end
  return data.title, total, items
end

return {
  title = _("Assessment score"),
  description = _("opt-in 100-point checklist: deductions from the check's findings"),
  params = {
    {name = "period", type = "period", doc = _("the period (default: this year)")},
    {name = "org", type = "org", doc = _("the branch (default: the only one)")},
    {name = "items", type = "lua", default = "score-items.lua",
     doc = _("the checklist (default: the built-in score-items.lua)")},
  },
  run = function(db, params, report)
    local org, period, today = params.org, params.period, db:today()
    local last = period.finish < today and period.finish or today
    local title, total, items = checklist(params.items)
    local result = db:check{org = org, period = period.code}

    -- the activity kinds a finding is about: its requirement's, or its activity's
    local reqs, kinds_of_activity = {}, {}
    local function kinds_of(f)
      local out = {}
      local key = f.standard .. "/" .. f.clause .. "#" .. f.requirement
      if reqs[key] == nil then
        reqs[key] = false
        local ok, std = pcall(db.standard, db, f.standard, {org = f.org_id, on = last})
        for _i, c in ipairs(ok and std and std.clauses or {}) do
          if c.number == f.clause and c.requirements and c.requirements[f.requirement] then
            reqs[key] = as_list(c.requirements[f.requirement].params.activity) or false
          end
        end
      end
      for _i, k in ipairs(reqs[key] or {}) do out[#out + 1] = k end
      if f.subject_type == "activity" and f.subject_id then
        if kinds_of_activity[f.subject_id] == nil then
          local a = db:activity(f.subject_id)
          kinds_of_activity[f.subject_id] = a and a.kind or false
        end
        if kinds_of_activity[f.subject_id] then out[#out + 1] = kinds_of_activity[f.subject_id] end
      end
      return out
    end
    local function matches(it, f)
      if it.standard and not has(it.standard, f.standard) then return false end
      if it.clause then
        local any = false
        for _i, c in ipairs(it.clause) do any = any or clause_covers(c, f.standard, f.clause) end
        if not any then return false end
      end
      if it.kind and not has(it.kind, f.kind) then return false end
      if it.activity then
        local any = false
        for _i, k in ipairs(kinds_of(f)) do any = any or has(it.activity, k) end
        if not any then return false end
      end
      return true
    end

    local details = {}
    for f in result:findings() do
      -- a lapse judged by several clauses costs once: the findings that share its cause point
      -- to the first (f.same_as), and only that one is deducted (docs/check-output.md)
      if (f.status == "fail" or f.status == "warn") and not f.same_as then
        for _i, it in ipairs(items) do
          if matches(it, f) then
            local cost = f.status == "fail" and it.per_fail or it.per_warn
            local take = math.max(0, math.min(cost, it.cap - it.lost))
            it.lost = it.lost + take
            local ref = f.standard .. " " .. f.clause
            if not it.count[ref] then
              it.count[ref] = 0
              it.count[#it.count + 1] = ref
            end
            it.count[ref] = it.count[ref] + 1
            details[#details + 1] = {item = it.name, standard = f.standard, clause = f.clause,
              subject = f.subject, message = f.message, points = take}
            break
          end
        end
      end
    end

    local r = report{
      title = title or _("Assessment score"),
      subtitle = string.format(_("%s, %s (as of %s)"), org.name, period.label, today),
      notes = _("Opt-in: deductions follow the findings of the check against the standards; "
        .. "findings of periods not yet ended are not deducted; a lapse that several clauses "
        .. "judge is deducted once. Each item loses at most its cap."),
      columns = {
        {key = "no", title = _("No."), type = "integer"},
        {key = "item", title = _("Item")},
        {key = "points", title = _("Points"), type = "number", decimals = 1, total = "sum"},
        {key = "lost", title = _("Deducted"), type = "number", decimals = 1, total = "sum"},
        {key = "score", title = _("Score"), type = "number", decimals = 1, total = "sum"},
        {key = "basis", title = _("Basis")},
      },
    }
    r:section(string.format(_("Score: %g of %g"), total - (function()
      local lost = 0
      for _i, it in ipairs(items) do lost = lost + it.lost end
      return lost
    end)(), total))
    for i, it in ipairs(items) do
      local basis = {}
      for _j, ref in ipairs(it.count) do
        basis[#basis + 1] = it.count[ref] > 1 and string.format("%s ×%d", ref, it.count[ref]) or ref
      end
      r:add{no = i, item = it.name, points = it.points, lost = it.lost,
        score = it.points - it.lost, basis = table.concat(basis, "；")}
    end
    r:section{title = _("Deductions"), columns = {
      {key = "item", title = _("Item")},
      {key = "standard", title = _("Standard")},
      {key = "clause", title = _("Clause")},
      {key = "subject", title = _("Period or activity")},
      {key = "message", title = _("Finding")},
      {key = "points", title = _("Deducted"), type = "number", decimals = 1, total = "sum"},
    }}
    for _i, d in ipairs(details) do r:add(d) end
  end,
}
