-- writes one org: with a bad actor it must not get that far
db:add_org{kind = "branch", code = "zz", name = "新支部", parent = "jg"}
