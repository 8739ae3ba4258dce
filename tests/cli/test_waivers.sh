#!/bin/bash
# qufa waiver add|list|end and qufa waivers end to end on the demo: a waiver recorded, the check
# (text, JSON, CSV, exit status) showing the finding waived, then the day after the waiver's
# last day showing it as it is; refusals exit 2 and leave the database as it was.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$1"

run "$QUFA" demo -o demo.db
expect_rc 0
export QUFA_DB=demo.db
q() { run "$QUFA" --today 2017-09-05 --as 张三 "$@"; }

# before: clause 3.1 fails for the first half of August, and the check exits 1
q check --org gy1 --period 2017-08-H1 --standard GY1-BYT
expect_rc 1
expect_out "✗ 3.1"

# refusals: each names the field and writes nothing
before=$(content demo.db)
q waiver add GY1-BYT/3.1 gy1/period/2017-08-H1 --reason "培训" --approved-by 张三 --to 2017-08-31
expect_rc 2
expect_err "approved_by: 张三 recorded the waiver; another person must approve it"
q waiver add GY1-BYT/3.1 gy1/period/2017-08-H1 --approved-by 王明 --to 2017-08-31
expect_rc 2
expect_err "reason: required"
q waiver add GY1-BYT/3.9 gy1/period/2017-08-H1 --reason x --approved-by 王明 --to 2017-08-31
expect_rc 2
expect_err "target: standard GY1-BYT has no clause 3.9"
q waiver add GY1-BYT/3.1 nowhere/period/2017-08-H1 --reason x --approved-by 王明 --to 2017-08-31
expect_rc 2
expect_err "subject: there is no org nowhere"
q waiver add GY1-BYT/3.1 gy1/period/2017-08-H1 --reason x --approved-by 王明 --from 2017-08-01 --to 2018-08-31
expect_rc 2
expect_err "a waiver may hold at most 366 days"
q waiver add GY1-BYT/3.1 --reason x
expect_rc 2
expect_err "give the clause and the subject"
q waiver frobnicate
expect_rc 2
expect_err "'frobnicate' is not add, list or end"
q waiver end 7
expect_rc 2
expect_err "there is no waiver 7"
[ "$(content demo.db)" = "$before" ] || fail "a refused waiver changed the database"

# recorded
q waiver add GY1-BYT/3.1 gy1/period/2017-08-H1 --reason "集中培训" --approved-by 王明 --from 2017-08-01 --to 2017-08-31
expect_rc 0
expect_out "waiver 1: GY1-BYT/3.1 gy1/period/2017-08-H1 is explained from 2017-08-01 to 2017-08-31 (recorded by 张三, approved by 王明)"

q check --org gy1 --period 2017-08-H1 --standard GY1-BYT
expect_rc 0
expect_out "~ 3.1"
expect_out "[waived until 2017-08-31: 集中培训 (waiver 1, approved by 王明)]"
expect_out "Waived: 1 finding(s)"
q check --org gy1 --period 2017-08-H1 --standard GY1-BYT --format json
python3 - "$T/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["waived"] == 1 and d["summary"]["fail"] == 0, d["summary"]
f = [x for x in d["findings"] if x["clause"] == "3.1"][0]
assert f["status"] == "waived", f
w = f["waiver"]
assert (w["id"], w["reason"], w["recorded_by"], w["approved_by"], w["from"], w["to"], w["expired"]) == \
    (1, "集中培训", "张三", "王明", "2017-08-01", "2017-08-31", False), w
assert f["cause"] is None
PY
q check --org gy1 --period 2017-08-H1 --standard GY1-BYT --format csv
expect_out ",waiver"
tr -d "\r" <"$T/out" | grep -q "waived.*,1$" || fail "csv row: $(cat "$T/out")"

# listed (by the whole database, by org, on a day)
q waivers
expect_rc 0
expect_out "gy1/period/2017-08-H1"
expect_out "2017-08-01..2017-08-31"
q waiver list --on 2017-09-01
expect_out "(none)"
q waivers --org gy1-g1
expect_out "(none)"

# the running half month, with a waiver ending on 09-20: waived through 09-20, not on 09-21
q waiver add GY1-BYT/3.1 'gy1/period/2017-09-*' --reason "换届" --approved-by 王明 --from 2017-09-01 --to 2017-09-20
expect_rc 0
run "$QUFA" --today 2017-09-20 check --org gy1 --period 2017-09-H2 --standard GY1-BYT
expect_out "~ 3.1"
run "$QUFA" --today 2017-09-21 check --org gy1 --period 2017-09-H2 --standard GY1-BYT
expect_out "… 3.1"
expect_out "[waiver 2 expired on 2017-09-20]"
run "$QUFA" --today 2017-10-02 check --org gy1 --period 2017-09-H2 --standard GY1-BYT
expect_rc 1
expect_out "✗ 3.1"
expect_out "[waiver 2 expired on 2017-09-20]"

# expiring soon: listed and reminded of
q waivers --expiring 30d
expect_out "gy1/period/2017-09-*"
q remind --dry-run
expect_out "waiver 2 of GY1-BYT/3.1 gy1/period/2017-09-* holds only until 2017-09-20"

# ended early: the running half month is open again today
q waiver end 2 --date 2017-09-04 --note "换届提前完成"
expect_rc 0
expect_out "waiver 2 now ends on 2017-09-04"
q check --org gy1 --period 2017-09-H1 --standard GY1-BYT
expect_out "[waiver 2 expired on 2017-09-04]"
q waiver end 2 --date 2017-09-30
expect_rc 2
expect_err "date: 2017-09-30 is not a day waiver 2 holds (2017-09-01..2017-09-04)"

# audited
run "$QUFA" audit verify
expect_rc 0
[ "$(db_query demo.db "SELECT count(*) FROM audit_log WHERE tbl = 'waiver'")" = 3 ] \
    || fail "waiver audit entries: $(db_query demo.db "SELECT action, tbl FROM audit_log ORDER BY id DESC LIMIT 5")"
echo "waivers: ok"
