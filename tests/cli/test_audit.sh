#!/bin/bash
# qufa audit verify: clean, after an edit with the sqlite3 shell, after dropping the triggers.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" init >/dev/null || fail "init"
printf 'local jg = db:add_org{kind="committee", code="jg", name="机关党委"}\ndb:add_org{kind="branch", code="gy1", name="一部", parent=jg}\n' >setup.lua
"$QUFA" run setup.lua || fail "setup"

run "$QUFA" audit verify
expect_rc 0
expect_out "audit verified:"

run "$QUFA" audit
expect_rc 2
expect_err "missing subcommand"
run "$QUFA" audit check
expect_rc 2
expect_err "unknown subcommand 'check'"

cp qufa.db edited.db
sqlite3 edited.db "UPDATE org SET name = '改过' WHERE code = 'gy1'"
run "$QUFA" --db edited.db audit verify
expect_rc 1
expect_err "org row 2 was changed outside qufa"

cp qufa.db hidden.db
sqlite3 hidden.db "DROP TRIGGER qf_audit_org_u; UPDATE org SET name = '改过' WHERE code = 'gy1'"
run "$QUFA" --db hidden.db audit verify
expect_rc 1
expect_err "org row 2 was changed outside qufa: it differs from its last audit entry: field name"

run "$QUFA" --db missing.db audit verify
expect_rc 2
echo "ok"
