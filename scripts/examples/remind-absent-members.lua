-- remind-absent-members.lua: a reminder of one's own, and a hook that delivers reminders.
--
-- The rule: a member who missed the last two meetings of their party group — the group
-- leader should talk with them (谈心谈话). Approved leave (请假: away on business, posted away)
-- is not missing a meeting; only an absence, or no record at all, is. The hook prints each
-- reminder as it fires; a branch would send a message there instead. Run against the demo
-- database:
--
--   qufa --db qufa-demo.db --today 2017-09-05 run remind-absent-members.lua
--
-- The same qufa.reminder{…} in a standards pack is stored with the pack and judged by every
-- `qufa remind` (see docs/reminders.md).
qufa.reminder {
  code = "absent_twice",
  title = "连续两次缺席党小组会",
  responsible = "group_leader",
  lead = "0d",
  fn = function(m, ctx)
    if not m.group_id then return false end
    local meetings = {}
    for a in ctx.db:activities{org = m.group_id, kind = "group_meeting", to = ctx.today} do
      meetings[#meetings + 1] = a
    end
    if #meetings < 2 then return false end
    local missed = {}
    for i = #meetings - 1, #meetings do
      local excused = false -- there, or away with leave
      for r in meetings[i]:attendance() do
        if r.member_id == m.id and r.state ~= "absent" then excused = true end
      end
      if not excused then missed[#missed + 1] = meetings[i].starts_at:sub(1, 10) end
    end
    if #missed < 2 then return false end
    return true, string.format("%s缺席了%s和%s的党小组会，请谈心谈话了解情况", m.name,
      missed[1], missed[2])
  end,
}

qufa.on_reminder(function(r)
  print(string.format("→ %s：%s（%s前）", r.holder or r.responsible_label, r.message, r.due))
end)

local result = db:remind{}
for _i, e in ipairs(result:errors()) do print(e) end
print(string.format("%d reminder(s) fired", result:summary().firing))
