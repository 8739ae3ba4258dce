"""check_reminders.py EXPECTED REMIND.json FIRING: the reminders of `qufa remind --format json`
against the hand computation; FIRING is 1 when every one must fire in this run, 0 when none."""
import json
import sys

expected = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        key, source, due, days, holder, lead, nxt = line.split()
        expected[key] = (source, due, int(days), holder, lead, None if nxt == "-" else nxt)
firing = sys.argv[3] == "1"
d = json.load(open(sys.argv[2], encoding="utf-8"))
bad = []
got = {r["key"]: r for r in d["reminders"]}
if set(got) != set(expected):
    bad.append(f"keys: got {sorted(got)}, expected {sorted(expected)}")
for key, (source, due, days, holder, lead, nxt) in expected.items():
    r = got.get(key)
    if r is None:
        continue
    have = (r["source"], r["due"], r["days_left"], r["responsible"]["member"])
    if have != (source, due, days, holder):
        bad.append(f"{key}: {have}, expected {(source, due, days, holder)}")
    if r["firing"] != firing or (firing and r["fire_lead"] != lead):
        bad.append(f"{key}: firing {r['firing']} lead {r['fire_lead']}, expected {firing} {lead}")
    if r["state"] != "fired" or r["next_fire"] != nxt or r["late"] or not r["shown"]:
        bad.append(f"{key}: state {r['state']} next_fire {r['next_fire']} late {r['late']}")
s = d["summary"]
want = {"shown": 4, "firing": 4 if firing else 0, "overdue": 0, "active": 4, "late": 0}
for k, v in want.items():
    if s[k] != v:
        bad.append(f"summary {k}: {s[k]}, expected {v}")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
