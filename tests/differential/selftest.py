"""Hand-computed cases for the reference model itself (run by differential.py before the engine,
or alone: /usr/bin/python3 selftest.py). Each case is one of the wrong verdicts of issue 12 (or a
rule this test found), small enough to judge by hand: the status the model must give, and the
status it must give with the rule switched off (the engine's reading, which the classification
relies on)."""
import copy
import sys

import reference

BASE = {"seed": 0, "orgs": [{"code": "jg", "kind": "committee", "parent": None},
                            {"code": "b1", "kind": "branch", "parent": "jg"},
                            {"code": "b1-g1", "kind": "group", "parent": "b1"},
                            {"code": "b2", "kind": "branch", "parent": "jg"}],
        "members": [], "posts": [], "activities": [], "standards": [], "tailorings": []}


def member(code, org, since="2010-01-01", status="full", group=None, *later):
    return {"code": code, "events": [{"op": "add", "date": since, "status": status, "org": org,
                                      "group": group}] + list(later)}


def activity(aid, org, kind, start, attendance=(), artifacts=(), hours=None):
    return {"id": aid, "org": org, "kind": kind, "start": start + " 09:00", "end": None,
            "lecturer": None, "attendance": [list(x) for x in attendance], "guests": [],
            "agenda": [], "hours": hours,
            "artifacts": [{"type": t, "issued": d + " 10:00"} for t, d in artifacts]}


def standard(kind, params, org="b1", ctype="应", effective="2015-01-01", expires=None):
    return {"code": "S1", "org": org, "clauses": [{"number": "1", "type": ctype, "reqs": [
        {"rid": "r1", "kind": kind, "params": params}]}],
        "revisions": [{"effective": effective, "expires": expires, "params": {}, "types": {}}]}


def case(today, period, **kw):
    sc = copy.deepcopy(BASE)
    sc.update(today=today, period=period, **kw)
    return sc


THEME = {"activity": "theme_day", "per": "month"}

# (what, scenario, finding key (org, subject, period), intended status, rule, status without it)
CASES = [
    ("#1 a group's theme day does not make the branch's month",
     case("2017-04-05", "2017-Q1", activities=[activity("A1", "b1-g1", "theme_day", "2017-03-10")],
          standards=[standard("cadence", THEME)]),
     ("b1", None, "2017-03"), "fail", "R1", "pass"),
    ("#1 … but it makes the group's own month (each = group)",
     case("2017-04-05", "2017-Q1", activities=[activity("A1", "b1-g1", "theme_day", "2017-03-10")],
          standards=[standard("cadence", dict(THEME, each="group"))]),
     ("b1-g1", None, "2017-03"), "pass", "R1", "pass"),
    ("#2 a news brief dated the day before the talk is not 'within 3 days after'",
     case("2017-03-20", "2017", activities=[activity("A1", "b1", "semimonthly_talk", "2017-03-10",
                                                      artifacts=[("news", "2017-03-09")])],
          standards=[standard("artifact", {"activity": "semimonthly_talk", "type": "news",
                                           "within": 3})]),
     ("b1", "A1", "2017-03-10"), "fail", "R2", "pass"),
    ("#2 … one dated on the window's last day is",
     case("2017-03-20", "2017", activities=[activity("A1", "b1", "semimonthly_talk", "2017-03-10",
                                                      artifacts=[("news", "2017-03-13")])],
          standards=[standard("artifact", {"activity": "semimonthly_talk", "type": "news",
                                           "within": 3})]),
     ("b1", "A1", "2017-03-10"), "pass", "R2", "pass"),
    ("#3 a meeting of a group with nobody due is n/a, not 'attendance not recorded'",
     case("2017-09-05", "2017", members=[member("M1", "b1")],
          activities=[activity("A1", "b1-g1", "group_meeting", "2017-05-10")],
          standards=[standard("attendance", {"activity": "group_meeting", "rate": 0.5})]),
     ("b1-g1", "A1", "2017-05-10"), "n/a", "R3", "fail"),
    ("#3 … and n/a with attendance recorded (of a member of the branch, not of the group)",
     case("2017-09-05", "2017", members=[member("M1", "b1")],
          activities=[activity("A1", "b1-g1", "group_meeting", "2017-05-10",
                               attendance=[("M1", "present")])],
          standards=[standard("attendance", {"activity": "group_meeting", "rate": 0.5})]),
     ("b1-g1", "A1", "2017-05-10"), "n/a", "R3", "n/a"),
    ("#4 a brief dated after today does not exist yet: open until its window ends",
     case("2017-03-11", "2017", activities=[activity("A1", "b1", "semimonthly_talk", "2017-03-10",
                                                      artifacts=[("news", "2017-03-12")])],
          standards=[standard("artifact", {"activity": "semimonthly_talk", "type": "news",
                                           "within": 3})]),
     ("b1", "A1", "2017-03-10"), "open", "R4", "pass"),
    ("#5 a standard expiring on 03-20 gives n/a for March, not open",
     case("2017-03-10", "2017", standards=[standard("cadence", THEME, expires="2017-03-20")]),
     ("b1", None, "2017-03"), "n/a", "R5", "open"),
    ("#6 a standard restricted to a party group judges the group",
     case("2017-04-05", "2017-Q1", activities=[activity("A1", "b1-g1", "theme_day", "2017-03-10")],
          standards=[standard("cadence", THEME, org="b1-g1")]),
     ("b1-g1", None, "2017-03"), "pass", "R6", None),
    ("N1 a member transferred in mid-year keeps the hours of the former branch",
     case("2018-01-10", "2017",
          members=[member("M1", "b1", "2010-01-01", "full", None,
                          {"op": "join", "date": "2017-07-01", "org": "b2"})],
          activities=[activity("A1", "b1", "lecture", "2017-03-10", attendance=[("M1", "present")],
                               hours=3)],
          standards=[standard("hours", {"min": 2, "per": "year"}, org="b2")]),
     ("b2", "M1", "2017"), "pass", "N1", "fail"),
    ("N2 exempt days are n/a, the days after the exemption ends are judged",
     case("2018-01-10", "2017", standards=[standard("position", {"post": "secretary"})],
          tailorings=[{"code": "T1", "org": "b1", "effective": None, "set": [], "adopt": [],
                       "na": [{"std": "S1", "clause": "1", "expires": "2017-06-30"}]}]),
     ("b1", "b1", "2017-01-01..2017-06-30"), "n/a", "N2", None),
    ("N3 a notice due before a meeting after the exemption ends is open",
     case("2017-06-01", "2017", activities=[activity("A1", "b1", "lecture", "2017-09-10")],
          standards=[standard("artifact", {"activity": "lecture", "type": "notice", "before": 2})],
          tailorings=[{"code": "T1", "org": "b1", "effective": None, "set": [], "adopt": [],
                       "na": [{"std": "S1", "clause": "1", "expires": "2017-07-31"}]}]),
     ("b1", "A1", "2017-09-10"), "open", "N3", "n/a"),
    ("N4 a committee meeting counts its committee, not the branch's members",
     case("2017-04-05", "2017", members=[member("M1", "b1"), member("M2", "b1")],
          posts=[{"member": "M1", "org": "b1", "post": "secretary", "start": "2016-01-01",
                  "finish": None}],
          activities=[activity("A1", "b1", "committee_meeting", "2017-03-10",
                               attendance=[("M1", "present")])],
          standards=[standard("attendance", {"activity": "committee_meeting",
                                             "quorum": ">1/2"})]),
     ("b1", "A1", "2017-03-10"), "pass", "N4", "fail"),
    ("a theme day on 29 February counts for the second half of February 2016",
     case("2016-03-01", "2016-02", activities=[activity("A1", "b1", "theme_day", "2016-02-29")],
          standards=[standard("cadence", {"activity": "theme_day", "per": "half_month"})]),
     ("b1", None, "2016-02-H2"), "pass", None, None),
    ("a term from 29 February 2016 (1 year) is due on 28 February 2017: still open that day",
     case("2017-02-28", "2017", activities=[activity("A1", "b1", "election", "2016-02-29")],
          standards=[standard("term", {"years": 1})]),
     ("b1", "b1", "2017-02-28"), "open", None, None),
    ("… and overdue the day after",
     case("2017-03-01", "2017", activities=[activity("A1", "b1", "election", "2016-02-29")],
          standards=[standard("term", {"years": 1})]),
     ("b1", "b1", "2017-03-01"), "fail", None, None),
    ("a 宜 clause unmet in a month that has ended warns",
     case("2017-04-05", "2017-Q1", standards=[standard("cadence", THEME, ctype="宜")]),
     ("b1", None, "2017-02"), "warn", None, None),
]


def status(sc, k, off=()):
    for f in reference.findings(sc, off):
        if (f["org"], f["subject"], f["period"]) == k and f["standard"] == "S1":
            return f["status"]
    return None


def run():
    bad = 0
    for what, sc, k, want, rule, without in CASES:
        got = status(sc, k)
        got_off = status(sc, k, (rule,)) if rule else None
        if got != want or (rule and got_off != without):
            bad += 1
            print("selftest: %s: %s gives %s (expected %s)%s" % (
                what, k, got, want, "; without %s %s (expected %s)" % (rule, got_off, without)
                if rule else ""))
    return bad


if __name__ == "__main__":
    n = run()
    print("selftest: %d of %d cases wrong" % (n, len(CASES)))
    sys.exit(1 if n else 0)
