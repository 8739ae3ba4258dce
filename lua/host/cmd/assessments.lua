-- qufa assessments: the saved check results.
local _ = qufa._
local rows = {}
for a in db:assessments() do
  rows[#rows + 1] = {a.id, a.created_at, a.today, a.org or _("all"), a.period, a.pass, a.fail,
    a.warn, a.open, a.fingerprint:sub(1, 12), a.note or ""}
end
cli.print_table({_("id"), _("saved"), _("as of"), _("org"), _("period"), _("pass"), _("fail"),
  _("warn"), _("open"), _("fingerprint"), _("note")}, rows)
return 0
