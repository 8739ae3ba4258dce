#!/bin/bash
# libpq and libical are opened when first used (core/src/base/dynlib.h): a command on a
# database file loads neither (nor ICU, which libical brings); a calendar export loads libical
# and writes the calendar; a postgresql:// URL loads libpq. The dynamic loader says what it
# loads (LD_DEBUG=libs, on stderr).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

"$QUFA" demo >/dev/null || fail "demo"
loaded() { grep -c "find library=$1" "$T/err"; }

LD_DEBUG=libs run "$QUFA" --db qufa-demo.db --today 2017-09-05 members
expect_rc 0
expect_out "张建国"
if on_sqlite; then
    [ "$(loaded 'libpq[.]so')" = 0 ] || fail "members on a file loaded libpq"
else
    [ "$(loaded 'libpq[.]so')" -ge 1 ] || fail "members on PostgreSQL did not load libpq"
fi
[ "$(loaded 'libical[.]so')" = 0 ] || fail "members loaded libical"
[ "$(loaded 'libicuuc[.]so')" = 0 ] || fail "members loaded ICU"

LD_DEBUG=libs run "$QUFA" --db qufa-demo.db --today 2017-09-05 remind --dry-run --ics cal.ics
expect_rc 0
[ "$(loaded 'libical[.]so')" -ge 1 ] || fail "the calendar export did not load libical"
grep -q "^BEGIN:VCALENDAR" cal.ics || fail "no calendar written: $(head -3 cal.ics)"
grep -q "^BEGIN:VTODO" cal.ics || fail "no reminder in the calendar"
echo ok
