-- qufa org add|update: create an organisation, or correct one (the listing is `qufa orgs`).
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local KINDS = {committee = "党委", general_branch = "党总支", branch = "党支部", group = "党小组"}
local KIND_ORDER = {"committee", "general_branch", "branch", "group"}

local function describe(o)
  local parent = o.parent_id and db:org(o.parent_id)
  if parent then
    return fmt(_("org %d: %s %s (%s, under %s)"), o.id, o.code, o.name, cli.ORG_KINDS[o.kind],
      parent.code)
  end
  return fmt(_("org %d: %s %s (%s)"), o.id, o.code, o.name, cli.ORG_KINDS[o.kind])
end

local function cmd_add()
  local command = "org add"
  local opts, rest = cli.options(args, {kind = "value", parent = "value"}, command)
  if #rest < 2 then
    cli.fail_in(command, _("CODE and NAME are needed (qufa org add CODE NAME --kind KIND "
      .. "[--parent ORG])"))
  end
  cli.no_more(rest, 2, command)
  if not opts.kind then
    cli.fail_in(command, _("--kind is needed: committee 党委, general_branch 党总支, branch 党支部 "
      .. "or group 党小组"))
  end
  local kind = cli.word_arg(command, "--kind", KINDS, KIND_ORDER, opts.kind)
  local parent = opts.parent and cli.org_arg(db, command, "--parent", opts.parent)
  local o = cli.write(db, command, function()
    return db:add_org{kind = kind, code = rest[1], name = rest[2], parent = parent}
  end)
  print(fmt(_("added %s"), describe(o)))
  return 0
end

local function cmd_update()
  local command = "org update"
  local opts, rest = cli.options(args, {code = "value", name = "value", parent = "value"},
    command)
  if #rest < 1 then
    cli.fail_in(command, _("which org? (qufa org update ORG [--code C] [--name N] [--parent P])"))
  end
  cli.no_more(rest, 1, command)
  local o = cli.org_arg(db, command, "ORG", rest[1])
  if not (opts.code or opts.name or opts.parent) then
    cli.fail_in(command, _("nothing to change: give --code, --name or --parent"))
  end
  local change = {code = opts.code, name = opts.name}
  if opts.parent then change.parent = cli.org_arg(db, command, "--parent", opts.parent) end
  cli.write(db, command, function() o:update(change) end)
  print(fmt(_("changed %s"), describe(db:org(o.id))))
  return 0
end

local SUBCOMMANDS = {add = cmd_add, update = cmd_update}
local run = sub and SUBCOMMANDS[sub]
if not run then
  cli.fail(sub and fmt(_("org: '%s' is not a subcommand (add, update)"), sub)
    or _("org: add or update? (see 'qufa org --help')"))
end
return run()
