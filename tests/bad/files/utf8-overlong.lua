-- an overlong encoding of "/" (C0 AF) in a name
db:add_org{kind = "branch", code = "zz", name = "À¯", parent = "jg"}
