#!/usr/bin/python3
"""The compliance report counts what `qufa check` and the attendance report count.

Usage: compliance_agrees.py QUFA DB ORG PERIOD

Reads, as JSON, `qufa report compliance`, `qufa check` and `qufa report attendance` for the org
and period, and compares:
- the report's notes (passed, failed, warnings, open, compliance rate) with the check's summary;
- its "Compliance by month" totals with the check's summary (a finding about a day still to
  come is counted open there, not met);
- each member's due and present in "Attendance by member" with the attendance report's "All
  activities" section.
Exits 1 naming every disagreement.
"""
import json
import os
import re
import subprocess
import sys

QUFA, DB, ORG, PERIOD = sys.argv[1:5]
ENV = dict(os.environ, QUFA_LANG="en", NO_COLOR="1")
problems = []


def qufa_json(*args):
    out = subprocess.run([QUFA, "--db", DB, "--today", "2017-09-05", *args], env=ENV,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("FAIL: qufa %s exited %d: %s" % (" ".join(args), out.returncode, out.stderr))
    return json.loads(out.stdout)


def agree(what, got, want):
    if got != want:
        problems.append("%s %s: the compliance report says %r, the other %r"
                        % (ORG, what, got, want))


report = qufa_json("report", "compliance", "--org", ORG, "--period", PERIOD, "--format", "json")
check = qufa_json("check", "--org", ORG, "--period", PERIOD, "--format", "json")["summary"]
attendance = qufa_json("report", "attendance", "--org", ORG, "--period", PERIOD,
                       "--format", "json")
sections = {s["title"]: s for s in report["sections"]}

m = re.search(r"(\d+) passed, (\d+) failed, (\d+) warnings, (\d+) open; compliance ([\d.]+%|—)",
              report["notes"])
if not m:
    sys.exit("FAIL: no counts in the notes: %r" % report["notes"])
agree("passed", int(m.group(1)), check["pass"])
agree("failed", int(m.group(2)), check["fail"] + check["error"])
agree("warnings", int(m.group(3)), check["warn"])
agree("open", int(m.group(4)), check["open"])
want_rate = "%.1f%%" % check["score"] if "score" in check else "—"
agree("compliance", m.group(5), want_rate)

months = sections["Compliance by month"]["rows"]
agree("met + open by month", sum(r["pass"] + r["open"] for r in months),
      check["pass"] + check["open"])
agree("not met by month", sum(r["fail"] for r in months), check["fail"] + check["error"])
agree("should by month", sum(r["warn"] for r in months), check["warn"])

mine = {r["name"]: (r["due"], r["present"]) for r in sections["Attendance by member"]["rows"]}
theirs = {r["name"]: (r["due"], r["present"]) for r in attendance["sections"][0]["rows"]}
agree("members counted", sorted(mine), sorted(theirs))
for name in sorted(set(mine) & set(theirs)):
    agree("due, present of " + name, mine[name], theirs[name])
if not mine:
    problems.append("%s: nobody in Attendance by member" % ORG)

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("ok: %s %s, %d members, %d findings judged" % (ORG, PERIOD, len(mine),
                                                    check["pass"] + check["fail"]))
