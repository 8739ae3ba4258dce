#!/usr/bin/python3
"""Reads every sheet of a workbook with openpyxl (an independent reader) and with qufa's
(qufa_xlsx_dump), and checks that both see the same cells: the text of each string, numbers
as 15 significant digits, date cells as YYYY-MM-DD (with the time when the cell's format
shows one), booleans as TRUE/FALSE, formulas by their cached value.
Usage: check_reader.py QUFA_XLSX_DUMP FILE.xlsx..."""
import datetime
import re
import subprocess
import sys

import openpyxl


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), s)


def shows_time(fmt):
    """Does a number format show hours, minutes or seconds? (quoted text removed)"""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.lower())
    return "h" in plain or "s" in plain or "am/pm" in plain


def shows_date(fmt):
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.lower())
    return any(c in plain for c in "ydm") and not re.fullmatch(r"[^yd]*h+[^yd]*:m+[^yd]*", plain)


def clock(t):
    if t.second:
        return "%02d:%02d:%02d" % (t.hour, t.minute, t.second)
    return "%02d:%02d" % (t.hour, t.minute)


def text(cell):
    v = cell.value
    if v is None:
        return None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str):
        return v if v != "" else None
    if isinstance(v, (int, float)):
        return "%.15g" % v if v != 0 else "0"
    if isinstance(v, datetime.datetime):
        fmt = cell.number_format
        parts = []
        if shows_date(fmt):
            parts.append(v.strftime("%Y-%m-%d"))
        if shows_time(fmt):
            parts.append(clock(v))
        return " ".join(parts)
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, datetime.time):
        return clock(v)
    raise SystemExit("FAIL: %s: a %s value the test does not know" % (cell.coordinate, type(v)))


def openpyxl_rows(ws):
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            t = text(c)
            if t is not None:
                cells.append((c.column_letter, t))
        if cells:
            rows.append((row[0].row, cells))
    return rows


def qufa_rows(dump, path, sheet):
    out = subprocess.run([dump, path, sheet], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("FAIL: %s %s: %s" % (path, sheet, out.stderr))
    lines = out.stdout.rstrip("\n").split("\n")
    head = lines[0].split("\t")
    if head[1] != sheet:
        raise SystemExit("FAIL: asked for sheet %r, read %r" % (sheet, head[1]))
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        cells = []
        for f in fields[1:]:
            m = re.match(r"([A-Z]+)([=!])(.*)$", f)
            if m.group(2) == "!":
                raise SystemExit("FAIL: %s %s row %s: %s%s has a problem: %s"
                                 % (path, sheet, fields[0], m.group(1), fields[0], m.group(3)))
            cells.append((m.group(1), unescape(m.group(3))))
        rows.append((int(fields[0]), cells))
    if int(head[2]) != len(rows):
        raise SystemExit("FAIL: %s: %s rows announced, %d read" % (path, head[2], len(rows)))
    return rows


dump = sys.argv[1]
for path in sys.argv[2:]:
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        want = openpyxl_rows(ws)
        got = qufa_rows(dump, path, ws.title)
        if want != got:
            for w, g in zip(want + [None] * len(got), got + [None] * len(want)):
                if w != g:
                    raise SystemExit("FAIL: %s sheet %s:\n openpyxl: %r\n qufa:     %r"
                                     % (path, ws.title, w, g))
        print("ok: %s, sheet %s: %d rows, %d cells alike" % (path, ws.title, len(got),
                                                          sum(len(c) for _r, c in got)))
