-- restricted code sees a read-only database
db:add_org{kind = "branch", code = "zz", name = "新支部", parent = "jg"}
