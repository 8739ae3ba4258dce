-- qufa members [--org ORG] [--under ORG] [--on DATE] [--status S,…] [--flag FLAG]
--               [--order strokes|name]
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", under = "value", on = "value",
  status = "value", flag = "value", order = "value"}, "members")
if #rest > 0 then
  cli.fail(string.format(_("members: unexpected argument '%s'"), rest[1]))
end
local order = opts.order or "strokes"
if order ~= "strokes" and order ~= "name" then
  cli.fail(string.format(_("members: --order is strokes (姓氏笔画) or name, not '%s'"), order))
end
cli.list_members(db, {org = cli.ref(opts.org), under = cli.ref(opts.under), on = opts.on,
  status = cli.status_list(opts.status), flag = opts.flag, order = order})
return 0
