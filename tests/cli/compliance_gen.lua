-- Adds three branches to the demo under its committee `jg`, each with two party groups, 14
-- members (a probationary member admitted mid-year, one suspended for two months, one who
-- moves to the next branch in June, an activist who sits in), committee posts, and a year of
-- meetings with attendance in every state: a deployment for compliance_agrees.py.
local fmt = string.format
local STATES = {"present", "present", "present", "late", "leave", "absent", "present"}
db:transaction(function()
  local made = {}
  for b = 2, 4 do
    local br = db:add_org{kind = "branch", code = "gen" .. b, name = fmt("生成第%d党支部", b),
      parent = "jg"}
    local groups = {}
    for g = 1, 2 do
      groups[g] = db:add_org{kind = "group", code = fmt("gen%d-g%d", b, g),
        name = fmt("第%d党小组", g), parent = br}
    end
    local people = {}
    for m = 1, 14 do
      people[m] = db:add_member{name = fmt("成员%d-%02d", b, m), code = fmt("G%d%02d", b, m),
        status = m <= 12 and "full" or "probationary", since = "2015-01-01", org = br,
        group = groups[m % 2 + 1]}
    end
    people[13]:set_status("full", "2017-05-10")
    people[5]:set_flag("suspended", "2017-03-01", "2017-04-30")
    local activist = db:add_member{name = fmt("积极分子%d", b), status = "activist",
      since = "2016-01-01", org = br}
    local posts = {"secretary", "organization", "publicity", "discipline"}
    for p = 1, 4 do db:appoint{member = people[p], org = br, post = posts[p], start = "2015-01-01"} end
    made[b] = {br = br, groups = groups, people = people, activist = activist}
  end
  -- one member moves to the next branch in June
  made[2].people[14]:leave(made[2].br, "2017-05-31")
  made[2].people[14]:join(made[3].br, "2017-06-01")
  local n = 0
  for b = 2, 4 do
    local x = made[b]
    for month = 1, 8 do
      for _, plan in ipairs({{"committee_meeting", x.br}, {"group_meeting", x.groups[1]},
        {"group_meeting", x.groups[2]}, {"general_meeting", x.br}}) do
        local kind, org = plan[1], plan[2]
        if kind ~= "general_meeting" or month % 3 == 0 then
          n = n + 1
          local att = {}
          for m, p in ipairs(x.people) do
            local s = STATES[(m * 3 + n) % #STATES + 1]
            att[#att + 1] = {member = p, state = s, reason = s == "leave" and "出差" or nil}
          end
          if month % 2 == 0 then att[#att + 1] = {member = x.activist, state = "present"} end
          -- a meeting with nothing recorded now and then
          if n % 9 == 0 then att = {} end
          db:add_activity{org = org, kind = kind, title = fmt("%s %d", kind, month),
            starts_at = fmt("2017-%02d-%02d 14:30", month, 5 + b), attendance = att}
        end
      end
    end
  end
end)
