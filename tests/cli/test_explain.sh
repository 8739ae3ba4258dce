#!/bin/bash
# qufa check --explain KEY end to end on the demo: text and JSON for a pass, a fail and an n/a;
# a key that is not judged, a malformed key and a bad format exit 2.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$1"

run "$QUFA" demo -o demo.db
expect_rc 0
export QUFA_DB=demo.db
q() { run "$QUFA" --today 2017-09-05 "$@"; }

q check --explain 'GY1-BYT/3.1#1@gy1/period/2017-07-H1'
expect_rc 0
expect_out "finding: pass"
expect_out "min = 1  (as issued in the standard)"
expect_out "each = \"org\"  (the kind's default)"
expect_out "period: 2017-07-H1 (2017-07-01 to 2017-07-15), judged on 2017-07-15; org gy1"
expect_out "+ activity 33 2017-07-05"

q check --explain 'GY1-BYT/3.1#1@gy1/period/2017-08-H1' --format json
expect_rc 0
python3 - "$T/out" <<'PY' || fail "json of a fail"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["qufa_explain"] == 1 and d["key"] == "GY1-BYT/3.1#1@gy1/period/2017-08-H1", d["key"]
assert d["finding"]["status"] == "fail", d["finding"]
assert d["clause"]["text"] == "“半月谈”活动每半个月开展一次。", d["clause"]
assert d["records"] == [], d["records"]
assert {p["name"]: p["provenance"]["from"] for p in d["requirement"]["params"]}["min"] == "standard"
assert d["period"]["judged_on"] == "2017-08-15"
PY

q check --explain 'TXGD/2#1@gy1/period/2017'
expect_rc 0
expect_out "finding: n/a"
expect_out "judged on 2017-09-05"

# attendance: the counting model's numbers, the same as the finding's
q check --explain 'GY1-BYT/6.4#1@gy1/activity/28' --format json
expect_rc 0
python3 - "$T/out" <<'PY' || fail "counts"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["counts"]
assert (c["due"], c["voting"], c["present"], c["leave"], c["observers"]) == (15, 14, 13, 2, 2), c
assert d["finding"]["evidence"]["counts"] == c
PY
q check --explain 'GY1-BYT/6.4#1@gy1/activity/28'
expect_out "members (docs/counting.md): 15 due, 14 with a vote, 13 present (0 late), 2 on leave, 0 absent, 0 not recorded; 2 sat in"

# attendance: each person the meeting counts, and why they counted or not (base = voting)
q check --explain 'ZBGZTL/3.2#1@gy1/activity/26'
expect_rc 0
expect_out "finding: fail — 7 of 14 members with voting rights due attended"
expect_out "+ member 1 张建国"
expect_out "- member 5 陈伟: not counted: due, on leave"
expect_out "- member 8 黄丽: not counted: due, but without voting rights that day"
expect_out "- member 15 胡斌: not counted: sat in, not due"
q check --explain 'ZBGZTL/3.2#1@gy1/activity/26' --format json
python3 - "$T/out" <<'PY' || fail "attendance records in JSON"
import json, sys
d = json.load(open(sys.argv[1]))
counted = [r for r in d["records"] if r["counted"]]
assert all(r["type"] == "member" for r in d["records"]), d["records"]
assert len(counted) == 7, counted   # the 7 present with a vote, as the finding says
assert len(d["records"]) == d["counts"]["due"] + d["counts"]["observers"], d["counts"]
PY
# position: the holders of the post over the period, in Chinese by default
q --lang zh check --explain 'GY1-YESS/2.1#1@gy1/org/2/2017-04-16..2017-09-05'
expect_rc 0
expect_out "+ member 1 张建国：2015-01-10至2017-08-30任职"

before=$(content demo.db)
q check --explain 'GY1-BYT/3.1#1@gy1/period/2018-08-H1'
expect_rc 2
expect_err "key: no finding GY1-BYT/3.1#1@gy1/period/2018-08-H1"
q check --explain 'nonsense'
expect_rc 2
expect_err "key: 'nonsense' is not a finding's key"
q check --explain 'GY1-BYT/3.1#1@gy1/period/2017-08-H1' --format csv
expect_rc 2
expect_err "check --explain: format 'csv' is unknown (text, json)"
[ "$(content demo.db)" = "$before" ] || fail "explain changed the database"
echo "explain: ok"
