-- qufa standards impact FILE.lua [--period P] [--org ORG] [--format text|json]: what loading
-- FILE (a standard's new revision, a new standard, a tailoring) would change in the findings
-- over the stored records. Returns function(db, file, opts) -> exit code.
local _ = qufa._

local ROLLBACK = setmetatable({}, {__tostring = function() return "rollback" end})

-- the findings of a check, by their stable key (one obligation, one key, in every run)
local function by_key(result)
  local t, order = {}, {}
  for f in result:findings() do
    if not t[f.key] then order[#order + 1] = f.key end
    t[f.key] = f
  end
  return t, order
end

-- {change = "new" | "gone" | "status", key, before = finding, after = finding}, in the order of
-- the findings (after's, then those gone), with change "message" for a finding that keeps its
-- status with a new message (counted; listed only with --all), and how many those are
local function changes_between(before, after)
  local a, a_order = by_key(before)
  local b, b_order = by_key(after)
  local out, reworded = {}, 0
  for _i, k in ipairs(b_order) do
    local x, y = a[k], b[k]
    if not x then
      out[#out + 1] = {change = "new", key = k, after = y}
    elseif x.status ~= y.status then
      out[#out + 1] = {change = "status", key = k, before = x, after = y}
    elseif x.message ~= y.message then
      reworded = reworded + 1
      out[#out + 1] = {change = "message", key = k, before = x, after = y}
    end
  end
  for _i, k in ipairs(a_order) do
    if not b[k] then out[#out + 1] = {change = "gone", key = k, before = a[k]} end
  end
  return out, reworded
end

local OUTCOMES = {new = _("new"), revised = _("new revision"), unchanged = _("unchanged")}
local CHANGE = {new = _("new"), gone = _("gone"), status = _("changed"),
  message = _("reworded")}

local function clause_order(x, y)
  local function parts(s)
    local t = {}
    for n in s:gmatch("%d+") do t[#t + 1] = tonumber(n) end
    return t
  end
  local p, q = parts(x), parts(y)
  for i = 1, math.max(#p, #q) do
    if (p[i] or -1) ~= (q[i] or -1) then return (p[i] or -1) < (q[i] or -1) end
  end
  return x < y
end

-- {{standard, title, n = {new, gone, status}, clauses = {{clause, n, changes}}}}
local function grouped(changes)
  local stds, order = {}, {}
  for _i, c in ipairs(changes) do
    local f = c.after or c.before
    local s = stds[f.standard]
    if not s then
      s = {standard = f.standard, title = f.standard_title, n = {new = 0, gone = 0, status = 0,
        message = 0}, clauses = {}, by_clause = {}}
      stds[f.standard] = s
      order[#order + 1] = f.standard
    end
    local cl = s.by_clause[f.clause]
    if not cl then
      cl = {clause = f.clause, n = {new = 0, gone = 0, status = 0, message = 0}, changes = {}}
      s.by_clause[f.clause] = cl
      s.clauses[#s.clauses + 1] = cl
    end
    cl.changes[#cl.changes + 1] = c
    cl.n[c.change] = cl.n[c.change] + 1
    s.n[c.change] = s.n[c.change] + 1
  end
  local out = {}
  for _i, code in ipairs(order) do
    local s = stds[code]
    table.sort(s.clauses, function(x, y) return clause_order(x.clause, y.clause) end)
    s.by_clause = nil
    out[#out + 1] = s
  end
  return out
end

local function counts_text(n)
  local parts = {}
  if n.new > 0 then parts[#parts + 1] = string.format(_("%d new"), n.new) end
  if n.gone > 0 then parts[#parts + 1] = string.format(_("%d gone"), n.gone) end
  if n.status > 0 then parts[#parts + 1] = string.format(_("%d changed status"), n.status) end
  if n.message > 0 then parts[#parts + 1] = string.format(_("%d reworded"), n.message) end
  return table.concat(parts, _(", "))
end

local function brief(f)
  if not f then return nil end
  return {status = f.status, message = f.message, rev = f.rev}
end

return function(db, file, opts)
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(string.format(_("standards impact: format '%s' is unknown (text, json)"), format))
  end
  local filter = {org = cli.ref(opts.org), period = opts.period}
  local ok, before = pcall(db.check, db, filter)
  if not ok then cli.fail(tostring(before)) end
  local report, after
  local done, err = pcall(db.transaction, db, function()
    local loaded, r = pcall(db.load_standards, db, file)
    if not loaded then error(r, 0) end
    report = r
    after = db:check(filter)
    error(ROLLBACK, 0)  -- nothing the file defines is kept
  end)
  if done or err ~= ROLLBACK then cli.fail(tostring(err)) end

  local changes, reworded = changes_between(before, after)
  local groups = grouped(changes)
  local total = {new = 0, gone = 0, status = 0, message = 0}
  for _i, c in ipairs(changes) do total[c.change] = total[c.change] + 1 end

  if format == "json" then
    local out = {file = file, period = after.period, today = db:today(), org = opts.org,
      loaded = report, summary = {new = total.new, gone = total.gone, status = total.status,
      reworded = reworded}, standards = {}}
    for _i, s in ipairs(groups) do
      local js = {standard = s.standard, title = s.title, new = s.n.new, gone = s.n.gone,
        status = s.n.status, reworded = s.n.message, clauses = {}}
      for _j, cl in ipairs(s.clauses) do
        local jc = {clause = cl.clause, new = cl.n.new, gone = cl.n.gone, status = cl.n.status,
          reworded = cl.n.message, changes = {}}
        for _k, c in ipairs(cl.changes) do
          local f = c.after or c.before
          if c.change ~= "message" or opts.all then
            jc.changes[#jc.changes + 1] = {change = c.change, key = c.key,
              requirement = f.requirement, subject = f.subject, org = f.org, period = f.period,
              before = brief(c.before), after = brief(c.after)}
          end
        end
        if #jc.changes == 0 then jc.changes = nil end  -- (an empty table would be {} in JSON)
        js.clauses[#js.clauses + 1] = jc
      end
      out.standards[#out.standards + 1] = js
    end
    if #out.standards == 0 then out.standards = nil end
    if #report == 0 then out.loaded = nil end
    print(qufa.json_text(out))
    return 0
  end

  print(string.format(_("Impact of %s on %s (as of %s); nothing is stored"), file,
    after.period, db:today()))
  for _i, item in ipairs(report) do
    print(string.format(_("  %s %s: would be %s %s"), _(item.what), item.code,
      string.format(_("rev %d"), item.rev), OUTCOMES[item.outcome]))
  end
  for _i, s in ipairs(groups) do
    print("")
    print(string.format("%s %s: %s", s.standard, s.title or "", counts_text(s.n)))
    for _j, cl in ipairs(s.clauses) do
      print(string.format("  %s: %s", cl.clause, counts_text(cl.n)))
      for _k, c in ipairs(cl.changes) do
        local f = c.after or c.before
        if c.change == "message" and not opts.all then goto next_change end
        local what = c.change == "new" and ("→ " .. f.status)
          or c.change == "gone" and (f.status .. " →")
          or (c.before.status .. " → " .. c.after.status)
        print(string.format("    %s %s  %s  %s", CHANGE[c.change], what, f.subject or "",
          f.message or ""))
        ::next_change::
      end
    end
  end
  print("")
  print(string.format(_("Summary: %d new, %d gone, %d changed status; %d kept their status "
    .. "with a new message"), total.new, total.gone, total.status, reworded))
  return 0
end
