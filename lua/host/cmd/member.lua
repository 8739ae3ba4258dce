-- qufa member add|update|status|join|leave|flag|unflag|show: a member's record and dated
-- history from the command line (the listing is `qufa members`). Each writing subcommand is
-- one transaction: it writes everything or, on an error, nothing.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local GENDER_ZH = {male = "男", female = "女"}
local GENDER_ORDER = {"male", "female"}

local function status_arg(command, what, s)
  return cli.word_arg(command, what, cli.STATUS_ZH, cli.STATUS_ORDER, s)
end

local function gender_arg(command, s)
  return cli.word_arg(command, "--gender", GENDER_ZH, GENDER_ORDER, s)
end

local function org_code(id)
  local o = id and db:org(id)
  return o and o.code or nil
end

-- "张三 (GY1-019)" or "张三 (member 19)" for a member without a code.
local function who(m)
  return m.code and fmt("%s (%s)", m.name, m.code) or fmt(_("%s (member %d)"), m.name, m.id)
end

local function member_of(command, rest, on)
  if not rest[1] then
    cli.fail(fmt(_("%s: which member? (an id, a code or a name)"), command))
  end
  return cli.member_arg(db, command, "MEMBER", rest[1], on)
end

-- The branch and party group of a new member: --group alone names the branch above it;
-- neither gives the only branch.
local function placement(command, opts)
  local org = opts.org and cli.org_arg(db, command, "--org", opts.org)
  local group = opts.group and cli.org_arg(db, command, "--group", opts.group)
  if org and org.kind == "group" then
    cli.fail(fmt(_("%s: --org: %s is a party group; give it as --group"), command, org.code))
  end
  if group and group.kind ~= "group" then
    cli.fail(fmt(_("%s: --group: %s is a %s, not a party group"), command, group.code,
      cli.ORG_KINDS[group.kind]))
  end
  if group and not org then org = db:org(group.parent_id) end
  if group and group.parent_id ~= org.id then
    cli.fail(fmt(_("%s: --group: party group %s is not under %s"), command, group.code, org.code))
  end
  return org or cli.only_branch(db, command), group
end

local ADD_OPTIONS = {code = "value", gender = "value", ["birth-date"] = "value",
  joined = "value", status = "value", since = "value", org = "value", group = "value",
  phone = "value", ["id-number"] = "value"}

local function cmd_add()
  local command = "member add"
  local opts, rest = cli.options(args, ADD_OPTIONS, command)
  if not rest[1] then
    cli.fail_in(command, _("whose name? (qufa member add NAME [--status S] [--org ORG] …)"))
  end
  cli.no_more(rest, 1, command)
  local status = opts.status and status_arg(command, "--status", opts.status)
  local joined = cli.date_arg(command, "--joined", opts.joined)
  local since = cli.date_arg(command, "--since", opts.since)
  -- as in a CSV import: a full or probationary member's status dates from joining
  if not since and joined and (status == "full" or status == "probationary") then since = joined end
  local org, group = placement(command, opts)
  local m = cli.write(db, command, function()
    return db:add_member{name = rest[1], code = opts.code,
      gender = opts.gender and gender_arg(command, opts.gender),
      birth_date = cli.date_arg(command, "--birth-date", opts["birth-date"]), joined = joined,
      phone = opts.phone, id_number = opts["id-number"], status = status, since = since,
      org = org, group = group}
  end)
  local place = group and fmt("%s / %s", org.code, group.code) or org.code
  if status then
    print(fmt(_("added member %d: %s, %s from %s, in %s"), m.id, who(m), cli.STATUSES[status],
      since or db:today(), place))
  else
    print(fmt(_("added member %d: %s, in %s"), m.id, who(m), place))
  end
  return 0
end

local function cmd_update()
  local command = "member update"
  local opts, rest = cli.options(args, {name = "value", code = "value", gender = "value",
    ["birth-date"] = "value", joined = "value", phone = "value", ["id-number"] = "value"},
    command)
  cli.no_more(rest, 1, command)
  local m = member_of(command, rest)
  if next(opts) == nil then
    cli.fail_in(command, _("nothing to change: give --name, --code, --gender, --birth-date, "
      .. "--joined, --phone or --id-number (an empty value clears it)"))
  end
  -- an empty value clears an optional field
  local function value(v, parse)
    if v == nil then return nil end
    if v == "" then return false end
    return parse and parse(v) or v
  end
  if opts.name == "" then cli.fail_in(command, _("--name: a member needs a name")) end
  local change = {name = opts.name, code = value(opts.code),
    gender = value(opts.gender, function(v) return gender_arg(command, v) end),
    birth_date = value(opts["birth-date"],
      function(v) return cli.date_arg(command, "--birth-date", v) end),
    joined = value(opts.joined, function(v) return cli.date_arg(command, "--joined", v) end),
    phone = value(opts.phone), id_number = value(opts["id-number"])}
  cli.write(db, command, function() m:update(change) end)
  print(fmt(_("changed member %d: %s"), m.id, who(db:member(m.id))))
  return 0
end

local function cmd_status()
  local command = "member status"
  local opts, rest = cli.options(args, {date = "value", note = "value"}, command)
  cli.no_more(rest, 2, command)
  local m = member_of(command, rest)
  if not rest[2] then
    cli.fail_in(command, _("which status? (正式党员 full, 预备党员 probationary, 发展对象 "
      .. "candidate, 入党积极分子 activist, 入党申请人 applicant)"))
  end
  local status = status_arg(command, "STATUS", rest[2])
  local date = cli.date_arg(command, "--date", opts.date) or db:today()
  cli.write(db, command, function() m:set_status(status, date, opts.note) end)
  print(fmt(_("%s: %s from %s"), who(m), cli.STATUSES[status], date))
  return 0
end

local function cmd_join()
  local command = "member join"
  local opts, rest = cli.options(args, {date = "value"}, command)
  cli.no_more(rest, 2, command)
  local m = member_of(command, rest)
  if not rest[2] then
    cli.fail_in(command, _("which org? (a branch, or a party group)"))
  end
  local org = cli.org_arg(db, command, "ORG", rest[2])
  local date = cli.date_arg(command, "--date", opts.date) or db:today()
  cli.write(db, command, function() m:join(org, date) end)
  print(fmt(_("%s: in %s (%s) from %s"), who(m), org.code, org.name, date))
  return 0
end

local function cmd_leave()
  local command = "member leave"
  local opts, rest = cli.options(args, {date = "value"}, command)
  cli.no_more(rest, 2, command)
  local date = cli.date_arg(command, "--date", opts.date) or db:today()
  local m = member_of(command, rest, date)
  local org
  if rest[2] then
    org = cli.org_arg(db, command, "ORG", rest[2])
  elseif m.org_id then
    org = db:org(m.org_id)
  else
    cli.fail(fmt(_("%s: %s is in no branch on %s"), command, who(m), date))
  end
  cli.write(db, command, function() m:leave(org, date) end)
  print(fmt(_("%s: left %s (%s) on %s"), who(m), org.code, org.name, date))
  return 0
end

local function cmd_flag()
  local command = "member flag"
  local opts, rest = cli.options(args, {from = "value", to = "value"}, command)
  cli.no_more(rest, 2, command)
  local m = member_of(command, rest)
  if not rest[2] then
    cli.fail_in(command, _("which flag? (流动党员 mobile, 停止党籍 suspended, 留党察看 "
      .. "on_probation_discipline)"))
  end
  local flag = cli.term_arg(db, command, "FLAG", "flag", rest[2])
  local from = cli.date_arg(command, "--from", opts.from) or db:today()
  local to = cli.date_arg(command, "--to", opts.to)
  cli.write(db, command, function() m:set_flag(flag, from, to) end)
  print(fmt(_("%s: %s from %s%s"), who(m), db:label("flag", flag), from,
    to and fmt(_(" to %s"), to) or ""))
  return 0
end

local function cmd_unflag()
  local command = "member unflag"
  local opts, rest = cli.options(args, {date = "value"}, command)
  cli.no_more(rest, 2, command)
  local m = member_of(command, rest)
  if not rest[2] then cli.fail_in(command, _("which flag? (e.g. 流动党员 mobile)")) end
  local flag = cli.term_arg(db, command, "FLAG", "flag", rest[2])
  local date = cli.date_arg(command, "--date", opts.date) or db:today()
  cli.write(db, command, function() m:clear_flag(flag, date) end)
  print(fmt(_("%s: %s until %s"), who(m), db:label("flag", flag), date))
  return 0
end

local MASKS = {birth_date = function(s) return s:sub(1, 4) .. "-**-**" end,
  phone = function(s) return #s < 8 and "****" or s:sub(1, 3) .. "****" .. s:sub(-4) end,
  id_number = function(s) return #s < 11 and "********" or s:sub(1, 6) .. "********" .. s:sub(-4) end}

local function cmd_show()
  local command = "member show"
  local opts, rest = cli.options(args, {on = "value", unmask = "flag"}, command)
  cli.no_more(rest, 1, command)
  local on = cli.date_arg(command, "--on", opts.on) or db:today()
  local m = member_of(command, rest, on)
  local function personal(field)
    local v = m[field]
    if v and not opts.unmask then v = MASKS[field](v) end
    return v or ""
  end
  local posts = {}
  for p in db:positions{member = m, on = on} do
    posts[#posts + 1] = fmt("%s %s", org_code(p.org_id), db:label("post", p.post))
  end
  local flags = {}
  for f in db:vocab("flag") do
    if m:has_flag(f.code, on) then flags[#flags + 1] = db:label("flag", f.code) end
  end
  print(fmt(_("Member %d as of %s"), m.id, on))
  cli.print_table({_("field"), _("value")}, {
    {_("name"), m.name}, {_("code"), m.code or ""}, {_("gender"), cli.GENDERS[m.gender] or ""},
    {_("birth date"), personal("birth_date")}, {_("joined"), m.joined or ""},
    {_("status"), m.status and fmt("%s (%s)", cli.STATUSES[m.status], m.since) or ""},
    {_("branch"), org_code(m.org_id) or ""}, {_("group"), org_code(m.group_id) or ""},
    {_("posts"), table.concat(posts, "、")}, {_("flags"), table.concat(flags, "、")},
    {_("phone"), personal("phone")}, {_("id number"), personal("id_number")},
  })
  print()
  print(_("History"))
  local rows = {}
  local WHAT = {status = _("status"), org = _("org"), flag = _("flag")}
  for e in m:history() do
    local value = e.value
    if e.what == "status" then value = cli.STATUSES[value] or value
    elseif e.what == "flag" then value = db:label("flag", value) end
    rows[#rows + 1] = {WHAT[e.what] or e.what, value, e.start, e.finish or "", e.note or ""}
  end
  cli.print_table({_("what"), _("value"), _("from"), _("until"), _("note")}, rows)
  return 0
end

-- A member entered by mistake is deleted; one who left is ended with leave (the core refuses
-- to delete a member that attendance, posts or transfers refer to, and says so).
local function cmd_remove()
  local command = "member remove"
  local opts, rest = cli.options(args, {yes = "flag"}, command)
  cli.no_more(rest, 1, command)
  local m = member_of(command, rest)
  if not opts.yes then
    cli.fail(fmt(_("%s: this deletes member %d %s with its history; a member who left is "
      .. "ended with 'member leave'; give --yes to delete"), command, m.id, who(m)))
  end
  -- what to print, read before the record is gone (delete clears its id)
  local what = fmt(_("removed member %d: %s"), m.id, who(m))
  cli.write(db, command, function() m:delete() end)
  print(what)
  return 0
end

local SUBCOMMANDS = {add = cmd_add, update = cmd_update, status = cmd_status, join = cmd_join,
  leave = cmd_leave, flag = cmd_flag, unflag = cmd_unflag, remove = cmd_remove, show = cmd_show}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("member: '%s' is not a subcommand (add, update, status, join, leave, "
    .. "flag, unflag, remove, show)"), sub) or _("member: which subcommand? (see 'qufa member --help')"))
end
return run()
