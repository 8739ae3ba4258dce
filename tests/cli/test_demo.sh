#!/bin/bash
# qufa demo: the branch's 2017 up to 5 September, the three standards packs, and a check that
# finds exactly the lapses planted in scripts/demo/ — nothing more, nothing less; the shipped
# procedures, with an admission and a transfer under way that `flow due` lists.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run "$QUFA" demo
expect_rc 0
expect_out "Created qufa-demo.db: 工业标准一部党支部, records of 2017 up to 2017-09-05."
expect_out "members: 16 party members (14 full, 2 probationary) in 2 party groups"
expect_out "semimonthly talk 8"
expect_out "Check of 2017 as of 2017-09-05:"
# the committee meetings count the committee (docs/counting.md): the one warning is the 纪检委员
# on leave on 4 July
expect_out "10 failed, 1 warnings"
# one line for each of the branch's own standards
awk '/^The branch.s own standards:$/ {on = 1; next} on && /^$/ {exit} on' "$T/out" >"$T/got"
cat >"$T/want" <<'EOF'
  GY1-BYT 半月谈活动规范               88 passed, 3 failed, 0 warnings, 3 open, 0 n/a
  GY1-DXZ 党小组工作规范               25 passed, 1 failed, 0 warnings, 1 open, 1 n/a
  GY1-WYGX 支部委员改选规范            12 passed, 0 failed, 0 warnings, 0 open, 8 n/a
  GY1-YESS 一二三四支部工作制度和方法  17 passed, 1 failed, 1 warnings, 1 open, 8 n/a
  GY1-ZZSHH 支部组织生活会程序         10 passed, 1 failed, 0 warnings, 0 open, 0 n/a
EOF
diff -u "$T/want" "$T/got" || fail "the branch's own standards in the summary"
expect_out "Lapses found:"
expect_out "GY1-BYT 3.1  2017-08, first half"
expect_out "Still open:"
expect_out "GY1-BYT 3.1  2017-09, first half"
# the 2018 branch regulation is not in force in 2017; the branch's profile adopts it for 2017
expect_out "ZBGZTL (in force from 2018-10-28), applied by gy1-profile from 2017-01-01: "
expect_out "2020-07-13  JCXJTL"
# the procedures under way: 何晓's admission waits for the talk (a month after her application
# of 21 August), 赵磊's transfer out for the receipt (a month after the letter of 31 August)
cp "$T/out" summary
awk '/^Procedures under way/ {on = 1; next} on && /^$/ {exit} on' summary >"$T/got"
cat >"$T/want" <<'EOF'
  case 1  发展党员      何晓  at 党组织派人谈话 since 2017-08-21, due by 2017-09-21 (16 day(s) left)
  case 2  组织关系转出  赵磊  at 收到回执 since 2017-08-31, due by 2017-09-30 (25 day(s) left)
EOF
diff -u "$T/want" "$T/got" || fail "the procedures under way in the summary"
# what falls due (a dry run: the ledger stays empty for qufa remind). The two cases' steps are
# reminded of to the secretary (their steps name no post); while 赵磊's case is open his
# transfer record gives no reminder of its own (no letter running out, no receipt due back)
awk '/^Reminders due within 30 days \(qufa remind\):$/ {on = 1; next} on && /^$/ {exit} on' \
    summary >"$T/got"
cat >"$T/want" <<'EOF'
  2017-09-01  李秀英 (organization member)  马超外出满6个月，应转移组织关系
  2017-09-06  张建国 (secretary)            2017-08-30 semimonthly talk "半月谈第8期：消费品安全": 活动后整理存档 (GY1-BYT 7.2)
  2017-09-10  张建国 (secretary)            2017-09-13 semimonthly talk "半月谈第9期：智能制造": 活动前按规定格式发出会议通知 (GY1-BYT 6.1)
  2017-09-15  张建国 (secretary)            2017-09, first half: “半月谈”活动每半个月开展一次 (GY1-BYT 3.1)
  2017-09-21  李秀英 (organization member)  发展党员 · 何晓 · 党组织派人谈话
  2017-09-28  李秀英 (organization member)  Probation of 黄丽 ends
  2017-09-30  李秀英 (organization member)  2017 Q3: 党小组长每季度向支部委员会汇报1次党小组工作 (GY1-DXZ 7)
  2017-09-30  张建国 (secretary)            2017 Q3: 党课每季度至少1次 (GY1-YESS 3.4)
  2017-09-30  张建国 (secretary)            2017 Q3: 党支部党员大会由全体党员参加，一般每季度召开1次 (ZBGZTL 3.1)
  2017-09-30  张建国 (secretary)            2017-09: 党支部委员会会议一般每月召开1次 (ZBGZTL 4.1)
  2017-09-30  张建国 (secretary)            2017-09: 党支部每月相对固定1天开展主题党日 (ZBGZTL 6.1)
  2017-09-30  刘芳 (party group leader)     第一党小组 2017-09: 党小组会一般每月召开1次 (ZBGZTL 5)
  2017-09-30  吴婷 (party group leader)     第二党小组 2017-09: 党小组会一般每月召开1次 (ZBGZTL 5)
  2017-09-30  李秀英 (organization member)  组织关系转出 · 赵磊 · 收到回执
EOF
diff -u "$T/want" "$T/got" || fail "the reminders in the summary"
expect_out "$PWD/qufa-demo.db"
expect_out "qufa --db qufa-demo.db --today 2017-09-05 check --period 2017"
expect_out "qufa --db qufa-demo.db --today 2017-09-05 flow due "

# the summary is Chinese unless one asks for English (here the environment does; --lang does
# not reach the Lua commands yet)
run env QUFA_LANG=zh "$QUFA" demo -o zh-demo.db
expect_rc 0
expect_out "发现的问题："
expect_out "待办事项："
expect_out "进行中的流程事项（qufa flow）："
expect_out '  事项1  发展党员      何晓  当前步骤“党组织派人谈话”，始于2017-08-21，应于2017-09-21前完成（还剩16天）'
expect_out '  事项2  组织关系转出  赵磊  当前步骤“收到回执”，始于2017-08-31，应于2017-09-30前完成（还剩25天）'
expect_out "qufa --db zh-demo.db --today 2017-09-05 flow due "
expect_out "进行中流程事项的到期步骤"

# The procedures under way: the shipped ones are loaded, and `flow due` lists exactly the two
# cases' pending steps with their due dates — 何晓's talk, 赵磊's receipt
run "$QUFA" --db qufa-demo.db --today 2017-09-05 flow due
expect_rc 0
cat >"$T/want" <<'EOF'
Due by 2017-10-05 (today 2017-09-05 + 30d), and everything overdue
due         days  state    case  procedure     subject  step                   rule
2017-09-21  16    pending  1     admission     何晓     党组织派人谈话 (talk)  收到入党申请书后一个月内派人谈话
2017-09-30  25    pending  2     transfer_out  赵磊     收到回执 (receipt)     回执应在一个月内退回
EOF
diff -u "$T/want" "$T/out" || fail "flow due on the demo"
run "$QUFA" --db qufa-demo.db --today 2017-09-05 flow due --format json
expect_rc 0
/usr/bin/python3 -c 'import json, sys
rows = [(d["case"], d["procedure"], d["subject"], d["step"], d["due"], d["state"], d["interrupting"])
        for d in json.load(open(sys.argv[1]))]
assert rows == [(1, "admission", "何晓", "talk", "2017-09-21", "pending", True),
                (2, "transfer_out", "赵磊", "receipt", "2017-09-30", "pending", True)], rows' \
    "$T/out" || fail "flow due --format json on the demo: $(cat "$T/out")"
run "$QUFA" --db qufa-demo.db --today 2017-09-05 flow list
expect_rc 0
for p in "admission     1    2014" "election      1    2020" "transfer_in   1    1" "transfer_out  1    1"; do
    expect_out "$p"
done
# what the steps done left on record: her application as the evidence of step apply; the
# transfer record written by the letter step, pending until the receipt comes back
run "$QUFA" --db qufa-demo.db --today 2017-09-05 flow show 1
expect_rc 0
expect_out "Subject: 何晓 · org gy1 工业标准一部党支部"
grep -q "^2017-08-21  ✓ 递交入党申请书 (apply)  demo  *[0-9][0-9]*  *本人向支部书记递交入党申请书$" "$T/out" ||
    fail "the application step: $(cat "$T/out")"
expect_out "  evidence: talk record (talk_record)"
run "$QUFA" --db qufa-demo.db --today 2017-09-05 run /dev/stdin <<'EOF'
for t in db:transfers{member = "GY1-007"} do
  print(t.direction, t.letter_date, t.letter_no, t.other_org, t.valid_days, t.status, t.note)
end
EOF
expect_rc 0
[ "$(cat "$T/out")" = "$(printf 'out\t2017-08-31\t（2017）031\t某部机关党委\t30\tpending\t工作调动，组织关系随转')" ] ||
    fail "赵磊's transfer record: $(cat "$T/out")"

# The full list of fail and warn findings: standard, clause, status, period and subject type.
# The April general meeting is judged by the 2018 regulation too (the profile adopts it).
# The leading columns of the CSV hold no commas; an activity is identified by its day.
run "$QUFA" --db qufa-demo.db --today 2017-09-05 check --period 2017 --format csv
expect_rc 1
awk -F, 'NR > 1 && ($5 == "fail" || $5 == "warn" || $5 == "error") {print $1, $2, $5, $7, $8}' \
    "$T/out" >"$T/lapses"
# The branch's own standards find what scripts/demo/ planted for them too: the mobile
# member's six months up without a transfer (GY1-YESS 4.4, judged month by month), a talk
# missing before the life meeting (GY1-ZZSHH 3.1), the second group's July minutes (GY1-DXZ 5).
# GY1-YESS 2.2 warns that the discipline member missed the 4 July committee meeting (on leave).
cat >"$T/planted" <<'EOF'
FZDYXZ 2 fail 2017-04-21 activity
FZDYXZ 3 fail 2017-04-21 activity
GY1-BYT 7.1 fail 2017-06-21 activity
GY1-BYT 6.1 fail 2017-07-05 activity
GY1-BYT 3.1 fail 2017-08-H1 period
GY1-YESS 2.2 warn 2017-07-04 activity
GY1-YESS 4.4 fail 2017-09 period
GY1-ZZSHH 3.1 fail 2017-07-21 activity
ZBGZTL 3.2 fail 2017-04-21 activity
ZBGZTL 3.3 fail 2017-04-21 activity
GY1-DXZ 5 fail 2017-07-14 activity
EOF
diff -u "$T/planted" "$T/lapses" || fail "the check finds other than the planted lapses"
# and the subjects they are about
grep -q '^FZDYXZ,2,1,check,fail,gy1,2017-04-21,activity,[0-9]*,"2017-04-21 general meeting of members ""支部党员大会：讨论接收预备党员"""' "$T/out" ||
    fail "quorum finding: $(cat "$T/out")"
grep -q '^GY1-BYT,7.1,1,artifact,fail,gy1,2017-06-21,activity,[0-9]*,"2017-06-21 semimonthly talk ""半月谈第5期：工业节能""","no news brief (required within 3 day(s) after, by 2017-06-24)"' "$T/out" ||
    fail "news finding: $(cat "$T/out")"
grep -q '^GY1-BYT,6.1,1,artifact,fail,gy1,2017-07-05,activity,[0-9]*,"2017-07-05 semimonthly talk ""半月谈第6期：稀土""","meeting notice issued 2017-07-04, 1 day(s) before; required at least 3 day(s) before' "$T/out" ||
    fail "notice finding: $(cat "$T/out")"
# every clause of the branch's own standards that records can show gives a finding
for clause in GY1-YESS,2.1 GY1-YESS,2.2 GY1-YESS,3.4 GY1-YESS,3.5 GY1-YESS,4.2.1 \
    GY1-YESS,4.2.2 GY1-YESS,4.2.3 GY1-YESS,4.4 GY1-WYGX,2.2 GY1-WYGX,2.3 GY1-WYGX,3.1 \
    GY1-WYGX,4.1 GY1-WYGX,4.2 GY1-WYGX,4.3 GY1-WYGX,4.4 GY1-WYGX,5.1 GY1-WYGX,5.2 \
    GY1-WYGX,6.1 GY1-ZZSHH,3.1 GY1-ZZSHH,3.2 GY1-ZZSHH,3.3 GY1-ZZSHH,4.1 GY1-ZZSHH,4.2 \
    GY1-ZZSHH,4.3 GY1-ZZSHH,5.1 GY1-ZZSHH,6.2 GY1-ZZSHH,6.3 GY1-DXZ,3 GY1-DXZ,5 GY1-DXZ,6 \
    GY1-DXZ,7; do
    grep -q "^$clause,[0-9]*,[a-z]*,\(pass\|fail\|warn\|open\)," "$T/out" ||
        fail "no finding of $clause: $(grep "^${clause%%,*}," "$T/out")"
done
# the re-election of August, judged by the branch's 《支部委员改选规范》
grep -q '^GY1-WYGX,4.1,1,check,pass,gy1,2017-Q3,period,.*2017-08-22（事项3）应到会有选举权党员14人，到会12人（须超过0.8）' "$T/out" ||
    fail "the election's quorum: $(grep '^GY1-WYGX,4.1' "$T/out")"
grep -q '^GY1-WYGX,5.2,1,check,pass,' "$T/out" || fail "the new committee in office"
# what is open on 5 September
grep -q '^GY1-DXZ,7,1,check,open,gy1,2017-Q3,period,.*第二党小组尚未汇报' "$T/out" ||
    fail "the second group's report for Q3 is open"
grep -q '^GY1-YESS,3.4,1,cadence,open,gy1,2017-Q3,' "$T/out" || fail "Q3's lecture is open"
grep -q '^GY1-BYT,3.1,1,cadence,open,gy1,2017-09-H1,' "$T/out" || fail "September's first half is open"
grep -q '^GY1-BYT,7.2,1,artifact,open,gy1,2017-08-30,' "$T/out" || fail "the 8th session's archive is open"
grep -q '^GY1-BYT,6.1,1,artifact,open,gy1,2017-09-13,' "$T/out" || fail "the 9th session's notice is open"
for req in "3.1,1,cadence,open,gy1,2017-Q3" "4.1,1,cadence,open,gy1,2017-09" \
    "5,1,cadence,open,gy1-g1,2017-09" "5,1,cadence,open,gy1-g2,2017-09" \
    "6.1,1,cadence,open,gy1,2017-09"; do
    grep -q "^ZBGZTL,$req," "$T/out" || fail "ZBGZTL $req: $(cat "$T/out")"
done
# the theme days held each month of 2017 satisfy the adopted regulation
[ "$(grep -c '^ZBGZTL,6.1,1,cadence,pass,' "$T/out")" -eq 8 ] || fail "8 theme days"
# the supervising leader attended all eight sessions
run "$QUFA" --db qufa-demo.db --today 2017-09-05 run /dev/stdin <<'EOF'
local n = 0
for a in db:activities{kind = "semimonthly_talk"} do
  for r in a:attendance() do
    if r.member.code == "GY1-016" and r.state == "present" then n = n + 1 end
  end
end
print("leader at " .. n)
EOF
expect_out "leader at 8"

# the standards: the organ's system with its 6 categories, the regulations, and the branch's
# five additions with where they come from
run "$QUFA" --db qufa-demo.db standards list
expect_rc 0
expect_out "organ 国家标准委机关全面从严治党标准体系"
for c in "party_group 党组 (0)" "organ_committee 机关党委 (0)" "organ_discipline 机关纪委 (0)" \
    "party_branch 党支部 (3)" "member 党员 (1)" "assessment 党建工作考核 (0)"; do
    expect_out "  $c"
done
expect_out "regulations 党内法规和公开规定"
for code in GY1-YESS GY1-WYGX GY1-ZZSHH GY1-DXZ GY1-BYT; do
    grep -q "^- *- *$code .* branch *2017-04-16 .* branch-gy1.lua$" "$T/out" ||
        fail "$code as the branch's own: $(cat "$T/out")"
done
[ "$(grep -c "branch-gy1.lua$" "$T/out")" -eq 5 ] || fail "five branch standards"
run "$QUFA" --db qufa-demo.db standards show SAC-ZBHYCX --org gy1
expect_rc 0
expect_out "changed by gy1-profile"
expect_out "支部根据《党支部会议程序》专门成立了两个党小组"

# the demo database stays consistent with its audit log
run "$QUFA" --db qufa-demo.db audit verify
expect_rc 0

# an ordered list parameter is shown in its order (the 半月谈's three segments), not sorted
run "$QUFA" --db qufa-demo.db standards show GY1-BYT --org gy1
expect_rc 0
expect_out "segments={study, expert_briefing, discussion}"

# one lapse judged by several clauses is one cause: the quorum of 21 April fails FZDYXZ 2 and
# ZBGZTL 3.2, its vote FZDYXZ 3 and ZBGZTL 3.3; each pair is deducted once in the score, and the
# text says which finding each repeats
run "$QUFA" --db qufa-demo.db --today 2017-09-05 check --period 2017 --org gy1
expect_out "(the same lapse as FZDYXZ 2)"
expect_out "(the same lapse as FZDYXZ 3)"
expect_out "10 failed, 1 warnings (9 distinct lapse(s))"
run "$QUFA" --db qufa-demo.db --today 2017-09-05 report score --org gy1 --period 2017 --format csv
expect_rc 0
grep -q "FZDYXZ 2；FZDYXZ 3" "$T/out" || fail "the general meeting's two lapses: $(cat "$T/out")"
if grep -q "ZBGZTL,3\.[23]," "$T/out"; then fail "a repeated lapse deducted twice: $(cat "$T/out")"; fi
# a month that has not begun has no compliance rate (and nothing judged in it)
run "$QUFA" --db qufa-demo.db --today 2017-09-05 report compliance --org gy1 --period 2017 --format csv
expect_rc 0
tr -d '\r' <"$T/out" >"$T/csv"
for m in Oct Nov Dec; do
    grep -q "^Compliance by month,$m,0,0,0,0,$" "$T/csv" || fail "$m: $(grep "^Compliance" "$T/csv")"
done
