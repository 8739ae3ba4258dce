#!/bin/bash
# qufa orgs and qufa demo.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = b}
db:add_org{kind = "branch", code = "gy2", name = "二部党支部", parent = jg}
LUA
"$QUFA" run setup.lua || fail "setup"

run "$QUFA" orgs
expect_rc 0
head -n 1 "$T/out" | grep -q "^id *code *kind *name *parent$" || fail "header: $(head -n 1 "$T/out")"
[ "$(wc -l <"$T/out")" -eq 5 ] || fail "expected 4 orgs: $(cat "$T/out")"
grep -q "^3 *g1 *party group *    第一党小组 *gy1$" "$T/out" || fail "group row: $(cat "$T/out")"
run "$QUFA" orgs --kind group
expect_rc 0
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "kind filter: $(cat "$T/out")"
run "$QUFA" orgs --under gy2
expect_rc 0
expect_out "二部党支部"
! grep -q "一部" "$T/out" || fail "under filter: $(cat "$T/out")"
run "$QUFA" orgs --under 2
expect_out "第一党小组"
run "$QUFA" orgs --under nowhere
expect_rc 2
expect_err "org nowhere does not exist"
run "$QUFA" orgs --kind brunch
expect_rc 2
expect_err "org kind 'brunch' is unknown"
run "$QUFA" orgs --frob
expect_rc 2
expect_err "unknown option '--frob'"

# demo: builds qufa-demo.db and never touches qufa.db
before=$(content qufa.db)
run "$QUFA" demo
expect_rc 0
expect_out "Created qufa-demo.db"
expect_out "工业标准一部党支部"
[ "$(content qufa.db)" = "$before" ] || fail "demo changed qufa.db"
run "$QUFA" --db qufa-demo.db audit verify
expect_rc 0
run "$QUFA" demo # again: rebuilt from scratch
expect_rc 0
run "$QUFA" demo -o other-demo.db
expect_rc 0
[ -f other-demo.db ] || fail "demo -o"
# members on the demo database
# 18 people: 16 party members, then apart the applicant and the activist (never called 党员)
run "$QUFA" --db qufa-demo.db members --under jg
expect_rc 0
party=$(sed '/^$/q' "$T/out" | grep -c "full member\|probationary")
[ "$party" -eq 16 ] || fail "16 party members in the first table: $(cat "$T/out")"
apart=$(sed -n '/^Applicants, activists and candidates (not party members):$/,/^$/p' "$T/out" |
    grep -c "GY1-0")
[ "$apart" -eq 2 ] || fail "2 listed apart: $(cat "$T/out")"
expect_out "Party members: 16 (full 14, probationary 2); applicant: 1, activist: 1"
grep -q "GY1-001 *张建国 *male *full member *1991-06-28 *gy1 *gy1-g1 *secretary" "$T/out" ||
    fail "secretary row: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db --today 2017-09-05 members --org gy1 --status probationary,activist
expect_rc 0
expect_out "Party members: 2 (full 0, probationary 2); activist: 1"
[ "$(grep -c "GY1-0" "$T/out")" -eq 3 ] || fail "status filter: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db members --org gy1 --status probationary --on 2017-01-01
[ "$(grep -c "GY1-0" "$T/out")" -eq 1 ] || fail "as of a date: $(cat "$T/out")"
expect_out "黄丽"
expect_out "Party members: 1 (full 0, probationary 1)"
run "$QUFA" --db qufa-demo.db members --flag mobile
expect_out "马超"
run "$QUFA" --db qufa-demo.db members --org nowhere
expect_rc 2
expect_err "org nowhere does not exist"
run "$QUFA" --db qufa-demo.db members --on 2017-02-30
expect_rc 2
expect_err "2017-02 has no day 30"
run "$QUFA" --db qufa-demo.db members --status ful
expect_rc 2
expect_err "status 'ful' is unknown"
# activities on the demo database
run "$QUFA" --db qufa-demo.db activities --under jg
expect_rc 0
# 36 meetings, talks and the lecture, 8 theme days, the 9th talk planned for 13 September, and
# the life meeting with its 4 heart-to-heart talks, the appraisal and the election meeting
[ "$(wc -l <"$T/out")" -eq 53 ] || fail "52 demo activities: $(cat "$T/out")"
# due, present and observers (列席) are the counting model's (docs/counting.md): 15 members
# due (one had not joined yet), 13 present, 2 on leave; the activist and the candidate sat in
grep -q "^28 *2017-04-19 14:30 *gy1 *semimonthly talk *半月谈第1期：生态文明 *15 *13 *2 *invitation letter" "$T/out" ||
    fail "talk row: $(cat "$T/out")"
grep -q "^26 *2017-04-21 15:00 *gy1 *general meeting of members .* 16 *9 *1 " "$T/out" ||
    fail "general meeting row: $(cat "$T/out")"
grep -q "^45 *2017-09-13 14:30 .* 16 *invitation letter" "$T/out" ||
    fail "a planned talk shows who is due, nothing present: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db activities --kind lecture --from 2017-05-01 --to 2017-05-31
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "kind and dates: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db activities --org gy1-g1
expect_out "第一党小组学习会"
run "$QUFA" --db qufa-demo.db activities --from 2017-13-01
expect_rc 2
expect_err "activities: field 'from'"
run "$QUFA" --db qufa-demo.db activities --kind lectrue
expect_rc 2
expect_err "activity_kind 'lectrue' is unknown"
run "$QUFA" demo -o sub/qufa.db
expect_rc 2
expect_err "refusing to write qufa.db"
echo "ok"
