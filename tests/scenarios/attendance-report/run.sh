#!/bin/bash
# Scenario 4: a Lua report of attendance per member (qufa.report) to XLSX and CSV, read back
# and compared with the hand computation; the built-in attendance report to HTML and CSV.
# usage: run.sh /path/to/qufa
. "$(dirname "$0")/../common/lib.sh"
seed
T=2026-01-15
q --today "$T" run "$HERE/attendance.lua" zb1 2025 出勤率.xlsx 出勤率.csv | grep -qx "8 members" || fail "report script"
q --today "$T" report attendance --org zb1 --period 2025 --format csv > builtin.csv
$PY "$HERE/check_report.py" "$HERE/expected.txt" 出勤率.xlsx 出勤率.csv builtin.csv || fail "numbers"

q --today "$T" report attendance --org zb1 --period 2025 -o 出勤情况.html
for s in "<h1>党员出勤情况" "<h2>全部活动" "<h2>党小组会" "<h2>读书班" "73.3%" "66.7%"; do
  grep -q "$s" 出勤情况.html || fail "html lacks $s"
done
echo "attendance-report: ok"
