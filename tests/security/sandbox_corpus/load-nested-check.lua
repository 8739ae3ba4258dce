-- via: load
-- expect: (global 'db')
-- A pack file trying to check (or load packs) while it is being loaded: it has no database.
db:load_standards{name = "x.lua", text = ""}
