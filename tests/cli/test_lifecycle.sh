#!/bin/bash
# The member lifecycle from the command line on the demo database: appraisal results (record,
# list, correct, remove; bad input exits 2 and writes nothing), the roster in stroke order,
# party groups of party members only, the mobile member's transfer judged and reminded, and
# the transfer letter's dues.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run "$QUFA" demo
expect_rc 0
Q=("$QUFA" --db qufa-demo.db --today 2017-09-05)

# the demo's appraisal of 21 July graded every party member: 5 of 16 excellent
run "${Q[@]}" appraisal list --year 2017
expect_rc 0
[ "$(grep -c '^2017 ' "$T/out")" -eq 16 ] || fail "16 graded: $(cat "$T/out")"
expect_out "2017: 16 appraised; excellent 5, qualified 11, basically qualified 0, unqualified 0 (excellent 31.2%)"
# names in stroke order: 马 (3 strokes) first, 黄 (11) last
[ "$(awk 'NR == 2 {print $3} END {print $3}' "$T/out" | head -1)" = "马超" ] || fail "马超 first: $(cat "$T/out")"
[ "$(sed -n '17p' "$T/out" | awk '{print $3}')" = "黄丽" ] || fail "黄丽 last: $(cat "$T/out")"

# a grade by member code, by name; corrected, it keeps the meeting it was given at
run "${Q[@]}" appraisal set 黄丽 2017 基本合格 --note "参加学习不够经常"
expect_rc 0
expect_out "黄丽, 2017: basically qualified"
run "${Q[@]}" appraisal list --year 2017
expect_out "basically qualified  2017-07-21  参加学习不够经常"
expect_out "excellent 5, qualified 10, basically qualified 1"

# bad input: exit 2, the message names what is wrong, the database is as it was
before=$(content qufa-demo.db)
run "${Q[@]}" appraisal set 胡斌 2017 优秀
expect_rc 2
expect_err "member: 胡斌 is an activist on 2017-09-05; only party members (full or probationary) are appraised"
run "${Q[@]}" appraisal set GY1-001 2017 good
expect_rc 2
expect_err "result: 'good' is not a grade"
run "${Q[@]}" appraisal set GY1-001 2018 合格
expect_rc 2
expect_err "year: 2018 is not a year that can be appraised"
run "${Q[@]}" appraisal set GY1-001 17 合格
expect_rc 2
expect_err "appraisal set: '17' is not a year (2017)"
run "${Q[@]}" appraisal set 无名氏 2017 合格
expect_rc 2
expect_err "appraisal set: no member has the id, code or name '无名氏'"
run "${Q[@]}" appraisal set GY1-001 2017 合格 --activity 1
expect_rc 2
expect_err "activity_id: activity 1 (branch committee meeting) is not a democratic appraisal of members"
run "${Q[@]}" appraisal set GY1-001 2017
expect_rc 2
expect_err "appraisal set: give MEMBER YEAR RESULT"
run "${Q[@]}" appraisal frobnicate
expect_rc 2
expect_err "appraisal: unknown subcommand 'frobnicate'"
[ "$(content qufa-demo.db)" = "$before" ] || fail "a refused appraisal wrote to the database"

# more than a third excellent: the branch's standard (GY1-ZZSHH/6.3) and the regulation the
# profile adopts (ZBGZTL/6.4) both say so
for m in GY1-001 GY1-003; do
    run "${Q[@]}" appraisal set "$m" 2017 excellent
    expect_rc 0
done
run "${Q[@]}" check --standard GY1-ZZSHH --period 2017
expect_rc 1
expect_out "评为优秀7人，参评16人（不超过5人）"
run "${Q[@]}" appraisal remove GY1-001 2017
expect_rc 0
expect_out "张建国, 2017: removed"
run "${Q[@]}" check --standard GY1-ZZSHH --period 2017
expect_rc 1
expect_out "没有评议等次：张建国"
run "${Q[@]}" appraisal remove GY1-001 2017
expect_rc 2
expect_err "appraisal remove: 张建国 has no result for 2017"

# the roster in stroke order (姓氏笔画); --order name for code-point order
run "${Q[@]}" members --org gy1
expect_rc 0
[ "$(awk 'NR > 1 {print $3}' "$T/out" | head -5 | tr '\n' ' ')" = "马超 王志强 刘芳 孙燕 朱琳 " ] ||
    fail "stroke order: $(cat "$T/out")"
run "${Q[@]}" members --org gy1 --order name
expect_rc 0
# party members first (docs/counting.md), each part in code-point order
[ "$(awk 'NR == 2 {print $3}' "$T/out")" = "刘芳" ] || fail "code-point order: $(cat "$T/out")"
grep -A1 "^id" "$T/out" | tail -1 | grep -q "何晓" || fail "code-point order of the others: $(cat "$T/out")"
run "${Q[@]}" members --order pinyin
expect_rc 2
expect_err "members: --order is strokes (姓氏笔画) or name, not 'pinyin'"

# the sign-in sheet of the 9th semimonthly talk lists the expected members in stroke order
run "${Q[@]}" activities --kind semimonthly_talk
talk9=$(awk '/半月谈第9期/ {print $1}' "$T/out")
run "${Q[@]}" doc signin "$talk9"
expect_rc 0
[ "$(grep -o '^| [0-9]* | [^|]* |' "$T/out" | head -3 | awk '{print $4}' | tr '\n' ' ')" = "马超 王志强 刘芳 " ] ||
    fail "sign-in sheet in stroke order: $(cat "$T/out")"

# an activist is not placed in a party group
run "${Q[@]}" run /dev/stdin <<'EOF'
db:member("GY1-015"):join("gy1-g2", "2017-09-01")
EOF
expect_rc 2
expect_err "group: 胡斌 is an activist on 2017-09-01; only party members (full or probationary) are placed in party group gy1-g2"

# the mobile member: away since 1 March, six months up on 1 September, judged and reminded
run "${Q[@]}" check --standard GY1-YESS --period 2017
expect_rc 1
expect_out "马超自2017-03-01外出（流动党员），2017-09-01已满6个月，未转移组织关系"
run "${Q[@]}" remind --dry-run
expect_out "马超外出满6个月，应转移组织关系"
# once the letter is out, neither the check nor the reminder says so any more
run "${Q[@]}" run /dev/stdin <<'EOF'
db:add_transfer{member = "GY1-013", org = "gy1", direction = "out", letter_date = "2017-09-05",
  other_org = "外派单位党委", valid_days = 30, dues_paid_to = "2017-09"}
EOF
expect_rc 0
run "${Q[@]}" check --standard GY1-YESS --period 2017 --all
expect_out "马超（2017-03-01起外出，2017-09-05开具介绍信）"
run "${Q[@]}" remind --dry-run
grep -q "马超外出满6个月" "$T/out" && fail "the reminder stays after the letter: $(cat "$T/out")"
run "${Q[@]}" run /dev/stdin <<'EOF'
for t in db:transfers{member = "GY1-013"} do print(t.dues_paid_to) end
EOF
expect_out "2017-09"
echo "ok"
