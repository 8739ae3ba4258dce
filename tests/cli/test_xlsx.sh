#!/bin/bash
# qufa import from an .xlsx workbook: a roster and a ledger as a secretary keeps them in Excel
# (a title row, Chinese headers, real date cells, a phone number typed as a number) import like
# the same CSV; the format is told by content; every bad workbook — not a zip, a zip without
# a workbook, a bad date cell, an error cell, invalid UTF-8, a huge sheet — fails with
# FILE:SHEET:ROW:COLUMN and the column's header where there is a cell to name, exit 2, and
# leaves the database as it was; qufa's own .xlsx export reads back to the same records.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
python=${QUFA_PYTHON:-/usr/bin/python3}

q() { "$QUFA" --db t.db --today 2017-09-05 "$@"; }
sql() { db_query t.db "$1"; }
# sql_list QUERY: its rows joined by commas (the query orders them: no group_concat, whose order
# neither backend promises)
sql_list() { sql "$1" | paste -sd, -; }
tree() {
    "$QUFA" --db "$1" init >/dev/null || fail "init $1"
    "$QUFA" --db "$1" org add jg 机关党委 --kind committee >/dev/null || fail "org jg"
    "$QUFA" --db "$1" org add gy1 工业标准一部党支部 --kind branch --parent jg >/dev/null || fail "org gy1"
    "$QUFA" --db "$1" org add gy1g1 第一党小组 --kind group --parent gy1 >/dev/null || fail "group 1"
    "$QUFA" --db "$1" org add gy1g2 第二党小组 --kind group --parent gy1 >/dev/null || fail "group 2"
}
# refused ARGS...: exit 2, every string of $expect on stderr, the database unchanged
refused() {
    local before
    before=$(content t.db)
    run q "$@"
    expect_rc 2
    for e in "${expect[@]}"; do expect_err "$e"; done
    [ "$(content t.db)" = "$before" ] || fail "'$*' failed but changed the database"
}
tree t.db

# ---- workbooks as a secretary keeps them, written by openpyxl -----------------------------
"$python" - <<'PY' || fail "writing the workbooks"
import datetime, zipfile
import openpyxl

def roster(path, rows, title=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员"
    if title:  # a title above the table, merged across it
        ws.append(["工业标准一部党支部党员名册"])
        ws.merge_cells("A1:I1")
    ws.append(["姓名", "性别", "出生日期", "状态", "所在支部", "党小组", "入党日期", "党员编号",
               "联系电话"])
    for r in rows:
        ws.append(r)
        for col in (3, 7):
            ws.cell(ws.max_row, col).number_format = "yyyy-mm-dd"
    wb.save(path)

D = datetime.date
good = [
    ["林晓东", "男", D(1975, 4, 12), "正式党员", "gy1", "第一党小组", D(2001, 6, 28), "GY1-001",
     13800001001],
    ["陈雪梅", "女", D(1980, 9, 3), "正式党员", "gy1", "gy1g1", D(2003, 7, 1), "GY1-002", None],
    ["孙丽", "女", D(1992, 2, 14), "预备党员", "工业标准一部党支部", "第二党小组", D(2017, 3, 15),
     "GY1-006", "13900002006"],
    # an activist is in the branch, not in a party group (party groups hold party members)
    ["冯佳", "女", D(1995, 12, 25), "入党积极分子", "gy1", None, None, None, None],
]
roster("名册.xlsx", good)
# the same rows with a flaw each, in the third data row
bad_date = [list(r) for r in good]
bad_date[2][2] = "2017-02-30"
roster("bad_date.xlsx", bad_date)
serial = [list(r) for r in good]
serial[2][2] = 60  # as a date: 1900-02-29, which Excel counts and no calendar has
roster("bad_serial.xlsx", serial)
err = [list(r) for r in good]
err[2][8] = "#N/A"  # openpyxl stores it as an error value
roster("error_cell.xlsx", err)
dup = [list(r) for r in good]
dup[3][7] = "GY1-001"
roster("dup_code.xlsx", dup)
roster("no_title.xlsx", good[:1], title=False)

# invalid UTF-8 in the text of one cell (openpyxl writes names as &#…; references: put raw
# bytes where the name 冯佳 is)
with zipfile.ZipFile("名册.xlsx") as src, zipfile.ZipFile("bad_utf8.xlsx", "w") as dst:
    for item in src.infolist():
        data = src.read(item)
        if item.filename == "xl/worksheets/sheet1.xml":
            assert b"&#20911;&#20339;" in data
            data = data.replace(b"&#20911;&#20339;", b"\xe5\x86\xaf\xff")
        dst.writestr(item, data)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "台账"
ws.append(["组织", "类型", "标题", "开始时间", "结束时间", "地点", "主持人", "出席", "请假", "嘉宾",
           "议程"])
ws.append(["gy1", "半月谈", "半月谈（第七期）", datetime.datetime(2017, 8, 4, 14, 30),
           datetime.datetime(2017, 8, 4, 16, 30), "三楼会议室", "GY1-001",
           "GY1-001;GY1-002、孙丽", "冯佳（出差）", "王教授|某标准化研究院|专家",
           "study(学习讲话)→expert_briefing→discussion"])
ws.append(["gy1g1", "党小组会", "第一党小组八月学习", datetime.datetime(2017, 8, 10, 12, 30), None,
           "小会议室", "陈雪梅", "GY1-001;GY1-002", None, None, None])
for row in ws.iter_rows(min_row=2, min_col=4, max_col=5):
    for c in row:
        c.number_format = "yyyy-mm-dd hh:mm"
wb.save("台账.xlsx")

with zipfile.ZipFile("no_workbook.xlsx", "w") as z:
    z.writestr("hello.txt", "not a workbook")

# a zip bomb: one sheet of 260 MiB of blanks
with zipfile.ZipFile("名册.xlsx") as src, zipfile.ZipFile("huge.xlsx", "w", zipfile.ZIP_DEFLATED,
                                                         compresslevel=9) as dst:
    for item in src.infolist():
        if item.filename != "xl/worksheets/sheet1.xml":
            dst.writestr(item.filename, src.read(item))
    with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>")
        blanks = b" " * (1 << 20)
        for _ in range(260):
            f.write(blanks)
        f.write(b"</sheetData></worksheet>")
PY

# ---- bad workbooks: the place, the header, exit 2, nothing written (before any member) -----
expect=("bad_date.xlsx:党员:5:C: 出生日期: '2017-02-30' is not a valid date"); refused import members bad_date.xlsx
expect=("bad_serial.xlsx:党员:5:C: 出生日期: 1900-02-29 does not exist"); refused import members bad_serial.xlsx
expect=("error_cell.xlsx:党员:5:I: 联系电话: the cell holds the error #N/A"); refused import members error_cell.xlsx
expect=("bad_utf8.xlsx:党员:6:A: 姓名: its text is not valid UTF-8"); refused import members bad_utf8.xlsx
expect=("dup_code.xlsx:党员:6:H: 党员编号: 'GY1-001' is already used in row 3 of this sheet"); refused import members dup_code.xlsx
expect=("no_workbook.xlsx: a zip archive, but not an .xlsx workbook"); refused import members no_workbook.xlsx
expect=("huge.xlsx: xl/worksheets/sheet1.xml is larger than 256 MiB uncompressed"); refused import members huge.xlsx

# ---- the roster and the ledger import ------------------------------------------------------
run q import members 名册.xlsx
expect_rc 0
expect_out "imported 4 members from 名册.xlsx"
[ "$(sql "SELECT birth_date || ' ' || joined || ' ' || phone FROM member WHERE code = 'GY1-001'")" = \
    "1975-04-12 2001-06-28 13800001001" ] || fail "date cells and a phone typed as a number: $(sql "SELECT * FROM member WHERE code = 'GY1-001'")"
[ "$(sql "SELECT status FROM member_status s JOIN member m ON m.id = s.member_id WHERE m.name = '孙丽'")" = probationary ] ||
    fail "status label"
[ "$(sql_list "SELECT m.name FROM membership ms JOIN org o ON o.id = ms.org_id JOIN member m ON m.id = ms.member_id WHERE o.code = 'gy1g2'")" = 孙丽 ] ||
    fail "party groups by name and by code"
run q import activities 台账.xlsx
expect_rc 0
expect_out "imported 2 activities"
[ "$(sql "SELECT starts_at || '|' || ends_at FROM activity WHERE title = '半月谈（第七期）'")" = \
    "2017-08-04 14:30|2017-08-04 16:30" ] || fail "date-time cells"
[ "$(sql_list "SELECT state FROM attendance a JOIN activity v ON v.id = a.activity_id WHERE v.kind = 'semimonthly_talk' ORDER BY member_id")" = \
    "present,present,present,leave" ] || fail "attendance lists"
[ "$(sql "SELECT role FROM guest")" = expert ] || fail "guest role by label"
run q audit verify
expect_rc 0

# a roster already imported: its codes are taken, and nothing of it is written again
# ---- after the import ----------------------------------------------------------------------
expect=("名册.xlsx:党员:3:H: 党员编号: 'GY1-001' is already taken by member 1 (林晓东)"); refused import members 名册.xlsx
expect=("there is no sheet '名册' (sheets: '党员')"); refused import members 名册.xlsx --sheet 名册
# qufa's own ledger report is for reading, not for import: its columns are named
q report ledger --org gy1 -o report.xlsx >/dev/null || fail "report ledger"
expect=("report.xlsx:party group meeting:4:A: column 'No.' is unknown (accepted:"); refused import activities report.xlsx
# a file that is not a zip is CSV, whatever its name
printf '姓名,所在支部\n何明,gy1\n' >csv-named.xlsx
run q import members csv-named.xlsx
expect_rc 0
expect_out "imported 1 members"
# and a workbook named .csv is a workbook
cp no_title.xlsx named.csv
expect=("named.csv:党员:2:H: 党员编号: 'GY1-001' is already taken"); refused import members named.csv
expect=("csv-named.xlsx: a CSV file has no sheets"); refused import members csv-named.xlsx --sheet 党员

# ---- qufa's own export reads back: the same records in another database --------------------
q export members --unmask -o m.xlsx || fail "export members xlsx"
[ "$(stat -c %a m.xlsx)" = 600 ] || fail "the workbook holds personal data: mode $(stat -c %a m.xlsx)"
q export activities --chinese-headers -o a.xlsx || fail "export activities xlsx"
q export members --unmask --format xlsx -o m-copy || fail "--format xlsx"
sheet_xml() { "$python" -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))' "$1"; }
[ "$(sheet_xml m.xlsx | sha256sum)" = "$(sheet_xml m-copy | sha256sum)" ] ||
    fail "--format xlsx writes another sheet than -o FILE.xlsx"
run q export members --format xlsx
expect_rc 2
expect_err "give -o FILE.xlsx"
tree other.db
"$QUFA" --db other.db --today 2017-09-05 import members m.xlsx >/dev/null || fail "reimport members"
"$QUFA" --db other.db --today 2017-09-05 import activities a.xlsx >/dev/null || fail "reimport activities"
for what in members activities; do
    q export "$what" --unmask >one.csv
    "$QUFA" --db other.db --today 2017-09-05 export "$what" --unmask >two.csv
    cmp -s one.csv two.csv || fail "$what differ after the round trip through .xlsx: $(diff one.csv two.csv | head -5)"
done

# ---- the same from Lua ----------------------------------------------------------------------
cat >export.lua <<'LUA'
assert(db:export_xlsx("members", "lua.xlsx", {unmask = true}) == true)
local ok, err = pcall(db.export_xlsx, db, "people", "x.xlsx")
assert(not ok and err:find("people", 1, true), err)
LUA
q run export.lua || fail "export_xlsx from Lua"
tree lua.db
cat >import.lua <<'LUA'
local ok, err = pcall(db.import, db, "members", "bad_date.xlsx", {org = "gy1"})
assert(not ok and err:find("bad_date.xlsx:党员:5:C: 出生日期:", 1, true), err)
ok, err = pcall(db.import, db, "members", "名册.xlsx", {sheet = "无此表"})
assert(not ok and err:find("there is no sheet '无此表'", 1, true), err)
print(db:import("members", "lua.xlsx", {sheet = "members"}))
LUA
run "$QUFA" --db lua.db run import.lua
expect_rc 0
expect_out "5"
echo ok
