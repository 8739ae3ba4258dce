#!/bin/bash
# scripts/examples/: each example runs against the demo database and finds what it should.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
EX=$(cd "$(dirname "$0")/../../scripts/examples" && pwd)

run "$QUFA" demo
expect_rc 0
Q=("$QUFA" --db qufa-demo.db --today 2017-09-05)

# a standard of one's own: loads, and judges the party groups
run "${Q[@]}" standards load "$EX/my-standard.lua"
expect_rc 0
expect_out "standard GY1-XZHJL rev 1: new"
run "${Q[@]}" check --standard GY1-XZHJL --period 2017 --format csv
expect_rc 1
[ "$(awk -F, '$5 == "fail" || $5 == "warn" {print $1, $2, $6, $7}' "$T/out")" = "GY1-XZHJL 3 gy1-g2 2017-07-14" ] ||
    fail "my-standard: only the missing July minutes of the second group: $(cat "$T/out")"
[ "$(grep -c ',cadence,pass,' "$T/out")" -eq 16 ] || fail "16 group-months held: $(cat "$T/out")"

# members who missed more than two group meetings: nobody. Approved leave is not absence:
# the member working away since March was on leave each time, and is listed apart
run "${Q[@]}" run "$EX/missed-group-meetings.lua"
expect_rc 0
expect_out "2017年缺席党小组会超过2次的党员：0人"
expect_out "请假（经批准，不计缺席）："
expect_out "GY1-013 马超  请假6次：2017-03-17（外派） 2017-04-14（外派） 2017-05-19（外派） 2017-06-16（外派） 2017-07-14（外派） 2017-08-18（外派）"
grep -q "马超  缺席" "$T/out" && fail "leave counted as absence: $(cat "$T/out")"
# with a lower threshold, the member absent twice without leave shows up
run "${Q[@]}" run "$EX/missed-group-meetings.lua" 2017 0
expect_rc 0
expect_out "2017年缺席党小组会超过0次的党员：1人"
expect_out "GY1-006 杨静  缺席2次：2017-07-13 2017-08-17"

# activities without minutes
run "${Q[@]}" run "$EX/activities-without-minutes.lua" 2017
expect_rc 0
expect_out "2017-07-14 16:00  gy1-g2   party group meeting  第二党小组学习会"
# (the heart-to-heart talks before the life meeting are conversations: they keep no minutes)
expect_out "2017：1次活动没有会议记录"
run "${Q[@]}" run "$EX/activities-without-minutes.lua" 2017-Q1
expect_rc 0
expect_out "2017-Q1：0次活动没有会议记录"

# procedure deadlines: the demo's two cases under way are running, none is late yet
run "${Q[@]}" standards load "$EX/procedure-deadlines.lua"
expect_rc 0
run "${Q[@]}" check --standard GY1-LCSX --org gy1
expect_rc 0
expect_out "何晓: 发展党员 case 1, step 党组织派人谈话: not completed yet, 16 day(s) left until 2017-09-21 (收到入党申请书后一个月内派人谈话)"
expect_out "赵磊: 组织关系转出 case 2, step 收到回执: not completed yet, 25 day(s) left until 2017-09-30 (回执应在一个月内退回)"
expect_out "0 passed, 0 failed, 0 warnings (0 distinct lapse(s)), 2 open"
