#!/bin/bash
# qufa remind on the demo database: the real obligations of 5 September 2017 with who is
# responsible, each fired once however often it runs, the calendar file read back by
# python3-icalendar, --exec and its failure path, ack/snooze/show/settings, a run after a gap,
# custom rules from a script (with a hook) and from a pack, and the Chinese text.
HERE=$(cd "$(dirname "$0")" && pwd)
EX=$(cd "$HERE/../../scripts/examples" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
ICS() { /usr/bin/python3 "$HERE/check_ics.py" "$@"; }

run "$QUFA" demo
expect_rc 0
Q=("$QUFA" --db qufa-demo.db --today 2017-09-05)

# what falls due within 30 days, by who holds the post responsible today
run "${Q[@]}" remind --format json
expect_rc 0
/usr/bin/python3 - "$T/out" >"$T/shown" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["reminders"]:
    if r["shown"]:
        print(r["due"], r["responsible"]["member"], r["responsible"]["post"],
              "fires" if r["firing"] else "-", r["key"])
EOF
cat >"$T/want" <<'EOF'
2017-09-01 李秀英 organization fires custom/gy1_mobile_transfer/member:13/2017-09-01
2017-09-06 张建国 secretary fires check/GY1-BYT/7.2#1/activity:35
2017-09-10 张建国 secretary - check/GY1-BYT/6.1#1/activity:45
2017-09-15 张建国 secretary - check/GY1-BYT/3.1#1/gy1/2017-09-H1
2017-09-21 李秀英 organization - procedure/1/talk#1/2017-08-21
2017-09-28 李秀英 organization fires probation/member:8/2016-09-28
2017-09-30 李秀英 organization - check/GY1-DXZ/7#1/gy1/2017-Q3
2017-09-30 张建国 secretary - check/GY1-YESS/3.4#1/gy1/2017-Q3
2017-09-30 张建国 secretary - check/ZBGZTL/3.1#1/gy1/2017-Q3
2017-09-30 张建国 secretary - check/ZBGZTL/4.1#1/gy1/2017-09
2017-09-30 张建国 secretary - check/ZBGZTL/6.1#1/gy1/2017-09
2017-09-30 刘芳 group_leader - check/ZBGZTL/5#1/gy1-g1/2017-09
2017-09-30 吴婷 group_leader - check/ZBGZTL/5#1/gy1-g2/2017-09
2017-09-30 李秀英 organization - procedure/2/receipt#1/2017-08-31
EOF
diff -u "$T/want" "$T/shown" || fail "the demo's reminders on 2017-09-05"
# 何晓's talk (a month after her application of 21 August) and 赵磊's receipt (a month after
# the letter of 31 August) come from their cases; the steps name no post: the secretary.
# While 赵磊's transfer_out case is open, his transfer record gives no reminder of its own
# (skip.transfer): no receipt/transfer:2, no letter/transfer:2.
/usr/bin/python3 -c "
import json, sys
keys = [r['key'] for r in json.load(open(sys.argv[1]))['reminders']]
assert not [k for k in keys if k.endswith('/transfer:2')], keys
" "$T/out" || fail "the transfer is left to its case: $(cat "$T/out")"

# the same as text: grouped by person, the most urgent first
run "${Q[@]}" remind
expect_rc 0
expect_out "Reminders as of 2017-09-05 (due within 30 day(s), already reminded, or overdue)"
expect_out "张建国 (secretary)"
expect_out '2017-09, first half: “半月谈”活动每半个月开展一次 (GY1-BYT 3.1)'
expect_out "2017 Q3: 党支部党员大会由全体党员参加，一般每季度召开1次 (ZBGZTL 3.1)"
expect_out "李秀英 (organization member)"
expect_out "Probation of 黄丽 ends"
expect_out "发展党员 · 何晓 · 党组织派人谈话"
expect_out "何晓: case 1, step 党组织派人谈话 is due by 2017-09-21 (收到入党申请书后一个月内派人谈话)"
expect_out "组织关系转出 · 赵磊 · 收到回执"
expect_out "刘芳 (party group leader, 第一党小组)"
expect_out "吴婷 (party group leader, 第二党小组)"
expect_out "next reminder 2017-09-10"
# the second run fires nothing: both went out with the first
expect_out "0 reminder(s) fired now (0 late, 0 not delivered)"
# most urgent first: 李秀英's overdue reminder (马超's six months away were up on 1 September)
[ "$(grep -n "李秀英 (organization member)" "$T/out" | cut -d: -f1)" -lt \
    "$(grep -n "张建国 (secretary)" "$T/out" | cut -d: -f1)" ] || fail "most urgent first"
run "${Q[@]}" remind --format json
/usr/bin/python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; sys.exit(s['firing'] != 0)" \
    "$T/out" || fail "a third run fires nothing: $(cat "$T/out")"

# the probation's first lead time (-30d) fell before the first run: it fired with it, not late
run "${Q[@]}" remind --format json
probation=$(/usr/bin/python3 -c "import json, sys
print([r['id'] for r in json.load(open(sys.argv[1]))['reminders']
       if r['key'] == 'probation/member:8/2016-09-28'][0])" "$T/out")
run "${Q[@]}" remind show "$probation"
expect_rc 0
expect_out "probation/member:8/2016-09-28"
# a duration is an argument too: English words in English, whatever language saw it first
expect_out "the probation (1 year) ends on 2017-09-28"
grep -q "year(s)" "$T/out" && fail "a duration in English takes the number's form: $(cat "$T/out")"
grep -q "^2017-08-29  -30d  2017-09-05 *$" "$T/out" || fail "fired on the first run: $(cat "$T/out")"
grep -q "^2017-09-21  -7d *$" "$T/out" || fail "planned: $(cat "$T/out")"
run env QUFA_LANG=zh "${Q[@]}" remind show "$probation"
expect_out "预备期（1年）于2017-09-28期满"

# the ledger keeps what a reminder says as message ids with arguments: shown later, it speaks
# the reader's language and counts from the reader's day (the September half month, seen on 5
# September with 10 days left, is 30 days overdue on 15 October)
hm=$(db_query qufa-demo.db "SELECT id FROM reminder WHERE key = 'check/GY1-BYT/3.1#1/gy1/2017-09-H1'")
[ -n "$hm" ] || fail "the half month's reminder is in the ledger"
db_query qufa-demo.db "SELECT json_extract(message_ref, '\$.id') FROM reminder WHERE id = $hm" |
    grep -q "not yet held enough" || fail "the message is stored as its id"
run "$QUFA" --db qufa-demo.db --today 2017-10-15 remind show "$hm"
expect_rc 0
expect_out "30 day(s) overdue since 2017-09-15"
if grep -q "left until" "$T/out"; then fail "a stale 'days left': $(cat "$T/out")"; fi
run env QUFA_LANG=zh "$QUFA" --db qufa-demo.db --today 2017-10-15 remind show "$hm"
expect_rc 0
expect_out "已逾期30天（截止2017-09-15）"
expect_out "2017年9月上半月"

# in Chinese (a dry run: the ledger keeps the titles in the language of the runs that count)
run env QUFA_LANG=zh "${Q[@]}" remind --dry-run
expect_out "提醒事项（截至2017-09-05；30天内到期、已提醒或已逾期的）"
expect_out "（试运行：未发送提醒，也未记录）"
expect_out "李秀英（组织委员）"
expect_out "黄丽预备期满"
expect_out "本次将发出提醒0条"

# the calendar file: read back by python3-icalendar; one task per reminder, alarms per lead
run "${Q[@]}" remind --ics cal1.ics
expect_rc 0
ICS cal1.ics >"$T/cal1" || fail "cal1.ics: $(cat "$T/cal1")"
grep -q '^check/GY1-BYT/3.1#1/gy1/2017-09-H1 qufa-[0-9a-f]*@qufa NEEDS-ACTION 0 2017-09-15 3$' "$T/cal1" ||
    fail "the half month in the calendar: $(cat "$T/cal1")"
grep -q '^probation/member:8/2016-09-28 qufa-[0-9a-f]*@qufa NEEDS-ACTION 1 2017-09-28 3$' "$T/cal1" ||
    fail "the probation in the calendar (fired once: sequence 1): $(cat "$T/cal1")"
# the notice of the 9th talk goes out and the 8th is archived: re-exported, the same tasks are
# completed, with a higher SEQUENCE; nothing is duplicated
run "${Q[@]}" run /dev/stdin <<'EOF'
for a in db:activities{kind = "semimonthly_talk", from = "2017-08-30", to = "2017-09-13"} do
  if a.starts_at:sub(1, 10) == "2017-09-13" then
    a:add_artifact{type = "notice", title = "通知", issued_at = "2017-09-06 09:00"}
  else
    a:add_artifact{type = "archive", title = "归档", issued_at = "2017-09-06 16:00"}
  end
end
EOF
expect_rc 0
run "$QUFA" --db qufa-demo.db --today 2017-09-07 remind --ics cal2.ics
expect_rc 0
expect_out "since the last run 2 satisfied, 0 expired"
ICS cal2.ics >"$T/cal2" || fail "cal2.ics: $(cat "$T/cal2")"
for key in "check/GY1-BYT/6.1#1/activity:45" "check/GY1-BYT/7.2#1/activity:35"; do
    old=$(grep -F "$key " "$T/cal1")
    new=$(grep -F "$key " "$T/cal2")
    [ "$(echo "$old" | cut -d' ' -f2)" = "$(echo "$new" | cut -d' ' -f2)" ] || fail "$key: same UID"
    [ "$(echo "$new" | cut -d' ' -f3)" = COMPLETED ] || fail "$key completed: $new"
    [ "$(echo "$new" | cut -d' ' -f4)" -gt "$(echo "$old" | cut -d' ' -f4)" ] || fail "$key: sequence"
done
[ "$(wc -l <"$T/cal2")" -eq "$(cut -d' ' -f2 "$T/cal2" | sort -u | wc -l)" ] || fail "unique UIDs"

# 马超's six months away, overdue since 1 September, come back every week until the
# relationship is transferred; acknowledged, they stay out of the runs below
run "$QUFA" --db qufa-demo.db --today 2017-09-07 remind --format json
mobile=$(/usr/bin/python3 -c "import json, sys
print([r['id'] for r in json.load(open(sys.argv[1]))['reminders']
       if r['key'] == 'custom/gy1_mobile_transfer/member:13/2017-09-01'][0])" "$T/out")
run "$QUFA" --db qufa-demo.db --today 2017-09-07 remind ack "$mobile" --note "已联系外派单位党委"
expect_rc 0
# --exec: a failing command leaves the reminder to fire again, and says so (exit status 1)
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind --exec 'echo mail server down >&2; exit 3'
expect_rc 1
expect_out "not delivered (the command exited with status 3): it fires again next run"
expect_out "1 reminder(s) fired now (0 late, 1 not delivered)"
expect_err "mail server down"
# a working command gets each reminder in variables and as JSON on its input
cat >deliver.sh <<'EOF'
#!/bin/sh
env | grep '^QUFA_REMINDER_' | sort >"r$QUFA_REMINDER_ID.env"
cat >"r$QUFA_REMINDER_ID.json"
echo "delivered $QUFA_REMINDER_ID"
EOF
chmod +x deliver.sh
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind --exec ./deliver.sh
expect_rc 0
expect_out "1 reminder(s) fired now (0 late, 0 not delivered)"
expect_err "delivered"
id=$(grep -l 'QUFA_REMINDER_KEY=check/GY1-BYT/3.1#1/gy1/2017-09-H1' r*.env | sed 's/^r//; s/\.env$//')
[ -n "$id" ] || fail "the half month was delivered: $(cat r*.env)"
grep -qx "QUFA_REMINDER_DUE=2017-09-15" "r$id.env" || fail "due: $(cat "r$id.env")"
grep -qx "QUFA_REMINDER_DAYS_LEFT=5" "r$id.env" || fail "days left: $(cat "r$id.env")"
grep -qx "QUFA_REMINDER_RESPONSIBLE=张建国" "r$id.env" || fail "responsible: $(cat "r$id.env")"
grep -qx "QUFA_REMINDER_LEAD=-5d" "r$id.env" || fail "lead: $(cat "r$id.env")"
grep -qx 'QUFA_REMINDER_TITLE=2017-09, first half: “半月谈”活动每半个月开展一次 (GY1-BYT 3.1)' "r$id.env" ||
    fail "title: $(cat "r$id.env")"
/usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
assert r['key'] == 'check/GY1-BYT/3.1#1/gy1/2017-09-H1', r
assert r['responsible']['member'] == '张建国' and r['firing'] and r['fire_lead'] == '-5d', r
" "r$id.json" || fail "JSON on stdin: $(cat "r$id.json")"
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind --exec 'exit 9'
expect_rc 0 # nothing left to fire today: the command is not run

# ack, snooze, show, and their errors
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind ack "$id" --note "9月13日召开"
expect_rc 0
expect_out "reminder $id acknowledged: it fires no more"
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind show "$id"
expect_rc 0
expect_out "state           acknowledged"
expect_out "note            9月13日召开"
expect_out "2017-09-10  -5d   2017-09-10"
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind --format json
receipt=$(/usr/bin/python3 -c "
import json, sys
for r in json.load(open(sys.argv[1]))['reminders']:
    if r['key'] == 'procedure/2/receipt#1/2017-08-31': print(r['id'])" "$T/out")
run "$QUFA" --db qufa-demo.db --today 2017-09-10 remind snooze "$receipt" 2w --note 出差
expect_rc 0
expect_out "reminder $receipt snoozed until 2017-09-24"
run "$QUFA" --db qufa-demo.db --today 2017-09-23 remind
expect_rc 0
grep -q "赵磊 · 收到回执" "$T/out" && fail "a snoozed reminder is not listed: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db --today 2017-09-23 remind --all
expect_out "Acknowledged or snoozed:"
expect_out "snoozed until 2017-09-24 (出差)"
run "$QUFA" --db qufa-demo.db --today 2017-09-24 remind
expect_out "组织关系转出 · 赵磊 · 收到回执"
expect_out "reminded now (7 days before)"
before=$(content qufa-demo.db)
run "$QUFA" --db qufa-demo.db remind snooze "$receipt" soon
expect_rc 2
expect_err "snooze: 'soon' is not a duration"
run "$QUFA" --db qufa-demo.db remind ack 9999
expect_rc 2
expect_err "there is no reminder 9999"
run "$QUFA" --db qufa-demo.db remind ack
expect_rc 2
expect_err "which reminder?"
run "$QUFA" --db qufa-demo.db remind --format xml
expect_rc 2
expect_err "format 'xml' is unknown"
run "$QUFA" --db qufa-demo.db remind --org nowhere
expect_rc 2
expect_err "org nowhere does not exist"
[ "$(content qufa-demo.db)" = "$before" ] || fail "a refused command wrote nothing"

# settings: lead times per source
run "$QUFA" --db qufa-demo.db remind settings leads.month "-10wd, -2wd" --note 支委会决定
expect_rc 0
expect_out "leads.month"
expect_out "-10wd, -2wd"
run "$QUFA" --db qufa-demo.db remind settings leads.month x
expect_rc 2
expect_err "leads.month: lead times: 'x' is not a duration"
run "$QUFA" --db qufa-demo.db remind settings leads.weekly
expect_rc 2
expect_err "'leads.weekly' is not a setting"
run "$QUFA" --db qufa-demo.db remind settings leads.month ""
expect_rc 0
grep -q "^leads.month *-7d,-3d,-1d *(default)" "$T/out" || fail "default restored: $(cat "$T/out")"

# a gap: nothing ran from 24 September to 16 October. September's meetings were never held:
# each fires once, late, says which days it missed, and stays overdue
run "$QUFA" --db qufa-demo.db --today 2017-10-16 remind
expect_rc 0
expect_out "2017-09: 党支部委员会会议一般每月召开1次 (ZBGZTL 4.1)"
expect_out "16 day(s) overdue"
expect_out "reminded now (overdue, again); late: it was due 2017-09-27, 2017-09-29"
grep -q "Probation of 黄丽 ends" "$T/out" || fail "the probation is overdue: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db --today 2017-10-16 remind --format json
/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['last_run'] == '2017-09-24', d['last_run']
assert d['summary']['firing'] == 0, d['summary']
" "$T/out" || fail "the run after the gap fired each once: $(cat "$T/out")"

# a custom rule from a script, with a hook that delivers
run "${Q[@]}" run "$EX/remind-absent-members.lua"
expect_rc 0
# 杨静 was absent twice without leave; 马超, away with the branch's leave, is not reminded of
expect_out "→ 刘芳：杨静缺席了2017-07-13和2017-08-17的党小组会，请谈心谈话了解情况（2017-09-05前）"
grep -q "马超缺席" "$T/out" && fail "approved leave is not absence: $(cat "$T/out")"
expect_out "1 reminder(s) fired"
# a hook that fails leaves the reminder pending: the script's next run delivers it again
run "$QUFA" --db qufa-demo.db --today 2017-10-16 run /dev/stdin <<'EOF'
qufa.reminder{code = "leaders", title = "组长述职", subject = "group", responsible = "group_leader",
  fn = function(g, ctx) return true, g.name .. "组长述职", "2017-10-16" end}
qufa.on_reminder(function(r) if r.rule == "leaders" then error("短信网关不可用") end end)
local r = db:remind{}
print("failed", r:summary().failed)
for x in r:reminders{state = "pending"} do
  if x.rule == "leaders" then print(x.subject, x.delivery_error) end
end
EOF
expect_rc 0
expect_out "failed	2"
expect_out "第一党小组	the on_reminder hook failed:"
expect_out "短信网关不可用"

# a custom rule stored with a standards pack; its function runs sandboxed
cat >my-reminders.lua <<'EOF'
qufa.reminder{code = "no_phone", title = "补录联系电话", subject = "member",
  responsible = "organization", lead = "0d",
  fn = function(m, ctx) return m.status == "full" and m.code == "GY1-017", m.name .. "缺少联系电话" end}
qufa.reminder{code = "sneaky", title = "越权", subject = "branch",
  fn = function(b, ctx) return io.open("/etc/passwd") ~= nil end}
EOF
run "$QUFA" --db qufa-demo.db standards load my-reminders.lua
expect_rc 0
run "$QUFA" --db qufa-demo.db --today 2017-10-16 remind
expect_rc 0
expect_out "补录联系电话"
expect_out "郑凯缺少联系电话"
expect_err "reminder sneaky:"
# the pack no longer declares the rule: its reminder expires with it
cat >my-reminders.lua <<'EOF'
qufa.reminder{code = "sneaky", title = "越权", subject = "branch", fn = function() return false end}
EOF
run "$QUFA" --db qufa-demo.db --today 2017-10-16 standards load my-reminders.lua
expect_rc 0
run "$QUFA" --db qufa-demo.db --today 2017-10-16 remind --format json
expect_rc 0
/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d['reminders'] if x['rule'] == 'no_phone']
assert len(r) == 1 and r[0]['state'] == 'expired' and not r[0]['shown'], r
assert not d['summary']['firing'], d['summary']
" "$T/out" || fail "the dropped rule's reminder expired: $(cat "$T/out")"
# a party group's reminder under a branch post goes to whoever holds it in the branch (the
# result reads every post's holder at once: a group has no secretary of its own)
cat >group-secretary.lua <<'EOF'
qufa.reminder{code = "group_sec", title = "小组台账", subject = "group", responsible = "secretary",
  lead = "0d", fn = function(g, _ctx) return true, g.name .. "台账" end}
local rows = {}
for x in db:remind{dry_run = true}:reminders() do
  if x.rule == "group_sec" then
    rows[#rows + 1] = table.concat({x.org, x.org_name, x.responsible, x.holder or "-"}, " ")
  end
end
table.sort(rows)
for _i, row in ipairs(rows) do print(row) end
EOF
run "$QUFA" --db qufa-demo.db --today 2017-10-16 run group-secretary.lua
expect_rc 0
printf 'gy1-g1 第一党小组 secretary 张建国\ngy1-g2 第二党小组 secretary 张建国\n' >"$T/want"
diff -u "$T/want" "$T/out" || fail "a group's reminder under the secretary: $(cat "$T/out")"
# the demo database stays consistent with its audit log
run "$QUFA" --db qufa-demo.db audit verify
expect_rc 0

# across a year's end: a run judges from the first day an unresolved reminder is about, not
# only from its last run. September 2017's committee meeting, overdue, is judged again on
# 10 January 2018 (last run 9 January) and stays unresolved; judged from 2018 alone, no
# finding would speak for it and it would expire.
mkdir year-end && cd year-end || exit 1
run "$QUFA" demo
expect_rc 0
for day in 2017-09-05 2018-01-09; do
  run "$QUFA" --db qufa-demo.db --today "$day" remind
  expect_rc 0
done
run "$QUFA" --db qufa-demo.db --today 2018-01-10 remind --all --format json
expect_rc 0
/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
r = [x for x in d['reminders'] if x['key'] == 'check/ZBGZTL/4.1#1/gy1/2017-09']
assert len(r) == 1 and r[0]['state'] == 'fired' and r[0]['overdue'], r
" "$T/out" || fail "last year's lapse stays unresolved: $(cat "$T/out")"
echo ok
