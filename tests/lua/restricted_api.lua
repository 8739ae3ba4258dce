-- What restricted code (a shared pack's check function, `qufa run --restricted`) can reach of
-- the API, method by method. Every method of the database handle and of each record type is
-- classified below as a read, or as refused in a sandbox (it writes, touches files or the
-- audit log, or would show personal fields in clear). A method that is not classified fails
-- this test, so nothing new reaches shared packs unreviewed. Then every refused method is
-- called, with arguments that would work in a trusted script, from a check function of a pack:
-- each must raise, and members must come masked.
local t = require "t"

local CLASSES = {
  db = {
    read = "activities activity actor artifact artifacts assessment assessments audit_verify check explain "
      .. "activity_counts activity_kinds attendance_totals check_each check_tally check_term "
      .. "appraisal appraisals "
      .. "count_members export_csv holder label member members org orgs path position positions "
      .. "schema_version standard standards systems today transaction_depth transfer transfers vocab "
      -- procedures and the workday calendar
      .. "add_workdays calendar calendar_add calendar_has_year case cases count_workdays flow_due "
      .. "flow_params is_workday procedure procedures "
      -- reminders
      .. "reminder reminders remind_settings "
      -- sync: what an organ holds and what a branch would pull (no records, no personal data)
      .. "sync_acked sync_branches sync_default_name sync_packs "
      -- waivers
      .. "waiver waivers",
    refused = "add_activity add_artifact add_member add_org add_transfer appoint audit set_appraisal "
      .. "close define_kind import_csv import export_xlsx load_standards set_actor set_today "
      .. "transaction "
      .. "calendar_import flow_load flow_set_param flow_start remind set_remind_setting "
      -- a push writes another database; a replica holds a branch's records in clear
      .. "sync_push sync_replica add_waiver check_write",
  },
  case = {read = "definition deadlines history refresh", refused = "advance cancel"},
  org = {read = "activities children counts members parent", refused = "delete update"},
  member = {read = "age has_flag history status_on",
    refused = "clear_flag delete join leave set_flag set_status update"},
  activity = {read = "agenda artifacts attendance attendees counts guests org",
    refused = "add_artifact add_guest delete remove_attendance remove_guest set_agenda "
      .. "set_attendance update"},
  artifact = {read = "content", refused = "delete update"},
  position = {read = "member", refused = "delete finish update"},
  transfer = {read = "", refused = "delete receipt update"},
  appraisal = {read = "", refused = "delete"},
  result = {read = "csv findings json rejudged summary text", refused = "save"},
  waiver = {read = "", refused = "end_on"},
}

-- How each refused method is called (D = ctx.db, O = the org, M, A, X, P, T, C = a member,
-- activity, artifact, position, transfer and case); export_csv is a read only without a path
-- and without unmask, so those two are tried as well.
local CALLS = {
  ["db.add_activity"] = [[D:add_activity{org = "gy1", kind = "lecture", title = "x", starts_at = "2017-05-02 09:00"}]],
  ["db.add_artifact"] = [[D:add_artifact{org = "gy1", type = "minutes", content = "x"}]],
  ["db.add_member"] = [[D:add_member{name = "x", status = "full", since = "2017-01-01", org = "gy1"}]],
  ["db.add_org"] = [[D:add_org{kind = "branch", code = "x2", name = "x", parent = "jg"}]],
  ["db.add_transfer"] = [[D:add_transfer{member = "M1", org = "gy1", direction = "in", letter_date = "2017-05-01"}]],
  ["db.set_appraisal"] = [[D:set_appraisal{member = "M1", year = 2017, result = "qualified"}]],
  ["appraisal.delete"] = [[G:delete()]],
  ["db.appoint"] = [[D:appoint{member = "M1", org = "gy1", post = "organization", start = "2017-01-01"}]],
  ["db.audit"] = [[D:audit{}]],
  ["db.sync_push"] = [[D:sync_push(D)]],
  ["db.sync_replica"] = [[D:sync_replica("gy1")]],
  ["db.close"] = [[D:close()]],
  ["db.define_kind"] = [[D:define_kind("post", "king", "国王")]],
  ["db.import_csv"] = [[D:import_csv("members", "members.csv")]],
  ["db.import"] = [[D:import("members", "members.xlsx")]],
  ["db.export_xlsx"] = [[D:export_xlsx("members", "qufa-restricted-export.xlsx")]],
  ["db.load_standards"] = [[D:load_standards{text = "", name = "x.lua"}]],
  ["db.set_actor"] = [[D:set_actor("冒名者")]],
  ["db.set_today"] = [[D:set_today("2099-01-01")]],
  ["db.transaction"] = [[D:transaction(function() end)]],
  ["db.export_csv path"] = [[D:export_csv("members", {path = "qufa-restricted-export.csv"})]],
  ["db.export_csv unmask"] = [[D:export_csv("members", {unmask = true})]],
  ["org.delete"] = [[O:delete()]],
  ["org.update"] = [[O:update{name = "x"}]],
  ["member.clear_flag"] = [[M:clear_flag("mobile", "2017-08-31")]],
  ["member.delete"] = [[M:delete()]],
  ["member.join"] = [[M:join("gy1", "2017-01-01")]],
  ["member.leave"] = [[M:leave("gy1", "2017-08-31")]],
  ["member.set_flag"] = [[M:set_flag("mobile", "2017-01-01")]],
  ["member.set_status"] = [[M:set_status("probationary", "2017-09-01")]],
  ["member.update"] = [[M:update{name = "x"}]],
  ["activity.add_artifact"] = [[A:add_artifact{type = "minutes", content = "x"}]],
  ["activity.add_guest"] = [[A:add_guest{name = "x", role = "expert"}]],
  ["activity.delete"] = [[A:delete()]],
  ["activity.remove_attendance"] = [[A:remove_attendance("M1")]],
  ["activity.remove_guest"] = [[A:remove_guest(1)]],
  ["activity.set_agenda"] = [[A:set_agenda{{segment = "study", title = "x"}}]],
  ["activity.set_attendance"] = [[A:set_attendance("M1", "absent")]],
  ["activity.update"] = [[A:update{title = "x"}]],
  ["artifact.delete"] = [[X:delete()]],
  ["artifact.update"] = [[X:update{title = "x"}]],
  ["position.delete"] = [[P:delete()]],
  ["position.finish"] = [[P:finish("2017-08-31")]],
  ["position.update"] = [[P:update{note = "x"}]],
  ["transfer.delete"] = [[T:delete()]],
  ["transfer.receipt"] = [[T:receipt("2017-06-01")]],
  ["transfer.update"] = [[T:update{note = "x"}]],
  ["result.save"] = [[D:check{org = "gy1", period = "2017", standard = "NOTHING"}:save(D)]],
  ["db.check_write"] = [[D:check_write{format = "csv", org = "gy1", period = "2017"}]],
  ["db.calendar_import"] = [[D:calendar_import{text = "2017-10-01 off", name = "x"}]],
  ["db.flow_load"] = [[D:flow_load{source = "", name = "x.lua"}]],
  ["db.flow_set_param"] = [[D:flow_set_param("visit", "report_within", "3wd")]],
  ["db.flow_start"] = [[D:flow_start{procedure = "visit", member = "M1", date = "2017-09-01"}]],
  ["case.advance"] = [[C:advance{step = "plan", date = "2017-09-01"}]],
  ["case.cancel"] = [[C:cancel{note = "x"}]],
  ["db.remind"] = [[D:remind{within = "30d", dry_run = true, exec = "touch qufa-restricted-remind"}]],
  ["db.set_remind_setting"] = [[D:set_remind_setting("nag", "1d")]],
  ["db.add_waiver"] = [[D:add_waiver{target = "W/1", subject = "gy1/period/2017", reason = "x",
    approved_by = "y", to = "2017-12-31"}]],
  ["waiver.end_on"] = [[W:end_on()]],
  -- reads that take a file in one form
  ["db.load_standards file"] = [[D:load_standards("pack.lua")]],
}

-- the records to enumerate (and for the check functions to work on)
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local gy1 = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local m = db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = gy1,
  birth_date = "1980-03-02", phone = "13912345678", id_number = "110101198003021234"}
local a = db:add_activity{org = gy1, kind = "lecture", title = "党课", starts_at = "2017-05-01 09:00",
  attendance = {{member = m, state = "present"}}, guests = {{name = "专家", role = "expert"}}}
local x = a:add_artifact{type = "minutes", content = "记录"}
local p = db:appoint{member = m, org = gy1, post = "secretary", start = "2017-01-01"}
local tr = db:add_transfer{member = m, org = gy1, direction = "out", letter_date = "2017-05-01"}
local ap = db:set_appraisal{member = m, year = 2016, result = "excellent"}
local r = db:check{org = gy1, period = "2017"}
db:flow_load{name = "visit.lua", source = [[
qufa.procedure{code = "visit", title = "走访", subject = "member", params = {report_within = "5wd"},
  steps = {{code = "plan", title = "计划"}, {code = "visit", title = "走访"}}}
]]}
local case = db:flow_start{procedure = "visit", member = m, date = "2017-09-01"}
db:load_standards{name = "w.lua", text = [[qufa.standard{code = "W", title = "说明",
  effective = "2017-01-01", clauses = {{number = "1", type = "陈述", text = "x"}}}]]}
local wv = db:add_waiver{target = "W/1", subject = "gy1/period/2017", reason = "x",
  approved_by = "y", from = "2017-01-01", to = "2017-12-31"}

local function methods(v)
  local idx = debug.getmetatable(v).__index
  if type(idx) ~= "table" then idx = debug.getmetatable(v).methods end
  local set = {}
  for k, f in pairs(idx) do if type(f) == "function" then set[k] = true end end
  return set
end
local function words(s)
  local set = {}
  for w in s:gmatch("%S+") do set[w] = true end
  return set
end
local found = {db = methods(db), org = methods(jg), member = methods(m), activity = methods(a),
  artifact = methods(x), position = methods(p), transfer = methods(tr), result = methods(r),
  case = methods(case), appraisal = methods(ap), waiver = methods(wv)}
local unclassified, stale = {}, {}
for kind, have in pairs(found) do
  local read, refused = words(CLASSES[kind].read), words(CLASSES[kind].refused)
  for name in pairs(have) do
    if not read[name] and not refused[name] then unclassified[#unclassified + 1] = kind .. "." .. name end
  end
  for name in pairs(read) do if not have[name] then stale[#stale + 1] = kind .. "." .. name end end
  for name in pairs(refused) do
    if not have[name] then stale[#stale + 1] = kind .. "." .. name end
    t.ok(CALLS[kind .. "." .. name], "a call for " .. kind .. "." .. name)
  end
end
table.sort(unclassified)
t.eq(#unclassified, 0, "methods restricted code can reach that are not classified here: "
  .. table.concat(unclassified, ", "))
t.eq(#stale, 0, "classified methods that no longer exist: " .. table.concat(stale, ", "))

-- a pack with one check function per refused call, and one that looks at a member
local names = {}
for name in pairs(CALLS) do names[#names + 1] = name end
table.sort(names)
local clauses = {}
local PRELUDE = [[
local D, O = ctx.db, org
local M = D:member("M1")
local A = qufa.list(D:activities{})[1]
local X = qufa.list(D:artifacts{})[1]
local P = qufa.list(D:positions{})[1]
local T = qufa.list(D:transfers{})[1]
local C = D:case(1)
local W = D:waiver(1)
local G = qufa.list(D:appraisals{})[1]
]]
for i, name in ipairs(names) do
  clauses[i] = string.format([[
  {number = "%d", type = "应", text = %q, require = qufa.check{subject = "org", fn = function(org, ctx)
%s
    local ok, err = pcall(function() return %s end)
    if ok then return false, %q .. ": not refused" end
    err = tostring(err)
    for _, why in ipairs({"read-only here", "restricted code cannot", "belongs to the qufa host"}) do
      if err:find(why, 1, true) then return true end
    end
    return false, %q .. ": " .. err
  end}},
]], i, name, PRELUDE, CALLS[name], name, name)
end
clauses[#clauses + 1] = string.format([[
  {number = "%d", type = "应", text = "masked", require = qufa.check{subject = "org", fn = function(org, ctx)
%s
    local seen = {M.birth_date, M.phone, M.id_number}
    for r in A:attendance() do seen[#seen + 1] = r.member.phone end
    seen[#seen + 1] = D:export_csv("members")
    local text = table.concat(seen, " ")
    if text:find("13912345678", 1, true) or text:find("1980-03-02", 1, true)
      or text:find("198003021234", 1, true) then return false, "in clear: " .. text end
    return M.phone == "139****5678" and M.birth_date == "1980-**-**"
      and M.id_number == "110101********1234", text
  end}},
]], #names + 1, PRELUDE)
local pack = 'qufa.standard{code = "RAPI", title = "受限接口", effective = "2017-01-01", clauses = {\n'
  .. table.concat(clauses) .. "}}\n"
  .. 'qufa.standard{code = "NOTHING", title = "空", effective = "2017-01-01", clauses = {{number = "1", '
  .. 'type = "陈述", text = "x"}}}\n'
db:load_standards{text = pack, name = "restricted_api.lua"}
local checked = 0
for f in db:check{org = gy1, period = "2017", standard = "RAPI"}:findings{} do
  checked = checked + 1
  t.eq(f.status, "pass", "clause " .. f.clause .. " (" .. tostring(f.message) .. ")")
end
t.eq(checked, #names + 1, "findings")
-- the trusted handle still sees everything
t.eq(db:member("M1").phone, "13912345678", "trusted code reads the phone in clear")
local classified = 0
for _, have in pairs(found) do for _ in pairs(have) do classified = classified + 1 end end
print(string.format("ok: %d methods classified; %d calls refused in a sandbox; members masked",
  classified, #names))
