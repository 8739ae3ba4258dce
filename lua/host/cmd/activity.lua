-- qufa activity add|attend|guest|agenda|update|unattend|unguest|remove|show: an activity and
-- what it records (attendance,
-- guests, agenda) from the command line; the listing is `qufa activities`, the evidence
-- `qufa evidence add`. Each writing subcommand is one transaction.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local STATE_ZH = {present = "出席", absent = "缺席", leave = "请假", late = "迟到"}
local STATE_ORDER = {"present", "absent", "leave", "late"}
local STATES = {present = _("present"), absent = _("absent"), leave = _("on leave"),
  late = _("arrived late")}

local function who(m)
  return m.code and fmt("%s (%s)", m.name, m.code) or fmt(_("%s (member %d)"), m.name, m.id)
end

local function activity_arg(command, s)
  return cli.activity_arg(db, command, s)
end

local function describe(a)
  local org = db:org(a.org_id)
  return fmt(_("activity %d: %s %s %s %s"), a.id, a.starts_at, org.code,
    db:label("activity_kind", a.kind), a.title)
end

-- Members named in the arguments: each argument may hold several, separated by 、 , ， ; ；
-- and each may carry a reason in parentheses, as in a CSV file: 赵磊（出差）. `seen` (shared
-- by the lists of one command) catches a member named twice. Returns {member, reason} pairs.
local function members_in(command, what, list, on, seen)
  local found = {}
  for _i, arg in ipairs(list) do
    -- the wide separators are several bytes: make them commas before splitting (not inside
    -- parentheses, where a reason may have one)
    if not utf8.len(arg) then
      cli.fail(fmt(_("%s: %s: '%s' is not valid UTF-8"), command, what, arg))
    end
    local text, depth = {}, 0
    for _p, c in utf8.codes(arg) do
      local ch = utf8.char(c)
      if ch == "(" or ch == "（" then depth = depth + 1 elseif ch == ")" or ch == "）" then
        depth = depth - 1
      end
      if depth == 0 and (ch == "、" or ch == "，" or ch == "；" or ch == ";") then ch = "," end
      text[#text + 1] = depth > 0 and ch == "," and "\0" or ch
    end
    for entry in (table.concat(text) .. ","):gmatch("(.-),") do
      entry = entry:gsub("\0", ","):match("^%s*(.-)%s*$")
      local name, reason = entry:match("^(.-)%s*%((.*)%)$")
      if not name then name, reason = entry:match("^(.-)%s*（(.*)）$") end
      name = name or entry
      if name ~= "" then
        local m = cli.member_arg(db, command, what, name, on)
        if seen[m.id] then
          cli.fail(fmt(_("%s: %s: %s is named twice"), command, what, who(m)))
        end
        seen[m.id] = true
        found[#found + 1] = {member = m, reason = reason ~= "" and reason or nil}
      end
    end
  end
  return found
end

local function cmd_add()
  local command = "activity add"
  local opts, rest = cli.options(args, {date = "value", time = "value", org = "value",
    topic = "value", place = "value", host = "value", recorder = "value", lecturer = "value",
    present = "value", absent = "value", leave = "value", late = "value"}, command)
  if #rest < 2 then
    cli.fail_in(command, _("KIND and TITLE are needed (qufa activity add KIND TITLE --date D "
      .. "[--time HH:MM-HH:MM])"))
  end
  cli.no_more(rest, 2, command)
  local kind = cli.term_arg(db, command, "KIND", "activity_kind", rest[1])
  if not opts.date then cli.fail_in(command, _("--date is needed (the day it is held, YYYY-MM-DD)")) end
  local date = cli.date_arg(command, "--date", opts.date)
  local starts, ends = date .. " 00:00", nil
  if opts.time then
    local from, to = opts.time:match("^([^-]+)%-(.+)$")
    starts = date .. " " .. cli.time_arg(command, "--time", from or opts.time)
    if to then ends = date .. " " .. cli.time_arg(command, "--time", to) end
  end
  local org = opts.org and cli.org_arg(db, command, "--org", opts.org) or cli.only_branch(db, command)
  local function person(option)
    return opts[option] and cli.member_arg(db, command, "--" .. option, opts[option], date)
  end
  -- attendance in the same step, as the lists of a CSV file: 刘芳、杨静 / 赵磊（出差）
  local attendance, seen = {}, {}
  for _i, state in ipairs(STATE_ORDER) do
    if opts[state] then
      for _j, x in ipairs(members_in(command, "--" .. state, {opts[state]}, date, seen)) do
        attendance[#attendance + 1] = {member = x.member, state = state, reason = x.reason}
      end
    end
  end
  local fields = {org = org, kind = kind, title = rest[2], topic = opts.topic, place = opts.place,
    starts_at = starts, ends_at = ends, host = person("host"), recorder = person("recorder"),
    lecturer = person("lecturer"), attendance = attendance}
  local a = cli.write(db, command, function() return db:add_activity(fields) end)
  print(fmt(_("added %s"), describe(a)))
  if #attendance > 0 then
    print(fmt(_("attendance recorded for %d members"), #attendance))
  end
  return 0
end

local function cmd_attend()
  local command = "activity attend"
  local opts, rest = cli.options(args, {reason = "value"}, command)
  local a = activity_arg(command, rest[1])
  if not rest[2] then
    cli.fail_in(command, _("which state? (出席 present, 缺席 absent, 请假 leave, 迟到 late)"))
  end
  local state = cli.word_arg(command, "STATE", STATE_ZH, STATE_ORDER, rest[2])
  local members = members_in(command, "MEMBER", table.move(rest, 3, #rest, 1, {}),
    a.starts_at:sub(1, 10), {})
  if #members == 0 then
    cli.fail_in(command, _("whom? name one member or more (ids, codes or names)"))
  end
  cli.write(db, command, function()
    for _i, x in ipairs(members) do a:set_attendance(x.member, state, x.reason or opts.reason) end
  end)
  local names = {}
  for i, x in ipairs(members) do
    local reason = x.reason or opts.reason
    names[i] = reason and fmt("%s（%s）", x.member.name, reason) or x.member.name
  end
  print(fmt(_("activity %d: %s: %s"), a.id, STATES[state], table.concat(names, "、")))
  return 0
end

local function cmd_guest()
  local command = "activity guest"
  local opts, rest = cli.options(args, {affiliation = "value", role = "value"}, command)
  local a = activity_arg(command, rest[1])
  if not rest[2] then
    cli.fail_in(command, _("the guest's name is needed (qufa activity guest ACTIVITY NAME "
      .. "--role R [--affiliation A])"))
  end
  cli.no_more(rest, 2, command)
  -- the standards judge guests by role (an expert at a 半月谈): no default
  if not opts.role then
    cli.fail_in(command, _("--role is needed: 专家 expert, 上级党组织代表 representative, 领导 "
      .. "leader, 列席人员 observer, …"))
  end
  local role = cli.term_arg(db, command, "--role", "guest_role", opts.role)
  local g = cli.write(db, command, function()
    return a:add_guest{name = rest[2], affiliation = opts.affiliation, role = role}
  end)
  print(fmt(_("activity %d: guest %d %s%s%s"), a.id, g.id, g.name,
    g.affiliation and fmt(_(" (%s)"), g.affiliation) or "",
    g.role and fmt(", %s", db:label("guest_role", g.role)) or ""))
  return 0
end

-- An agenda item: SEGMENT, SEGMENT=TITLE or, as in CSV files, SEGMENT(TITLE) / SEGMENT（TITLE）.
local function agenda_item(command, s)
  local segment, title = s:match("^([^=]-)%s*=%s*(.*)$")
  if not segment then segment, title = s:match("^(.-)%s*%((.*)%)$") end
  if not segment then segment, title = s:match("^(.-)%s*（(.*)）$") end
  segment = (segment or s):match("^%s*(.-)%s*$")
  if segment == "" then
    cli.fail(fmt(_("%s: ITEM: '%s' has no segment (SEGMENT or SEGMENT=TITLE)"), command, s))
  end
  return {segment = segment, title = title ~= "" and title or nil}
end

local function cmd_agenda()
  local command = "activity agenda"
  local _o, rest = cli.options(args, {}, command)
  local a = activity_arg(command, rest[1])
  local items = {}
  for i = 2, #rest do items[#items + 1] = agenda_item(command, rest[i]) end
  if #items == 0 then
    cli.fail_in(command, _("the agenda's items are needed, in order (e.g. study=学习讲话 "
      .. "expert_briefing discussion)"))
  end
  cli.write(db, command, function() a:set_agenda(items) end)
  local shown = {}
  for i, x in ipairs(items) do shown[i] = x.title and fmt("%s（%s）", x.segment, x.title) or x.segment end
  print(fmt(_("activity %d: agenda %s"), a.id, table.concat(shown, " → ")))
  return 0
end

-- "YYYY-MM-DD HH:MM" from --date and --time given to update, keeping what is not given.
local function new_times(command, a, date_opt, time_opt)
  local date = date_opt and cli.date_arg(command, "--date", date_opt) or a.starts_at:sub(1, 10)
  local starts = date .. " " .. a.starts_at:sub(12, 16)
  local ends = a.ends_at and date .. " " .. a.ends_at:sub(12, 16)
  if time_opt then
    local from, to = time_opt:match("^([^-]+)%-(.+)$")
    starts = date .. " " .. cli.time_arg(command, "--time", from or time_opt)
    if to then ends = date .. " " .. cli.time_arg(command, "--time", to) end
  end
  return starts, ends
end

local function cmd_update()
  local command = "activity update"
  local opts, rest = cli.options(args, {kind = "value", title = "value", date = "value",
    time = "value", org = "value", topic = "value", place = "value", host = "value",
    recorder = "value", lecturer = "value"}, command)
  cli.no_more(rest, 1, command)
  local a = activity_arg(command, rest[1])
  if next(opts) == nil then
    cli.fail_in(command, _("nothing to change: give --kind, --title, --date, --time, --org, "
      .. "--topic, --place, --host, --recorder or --lecturer"))
  end
  if opts.title == "" then cli.fail_in(command, _("--title: an activity needs a title")) end
  local change = {title = opts.title, topic = opts.topic, place = opts.place}
  if opts.kind then change.kind = cli.term_arg(db, command, "--kind", "activity_kind", opts.kind) end
  if opts.org then change.org = cli.org_arg(db, command, "--org", opts.org) end
  if opts.date or opts.time then
    change.starts_at, change.ends_at = new_times(command, a, opts.date, opts.time)
  end
  local day = (change.starts_at or a.starts_at):sub(1, 10)
  for _i, role in ipairs({"host", "recorder", "lecturer"}) do
    if opts[role] then change[role] = cli.member_arg(db, command, "--" .. role, opts[role], day) end
  end
  cli.write(db, command, function() a:update(change) end)
  print(fmt(_("changed %s"), describe(db:activity(a.id))))
  return 0
end

local function cmd_unattend()
  local command = "activity unattend"
  local _o, rest = cli.options(args, {}, command)
  local a = activity_arg(command, rest[1])
  local members = members_in(command, "MEMBER", table.move(rest, 2, #rest, 1, {}),
    a.starts_at:sub(1, 10), {})
  if #members == 0 then
    cli.fail_in(command, _("whom? name one member or more (ids, codes or names)"))
  end
  local recorded = {}
  for r in a:attendance() do recorded[r.member_id] = true end
  for _i, x in ipairs(members) do
    if not recorded[x.member.id] then
      cli.fail(fmt(_("%s: MEMBER: %s has no attendance record at activity %d"), command,
        who(x.member), a.id))
    end
  end
  cli.write(db, command, function()
    for _i, x in ipairs(members) do a:remove_attendance(x.member) end
  end)
  local names = {}
  for i, x in ipairs(members) do names[i] = x.member.name end
  print(fmt(_("activity %d: attendance removed: %s"), a.id, table.concat(names, "、")))
  return 0
end

local function cmd_unguest()
  local command = "activity unguest"
  local _o, rest = cli.options(args, {}, command)
  cli.no_more(rest, 2, command)
  local a = activity_arg(command, rest[1])
  if not rest[2] then
    cli.fail_in(command, _("which guest? (the id 'qufa activity show' lists, or the name)"))
  end
  local found = {}
  for g in a:guests() do
    if tostring(g.id) == rest[2] or g.name == rest[2] then found[#found + 1] = g end
  end
  if #found == 0 then
    cli.fail(fmt(_("%s: GUEST: activity %d has no guest '%s' (see 'qufa activity show %d')"),
      command, a.id, rest[2], a.id))
  elseif #found > 1 then
    local ids = {}
    for i, g in ipairs(found) do ids[i] = tostring(g.id) end
    cli.fail(fmt(_("%s: GUEST: '%s' is the name of several guests (%s); use the id"), command,
      rest[2], table.concat(ids, ", ")))
  end
  local g = found[1]
  cli.write(db, command, function() a:remove_guest(g.id) end)
  print(fmt(_("activity %d: guest %d %s removed"), a.id, g.id, g.name))
  return 0
end

local function cmd_remove()
  local command = "activity remove"
  local opts, rest = cli.options(args, {yes = "flag"}, command)
  cli.no_more(rest, 1, command)
  local a = activity_arg(command, rest[1])
  -- what goes with it, said before it is gone
  local n = {attendance = 0, guests = 0, evidence = 0}
  for _r in a:attendance() do n.attendance = n.attendance + 1 end
  for _g in a:guests() do n.guests = n.guests + 1 end
  for _x in a:artifacts() do n.evidence = n.evidence + 1 end
  local what = fmt(_("%s (attendance records: %d, guests: %d, evidence: %d)"),
    describe(a), n.attendance, n.guests, n.evidence)
  if not opts.yes then
    cli.fail(fmt(_("%s: this deletes %s; give --yes to do it"), command, what))
  end
  cli.write(db, command, function() a:delete() end)
  print(fmt(_("removed %s"), what))
  return 0
end

local function cmd_show()
  local command = "activity show"
  local _o, rest = cli.options(args, {}, command)
  cli.no_more(rest, 1, command)
  local a = activity_arg(command, rest[1])
  local function name(id)
    local m = id and db:member(id)
    return m and who(m) or ""
  end
  local org = db:org(a.org_id)
  print(fmt(_("Activity %d"), a.id))
  cli.print_table({_("field"), _("value")}, {
    {_("kind"), db:label("activity_kind", a.kind)}, {_("title"), a.title},
    {_("topic"), a.topic or ""}, {_("org"), fmt("%s %s", org.code, org.name)},
    {_("starts"), a.starts_at}, {_("ends"), a.ends_at or ""}, {_("place"), a.place or ""},
    {_("host"), name(a.host_id)}, {_("recorder"), name(a.recorder_id)},
    {_("lecturer"), name(a.lecturer_id)},
  })
  local rows = {}
  for r in a:attendance() do
    rows[#rows + 1] = {r.member.id, r.member.code or "", r.member.name, STATES[r.state] or r.state,
      r.reason or ""}
  end
  print()
  print(_("Attendance"))
  cli.print_table({_("id"), _("code"), _("name"), _("state"), _("reason")}, rows)
  rows = {}
  for g in a:guests() do
    rows[#rows + 1] = {g.id, g.name, g.affiliation or "", g.role and db:label("guest_role", g.role) or ""}
  end
  print()
  print(_("Guests"))
  cli.print_table({_("id"), _("name"), _("affiliation"), _("role")}, rows)
  rows = {}
  for x in a:agenda() do rows[#rows + 1] = {x.seq, x.segment, x.title or ""} end
  print()
  print(_("Agenda"))
  cli.print_table({_("no."), _("segment"), _("title")}, rows)
  rows = {}
  for x in a:artifacts() do
    rows[#rows + 1] = {x.id, db:label("artifact_type", x.type), x.title or "", x.issued_at or "",
      x.size and fmt(_("%d bytes"), x.size) or (x.path or "")}
  end
  print()
  print(_("Evidence"))
  cli.print_table({_("id"), _("type"), _("title"), _("issued at"), _("content")}, rows)
  return 0
end

local SUBCOMMANDS = {add = cmd_add, attend = cmd_attend, guest = cmd_guest, agenda = cmd_agenda,
  update = cmd_update, unattend = cmd_unattend, unguest = cmd_unguest, remove = cmd_remove,
  show = cmd_show}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("activity: '%s' is not a subcommand (add, attend, guest, agenda, "
    .. "update, unattend, unguest, remove, show)"), sub)
    or _("activity: which subcommand? (see 'qufa activity --help')"))
end
return run()
