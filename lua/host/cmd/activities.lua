-- qufa activities [--org ORG] [--under ORG] [--kind KIND] [--from DATE] [--to DATE]
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", under = "value", kind = "value",
  from = "value", to = "value"}, "activities")
if #rest > 0 then
  cli.fail(string.format(_("activities: unexpected argument '%s'"), rest[1]))
end
cli.list_activities(db, {org = cli.ref(opts.org), under = cli.ref(opts.under), kind = opts.kind,
  from = opts.from, to = opts.to})
return 0
