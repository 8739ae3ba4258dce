-- The fixtures of a `qufa test` case: Lua tables in, records out, through the same API a script
-- uses (db:add_org, db:add_member, db:appoint, db:add_activity …), never SQL. Returns
-- build(db, fixtures) -> names, where names.activities maps each activity's `name` to its id.
-- An error names the list and the item: "fixtures.activities[3] (t3): …".
local _ = qufa._

local F = {}

local function fail(where, err)
  error(string.format("%s: %s", where, tostring(err)), 0)
end

-- calls fn(...) and prefixes an error with `where`
local function at(where, fn, ...)
  local ok, res = pcall(fn, ...)
  if not ok then fail(where, res) end
  return res
end

local function list(fixtures, field)
  local v = fixtures[field]
  if v == nil then return {} end
  if type(v) ~= "table" then
    fail("fixtures." .. field, string.format(_("must be a list of tables, not %s"), type(v)))
  end
  return v
end

local function item_where(field, i, item)
  local name = type(item) == "table" and (item.name or item.code)
  return string.format("fixtures.%s[%d]%s", field, i, name and (" (" .. tostring(name) .. ")") or "")
end

local function check_item(where, item)
  if type(item) ~= "table" then fail(where, string.format(_("must be a table, not %s"), type(item))) end
end

-- {activity_kind = {reading_club = "读书会"}, artifact_type = {…}}: vocabulary terms a test's
-- standards use besides the built-in ones
local function kinds(db, fixtures)
  local v = fixtures.kinds or {}
  for vocab, terms in pairs(v) do
    for code, label in pairs(terms) do
      at("fixtures.kinds." .. tostring(vocab) .. "." .. tostring(code), db.define_kind, db, vocab,
        code, label)
    end
  end
end

local function orgs(db, fixtures)
  for i, o in ipairs(list(fixtures, "orgs")) do
    local where = item_where("orgs", i, o)
    check_item(where, o)
    at(where, db.add_org, db, {kind = o.kind, code = o.code, name = o.name or o.code,
      parent = o.parent, attrs = o.attrs})
  end
end

-- A member: the first status, org and group from `status`, `since`, `org`, `group`; then
-- `history`, dated changes in order: {status = "full", since = D}, {org = "gy2", since = D},
-- {group = "gy1-g2", since = D}, {leave = "gy1", on = D}; and `flags`: {flag, start, finish}.
local function members(db, fixtures)
  for i, m in ipairs(list(fixtures, "members")) do
    local where = item_where("members", i, m)
    check_item(where, m)
    local rec = at(where, db.add_member, db, {name = m.name or m.code, code = m.code,
      gender = m.gender, birth_date = m.birth_date, joined = m.joined, status = m.status,
      since = m.since, org = m.org, group = m.group, attrs = m.attrs})
    for j, h in ipairs(m.history or {}) do
      local hw = string.format("%s.history[%d]", where, j)
      check_item(hw, h)
      if h.status then
        at(hw, rec.set_status, rec, h.status, h.since, h.note)
      elseif h.org or h.group then
        at(hw, rec.join, rec, h.org or h.group, h.since)
      elseif h.leave then
        at(hw, rec.leave, rec, h.leave, h.on)
      else
        fail(hw, _("give status, org, group or leave, with since (or on)"))
      end
    end
    for j, fl in ipairs(m.flags or {}) do
      local fw = string.format("%s.flags[%d]", where, j)
      check_item(fw, fl)
      at(fw, rec.set_flag, rec, fl[1] or fl.flag, fl[2] or fl.start, fl[3] or fl.finish)
    end
  end
end

local function posts(db, fixtures)
  for i, p in ipairs(list(fixtures, "posts")) do
    local where = item_where("posts", i, p)
    check_item(where, p)
    at(where, db.appoint, db, {member = p.member, org = p.org, post = p.post, start = p.start,
      finish = p.finish})
  end
end

-- attendance = {CODE = "present", CODE2 = {"leave", "出差"}} or the list form of add_activity
local function attendance(a)
  local v = a.attendance
  if v == nil or #v > 0 then return v end
  local codes = {}
  for code in pairs(v) do codes[#codes + 1] = code end
  table.sort(codes)
  local rows = {}
  for _i, code in ipairs(codes) do
    local s = v[code]
    if type(s) == "table" then
      rows[#rows + 1] = {member = code, state = s[1] or s.state, reason = s[2] or s.reason}
    else
      rows[#rows + 1] = {member = code, state = s}
    end
  end
  return rows
end

-- agenda = {"study", "expert_briefing"} or {{segment =, title =}, …}
local function agenda(a)
  local v = a.agenda
  if v == nil then return nil end
  local rows = {}
  for _i, s in ipairs(v) do
    rows[#rows + 1] = type(s) == "table" and s or {segment = s, title = s}
  end
  return rows
end

-- evidence = {notice = "2017-04-28", news = {"2017-05-05", "2017-05-06"}} (type = the day or
-- days it was issued) or a list of add_artifact tables {type =, issued_at =, title =}
local function evidence(where, rec, a)
  local v = a.evidence
  if v == nil then return end
  if #v > 0 then
    for j, e in ipairs(v) do
      local ew = string.format("%s.evidence[%d]", where, j)
      check_item(ew, e)
      at(ew, rec.add_artifact, rec, e)
    end
    return
  end
  local types = {}
  for t in pairs(v) do types[#types + 1] = t end
  table.sort(types)
  for _i, t in ipairs(types) do
    local days = type(v[t]) == "table" and v[t] or {v[t]}
    for _j, day in ipairs(days) do
      at(where .. ".evidence." .. t, rec.add_artifact, rec, {type = t, issued_at = day})
    end
  end
end

local ACTIVITY_FIELDS = {"org", "kind", "title", "topic", "starts_at", "ends_at", "place",
  "host", "recorder", "lecturer", "guests", "attrs"}

-- An activity: the fields of db:add_activity, `on = "2017-05-03"` for a day (09:00–11:00),
-- `name` to refer to it in expectations, and attendance, agenda and evidence as above.
local function activities(db, fixtures, names)
  for i, a in ipairs(list(fixtures, "activities")) do
    local where = item_where("activities", i, a)
    check_item(where, a)
    local t = {}
    for _j, k in ipairs(ACTIVITY_FIELDS) do t[k] = a[k] end
    if a.on then
      t.starts_at = t.starts_at or (a.on .. " 09:00")
      t.ends_at = t.ends_at or (a.on .. " 11:00")
    end
    t.title = t.title or a.name or a.kind
    t.attendance = attendance(a)
    t.agenda = agenda(a)
    local rec = at(where, db.add_activity, db, t)
    evidence(where, rec, a)
    if a.name then
      if names.activities[a.name] then
        fail(where, string.format(_("the name '%s' is used twice"), a.name))
      end
      names.activities[a.name] = rec.id
    end
  end
end

-- Evidence kept by an org or a member rather than an activity (a party group's report to
-- the committee): the fields of db:add_artifact, `org` or `member` by code.
local function artifacts(db, fixtures)
  for i, x in ipairs(list(fixtures, "artifacts")) do
    local where = item_where("artifacts", i, x)
    check_item(where, x)
    at(where, db.add_artifact, db, {org = x.org, member = x.member, type = x.type,
      title = x.title or x.type, issued_at = x.issued_at or x.on, attrs = x.attrs})
  end
end

-- A democratic appraisal grade: the fields of db:set_appraisal, `activity` being the name of
-- an activity of the fixtures.
local function appraisals(db, fixtures, names)
  for i, r in ipairs(list(fixtures, "appraisals")) do
    local where = item_where("appraisals", i, r)
    check_item(where, r)
    local activity = r.activity
    if activity ~= nil then
      activity = names.activities[activity]
      if not activity then
        fail(where, string.format(_("activity '%s' is not the name of an activity of the fixtures"),
          tostring(r.activity)))
      end
    end
    at(where, db.set_appraisal, db, {member = r.member, year = r.year, result = r.result,
      activity = activity, org = r.org, note = r.note})
  end
end

-- A case of a procedure: {procedure, org | member, date, params, fields, steps}, each step
-- {step, date, fields, artifacts = {TYPE, …}} completed in order; an artifact type stands for
-- a document of that type issued on the step's day, kept by the case's org (or member).
local function cases(db, fixtures)
  for i, k in ipairs(list(fixtures, "cases")) do
    local where = item_where("cases", i, k)
    check_item(where, k)
    local c = at(where, db.flow_start, db, {procedure = k.procedure, org = k.org, member = k.member,
      date = k.date, params = k.params, fields = k.fields, note = k.note})
    for j, s in ipairs(k.steps or {}) do
      local sw = string.format("%s.steps[%d]%s", where, j, s.step and (" (" .. s.step .. ")") or "")
      check_item(sw, s)
      local docs = {}
      for _n, t in ipairs(s.artifacts or {}) do
        docs[#docs + 1] = at(sw, db.add_artifact, db, {org = not k.member and c.org_id or nil,
          member = k.member, type = t, title = t, issued_at = s.date})
      end
      at(sw, c.advance, c, {step = s.step, date = s.date, fields = s.fields, note = s.note,
        artifacts = docs})
    end
  end
end

--- The records before the standards are loaded (a branch standard names its org).
local FIELDS = {kinds = true, orgs = true, members = true, posts = true, activities = true,
  transfers = true, artifacts = true, appraisals = true, procedures = true, cases = true}

function F.records(db, fixtures)
  for k in pairs(fixtures) do
    if not FIELDS[k] then
      fail("fixtures", string.format(_("unknown field '%s' (known: %s)"), tostring(k),
        "activities, appraisals, artifacts, cases, kinds, members, orgs, posts, procedures, "
          .. "transfers"))
    end
  end
  kinds(db, fixtures)
  orgs(db, fixtures)
end

-- A transfer: the fields of db:add_transfer, and `receipt = DATE` when the receipt came back.
local function transfers(db, fixtures)
  for i, t in ipairs(list(fixtures, "transfers")) do
    local where = item_where("transfers", i, t)
    check_item(where, t)
    local rec = at(where, db.add_transfer, db, {member = t.member, org = t.org,
      direction = t.direction, letter_date = t.letter_date, other_org = t.other_org,
      letter_no = t.letter_no, valid_days = t.valid_days})
    if t.receipt then at(where .. ".receipt", rec.receipt, rec, t.receipt) end
  end
end

-- procedures = {"../../workflows/election.lua"}: procedure files, relative to the test file
local function procedures(db, fixtures, resolve)
  for i, path in ipairs(list(fixtures, "procedures")) do
    local where = string.format("fixtures.procedures[%d]", i)
    if type(path) ~= "string" then
      fail(where, string.format(_("must be a file name, not %s"), type(path)))
    end
    at(where, db.flow_load, db, resolve(path))
  end
end

--- The rest: members, posts, transfers, activities, artifacts, appraisals, then the procedures
--- and their cases. `resolve` turns a path relative to the test file into one to open.
--- Returns the names the expectations may use.
function F.rest(db, fixtures, resolve)
  local names = {activities = {}}
  members(db, fixtures)
  posts(db, fixtures)
  transfers(db, fixtures)
  activities(db, fixtures, names)
  artifacts(db, fixtures)
  appraisals(db, fixtures, names)
  procedures(db, fixtures, resolve)
  cases(db, fixtures)
  return names
end

return F
