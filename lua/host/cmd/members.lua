-- qufa members [--org ORG] [--under ORG] [--on DATE] [--status S,…] [--flag FLAG]
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", under = "value", on = "value",
  status = "value", flag = "value"}, "members")
if #rest > 0 then
  cli.fail(string.format(_("members: unexpected argument '%s'"), rest[1]))
end
cli.list_members(db, {org = cli.ref(opts.org), under = cli.ref(opts.under), on = opts.on,
  status = cli.status_list(opts.status), flag = opts.flag})
return 0
