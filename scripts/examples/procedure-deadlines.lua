-- A branch standard that the steps of its procedures keep their deadlines, so that
-- `qufa check` lists every admission or transfer step done late, still overdue, or running
-- (open, with the days left). Load the procedures first (scripts/workflows/), then:
--
--   qufa standards load procedure-deadlines.lua
--   qufa check --standard GY1-LCSX --org gy1
--
-- A `deadline` requirement judges the time rules of one procedure's cases in the branch:
-- interrupting rules fail when missed, warning rules warn. `steps = {…}` limits it to some
-- steps, `warnings = false` judges only the interrupting rules.
qufa.standard {
  code = "GY1-LCSX",
  title = "组织工作流程时限规范（示例）",
  version = "2017",
  origin = "branch",
  org = "gy1",
  effective = "2014-01-01",
  clauses = {
    { number = "1", type = "应", responsible = "organization",
      text = "发展党员各环节应在规定时限内完成。",
      require = qufa.deadline { procedure = "admission" } },
    { number = "2", type = "应", responsible = "organization",
      text = "组织关系转入的回执应在一个月内寄回。",
      require = qufa.deadline { procedure = "transfer_in", steps = {"receipt"} } },
    { number = "3", type = "应", responsible = "organization",
      text = "组织关系转出的回执应在一个月内收回。",
      require = qufa.deadline { procedure = "transfer_out", steps = {"receipt"} } },
  },
}
