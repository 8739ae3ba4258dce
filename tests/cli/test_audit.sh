#!/bin/bash
# qufa audit verify: clean, after an edit with the sqlite3 shell (psql on PostgreSQL), after
# dropping the triggers.
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

db_copy qufa.db edited.db
db_sql edited.db "UPDATE org SET name = '改过' WHERE code = 'gy1'"
run "$QUFA" --db edited.db audit verify
expect_rc 1
expect_err "org row 2 was changed outside qufa"

db_copy qufa.db hidden.db
if on_sqlite; then drop="DROP TRIGGER qf_audit_org_u"; else drop="DROP TRIGGER qf_audit ON org"; fi
db_sql hidden.db "$drop; UPDATE org SET name = '改过' WHERE code = 'gy1'"
run "$QUFA" --db hidden.db audit verify
expect_rc 1
expect_err "org row 2 was changed outside qufa: it differs from its last audit entry: field name"

run "$QUFA" --db missing.db audit verify
expect_rc 2
echo "ok"
