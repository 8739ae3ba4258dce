-- indexing nil
local defaults = nil
qufa.standard{code = "BAD-1", title = defaults.title, clauses = {{number = "1", type = "应", text = "每月一次。"}}}
