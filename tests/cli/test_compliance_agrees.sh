#!/bin/bash
# The compliance report's counts are `qufa check`'s and the attendance report's: on the demo,
# and on a generated deployment of four branches under one committee (compliance_gen.lua), for
# the committee and each new branch (compliance_agrees.py says what it compares).
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/lib.sh
. "$HERE/lib.sh"
run "$QUFA" demo
expect_rc 0
agrees() {
    /usr/bin/python3 "$HERE/compliance_agrees.py" "$QUFA" qufa-demo.db "$1" "$2" ||
        fail "the compliance report disagrees for $1 $2"
}
agrees gy1 2017
agrees gy1 2017-Q2
run "$QUFA" --db qufa-demo.db run "$HERE/compliance_gen.lua"
expect_rc 0
for org in jg gen2 gen3 gen4; do agrees "$org" 2017; done
echo "ok"
