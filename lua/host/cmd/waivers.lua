-- qufa waivers [--org ORG] [--on DATE | --expiring 30d]: the waivers recorded (docs/waivers.md).
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", on = "value", expiring = "value"}, "waivers")
if #rest > 0 then
  cli.fail(string.format(_("waivers: unexpected argument '%s'"), rest[1]))
end
cli.list_waivers(db, cli.waiver_filter(db, opts, "waivers"))
return 0
