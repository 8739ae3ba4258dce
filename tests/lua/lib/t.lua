-- Assertions for the Lua tests (tests/lua/*.lua run by `qufa run`, or by lua5.4).
local t = {}

function t.eq(got, want, what)
  if got ~= want then
    error(string.format("%s: expected %s, got %s", what or "value", tostring(want), tostring(got)), 2)
  end
end

function t.ok(v, what)
  if not v then error((what or "condition") .. " does not hold", 2) end
  return v
end

--- Calls f(...) and requires it to fail with a message containing `needle` (plain text).
function t.fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  if ok then error("expected an error containing '" .. needle .. "', but the call succeeded", 2) end
  if not tostring(err):find(needle, 1, true) then
    error(string.format("error '%s' does not contain '%s'", tostring(err), needle), 2)
  end
  return tostring(err)
end

return t
