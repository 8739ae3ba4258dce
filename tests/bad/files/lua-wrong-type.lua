-- a number where a string is expected
db:add_org{kind = "branch", code = "zz", name = 5, parent = "jg"}
