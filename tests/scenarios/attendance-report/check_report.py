"""check_report.py EXPECTED OUT.xlsx OUT.csv BUILTIN.csv: the report read back (openpyxl and
csv) against the hand computation; the built-in attendance report's 全部活动 rows too."""
import csv
import sys
from fractions import Fraction

import openpyxl

exp = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        code, name, *nums, rate = line.split()
        exp.append([code, name] + [int(n) for n in nums] + [float(Fraction(rate))])
bad = []

ws = openpyxl.load_workbook(sys.argv[2]).active
rows = [list(r) for r in ws.iter_rows(values_only=True)]
if rows[0][0] != "党员出勤率" or rows[2] != ["编号", "姓名", "应到", "实到", "迟到", "缺席", "请假", "出勤率"]:
    bad.append(f"xlsx head {rows[:3]}")
body = rows[3:3 + len(exp)]
for got, want in zip(body, exp):
    if got[:7] != want[:7] or abs(got[7] - want[7]) > 1e-9:
        bad.append(f"xlsx row {got}, expected {want}")
total = rows[3 + len(exp)]
first, last = 4, 3 + len(exp)
if total != ["合计", f"=COUNTA(B{first}:B{last})"] + [f"=SUM({c}{first}:{c}{last})" for c in "CDEFG"] \
        + [f'=IFERROR(AVERAGE(H{first}:H{last}),"")']:
    bad.append(f"xlsx totals {total}")
if ws[f"H{first}"].number_format != "0.0%":
    bad.append(f"rate format {ws[f'H{first}'].number_format}")
if len(rows) != 4 + len(exp):
    bad.append(f"xlsx has {len(rows)} rows")

with open(sys.argv[3], encoding="utf-8") as f:
    c = list(csv.reader(f))
for got, want in zip(c[1:], exp):
    w = want[:2] + [str(n) for n in want[2:7]] + [f"{want[7] * 100:.1f}%"]
    if got != w:
        bad.append(f"csv row {got}, expected {w}")
# totals by hand: 36 expected, 28 present, 1 late, 4 absent, 4 on leave; mean rate 73.3 %
if c[len(exp) + 1] != ["合计", "8", "36", "28", "1", "4", "4", "73.3%"]:
    bad.append(f"csv totals {c[len(exp) + 1]}")

with open(sys.argv[4], encoding="utf-8") as f:
    b = [r for r in csv.reader(f) if r and r[0] == "全部活动"]
byname = {r[1]: r for r in b}
for want in exp:
    r = byname.get(want[1])
    w = [str(want[2]), str(want[3]), str(want[5]), str(want[6]), f"{want[7] * 100:.1f}%"]
    if r is None or r[3:8] != w:
        bad.append(f"built-in {want[1]}: {r}, expected {w}")
if byname.get("合计", [])[3:8] != ["36", "28", "4", "4", "73.3%"]:
    bad.append(f"built-in totals {byname.get('合计')}")
if bad:
    print("\n".join(bad))
sys.exit(1 if bad else 0)
