#!/bin/bash
# Scenario 3: the reminders of 《读书班规范》 and its tailoring, the built-in probation
# reminder and a custom qufa.reminder rule stored with a pack; run twice, ack, --ics.
# usage: run.sh /path/to/qufa
. "$(dirname "$0")/../common/lib.sh"
seed
T=2025-12-05
q --today "$T" run "$HERE/planned.lua"
STD=$HERE/../reading-standard
q --today "$T" standards load "$STD/reading.lua" "$STD/tailor.lua" "$HERE/absent-pack.lua" > /dev/null

q --today "$T" remind --format json -o run1.json
$PY "$HERE/check_reminders.py" "$HERE/expected.txt" run1.json 1 || fail "first run"
# the same day again: the same list, nothing fires
q --today "$T" remind > run2.txt
grep -q "^本次发出提醒0条（补发0条，未送达0条）；逾期0条" run2.txt || fail "second run: $(tail -1 run2.txt)"
q --today "$T" remind --format json -o run3.json
$PY "$HERE/check_reminders.py" "$HERE/expected.txt" run3.json 0 || fail "third run"
grep -c "★" run2.txt | grep -qx 0 || fail "second run marks something as firing"

id=$($PY -c 'import json,sys; print([r["id"] for r in json.load(open(sys.argv[1]))["reminders"] if r["source"] == "probation"][0])' run1.json)
q --today "$T" remind ack "$id" --note 已通知本人 | grep -q "提醒 $id 已确认" || fail "ack"
q --today "$T" remind show "$id" | grep -Eq "状态 +已确认" || fail "remind show"
q --today "$T" remind --ics reminders.ics > run4.txt
grep -q "已确认1条" run4.txt || fail "after ack: $(tail -1 run4.txt)"
$PY "$HERE/check_ics.py" reminders.ics || fail "ics"
echo "reminders: ok"
