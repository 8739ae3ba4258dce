-- qufa orgs [--under ORG] [--kind KIND]: organisations in tree order.
local _ = qufa._
local opts, rest = cli.options({...}, {under = "value", kind = "value"}, "orgs")
if #rest > 0 then
  cli.fail(string.format(_("orgs: unexpected argument '%s'"), rest[1]))
end
cli.list_orgs(db, {under = cli.ref(opts.under), kind = opts.kind})
return 0
