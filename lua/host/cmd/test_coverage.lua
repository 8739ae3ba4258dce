-- The coverage of `qufa test --coverage`: per standard, each requirement (clause#N) with the
-- outcomes the tests confirmed (a finding an expectation selected and whose status it
-- expected). A requirement is covered when the tests saw it met (pass) and not met (fail for a
-- 应 clause, warn for a 宜 clause): a requirement never seen failing is not covered, nor one
-- never seen passing. A 可 clause never fails and a statement checks nothing: neither counts.
local _ = qufa._

local C = {}

local ORDER = {"pass", "fail", "warn", "open", "n/a", "error"}
local UNMET = {requirement = "fail", recommendation = "warn"}

function C.new()
  return {standards = {}, order = {}}
end

--- Notes the requirements of standard `code` as the case's database holds it (the first test
--- that loads a standard defines its clauses for the report).
function C.standard(cov, db, code, file)
  if cov.standards[code] then return end
  local s = db:standard(code)
  if not s then return end
  local std = {code = code, title = s.title, file = file, requirements = {}, by_key = {}}
  for _i, cl in ipairs(s.clauses) do
    for n, r in ipairs(cl.requirements or {}) do
      local req = {clause = cl.number, requirement = n, kind = r.kind, type = cl.type,
        outcomes = {}}
      std.requirements[#std.requirements + 1] = req
      std.by_key[cl.number .. "#" .. n] = req
    end
  end
  cov.standards[code] = std
  cov.order[#cov.order + 1] = code
end

--- A finding the tests confirmed.
function C.seen(cov, f)
  local std = cov.standards[f.standard]
  if not std then return end
  local key = f.clause .. "#" .. f.requirement
  local req = std.by_key[key]
  if not req then  -- a clause a tailoring added: reported with the standard
    req = {clause = f.clause, requirement = f.requirement, kind = f.kind, type = "requirement",
      outcomes = {}}
    std.requirements[#std.requirements + 1] = req
    std.by_key[key] = req
  end
  req.outcomes[f.status] = (req.outcomes[f.status] or 0) + 1
end

-- "covered", or what is missing: "never seen met", "never seen not met", "not exercised"
local function verdict(req)
  local unmet = UNMET[req.type]
  if not unmet then return nil end
  local met, failed = req.outcomes.pass, req.outcomes[unmet]
  if met and failed then return "covered" end
  if not next(req.outcomes) then return "not exercised" end
  if not failed then return "never seen failing" end
  return "never seen passing"
end

--- {{standard, title, file, covered, total, clauses_covered, clauses_total, requirements =
--- {{clause, requirement, kind, outcomes = {pass = N, …}, covered, missing}}}}, and the totals.
function C.report(cov)
  local out, covered, total = {}, 0, 0
  for _i, code in ipairs(cov.order) do
    local std = cov.standards[code]
    local s = {standard = code, title = std.title, file = std.file, requirements = {},
      covered = 0, total = 0}
    local clauses, clause_order = {}, {}
    for _j, req in ipairs(std.requirements) do
      local v = verdict(req)
      if v then
        s.total = s.total + 1
        if v == "covered" then s.covered = s.covered + 1 end
        if clauses[req.clause] == nil then clause_order[#clause_order + 1] = req.clause end
        clauses[req.clause] = (clauses[req.clause] ~= false) and v == "covered"
        s.requirements[#s.requirements + 1] = {clause = req.clause,
          requirement = req.requirement, kind = req.kind, outcomes = req.outcomes,
          covered = v == "covered", missing = v ~= "covered" and v or nil}
      end
    end
    -- a clause is covered when each of its requirements is
    s.clauses_total, s.clauses_covered = #clause_order, 0
    for _j, n in ipairs(clause_order) do
      if clauses[n] then s.clauses_covered = s.clauses_covered + 1 end
    end
    covered, total = covered + s.covered, total + s.total
    if #s.requirements == 0 then s.requirements = nil end  -- (an empty table would be {} in JSON)
    out[#out + 1] = s
  end
  return {standards = #out > 0 and out or nil, covered = covered, total = total}
end

local MISSING = {["not exercised"] = _("not exercised"),
  ["never seen failing"] = _("never seen failing"),
  ["never seen passing"] = _("never seen passing")}
local OUTCOME = {pass = _("pass"), fail = _("fail"), warn = _("warn"), open = _("open"),
  ["n/a"] = _("n/a"), error = _("error")}

local function percent(a, b)
  return b > 0 and string.format("%.1f%%", 100 * a / b) or "-"
end

function C.print(cov)
  local r = C.report(cov)
  print(_("Coverage (a requirement is covered when the tests saw it met and not met)"))
  for _i, s in ipairs(r.standards or {}) do
    if s.total == 0 then
      print(string.format(_("%s %s: nothing to check"), s.standard, s.title))
    else
      print(string.format(_("%s %s: %d/%d requirements covered (%s), %d/%d clauses"),
        s.standard, s.title, s.covered, s.total, percent(s.covered, s.total), s.clauses_covered,
        s.clauses_total))
      for _j, q in ipairs(s.requirements or {}) do
        local seen = {}
        for _k, o in ipairs(ORDER) do
          if q.outcomes[o] then seen[#seen + 1] = string.format("%s %d", OUTCOME[o], q.outcomes[o]) end
        end
        local label = q.clause .. "#" .. q.requirement
        print(string.format("  %s%s %-10s %s%s", label, string.rep(" ", math.max(1, 8 - #label)),
          q.kind, q.covered and _("covered") or MISSING[q.missing],
          #seen > 0 and ("  (" .. table.concat(seen, _(", ")) .. ")") or ""))
      end
    end
  end
  print(string.format(_("Total: %d/%d requirements covered (%s)"), r.covered, r.total,
    percent(r.covered, r.total)))
end

return C
