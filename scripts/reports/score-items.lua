-- The default 100-point checklist of `qufa report score` (党支部工作考核). An organ that uses its
-- own copies this file, edits it and runs: qufa report score --items my-items.lua
--
-- Each item has a name and its points, and says which findings of the check count against it:
--   standard = "CODE" or a list     findings of these standards
--   clause   = "CODE/4.2" or a list findings of these clauses (and their sub-clauses, 4.2.1 …)
--   activity = "lecture" or a list  findings about these kinds of activity
--   kind     = "cadence" or a list  findings of these requirement kinds (cadence, artifact,
--                                    attendance, agenda, guest, position, term, members, check)
-- Every selector given must match; an item without selectors takes what no item before it
-- took. A finding counts for the first item that matches it, never twice.
--   per_fail  points deducted for each requirement (应) not met        (default 2)
--   per_warn  points deducted for each recommendation (宜) not met    (default 0.5)
--   cap       the most an item can lose                               (default: its points)
-- The points must add up to `total` (default 100). Findings still open are not deducted.
return {
  title = "党支部工作考核",
  total = 100,
  items = {
    {name = "支部党员大会", points = 10, activity = "general_meeting"},
    {name = "支部委员会", points = 10, activity = "committee_meeting"},
    {name = "党小组会", points = 10, activity = "group_meeting"},
    {name = "党课", points = 15, per_fail = 3, activity = "lecture"},
    {name = "主题党日", points = 10, activity = "theme_day"},
    {name = "组织生活会和民主评议党员", points = 10, per_fail = 5,
     activity = {"life_meeting", "appraisal"}},
    {name = "组织建设（委员配备、按期换届、党员队伍）", points = 15, per_fail = 5,
     kind = {"position", "term", "members"}},
    {name = "特色活动（半月谈、谈心谈话）", points = 10,
     activity = {"semimonthly_talk", "heart_talk"}},
    {name = "其他工作要求", points = 10, per_fail = 1},
  },
}
