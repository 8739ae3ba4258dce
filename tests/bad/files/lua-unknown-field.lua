-- a misspelt field name
db:add_org{kind = "branch", code = "zz", nmae = "新支部", parent = "jg"}
