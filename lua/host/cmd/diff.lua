-- qufa diff A B: what changed between two saved assessments.
local _ = qufa._
local args = {...}
local function load(s)
  local id = s and math.tointeger(tonumber(s))
  if not id then cli.fail(_("diff: give two assessment ids (see 'qufa assessments')")) end
  local r = db:assessment(id)
  if not r then cli.fail(string.format(_("assessment %d does not exist"), id)) end
  return r
end
if #args ~= 2 then cli.fail(_("diff: give two assessment ids (see 'qufa assessments')")) end
local a, b = load(args[1]), load(args[2])
local changes = qufa.diff(a, b)
local LABEL = {new = _("new"), gone = _("gone"), status = _("changed")}
for _i, c in ipairs(changes) do
  local f = c.b or c.a
  local status = c.change == "status" and (c.a.status .. " → " .. c.b.status) or f.status
  local label = LABEL[c.change]
  print(string.format("%s%s %s/%s  %s  %s  %s", label, string.rep(" ", 6 - cli.width(label)),
    f.standard, f.clause, status, f.subject or "", f.message or ""))
end
print(string.format(_("%d change(s) between assessment %s and %s"), #changes, args[1], args[2]))
return 0
