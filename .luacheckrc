-- luacheck configuration (run: luacheck .). Lua 5.4 with to-be-closed variables.
std = "lua54"
codes = true
-- tests/bad/files: the bad-input corpus, broken on purpose; tests/security/sandbox_corpus:
-- attacks on the sandbox, most of them bodies of functions the runner wraps
exclude_files = {"build*/**", "tests/bad/files/**", "tests/security/sandbox_corpus/**"}
-- globals that qufa provides: the host's scripts get db, qufa and arg; its commands also cli
read_globals = {"db", "qufa", "cli"}
-- names starting with _ are deliberately unused
ignore = {"21[123]/_.*"}

-- restricted-mode tests try to break the rules on purpose
files["tests/lua/sandbox"] = {
  globals = {"my_global", "x_from_load", "string", "db"},
  ignore = {"21[123]", "241", "111", "121", "122"},
}

-- LuaLS definitions: empty functions whose parameters are documentation
files["lua/qufa.d.lua"] = {ignore = {"211", "212", "241", "431"}}

-- qufa test files (docs/writing-standards.md §9) declare their cases with the global test{…}
files["**/*_test.lua"] = {read_globals = {"test"}}
