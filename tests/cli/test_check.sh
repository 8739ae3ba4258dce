#!/bin/bash
# qufa standards / check / assessments / diff end to end, including the tutorial of
# docs/writing-standards.md run as written, exit codes and error messages.
docs=$(cd "$(dirname "$0")/../../docs" && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

q() { "$QUFA" --db t.db --today 2017-09-05 "$@"; }
q init >/dev/null || fail "init"

# the tutorial's first pack, taken verbatim from the documentation
awk '/^## 2\./ {on=1} on && /^```lua$/ {grab=1; next} grab && /^```$/ {exit} grab {print}' \
    "$docs/writing-standards.md" >theme-day.lua
grep -q 'code = "GY1-ZTDR"' theme-day.lua || fail "tutorial pack not found in the docs"

# it names the branch gy1: loading before the branch exists says so and stores nothing
before=$(content t.db)
run q standards load theme-day.lua
expect_rc 2
expect_err "org 'gy1' does not exist"
[ "$(content t.db)" = "$before" ] || fail "a failed load changed the database"

cat >setup.lua <<'LUA'
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部"}
local m = db:add_member{name = "张三", status = "full", since = "2016-01-01", org = b}
for month = 1, 8 do
  if month ~= 3 then  -- March is missed
    local a = db:add_activity{org = b, kind = "theme_day", title = "主题党日" .. month,
      starts_at = string.format("2017-%02d-10 14:00", month),
      attendance = {{member = m, state = "present"}}}
    if month ~= 5 then a:add_artifact{type = "photo", issued_at = string.format("2017-%02d-11", month)} end
    a:add_artifact{type = "notice", issued_at = string.format("2017-%02d-0%d", month, month == 7 and 9 or 7)}
  end
end
LUA
run q run setup.lua
expect_rc 0

run q standards load theme-day.lua
expect_rc 0
expect_out "standard GY1-ZTDR rev 1: new"
run q standards load theme-day.lua
expect_out "standard GY1-ZTDR rev 1: unchanged"

run q standards show GY1-ZTDR --org gy1
expect_rc 0
expect_out "主题党日活动规范"
expect_out "cadence(activity=theme_day, each=org, include_groups=false, min=1, per=month)"
expect_out "provenance: from GY1-ZTDR rev 1 (theme-day.lua)"

# findings: March missed, May without photos, July's notice late (a 宜 clause: a warning);
# September still open
run q check --standard GY1-ZTDR --period 2017 --org gy1
expect_rc 1
expect_out "2017-03: no theme party day held (required: at least 1 per month) [secretary]"
expect_out "no photo (required within 3 day(s) after, by 2017-05-13) [publicity member]"
expect_out "issued 2017-07-09, 1 day(s) before; required at least 2 day(s) before"
expect_out "2017-09: theme party day not yet held enough (0 of 1); 25 day(s) left until 2017-09-30"
expect_out "Summary:"

# a period with nothing failed exits 0
run q check --standard GY1-ZTDR --period 2017-06 --org gy1
expect_rc 0

# JSON is valid and carries the documented fields; CSV has the documented header
run q check --standard GY1-ZTDR --period 2017 --format json
expect_rc 1
python3 - "$T/out" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["qufa_check"] == 2 and d["period"] == "2017" and d["today"] == "2017-09-05"
fails = [f for f in d["findings"] if f["status"] == "fail"]
assert len(fails) == 2, fails
for f in d["findings"]:
    for k in ("standard", "clause", "status", "subject", "period", "evidence", "message"):
        assert k in f, k
assert d["summary"]["warn"] == 1 and d["summary"]["open"] == 1
PY
run q check --standard GY1-ZTDR --period 2017 --format csv -o out.csv
expect_rc 1
head -1 out.csv | grep -q "^standard,clause,requirement,kind,status,org,period" || fail "csv header"

# the check is written as it runs, branch by branch; --save keeps the whole result to store it:
# the two write the same bytes in every format
for fmt in text json csv; do
    q check --period 2017 --format "$fmt" --all >streamed.$fmt 2>/dev/null
    q check --period 2017 --format "$fmt" --all --save -o whole.$fmt 2>/dev/null
    cmp -s streamed.$fmt whole.$fmt || fail "check --format $fmt: streamed and whole outputs differ"
    # -o without --save streams into its file too: the same bytes as standard output
    q check --period 2017 --format "$fmt" --all -o file.$fmt 2>/dev/null
    cmp -s streamed.$fmt file.$fmt || fail "check --format $fmt -o: the file differs from stdout"
done
grep -q '"fingerprint": "[0-9a-f]\{64\}"' streamed.json || fail "streamed json: no fingerprint"
# an error found when the run opens leaves no output file behind
run q check --period 2017-13 -o never.txt
expect_rc 2
[ ! -e never.txt ] || fail "check: a bad period made an output file"

# assessments and diff
run q check --standard GY1-ZTDR --period 2017 --save --note "first"
expect_err "saved as assessment 4"
cat >fix.lua <<'LUA'
for a in db:activities{kind = "theme_day", from = "2017-05-01", to = "2017-05-31"} do
  a:add_artifact{type = "photo", issued_at = "2017-05-11"}
end
LUA
q run fix.lua >/dev/null || fail "fix"
q check --standard GY1-ZTDR --period 2017 --save >/dev/null 2>&1
run q assessments
expect_rc 0
expect_out "first"
run q diff 4 5
expect_rc 0
expect_out "fail → pass"
expect_out "1 change(s) between assessment 4 and 5"

# errors: bad period, unknown org, unknown standard, bad format — exit 2, nothing written
before=$(content t.db)
run q check --period 2017-13
expect_rc 2
expect_err "2017-13"
run q check --org nowhere
expect_rc 2
expect_err "nowhere"
run q check --standard NOPE
expect_rc 2
expect_err "NOPE"
run q check --format xml
expect_rc 2
expect_err "xml"
run q diff 1 99
expect_rc 2
expect_err "assessment 99 does not exist"
run q standards show NOPE
expect_rc 2
run q standards frobnicate
expect_rc 2
expect_err "frobnicate"
printf 'qufa.standard{code = "B", title = "b", clauses = {{number = "1", type = "应", text = "t",\n  require = qufa.cadence{activity = "theme_dya", per = "month"}}}}\n' >typo.lua
run q standards load typo.lua
expect_rc 2
expect_err "typo.lua: B/1 requirement 1: activity: activity_kind 'theme_dya' is unknown"
[ "$(content t.db)" = "$before" ] || fail "a failed command changed the database"

# Chinese by default
run env -u QUFA_LANG "$QUFA" --db t.db --today 2017-09-05 check --standard GY1-ZTDR --period 2017-03
expect_out "2017年3月 未开展主题党日（要求每月至少1次）"
echo "ok"

# docs/writing-standards.md §3 is printed from the kinds' descriptors: the two stay equal
run q standards kinds --format markdown
expect_rc 0
awk '/^<!-- kinds: /{on=1; next} /^<!-- kinds end -->/{on=0} on' "$docs/writing-standards.md" >kinds-doc.md
diff -u kinds-doc.md "$T/out" >kinds.diff || fail "writing-standards.md §3 differs from 'qufa standards kinds --format markdown': $(cat kinds.diff)"
