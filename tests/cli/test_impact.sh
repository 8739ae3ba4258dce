#!/bin/bash
# qufa standards impact: the demo branch's 《半月谈活动规范》 with a 5-day notice instead of 3,
# as a new revision of the pack and as a tailoring: the findings that would change, grouped by
# standard and clause with counts, in text and JSON (read back with python3); the database is
# left exactly as it was; bad input is exit 2.
packs=$(cd "$(dirname "$0")/../../scripts/packs" && pwd)
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run "$QUFA" demo
expect_rc 0
q() { "$QUFA" --db qufa-demo.db "$@"; }

# the pack with the 3-day notice of GY1-BYT/6.1 made 5 days
sed 's/type = "notice", before = 3 }/type = "notice", before = 5 }/' "$packs/branch-gy1.lua" >byt5.lua
grep -q 'type = "notice", before = 5 }' byt5.lua || fail "the notice clause was not found in the pack"
cat >notice5.lua <<'LUA'
qufa.tailor {
  code = "gy1-notice5", org = "gy1", title = "通知提前5天",
  set = { ["GY1-BYT/6.1#1"] = { before = 5, reason = "本支部要求提前5天通知" } },
}
LUA
before=$(content qufa-demo.db)

# On 9 September the 13 September talk has no notice: by 3 days it is still open (due 09-10),
# by 5 days it is late (due 09-08). The other notices were sent 5 or more days ahead, except
# 5 July's (1 day), which fails either way: reworded, not changed.
for file in byt5.lua notice5.lua; do
    run q --today 2017-09-09 standards impact "$file" --org gy1 --period 2017
    expect_rc 0
    expect_out "Impact of $file on 2017 (as of 2017-09-09); nothing is stored"
    expect_out "GY1-BYT 半月谈活动规范: 1 changed status"
    expect_out "  6.1: 1 changed status"
    expect_out "    changed open → fail  2017-09-13 semimonthly talk \"半月谈第9期：智能制造\"  no meeting notice (required at least 5 day(s) before, by 2017-09-08)"
    expect_out "Summary: 0 new, 0 gone, 1 changed status; 8 kept their status with a new message"
    [ "$(grep -c '^    changed' "$T/out")" -eq 1 ] || fail "more than one change: $(cat "$T/out")"
done
run q --today 2017-09-09 standards impact byt5.lua --org gy1 --period 2017
expect_out "  standard GY1-BYT: would be rev 2 new revision"
expect_out "  tailoring gy1-profile: would be rev 1 unchanged"
run q --today 2017-09-09 standards impact notice5.lua --org gy1 --period 2017
expect_out "  tailoring gy1-notice5: would be rev 1 new"

# nothing was stored
[ "$(content qufa-demo.db)" = "$before" ] || fail "standards impact changed the database"
run q standards list --all
expect_rc 0
[ "$(grep -c 'GY1-BYT' "$T/out")" -eq 1 ] || fail "a second revision of GY1-BYT was kept"
run q audit verify
expect_rc 0

# as of the demo's today nothing changes status; --all lists the nine reworded findings
run q --today 2017-09-05 standards impact byt5.lua --org gy1 --period 2017 --all
expect_rc 0
expect_out "GY1-BYT 半月谈活动规范: 9 reworded"
expect_out "    reworded fail → fail  2017-07-05 semimonthly talk \"半月谈第6期：稀土\"  meeting notice issued 2017-07-04, 1 day(s) before; required at least 5 day(s) before (by 2017-06-30)"
expect_out "Summary: 0 new, 0 gone, 0 changed status; 9 kept their status with a new message"

# JSON: the change keyed by the finding's stable key
run q --today 2017-09-09 standards impact notice5.lua --org gy1 --period 2017 --format json
expect_rc 0
/usr/bin/python3 - "$T/out" <<'PY' || fail "impact JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"new": 0, "gone": 0, "status": 1, "reworded": 8}, d["summary"]
assert d["period"] == "2017" and d["today"] == "2017-09-09"
[s] = d["standards"]
assert (s["standard"], s["status"], s["reworded"]) == ("GY1-BYT", 1, 8), s
[c] = s["clauses"]
assert c["clause"] == "6.1"
[ch] = c["changes"]
assert ch["change"] == "status" and ch["key"] == "GY1-BYT/6.1#1@gy1/activity/45", ch
assert ch["before"]["status"] == "open" and ch["after"]["status"] == "fail", ch
assert [x["what"] for x in d["loaded"]] == ["tailoring"] and d["loaded"][0]["outcome"] == "new"
PY

# nothing changes status on the demo's today: the clause counts its rewordings, lists no change
run q --today 2017-09-05 standards impact byt5.lua --org gy1 --period 2017 --format json
expect_rc 0
/usr/bin/python3 - "$T/out" <<'PY' || fail "impact JSON without a change of status"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"new": 0, "gone": 0, "status": 0, "reworded": 9}, d["summary"]
[c] = d["standards"][0]["clauses"]
assert c["clause"] == "6.1" and c["reworded"] == 9 and "changes" not in c, c
PY
run q --today 2017-09-05 standards impact byt5.lua --org gy1 --period 2017 --format json --all
/usr/bin/python3 - "$T/out" <<'PY' || fail "impact JSON --all"
import json, sys
d = json.load(open(sys.argv[1]))
[c] = d["standards"][0]["clauses"]
assert len(c["changes"]) == 9 and {x["change"] for x in c["changes"]} == {"message"}, c
PY

# a tailoring that exempts a clause, and a new standard: findings changed to n/a, and new ones
cat >exempt.lua <<'LUA'
qufa.tailor {
  code = "gy1-exempt", org = "gy1",
  not_applicable = {{ target = "GY1-BYT/7.1", reason = "简讯由机关统一发布", expires = "2017-12-31" }},
}
LUA
run q --today 2017-09-05 standards impact exempt.lua --org gy1 --period 2017
expect_rc 0
expect_out "  7.1: 8 changed status"
expect_out "    changed fail → n/a  2017-06-21"
cat >extra.lua <<'LUA'
qufa.standard {
  code = "GY1-EXTRA", title = "补充要求", origin = "branch", org = "gy1", effective = "2017-01-01",
  clauses = {
    { number = "1", type = "应", text = "每季度开展一次党课。",
      require = qufa.cadence { activity = "lecture", per = "quarter" } },
  },
}
LUA
run q --today 2017-09-05 standards impact extra.lua --org gy1 --period 2017-H1
expect_rc 0
expect_out "GY1-EXTRA 补充要求: 2 new"
expect_out "    new → "
expect_out "  standard GY1-EXTRA: would be rev 1 new"

# bad input: exit 2, nothing stored
printf 'qufa.standard {\n' >broken.lua
run q standards impact broken.lua
expect_rc 2
expect_err "broken.lua"
run q standards impact
expect_rc 2
expect_err "standards impact: name a pack or tailoring file"
run q standards impact byt5.lua --format xml
expect_rc 2
expect_err "format 'xml' is unknown"
run q standards impact byt5.lua --period 2017-13
expect_rc 2
run q standards impact byt5.lua extra.lua
expect_rc 2
expect_err "unexpected argument 'extra.lua'"
[ "$(content qufa-demo.db)" = "$before" ] || fail "a failed impact changed the database"
echo "ok"
