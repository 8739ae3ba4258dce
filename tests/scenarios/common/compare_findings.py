"""compare_findings.py EXPECTED FINDINGS.json: every finding of `qufa check --format json`
against the hand-computed list (clause status period subject-id tokens), exactly."""
import json
import re
import sys

expected = []
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    clause, status, period, sid, tokens = line.split()
    expected.append((clause, status, period, None if sid == "-" else int(sid),
                     [] if tokens == "-" else tokens.split("|")))
summary_line = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("#summary")]

data = json.load(open(sys.argv[2], encoding="utf-8"))
got = {}
for f in data["findings"]:
    key = (f["clause"], f["period"], f["subject"]["id"])
    if key in got:
        print(f"duplicate finding {key}")
        sys.exit(1)
    got[key] = f

bad = 0
for clause, status, period, sid, tokens in expected:
    f = got.pop((clause, period, sid), None)
    if f is None:
        print(f"missing: {clause} {period} {sid} (expected {status})")
        bad += 1
        continue
    if f["status"] != status:
        print(f"{clause} {period} {sid}: status {f['status']}, expected {status}: {f['message']}")
        bad += 1
    for t in tokens:
        if t not in f["message"]:
            print(f"{clause} {period} {sid}: message lacks '{t}': {f['message']}")
            bad += 1
for key, f in got.items():
    print(f"unexpected finding: {key} {f['status']} {f['message']}")
    bad += 1

if summary_line:
    want = dict(kv.split("=") for kv in summary_line[0].split()[1:])
    for k, v in want.items():
        if str(data["summary"][k]) != v:
            print(f"summary {k}: {data['summary'][k]}, expected {v}")
            bad += 1
sys.exit(1 if bad else 0)
