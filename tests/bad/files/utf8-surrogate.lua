-- Lua's \u{D800} makes the bytes of a UTF-16 surrogate, which UTF-8 does not allow
db:add_org{kind = "branch", code = "zz", name = "支部\u{D800}", parent = "jg"}
