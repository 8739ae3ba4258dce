#!/bin/sh
# qufa-*.rockspec: a Lua user builds the module the LuaRocks way. libqufa is installed (cmake
# --install) into a scratch prefix, `luarocks make` builds qufa.so against it (QUFA_DIR) and the
# system's Lua 5.4 into a scratch tree, and stock lua5.4 with that tree's paths loads it and
# uses it. Usage: rock.sh BUILD_DIR SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export HOME="$dir" # luarocks keeps its cache and config under $HOME

version=$("$build/lua/qufa" --version | sed 's/^qufa //')
spec="qufa-$version-1.rockspec"
[ -f "$src/$spec" ] || fail "no $spec for qufa $version: $(cd "$src" && ls ./*.rockspec)"

cmake --install "$build" --prefix "$dir/usr" >/dev/null
# the rock's sources, outside the source tree (luarocks make builds where the rockspec is)
mkdir "$dir/src"
cp -R "$src/$spec" "$src/lua" "$src/cmake" "$dir/src/"
(cd "$dir/src" && luarocks --lua-version 5.4 make --tree "$dir/rocks" "$spec" \
    QUFA_DIR="$dir/usr" >"$dir/make.log" 2>&1) || { cat "$dir/make.log"; fail "luarocks make"; }
grep -q "qufa $version-1 is now installed" "$dir/make.log" || { cat "$dir/make.log"; fail "installed?"; }

eval "$(luarocks --lua-version 5.4 path --tree "$dir/rocks")"
cd "$dir"
lua5.4 - "$dir/rocks" <<'LUA' || fail "the module built by luarocks does not work"
local tree = arg[1]
local qufa = require "qufa"
local where = package.searchpath("qufa", package.cpath)
assert(where and where:sub(1, #tree) == tree, "qufa.so loaded from " .. tostring(where))
local db <close> = qufa.open(":memory:", {today = "2017-09-05"})
local b = db:add_org{kind = "branch", code = "b", name = "支部"}
db:add_member{name = "张三", status = "full", since = "2016-01-01", org = b}
-- the embedded Lua of the module: the standards DSL, the procedures DSL
db:load_standards{name = "p.lua", text = [[qufa.standard{code = "T", title = "t", origin = "branch",
  org = "b", effective = "2017-01-01", clauses = {{number = "1", type = "应", text = "每月党课。",
  require = qufa.cadence{activity = "lecture", per = "month"}}}}]]}
db:flow_load{name = "f.lua", source = 'qufa.procedure{code = "p", title = "P", steps = {{code = "a", title = "A"}}}'}
local s = db:check{org = "b", period = "2017-08"}:summary()
assert(s.fail == 1, "one month without a lecture: " .. s.fail)
print("rock ok: qufa " .. qufa.version)
LUA
