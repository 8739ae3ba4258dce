#!/bin/bash
# qufa flow and qufa calendar: loading, starting, advancing, refusals that exit 2 and change
# nothing, deadlines due as text and JSON, parameter corrections, the calendar file.
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
q() { "$QUFA" --db t.db --as 书记 "$@"; }

run q init
expect_rc 0
cat > setup.lua <<'EOF'
db:add_org{kind = "committee", code = "jg", name = "机关党委"}
db:add_org{kind = "branch", code = "gy1", name = "一支部", parent = "jg"}
db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = "gy1"}
for i = 1, 6 do
  db:add_member{name = "党员" .. i, code = "F" .. i, status = "full", since = "2000-07-01", org = "gy1"}
end
db:add_member{name = "预备党员", code = "P1", status = "probationary", since = "2016-07-01", org = "gy1"}
db:add_member{name = "李明", code = "A001", status = "applicant", since = "2017-01-20", org = "gy1"}
EOF
run q --today 2017-01-20 run setup.lua
expect_rc 0

run q flow load "$root/scripts/workflows/admission.lua"
expect_rc 0
expect_out "admission: loaded, revision 1"
run q flow load "$root/scripts/workflows/admission.lua"
expect_out "admission: unchanged (revision 1)"

# a bad file: exit 2, named, nothing stored
cat > bad.lua <<'EOF'
qufa.procedure{code = "bad", title = "坏流程", steps = {
  {code = "a", title = "A", next = "b"},
  {code = "b", title = "B", next = "a"},
}}
EOF
before=$(content t.db)
run q flow load bad.lua
expect_rc 2
expect_err "procedure bad: steps a → b → a form a cycle"
[ "$(content t.db)" = "$before" ] || fail "a refused load changed the database"

run q --today 2017-01-20 flow start admission --member A001
expect_rc 0
expect_out "started case 1: 发展党员 for 李明, at step 递交入党申请书 (apply)"
run q --today 2017-01-20 flow start admission --member A001
expect_rc 2
expect_err "there is already an open admission case for this member: case 1"

# refusals: exit 2, the database unchanged, the message says what is missing
before=$(content t.db)
run q --today 2017-01-20 flow advance 1 talk
expect_rc 2
expect_err "illegal move: the case is at step apply (递交入党申请书); step talk (党组织派人谈话) cannot be completed now"
run q --today 2017-01-20 flow advance 1 apply
expect_rc 2
expect_err "missing evidence of type application (application)"
expect_err "--artifact TYPE=FILE"
echo "入党申请书" > app.txt
run q --today 2017-01-20 flow advance 1 apply --date 2017-02-01 --artifact application=app.txt
expect_rc 2
expect_err "date 2017-02-01 is after today (2017-01-20)"
run q --today 2017-01-20 flow advance 7 apply
expect_rc 2
expect_err "there is no case 7"
[ "$(content t.db)" = "$before" ] || fail "a refused advance changed the database"

run q --today 2017-01-20 flow advance 1 apply --artifact app.txt --note 本人递交
expect_rc 0
expect_out "case 1: 递交入党申请书 (apply) completed on 2017-01-20; now at 党组织派人谈话 (talk)"
expect_out "due by 2017-02-20: 收到入党申请书后一个月内派人谈话 (pending)"

# the deadline as text and JSON; overdue after a month
run q --today 2017-02-10 flow due
expect_rc 0
expect_out "2017-02-20  10    pending"
run q --today 2017-02-25 flow due --format json
expect_rc 0
python3 -c 'import json, sys
items = json.load(open(sys.argv[1]))
assert len(items) == 1, items
d = items[0]
assert (d["case"], d["step"], d["due"], d["state"], d["days_left"], d["interrupting"]) == \
    (1, "talk", "2017-02-20", "escalated", -5, True), d
assert d["subject"] == "李明", d' "$T/out" || fail "flow due json: $(cat "$T/out")"
run q --today 2017-01-21 flow due --within 10
expect_out "(none)"
run q --today 2017-02-25 flow list
expect_out "overdue  2017-02-20 escalated"
run q --today 2017-02-25 flow due --format yaml
expect_rc 2
expect_err "flow due: format 'yaml' is unknown (text, json)"

# qufa check reports the overdue step through a standard's `deadline` requirement
run q standards load "$root/scripts/examples/procedure-deadlines.lua"
expect_rc 0
run q --today 2017-02-25 check --org gy1 --standard GY1-LCSX
expect_rc 1
expect_out "李明: 发展党员 case 1, step 党组织派人谈话: not completed; due by 2017-02-20 (收到入党申请书后一个月内派人谈话), 5 day(s) overdue"

echo "谈话记录" > talk.txt
run q --today 2017-02-25 flow advance 1 talk --artifact talk_record=talk.txt
expect_rc 0
run q --today 2017-02-25 check --org gy1 --standard GY1-LCSX
expect_rc 1
expect_out "completed on 2017-02-25, 5 day(s) after its deadline 2017-02-20"
run q --today 2017-02-25 flow show 1
expect_rc 0
expect_out "State: active"
expect_out "2017-02-25  ✓ 党组织派人谈话 (talk)"
expect_out "late"
expect_out "missed"
expect_out "To complete 推荐和确定入党积极分子 (activist):"

# a guard's refusal is explained and changes nothing
echo 会议记录 > minutes.txt
run q --today 2017-03-01 flow advance 1 activist --artifact minutes=minutes.txt
expect_rc 0
run q --today 2017-03-01 flow advance 1 activist_filed
before=$(content t.db)
run q --today 2017-03-02 flow advance 1 contacts --set contacts=P1
expect_rc 2
expect_err "step contacts (指定培养联系人) cannot be completed: 培养联系人 预备党员 不是正式党员"
run q --today 2017-03-02 flow advance 1 contacts --set contacts=F1,F2,F3
expect_rc 2
expect_err "field contacts: 3 member(s) given, at most 2 allowed"
run q --today 2017-03-02 flow advance 1 contacts --set sponsor=F1
expect_rc 2
expect_err "there is no field 'sponsor' (fields: contacts)"
[ "$(content t.db)" = "$before" ] || fail "a refused guard changed the database"
run q --today 2017-03-02 flow advance 1 contacts --set contacts=F1,F2
expect_rc 0

# parameters: corrected for new cases, the running case keeps its own
run q flow params admission talk_within=2m --note "细则（2026）"
expect_rc 0
expect_out "admission: talk_within = 2m for cases started from now on"
expect_out "talk_within      2m     1m       corrected"
run q flow params admission sponsors=x
expect_rc 2
expect_err "parameter sponsors: must be a whole number"
run q --today 2017-03-02 run /dev/stdin <<'EOF'
assert(db:case(1).params.talk_within == "1m")
EOF
expect_rc 0

# cancelling, and the state filter
run q --today 2017-03-03 flow cancel 1 --note 本人撤回申请
expect_rc 0
expect_out "case 1 cancelled on 2017-03-03"
run q flow list admission --state cancelled
expect_out "cancelled"
run q flow frobnicate
expect_rc 2
expect_err "flow: unknown subcommand 'frobnicate'"
run q flow --help
expect_rc 0
expect_out "flow SUBCOMMAND"

# the calendar: file:line errors, import, the month grid
printf '# test\n2017-01-27..2017-02-02 off 春节\n2017-01-23 work 补班\n' > bad.txt
before=$(content t.db)
run q calendar import bad.txt
expect_rc 2
expect_err "bad.txt:3: 2017-01-23 is a Monday, a working day anyway"
[ "$(content t.db)" = "$before" ] || fail "a refused calendar changed the database"
run q calendar import "$root/scripts/calendars/cn-2017.txt"
expect_rc 0
expect_out "imported $root/scripts/calendars/cn-2017.txt: 2017, 26 day(s) off and 5 weekend day(s) worked"
run q calendar show 2017-01
expect_rc 0
expect_out "16  17  18  19  20  21  22+"
expect_out "19 working day(s)"
expect_out "2017-01-22 work  春节调休"
run q calendar show 2018-02
expect_out "(no calendar for 2018: weekends only"
echo "ok"
