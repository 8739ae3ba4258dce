#!/bin/bash
# qufa test: the shipped packs' tests pass with every requirement covered; a test that expects
# wrongly fails with each kind of difference named; a broken test file, case, fixture or pack is
# exit 2; --coverage in text and JSON (read back with python3); nothing touches --db.
packs=$(cd "$(dirname "$0")/../../scripts/packs" && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

q() { "$QUFA" --db never.db "$@"; }

# the shipped packs' tests, with coverage
run q test --coverage "$packs/tests"
expect_rc 0
expect_out "passed, 0 failed, 0 could not run"
expect_out "GY1-BYT 半月谈活动规范: 11/11 requirements covered (100.0%), 11/11 clauses"
expect_out "6.1#1    artifact   covered  (pass 1, fail 1)"
expect_out "ZBGZTL 中国共产党支部工作条例（试行）: 13/13 requirements covered (100.0%), 13/13 clauses"
expect_out "SAC-DKJS 党课讲授规范: 8/8 requirements covered (100.0%), 6/6 clauses"
expect_out "GY1-YESS 一二三四支部工作制度和方法: 8/8 requirements covered (100.0%), 8/8 clauses"
expect_out "GY1-WYGX 支部委员改选规范: 11/11 requirements covered (100.0%), 10/10 clauses"
expect_out "GY1-ZZSHH 支部组织生活会程序: 11/11 requirements covered (100.0%), 9/9 clauses"
expect_out "GY1-DXZ 党小组工作规范: 5/5 requirements covered (100.0%), 4/4 clauses"
expect_out "Total: "
[ ! -e never.db ] || fail "qufa test created the --db file"
run q test --coverage --format json "$packs/tests"
expect_rc 0
/usr/bin/python3 - "$T/out" <<'PY' || fail "the shipped packs' coverage JSON"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["coverage"]
by = {s["standard"]: s for s in c["standards"]}
# every shipped standard that checks anything is covered in full: the regulations, the
# organ's standards and the branch's five
full = ["ZBGZTL", "JCXJTL", "FZDYXZ", "TXGD", "SAC-ZBHYCX", "SAC-DKJS", "SAC-ZBWYZZ",
        "SAC-ZZGXZJ", "GY1-YESS", "GY1-WYGX", "GY1-ZZSHH", "GY1-DXZ", "GY1-BYT"]
for code in full:
    assert by[code]["covered"] == by[code]["total"] > 0, by[code]
for s in c["standards"]:
    assert s["covered"] == s["total"], s
assert c["covered"] == c["total"] == 80, (c["covered"], c["total"])
assert c["covered"] == sum(s["covered"] for s in c["standards"]) >= 45, c["covered"]
assert c["total"] == sum(s["total"] for s in c["standards"]), c["total"]
assert [r["clause"] for r in by["GY1-BYT"]["requirements"]][:3] == ["3.1", "3.2", "3.3"]
PY

# a small pack and tests of it, in a directory of their own
mkdir t
cat >t/notice.lua <<'LUA'
qufa.standard {
  code = "T-NOTICE", title = "通知规范", origin = "branch", org = "b1", effective = "2017-01-01",
  clauses = {
    { number = "1", type = "应", text = "党课前3日发出通知。",
      require = qufa.artifact { activity = "lecture", type = "notice", before = 3 } },
    { number = "2", type = "宜", text = "党课后宜发简讯。",
      require = qufa.artifact { activity = "lecture", type = "news", within = 3 } },
  },
}
LUA
cat >t/notice_test.lua <<'LUA'
local function records(notice_day)
  return {
    orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}},
    members = {{code = "M1", name = "甲", status = "probationary", since = "2016-01-01", org = "b1",
                history = {{status = "full", since = "2017-01-01"}}}},
    activities = {{name = "k1", org = "b1", kind = "lecture", on = "2017-05-10",
                   attendance = {M1 = "present"}, evidence = {notice = notice_day}}},
  }
end
test {
  name = "on time", today = "2017-06-30", period = "2017-05", standards = {"notice.lua"},
  standard = "T-NOTICE", fixtures = records("2017-05-05"),
  expect = {{clause = "1", activity = "k1", status = "pass", message = "5 day(s) before"},
            {clause = "1", requirement = 1, status = "pass", count = 1},
            {clause = "2", activity = "k1", status = "warn"}},
  lang = "en",
}
test {
  name = "late", today = "2017-06-30", period = "2017-05", standards = {"notice.lua"},
  standard = "T-NOTICE", fixtures = records("2017-05-09"),
  expect = {{clause = "1", activity = "k1", status = "fail"}},
}
LUA
run q test t
expect_rc 0
expect_out "t/notice_test.lua"
expect_out "ok    on time"
expect_out "2 test(s): 2 passed, 0 failed, 0 could not run"

# --run: only the cases whose name contains the text
run q test --run "on ti" t
expect_rc 0
expect_out "ok    on time"
expect_out "1 test(s): 1 passed, 0 failed, 0 could not run"
! grep -q "late" "$T/out" || fail "--run ran the other case: $(cat "$T/out")"

# coverage: clause 1 seen met and not met, clause 2 (宜) only not met
run q test --coverage t/notice_test.lua
expect_rc 0
expect_out "T-NOTICE 通知规范: 1/2 requirements covered (50.0%), 1/2 clauses"
expect_out "1#1      artifact   covered  (pass 1, fail 1)"
expect_out "2#1      artifact   never seen passing  (warn 1)"
run q test --coverage --format json t
expect_rc 0
/usr/bin/python3 - "$T/out" <<'PY' || fail "coverage JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == 1 and d["summary"] == {"tests": 2, "passed": 2, "failed": 0, "errors": 0}, d["summary"]
assert [t["status"] for t in d["tests"]] == ["pass", "pass"]
c = d["coverage"]
assert (c["covered"], c["total"]) == (1, 2), c
s = c["standards"][0]
assert s["standard"] == "T-NOTICE" and s["file"] == "notice.lua"
assert (s["clauses_covered"], s["clauses_total"]) == (1, 2), s
r1, r2 = s["requirements"]
assert r1["covered"] is True and r1["outcomes"] == {"pass": 1, "fail": 1}, r1
assert r2["covered"] is False and r2["missing"] == "never seen passing" and r2["outcomes"] == {"warn": 1}, r2
PY

# the fixtures' history, flags, vocabulary and subject selectors decide the outcome: M2 moved
# to b2 and M4 left before the meeting (not due), M3 is suspended (due, without a vote)
cat >t/attend.lua <<'LUA'
qufa.standard {
  code = "T-ATT", title = "读书会出勤", origin = "branch", org = "b1", effective = "2017-01-01",
  clauses = {
    { number = "1", type = "应", text = "全体党员出席。",
      require = qufa.attendance { activity = "reading_club", rate = 1 } },
    { number = "2", type = "应", text = "有表决权的党员全部出席。",
      require = qufa.attendance { activity = "reading_club", base = "voting", rate = 1 } },
  },
}
LUA
cat >t/attend_test.lua <<'LUA'
test {
  name = "who is due", today = "2017-06-30", period = "2017-05", standards = {"attend.lua"},
  standard = "T-ATT",
  fixtures = {
    kinds = {activity_kind = {reading_club = "读书会"}},
    orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"},
            {kind = "branch", code = "b2", parent = "jg"}},
    members = {
      {code = "M1", status = "full", since = "2010-01-01", org = "b1"},
      {code = "M2", status = "full", since = "2010-01-01", org = "b1",
       history = {{org = "b2", since = "2017-03-01"}}},
      {code = "M3", status = "full", since = "2010-01-01", org = "b1",
       flags = {{"suspended", "2017-01-01"}}},
      {code = "M4", status = "full", since = "2010-01-01", org = "b1",
       history = {{leave = "b1", on = "2017-03-31"}}},
    },
    activities = {{name = "k1", org = "b1", kind = "reading_club", on = "2017-05-10",
                   attendance = {M1 = "present"}}},
  },
  expect = {
    {clause = "1", subject = "读书会", org = "b1", status = "fail", message = "应到2人，实到1人"},
    {clause = "2", activity = "k1", status = "pass"},
  },
}
LUA
run q test t/attend_test.lua
expect_rc 0
expect_out "ok    who is due"
sed -i 's/org = "b1", status = "fail"/org = "b2", status = "fail"/' t/attend_test.lua
run q test t/attend_test.lua
expect_rc 1
expect_out "missing finding: T-ATT/1 org=b2 subject=读书会: expected fail, no such finding"
rm t/attend.lua t/attend_test.lua

# every kind of difference, exit 1
cat >t/wrong_test.lua <<'LUA'
test {
  name = "expects wrongly", today = "2017-06-30", period = "2017-05", standards = {"notice.lua"},
  standard = "T-NOTICE", lang = "en",
  fixtures = {
    orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}},
    activities = {{name = "k1", org = "b1", kind = "lecture", on = "2017-05-10",
                   evidence = {notice = "2017-05-09"}},
                  {name = "k2", org = "b1", kind = "lecture", on = "2017-05-20",
                   evidence = {notice = "2017-05-01", news = "2017-05-21"}}},
  },
  expect = {
    {clause = "1", activity = "k1", status = "pass"},
    {clause = "1", activity = "k2", status = "pass", message = "20 day(s)"},
    {clause = "3", status = "pass"},
    {clause = "2", activity = "k2", status = "pass", count = 2},
  },
}
LUA
run q test t/wrong_test.lua
expect_rc 1
expect_out "FAIL  expects wrongly"
expect_out "different status: T-NOTICE/1#1 2017-05-10 party lecture \"k1\": expected pass, got fail"
expect_out 'different message: T-NOTICE/1#1 2017-05-20 party lecture "k2": expected a message with “20 day(s)”'
expect_out "missing finding: T-NOTICE/3: expected pass, no such finding"
expect_out "wrong count: T-NOTICE/2 activity=k2: expected 2 finding(s), got 1"
expect_out "unexpected finding: T-NOTICE/2#1 2017-05-10 party lecture \"k1\": warn, not expected"
expect_out "1 test(s): 0 passed, 1 failed, 0 could not run"
run q test --format json t/wrong_test.lua
expect_rc 1
/usr/bin/python3 - "$T/out" <<'PY' || fail "failure JSON"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tests"][0]
assert t["status"] == "fail"
kinds = sorted(p["problem"] for p in t["problems"])
assert kinds == ["count", "message", "missing", "status", "unexpected"], kinds
st = [p for p in t["problems"] if p["problem"] == "status"][0]
assert st["finding"]["key"] == "T-NOTICE/1#1@b1/activity/1" and st["want"] == "pass", st
PY

# the whole directory: one failing file makes the run fail, the others still run
run q test t
expect_rc 1
expect_out "3 test(s): 2 passed, 1 failed, 0 could not run"

# what cannot run: exit 2, named, and the other cases still run
mkdir bad
cp t/notice.lua bad/
printf 'test {\n  name = "x",\n' >bad/syntax_test.lua
cat >bad/case_test.lua <<'LUA'
test { name = "typo", today = "2017-06-30", standards = {"notice.lua"}, standard = "T-NOTICE",
       expect = {{clause = "1", status = "pass"}}, fixturs = {} }
LUA
cat >bad/fixture_test.lua <<'LUA'
test { name = "no such org", today = "2017-06-30", standards = {"notice.lua"}, standard = "T-NOTICE",
       fixtures = {orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}},
                   members = {{code = "M1", status = "full", since = "2016-01-01", org = "b9"}}},
       expect = {{clause = "1", status = "pass"}} }
test { name = "no such activity", today = "2017-06-30", standards = {"notice.lua"}, standard = "T-NOTICE",
       fixtures = {orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}}},
       expect = {{clause = "1", activity = "k9", status = "pass"}} }
test { name = "no pack", today = "2017-06-30", standards = {"missing.lua"}, standard = "T-NOTICE",
       expect = {{clause = "1", status = "pass"}} }
test { name = "bad status", today = "2017-06-30", standards = {"notice.lua"}, standard = "T-NOTICE",
       expect = {{clause = "1", status = "passed"}} }
LUA
cat >bad/records_test.lua <<'LUA'
local orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}}
test { name = "grade of no meeting", today = "2017-06-30", standards = {"notice.lua"},
       standard = "T-NOTICE",
       fixtures = {orgs = orgs, members = {{code = "M1", status = "full", since = "2016-01-01", org = "b1"}},
                   appraisals = {{member = "M1", year = 2017, result = "excellent", activity = "a9"}}},
       expect = {{clause = "1", status = "pass"}} }
test { name = "a step a case cannot take", today = "2017-06-30", standards = {"notice.lua"},
       standard = "T-NOTICE",
       fixtures = {orgs = orgs, procedures = {"../../../scripts/workflows/election.lua"},
                   cases = {{procedure = "election", org = "b1", date = "2017-06-01",
                             fields = {last_election = "2014-06-01"},
                             steps = {{step = "request", date = "2017-06-02"}}}}},
       expect = {{clause = "1", status = "pass"}} }
test { name = "evidence of nobody", today = "2017-06-30", standards = {"notice.lua"},
       standard = "T-NOTICE",
       fixtures = {orgs = orgs, artifacts = {{org = "b9", type = "report", issued_at = "2017-06-01"}}},
       expect = {{clause = "1", status = "pass"}} }
LUA
sed -i "s|\.\./\.\./\.\./scripts/workflows/election.lua|$packs/../workflows/election.lua|" bad/records_test.lua
run q test bad/records_test.lua
expect_rc 2
expect_out "fixtures.appraisals[1]: activity 'a9' is not the name of an activity of the fixtures"
expect_out "fixtures.cases[1].steps[1] (request): "
expect_out "fixtures.artifacts[1]: "
expect_out "3 test(s): 0 passed, 0 failed, 3 could not run"
run q test bad/syntax_test.lua
expect_rc 2
expect_out "ERROR bad/syntax_test.lua:3:"
run q test bad/case_test.lua
expect_rc 2
expect_out "bad/case_test.lua:1: unknown field 'fixturs'"
sed -i '/name = "bad status"/,$d' bad/fixture_test.lua
run q test bad/fixture_test.lua
expect_rc 2
expect_out "fixtures.members[1] (M1): "
expect_out "org"
expect_out "activity 'k9' is not the name of an activity of the fixtures"
expect_out "standards[1]: "
expect_out "missing.lua"
expect_out "3 test(s): 0 passed, 0 failed, 3 could not run"
cat >bad/status_test.lua <<'LUA'
test { name = "bad status", today = "2017-06-30", standards = {"notice.lua"}, standard = "T-NOTICE",
       expect = {{clause = "1", status = "passed"}} }
LUA
run q test bad/status_test.lua
expect_rc 2
expect_out "expect[1]: status 'passed' is unknown"
cat >bad/types_test.lua <<'LUA'
test { name = "pack not a name", today = "2017-06-30", standards = {"notice.lua", 3},
       standard = "T-NOTICE", expect = {{clause = "1", status = "pass"}} }
LUA
run q test bad/types_test.lua
expect_rc 2
expect_out "standards[2] must be a file name, not number"
cat >bad/count_test.lua <<'LUA'
test { name = "count", today = "2017-06-30", standards = {"notice.lua"},
       standard = "T-NOTICE", expect = {{clause = "1", status = "pass", count = 1.5}} }
LUA
run q test bad/count_test.lua
expect_rc 2
expect_out "expect[1]: field 'count' must be a whole number (1.5)"
run q test nowhere
expect_rc 2
expect_err "test: nowhere: no such file or directory"
mkdir empty
run q test empty
expect_rc 2
expect_err "holds no test files"
run q test --format xml t
expect_rc 2
expect_err "format 'xml' is unknown"

# Chinese by default
run env QUFA_LANG=zh "$QUFA" test t/notice_test.lua
expect_rc 0
expect_out "通过  on time"
expect_out "测试2项：通过2项，失败0项，无法运行0项"
echo "ok"
