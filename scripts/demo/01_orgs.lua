-- Demo, part 1: the organisation tree. The organ's party committee (机关党委) with one branch,
-- 工业标准一部党支部, and its two party groups. Run by `qufa demo`; the same code works in
-- `qufa run` against a database of your own.
--
-- Everything in the demo is fictional except what the source article reports about the
-- branch (its standards, its semimonthly talks); every person's name is invented.
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}

-- attrs holds whatever else you want to keep about an org. last_election is read by the
-- `term` requirement (re-election every 3 years) when the election itself is not recorded as
-- an activity, as here: the committee was elected on 10 January 2015, before the demo's year.
local gy1 = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg,
  attrs = {department = "工业标准一部", last_election = "2015-01-10"}}

-- 《党支部会议程序》 led the branch to form two party groups (党小组)
db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = gy1}
db:add_org{kind = "group", code = "gy1-g2", name = "第二党小组", parent = gy1}
