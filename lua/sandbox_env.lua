-- Builds the environment of restricted code (see lua/sandbox.h). It runs once per sandbox,
-- before any untrusted code, with the whole base library at hand; the table it returns (and
-- what can be reached from it) is all that untrusted code ever sees.
local G, wrap, qufa, db = ...
local next, error, tostring, setmetatable, rawset = G.next, G.error, G.tostring, G.setmetatable, G.rawset
local format = G.string.format
local _ = qufa._

-- A read-only view of `t`: reads pass through, writes raise, and pairs() iterates without
-- handing out `t` itself (a __pairs returning next, t would give untrusted code the real table).
local function readonly(t, what)
  return setmetatable({}, {
    __index = t,
    __newindex = function(_t, k)
      error(format(_("cannot assign to %s.%s: it is read-only"), what, tostring(k)), 2)
    end,
    __pairs = function()
      local k
      return function()
        local v
        k, v = next(t, k)
        return k, v
      end
    end,
    __len = function() return #t end,
    __metatable = what,
  })
end

local function pick(src, names)
  local t = {}
  for name in G.string.gmatch(names, "%S+") do t[name] = src[name] end
  return t
end

local base = pick(G, "assert error getmetatable ipairs next pairs rawequal rawget rawlen "
  .. "select tonumber tostring type _VERSION")
base.pcall, base.xpcall, base.setmetatable = wrap.pcall, wrap.xpcall, wrap.setmetatable
base.print = wrap.print -- control characters shown escaped, not sent to the terminal

-- string: the pattern functions, rep and format are size-checked wrappers (sandbox.c);
-- dump is left out (bytecode), and so are pack/unpack (nothing needs them).
local str = pick(G.string, "byte char len lower reverse sub upper")
for k, f in next, wrap.string do str[k] = f end
base.string = readonly(str, "string")
base.table = readonly(pick(G.table, "concat insert move pack remove sort unpack"), "table")
base.math = readonly(pick(G.math, "abs acos asin atan ceil cos exp floor fmod huge log max "
  .. "maxinteger min mininteger modf pi random sin sqrt tan tointeger type ult"), "math")
base.utf8 = readonly(pick(G.utf8, "char charpattern codepoint codes len offset"), "utf8")
base.coroutine = readonly(pick(G.coroutine, "close create isyieldable resume running status wrap "
  .. "yield"), "coroutine")
base.qufa = readonly(pick(qufa, "date datetime period next_period prev_period add days weekday "
  .. "version _ language list count strokes name_compare sort_names "
  -- the standards DSL (lua/standards_dsl.lua): what shared packs are written with
  .. "system standard tailor cadence artifact attendance agenda guest position term members "
  .. "hours check deadline procedure reminder"), "qufa")
base.db = db

-- ("x"):rep goes through the string metatable, not the global: point it at the filtered table
-- and lock it so getmetatable("") cannot reach or replace it.
local smt = G.getmetatable("")
smt.__index = str
smt.__metatable = "string"

local env
-- text chunks only, and into the sandbox (with no env given, load would use the real globals)
base.load = function(chunk, name, mode, e)
  if mode ~= nil and mode ~= "t" then
    error(_("load: only text chunks can be loaded in restricted code"), 2)
  end
  if e == nil then e = env end
  return G.load(chunk, name, "t", e)
end

-- Globals: the provided names (everything in `base`, including those the host adds later)
-- cannot be replaced; a script may still create its own.
env = setmetatable({}, {
  __index = base,
  __newindex = function(t, k, v)
    if base[k] ~= nil then
      error(format(_("cannot assign to the protected global '%s'"), tostring(k)), 2)
    end
    rawset(t, k, v)
  end,
  __metatable = "sandbox",
})
base._G = env
return env
