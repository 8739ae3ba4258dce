#!/bin/bash
# docs/reports.md: its example report runs as written and prints what the guide shows.
# Usage: test_guide.sh QUFA SOURCE_DIR
# shellcheck source=tests/reports/lib.sh
. "$(dirname "$0")/lib.sh"
GUIDE=$2/docs/reports.md
T=$(mktemp -d)
trap 'drop_pg; rm -rf "$T"' EXIT
cd "$T" || exit 1
make_fixture f.db
export QUFA_LANG=zh NO_COLOR=1
# the fenced block after the marker line
block() {
    awk -v marker="<!-- test: $1 -->" '
        $0 == marker { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$GUIDE"
}
block talks.lua >example.lua
block output >expected.txt
if [ ! -s example.lua ] || [ ! -s expected.txt ]; then fail "the guide's example is missing"; fi
"$QUFA" --db f.db --today 2017-09-05 report example.lua --org gy1 --period 2017 >got.txt ||
    fail "the example failed"
cmp -s expected.txt got.txt || fail "the guide shows other output:
$(diff expected.txt got.txt)"
"$QUFA" --db f.db --today 2017-09-05 report example.lua --org gy1 --period 2017 -o talks.html ||
    fail "html"
grep -q 'aria-label="各期实到人数"' talks.html || fail "the example's chart"
[ "$(grep -c '<rect class="bar"' talks.html)" -eq 3 ] || fail "three bars"
"$QUFA" --db f.db report list | grep -q "^score " || fail "list"
"$QUFA" --db f.db report show score-items | cmp -s - "$2/scripts/reports/score-items.lua" ||
    fail "show score-items"
echo "ok"
