"""Reads an iCalendar file written by `qufa remind --ics` with python3-icalendar (run with the
system python: /usr/bin/python3) and checks what a calendar application relies on: CRLF lines
of at most 75 octets, one VCALENDAR with VERSION and PRODID, and for each VTODO a UID (unique),
DTSTAMP, SEQUENCE, SUMMARY, a DUE day, a STATUS, and VALARMs with ACTION, TRIGGER and
DESCRIPTION. Prints one line per task, ordered by its qufa key:
    KEY UID STATUS SEQUENCE DUE ALARMS
Exit status 1 with the reason on a problem."""
import sys

from icalendar import Calendar


def fail(msg):
    print("check_ics: " + msg, file=sys.stderr)
    sys.exit(1)


def main(path):
    raw = open(path, "rb").read()
    if not raw.startswith(b"BEGIN:VCALENDAR\r\n"):
        fail("does not start with BEGIN:VCALENDAR and CRLF")
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if b"\n" in line:
            fail("line %d: a bare LF" % n)
        if len(line) > 75:
            fail("line %d: %d octets (at most 75)" % (n, len(line)))
    cal = Calendar.from_ical(raw)
    if cal.name != "VCALENDAR" or str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
        fail("not a VERSION:2.0 calendar with a PRODID")
    rows, uids = [], set()
    for todo in cal.walk("VTODO"):
        for prop in ("UID", "DTSTAMP", "SEQUENCE", "SUMMARY", "DUE", "STATUS", "X-QUFA-KEY"):
            if todo.get(prop) is None:
                fail("a VTODO without %s" % prop)
        uid = str(todo["UID"])
        if uid in uids:
            fail("UID %s appears twice" % uid)
        uids.add(uid)
        due = todo.decoded("DUE")
        if hasattr(due, "hour"):
            fail("%s: DUE is not a day" % uid)
        alarms = 0
        for alarm in todo.walk("VALARM"):
            for prop in ("ACTION", "TRIGGER", "DESCRIPTION"):
                if alarm.get(prop) is None:
                    fail("%s: a VALARM without %s" % (uid, prop))
            alarms += 1
        rows.append((str(todo["X-QUFA-KEY"]), uid, str(todo["STATUS"]), int(todo["SEQUENCE"]),
                     due.isoformat(), alarms))
    for row in sorted(rows):
        print("%s %s %s %d %s %d" % row)


if __name__ == "__main__":
    main(sys.argv[1])
