-- A standard of your own branch, as a pack file. Copy it, change the code, title, org and
-- clauses, then:
--
--   qufa standards load my-standard.lua
--   qufa standards show GY1-XZHJL --org gy1
--   qufa check --standard GY1-XZHJL --period 2017 --org gy1
--
-- The rules below are an example of what a branch might decide for itself (they are not from
-- any regulation): every party group meets monthly, the minutes are filed within 3 days, and
-- at least two thirds of the group should come. The kinds of requirement and their parameters
-- are listed by `qufa standards kinds` and in docs/writing-standards.md.
qufa.standard {
  code = "GY1-XZHJL",               -- short and unique; no spaces, '/' or '#'
  title = "党小组会记录规范（示例）",
  version = "2017",
  origin = "branch",                 -- written by the branch itself
  org = "gy1",                       -- the branch it applies to (and its party groups)
  effective = "2017-01-01",          -- judges nothing before this day
  clauses = {
    { number = "1", type = "陈述",
      text = "本规范适用于本支部各党小组的党小组会。" },
    { number = "2", type = "应", responsible = "group_leader",
      text = "各党小组每月召开一次党小组会。",
      -- each = "group": every party group is judged on its own
      require = qufa.cadence { activity = "group_meeting", per = "month", each = "group" } },
    { number = "3", type = "应", responsible = "group_leader",
      text = "党小组会后3日内整理会议记录。",
      require = qufa.artifact { activity = "group_meeting", type = "minutes", within = 3 } },
    { number = "4", type = "宜",             -- 宜: a recommendation warns instead of failing
      text = "党小组会到会率宜不低于三分之二。",
      require = qufa.attendance { activity = "group_meeting", rate = 2 / 3 } },
  },
}
