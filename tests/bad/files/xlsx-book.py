#!/usr/bin/python3
"""Writes to standard output one of the bad workbooks of the corpus (tests/bad/cases.txt),
named by its first argument; the xlsx-*.sh generators call it."""
import io
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def cell(ref, value):
    if isinstance(value, tuple):  # (raw XML attributes, raw value)
        return '<c r="%s" %s><v>%s</v></c>' % (ref, value[0], value[1])
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value)


def book(rows, sheet_xml=None):
    """A workbook with one sheet "Sheet1": a members header and `rows` (lists of cells)."""
    header = ["name", "gender", "birth_date", "status", "since", "org"]
    xml = []
    for r, cells in enumerate([header] + rows, 1):
        xml.append('<row r="%d">%s</row>' % (r, "".join(
            cell("%s%d" % ("ABCDEF"[i], r), v) for i, v in enumerate(cells))))
    sheet = sheet_xml or ('<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>'
                          % (MAIN, "".join(xml)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL))
        z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet '
                   'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % (MAIN, REL))
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s"><Relationship '
                   'Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
                   'Id="rId2" Type="%s/styles" Target="styles.xml"/></Relationships>'
                   % (PKG, REL, REL))
        z.writestr("xl/styles.xml", '<styleSheet xmlns="%s"><cellXfs><xf numFmtId="0"/>'
                   '<xf numFmtId="14"/></cellXfs></styleSheet>' % MAIN)
        if callable(sheet):
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                sheet(f)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet.encode("utf-8")
                       if isinstance(sheet, str) else sheet)
    return out.getvalue()


def bomb(f):
    """260 MiB of blanks in the sheet: a few hundred kilobytes compressed."""
    f.write(('<worksheet xmlns="%s"><sheetData>' % MAIN).encode())
    blanks = b" " * (1 << 20)
    for _ in range(260):
        f.write(blanks)
    f.write(b"</sheetData></worksheet>")


ROW = ["张三", "男", "1980-02-28", "full", "2010-07-01", "gy1"]
kind = sys.argv[1]
if kind == "bad-date":
    data = book([ROW[:2] + ["1980-02-30"] + ROW[3:]])
elif kind == "bad-serial":
    data = book([ROW[:2] + [('s="1"', "60")] + ROW[3:]])
elif kind == "error-cell":
    data = book([ROW[:1] + [('t="e"', "#N/A")] + ROW[2:]])
elif kind == "bad-utf8":  # 张 and a byte that is no UTF-8 in the name
    good = book([["XX"] + ROW[1:]])
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").replace(b"<t>XX</t>", b"<t>\xe5\xbc\xa0\xff</t>")
    data = book([], sheet_xml=sheet)
elif kind == "outside-grid":
    data = book([ROW], sheet_xml='<worksheet xmlns="%s"><sheetData><row r="2"><c r="XFE2"><v>1'
                '</v></c></row></sheetData></worksheet>' % MAIN)
elif kind == "no-workbook":
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "a zip, and nothing of a workbook in it")
    data = out.getvalue()
elif kind == "bomb":
    data = book([], sheet_xml=bomb)
else:
    raise SystemExit("xlsx-book.py: unknown kind " + kind)
sys.stdout.buffer.write(data)
