#!/bin/bash
# docs/reports.md: its example report draws its chart in HTML; the built-in reports are listed
# and shown.
# Usage: test_guide.sh QUFA SOURCE_DIR
# shellcheck source=tests/reports/lib.sh
. "$(dirname "$0")/lib.sh"
GUIDE=$2/docs/reports.md
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
make_fixture f.db
export QUFA_LANG=zh NO_COLOR=1
# the guide's report, the ```lua block saved as talks.lua (its output on the demo database is
# compared by the doc-test harness, tests/docs/doctest.py); here: its HTML chart
awk '$0 == "<!-- doctest: file talks.lua -->" { found = 1; next }
     found && /^```/ { if (inside) exit; inside = 1; next }
     inside { print }' "$GUIDE" >example.lua
[ -s example.lua ] || fail "the guide's example is missing"
"$QUFA" --db f.db --today 2017-09-05 report example.lua --org gy1 --period 2017 >got.txt ||
    fail "the example failed"
grep -q "^合计  *3 " got.txt || fail "three talks in the fixture: $(cat got.txt)"
"$QUFA" --db f.db --today 2017-09-05 report example.lua --org gy1 --period 2017 -o talks.html ||
    fail "html"
grep -q 'aria-label="各期实到人数"' talks.html || fail "the example's chart"
[ "$(grep -c '<rect class="bar"' talks.html)" -eq 3 ] || fail "three bars"
"$QUFA" --db f.db report list | grep -q "^score " || fail "list"
"$QUFA" --db f.db report show score-items | cmp -s - "$2/scripts/reports/score-items.lua" ||
    fail "show score-items"
echo "ok"
