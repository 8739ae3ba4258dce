#!/bin/bash
# One counting model (docs/counting.md): for every activity of the demo, the ledger (read with
# openpyxl), `qufa activities`, the sign-in sheet, the minutes, the news brief and `qufa check`
# show the counts the model gives (counts_agree.py says what it compares).
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/lib.sh
. "$HERE/lib.sh"
run "$QUFA" demo
expect_rc 0
/usr/bin/python3 "$HERE/counts_agree.py" "$QUFA" qufa-demo.db || fail "the outputs disagree"
echo "ok"
