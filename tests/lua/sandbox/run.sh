#!/bin/sh
# Runs one restricted-mode test: `qufa run --restricted FILE` against a database holding one
# committee. The file's first line says what must happen:
#   -- expect: ok                  exit 0 and "ok" printed
#   -- expect: fail TEXT           exit 2, TEXT in the error output, and no crash
# Each run is bounded by `timeout` (never expected to fire) so a sandbox that fails to stop a script fails the test
# instead of hanging it.
set -u
qufa=$1
test=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export QUFA_LANG=en
"$qufa" --db "$dir/t.db" init >/dev/null || exit 1
printf 'db:add_org{kind="committee", code="jg", name="机关党委"}\n' >"$dir/setup.lua"
"$qufa" --db "$dir/t.db" run "$dir/setup.lua" || exit 1

expect=$(head -n 1 "$test" | sed -n 's/^-- expect: //p')
# A test that must succeed or meet the memory cap is about what the code does, not how fast:
# on a loaded machine (or under ASan) the 10 s wall-time limit could come first, so it gets
# an hour (QUFA_TIME_LIMIT); the loops keep the default, whose limits they are about.
case $expect in
ok | fail\ memory*) export QUFA_TIME_LIMIT=3600 ;;
esac
timeout 110 "$qufa" --db "$dir/t.db" run --restricted "$test" >"$dir/out" 2>"$dir/err"
rc=$?
case $expect in
ok)
    if [ $rc -ne 0 ] || ! grep -q '^ok$' "$dir/out"; then
        echo "FAIL: $test: expected success, got exit $rc"; cat "$dir/out" "$dir/err"; exit 1
    fi ;;
fail\ *)
    text=${expect#fail }
    if [ $rc -ne 2 ]; then
        echo "FAIL: $test: expected exit 2, got $rc"; cat "$dir/out" "$dir/err"; exit 1
    fi
    if ! grep -qF -- "$text" "$dir/err"; then
        echo "FAIL: $test: error output lacks '$text'"; cat "$dir/err"; exit 1
    fi ;;
*)
    echo "FAIL: $test: no '-- expect:' line"; exit 1 ;;
esac
# the database must be untouched and intact whatever the script did
"$qufa" --db "$dir/t.db" audit verify >/dev/null || { echo "FAIL: audit after $test"; exit 1; }
echo "pass: $test"
