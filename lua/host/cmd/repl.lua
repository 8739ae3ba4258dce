-- qufa repl: Lua statements from standard input, each in its own savepoint; the values of an
-- expression are printed. Errors are shown and the loop goes on.
local _ = qufa._
local opts, rest = cli.options({...}, {}, "repl")
local _o = opts
if #rest > 0 then cli.fail(string.format(_("repl: unexpected argument '%s'"), rest[1])) end

local interactive = cli.host.interactive
if interactive then
  print(string.format(_("qufa %s — %s. Each statement runs in its own savepoint; Ctrl-D ends."),
    qufa.version, db:path()))
end

local buffer
while true do
  if interactive then
    io.stdout:write(buffer and ">> " or "qufa> ")
    io.stdout:flush()
  end
  local line = io.read("L")
  if not line then break end
  buffer = (buffer or "") .. line
  -- an expression first (to print its value), then a statement
  local chunk, err = load("return " .. buffer, "=stdin", "t")
  if not chunk then chunk, err = load(buffer, "=stdin", "t") end
  if chunk or not err:find("<eof>$") then
    buffer = nil
    if not chunk then
      io.stderr:write(err, "\n")
    else
      local r = table.pack(pcall(db.transaction, db, chunk))
      if not r[1] then
        io.stderr:write(tostring(r[2]), "\n")
      elseif r.n > 1 then
        print(table.unpack(r, 2, r.n))
      end
    end
  end
end
if buffer then
  io.stderr:write(_("incomplete statement at the end of the input"), "\n")
  return 2
end
return 0
