-- qufa doc TYPE ACTIVITY [--format md|html] [-o FILE] [--templates DIR] [--register] [--type T]
-- qufa doc list [--templates DIR]
-- Documents from an activity's record through templates (qufa.render): built-in ones from
-- scripts/templates/, the branch's own in --templates DIR or $QUFA_TEMPLATES, or the one a
-- standard names for its activities (templates = {notice = "…"}).
local _ = qufa._
local args = {...}
local what = table.remove(args, 1)

-- document type -> the evidence type --register records
local TYPES = {
  {name = "notice", artifact = "notice", label = _("meeting notice")},
  {name = "invitation", artifact = "invitation", label = _("invitation letter")},
  {name = "signin", label = _("attendance sheet")},
  {name = "minutes", artifact = "minutes", label = _("minutes skeleton")},
  {name = "news", artifact = "news", label = _("news brief draft")},
}
local BY_NAME = {}
for _i, t in ipairs(TYPES) do BY_NAME[t.name] = t end

local BUILTIN = {}
for _i, f in ipairs(cli.host.template_files) do BUILTIN[f.name] = f.source end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- The folders of the branch's own templates, searched before the built-in ones.
local function user_dirs(opts)
  local dirs = {}
  if opts.templates then dirs[#dirs + 1] = opts.templates end
  local env = os.getenv("QUFA_TEMPLATES")
  if env and env ~= "" then dirs[#dirs + 1] = env end
  for _i, d in ipairs(dirs) do
    local probe = io.open(d, "rb")
    if not probe then cli.fail(string.format(_("doc: template folder %s does not exist"), d)) end
    probe:close()
  end
  return dirs
end

-- Finds `file` (a name such as "notice.md"): the branch's folders first, then the built-in
-- templates. Returns its text and where it came from.
local function find(dirs, file)
  for _i, d in ipairs(dirs) do
    local path = d .. "/" .. file
    local s = read(path)
    if s then return s, path end
  end
  if BUILTIN[file] then return BUILTIN[file], "scripts/templates/" .. file end
  return nil
end

-- The template file names to try for a document: in English the .en.md variant first; for
-- HTML a branch's .html template before the Markdown one.
local function candidates(base, format)
  local list = {}
  local en = qufa.language() == "en"
  if format == "html" then
    if en then list[#list + 1] = base .. ".en.html" end
    list[#list + 1] = base .. ".html"
  end
  if en then list[#list + 1] = base .. ".en.md" end
  list[#list + 1] = base .. ".md"
  return list
end

-- The template a standard in force names for this kind of activity and document type.
local function named_by_standard(db, a, doctype)
  local day = a.starts_at:sub(1, 10)
  local found
  for s in db:standards{} do
    local ok, std = pcall(db.standard, db, s.code, {org = a.org_id, on = day})
    if ok and std and std.applies ~= false and std.in_force ~= false and std.templates
      and std.templates[doctype] then
      local concerns = false
      for _i, c in ipairs(std.clauses or {}) do
        for _j, r in ipairs(c.requirements or {}) do
          local kinds = r.params and r.params.activity
          if type(kinds) == "string" then kinds = {kinds} end
          for _k, k in ipairs(kinds or {}) do concerns = concerns or k == a.kind end
        end
      end
      -- a branch's own standard is more specific than one issued from above
      if concerns and (not found or (std.origin == "branch" and found.origin ~= "branch")) then
        found = {file = std.templates[doctype], code = std.code, origin = std.origin}
      end
    end
  end
  return found
end

local function template_for(db, a, doctype, format, dirs)
  local named = a and named_by_standard(db, a, doctype)
  if named then
    local s, where = find(dirs, named.file)
    if not s then
      cli.fail(string.format(_("doc: standard %s names the template %s for its %s, but it is "
        .. "neither in the template folders nor built in"), named.code, named.file, doctype))
    end
    return s, where, named.file
  end
  -- the branch's folders first, whatever variant they hold; then the built-in ones
  local files = candidates(doctype, format)
  for _i, d in ipairs(dirs) do
    for _j, file in ipairs(files) do
      local s, where = find({d}, file)
      if s and where ~= "scripts/templates/" .. file then return s, where, file end
    end
  end
  for _i, file in ipairs(files) do
    if BUILTIN[file] then return BUILTIN[file], "scripts/templates/" .. file, file end
  end
  cli.fail(string.format(_("doc: no template for %s"), doctype))
end

-- ---- the data a template sees -----------------------------------------------------------

local WEEKDAYS_ZH = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"}
local WEEKDAYS_EN = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  "Sunday"}

local function date_text(day)
  if not day then return nil end
  local y, m, d = day:match("^(%d+)-(%d+)-(%d+)")
  if qufa.language() == "zh" then
    return string.format("%d年%d月%d日", tonumber(y), tonumber(m), tonumber(d))
  end
  return day
end

local function weekday(day)
  local w = qufa.weekday(day)
  return qufa.language() == "zh" and WEEKDAYS_ZH[w] or WEEKDAYS_EN[w]
end

local function data_for(db, a)
  local day = a.starts_at:sub(1, 10)
  local org = db:org(a.org_id)
  local branch = org.kind == "group" and org:parent() or org
  local function name(id)
    local m = id and db:member(id)
    return m and m.name or nil
  end
  local secretary = db:holder(branch, "secretary", day)
  -- the number of this activity among its kind this year in the branch (第N期)
  local seq = 0
  for x in db:activities{under = branch, kind = a.kind, from = day:sub(1, 4) .. "-01-01",
    to = day} do
    seq = seq + 1
    if x.id == a.id then break end
  end

  local agenda = {}
  for item in a:agenda() do
    agenda[#agenda + 1] = {seq = item.seq, title = item.title, segment = item.segment}
  end
  for i, item in ipairs(agenda) do
    item.ordinal = i == 1 and _("First") or i == #agenda and _("Finally") or _("Then")
    item.last = i == #agenda
  end

  local guests = {}
  for g in a:guests() do
    local role = g.role or "observer"
    guests[#guests + 1] = {name = g.name, affiliation = g.affiliation, role = role,
      role_label = db:label("guest_role", role), ["role_" .. role] = true}
  end
  for i, g in ipairs(guests) do
    g.no = i
    g.last = i == #guests
  end
  local guest_names = {}
  for _i, g in ipairs(guests) do
    guest_names[#guest_names + 1] = g.affiliation and string.format("%s（%s）", g.name, g.affiliation)
      or g.name
  end

  -- who is expected: the attendance recorded, else the org's members on the day
  local STATES = {present = _("present"), absent = _("absent"), leave = _("on leave"),
    late = _("late")}
  local attendees, recorded, present, away = {}, false, 0, {}
  for x in a:attendance() do
    recorded = true
    local note
    if x.state ~= "present" then
      note = STATES[x.state] .. (x.reason and "：" .. x.reason or "")
      if x.state ~= "late" then away[#away + 1] = string.format("%s（%s）", x.member.name, note) end
    end
    if x.state == "present" or x.state == "late" then present = present + 1 end
    attendees[#attendees + 1] = {name = x.member.name, code = x.member.code,
      group_id = x.member.group_id, note = note}
  end
  if not recorded then
    for m in db:members{org = org, on = day, status = {"full", "probationary"}} do
      attendees[#attendees + 1] = {name = m.name, code = m.code, group_id = m.group_id,
        note = m.status == "probationary" and _("probationary") or nil}
    end
  end
  table.sort(attendees, function(x, y) return (x.code or x.name) < (y.code or y.name) end)
  local groups = {}
  for i, x in ipairs(attendees) do
    x.no = i
    if x.group_id then
      groups[x.group_id] = groups[x.group_id] or db:org(x.group_id)
      x.group = groups[x.group_id] and groups[x.group_id].name
    end
    x.group_id = nil
  end

  local today = db:today()
  local ends = a.ends_at and a.ends_at:sub(1, 10) == day and a.ends_at:sub(12, 16) or nil
  return {
    org = {name = org.name, code = org.code, kind = org.kind, is_group = org.kind == "group"},
    branch = {name = branch.name, code = branch.code},
    secretary = secretary and secretary.name,
    activity = {
      id = a.id, kind = a.kind, kind_label = db:label("activity_kind", a.kind),
      title = a.title, topic = a.topic, place = a.place,
      date = day, date_text = date_text(day), weekday = weekday(day),
      start = a.starts_at:sub(12, 16), ["end"] = ends,
      time = a.starts_at:sub(12, 16) .. (ends and "-" .. ends or ""),
      host = name(a.host_id), recorder = name(a.recorder_id), lecturer = name(a.lecturer_id),
      seq_in_year = seq,
    },
    agenda = agenda, has_agenda = #agenda > 0,
    guests = guests, has_guests = #guests > 0, guests_text = table.concat(guest_names, "、"),
    attendees = attendees,
    attendance = {recorded = recorded, due = #attendees, present = present,
      away_text = table.concat(away, "、")},
    today = today, today_text = date_text(today),
  }
end

-- ---- commands -----------------------------------------------------------------------------

local function list()
  local opts, rest = cli.options(args, {templates = "value"}, "doc list")
  if #rest > 0 then cli.fail(string.format(_("doc: unexpected argument '%s'"), rest[1])) end
  local dirs = user_dirs(opts)
  for _i, t in ipairs(TYPES) do
    local _s, where = template_for(nil, nil, t.name, "md", dirs)
    print(string.format("%-11s %-18s %s", t.name, t.label, where))
  end
  return 0
end

local function generate(doctype)
  local t = BY_NAME[doctype]
  if not t then
    cli.fail(string.format(_("doc: unknown document '%s' (notice, invitation, signin, minutes, "
      .. "news)"), tostring(doctype)))
  end
  local opts, rest = cli.options(args, {format = "value", o = "value", output = "value",
    templates = "value", register = "flag", type = "value"}, "doc " .. doctype)
  if #rest ~= 1 then
    cli.fail(string.format(_("doc %s: name one activity by its id (see 'qufa activities')"),
      doctype))
  end
  local id = math.tointeger(tonumber(rest[1]))
  local a = id and db:activity(id)
  if not a then cli.fail(string.format(_("doc: there is no activity %s"), rest[1])) end
  local format = opts.format or "md"
  if format == "markdown" then format = "md" end
  if format ~= "md" and format ~= "html" then
    cli.fail(string.format(_("doc: format '%s' is unknown (md, html)"), format))
  end
  local artifact_type = opts.type or t.artifact
  if opts.register and not artifact_type then
    cli.fail(string.format(_("doc: %s has no evidence type of its own; give one with --type "
      .. "(e.g. --type archive)"), doctype))
  end
  if opts.register then
    local ok, why = db:check_term("artifact_type", artifact_type)
    if not ok then cli.fail(why) end
  end

  local source, where, file = template_for(db, a, doctype, format, user_dirs(opts))
  local data = data_for(db, a)
  local html_template = file:match("%.html$") ~= nil
  if html_template and format ~= "html" then
    cli.fail(string.format(_("doc: the template %s is HTML; use --format html"), where))
  end
  local ok, out = pcall(qufa.render, source, data, {name = where,
    escape = html_template and "html" or "markdown"})
  if not ok then cli.fail(tostring(out)) end
  local title = out:match("^#%s+([^\n]+)") or out:match("\n#%s+([^\n]+)")
  title = title and title:gsub("\\(%p)", "%1") or t.label
  local content, mime = out, "text/markdown; charset=utf-8"
  if format == "html" and not html_template then
    local css = find(user_dirs(opts), "document.css")
    ok, content = pcall(qufa.markdown_html, out, {css = css})
    if not ok then cli.fail(tostring(content)) end
  end
  if format == "html" then
    mime = "text/html; charset=utf-8"
    title = html_template and (out:match("<title>(.-)</title>") or t.label) or title
  end

  local file_out = opts.o or opts.output
  if file_out then
    cli.write_file("doc", file_out, content)
  else
    io.write(content)
  end
  if opts.register then
    local today = db:today()
    local clock = today == os.date("%Y-%m-%d") and os.date("%H:%M") or "00:00"
    local x = a:add_artifact{type = artifact_type, title = title, issued_at = today .. " " .. clock,
      content = content, mime = mime, attrs = {generated_by = "qufa doc", template = where}}
    io.stderr:write(string.format(_("registered as %s %d of activity %d\n"),
      db:label("artifact_type", artifact_type), x.id, a.id))
  end
  return 0
end

if what == "list" then return list() end
if not what then
  cli.fail(_("doc: which document? (notice, invitation, signin, minutes, news; or list)"))
end
return generate(what)
