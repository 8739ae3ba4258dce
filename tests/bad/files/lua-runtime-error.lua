-- indexing nil
local m = db:member("NOBODY")
print(m.name)
