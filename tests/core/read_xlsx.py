#!/usr/bin/python3
"""Reads the sample workbook written by test_table (table__xlsx_sample_for_openpyxl) with
openpyxl, an independent XLSX reader, and checks what Excel users rely on: sheet names,
the header and its frozen pane, real dates, number formats, Chinese text, totals formulas,
column widths that fit Chinese text, and the header repeated on printed pages.
Run with Debian's python (python3-openpyxl): /usr/bin/python3 read_xlsx.py FILE.xlsx"""
import datetime
import sys
import unicodedata

import openpyxl


def width(s):
    """Display width: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


wb = openpyxl.load_workbook(sys.argv[1])
check(wb.sheetnames == ["支部党员大会", "党课", "考核_评议_ _2017___", "党课 (2)"],
      "sheet names sanitised and unique: %r" % wb.sheetnames)

ws = wb["支部党员大会"]
check(ws["A1"].value == "工业标准一部党支部 活动台账", "title in A1")
check(ws["A2"].value == "2017年第三季度 | Q3 2017", "subtitle in A2")
check(ws["A3"].value == "支部党员大会", "section name in A3")
header = [c.value for c in ws[4]]
check(header == ["日期", "主题", "主讲人", "应到", "实到", "出席率", "有记录"],
      "header row 4: %r" % header)
check(ws["A4"].font.b and ws["A4"].fill.fgColor.rgb.endswith("DDEBF7")
      and ws["A4"].border.bottom.style == "thin", "header bold, filled, bordered")
check(ws.freeze_panes == "A5", "frozen below the header (%s)" % ws.freeze_panes)
check(ws.print_title_rows == "4:4" or ws.print_title_rows == "$4:$4",
      "header repeated on printed pages (%s)" % ws.print_title_rows)

date = ws["A5"]
check(isinstance(date.value, datetime.datetime) and date.value.date() == datetime.date(2017, 7, 6)
      and date.is_date and date.number_format == "yyyy-mm-dd",
      "A5 is a real date shown yyyy-mm-dd (%r, %s)" % (date.value, date.number_format))
check(ws["B5"].value == "学习《支部工作条例》", "Chinese text in B5")
check(ws["D5"].value == 15 and ws["D5"].data_type == "n", "integer cell D5")
rate = ws["F5"]
check(abs(rate.value - 14 / 15) < 1e-9 and rate.number_format == "0.0%",
      "percent cell F5 (%r, %s)" % (rate.value, rate.number_format))
check(ws["G7"].value == "no", "bool cell G7 shown as text")
check(ws["A8"].value == "Total" and ws["A8"].font.b, "totals label A8")
check(ws["D8"].value == "=SUM(D5:D7)", "sum formula D8 (%r)" % ws["D8"].value)
check(ws["F8"].value == '=IFERROR(AVERAGE(F5:F7),"")', "average formula F8")
check(ws["G8"].value == '=COUNTIF(G5:G7,"yes")', "count of true cells G8")
check(ws["C8"].value == "=COUNTA(C5:C7)", "count of text cells C8")

longest = max(width(ws.cell(row=r, column=2).value) for r in range(4, 8))
b = ws.column_dimensions["B"].width
check(b >= longest, "column B (%.1f) fits its longest text (%d columns)" % (b, longest))
check(ws.column_dimensions["A"].width >= 10, "date column fits yyyy-mm-dd")

lec = wb["党课"]
check(lec["B5"].value == "半月谈：标准体系\n第八期" and lec["B5"].alignment.wrap_text,
      "line break kept and wrapped")
check(lec["C6"].value is None, "empty cell stays empty")
check(lec["E7"].value == "=SUM(E5:E6)", "totals per sheet")

empty = wb["党课 (2)"]
check(empty["D5"].value == 0 and empty["A5"].value == "Total",
      "a section without rows gets static zero totals")
print("all checks passed")
