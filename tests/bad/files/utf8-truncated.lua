-- a name cut in the middle of a character (E4 B8 without its last byte)
db:add_org{kind = "branch", code = "zz", name = "ä¸", parent = "jg"}
