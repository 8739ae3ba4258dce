-- qufa demo [-o PATH]: builds a demonstration database from scripts/demo/*.lua (embedded in
-- the host) and lists what it holds. Never writes qufa.db.
local _ = qufa._
local opts, rest = cli.options({...}, {o = "value", output = "value"}, "demo")
if #rest > 0 then cli.fail(string.format(_("demo: unexpected argument '%s'"), rest[1])) end
local path = opts.o or opts.output or "qufa-demo.db"
if path:match("[^/]*$") == "qufa.db" then
  cli.fail(_("demo: refusing to write qufa.db; choose another file with -o"))
end

-- the demo database is rebuilt from scratch each time
for _i, suffix in ipairs({"", "-wal", "-shm"}) do os.remove(path .. suffix) end

local demo <close> = qufa.open(path, {create = true, today = cli.host.today or "2017-09-05",
  actor = cli.host.actor or "demo"})
demo:transaction(function()
  for _i, f in ipairs(cli.host.demo_files) do
    -- each script sees `db` (the demo database) and `qufa`, like a user's `qufa run` script
    local env = setmetatable({db = demo}, {__index = _G})
    local chunk = assert(load(f.source, "@scripts/demo/" .. f.name, "t", env))
    chunk()
  end
end)

print(string.format(_("Created %s. Try: qufa --db %s orgs"), path, path))
print()
cli.list_orgs(demo)
print()
cli.list_members(demo, {under = "jg"})
print()
cli.list_activities(demo, {under = "jg"})
return 0
