#!/usr/bin/env python3
"""Docs that run: every fenced block of README.md and docs/*.md, against the demo database.

Usage: doctest.py --qufa BIN --module DIR --source SRC [--keep DIR] [--verbose] [FILE.md ...]

The rules an author follows are in docs/internals.md ("Examples in the documentation"). In
short: each document runs top to bottom in a folder of its own that starts with a copy of the
demo database (built once per run with `qufa demo`) and of scripts/, like a reader following
along in one terminal; ```sh, ```console and ```lua blocks run, a ```text block right after
one is its expected output (`...` matches anything), and an HTML comment before a block
(`<!-- doctest: ... -->`) says when a block is a file to save, runs another way, must exit
with a given status, starts over from a fresh copy, or cannot run at all (skip, with why).
"""
import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

TODAY = "2017-09-05"  # the demo's today
RUN_LANGS = {"sh", "bash", "shell", "console", "lua"}
OUTPUT_LANGS = {"", "text", "json"}
BLOCK_TIMEOUT = 120  # seconds: a block waiting for input or looping is a failure, not a hang
DIRECTIVE = re.compile(r"^<!--\s*doctest:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([A-Za-z0-9_+-]*)[^`]*$")

# The shell every sh and console block runs in: bash with the variables and functions that
# the document's earlier blocks defined (as in a terminal), $? of the previous command, and
# for sh blocks a stop at the first command that exits with 2 or more (1 is "findings").
PRELUDE = r"""
__dt_save() {
    __dt_rc=$?
    {
        declare -p | grep -Ev '^declare -[a-zA-Z]*r' |
            grep -Ev '^declare -[-a-zA-Z]+ (BASH[A-Z_]*|EUID|PPID|SHELLOPTS|UID|FUNCNAME|GROUPS|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHREALTIME|EPOCHSECONDS|PIPESTATUS|_|SHLVL|PWD|OLDPWD|HISTCMD|DIRSTACK|COMP_WORDBREAKS|OPTIND|OPTERR|OPTARG|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|DOCTEST_[A-Z_]*|__dt_[a-z_]*)(=|$)'
        for __dt_f in $(compgen -A function); do
            case $__dt_f in __dt_*) ;; *) declare -f "$__dt_f" ;; esac
        done
        echo "__dt_last=$__dt_rc"
    } >"$DOCTEST_STATE.new" 2>/dev/null && mv "$DOCTEST_STATE.new" "$DOCTEST_STATE"
}
__dt_last=0
[ -f "$DOCTEST_STATE" ] && . "$DOCTEST_STATE"
cd "$DOCTEST_DIR" || exit 99
trap __dt_save EXIT
if [ "$DOCTEST_MODE" = sh ]; then
    set -E
    # on one line: $LINENO in a trap counts the lines of the trap's own text too
    trap '__dt_rc=$?; if [ $__dt_rc -ge 2 ]; then printf "%s\t%s\t%s\n" "$LINENO" $__dt_rc "$BASH_COMMAND" >"$DOCTEST_DIAG"; exit $__dt_rc; fi' ERR
else
    (exit $__dt_last) # $? as the previous command left it: `echo $?` works
fi
"""


class Block:
    def __init__(self, path, line, lang, text, directives):
        self.path, self.line, self.lang, self.text = path, line, lang, text
        self.directives = directives  # list of (name, argument, line)
        self.expected = None  # the output block that follows, if any
        self.expected_line = None
        self.section = 0  # how many headings come before it

    def where(self):
        return f"{self.path}:{self.line}"

    def directive(self, name):
        """The directive's argument ("" when it has none), or None when the block lacks it."""
        for n, arg, _ in self.directives:
            if n == name:
                return arg
        return None

    def has(self, name):
        return self.directive(name) is not None


class DocError(Exception):
    pass


def parse(path, rel):
    """The fenced blocks of a Markdown file with the doctest comments right above each."""
    blocks, pending, section = [], [], 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        d = DIRECTIVE.match(line.strip())
        if d:
            pending.extend(parse_directive(d.group(1), f"{rel}:{i + 1}", i + 1))
            i += 1
            continue
        if line.strip().startswith("<!--") and "doctest" in line and not d:
            raise DocError(f"{rel}:{i + 1}: a doctest comment must be one line: "
                           f"<!-- doctest: WHAT -->")
        m = FENCE.match(line)
        if re.match(r"^#{1,6}\s", line):
            section += 1
        if not m:
            if line.strip() and pending:
                raise DocError(f"{rel}:{pending[0][2]}: the doctest comment is not right above "
                               f"a fenced block (text comes first at line {i + 1})")
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not (lines[i].strip().startswith(fence[0] * len(fence))
                                      and lines[i].strip().strip(fence[0]) == ""):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i >= len(lines):
            raise DocError(f"{rel}:{start}: the fenced block is never closed")
        i += 1
        blocks.append(Block(rel, start, lang, "\n".join(body) + "\n", pending))
        blocks[-1].section = section
        pending = []
    if pending:
        raise DocError(f"{rel}:{pending[0][2]}: the doctest comment is not above a fenced block")
    return blocks


KNOWN = {"skip", "file", "with", "fresh", "exit", "fragment", "excerpt", "not-output"}


def parse_directive(text, where, line):
    out = []
    # a reason is free text, semicolons and all
    whole = re.match(r"^(skip|fragment)\b\s*[:—–-]?\s*(.*)$", text)
    if whole:
        if not whole.group(2):
            raise DocError(f"{where}: '{whole.group(1)}' needs a reason: "
                           f"<!-- doctest: {whole.group(1)} — why -->")
        return [(whole.group(1), whole.group(2), line)]
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        m = re.match(r"^([a-z-]+)\s*[:—–-]?\s*(.*)$", part)
        name, arg = (m.group(1), m.group(2).strip()) if m else (part, "")
        if name not in KNOWN:
            raise DocError(f"{where}: unknown doctest directive '{name}' "
                           f"(known: {', '.join(sorted(KNOWN))})")
        if name in ("skip", "fragment") and not arg:
            raise DocError(f"{where}: '{name}' needs a reason: <!-- doctest: {name} — why -->")
        if name in ("file", "with", "excerpt") and not arg:
            raise DocError(f"{where}: '{name}' needs an argument")
        if name == "exit" and not re.fullmatch(r"\d+", arg):
            raise DocError(f"{where}: 'exit' needs a status: <!-- doctest: exit 2 -->")
        out.append((name, arg, line))
    return out


WILD_LINE = ("...", "…")


def expected_regex(text):
    """A line that is only `...` (or `…`) matches any lines, none included; `...` in a line
    matches any text within the line; everything else is literal."""
    out = []
    for line in text.split("\n"):
        if line.strip() in WILD_LINE:
            out.append(r"(?:[^\n]*\n)*?")
        else:
            out.append(".*?".join(re.escape(p) for p in line.split("...")) + r"\n")
    return re.compile("".join(out))


def normalize(text):
    """Trailing blanks and trailing empty lines do not count (editors strip them)."""
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def matches(expected, actual):
    e, a = normalize(expected), normalize(actual)
    if e == a:
        return True
    return expected_regex(e).fullmatch(a + "\n") is not None


class Runner:
    def __init__(self, args):
        self.args = args
        self.qufa = os.path.abspath(args.qufa)
        self.module = os.path.abspath(args.module)
        self.source = os.path.abspath(args.source)
        self.work = args.keep or tempfile.mkdtemp(prefix="qufa-doctest-")
        os.makedirs(self.work, exist_ok=True)
        self.failures, self.skips, self.fragments, self.texts = [], [], [], []
        self.ran = self.compared = self.files = self.excerpts = 0
        self.env = self.base_env()
        self.demo = self.build_demo()

    def base_env(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("QUFA_", "LC_")) and k not in ("LANG", "LANGUAGE")}
        env.update({"QUFA_LANG": "zh", "LANG": "C.UTF-8", "NO_COLOR": "1", "TZ": "UTC",
                    "USER": "doctest", "LUA_PATH": ";;"})
        return env

    def build_demo(self):
        base = os.path.join(self.work, "demo")
        os.makedirs(base, exist_ok=True)
        t0 = time.monotonic()
        p = subprocess.run([self.qufa, "demo", "-o", "qufa-demo.db"], cwd=base, env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BLOCK_TIMEOUT)
        if p.returncode != 0:
            sys.exit(f"doctest: 'qufa demo' failed ({p.returncode}):\n"
                     f"{p.stdout.decode(errors='replace')}")
        self.demo_seconds = time.monotonic() - t0
        return os.path.join(base, "qufa-demo.db")

    # a folder as a reader has it after `sh tools/bootstrap.sh demo` in a clone: the demo
    # database, scripts/, tools/pg_cluster.sh, and qufa where the README says (build-release/qufa, build/qufa)
    def setup_dir(self, name):
        d = os.path.join(self.work, name)
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(os.path.join(d, "bin"))
        shutil.copyfile(self.demo, os.path.join(d, "qufa-demo.db"))
        if os.path.isdir(os.path.join(self.source, "scripts")):
            shutil.copytree(os.path.join(self.source, "scripts"), os.path.join(d, "scripts"))
        # tools/pg_cluster.sh: the throwaway PostgreSQL server of README.md and postgresql.md
        cluster = os.path.join(self.source, "tools", "pg_cluster.sh")
        if os.path.exists(cluster):  # (the harness's own fixtures have no tools/)
            os.makedirs(os.path.join(d, "tools"))
            shutil.copyfile(cluster, os.path.join(d, "tools", "pg_cluster.sh"))
        wrapper = os.path.join(d, "bin", "qufa")
        with open(wrapper, "w") as f:
            # the demo's today unless the example gives --today (the last one counts)
            f.write(f'#!/bin/sh\nexec "{self.qufa}" --today {TODAY} "$@"\n')
        os.chmod(wrapper, 0o755)
        if self.args.stock_lua_env:
            # stock lua5.4 loading a sanitized qufa.so needs the sanitizer runtimes first
            lua = os.path.join(d, "bin", "lua5.4")
            exports = "".join(f"export {shlex.quote(kv)}\n" for kv in self.args.stock_lua_env)
            with open(lua, "w") as f:
                f.write(f"#!/bin/sh\n{exports}exec /usr/bin/lua5.4 \"$@\"\n")
            os.chmod(lua, 0o755)
        for build in ("build", "build-release"):
            os.makedirs(os.path.join(d, build, "lua"))
            os.symlink(wrapper, os.path.join(d, build, "qufa"))
            os.symlink(wrapper, os.path.join(d, build, "lua", "qufa"))
            os.symlink(self.module, os.path.join(d, build, "lua", "qufa.so"))
        env = dict(self.env)
        env.update({"PATH": os.path.join(d, "bin") + ":" + env.get("PATH", "/usr/bin:/bin"),
                    "QUFA_DB": "qufa-demo.db", "HOME": d,
                    # as if the module were installed: require "qufa" finds it
                    "LUA_CPATH": os.path.join(d, "build", "lua", "?.so") + ";;",
                    # as if libqufa were installed: pkg-config qufa finds the build tree's
                    "PKG_CONFIG_PATH": os.path.abspath(self.args.pkgconfig) if self.args.pkgconfig else "",
                    "DOCTEST_DIR": d, "DOCTEST_STATE": os.path.join(self.work, name + ".state"),
                    "DOCTEST_DIAG": os.path.join(self.work, name + ".diag")})
        for f in (env["DOCTEST_STATE"], env["DOCTEST_DIAG"]):
            if os.path.exists(f):
                os.remove(f)
        with open(os.path.join(self.work, "prelude.sh"), "w") as f:
            f.write(PRELUDE)
        return d, env

    def run_proc(self, argv, env, cwd, stdin_text=None):
        try:
            p = subprocess.run(argv, cwd=cwd, env=env, input=(stdin_text or "").encode(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=BLOCK_TIMEOUT)
            return p.returncode, p.stdout.decode("utf-8", errors="replace")
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", errors="replace")
            return None, out + f"\n[doctest: stopped after {BLOCK_TIMEOUT} s]"

    def shell(self, mode, script, env, d):
        env = dict(env, DOCTEST_MODE=mode)
        prelude = os.path.join(self.work, "prelude.sh")
        if os.path.exists(env["DOCTEST_DIAG"]):
            os.remove(env["DOCTEST_DIAG"])
        return self.run_proc(["bash", "-c", f'. "{prelude}"\n{script}', "doctest"], env, d)

    def fail(self, block, what, command, expected=None, actual=None):
        msg = [f"{block.where()}: {what}"]
        if command:
            msg.append("  command:")
            msg.extend("    " + l for l in command.rstrip("\n").split("\n"))
        if expected is not None:
            e, a = normalize(expected).split("\n"), normalize(actual or "").split("\n")
            where = f" (expected at {block.path}:{block.expected_line})" if block.expected_line else ""
            msg.append(f"  expected vs actual{where}:")
            if [re.sub(r"[ \t]+", " ", l) for l in e] == [re.sub(r"[ \t]+", " ", l) for l in a]:
                msg.append("  (they differ only in tabs and blanks: Lua's print separates its "
                           "values with a tab)")
            diff = list(difflib.unified_diff(e, a, "expected", "actual", lineterm="", n=2))
            msg.extend("    " + l for l in diff[:80])
            if len(diff) > 80:
                msg.append(f"    … {len(diff) - 80} more lines")
        elif actual:
            msg.append("  output:")
            out = normalize(actual).split("\n")
            msg.extend("    " + l for l in out[:40])
            if len(out) > 40:
                msg.append(f"    … {len(out) - 40} more lines")
        self.failures.append("\n".join(msg))

    def allowed(self, block, rc, default_max):
        want = block.directive("exit")
        if want is not None:
            return rc == int(want), f"exit status {rc}, the document says {want}"
        return rc is not None and rc <= default_max, f"exit status {rc}"

    # ```sh: one script; stops at the first command with exit status 2 or more
    def run_sh(self, block, env, d):
        rc, out = self.shell("sh", block.text, env, d)
        self.ran += 1
        ok, why = self.allowed(block, rc, 1)
        if not ok:
            diag = ""
            if os.path.exists(env["DOCTEST_DIAG"]):
                with open(env["DOCTEST_DIAG"]) as f:
                    line, _, cmd = f.read().rstrip("\n").split("\t", 2)
                diag = f" at {block.path}:{block.line + int(line) - 1}: {cmd}"
            self.fail(block, why + diag, block.text, actual=out)
            return
        self.compare(block, block.text, out)

    # ```console: "$ command" lines, each followed by what it prints
    def run_console(self, block, env, d):
        steps, cmd, out, cmd_line = [], None, [], 0
        for k, line in enumerate(block.text.rstrip("\n").split("\n")):
            if line.startswith("$ "):
                if cmd is not None:
                    steps.append((cmd, "\n".join(out), cmd_line))
                cmd, out, cmd_line = line[2:], [], block.line + 1 + k
            elif cmd is None:
                if line.strip():
                    self.fail(block, f"a console block starts with '$ command' (line {block.line + 1 + k})", None)
                    return
            else:
                out.append(line)
        if cmd is not None:
            steps.append((cmd, "\n".join(out), cmd_line))
        for cmd, expected, line in steps:
            rc, got = self.shell("console", cmd, env, d)
            self.ran += 1
            self.compared += 1
            if rc is None or not matches(expected, got):
                saved = block.expected_line
                block.expected_line = line + 1
                self.fail(block, f"'$ {cmd}' (line {line}) printed something else", cmd,
                          expected, got)
                block.expected_line = saved
                return

    def run_with(self, block, env, d, command, name):
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(block.text)
        rc, out = self.shell("sh", f'{command} "{name}"', env, d)
        self.ran += 1
        ok, why = self.allowed(block, rc, 0)
        if not ok:
            if name == f"example-{block.line}.lua":
                why += f" ({name}:N is line {block.line}+N of {block.path})"
            self.fail(block, why, f"{command} {name}", actual=out)
            return
        self.compare(block, f"{command} {name}", out)

    def run_lua(self, block, env, d):
        name = block.directive("file") or f"example-{block.line}.lua"
        command = block.directive("with")
        if command is None:
            if re.search(r"""require\s*\(?\s*["']qufa["']""", block.text):
                command = "lua5.4"
            else:
                command = "qufa run"
        self.run_with(block, env, d, command, name)

    def compare(self, block, command, out):
        if self.args.show:
            print(f"---- {block.where()}: {command.strip().splitlines()[0] if command.strip() else ''}")
            print(out, end="" if out.endswith("\n") else "\n")
        if block.expected is None:
            return
        self.compared += 1
        if not matches(block.expected, out):
            self.fail(block, "printed something else than the document shows", command,
                      block.expected, out)

    def fragment(self, block, env, d):
        """Lua that is part of a larger declaration: compiled (as statements, or as the fields
        of a table), not run."""
        reason = block.directive("fragment")
        self.fragments.append(f"{block.where()}: {reason}")
        chunk = block.text
        check = ("local s = io.read('a')\n"
                 "if load(s, '=fragment', 't') or load('return {\\n' .. s .. '\\n}', '=fragment', 't')\n"
                 "then os.exit(0) end\nlocal _, e = load(s, '=fragment', 't'); io.stderr:write(e, '\\n'); os.exit(1)\n")
        rc, out = self.run_proc(["lua5.4", "-e", check], env, d, chunk)
        if rc != 0:
            self.fail(block, "the fragment does not compile", None, actual=out)

    def excerpt(self, block):
        """A block quoting a file of the source tree: its lines must be there, in one run and
        in order (indentation aside; a `...` line skips lines), so the quotation cannot drift
        from the file."""
        name = block.directive("excerpt")
        path = os.path.join(self.source, name)
        self.excerpts += 1
        if not os.path.isfile(path):
            self.fail(block, f"the excerpt's file {name} does not exist", None)
            return
        with open(path, encoding="utf-8") as f:
            have = [l.strip() for l in f.read().lstrip("\ufeff").split("\n")]
        want = [l.strip() for l in block.text.rstrip("\n").split("\n")]
        # `...` (or `…`) on a line of its own skips lines of the file, as in expected output
        pattern = re.compile(r"(?:^|(?<=\n))" + expected_regex("\n".join(want)).pattern)
        if not pattern.search("\n".join(have) + "\n"):
            first = next((l for l in want if l not in WILD_LINE), "")
            near = next((k for k, l in enumerate(have) if l == first), None)
            self.fail(block, f"these lines are not in {name} as quoted"
                      + (f" (the first one is at line {near + 1})" if near is not None
                         else " (not even the first one)"), None,
                      "\n".join(want), "\n".join(have[near:near + len(want)]) if near is not None else "")

    def run_document(self, rel):
        path = os.path.join(self.source, rel)
        blocks = parse(path, rel)
        name = re.sub(r"[^A-Za-z0-9_-]", "_", rel)
        d, env = self.setup_dir(name)
        # an output block belongs to the runnable block right before it, in the same section
        for k, b in enumerate(blocks):
            if b.lang in OUTPUT_LANGS and k > 0 and not b.directives \
                    and b.section == blocks[k - 1].section \
                    and self.is_runnable(blocks[k - 1]) and blocks[k - 1].expected is None:
                blocks[k - 1].expected, blocks[k - 1].expected_line = b.text, b.line
                b.lang = "(output)"
        for b in blocks:
            if b.directive("fresh") is not None:
                d, env = self.setup_dir(name)
            if b.has("skip"):
                self.skips.append(f"{b.where()}: {b.directive('skip')}")
            elif b.lang == "(output)":
                pass
            elif b.has("fragment"):
                self.fragment(b, env, d)
            elif b.has("excerpt"):
                self.excerpt(b)
            elif b.has("with"):
                self.run_with(b, env, d, b.directive("with"), b.directive("file") or
                              f"example-{b.line}.{b.lang or 'txt'}")
            elif b.has("file"):
                target = os.path.join(d, b.directive("file"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "w", encoding="utf-8") as f:
                    f.write(b.text)
                self.files += 1
            elif b.lang in ("sh", "bash", "shell"):
                self.run_sh(b, env, d)
            elif b.lang == "console":
                self.run_console(b, env, d)
            elif b.lang == "lua":
                self.run_lua(b, env, d)
            elif b.lang in OUTPUT_LANGS:
                self.texts.append(b.where())
            else:
                self.fail(b, f"a ```{b.lang} block cannot run here: give it a way to run "
                          f"(<!-- doctest: with COMMAND -->) or say why it cannot "
                          f"(<!-- doctest: skip — why -->)", None)
        return len(blocks)

    @staticmethod
    def is_runnable(b):
        if b.has("skip") or b.has("fragment") or b.has("excerpt"):
            return False
        if b.has("with"):
            return True
        if b.has("file"):
            return False
        return b.lang in RUN_LANGS and b.lang != "console"


def documents(source, names):
    if names:
        return names
    docs = sorted(f for f in os.listdir(os.path.join(source, "docs")) if f.endswith(".md"))
    return ["README.md"] + [f"docs/{f}" for f in docs]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qufa", required=True)
    ap.add_argument("--module", required=True, help="the built qufa.so")
    ap.add_argument("--source", required=True)
    ap.add_argument("--pkgconfig", help="the folder of qufa-uninstalled.pc (C examples)")
    ap.add_argument("--stock-lua-env", action="append", default=[], metavar="NAME=VALUE",
                    help="environment for stock lua5.4 (the sanitizer runtimes)")
    ap.add_argument("--keep", help="work in this folder and keep it (to look at a failure)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--show", action="store_true",
                    help="print what each block printed (to write its expected output)")
    ap.add_argument("files", nargs="*", help="documents, relative to the source tree")
    args = ap.parse_args()
    t0 = time.monotonic()
    r = Runner(args)
    total = 0
    try:
        for rel in documents(r.source, args.files):
            t = time.monotonic()
            n = r.run_document(rel)
            total += n
            if args.verbose:
                print(f"doctest: {rel}: {n} blocks, {time.monotonic() - t:.1f} s")
    except DocError as e:
        print(f"doctest: {e}")
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(r.work, ignore_errors=True)
    for f in r.failures:
        print("FAIL " + f + "\n")
    print(f"doctest: {total} blocks: {r.ran} runs ({r.compared} with expected output), "
          f"{r.files} files written, {r.excerpts} excerpts found, "
          f"{len(r.fragments)} fragments compiled, "
          f"{len(r.texts)} text blocks, {len(r.skips)} skipped; {len(r.failures)} failed; "
          f"demo {r.demo_seconds:.1f} s, all {time.monotonic() - t0:.1f} s")
    for s in r.skips:
        print("  skipped  " + s)
    for s in r.fragments:
        print("  fragment " + s)
    if args.verbose:
        for s in r.texts:
            print("  text     " + s)
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
