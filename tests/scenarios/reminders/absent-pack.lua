-- absent-pack.lua: a custom reminder, stored with the pack (qufa standards load absent-pack.lua)
-- A member absent (not on leave) from the branch's last reading session is reminded of to
-- the leader of the member's party group.
qufa.reminder {
  code = "absent_reading", title = "读书班缺席补学", responsible = "group_leader", lead = "0d",
  fn = function(m, ctx)
    if not m.org_id then return false end
    local last
    for a in ctx.db:activities{org = m.org_id, kind = "reading_session",
                               to = qufa.add(ctx.today, "-1d")} do
      last = a
    end
    if not last then return false end
    for r in last:attendance() do
      if r.member_id == m.id and r.state == "absent" then
        return true, string.format("%s缺席%s的%s，请安排补学", m.name,
                                   last.starts_at:sub(1, 10), last.title)
      end
    end
    return false
  end,
}
