# shellcheck shell=bash
# lib.sh: sourced by the scenarios' run.sh. Defines q (qufa on $WORK/scen.db), PY, fail,
# seed (builds the common branch) and WORK (a scratch directory, removed on exit).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 /path/to/qufa" >&2; exit 2; }
QUFA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
COMMON=$(cd "$HERE/../common" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qufa-scen.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
# on PostgreSQL (QUFA_TEST_DB_URL set) qufa runs on a database of the server standing for
# scen.db (tests/pg_qufa.sh), the scenario unchanged
if [ -n "${QUFA_TEST_DB_URL:-}" ]; then
  # shellcheck source=tests/pg_lib.sh
  . "$COMMON/../../pg_lib.sh"
  pg_wrap "$QUFA" "$COMMON/../.."
  trap 'pg_drop_mapped; rm -rf "$WORK"' EXIT
fi
export QUFA_LANG=zh
export PY=/usr/bin/python3
q() { "$QUFA" --db "$WORK/scen.db" --as 王明 "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
seed() {
  q --today 2026-01-15 init > /dev/null
  q --today 2026-01-15 run "$COMMON/seed.lua"
  q --today 2026-01-15 import activities "$COMMON/activities.csv" > /dev/null
  q --today 2026-01-15 run "$COMMON/artifacts.lua"
}
