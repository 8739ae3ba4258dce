#!/usr/bin/python3
"""Reads the workbooks written by test_reports.sh back with openpyxl, an independent reader:
the ledger has one sheet per activity kind with real dates, attendance, the evidence dates and
"缺" where a standard's evidence is missing, and live totals; the compliance workbook has its
matrix, findings and chart data as sheets; the roster is masked; attendance has one sheet for
all activities and one per kind.  Usage: check_xlsx.py OUTDIR  (Debian's python3-openpyxl)"""
import datetime
import os
import sys

import openpyxl


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


out = sys.argv[1]

# --- the ledger: one sheet per kind of activity ----------------------------------------------
wb = openpyxl.load_workbook(os.path.join(out, "ledger.xlsx"))
kinds = ["支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "半月谈"]
check(wb.sheetnames == kinds, "one sheet per activity kind, in the usual order: %r" % wb.sheetnames)
for name in kinds:
    ws = wb[name]
    check(ws["A1"].value == "活动台账" and ws["A2"].value == "工业标准一部党支部　2017年"
          and ws["A3"].value == name, "%s: title, subtitle and kind on top" % name)
    check(ws.freeze_panes == "A5", "%s: header frozen" % name)
    header = [c.value for c in ws[4]]
    # general meetings show who had voting rights after the rate (docs/counting.md)
    voting = ["有表决权应到", "有表决权实到"] if name == "支部党员大会" else []
    want = ["序号", "日期", "时间", "名称", "主题", "地点", "主持人", "主讲人", "应到", "实到",
            "出席率"] + voting + ["缺席（原因）", "列席", "嘉宾"]
    check(header[:len(want)] == want, "%s: the ledger's columns: %r" % (name, header[:len(want)]))

ws = wb["支部委员会"]
check([c.value for c in ws[4]][14:] == ["会议记录"], "committee meetings: minutes column only")
rows = list(ws.iter_rows(min_row=5, max_row=10, values_only=True))
check(len(rows) == 6 and all(isinstance(r[1], datetime.datetime) for r in rows),
      "six committee meetings with real dates")
check(ws["B5"].number_format == "yyyy-mm-dd" and ws["B5"].value.date() == datetime.date(2017, 1, 10),
      "first meeting 2017-01-10")
check([r[14] for r in rows] == ["1月10日", "2月14日", "缺", "5月9日", "7月11日", "缺"],
      "minutes dated, missing ones marked: %r" % [r[14] for r in rows])
check(ws["A11"].value == "合计" and ws["D11"].value == "=COUNTA(D5:D10)"
      and ws["I11"].value == "=SUM(I5:I10)" and ws["K11"].value == '=IFERROR(AVERAGE(K5:K10),"")',
      "totals row with live formulas")

ws = wb["党课"]
header = [c.value for c in ws[4]]
check(header[14:] == ["会议通知", "课件", "会议记录", "照片", "简讯"],
      "lectures: the evidence in the order of an activity's life: %r" % header[14:])
check(ws["H5"].value == "张建国" and ws["H6"].value == "王志强", "lecturers")
check(ws["L5"].value == "王志强（请假：病假）", "absence with its reason")
check(ws["N5"].value == "孙处长（机关党委）", "guest with affiliation")
check(ws["S6"].value == "缺" and ws["S5"].value == "5月12日", "news missing for the second lecture")
check(ws["J5"].value == 7 and ws["I5"].value == 8 and abs(ws["K5"].value - 7 / 8) < 1e-9
      and ws["K5"].number_format == "0.0%", "attendance 7 of 8 as a percent")

ws = wb["半月谈"]
check(ws["N5"].value == "林教授（某标准化研究院）", "the expert of the first talk")
check(ws["P7"].value == "缺", "the third talk has no invitation")
dates = [ws.cell(row=r, column=2).value for r in range(5, 8)]
check(all(isinstance(d, datetime.datetime) and d < datetime.datetime(2017, 9, 5) for d in dates)
      and ws["A8"].value == "合计" and str(ws["A10"].value).startswith("截至2017-09-05"),
      "three talks held so far (the one on 9-13 is still to come), totals, notes")

# --- compliance: matrix, findings and chart data as sheets -------------------------------------
wb = openpyxl.load_workbook(os.path.join(out, "compliance.xlsx"))
check(wb.sheetnames == ["条款逐月执行情况", "不符合项", "各月执行情况", "党员出勤", "各类活动次数"],
      "compliance sheets: %r" % wb.sheetnames)
ws = wb["条款逐月执行情况"]
header = [c.value for c in ws[4]]
check(header[:3] == ["标准", "条款", "要求"] and header[3:15] == ["%d月" % m for m in range(1, 13)]
      and header[15:] == ["符合", "不符合", "建议项", "进行中"], "matrix: clauses by twelve months")
row = [c.value for c in ws[5]]
check(row[:3] == ["T-BYT", "4.1", "每月至少开展一次半月谈。"] and row[3] == "✗" and row[5] == "✓"
      and row[11] == "…", "half-monthly talks: January failed, March met, September open")
totals = [c.value for c in ws[14]]
check(totals[0] == "合计" and totals[15] == "=SUM(P5:P13)", "matrix totals")
ws = wb["不符合项"]
check([c.value for c in ws[4]] == ["标准", "条款", "期间或活动", "状态", "情况", "责任人"],
      "findings sheet has its own columns")
check(ws.max_row >= 18 and ws["D5"].value == "不符合", "14 findings listed")
ws = wb["党员出勤"]
check(ws["A5"].value == "张建国" and ws["D5"].number_format == "0.0%", "attendance per member")

# --- the roster is masked --------------------------------------------------------------------
wb = openpyxl.load_workbook(os.path.join(out, "members.xlsx"))
ws = wb.active
cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
check(not any("13901012345" in c or "110101196804120011" in c or "1968-04-12" in c
              for c in cells), "no personal data in the clear")
check("139****2345" in cells and "1968-**-**" in cells, "masked phone and birth date")

# --- attendance: all activities, then one sheet per kind ---------------------------------------
wb = openpyxl.load_workbook(os.path.join(out, "attendance.xlsx"))
check(wb.sheetnames[0] == "全部活动" and "半月谈" in wb.sheetnames, "attendance sheets")
print("all checks passed")
