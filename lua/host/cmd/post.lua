-- qufa post appoint|end|remove|list: who holds which post (书记, 组织委员, 党小组长 …) over which dates.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local function who(m)
  return m.code and fmt("%s (%s)", m.name, m.code) or fmt(_("%s (member %d)"), m.name, m.id)
end

-- The member and the post of "MEMBER POST"; the org is --org, else the member's party group
-- for a group leader and the member's branch for any other post, as of `on`.
local function member_post_org(command, rest, opts, on)
  if #rest < 2 then
    cli.fail(fmt(_("%s: MEMBER and POST are needed (e.g. qufa %s 张三 书记)"), command, command))
  end
  cli.no_more(rest, 2, command)
  local m = cli.member_arg(db, command, "MEMBER", rest[1], on)
  local post = cli.term_arg(db, command, "POST", "post", rest[2])
  local org
  if opts.org then
    org = cli.org_arg(db, command, "--org", opts.org)
  else
    local id = post == "group_leader" and m.group_id or m.org_id
    if not id then
      cli.fail(fmt(_("%s: %s is in no %s on %s; give --org"), command, who(m),
        post == "group_leader" and _("party group") or _("branch"), on))
    end
    org = db:org(id)
  end
  return m, post, org
end

local function cmd_appoint()
  local command = "post appoint"
  local opts, rest = cli.options(args, {org = "value", from = "value", to = "value",
    note = "value"}, command)
  local from = cli.date_arg(command, "--from", opts.from) or db:today()
  local to = cli.date_arg(command, "--to", opts.to)
  local m, post, org = member_post_org(command, rest, opts, from)
  local p = cli.write(db, command, function()
    return db:appoint{member = m, org = org, post = post, start = from, finish = to,
      note = opts.note}
  end)
  print(fmt(_("appointed %s %s of %s from %s%s (position %d)"), who(m), db:label("post", post),
    org.code, from, to and fmt(_(" to %s"), to) or "", p.id))
  return 0
end

local function cmd_end()
  local command = "post end"
  local opts, rest = cli.options(args, {org = "value", date = "value"}, command)
  local date = cli.date_arg(command, "--date", opts.date) or db:today()
  local m, post, org = member_post_org(command, rest, opts, date)
  local held
  for p in db:positions{member = m, post = post, org = org, on = date} do held = p end
  if not held then
    cli.fail(fmt(_("%s: %s is not %s of %s on %s (see 'qufa post list --org %s')"), command,
      who(m), db:label("post", post), org.code, date, org.code))
  end
  cli.write(db, command, function() held:finish(date) end)
  print(fmt(_("%s: %s of %s until %s"), who(m), db:label("post", post), org.code, date))
  return 0
end

-- An appointment entered by mistake is deleted; one that ended is ended (post end), so that
-- the record of who held the post stays.
local function cmd_remove()
  local command = "post remove"
  local _o, rest = cli.options(args, {}, command)
  cli.no_more(rest, 1, command)
  local id = rest[1] and rest[1]:match("^%d+$") and math.tointeger(tonumber(rest[1]))
  local p = id and db:position(id)
  if not p then
    cli.fail(fmt(_("%s: ID: there is no position '%s' (its id is shown by 'qufa post list')"),
      command, tostring(rest[1])))
  end
  local what = fmt(_("position %d: %s %s of %s from %s"), p.id, who(p:member()),
    db:label("post", p.post), db:org(p.org_id).code, p.start)
  cli.write(db, command, function() p:delete() end)
  print(fmt(_("removed %s"), what))
  return 0
end

local function cmd_list()
  local command = "post list"
  local opts, rest = cli.options(args, {org = "value", on = "value"}, command)
  cli.no_more(rest, 0, command)
  local on = cli.date_arg(command, "--on", opts.on) or db:today()
  local org = opts.org and cli.org_arg(db, command, "--org", opts.org)
  local rows = {}
  for p in db:positions{org = org, on = on} do
    local m, o = p:member(), db:org(p.org_id)
    rows[#rows + 1] = {p.id, o.code, db:label("post", p.post), m.name, m.code or "", p.start,
      p.end_date or "", p.note or ""}
  end
  print(fmt(_("Posts held on %s"), on))
  cli.print_table({_("id"), _("org"), _("post"), _("name"), _("code"), _("from"), _("until"),
    _("note")}, rows)
  return 0
end

local SUBCOMMANDS = {appoint = cmd_appoint, ["end"] = cmd_end, remove = cmd_remove,
  list = cmd_list}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("post: '%s' is not a subcommand (appoint, end, remove, list)"), sub)
    or _("post: appoint, end or list? (see 'qufa post --help')"))
end
return run()
