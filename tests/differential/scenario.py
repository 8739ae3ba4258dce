"""Random scenarios for the differential test: generated from a seed, biased to edges, written
as (a) the JSON the reference model reads and (b) Lua files (a builder using only the documented
API and one standards pack file per standard revision or tailoring).

A scenario (JSON):
  seed, today, period            the check: db:check{period = period} with db:set_today(today)
  orgs      [{code, kind, parent}]                 jg (committee) > b1, b2 (branches) > groups
  members   [{code, events: [...]}]                events in the order they are written:
            {op: add, date, status, org, group}    db:add_member{since = date, ...}
            {op: status, date, status}             m:set_status(status, date)
            {op: join, date, org}                  m:join(org, date)
            {op: leave, date, org}                 m:leave(org, date)  (last day a member)
            {op: flag, flag, start, finish}        m:set_flag(flag, start, finish)
  posts     [{member, org, post, start, finish}]   db:appoint{...} (finish inclusive or null)
  activities [{id, org, kind, start, end, lecturer, attendance: [[member, state]],
              guests: [role], agenda: [segment], hours, artifacts: [{type, issued}]}]
  standards [{code, org, clauses: [{number, type, reqs: [{rid, kind, params}]}],
              revisions: [{effective, expires, params: {rid: {param: value}}, types: {number: t}}]}]
  tailorings [{code, org, effective, set: [{rid, param, value}], na: [{std, clause, expires}],
               adopt: [{std, from}]}]
"""
import copy
import json
import random

import dates as dt

KINDS = ["theme_day", "group_meeting", "lecture", "semimonthly_talk", "committee_meeting",
         "general_meeting"]
ART_TYPES = ["notice", "minutes", "photo", "news"]
ROLES = ["expert", "representative", "leader"]
SEGMENTS = ["study", "expert_briefing", "discussion"]
BRANCH_POSTS = ["secretary", "organization", "publicity", "discipline"]
STATES = ["present"] * 6 + ["late"] * 2 + ["absent"] * 2 + ["leave"] * 2
TYPES = ["应"] * 6 + ["宜"] * 3 + ["可"] * 2
PER_OF = {"year": ["half_month", "month", "quarter", "half_year", "year"],
          "quarter": ["half_month", "month", "quarter"],
          "month": ["half_month", "month"]}


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    # -- dates biased to edges: month ends and starts, the 15th/16th, leap days, today ± 1
    def edge_day(self, y):
        m = self.r.randint(1, 12)
        end = dt.month_end(y, m).day
        day = self.pick([1, 1, 15, 16, 16, end, end, end - 1, 2, 14])
        if m == 2 and self.chance(0.3):
            day = end
        return dt.D(y, m, max(1, min(day, end)))

    def any_day(self, y):
        return dt.add_days(dt.D(y, 1, 1), self.r.randint(0, 364 + (y % 4 == 0)))

    def day(self, y):
        x = self.r.random()
        if x < 0.35:
            return self.edge_day(y)
        if x < 0.50:
            return dt.add_days(self.today, self.r.randint(-2, 2))
        if x < 0.58:   # a meeting next week: its notice falls due around today
            return dt.add_days(self.today, self.r.randint(1, 7))
        return self.any_day(y)

    def generate(self):
        r = self.r
        y = self.pick([2016, 2016, 2016, 2017, 2017, 2017, 2018, 2019, 2020, 2020, 2020])
        self.year = y
        ckind = self.pick(["year"] * 7 + ["quarter"] * 2 + ["month"])
        x = r.random()
        if x < 0.45:
            today = self.any_day(y)
        elif x < 0.85:
            today = self.edge_day(y)
        else:
            today = dt.add_days(dt.D(y, 12, 31), r.randint(0, 20))
        self.today = today
        if ckind == "year":
            period = str(y)
        else:
            code, _, _ = dt.period_of(ckind, min(today, dt.D(y, 12, 31)) if r.random() < 0.7
                                      else self.any_day(y))
            period = code
        self.ckind = ckind
        self.judged = min(dt.parse_period(period)[1], today)   # members and term are judged on it
        sc = {"seed": self.seed, "today": dt.iso(today), "period": period,
              "orgs": [], "members": [], "posts": [], "activities": [],
              "standards": [], "tailorings": []}
        self.sc = sc
        self.gen_orgs()
        self.meeting_days = [self.day(y) for _ in range(r.randint(4, 14))]
        self.gen_members()
        self.gen_posts()
        self.gen_activities()
        self.gen_standards()
        self.gen_tailorings()
        return sc

    def gen_orgs(self):
        orgs = self.sc["orgs"]
        orgs.append({"code": "jg", "kind": "committee", "parent": None})
        orgs.append({"code": "b1", "kind": "branch", "parent": "jg"})
        if self.chance(0.6):
            orgs.append({"code": "b2", "kind": "branch", "parent": "jg"})
        for b, n in (("b1", self.r.randint(0, 2)), ("b2", self.r.randint(0, 1))):
            if any(o["code"] == b for o in orgs):
                for i in range(n):
                    orgs.append({"code": "%s-g%d" % (b, i + 1), "kind": "group", "parent": b})
        self.branches = [o["code"] for o in orgs if o["kind"] == "branch"]
        self.groups = {b: [o["code"] for o in orgs if o["parent"] == b] for b in self.branches}
        # some groups stay empty on purpose
        self.filled = {b: [g for g in gs if self.chance(0.6)] for b, gs in self.groups.items()}

    def meeting_day(self):
        return self.pick(self.meeting_days) if self.chance(0.6) else self.day(self.year)

    def gen_members(self):
        r, y = self.r, self.year
        n = 0
        for b in self.branches:
            for _ in range(r.randint(3, 7) if b == "b1" else r.randint(0, 3)):
                n += 1
                code = "M%d" % n
                status = self.pick(["full"] * 6 + ["probationary"] * 2 +
                                   ["activist", "candidate", "applicant"])
                since = (dt.D(y - 1 - r.randint(0, 5), r.randint(1, 12), r.randint(1, 28))
                         if self.chance(0.7) else self.meeting_day())
                # party groups hold party members only (core refuses the others)
                party = status in ("full", "probationary")
                group = (self.pick(self.filled[b]) if party and self.filled[b] and self.chance(0.8)
                         else None)
                ev = [{"op": "add", "date": dt.iso(since), "status": status, "org": b,
                       "group": group}]
                last = since
                cur_b, cur_g = b, group
                for _ in range(r.choice([0, 0, 1, 1, 2])):
                    d = self.meeting_day()
                    if self.chance(0.5):
                        d = dt.add_days(d, r.choice([0, 0, 1, -1]))
                    if d <= last:
                        continue
                    x = r.random()
                    if x < 0.35 and status != "full":
                        status = {"applicant": "activist", "activist": "candidate",
                                  "candidate": "probationary"}.get(status, "full")
                        ev.append({"op": "status", "date": dt.iso(d), "status": status})
                    elif x < 0.6 and len(self.branches) > 1 and cur_b is not None:
                        # a transfer: leave the group, join the other branch (and a group of it)
                        nb = [o for o in self.branches if o != cur_b][0]
                        if cur_g:
                            ev.append({"op": "leave", "date": dt.iso(dt.add_days(d, -1)),
                                       "org": cur_g})
                        ev.append({"op": "join", "date": dt.iso(d), "org": nb})
                        cur_b, cur_g = nb, None
                        if status in ("full", "probationary") and self.filled[nb] and \
                                self.chance(0.6):
                            cur_g = self.pick(self.filled[nb])
                            ev.append({"op": "join", "date": dt.iso(d), "org": cur_g})
                    elif x < 0.7 and cur_b is not None:
                        if cur_g:
                            ev.append({"op": "leave", "date": dt.iso(d), "org": cur_g})
                        ev.append({"op": "leave", "date": dt.iso(d), "org": cur_b})
                        cur_b = cur_g = None
                    elif x < 0.85 and cur_b is not None:
                        others = [g for g in self.groups[cur_b] if g != cur_g]
                        if others and status in ("full", "probationary"):
                            cur_g = self.pick(others)
                            ev.append({"op": "join", "date": dt.iso(d), "org": cur_g})
                    elif not any(e["op"] == "flag" for e in ev):   # one flag: no overlaps
                        fin = None if self.chance(0.4) else dt.add_days(d, r.randint(0, 60))
                        ev.append({"op": "flag", "flag": self.pick(
                            ["suspended", "on_probation_discipline"]), "start": dt.iso(d),
                            "finish": fin and dt.iso(fin)})
                    last = d
                self.sc["members"].append({"code": code, "events": ev})

    def members_of_branch(self, b):
        return [m["code"] for m in self.sc["members"] if m["events"][0]["org"] == b]

    def gen_posts(self):
        r, y = self.r, self.year
        for b in self.branches:
            ms = self.members_of_branch(b)
            if not ms:
                continue
            for post in BRANCH_POSTS:
                if not self.chance(0.7):
                    continue
                start = dt.D(y - 2, 1, 1) if self.chance(0.7) else self.day(y)
                holder = self.pick(ms)
                while True:
                    if self.chance(0.55):
                        self.sc["posts"].append({"member": holder, "org": b, "post": post,
                                                 "start": dt.iso(start), "finish": None})
                        break
                    fin = self.day(y)
                    if fin < start:
                        self.sc["posts"].append({"member": holder, "org": b, "post": post,
                                                 "start": dt.iso(start), "finish": None})
                        break
                    self.sc["posts"].append({"member": holder, "org": b, "post": post,
                                             "start": dt.iso(start), "finish": dt.iso(fin)})
                    # committee posts change hands: next day, the same day, or after a gap
                    start = dt.add_days(fin, self.pick([1, 1, 1, 2, 0, 5]))
                    nxt = self.pick(ms)
                    if nxt == holder and start <= fin:
                        start = dt.add_days(fin, 1)  # one member cannot hold a post twice a day
                    holder = nxt
                    if start.year > y or self.chance(0.3):
                        break
            for g in self.groups[b]:
                gm = [m["code"] for m in self.sc["members"] if m["events"][0]["group"] == g]
                if gm and self.chance(0.7):
                    start = dt.D(y - 1, 6, 1) if self.chance(0.6) else self.day(y)
                    fin = None if self.chance(0.6) else self.day(y)
                    if fin is not None and fin < start:
                        fin = None
                    self.sc["posts"].append({"member": self.pick(gm), "org": g,
                                             "post": "group_leader", "start": dt.iso(start),
                                             "finish": fin and dt.iso(fin)})

    def gen_activities(self):
        r, y = self.r, self.year
        n = r.randint(4, 18)
        self.kinds = r.sample(KINDS, r.randint(2, 4)) + ["election"] * (self.chance(0.4))
        self.election_years = []
        allm = [m["code"] for m in self.sc["members"]]
        orgs = ["jg"]   # the committee's own activities: no branch standard judges them
        for b in self.branches:
            orgs += [b] * (4 if b == "b1" else 1) + self.groups[b] * 2
        for i in range(n):
            org = self.pick(orgs)
            kind = self.pick(self.kinds)
            if kind == "election":
                org = self.pick(self.branches)
                if self.chance(0.3):   # a leap day: the term ends on 28 February
                    d = dt.D(self.pick([2012, 2016]), 2, 29)
                elif self.chance(0.5):  # the term (or its warning) falls due on the judged day
                    k = self.pick([1, 2, 3, 5])
                    self.election_years.append(k)
                    d = dt.add_years(dt.add_days(self.judged, self.pick([0, 0, 1, -1, 30, 31, 90])),
                                     -k)
                elif self.chance(0.5):
                    d = self.day(y)
                else:
                    d = dt.D(y - r.randint(1, 5), r.randint(1, 12), r.randint(1, 28))
            else:
                d = self.meeting_day()
            start = dt.iso(d) + self.pick([" 09:00", " 14:30"])
            end = None
            if self.chance(0.2):
                end = dt.iso(dt.add_days(d, self.pick([0, 0, 1, 2]))) + " 17:00"
            a = {"id": "A%d" % (i + 1), "org": org, "kind": kind, "start": start, "end": end,
                 "lecturer": None, "attendance": [], "guests": [], "agenda": [], "hours": None,
                 "artifacts": []}
            if allm and self.chance(0.8):
                people = [m for m in allm if self.chance(0.7)]
                a["attendance"] = [[m, self.pick(STATES)] for m in people]
            if allm and self.chance(0.3):
                a["lecturer"] = self.pick(allm)
            a["guests"] = [self.pick(ROLES) for _ in range(self.pick([0, 0, 1, 1, 2]))]
            if self.chance(0.5):
                segs = SEGMENTS + ["lecture"]
                r.shuffle(segs)
                a["agenda"] = segs[:r.randint(1, 4)]
            if self.chance(0.6):
                a["hours"] = self.pick([1, 2, 3, 4, 1.5])
            last = dt.parse(end) if end else d
            for t in ART_TYPES:
                for _ in range(self.pick([0, 1, 1, 1, 2])):
                    x = r.random()
                    if x < 0.4:    # before the start: at the edges of 'before = N'
                        iss = dt.add_days(d, -self.pick([0, 1, 2, 3, 4, 5, 6]))
                    elif x < 0.8:  # after the end: at the edges of 'within = N'
                        iss = dt.add_days(last, self.pick([0, 1, 2, 3, 4, 7, 8]))
                    elif x < 0.9:  # around today
                        iss = dt.add_days(self.today, self.pick([-1, 0, 1, 2]))
                    else:
                        iss = self.any_day(y)
                    a["artifacts"].append({"type": t, "issued": dt.iso(iss) +
                                           self.pick([" 08:00", " 18:00"])})
            self.sc["activities"].append(a)

    # -- standards
    def req(self, rid):
        r = self.r
        kind = self.pick(["cadence"] * 5 + ["artifact"] * 5 + ["attendance"] * 3 + ["agenda"] * 2 +
                         ["guest"] * 2 + ["position"] * 2 + ["members", "hours"] +
                         ["term"] * (1 + 2 * bool(self.election_years)))
        acts = self.kinds if self.chance(0.8) else KINDS
        act = self.pick(acts) if self.chance(0.8) else r.sample(acts, min(2, len(acts)))
        pers = PER_OF[self.ckind]
        p = {}
        if kind == "cadence":
            p = {"activity": act, "per": self.pick(pers)}
            if self.chance(0.3):
                p["min"] = self.pick([1, 2, 3])
            if self.chance(0.35):
                p["each"] = "group"
            elif self.chance(0.1):
                p["lecturer"] = self.pick(["secretary", "organization"])
        elif kind == "artifact":
            p = {"activity": act, "type": self.pick(ART_TYPES)}
            x = r.random()
            if x < 0.45:
                p["before"] = self.pick([0, 1, 2, 3, 5])
            elif x < 0.9:
                p["within"] = self.pick([0, 1, 2, 3, 7])
            if self.chance(0.15):
                p["min"] = 2
        elif kind == "attendance":
            p = {"activity": act}
            x = r.random()
            if x < 0.5:
                p["rate"] = self.pick([0.5, 0.6, 0.8, 1.0])
            elif x < 0.85:
                p["quorum"] = self.pick([">1/2", ">4/5", ">=2/3"])
            else:
                p["must_attend"] = [self.pick(BRANCH_POSTS)]
            if self.chance(0.4):
                p["base"] = self.pick(["full", "voting", "posts"])
                if p["base"] == "posts":
                    p["posts"] = r.sample(BRANCH_POSTS, r.randint(1, 3))
            if self.chance(0.2):
                p["late_counts"] = False
        elif kind == "agenda":
            segs = SEGMENTS[:]
            if self.chance(0.5):
                segs = r.sample(SEGMENTS, r.randint(1, 3))
            p = {"activity": act, "segments": segs}
            if self.chance(0.3):
                p["ordered"] = False
        elif kind == "guest":
            p = {"activity": act, "role": self.pick(ROLES)}
            if self.chance(0.2):
                p["min"] = 2
        elif kind == "position":
            if self.chance(0.3):
                p = {"post": "group_leader", "each": "group"}
            else:
                p = {"post": self.pick(BRANCH_POSTS)}
        elif kind == "term":
            p = {"years": self.pick(self.election_years if self.election_years and
                                    self.chance(0.7) else [1, 2, 3, 5])}
            if self.chance(0.6):
                p["warn"] = self.pick([0, 30, 30, 90, 400])
        elif kind == "members":
            p = {"status": self.pick([["full"], ["full", "probationary"], ["probationary"]])}
            if self.chance(0.6):
                p["min"] = r.randint(1, 5)
            if self.chance(0.5) or "min" not in p:
                # min above max is refused at load (a requirement that can never be met)
                p["max"] = r.randint(max(2, p.get("min", 0)), 6)
        elif kind == "hours":
            p = {"min": self.pick([1, 2, 3, 5]), "per": self.pick(
                [x for x in ["month", "quarter", "half_year", "year"] if x in pers])}
            if self.chance(0.3):
                p["posts"] = {self.pick(BRANCH_POSTS): self.pick([4, 6])}
        return {"rid": rid, "kind": kind, "params": p}

    def gen_standards(self):
        r, y = self.r, self.year
        rid = 0
        for i in range(r.randint(1, 3)):
            code = "S%d" % (i + 1)
            x = r.random()
            allgroups = [g for b in self.branches for g in self.groups[b]]
            if x < 0.4:
                org = None
            elif x < 0.8 or not allgroups:
                org = self.pick(self.branches)
            else:
                org = self.pick(allgroups)
            clauses = []
            for c in range(r.randint(1, 5)):
                reqs = []
                for _ in range(1 if self.chance(0.85) else 2):
                    rid += 1
                    reqs.append(self.req("r%d" % rid))
                clauses.append({"number": self.pick(["%d", "4.%d"]) % (c + 1),
                                "type": self.pick(TYPES), "reqs": reqs})
            # distinct clause numbers
            seen = set()
            for c in clauses:
                while c["number"] in seen:
                    c["number"] += ".1"
                seen.add(c["number"])
            eff = (dt.D(y - r.randint(1, 3), 1, 1) if self.chance(0.5) else self.day(y))
            revs = [{"effective": dt.iso(eff), "expires": None, "params": {}, "types": {}}]
            if self.chance(0.2):
                e2 = self.day(y)
                if e2 > eff:
                    ch = {}
                    for c in clauses:
                        for q in c["reqs"]:
                            v = self.variation(q)
                            if v:
                                ch[q["rid"]] = v
                    types = {c["number"]: self.pick(TYPES) for c in clauses if self.chance(0.2)}
                    revs.append({"effective": dt.iso(e2), "expires": None, "params": ch,
                                 "types": types})
            if self.chance(0.25):
                ex = self.day(y) if self.chance(0.8) else dt.D(y + 1, 6, 30)
                if ex >= dt.parse(revs[-1]["effective"]):
                    revs[-1]["expires"] = dt.iso(ex)
            self.sc["standards"].append({"code": code, "org": org, "clauses": clauses,
                                         "revisions": revs})
        if self.chance(0.08) and any(self.groups[b] for b in self.branches):
            # the new parameter of rule 1 (a standard of its own: refusing it fails only it)
            rid += 1
            self.sc["standards"].append({"code": "SX", "org": None, "clauses": [
                {"number": "1", "type": "应", "reqs": [{"rid": "r%d" % rid, "kind": "cadence",
                 "params": {"activity": self.pick(self.kinds), "per": self.pick(PER_OF[self.ckind]),
                            "include_groups": True}}]}],
                "revisions": [{"effective": "%d-01-01" % (y - 1), "expires": None,
                               "params": {}, "types": {}}]})

    def variation(self, q):
        """A changed parameter value for a requirement (revisions and tailorings)."""
        p, k = q["params"], q["kind"]
        if k == "cadence":
            return {"min": self.pick([1, 2, 3])} if self.chance(0.5) else \
                {"per": self.pick(PER_OF[self.ckind])}
        if k == "artifact":
            if "before" in p:
                return {"before": self.pick([0, 1, 2, 4, 5])}
            if "within" in p:
                return {"within": self.pick([0, 1, 2, 4, 7])}
            return {"min": self.pick([1, 2])}
        if k == "attendance":
            if "rate" in p:
                return {"rate": self.pick([0.3, 0.5, 0.75, 1.0])}
            if "quorum" in p:
                return {"quorum": self.pick([">1/2", ">4/5", ">=2/3"])}
            return None
        if k == "guest":
            return {"min": self.pick([1, 2])}
        if k == "term":
            return {"years": self.pick([1, 2, 3])}
        if k == "members":
            if "max" in p:
                return {"max": self.r.randint(max(2, p.get("min", 0)), 8)}
            return {"min": self.r.randint(1, 6)}
        if k == "hours":
            return {"min": self.pick([1, 2, 4])}
        return None

    def gen_tailorings(self):
        r, y = self.r, self.year
        for i in range(self.pick([0, 0, 1, 1, 2])):
            org = self.pick(["jg", "b1", "b1"])
            sts = [s for s in self.sc["standards"] if s["code"] != "SX" and
                   (org == "jg" or s["org"] is None or s["org"] == org or
                    s["org"].startswith(org + "-"))]
            if not sts:
                continue
            t = {"code": "T%d" % (i + 1), "org": org,
                 "effective": None if self.chance(0.5) else dt.iso(self.day(y)),
                 "set": [], "na": [], "adopt": []}
            for _ in range(self.pick([0, 1, 1, 2])):
                s = self.pick(sts)
                q = self.pick([q for c in s["clauses"] for q in c["reqs"]])
                v = self.variation(q)
                if v and not any(e["rid"] == q["rid"] and e["param"] in v
                                 for tt in self.sc["tailorings"] + [t] for e in tt["set"]
                                 if tt["org"] == org):
                    (param, value), = v.items()
                    t["set"].append({"rid": q["rid"], "param": param, "value": value})
            for _ in range(self.pick([0, 0, 1])):
                s = self.pick(sts)
                c = self.pick(s["clauses"])
                if not any(n["std"] == s["code"] and n["clause"] == c["number"]
                           for tt in self.sc["tailorings"] + [t] for n in tt["na"]):
                    ex = None if self.chance(0.3) else dt.iso(self.day(y))
                    t["na"].append({"std": s["code"], "clause": c["number"], "expires": ex})
            for s in sts:
                eff = dt.parse(s["revisions"][0]["effective"])
                if t["effective"] is None and eff.year >= y and self.chance(0.5) and not any(
                        a["std"] == s["code"] for tt in self.sc["tailorings"] for a in tt["adopt"]):
                    fr = self.day(y) if self.chance(0.6) else dt.D(y, 1, 1)
                    if fr < eff:
                        t["adopt"].append({"std": s["code"], "from": dt.iso(fr)})
            if t["set"] or t["na"] or t["adopt"]:
                self.sc["tailorings"].append(t)


def generate(seed):
    return Gen(seed).generate()


# ------------------------------------------------------------------------------------------
# Lua


def lua(v):
    """A Lua literal for a JSON-like value."""
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "{" + ", ".join(lua(x) for x in v) + "}"
    if isinstance(v, dict):
        return "{" + ", ".join("%s = %s" % (k if k.isidentifier() else "[%s]" % lua(k), lua(x))
                               for k, x in v.items()) + "}"
    raise TypeError(v)


def builder_lua(sc):
    """A script for `qufa run` (or the driver) that writes the scenario's records."""
    out = ["-- differential scenario %s: records (qufa run)" % sc["seed"],
           "local ids = {org = {}, member = {}, activity = {}}",
           "local M = {}"]
    for o in sc["orgs"]:
        out.append("ids.org[db:add_org{kind = %s, code = %s, name = %s, parent = %s}.id] = %s" % (
            lua(o["kind"]), lua(o["code"]), lua(o["code"]), lua(o["parent"]), lua(o["code"])))
    for m in sc["members"]:
        c = m["code"]
        for e in m["events"]:
            if e["op"] == "add":
                out.append("M[%s] = db:add_member{name = %s, code = %s, status = %s, since = %s, "
                           "org = %s, group = %s}" % (lua(c), lua(c), lua(c), lua(e["status"]),
                                                      lua(e["date"]), lua(e["org"]),
                                                      lua(e["group"])))
                out.append("ids.member[M[%s].id] = %s" % (lua(c), lua(c)))
            elif e["op"] == "status":
                out.append("M[%s]:set_status(%s, %s)" % (lua(c), lua(e["status"]), lua(e["date"])))
            elif e["op"] in ("join", "leave"):
                out.append("M[%s]:%s(%s, %s)" % (lua(c), e["op"], lua(e["org"]), lua(e["date"])))
            elif e["op"] == "flag":
                out.append("M[%s]:set_flag(%s, %s, %s)" % (lua(c), lua(e["flag"]), lua(e["start"]),
                                                          lua(e["finish"])))
    for p in sc["posts"]:
        out.append("db:appoint{member = %s, org = %s, post = %s, start = %s, finish = %s}" % (
            lua(p["member"]), lua(p["org"]), lua(p["post"]), lua(p["start"]), lua(p["finish"])))
    for a in sc["activities"]:
        f = {"org": a["org"], "kind": a["kind"], "title": a["id"], "starts_at": a["start"]}
        if a["end"]:
            f["ends_at"] = a["end"]
        if a["lecturer"]:
            f["lecturer"] = a["lecturer"]
        if a["attendance"]:
            f["attendance"] = [{"member": m, "state": s} for m, s in a["attendance"]]
        if a["guests"]:
            f["guests"] = [{"name": "guest%d" % (i + 1), "role": g}
                           for i, g in enumerate(a["guests"])]
        if a["agenda"]:
            f["agenda"] = [{"segment": s, "title": s} for s in a["agenda"]]
        if a["hours"] is not None:
            f["attrs"] = {"class_hours": a["hours"]}
        out.append("do local a = db:add_activity%s" % lua(f))
        out.append("  ids.activity[a.id] = %s" % lua(a["id"]))
        for x in a["artifacts"]:
            out.append("  a:add_artifact{type = %s, title = %s, issued_at = %s}" % (
                lua(x["type"]), lua(x["type"]), lua(x["issued"])))
        out.append("end")
    out.append("return ids")
    return "\n".join(out) + "\n"


def req_number(std, rid):
    for c in std["clauses"]:
        for i, q in enumerate(c["reqs"]):
            if q["rid"] == rid:
                return c["number"], i + 1
    return None


def find_rid(sc, rid):
    for s in sc["standards"]:
        n = req_number(s, rid)
        if n:
            return s, n
    return None, None


def pack_files(sc):
    """[(file name, Lua text)] in load order: each standard revision, then each tailoring."""
    files = []
    for s in sc["standards"]:
        for k, rev in enumerate(s["revisions"]):
            clauses = []
            for c in s["clauses"]:
                reqs = []
                for q in c["reqs"]:
                    p = dict(q["params"])
                    for kk in range(k + 1):
                        p.update(s["revisions"][kk]["params"].get(q["rid"], {}))
                    reqs.append("qufa.%s%s" % (q["kind"], lua(p)))
                t = c["type"]
                for kk in range(k + 1):
                    t = s["revisions"][kk]["types"].get(c["number"], t)
                clauses.append("    {number = %s, type = %s, text = %s,\n     require = {%s}}," % (
                    lua(c["number"]), lua(t), lua("clause " + c["number"]), ", ".join(reqs)))
            head = {"code": s["code"], "title": "standard " + s["code"], "origin": "branch",
                    "org": s["org"], "effective": rev["effective"], "expires": rev["expires"],
                    "version": "r%d" % (k + 1)}
            fields = ", ".join("%s = %s" % (key, lua(v)) for key, v in head.items() if v is not None)
            files.append(("%s.r%d.lua" % (s["code"], k + 1),
                          "qufa.standard {\n  %s,\n  clauses = {\n%s\n  },\n}\n" % (
                              fields, "\n".join(clauses))))
    for t in sc["tailorings"]:
        parts = ["code = %s" % lua(t["code"]), "org = %s" % lua(t["org"])]
        if t["effective"]:
            parts.append("effective = %s" % lua(t["effective"]))
        if t["set"]:
            sets = {}
            for e in t["set"]:
                s, (num, i) = find_rid(sc, e["rid"])
                sets.setdefault("%s/%s#%d" % (s["code"], num, i), {})[e["param"]] = e["value"]
            parts.append("set = {%s}" % ", ".join(
                "[%s] = %s" % (lua(k), lua(dict(v, reason="r"))) for k, v in sets.items()))
        if t["na"]:
            parts.append("not_applicable = %s" % lua([
                {k: v for k, v in (("target", "%s/%s" % (n["std"], n["clause"])),
                                   ("reason", "r"), ("expires", n["expires"])) if v}
                for n in t["na"]]))
        if t["adopt"]:
            parts.append("adopt = %s" % lua([{"standard": a["std"], "from": a["from"],
                                              "reason": "r"} for a in t["adopt"]]))
        files.append(("%s.lua" % t["code"], "qufa.tailor {\n  %s,\n}\n" % ",\n  ".join(parts)))
    return files


# ------------------------------------------------------------------------------------------
# Shrinking: the removable parts of a scenario, and removing them consistently


def parts(sc):
    """Paths of everything the shrinker may try to drop, coarse first."""
    out = []
    for i, o in enumerate(sc["orgs"]):
        if o["kind"] != "committee" and o["code"] != "b1":
            out.append(("orgs", i))
    out += [("standards", i) for i in range(len(sc["standards"]))]
    out += [("tailorings", i) for i in range(len(sc["tailorings"]))]
    out += [("activities", i) for i in range(len(sc["activities"]))]
    out += [("members", i) for i in range(len(sc["members"]))]
    out += [("posts", i) for i in range(len(sc["posts"]))]
    for i, s in enumerate(sc["standards"]):
        out += [("standards", i, "revisions", k) for k in range(1, len(s["revisions"]))]
        out += [("standards", i, "clauses", j) for j in range(len(s["clauses"]))]
        for j, c in enumerate(s["clauses"]):
            if len(c["reqs"]) > 1:
                out += [("standards", i, "clauses", j, "reqs", k) for k in range(len(c["reqs"]))]
    for i, t in enumerate(sc["tailorings"]):
        for f in ("set", "na", "adopt"):
            out += [("tailorings", i, f, k) for k in range(len(t[f]))]
    for i, m in enumerate(sc["members"]):
        out += [("members", i, "events", k) for k in range(1, len(m["events"]))]
    for i, a in enumerate(sc["activities"]):
        for f in ("artifacts", "attendance", "guests", "agenda"):
            out += [("activities", i, f, k) for k in range(len(a[f]))]
        for f in ("lecturer", "end", "hours"):
            if a[f] is not None:
                out.append(("activities", i, f))
    return out


def without(sc, paths):
    """A copy of sc without the given parts, with every reference to them dropped."""
    sc = copy.deepcopy(sc)
    for p in sorted(paths, key=len):
        node = sc
        for k in p[:-1]:
            node = node[k] if node is not None else None
        if node is not None:
            node[p[-1]] = None   # lists are compacted below, so the other indexes stay valid
    _compact(sc)
    return normalize(sc)


def _compact(node):
    if isinstance(node, dict):
        for v in node.values():
            _compact(v)
    elif isinstance(node, list):
        node[:] = [x for x in node if x is not None]
        for v in node:
            _compact(v)


def normalize(sc):
    """Drop whatever refers to something no longer there."""
    orgs = {o["code"] for o in sc["orgs"]}
    sc["orgs"] = [o for o in sc["orgs"] if o["parent"] is None or o["parent"] in orgs]
    orgs = {o["code"] for o in sc["orgs"]}
    ms = []
    for m in sc["members"]:
        if not m["events"] or m["events"][0]["op"] != "add" or m["events"][0]["org"] not in orgs:
            continue
        if m["events"][0]["group"] not in orgs:
            m["events"][0]["group"] = None
        m["events"] = [e for e in m["events"] if e.get("org", "jg") in orgs]
        ms.append(m)
    sc["members"] = ms
    mcodes = {m["code"] for m in ms}
    sc["posts"] = [p for p in sc["posts"] if p["member"] in mcodes and p["org"] in orgs]
    sc["activities"] = [a for a in sc["activities"] if a["org"] in orgs]
    for a in sc["activities"]:
        a["attendance"] = [x for x in a["attendance"] if x[0] in mcodes]
        if a["lecturer"] not in mcodes:
            a["lecturer"] = None
    sc["standards"] = [s for s in sc["standards"] if s["org"] is None or s["org"] in orgs]
    for s in sc["standards"]:
        s["clauses"] = [c for c in s["clauses"] if c["reqs"]]
    sc["standards"] = [s for s in sc["standards"] if s["clauses"] and s["revisions"]]
    rids = {q["rid"] for s in sc["standards"] for c in s["clauses"] for q in c["reqs"]}
    clauses = {(s["code"], c["number"]) for s in sc["standards"] for c in s["clauses"]}
    codes = {s["code"] for s in sc["standards"]}
    for s in sc["standards"]:
        nums = {c["number"] for c in s["clauses"]}
        for rev in s["revisions"]:
            rev["params"] = {k: v for k, v in rev["params"].items() if k in rids}
            rev["types"] = {k: v for k, v in rev["types"].items() if k in nums}
    ts = []
    for t in sc["tailorings"]:
        if t["org"] not in orgs:
            continue
        t["set"] = [e for e in t["set"] if e["rid"] in rids]
        t["na"] = [n for n in t["na"] if (n["std"], n["clause"]) in clauses]
        t["adopt"] = [a for a in t["adopt"] if a["std"] in codes]
        if t["set"] or t["na"] or t["adopt"]:
            ts.append(t)
    sc["tailorings"] = ts
    return sc
