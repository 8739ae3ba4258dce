# shellcheck shell=bash
# Shared by tests/cli/test_*.sh: sourced with the qufa executable as $1. Each test runs in a
# fresh temporary directory with English messages and no colour unless it asks otherwise.
set -u
export QUFA=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export QUFA_LANG=en
unset QUFA_DB NO_COLOR

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, the exit code in $rc
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

expect_rc() {
    [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc; stderr: $(cat "$T/err"); stdout: $(cat "$T/out")"
}
expect_out() {
    grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1': $(cat "$T/out")"
}
expect_err() {
    grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1': $(cat "$T/err")"
}
expect_no_err() {
    ! grep -qF -- "$1" "$T/err" || fail "stderr has '$1': $(cat "$T/err")"
}

# A digest of the database's content (schema and rows), to prove a failure wrote nothing.
content() {
    sqlite3 "$1" .dump | sha256sum
}
