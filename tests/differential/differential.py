#!/usr/bin/python3
"""The differential test of issue 12: `qufa check` against the reference model (reference.py)
on generated scenarios (scenario.py), finding by finding.

  differential.py --qufa build/qufa                      the fixed seeds (as ctest runs it)
  differential.py --qufa build/qufa --random 500 --seed 7   500 random scenarios from seed 7
  differential.py --qufa build/qufa --seeds 42 --shrink     one seed, every class shrunk
  differential.py --qufa build/qufa --seeds case3 -v        a hand-computed case of selftest.py
  differential.py --qufa build/qufa --scenario min.json     a scenario written by a shrink

Every disagreement is classified by the rule of the reference that explains it: the model is
run again with one rule switched off (the reading the rule corrects); the class is RULE/kind
when that reproduces the engine's verdict. The classes seen must be exactly those listed in
known_differences.txt: an unlisted class fails the run and is shrunk to a minimal scenario; a
listed class that no longer occurs fails the run too (remove its line: the engine was fixed).
"""
import argparse
from collections import Counter
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # nothing written into the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference  # noqa: E402
import scenario as S  # noqa: E402
import selftest  # noqa: E402

FIXED_SEEDS = "1-240"


class Engine:
    """Runs scenarios through the qufa command: one `qufa run driver.lua` per batch."""

    def __init__(self, qufa, work):
        self.qufa, self.work, self.n = qufa, work, 0
        self.host = os.path.join(work, "host.db")
        self.q("init")
        self.template = os.path.join(work, "template.db")
        p = self.q("--db", self.template, "init")   # the last --db wins
        if p.returncode != 0:
            sys.exit("differential: qufa init failed: %s" % p.stderr)

    def q(self, *args):
        env = dict(os.environ, QUFA_LANG="en", NO_COLOR="1")
        return subprocess.run([self.qufa, "--db", self.host] + list(args), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def write(self, sc, d):
        """The scenario's files: scenario.json, build.lua, the packs and repro.sh."""
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "scenario.json"), "w", encoding="utf-8") as f:
            json.dump(sc, f, ensure_ascii=False, indent=1)
        with open(os.path.join(d, "build.lua"), "w", encoding="utf-8") as f:
            f.write(S.builder_lua(sc))
        names = []
        for name, text in S.pack_files(sc):
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
            names.append(name)
        with open(os.path.join(d, "repro.sh"), "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\n# the scenario with the qufa command: repro.sh /path/to/qufa\n"
                    "set -e\ncd \"$(dirname \"$0\")\"\nq() { \"$1\" --db repro.db --today %s \"$@\"; }\n"
                    % sc["today"])
            f.write('Q=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")\nrm -f repro.db\n'
                    '"$Q" --db repro.db --today %s init >/dev/null\n'
                    '"$Q" --db repro.db --today %s run build.lua >/dev/null\n' % (
                        sc["today"], sc["today"]))
            for n in names:
                f.write('"$Q" --db repro.db --today %s standards load %s || true\n' % (
                    sc["today"], n))
            f.write('"$Q" --db repro.db --today %s check --period %s --format json || true\n' % (
                sc["today"], sc["period"]))
        return names

    def cli(self, sc):
        """The scenario through the command line, as repro.sh does it: qufa init, qufa run
        build.lua, qufa standards load each pack, qufa check --format json. The findings."""
        self.n += 1
        d = os.path.join(self.work, "cli%d" % self.n)
        names = self.write(sc, d)
        db = os.path.join(d, "cli.db")
        env = dict(os.environ, QUFA_LANG="en", NO_COLOR="1")

        def q(*args):
            return subprocess.run([self.qufa, "--db", db, "--today", sc["today"]] + list(args),
                                  env=env, cwd=d, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        for args in (["init"], ["run", "build.lua"]):
            p = q(*args)
            if p.returncode != 0:
                return "qufa %s failed: %s" % (" ".join(args), p.stderr)
        for n in names:
            q("standards", "load", n)
        p = q("check", "--period", sc["period"], "--format", "json")
        shutil.rmtree(d)
        if p.returncode not in (0, 1):
            return "qufa check failed: %s" % p.stderr
        return json.loads(p.stdout)["findings"]

    def run(self, scs):
        """Engine results for a list of scenarios (one process)."""
        self.n += 1
        batch = os.path.join(self.work, "batch%d" % self.n)
        entries = []
        for i, sc in enumerate(scs):
            d = os.path.join(batch, str(i))
            names = self.write(sc, d)
            entries.append("{name = %s, dir = %s, today = %s, period = %s, packs = %s}," % (
                S.lua(str(i)), S.lua(d), S.lua(sc["today"]), S.lua(sc["period"]), S.lua(names)))
        man = os.path.join(batch, "manifest.lua")
        with open(man, "w", encoding="utf-8") as f:
            f.write("return {\n%s\n}\n" % "\n".join(entries))
        out = os.path.join(batch, "out.jsonl")
        p = self.q("run", os.path.join(HERE, "driver.lua"), man, out, self.template)
        if p.returncode != 0:
            sys.exit("differential: the driver failed (exit %d):\n%s%s" % (
                p.returncode, p.stdout, p.stderr))
        with open(out, encoding="utf-8") as f:
            res = [json.loads(line) for line in f]
        shutil.rmtree(batch)
        return res


def key(f):
    return (f["standard"], f["clause"], f["requirement"], f["org"], f["subject_type"],
            f["subject"], f["period"])


# the kinds whose findings have no deadline (docs/check-output.md)
UNDATED = ("attendance", "agenda", "guest", "members", "position")


def engine_findings(res):
    """{key: finding} from the driver's output; subject ids become codes and titles."""
    ids = res["ids"]
    out = {}
    for f in res["check"]["findings"]:
        st = f["subject"]["type"]
        sid = f["subject"]["id"]
        subj = None if sid is None else ids.get(st, {}).get(str(sid), "#%s" % sid)
        g = {"standard": f["standard"], "clause": f["clause"], "requirement": f["requirement"],
             "kind": f["kind"], "org": f["org"], "subject_type": st, "subject": subj,
             "period": f["period"], "status": f["status"], "why": f.get("message", "")}
        k = key(g)
        if k in out:
            g["status"] = "duplicate:" + out[k]["status"] + "+" + g["status"]
        out[k] = g
    return out


def fmt_key(k):
    std, clause, req, org, st, subj, period = k
    return "%s/%s#%d %s %s %s" % (std, clause, req, org, st if subj is None else
                                  "%s %s" % (st, subj), period)


class Compare:
    """Disagreements of one scenario, each with its class."""
    VARIANTS = [(r,) for r in reference.RULES] + list(itertools.combinations(reference.RULES, 2))

    def __init__(self, sc, res):
        self.sc, self.res = sc, res
        self.problem = None
        if "build" in res:
            self.problem = "the builder failed: " + res["build"]
        elif "check_error" in res:
            self.problem = "db:check raised: " + res["check_error"]
        found, self.edges = reference.findings_and_edges(sc)
        self.ref = {key(f): f for f in found}
        self.eng = {} if self.problem else engine_findings(res)
        self.diffs = []   # (class, key, ref finding or None, engine finding or None)
        if self.problem:
            return
        keys = sorted(set(self.ref) | set(self.eng), key=lambda k: tuple(map(str, k)))
        bad = [k for k in keys if (self.ref.get(k) or {}).get("status") !=
               (self.eng.get(k) or {}).get("status")]
        variants = {}
        refused = {e["file"].split(".")[0] for e in res.get("load", [])}
        for k in bad:
            r, e = self.ref.get(k), self.eng.get(k)
            kind = (r or e)["kind"]
            cls = None
            for v in self.VARIANTS:
                if v not in variants:
                    variants[v] = {key(f): f["status"] for f in reference.findings(sc, off=v)}
                if variants[v].get(k) == (e or {}).get("status"):
                    cls = "%s/%s" % ("+".join(v), kind)
                    break
            if cls is None:
                cls = "unexplained/%s/%s>%s" % (kind, r["status"] if r else "none",
                                                e["status"] if e else "none")
            if k[0] in refused:
                cls = "refused:" + cls   # the engine would not load the standard
            self.diffs.append((cls, k, r, e))
        # docs/check-output.md's `deadline`: none for findings with no day of their own to fall
        # due (reminder runs leave those requirements out: remind_check.c)
        for f in res["check"]["findings"]:
            st = f["subject"]["type"]
            undated = f["kind"] in UNDATED or (f["kind"] == "check" and st in ("org", "member")
                                               and f["status"] != "open")
            if undated and f.get("deadline") is not None:
                k = (f["standard"], f["clause"], f["requirement"], f["org"], st,
                     f["subject"]["id"], f["period"])
                self.diffs.append(("deadline/%s" % f["kind"], k, None,
                                   dict(f, why="deadline " + f["deadline"])))
        self.loads = res.get("load", [])

    def classes(self):
        if self.problem:
            return {"problem"}
        return {c for c, *_ in self.diffs}

    def report(self, only=None, out=sys.stdout):
        if self.problem:
            print("  " + self.problem, file=out)
            return
        for e in self.loads:
            print("  pack refused: %s: %s" % (e["file"], e["error"]), file=out)
        for cls, k, r, e in self.diffs:
            if only and cls != only:
                continue
            print("  [%s] %s" % (cls, fmt_key(k)), file=out)
            print("      reference: %s%s" % (r["status"] if r else "(no finding)",
                                            " (%s)" % r["why"] if r and r["why"] else ""), file=out)
            print("      engine:    %s%s" % (e["status"] if e else "(no finding)",
                                            " — %s" % e["why"] if e else ""), file=out)


def parse_seeds(spec):
    seeds = []
    for part in spec.split(","):
        if part.startswith("case"):
            seeds.append(part)
        elif "-" in part:
            a, b = part.split("-")
            seeds += range(int(a), int(b) + 1)
        elif part:
            seeds.append(int(part))
    return seeds


def hand_case(name):
    """caseN: the N-th hand-computed case of selftest.py, as a scenario."""
    return dict(selftest.CASES[int(name[4:]) - 1][1], seed=name)


def read_known(path):
    known = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if line:
                cls, seed, reason = (line.split(None, 2) + ["", ""])[:3]
                known[cls] = (seed, reason)
    return known


def components(cls):
    """R1+R5/cadence -> [R1/cadence, R5/cadence]: a disagreement two rules explain together."""
    prefix, _, rest = cls.rpartition(":")
    rules, _, kind = rest.partition("/")
    if "+" not in rules or not kind:
        return [cls]
    return ["%s%s/%s" % (prefix + ":" if prefix else "", r, kind) for r in rules.split("+")]


def explained(cls, known):
    return cls in known or all(c in known for c in components(cls)) and len(components(cls)) > 1


def shrink(engine, sc, cls, budget=60):
    """Delta debugging: drop parts of the scenario while the class still occurs."""
    def holds(cands):
        return [cls in Compare(c, r).classes() for c, r in zip(cands, engine.run(cands))]

    n, rounds = 2, 0
    while rounds < budget:
        items = S.parts(sc)
        if not items:
            break
        n = min(n, len(items))
        size = -(-len(items) // n)
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        cands = [S.without(sc, ch) for ch in chunks]
        rounds += 1
        ok = [c for c, h in zip(cands, holds(cands)) if h]
        if ok:
            sc = ok[0]
            n = max(n - 1, 2)
        elif n >= len(items):
            break
        else:
            n = min(2 * n, len(items))
    return sc


def show_minimal(engine, sc, cls, outdir, out=sys.stdout):
    m = shrink(engine, sc, cls)
    d = os.path.join(outdir, "%s-%s" % (sc["seed"], cls.replace("/", "_").replace(">", "-")))
    engine.write(m, d)
    res = engine.run([m])[0]
    print("\n== class %s, seed %s: minimal scenario (%s)" % (cls, sc["seed"], d), file=out)
    print(json.dumps(m, ensure_ascii=False, separators=(",", ":")), file=out)
    Compare(m, res).report(only=cls, out=out)
    print("  reproduce: /usr/bin/python3 %s --qufa QUFA --scenario %s/scenario.json\n"
          "         or: sh %s/repro.sh QUFA" % (os.path.relpath(__file__), d, d), file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qufa", required=True)
    ap.add_argument("--seeds", help="seed list, e.g. 1-240,500 (default: the fixed list)")
    env = os.environ.get
    ap.add_argument("--random", type=int, default=int(env("QUFA_DIFFERENTIAL_RANDOM") or 0),
                    help="run N random scenarios instead (with --seed; also from the environment: "
                         "QUFA_DIFFERENTIAL_RANDOM=N QUFA_DIFFERENTIAL_SEED=S ctest -R differential)")
    ap.add_argument("--seed", type=int, default=int(env("QUFA_DIFFERENTIAL_SEED") or -1))
    ap.add_argument("--scenario", help="run one scenario from its JSON file")
    ap.add_argument("--known", default=os.path.join(HERE, "known_differences.txt"))
    ap.add_argument("--shrink", action="store_true", help="shrink an example of every class")
    ap.add_argument("--out", help="where minimal scenarios go (default: ./differential-minimal)")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--stats", action="store_true", help="how many scenarios reached each edge")
    ap.add_argument("--batch", type=int, default=60)
    ap.add_argument("--cli", type=int, default=3,
                    help="also run the first N scenarios with the qufa command, as repro.sh does")
    a = ap.parse_args()

    if a.scenario or a.seeds:
        a.random = 0
    if a.scenario:
        with open(a.scenario, encoding="utf-8") as f:
            scs = [json.load(f)]
    elif a.random:
        import random
        base = a.seed if a.seed >= 0 else random.SystemRandom().randrange(10 ** 6)
        print("differential: %d random scenarios from seed %d" % (a.random, base))
        rnd = random.Random(base)
        scs = [S.generate(rnd.randrange(10 ** 9)) for _ in range(a.random)]
    else:
        scs = [hand_case(s) if isinstance(s, str) else S.generate(s)
               for s in parse_seeds(a.seeds or FIXED_SEEDS)]
    fixed = not (a.scenario or a.random or a.seeds)
    if selftest.run():   # the model against hand computation first
        print("differential: the reference model fails its own hand-computed cases")
        return 1
    if fixed:   # the hand-computed cases (issue 12's examples) run through the engine too
        scs += [hand_case("case%d" % (i + 1)) for i in range(len(selftest.CASES))]
    known = read_known(a.known)

    work = tempfile.mkdtemp(prefix="qufa-differential.")
    outdir = os.path.abspath(a.out or "differential-minimal")
    try:
        engine = Engine(os.path.abspath(a.qufa), work)
        t0 = time.monotonic()
        results = []
        for i in range(0, len(scs), a.batch):
            results += engine.run(scs[i:i + a.batch])
        t_engine = time.monotonic() - t0
        # the command line must judge like the driver's in-process run
        same = ("standard", "clause", "requirement", "kind", "status", "subject", "org", "period",
                "message")
        for sc, res in list(zip(scs, results))[:a.cli]:
            got = engine.cli(sc)
            want = res.get("check", {}).get("findings")
            if isinstance(got, str) or [[f[k] for k in same] for f in got] != \
                    [[f[k] for k in same] for f in want or []]:
                print("differential: seed %s: `qufa check` on the command line differs from the "
                      "driver's db:check: %s" % (sc["seed"], got if isinstance(got, str) else ""))
                return 1
        t1 = time.monotonic()
        seen = {}    # class -> [seeds]
        edges = Counter()
        compared = {}
        nfind = 0
        for sc, res in zip(scs, results):
            c = Compare(sc, res)
            compared[sc["seed"]] = c
            nfind += len(c.ref)
            edges.update({e for e, n in c.edges.items() if n})
            for cls in c.classes():
                seen.setdefault(cls, []).append(sc["seed"])
        t_ref = time.monotonic() - t1
        print("differential: %d scenarios, %d reference findings; engine %.1f s, reference and "
              "classification %.1f s" % (len(scs), nfind, t_engine, t_ref))
        if a.stats:
            print("edge cases reached (scenarios):")
            for e, n in sorted(edges.items()):
                print("  %5d  %s" % (n, e))
        for cls in sorted(seen):
            mark = "known" if explained(cls, known) else "NEW"
            print("  %-32s %-5s %3d scenario(s), e.g. seed %s" % (cls, mark, len(seen[cls]),
                                                                  seen[cls][0]))
        new = sorted(c for c in seen if not explained(c, known))
        parts_seen = {p for c in seen for p in components(c)}
        gone = sorted(c for c in known if c not in parts_seen) if fixed else []
        for cls in gone:
            print("  %-32s no longer occurs: remove its line from %s" % (cls, a.known))
        if a.verbose or a.scenario:
            for seed, c in compared.items():
                if c.classes():
                    print("seed %s:" % seed)
                    c.report()
        for cls in (sorted(seen) if a.shrink else new):
            seed = seen[cls][0]
            sc = next(s for s in scs if s["seed"] == seed)
            if cls == "problem":
                print("\n== seed %s:" % seed)
                compared[seed].report()
                continue
            show_minimal(engine, sc, cls, outdir)
        if new or gone:
            print("differential: FAILED (%d new class(es), %d gone)" % (len(new), len(gone)))
            return 1
        print("differential: ok (%d known class(es) of disagreement)" % len(seen))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
