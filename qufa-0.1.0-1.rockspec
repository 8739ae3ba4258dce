-- The Lua module of qufa for Lua 5.4, built the LuaRocks way against an installed libqufa
-- (`cmake --install build`: the library, its headers and qufa.pc). From the top of the source
-- tree:
--   luarocks --lua-version 5.4 make              libqufa under /usr/local or /usr
--   luarocks --lua-version 5.4 make QUFA_DIR=/opt/qufa
--   luarocks --lua-version 5.4 make QUFA_DIR="$(pkg-config --variable=prefix qufa)"
-- (add --tree DIR or --local to install elsewhere). tests/rock.sh builds it in the test
-- command.
rockspec_format = "3.0"
package = "qufa"
version = "0.1.0-1"
source = {
  url = "git+file://./",
}
description = {
  summary = "Standardized party-branch work as code: records, standards, checks, procedures",
  detailed = [[
The Lua module of qufa (取法): a party branch's records in SQLite, standards written in Lua and
judged by an engine, procedures with deadlines, reminders, reports and documents. It binds
libqufa, which must be installed first; see docs/lua-api.md.]],
  homepage = "https://example.invalid/qufa",
  license = "none stated",
}
dependencies = {
  "lua >= 5.4, < 5.5",
}
external_dependencies = {
  QUFA = { header = "qufa.h", library = "qufa" },
  JANSSON = { header = "jansson.h", library = "jansson" },
}
build = {
  type = "make",
  makefile = "lua/rock.mk",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LIBFLAG = "$(LIBFLAG)",
    LUA_INCDIR = "$(LUA_INCDIR)",
    QUFA_INCDIR = "$(QUFA_INCDIR)",
    QUFA_LIBDIR = "$(QUFA_LIBDIR)",
    JANSSON_INCDIR = "$(JANSSON_INCDIR)",
    JANSSON_LIBDIR = "$(JANSSON_LIBDIR)",
  },
  install_variables = {
    LIBDIR = "$(LIBDIR)",
  },
}
