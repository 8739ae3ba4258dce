"""check_ics.py FILE.ics: the calendar file read back with python3-icalendar."""
import datetime as dt
import sys

import icalendar

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
D = dt.date
expected = {  # key: (due, status, alarm days at 09:00)
    "check/ZB1-DSB/4.2#1/activity:6": (D(2025, 12, 5), "NEEDS-ACTION",
                                       [D(2025, 12, 2), D(2025, 12, 4), D(2025, 12, 5)]),
    "custom/absent_reading/member:5": (D(2025, 12, 5), "NEEDS-ACTION", [D(2025, 12, 5)]),
    "exemption/zb1-profile/ZB1-DSB/4.6/2025-12-31": (D(2025, 12, 31), "NEEDS-ACTION",
                                                     [D(2025, 12, 1), D(2025, 12, 24), D(2025, 12, 31)]),
    # acknowledged: in progress, no more alarms
    "probation/member:6/2024-12-20": (D(2025, 12, 20), "IN-PROCESS", []),
}
bad = []
todos = {str(t["X-QUFA-KEY"]): t for t in cal.walk("VTODO")}
if set(todos) != set(expected):
    bad.append(f"tasks {sorted(todos)}")
uids = set()
for key, (due, status, alarms) in expected.items():
    t = todos.get(key)
    if t is None:
        continue
    uids.add(str(t["UID"]))
    if t["DUE"].dt != due or str(t["STATUS"]) != status:
        bad.append(f"{key}: due {t['DUE'].dt} status {t['STATUS']}")
    start = dt.datetime.combine(due, dt.time())
    got = sorted(start + a["TRIGGER"].dt for a in t.walk("VALARM"))
    want = [dt.datetime.combine(d, dt.time(9)) for d in alarms]
    if got != want:
        bad.append(f"{key}: alarms {got}, expected {want}")
    if key.startswith("probation") and int(t["SEQUENCE"]) != 2:
        bad.append(f"{key}: SEQUENCE {t['SEQUENCE']}, expected 2 (acknowledged)")
if len(uids) != 4:
    bad.append("UIDs are not distinct")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
