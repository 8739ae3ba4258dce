#!/bin/bash
# How qufa remind writes the ledger (remind_run.c). Without a deliverer, a reminder that fires
# in the run that creates it is written fired at once (one audited insert, no update marking
# it fired), and new reminders and their fire days go in many rows a statement. With a
# deliverer (--exec) it is inserted pending and marked fired once delivered. Both must leave
# the same ledger, row for row and id for id — fire days included — run after run: a first
# run, the next day, a week later and a gap of five weeks (lapses caught up, fire days late).
# The audit log records every change and verifies. (The ids themselves are those of one row
# at a time: tests/cli/test_remind.sh and docs/reminders.md show them.)
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

run "$QUFA" demo
expect_rc 0
db_copy qufa-demo.db fold.db
db_copy qufa-demo.db exec.db

LEDGER="SELECT id, key, subject_key, source, rule, org_id, subject_type, subject_id, subject,
  period_start, title, message, due, leads, responsible, event, state, snoozed_until,
  first_seen, resolved, sequence, note, title_ref, message_ref, subject_ref
  FROM reminder ORDER BY id"
FIRES="SELECT id, reminder_id, lead, fire_on, fired_on, late FROM reminder_fire ORDER BY id"
RUNS="SELECT id, day, org_id, fired, late, failed FROM remind_run ORDER BY id"
same_ledger() {
    local q
    for q in "$LEDGER" "$FIRES" "$RUNS"; do
        db_query fold.db "$q" >"$T/l.fold"
        db_query exec.db "$q" >"$T/l.exec"
        diff -u "$T/l.exec" "$T/l.fold" >"$T/diff" || fail "$1: the ledgers differ: $(cat "$T/diff")"
        [ -s "$T/l.fold" ] || fail "$1: nothing in the ledger"
    done
}
# audit entries of the ledger: how many updates marked a pending reminder fired, how many
# fire days were updated, how many reminders went in fired
AUDIT="SELECT
  (SELECT count(*) FROM audit_log WHERE tbl = 'reminder' AND action = 'update'
     AND before LIKE '%\"state\":\"pending\"%' AND after LIKE '%\"state\":\"fired\"%'),
  (SELECT count(*) FROM audit_log WHERE tbl = 'reminder_fire' AND action = 'update'),
  (SELECT count(*) FROM audit_log WHERE tbl = 'reminder' AND action = 'insert'
     AND after LIKE '%\"state\":\"fired\"%')"

day() {
    run "$QUFA" --db fold.db --today "$1" remind
    expect_rc 0
    cp "$T/out" "$T/fold.out"
    run "$QUFA" --db exec.db --today "$1" remind --exec true
    expect_rc 0
    same_ledger "$1"
}

day 2017-09-05
grep -qF "3 reminder(s) fired now" "$T/fold.out" || fail "three fire on the first run: $(cat "$T/fold.out")"
IFS='|' read -r marked fires_updated born_fired <<<"$(db_query fold.db "$AUDIT")"
if ! { [ "$marked" = 0 ] && [ "$fires_updated" = 0 ] && [ "$born_fired" = 3 ]; }; then
    fail "without a deliverer the three go in fired, once: $marked $fires_updated $born_fired"
fi
IFS='|' read -r marked fires_updated born_fired <<<"$(db_query exec.db "$AUDIT")"
if ! { [ "$marked" = 3 ] && [ "$fires_updated" -ge 3 ] && [ "$born_fired" = 0 ]; }; then
    fail "delivered, the three are marked fired after: $marked $fires_updated $born_fired"
fi

day 2017-09-06
day 2017-09-14
day 2017-10-20
db_query fold.db "SELECT count(*) FROM reminder_fire WHERE late = 1" >"$T/late"
[ "$(cat "$T/late")" -gt 0 ] || fail "the gap leaves late fire days"
db_query fold.db "SELECT count(*) FROM reminder r WHERE first_seen = '2017-10-20' AND state = 'fired'
  AND EXISTS (SELECT 1 FROM reminder_fire f WHERE f.reminder_id = r.id AND f.late = 1)" >"$T/late"
[ "$(cat "$T/late")" -gt 0 ] || fail "a reminder caught up after the gap goes in fired and late"

for db in fold.db exec.db; do
    run "$QUFA" --db $db audit verify
    expect_rc 0
done
echo ok
