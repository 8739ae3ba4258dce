"""A deliberately simple and slow reference model of `qufa check`, written from
docs/writing-standards.md, docs/check-output.md and docs/lua-api.md plus the intended rules of
issue 12 (README.md in this folder lists them and every interpretation made here). It reads a
scenario description (scenario.py), never the database, and returns the findings.

Each intended rule is a switch: findings(sc, off={"R2"}) gives the verdicts of the reading the
rule corrects, so the runner can say which rule explains a disagreement:
  R1  a branch-scope requirement counts only the branch's own activities (groups: each = group,
      or include_groups = true; with R1 off include_groups is unknown and its standard refused)
  R2  within = N: material dated in [start day, end day + N] only
  R3  an activity of an org with nobody due is n/a for attendance
  R4  nothing dated after today exists (artifacts, activities, memberships, posts, statuses)
  R5  a period is judged only if the standard is in force for the whole of it (else n/a)
  R6  a standard restricted to a party group judges that group
and the rules this test found the engine breaking beyond issue 12 (README.md):
  N1  hours add up every activity the member attended, whatever org held it (a member
      transferred in mid-period keeps the hours earned before)
  N2  position: a not-applicable exemption that ends inside the judged range splits it in two
      parts, like a tailoring's effective day (the exempt days are n/a, not vacant)
  N3  an activity after today is judged by the exemptions of its own day, not of today: a
      notice due before a December meeting is open although an exemption runs until July
  N4  a committee meeting's attendance counts its committee: the holders of the committee posts
      in the holding org that day, whatever their status (docs/counting.md), not the org's
      members
"""
from collections import Counter
from fractions import Fraction

import dates as dt

RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "N1", "N2", "N3", "N4")
# the posts of a branch committee (支部委员会); a party group leader is not one of them
COMMITTEE_POSTS = ("secretary", "deputy_secretary", "organization", "publicity", "discipline",
                   "committee_member")
DEFAULTS = {
    "cadence": {"min": 1, "each": "org", "lecturer": None, "include_groups": False},
    "artifact": {"min": 1, "before": None, "within": None},
    "attendance": {"rate": None, "quorum": None, "base": "members", "posts": [],
                   "must_attend": [], "late_counts": True},
    "agenda": {"ordered": True},
    "guest": {"min": 1},
    "position": {"each": "org"},
    "term": {"years": 3, "activity": "election", "warn": 90},
    "members": {"status": ["full"], "min": None, "max": None},
    "hours": {"attr": "class_hours", "per": "year", "posts": {}},
}
UNMET = {"应": "fail", "宜": "warn", "可": "n/a"}


def kinds_of(v):
    return v if isinstance(v, list) else [v]


class Model:
    def __init__(self, sc, off=()):
        self.sc = sc
        self.on = set(RULES) - set(off)
        self.today = dt.parse(sc["today"])
        self.cs, self.ce = dt.parse_period(sc["period"])
        self.orgs = {o["code"]: o for o in sc["orgs"]}
        self._chains, self._resolved = {}, {}
        self.edges = Counter()   # the edge cases the scenario reached (differential.py --stats)
        self.build_people()

    def exists(self, day):
        """R4: a record dated after today does not exist yet."""
        return "R4" not in self.on or day <= self.today

    # -- the records: dated intervals from the events, as the API documents them
    def build_people(self):
        self.status, self.member_of, self.flags = [], [], []   # (member, value, start, end)
        for m in self.sc["members"]:
            c = m["code"]
            cur = {}   # open interval per dimension: status, branch, group

            def start(dim, value, day, lst):
                old = cur.get(dim)
                if old is not None and old[3] is None:
                    old[3] = dt.add_days(day, -1)
                cur[dim] = [c, value, day, None]
                lst.append(cur[dim])

            for e in m["events"]:
                day = dt.parse(e.get("date") or e.get("start"))
                if not self.exists(day):
                    continue
                if e["op"] == "add":
                    start("status", e["status"], day, self.status)
                    start("branch", e["org"], day, self.member_of)
                    if e["group"]:
                        start("group", e["group"], day, self.member_of)
                elif e["op"] == "status":
                    start("status", e["status"], day, self.status)
                elif e["op"] == "join":
                    start(self.orgs[e["org"]]["kind"], e["org"], day, self.member_of)
                elif e["op"] == "leave":
                    for iv in self.member_of:
                        if iv[0] == c and iv[1] == e["org"] and iv[3] is None:
                            iv[3] = day
                elif e["op"] == "flag":
                    fin = e["finish"] and dt.parse(e["finish"])
                    self.flags.append([c, e["flag"], day, fin])
        self.posts = [(p["member"], p["org"], p["post"], dt.parse(p["start"]),
                       p["finish"] and dt.parse(p["finish"])) for p in self.sc["posts"]
                      if self.exists(dt.parse(p["start"]))]

    @staticmethod
    def during(iv_start, iv_end, day):
        return iv_start <= day and (iv_end is None or day <= iv_end)

    def status_on(self, m, day):
        for c, v, s, e in self.status:
            if c == m and self.during(s, e, day):
                return v
        return None

    def members_on(self, org, day, statuses=("full", "probationary")):
        return {c for c, o, s, e in self.member_of
                if o == org and self.during(s, e, day) and self.status_on(c, day) in statuses}

    def flagged(self, m, day):
        return any(c == m and f in ("suspended", "on_probation_discipline") and
                   self.during(s, e, day) for c, f, s, e in self.flags)

    def holders(self, org, post, day):
        return {m for m, o, p, s, e in self.posts if o == org and p == post and
                self.during(s, e, day)}

    def groups(self, branch):
        return [o["code"] for o in self.sc["orgs"] if o["parent"] == branch]

    def branch_of(self, org):
        return org if self.orgs[org]["kind"] == "branch" else self.orgs[org]["parent"]

    def acts(self, orgs, kinds):
        for a in self.sc["activities"]:
            if a["org"] in orgs and a["kind"] in kinds:
                yield a, dt.parse(a["start"])

    # -- the rulebook: which revision and tailoring judge a day, and whether in force
    def chain(self, org):
        """Tailorings that apply to org, in order: the committee's first, then the branch's."""
        if org not in self._chains:
            self._chains[org] = self._chain(org)
        return self._chains[org]

    def _chain(self, org):
        anc, o = [], org
        while o:
            anc.append(o)
            o = self.orgs[o]["parent"]
        return [t for depth in reversed(anc) for t in self.sc["tailorings"] if t["org"] == depth]

    def active(self, t, day):
        return t["effective"] is None or dt.parse(t["effective"]) <= day

    def in_force(self, std, org, day):
        revs = std["revisions"]
        first = dt.parse(revs[0]["effective"])
        for t in self.chain(org):
            for a in t["adopt"]:
                if a["std"] == std["code"]:
                    first = min(first, dt.parse(a["from"]))
        expires = revs[-1]["expires"]
        return first <= day and (expires is None or day <= dt.parse(expires))

    def resolve(self, std, org, day, na_day=None):
        """{(clause, req index): (kind, params, type, n/a)} of the standard for org on day, and
        the index of the revision. na_day: the day an exemption's end is compared with."""
        ck = (std["code"], org, day, na_day)
        if ck not in self._resolved:
            self._resolved[ck] = self._resolve(std, org, day, na_day or day)
        return self._resolved[ck]

    def _resolve(self, std, org, day, na_day):
        k = 0
        for i, rev in enumerate(std["revisions"]):
            if dt.parse(rev["effective"]) <= day:
                k = i
        out = {}
        for c in std["clauses"]:
            ctype = c["type"]
            for rev in std["revisions"][:k + 1]:
                ctype = rev["types"].get(c["number"], ctype)
            na = any(n["std"] == std["code"] and n["clause"] == c["number"] and self.active(t, day)
                     and (n["expires"] is None or na_day <= dt.parse(n["expires"]))
                     for t in self.chain(org) for n in t["na"])
            for i, q in enumerate(c["reqs"]):
                p = dict(DEFAULTS[q["kind"]])
                p.update(q["params"])
                for rev in std["revisions"][:k + 1]:
                    p.update(rev["params"].get(q["rid"], {}))
                for t in self.chain(org):
                    if self.active(t, day):
                        p.update({e["param"]: e["value"] for e in t["set"] if e["rid"] == q["rid"]})
                out[(c["number"], i + 1)] = (q["kind"], p, ctype, na)
        return out, k

    def coverage(self, std, org, start, end):
        """'all', 'some' or 'none' of the days start..end in force."""
        days = [self.in_force(std, org, dt.add_days(start, i))
                for i in range((end - start).days + 1)]
        return "all" if all(days) else ("some" if any(days) else "none")

    # -- findings
    def findings(self):
        out = []
        for std in self.sc["standards"]:
            scope = std["org"]
            if scope is None:
                judged = [o for o in self.orgs if self.orgs[o]["kind"] == "branch"]
            elif self.orgs[scope]["kind"] == "group":
                if "R6" not in self.on:
                    continue   # the old reading: a group standard judges nothing
                judged = [scope]
            else:
                judged = [scope]
            for org in judged:
                for c in std["clauses"]:
                    for i, q in enumerate(c["reqs"]):
                        out += self.requirement(std, org, c["number"], i + 1, q)
        return out

    def emit(self, std, org, num, idx, kind, stype, skey, period, status, why=""):
        return {"standard": std["code"], "clause": num, "requirement": idx, "kind": kind,
                "org": org, "subject_type": stype, "subject": skey, "period": period,
                "status": status, "why": why}

    def requirement(self, std, branch, num, idx, q):
        kind = q["kind"]
        if kind == "cadence" and q["params"].get("include_groups") and "R1" not in self.on:
            return []   # the old reading has no include_groups: the standard is refused
        if kind in ("cadence", "position") and q["params"].get("each") == "group" and \
                self.orgs[branch]["kind"] == "branch":
            orgs = self.groups(branch)
        else:
            orgs = [branch]
        res = []
        for org in orgs:
            if kind in ("cadence", "hours"):
                res += self.per_period(std, org, num, idx, q)
            elif kind in ("artifact", "attendance", "agenda", "guest"):
                res += self.per_activity(std, org, num, idx, q)
            elif kind == "position":
                res += self.position(std, org, num, idx)
            else:
                res += self.on_day(std, org, num, idx, q)
        return res

    def verdict(self, met, due_passed, ctype):
        if met:
            return "pass"
        return UNMET[ctype] if due_passed else "open"

    def per_period(self, std, org, num, idx, q):
        """cadence and hours: each calendar period of the kind `per` inside the check period."""
        res, pers = [], {q["params"].get("per", "year")}
        for rev in std["revisions"]:
            pers |= {v["per"] for r, v in rev["params"].items() if r == q["rid"] and "per" in v}
        for t in self.sc["tailorings"]:
            pers |= {e["value"] for e in t["set"] if e["rid"] == q["rid"] and e["param"] == "per"}
        for per in sorted(pers):
            for code, ps, pe in dt.periods_in(per, self.cs, self.ce):
                if ps > self.today:
                    continue   # a period that has not begun gives no finding
                jd = min(pe, self.today)
                cov = self.coverage(std, org, ps, pe)
                if "R5" not in self.on and cov == "some":
                    # the old reading: the standard as of the judging day (nothing when it is
                    # not in force that day); a standard expiring later in the period is judged
                    if not self.in_force(std, org, jd):
                        cov = "none"
                    elif self.in_force(std, org, ps):
                        cov = "all"
                    elif q["kind"] == "hours":
                        cov = "none"   # (cadence said n/a for a standard taking effect)
                if cov == "none":
                    continue
                self.edges["a period partly in force"] += cov == "some"
                self.edges["a period ending today"] += pe == self.today
                self.edges["the second half of February in a leap year"] += (
                    per == "half_month" and pe.month == 2 and pe.day == 29)
                # the revision and tailoring of the judging day (or the last day in force)
                rd = jd
                while not self.in_force(std, org, rd):
                    rd = dt.add_days(rd, -1) if rd > ps else pe
                rq = self.resolve(std, org, rd)[0].get((num, idx))
                if rq is None:
                    continue
                kind, p, ctype, na = rq
                if p.get("per", "year") != per:
                    continue
                mk = lambda st, why="": self.emit(std, org, num, idx, kind, "period", None,  # noqa
                                                  code, st, why)
                if cov == "some" or na:
                    why = "tailored out" if cov == "all" else "not in force for the whole period"
                    # a period the standard does not cover whole is one n/a, also for hours (not
                    # one per member); a clause tailored out is n/a for each subject
                    if kind == "cadence" or cov == "some":
                        res.append(mk("n/a", why))
                    else:
                        res += [self.emit(std, org, num, idx, kind, "member", m, code, "n/a", why)
                                for m in sorted(self.members_on(org, jd))]
                    continue
                if kind == "cadence":
                    res.append(mk(self.cadence(org, p, ps, pe, ctype)))
                else:
                    for m in sorted(self.members_on(org, jd)):
                        res.append(self.emit(std, org, num, idx, kind, "member", m, code,
                                             self.hours(org, m, p, ps, pe, jd, ctype)))
        return res

    def cadence(self, org, p, ps, pe, ctype):
        orgs = {org}
        if self.orgs[org]["kind"] == "branch" and ("R1" not in self.on or p["include_groups"]):
            orgs |= set(self.groups(org))
        n = 0
        if self.orgs[org]["kind"] == "branch":
            self.edges["a group's activity in a branch's cadence period"] += any(
                ps <= day <= pe for _, day in self.acts(set(self.groups(org)),
                                                        kinds_of(p["activity"])))
        for a, day in self.acts(orgs, kinds_of(p["activity"])):
            self.edges["an activity after today in a cadence period"] += ps <= day <= pe and \
                day > self.today
            if not (ps <= day <= pe and self.exists(day)):
                continue
            if p["lecturer"] and a["lecturer"] not in self.holders(org, p["lecturer"], day):
                continue
            n += 1
        return self.verdict(n >= p["min"], pe < self.today, ctype)

    def hours(self, org, m, p, ps, pe, jd, ctype):
        need = Fraction(str(p["min"]))
        for post, v in (p["posts"] or {}).items():
            if m in self.holders(self.branch_of(org), post, jd):
                need = max(need, Fraction(str(v)))
        got = Fraction(0)
        branch = self.branch_of(org)
        for a in self.sc["activities"]:
            day = dt.parse(a["start"])
            if "N1" not in self.on and a["org"] != org and not (
                    org == branch and self.orgs[a["org"]]["parent"] == branch):
                continue
            if ps <= day <= pe and self.exists(day) and a["hours"] is not None and \
                    any(x == m and st in ("present", "late") for x, st in a["attendance"]):
                got += Fraction(str(a["hours"]))
        return self.verdict(got >= need, pe < self.today, ctype)

    def per_activity(self, std, org, num, idx, q):
        """artifact, attendance, agenda, guest: each activity of the kinds, of the org (a branch
        standard: the branch and its groups; a group standard: the group), in the check period."""
        res = []
        orgs = [org] + (self.groups(org) if self.orgs[org]["kind"] == "branch" else [])
        for a in self.sc["activities"]:
            day = dt.parse(a["start"])
            if a["org"] not in orgs or not (self.cs <= day <= self.ce):
                continue
            if not self.in_force(std, org, day):
                continue
            # N3 off: the exemption of a future activity compared with today, not its day
            naday = day if "N3" in self.on else min(day, self.today)
            kind, p, ctype, na = self.resolve(std, org, day, naday)[0][(num, idx)]
            if a["kind"] not in kinds_of(p["activity"]):
                continue
            future = day > self.today
            if future and not (kind == "artifact" and p["before"] is not None):
                continue   # not yet taken place: only a notice due before it is judged
            mk = lambda st, why="": self.emit(std, a["org"], num, idx, kind, "activity",  # noqa
                                              a["id"], dt.iso(day), st, why)
            if na:
                res.append(mk("n/a", "tailored out"))
                continue
            res.append(mk(getattr(self, kind)(a, day, p, ctype, org)))
        return res

    def artifact(self, a, day, p, ctype, _org):
        last = dt.parse(a["end"]) if a["end"] else day
        if p["before"] is not None:
            lo, hi = None, dt.add_days(day, -p["before"])
        elif p["within"] is not None:
            lo, hi = (day if "R2" in self.on else None), dt.add_days(last, p["within"])
        else:
            lo, hi = None, None
        n = 0
        self.edges["a notice due today"] += p["before"] is not None and hi == self.today
        for x in a["artifacts"]:
            d = dt.parse(x["issued"])
            if x["type"] == p["type"]:
                self.edges["material on the last day of its window"] += d == hi
                self.edges["material a day too late"] += hi is not None and d == dt.add_days(hi, 1)
                self.edges["material dated before its activity (within)"] += (
                    p["within"] is not None and d < day)
                self.edges["material dated after today"] += d > self.today
            if x["type"] == p["type"] and self.exists(d) and (lo is None or d >= lo) and \
                    (hi is None or d <= hi):
                n += 1
        return self.verdict(n >= p["min"], hi is None or hi < self.today, ctype)

    def attendance(self, a, day, p, ctype, judged):
        """Members are those of the activity's org that day; posts (base = posts, must_attend)
        are those of the org the standard judges (the branch, or the group of a group standard)."""
        if p["base"] == "posts":
            due = set().union(*[self.holders(judged, post, day) for post in p["posts"]])
        elif a["kind"] == "committee_meeting" and "N4" in self.on:
            due = set().union(*[self.holders(a["org"], post, day) for post in COMMITTEE_POSTS])
            if p["base"] in ("full", "voting"):
                due = {m for m in due if self.status_on(m, day) == "full"}
            if p["base"] == "voting":
                due = {m for m in due if not self.flagged(m, day)}
        else:
            due = self.members_on(a["org"], day, ("full",) if p["base"] in ("full", "voting")
                                  else ("full", "probationary"))
            if p["base"] == "voting":
                due = {m for m in due if not self.flagged(m, day)}
        self.edges["attendance with nobody due"] += not due
        self.edges["a status or membership changing on the meeting day"] += any(
            c in {m for m, _ in a["attendance"]} and (s == day or e == day or
                                                      e == dt.add_days(day, -1))
            for c, _, s, e in self.status + self.member_of)
        states = ("present", "late") if p["late_counts"] else ("present",)
        came = {m for m, s in a["attendance"] if s in states}
        if not due:   # the old reading: "attendance not recorded" before "nobody was due"
            return UNMET[ctype] if "R3" not in self.on and not a["attendance"] else "n/a"
        if not a["attendance"]:
            return UNMET[ctype]   # attendance not recorded
        n, total = len(due & came), len(due)
        met = True
        if p["rate"] is not None:
            met = met and n >= Fraction(str(p["rate"])) * total
        if p["quorum"] is not None:
            q = p["quorum"]
            ge = q.startswith(">=")
            num, den = (int(x) for x in q.lstrip(">=").split("/"))
            met = met and (n * den >= num * total if ge else n * den > num * total)
        for post in p["must_attend"]:
            met = met and self.holders(judged, post, day) <= came
        return self.verdict(met, True, ctype)

    def agenda(self, a, day, p, ctype, _org):
        segs, want = a["agenda"], p["segments"]
        if p["ordered"]:
            it = iter(segs)
            met = all(s in it for s in want)
        else:
            met = set(want) <= set(segs)
        return self.verdict(met and bool(segs), True, ctype)

    def guest(self, a, day, p, ctype, _org):
        return self.verdict(sum(g == p["role"] for g in a["guests"]) >= p["min"], True, ctype)

    def position(self, std, org, num, idx):
        """Every day of the check period up to today on which the standard is in force, in parts
        that one revision and one set of tailorings judge."""
        res, end = [], min(self.ce, self.today)
        days = [dt.add_days(self.cs, i) for i in range((end - self.cs).days + 1)]
        days = [d for d in days if self.in_force(std, org, d)]
        parts = []
        for d in days:
            rq, rev = self.resolve(std, org, d)
            key = (rev, rq[(num, idx)][3] if "N2" in self.on else None,
                   tuple(t["code"] for t in self.chain(org) if self.active(t, d)))
            if parts and parts[-1][0] == key and parts[-1][2] == dt.add_days(d, -1):
                parts[-1][2] = d
            else:
                parts.append([key, d, d])
        self.edges["position judged in several parts"] += len(parts) > 1
        for _, a, b in parts:
            rq = self.resolve(std, org, b)[0].get((num, idx))
            kind, p, ctype, na = rq
            code = "%s..%s" % (dt.iso(a), dt.iso(b))
            if na:
                st = "n/a"
            else:
                vacant = [dt.add_days(a, i) for i in range((b - a).days + 1)
                          if not self.holders(org, p["post"], dt.add_days(a, i))]
                st = self.verdict(not vacant, True, ctype)
                self.edges["a one-day vacancy"] += len(vacant) == 1
            res.append(self.emit(std, org, num, idx, kind, "org", org, code, st))
        return res

    def on_day(self, std, org, num, idx, q):
        """term and members: the org as of the check period's last day, or today."""
        jd = min(self.ce, self.today)
        if jd < self.cs or not self.in_force(std, org, jd):
            return []
        kind, p, ctype, na = self.resolve(std, org, jd)[0][(num, idx)]
        mk = lambda st: [self.emit(std, org, num, idx, kind, "org", org, dt.iso(jd), st)]  # noqa
        if na:
            return mk("n/a")
        if kind == "members":
            n = 0
            for c, o, s, e in self.member_of:
                if o == org and self.during(s, e, jd) and self.status_on(c, jd) in p["status"]:
                    n += 1
            met = (p["min"] is None or n >= p["min"]) and (p["max"] is None or n <= p["max"])
            return mk(self.verdict(met, True, ctype))
        last = None
        for a, day in self.acts({org}, kinds_of(p["activity"])):
            if day <= jd and self.exists(day):
                last = max(last or day, day)
        if last is None:
            return mk(UNMET[ctype])
        due = dt.add_years(last, p["years"])
        self.edges["an election on 29 February"] += last.month == 2 and last.day == 29
        self.edges["a term due on the judging day"] += jd == due
        self.edges["a term's warning starting on the judging day"] += jd == dt.add_days(
            due, -p["warn"])
        if jd > due:
            return mk(UNMET[ctype])
        return mk("open" if jd >= dt.add_days(due, -p["warn"]) else "pass")


def findings(sc, off=()):
    return Model(sc, off).findings()


def findings_and_edges(sc):
    m = Model(sc)
    return m.findings(), m.edges
