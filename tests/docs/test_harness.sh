#!/bin/bash
# The doc-test harness itself: a document whose every block passes (every directive and rule
# of docs/internals.md, "Examples in the documentation"), one whose blocks each fail their own
# way and must be reported with file:line, and malformed documents that stop the run.
# Usage: test_harness.sh QUFA MODULE
set -u
here=$(cd "$(dirname "$0")" && pwd)
qufa=$1
module=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() {
    echo "FAIL: $*"
    cat "$out"
    exit 1
}
run() {
    /usr/bin/python3 "$here/doctest.py" --qufa "$qufa" --module "$module" \
        --source "$here/fixtures" "$@" >"$out" 2>&1
}
has() {
    grep -qF -- "$1" "$out" || fail "the report lacks: $1"
}

run docs/good.md || fail "good.md: every block should pass"
has "doctest: 30 blocks: 16 runs (13 with expected output), 1 files written, 1 excerpts found, 1 fragments compiled, 2 text blocks, 1 skipped; 0 failed"
has "skipped  docs/good.md:145: shows a command that must not run here; with a reason"
has "fragment docs/good.md:140: a field of a larger table"

run docs/bad.md && fail "bad.md: its blocks fail"
[ "$(grep -c '^FAIL ' "$out")" -eq 8 ] || fail "eight failures expected"
has "FAIL docs/bad.md:3: exit status 2 at docs/bad.md:5: qufa nosuchcommand"
has "FAIL docs/bad.md:9: printed something else than the document shows"
has "expected vs actual (expected at docs/bad.md:13):"
has "-expected"
has "+actual"
has "FAIL docs/bad.md:17: '\$ echo one' (line 18) printed something else"
has "FAIL docs/bad.md:22: exit status 2 (example-22.lua:N is line 22+N of docs/bad.md)"
has "example-22.lua:1: boom"
has "FAIL docs/bad.md:27: these lines are not in quoted.txt as quoted (the first one is at line 1)"
has "FAIL docs/bad.md:32: a \`\`\`python block cannot run here"
has "FAIL docs/bad.md:37: exit status 0, the document says 2"
has "FAIL docs/bad.md:42: the fragment does not compile"
has "; 8 failed;"

run docs/malformed.md && fail "malformed.md: a directive with a typo stops the run"
has "doctest: docs/malformed.md:3: unknown doctest directive 'skp'"
run docs/unclosed.md && fail "unclosed.md: an unclosed block stops the run"
has "doctest: docs/unclosed.md:3: the fenced block is never closed"
echo "ok"
