-- invalid UTF-8 inside attrs, which are stored as JSON
db:add_org{kind = "branch", code = "zz", name = "æ”¯", parent = "jg", attrs = {note = "ÿ"}}
