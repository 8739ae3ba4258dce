#!/bin/bash
# qufa check --since ASSESSMENT end to end: an incremental check prints what a full check
# prints (JSON, text, CSV), says on stderr how many branches it judged again, judges only the
# branch a write touched, judges every branch when today moved, and refuses a bad id (exit 2,
# nothing written). --save saves the assessment as the check streams: the same as one saved
# from the whole result, and nothing when refused.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

q() { "$QUFA" --db t.db --today 2017-09-05 "$@"; }
q init >/dev/null || fail "init"

cat >setup.lua <<'LUA'
local c = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
for i = 1, 3 do
  local b = db:add_org{kind = "branch", code = "b" .. i, name = "第" .. i .. "支部", parent = c}
  local m = db:add_member{name = "党员" .. i, status = "full", since = "2016-01-01", org = b}
  for month = 1, 8 do
    if (month + i) % 3 ~= 0 then
      db:add_activity{org = b, kind = "theme_day", title = "主题党日" .. month,
        starts_at = string.format("2017-%02d-1%d 14:00", month, i),
        attendance = {{member = m, state = "present"}}}
    end
  end
end
LUA
cat >pack.lua <<'LUA'
qufa.standard{code = "ZTDR", title = "主题党日", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每月开展主题党日。",
   require = qufa.cadence{activity = "theme_day", per = "month"}}}}
LUA
run q run setup.lua
expect_rc 0
run q standards load pack.lua
expect_rc 0

run q check --period 2017 --save --note first
expect_rc 1
expect_err "saved as assessment 1"

# nothing written since: nothing judged, the same bytes in every format
for fmt in json text csv; do
    q check --period 2017 --format "$fmt" >full.$fmt 2>/dev/null
    run q check --period 2017 --format "$fmt" --since 1
    expect_rc 1
    expect_err "re-judged 0 of 3 branches (the others as in assessment 1)"
    cmp -s full.$fmt "$T/out" || fail "--since 1 --format $fmt differs from the full check"
done

# b2 holds its missing theme day: b2 alone is judged again, and the result is the full check's
cat >more.lua <<'LUA'
db:add_activity{org = "b2", kind = "theme_day", title = "补开主题党日", starts_at = "2017-04-20 14:00"}
LUA
run q run more.lua
expect_rc 0
q check --period 2017 --format json >full2.json 2>/dev/null
cmp -s full.json full2.json && fail "the new theme day changed nothing: the test proves nothing"
run q check --period 2017 --format json --since 1
expect_err "re-judged 1 of 3 branches"
cmp -s full2.json "$T/out" || fail "--since 1 after a change differs from the full check"
# the whole result (-o, --save) too, saved as a new assessment the next check reuses
run q check --period 2017 --since 1 --save -o whole.json --format json
expect_err "re-judged 1 of 3 branches"
expect_err "saved as assessment 2"
cmp -s full2.json whole.json || fail "--since 1 -o differs from the full check"
run q check --period 2017 --format json --since 2
expect_err "re-judged 0 of 3 branches"
cmp -s full2.json "$T/out" || fail "--since 2 differs from the full check"

# --save writes the assessment as the check streams: it holds what one saved from the whole
# result (result:save) holds, its findings in its branches' rows
cat >whole.lua <<'LUA'
print(db:check{period = "2017"}:save(db, "whole"))
LUA
run q run whole.lua
expect_rc 0
expect_out "3"
run q diff 2 3
expect_rc 0
expect_out "0 change(s) between assessment 2 and 3"
[ "$(db_query t.db "SELECT by_branch FROM assessment_run ORDER BY assessment_id")" = "$(printf '1\n1\n0')" ] ||
    fail "by_branch is not 1 for the streamed saves and 0 for result:save"
[ "$(db_query t.db "SELECT findings FROM assessment WHERE id = 2")" = "[]" ] ||
    fail "a streamed save kept its findings in the assessment row too"
[ "$(db_query t.db "SELECT count(*) FROM assessment_branch WHERE assessment_id = 2")" = 3 ] ||
    fail "a streamed save does not hold one row per branch"
# a save refused for its note writes nothing (nor its output)
before=$(content t.db)
run q check --period 2017 --save --note "$(printf 'bad\001note')" -o refused.json
expect_rc 2
[ -e refused.json ] && fail "a refused save left its output"
[ "$(content t.db)" = "$before" ] || fail "a refused save changed the database"
# nowhere to set the branches aside: the system refused (exit 3), saying where, nothing written
TMPDIR=/nonexistent run q check --period 2017 --save
expect_rc 3
expect_err "cannot make a temporary file in /nonexistent"
[ "$(content t.db)" = "$before" ] || fail "a save without its temporary file changed the database"

# another today: every branch, and why
run q --today 2017-09-06 check --period 2017 --since 2
expect_err "re-judged 3 of 3 branches"
expect_err "every branch judged: the assessment was made for another today"
# another period: every branch
run q check --period 2017-Q3 --since 2
expect_err "re-judged 3 of 3 branches"
expect_err "another period"

# bad ids: exit 2, nothing written
before=$(content t.db)
run q check --since 99
expect_rc 2
expect_err "assessment 99 does not exist"
run q check --since abc
expect_rc 2
expect_err "'abc' is not an assessment id"
run q check --since 0
expect_rc 2
[ "$(content t.db)" = "$before" ] || fail "a refused check changed the database"
echo ok
