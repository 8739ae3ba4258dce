-- the demo already has org gy1
db:add_org{kind = "branch", code = "gy1", name = "另一个一部", parent = "jg"}
