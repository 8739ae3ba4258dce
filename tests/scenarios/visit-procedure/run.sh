#!/bin/bash
# Scenario 2: a 3-step 困难党员走访 procedure with working-day deadlines on the 2025 holiday
# calendar; refused advances; flow due / show against hand-computed due dates.
# usage: run.sh /path/to/qufa
. "$(dirname "$0")/../common/lib.sh"
q --today 2025-01-01 init > /dev/null
q --today 2025-01-01 run "$COMMON/seed.lua"
q --today 2025-01-01 calendar import "$HERE/cn-2025.txt" | grep -q "放假 28 天，调休上班 5 天" || fail "calendar import"
q --today 2025-01-20 flow load "$HERE/visit.lua" | grep -q "hardship_visit：已载入，第 1 版" || fail "flow load"

expect() {  # expect WHAT EXPECTED GOT
  [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}
due_json() {  # the rows of flow due --format json as "case step due days state"
  q --today "$1" flow due --format json | $PY -c "$DUE_PY"
}
DUE_PY='
import json, sys
rows = json.load(sys.stdin)
print(" ".join("%s %s %s %s %s" % (r["case"], r["step"], r["due"], r["days_left"], r["state"]) for r in rows))'

# case 1: 刘洋, started Monday 2025-01-20
q --today 2025-01-20 flow start hardship_visit --member M06 --date 2025-01-20 --note 家庭困难 \
  | grep -q "已开始事项 1：困难党员走访，对象 刘洋" || fail "start case 1"
expect "plan due" "1 plan 2025-01-27 7 pending" "$(due_json 2025-01-20)"
out=$(q --today 2025-01-22 flow advance 1 plan --date 2025-01-22)
echo "$out" | grep -q "时限 2025-02-05：研究后5个工作日内走访（未到期）" || fail "visit due: $out"

# 2025-02-06: the visit is overdue (interrupting): the case is overdue
expect "visit overdue" "1 visit 2025-02-05 -1 escalated" "$(due_json 2025-02-06)"
q --today 2025-02-06 flow list | grep -q "2025-02-05 已超期（中断）" || fail "flow list overdue"

# refused: the required text field gift is missing; nothing changes
rc=0; err=$(q --today 2025-02-06 flow advance 1 visit --date 2025-02-06 --set visitors=M01,M02 2>&1) || rc=$?
expect "refused advance exit" 2 "$rc"
expect "refused advance message" "qufa: 事项 1（hardship_visit）：步骤 visit：字段 gift 必填（text）" "$err"
expect "after refusal" "1 visit 2025-02-05 -1 escalated" "$(due_json 2025-02-06)"

out=$(q --today 2025-02-06 flow advance 1 visit --date 2025-02-06 --set gift=慰问金1000元 --set visitors=M01、M02)
echo "$out" | grep -q "时限 2025-02-10：走访后3个工作日内报告（未到期）" || fail "report due: $out"
expect "report due" "1 report 2025-02-10 3 pending" "$(due_json 2025-02-07)"

# refused: no report artifact
rc=0; err=$(q --today 2025-02-07 flow advance 1 report --date 2025-02-07 2>&1) || rc=$?
expect "refused report exit" 2 "$rc"
echo "$err" | grep -q "步骤 report（向支委会报告）不能完成：缺少材料 report (报告)" || fail "refused report: $err"

q --today 2025-02-07 flow show 1 > show.txt
for line in "状态：进行中 · 2025-01-20 开始" \
            "2025-02-06  ✓ 上门走访 (visit)           王明    逾期" \
            "2025-01-27  支委会研究走访计划 (plan)  立项后7日内研究        提醒  已满足    2025-01-22" \
            "2025-02-05  上门走访 (visit)           研究后5个工作日内走访  硬性  逾期完成  2025-02-06" \
            "2025-02-10  向支委会报告 (report)      走访后3个工作日内报告  提醒  未到期                3"; do
  grep -qF "$line" show.txt || fail "flow show lacks: $line"
done

echo "2月6日走访刘洋同志，送慰问金1000元。" > report.txt
q --today 2025-02-10 flow advance 1 report --date 2025-02-10 --artifact report=report.txt \
  | grep -q "事项已办结" || fail "complete case 1"
expect "nothing due" "" "$(due_json 2025-02-10)"
cat > history.lua <<'LUA'
local c = db:case(1)
local out = {c.state}
for e in c:history() do
  out[#out + 1] = string.format("%s:%s:%s:%s", e.action, e.step or "", e.date, e.late and "late" or "")
end
for d in c:deadlines() do out[#out + 1] = d.step .. "=" .. d.due .. "/" .. d.state end
print(table.concat(out, " "))
print(c.ended)
LUA
expect "history" "completed start::2025-01-20: complete:plan:2025-01-22: complete:visit:2025-02-06:late complete:report:2025-02-10: plan=2025-01-27/met visit=2025-02-05/missed report=2025-02-10/met
2025-02-10" "$(q --today 2025-02-10 run history.lua)"

# case 2: 陈刚, over the National Day holiday, with visit_within=7wd for this case only
q --today 2025-09-26 flow start hardship_visit --member M05 --date 2025-09-26 --param visit_within=7wd > /dev/null
q --today 2025-09-26 flow advance 2 plan > /dev/null
expect "case 2 visit due" "2 visit 2025-10-13 17 pending" "$(due_json 2025-09-26)"
q --today 2025-09-26 flow params hardship_visit | grep -Eq "^visit_within +5wd +5wd" || fail "params unchanged"
echo "visit-procedure: ok"
