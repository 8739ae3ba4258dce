#!/usr/bin/python3
"""Writes the workbooks tests/xlsx/test_reader.sh reads with qufa_xlsx_dump, each with what
the reader must make of it:

  NAME.xlsx + NAME.expected   the dump, line for line (see tests/tools/xlsx_dump.c)
  NAME.xlsx + NAME.error      a substring of the message the open must fail with

Some are written by openpyxl (python3-openpyxl); the others are put together part by part, as
Excel, WPS and other writers lay them out (shared strings, built-in and Chinese date formats,
strict namespaces with prefixes, rich text with phonetic runs), and the rest are broken on
purpose: not a zip, an .xls, a zip without a workbook, invalid UTF-8, bad dates, error
values, a cell outside the grid, a zip bomb.
Usage: make_books.py OUTDIR"""
import datetime
import os
import re
import sys
import zipfile

import openpyxl

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def expected(name, sheet, rows):
    """rows: [(row number, [(column, text or '!problem'), ...])]"""
    with open(os.path.join(OUT, name + ".expected"), "w", encoding="utf-8") as f:
        f.write("sheet\t%s\t%d\n" % (sheet, len(rows)))
        for r, cells in rows:
            parts = [str(r)]
            for col, text in cells:
                if text.startswith("!"):
                    parts.append("%s!%s" % (col, esc(text[1:])))
                else:
                    parts.append("%s=%s" % (col, esc(text)))
            f.write("\t".join(parts) + "\n")


def error(name, text):
    with open(os.path.join(OUT, name + ".error"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def book(name, sheets, shared=None, styles=None, date1904=False, strict=False, parts=None,
         drop=()):
    """sheets: [(name, sheet XML, state)]; shared: sharedStrings XML; styles: styles XML."""
    main, rel = (STRICT_MAIN, STRICT_REL) if strict else (MAIN, REL)
    files = {}
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s"><Relationship Id="rId1" '
        'Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, rel))
    sheet_tags, rels = [], []
    for i, (sname, xml, state) in enumerate(sheets, 1):
        st = ' state="%s"' % state if state else ""
        sheet_tags.append('<x:sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (sname, i, st, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                    % (i, rel, i))
        files["xl/worksheets/sheet%d.xml" % i] = xml
    n = len(sheets)
    if shared is not None:
        rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
                    % (n + 1, rel))
        files["xl/sharedStrings.xml"] = shared
    if styles is not None:
        rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="/xl/styles.xml"/>'
                    % (n + 2, rel))
        files["xl/styles.xml"] = styles
    files["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="%s" xmlns:r="%s">'
        '<x:workbookPr%s/><x:sheets>%s</x:sheets></x:workbook>'
        % (main, rel, ' date1904="1"' if date1904 else "", "".join(sheet_tags)))
    files["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">%s</Relationships>'
        % (PKG, "".join(rels)))
    files.update(parts or {})
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    kinds = {"xl/workbook.xml": "sheet.main", "xl/sharedStrings.xml": "sharedStrings",
             "xl/styles.xml": "styles"}
    overrides = ['<Override PartName="/%s" ContentType="%s%s+xml"/>'
                 % (path, ct, kinds.get(path, "worksheet")) for path in files
                 if path in kinds or path.startswith("xl/worksheets/")]
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>%s</Types>' % "".join(overrides))
    with zipfile.ZipFile(os.path.join(OUT, name + ".xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            if path not in drop:
                z.writestr(path, data if isinstance(data, bytes) else data.encode("utf-8"))


def sheet(rows_xml, main=MAIN, prefix=""):
    """A worksheet around rows; with a prefix, every element carries it (<x:row>)."""
    xml = ('<worksheet xmlns="%s"><dimension ref="A1"/><sheetData>%s</sheetData>'
           '<mergeCells count="0"/></worksheet>' % (main, rows_xml))
    if prefix:
        xml = re.sub(r"<(/?)([A-Za-z])", r"<\1%s:\2" % prefix, xml)
        xml = xml.replace('xmlns="%s"' % main, 'xmlns:%s="%s"' % (prefix, main), 1)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml


def sst(strings):
    return ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">%s'
            '</sst>' % (MAIN, len(strings), len(strings), "".join(strings)))


# ---- written by openpyxl ---------------------------------------------------------------------

wb = openpyxl.Workbook()
hidden = wb.active
hidden.title = "说明"
hidden.sheet_state = "hidden"
hidden["A1"] = "a hidden sheet: the reader starts at the first visible one"
ws = wb.create_sheet("党员名册")
cells = [
    # (cell, value, number format or None, what the reader shows)
    ("A1", "姓名", None, "姓名"),
    ("B1", "出生日期", None, "出生日期"),
    ("C1", "入党时间", None, "入党时间"),
    ("A2", "张建国", None, "张建国"),
    ("B2", datetime.date(1968, 4, 12), "yyyy-mm-dd", "1968-04-12"),
    ("C2", datetime.datetime(2017, 9, 5, 14, 30), "yyyy-mm-dd hh:mm", "2017-09-05 14:30"),
    ("D2", datetime.time(9, 5, 30), "h:mm:ss", "09:05:30"),
    ("E2", datetime.date(2017, 1, 1), 'yyyy"年"m"月"d"日"', "2017-01-01"),
    ("F2", datetime.date(1900, 2, 28), "yyyy-mm-dd", "1900-02-28"),
    ("G2", datetime.date(1900, 3, 1), "yyyy-mm-dd", "1900-03-01"),
    ("A3", " 前后空格 ", None, " 前后空格 "),
    ("B3", "两行\n文字", None, "两行\n文字"),
    ("C3", "=不是公式", None, "=不是公式"),
    ("D3", "tab\there", None, "tab\there"),
    ("A4", 13800001001, None, "13800001001"),
    ("B4", 2.5, None, "2.5"),
    ("C4", 0.1 + 0.2, None, "0.3"),
    ("D4", 1e20, None, "1e+20"),
    ("E4", -7, None, "-7"),
    ("F4", 1 / 3, "0.00%", "0.333333333333333"),
    ("G4", True, None, "TRUE"),
    ("H4", False, None, "FALSE"),
    ("J4", "after a gap", None, "after a gap"),
    ("A6", "长" * 3000, None, "长" * 3000),
]
for ref, value, fmt, _shown in cells:
    ws[ref] = value
    if fmt:
        ws[ref].number_format = fmt
    if isinstance(value, str) and value.startswith("="):
        ws[ref].data_type = "s"  # text that looks like a formula, stored as text
ws["A8"] = None  # a row that only exists: not returned
ws["B9"] = "=1+1"  # a formula openpyxl cannot compute: no cached value, an empty cell
wb.create_sheet("Second")["B2"] = "second sheet"
wb.save(os.path.join(OUT, "openpyxl.xlsx"))
by_row = {}
for ref, _v, _f, shown in cells:
    by_row.setdefault(int(ref[1:]), []).append((ref[0], shown))
expected("openpyxl", "党员名册", sorted((r, c) for r, c in by_row.items()))

# ---- laid out as Excel and WPS write them ----------------------------------------------------

STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="%s"><numFmts count="2">'
          '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>'
          '<numFmt numFmtId="177" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>'
          '<numFmt numFmtId="178" formatCode="[Red]0.00;[Blue]\\-0.00"/>'
          '<numFmt numFmtId="179" formatCode="mm:ss"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
          '<cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/>'
          '<xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="176"/><xf numFmtId="177"/>'
          '<xf numFmtId="178"/><xf numFmtId="179"/></cellXfs></styleSheet>' % MAIN)
shared = sst([
    "<si><t>姓名</t></si>",
    "<si><t xml:space=\"preserve\"> 日期 </t></si>",
    # rich text: two runs, and a phonetic guide that is not part of the text
    "<si><r><rPr><b/></rPr><t>党</t></r><r><t>支部</t></r><rPh sb=\"0\" eb=\"1\"><t>とう</t></rPh>"
    "</si>",
    "<si><t>第一行_x000D__x000A_第二行 _x005F_x0041_ _xD800_ _x0000_</t></si>",
    "<si><t></t></si>",
    "<si><t>&lt;&amp;&gt;&quot;</t></si>",
])
rows = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" s="1"/></row>'
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>42983</v></c>'
    '<c r="C2" s="2"><v>42983</v></c><c r="D2" s="3"><v>42983.5</v></c>'
    '<c r="E2" s="4"><v>0.75</v></c><c r="F2" s="5"><v>42736</v></c>'
    '<c r="G2" s="6"><v>42736</v></c><c r="H2" s="7"><v>-1.5</v></c>'
    '<c r="I2" s="8"><v>0.5</v></c></row>'
    # cells and a row without references: they follow the previous ones
    '<row><c t="s"><v>5</v></c><c t="str"><f>A1&amp;"!"</f><v>姓名!</v></c><c><v>42</v></c>'
    '<c t="inlineStr"><is><r><t>inline </t></r><r><t>rich</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
    '<c t="d"><v>2017-09-05T14:30:00</v></c><c t="d"><v>2017-09-05T00:00:00Z</v></c>'
    '<c t="s"><v>4</v></c><c t="b"><v>0</v></c></row>'
    '<row r="5" spans="1:3"><c r="A5" s="1"/><c r="B5" t="s"/><c r="C5"><v></v></c></row>'
    '<row r="7"><c r="B7" t="e"><v>#N/A</v></c><c r="AA7" t="inlineStr"><is><t>AA</t></is></c>'
    '</row>'
    # a row without its number after a gap: its cells' references number it
    '<row><c r="C9"><v>9</v></c></row>')
book("excel_like", [("名册", sheet(rows), None)], shared=shared, styles=STYLES)
expected("excel_like", "名册", [
    (1, [("A", "姓名"), ("B", " 日期 "), ("C", "党支部")]),
    (2, [("A", "第一行\r\n第二行 _x0041_ _xD800_ _x0000_"), ("B", "2017-09-05"), ("C", "2017-09-05"),
         ("D", "2017-09-05 12:00"), ("E", "18:00"), ("F", "2017-01-01"), ("G", "2017-01-01"),
         ("H", "-1.5"), ("I", "12:00")]),
    (3, [("A", '<&>"'), ("B", "姓名!"), ("C", "42"), ("D", "inline rich"),
         ("E", "2017-09-05 14:30"), ("F", "2017-09-05"), ("H", "FALSE")]),
    (7, [("B", "!the cell holds the error #N/A"), ("AA", "AA")]),
    (9, [("C", "9")]),
])

# strict OOXML, every element with a prefix, dates from 1904
strict_rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>严格</t></is></c>'
               '<c r="B1" s="1"><v>0</v></c><c r="C1" s="1"><v>41521</v></c></row>')
book("strict_1904", [("S", sheet(strict_rows, STRICT_MAIN, "x"), None)], strict=True,
     date1904=True, styles=STYLES.replace(MAIN, STRICT_MAIN))
expected("strict_1904", "S", [(1, [("A", "严格"), ("B", "1904-01-01"), ("C", "2017-09-05")])])

# ---- damaged or not a workbook at all ---------------------------------------------------------

with open(os.path.join(OUT, "not_zip.xlsx"), "w") as f:
    f.write("姓名,性别\n张三,男\n")
error("not_zip", "not an .xlsx workbook (it is not a zip archive)")
open(os.path.join(OUT, "empty.xlsx"), "w").close()
error("empty", "not an .xlsx workbook (it is not a zip archive)")
with open(os.path.join(OUT, "old.xlsx"), "wb") as f:
    f.write(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
error("old", "Excel 97-2003 .xls file or a workbook protected by a password")
with zipfile.ZipFile(os.path.join(OUT, "no_workbook.xlsx"), "w") as z:
    z.writestr("readme.txt", "just a zip")
error("no_workbook", "a zip archive, but not an .xlsx workbook")
with zipfile.ZipFile(os.path.join(OUT, "ods.xlsx"), "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", "<office:document-content/>")
error("ods", "an OpenDocument file (.ods)")
with open(os.path.join(OUT, "openpyxl.xlsx"), "rb") as f:
    whole = f.read()
with open(os.path.join(OUT, "truncated.xlsx"), "wb") as f:
    f.write(whole[: len(whole) // 2])
error("truncated", "the zip archive is damaged")
book("no_sheet_part", [("A", sheet(""), None)], drop=("xl/worksheets/sheet1.xml",))
error("no_sheet_part", "sheet 'A' has no part xl/worksheets/sheet1.xml")

# a shared string that is not UTF-8: only the cells using it (or a later one) fail
bad_sst = sst(["<si><t>好</t></si>", "<si><t>bad \xff\xfe here</t></si>", "<si><t>never read</t></si>"])
book("bad_utf8_shared", [("A", sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>ok</t></is></c></row>'
    '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v>'
    '</c></row>'), None)], shared=bad_sst.encode("utf-8").replace("\xff\xfe".encode("utf-8"),
                                                                b"\xff\xfe"))
expected("bad_utf8_shared", "A", [
    (1, [("A", "好"), ("B", "ok")]),
    (2, [("A", "好"), ("B", "!its text is not valid UTF-8 (shared string 1 is damaged)"),
         ("C", "!its text cannot be read: the shared strings are damaged from string 1 on "
               "(it uses string 2)")]),
])

# an inline string that is not UTF-8: the cell fails, the rows before it are read
inline = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>一</t></is></c></row>'
               '<row r="2"><c r="A2" t="inlineStr"><is><t>二</t></is></c>'
               '<c r="C2" t="inlineStr"><is><t>XX</t></is></c></row>'
               '<row r="3"><c r="A3"><v>3</v></c></row>')
book("bad_utf8_inline", [("A", inline.encode("utf-8").replace(b"XX", b"\xc3\x28"), None)])
expected("bad_utf8_inline", "A", [
    (1, [("A", "一")]),
    (2, [("A", "二"), ("C", "!its text is not valid UTF-8 (the sheet is damaged here)")]),
])

book("bad_dates", [("A", sheet(
    '<row r="1"><c r="A1" s="1"><v>-1</v></c><c r="B1" s="1"><v>60</v></c>'
    '<c r="C1" s="1"><v>3000000</v></c><c r="D1" s="1"><v>abc</v></c><c r="E1" s="1"><v>0</v>'
    '</c><c r="F1" s="1"><v>59</v></c><c r="G1" s="1"><v>61</v></c>'
    '<c r="H1" t="d"><v>2017-02-30</v></c><c r="I1" t="b"><v>2</v></c><c r="J1" t="z"><v>1</v></c>'
    '<c r="K1" t="s"><v>7</v></c></row>'), None)], styles=STYLES, shared=sst(["<si><t>x</t></si>"]))
expected("bad_dates", "A", [(1, [
    ("A", "!-1 is a negative date serial number, which is no date"),
    ("B", "!1900-02-29 does not exist (Excel counts it, as Lotus 1-2-3 did)"),
    ("C", "!3000000 is a date serial number after 9999-12-31"),
    ("D", "!'abc' is not a number"),
    ("E", "!0 as a date is Excel's day 1900-01-00, which is no date"),
    ("F", "1900-02-28"), ("G", "1900-03-01"),
    ("H", "!'2017-02-30' is not a date (expected YYYY-MM-DDTHH:MM:SS)"),
    ("I", "!'2' is not a boolean"),
    ("J", "!the cell type 'z' is unknown"),
    ("K", "!it uses shared string 7, but the workbook has 1"),
])])

book("outside_col", [("A", sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'), None)])
error("outside_col", "cell XFE1 is outside a worksheet (the last cell is XFD1048576)")
book("outside_row", [("A", sheet('<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), None)])
error("outside_row", "is outside a worksheet (the last cell is XFD1048576)")
book("bad_ref", [("A", sheet('<row r="1"><c r="1A"><v>1</v></c></row>'), None)])
error("bad_ref", "'1A' is not a cell reference")
book("out_of_order", [("A", sheet('<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>'),
                       None)])
error("out_of_order", "cell A1 comes after B1: the cells are out of order")
book("rows_out_of_order", [("A", sheet('<row r="2"><c r="A2"><v>1</v></c></row>'
                                       '<row r="1"><c r="A1"><v>2</v></c></row>'), None)])
error("rows_out_of_order", "row 1 comes after row 2")
book("doctype", [("A", '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
                  '<worksheet xmlns="%s"><sheetData/></worksheet>' % MAIN, None)])
error("doctype", "xl/worksheets/sheet1.xml has a DOCTYPE, which no workbook has")
book("broken_xml", [("A", '<worksheet xmlns="%s"><sheetData><row r="1"></sheetData>' % MAIN,
                     None)])
error("broken_xml", "xl/worksheets/sheet1.xml:1:")
book("all_hidden", [("A", sheet(""), "hidden")])
error("all_hidden", "the workbook has no visible sheet")

# a zip bomb: a sheet of 260 MiB of blanks, a few hundred kilobytes compressed
with zipfile.ZipFile(os.path.join(OUT, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED,
                     compresslevel=9) as z:
    z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/'
               'officeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL))
    z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="大" '
               'sheetId="1" r:id="rId1"/></sheets></workbook>' % (MAIN, REL))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s"><Relationship Id="rId1" '
               'Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % (PKG, REL))
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(('<worksheet xmlns="%s"><sheetData>' % MAIN).encode())
        blanks = b" " * (1 << 20)
        for _ in range(260):
            f.write(blanks)
        f.write(b"</sheetData></worksheet>")
error("bomb", "xl/worksheets/sheet1.xml is larger than 256 MiB uncompressed")
