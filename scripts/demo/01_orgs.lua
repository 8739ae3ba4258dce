-- Demo, part 1: the organisation tree. A committee (机关党委) with one branch and its two party
-- groups. Run by `qufa demo`; the same code works in `qufa run`.
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local gy1 = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg,
  attrs = {department = "工业标准一部"}}
db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = gy1}
db:add_org{kind = "group", code = "gy1-g2", name = "第二党小组", parent = gy1}
