#!/bin/bash
# Scenario 1: the branch's own 《读书班规范》, checked for 2025 against hand-computed findings,
# then tailored (notice 5 days before; photos not applicable in 2025) and checked again.
# usage: run.sh /path/to/qufa
. "$(dirname "$0")/../common/lib.sh"
seed
T=2026-01-15

out=$(q --today "$T" standards load "$HERE/reading.lua")
echo "$out" | grep -q "ZB1-DSB.*修订版 1" || fail "load: $out"
out=$(q --today "$T" standards load "$HERE/reading.lua")
echo "$out" | grep -q "未变" || echo "$out" | grep -qi "unchanged" || fail "reload: $out"

# the untailored standard
rc=0; q --today "$T" check --org zb1 --period 2025 --standard ZB1-DSB --format json -o base.json || rc=$?
[ $rc = 1 ] || fail "check exited $rc, expected 1 (there are failures)"
$PY "$COMMON/compare_findings.py" "$HERE/expected-base.txt" base.json || fail "untailored findings"

# the tailoring: shown in standards show, and in the findings
q --today "$T" standards load "$HERE/tailor.lua" > /dev/null
q --today "$T" standards show ZB1-DSB --org zb1 --on 2025-06-01 > show.txt
grep -q "artifact(activity=reading_session, before=5, min=1, type=notice)" show.txt || fail "show: before=5"
grep -q "参数 before（检查项 1）：3 → 5 — 支委会决定：读书班提前5天通知" show.txt || fail "show: provenance"
grep -q "不适用（至 2025-12-31 止） — 2025年读书班不要求拍照存档" show.txt || fail "show: n/a"
q --today "$T" standards show ZB1-DSB --org zb1 --on 2026-03-01 > show-later.txt
grep -q "不适用（已于 2025-12-31 到期，不再适用） — 2025年读书班不要求拍照存档" show-later.txt ||
  fail "show after the exemption expired: $(grep 不适用 show-later.txt)"
q --today "$T" standards show ZB1-DSB --org zb1 --on 2025-06-01 --format json > show.json
$PY - show.json <<'PY' || fail "show --format json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
c = {c["number"]: c for c in d["clauses"]}
assert c["4.2"]["requirements"][0]["params"]["before"] == 5
ch = c["4.2"]["provenance"]["changes"][0]
assert ch["detail"] == {"param": "before", "requirement": 1, "from": 3, "to": 5}, ch
na = c["4.6"]["not_applicable"]
assert na["expires"] == "2025-12-31" and na["active"] is True, na
assert "not_applicable" not in c["4.5"]
PY
rc=0; q --today "$T" check --org zb1 --period 2025 --standard ZB1-DSB --format json -o tailored.json || rc=$?
[ $rc = 1 ] || fail "tailored check exited $rc"
$PY "$COMMON/compare_findings.py" "$HERE/expected-tailored.txt" tailored.json || fail "tailored findings"

# the text output carries the same summary line
q --today "$T" check --org zb1 --period 2025 --standard ZB1-DSB > check.txt || true
grep -q "汇总：涉及条款6条；符合12项，不符合7项，提醒1项（共8个问题），未到期0项，不适用4项，出错0项；达标率60.0%" check.txt \
  || fail "text summary: $(tail -1 check.txt)"
echo "reading-standard: ok"
