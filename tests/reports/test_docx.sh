#!/bin/bash
# qufa doc --format docx and qufa doc archive on the demo database (today 2017-09-05): the
# documents read back by python-docx (check_docx.py), every one converted to PDF by LibreOffice
# headless, a branch's own skeleton, --register and --date, the mistakes refused, and the
# archive package with its index and manifest. Usage: test_docx.sh QUFA
# shellcheck source=tests/reports/lib.sh
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
PY=${QUFA_PYTHON:-/usr/bin/python3}
export QUFA_LANG=zh NO_COLOR=1
unset QUFA_TEMPLATES
"$QUFA" demo >/dev/null || fail "qufa demo"
q() { "$QUFA" --db qufa-demo.db --today 2017-09-05 "$@"; }

# ---- documents ---------------------------------------------------------------------------
mkdir dx
q doc notice 45 --format docx -o dx/notice-45.docx || fail "notice of the 9th 半月谈"
q doc invitation 45 -o dx/invitation-45.docx || fail "invitation (the format from -o)"
for t in signin minutes news notice; do
    q doc "$t" 36 -o "dx/$t-36.docx" || fail "$t of the 党课"
done
q doc notice 9 -o dx/notice-9.docx || fail "notice of a party group meeting"
q doc news 37 -o dx/news-37.docx || fail "news of a 主题党日"
q doc notice 40 -o dx/notice-40.docx || fail "notice with quotes in its topic"
QUFA_LANG=en q doc notice 36 -o dx/en-notice-36.docx || fail "a notice in English"
[ "$(stat -c %a dx/notice-45.docx)" = 600 ] || fail "documents are private: $(stat -c %a dx/notice-45.docx)"
[ "$(head -c 2 dx/notice-45.docx)" = PK ] || fail "a zip package"

# a branch's own skeleton: document.docx for every document, signin.docx for the sign-in sheet
mkdir tpl
q doc skeleton -o builtin.docx || fail "the built-in skeleton"
[ "$(stat -c %a builtin.docx)" = 600 ] || fail "written like the documents"
"$PY" - "$T" <<'PY' || fail "make the branch's skeletons"
import sys, zipfile
d = sys.argv[1]
src = zipfile.ZipFile(d + "/builtin.docx")
for name, size in (("document.docx", "36"), ("signin.docx", "52")):
    with zipfile.ZipFile(d + "/tpl/" + name, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b'<w:sz w:val="44"/><w:szCs w:val="44"/>',
                                    ('<w:sz w:val="%s"/><w:szCs w:val="%s"/>' % (size, size)).encode())
            out.writestr(item.filename, data)
PY
q doc notice 36 --templates tpl -o dx/own-notice.docx || fail "the branch's document.docx"
QUFA_TEMPLATES=tpl q doc signin 36 -o dx/own-signin.docx || fail "the branch's signin.docx"
q doc list --templates tpl | grep -q "^docx .*tpl/document.docx" || fail "doc list names the skeleton"
q doc list | grep -q "^docx .*scripts/templates/document.docx" || fail "doc list: built-in skeleton"

QUFA_PYTHON=$PY "$PY" "$HERE/check_docx.py" "$T/dx" || fail "python-docx"

# LibreOffice opens every one of them (as Word and WPS must): each converts to a PDF
# (QUFA_DOCX_CONVERT=0, set for the sanitizer build, leaves that to the dev build)
if [ "${QUFA_DOCX_CONVERT:-1}" != 0 ]; then
    command -v soffice >/dev/null || fail "soffice is missing (apt-get install libreoffice-writer-nogui)"
    mkdir pdf
    HOME=$T/lo timeout 240 soffice --headless --norestore --convert-to pdf --outdir pdf dx/*.docx \
        >soffice.log 2>&1 || fail "soffice: $(cat soffice.log)"
    for f in dx/*.docx; do
        p=pdf/$(basename "$f" .docx).pdf
        if [ ! -s "$p" ] || [ "$(head -c 5 "$p")" != "%PDF-" ]; then
            fail "LibreOffice could not convert $f: $(cat soffice.log)"
        fi
    done
fi

# ---- mistakes ----------------------------------------------------------------------------
export QUFA_LANG=en
expect_fail 2 "a .docx is written to a file: give -o FILE.docx" q doc notice 36 --format docx
expect_fail 2 "activity 27 has no guests to invite; add one with: qufa activity guest 27 NAME" \
    q doc invitation 27 -o x.docx
[ -e x.docx ] && fail "no file for a refused document"
mkdir bad
printf 'not a zip' >bad/document.docx
expect_fail 2 "bad/document.docx: not a zip package" q doc notice 36 --templates bad -o x.docx
"$PY" - "$T" <<'PY' || fail "make a broken skeleton"
import sys, zipfile
d = sys.argv[1]
src = zipfile.ZipFile(d + "/builtin.docx")
with zipfile.ZipFile(d + "/bad/document.docx", "w") as out:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "word/footer1.xml":
            data = data.replace(b"</w:ftr>", b"</w:p>")
        out.writestr(item.filename, data)
PY
expect_fail 2 "bad/document.docx: word/footer1.xml:5:3: mismatched tag" \
    q doc notice 36 --templates bad -o x.docx
[ -e x.docx ] && fail "no file for a refused skeleton"
expect_fail 2 "--date '2017-13-01' is not a date" q doc notice 36 --date 2017-13-01
expect_fail 2 "a document cannot be on record as issued in the future" \
    q doc notice 45 --date 2017-09-10 --register -o y.docx

# --date sets the day the document carries; --register records the .docx, dated as it is
QUFA_LANG=zh q doc news 36 --date 2017-05-12 | grep -qx "2017年5月12日" || fail "--date"
q doc notice 45 -o reg.docx --register 2>reg.err || fail "register: $(cat reg.err)"
grep -q "dated 2017-09-05" reg.err || fail "registered today (the notice is issued now): $(cat reg.err)"
cat >check-reg.lua <<'LUA'
local n = 0
for x in db:artifacts{activity = 45, type = "notice"} do
  n = n + 1
  assert(x.issued_at == "2017-09-05 00:00", x.issued_at)
  assert(x.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document", x.mime)
  assert(x.title == "关于举办第9期“半月谈”活动的通知", x.title)
  local f = assert(io.open(arg[1], "rb"))
  assert(x:content() == f:read("a"), "the stored content is the file")
  f:close()
end
assert(n == 1, "one notice registered, got " .. n)
LUA
q run check-reg.lua "$T/reg.docx" || fail "the registered .docx"
# once on record, the notice carries the day it was issued
QUFA_LANG=zh q doc notice 45 | grep -qx "2017年9月5日" || fail "dated by the notice on record"

# ---- the archive package -------------------------------------------------------------------
export QUFA_LANG=zh
q doc archive 36 -o a.zip || fail "archive"
[ "$(stat -c %a a.zip)" = 600 ] || fail "the archive is private"
for f in ./*.zip.*; do [ -e "$f" ] && fail "a temporary file was left: $f"; done
"$PY" - "$T/a.zip" <<'PY' || fail "the archive's contents"
import hashlib, io, json, sys, zipfile
import docx
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert names[:2] == ["index.html", "manifest.json"], names
m = json.loads(z.read("manifest.json"))
assert m["activity"]["id"] == 36 and m["activity"]["kind"] == "lecture", m["activity"]
files = {f["path"]: f for f in m["files"]}
assert set(files) == set(names[2:]), (sorted(files), names)
for path, f in files.items():
    data = z.read(path)
    assert hashlib.sha256(data).hexdigest() == f["sha256"], path
    assert len(data) == f["size"], path
want = {("notice", "record"), ("courseware", "record"), ("signin", "generated"), ("minutes", "record")}
assert {(f["type"], f["source"]) for f in m["files"]} == want, m["files"]
assert [p.split("/")[0] for p in names[2:]] == ["01-会议通知", "03-课件", "04-签到表", "05-会议记录"], names
notice = [p for p in names if p.startswith("01-")][0]
assert z.read(notice).decode().startswith("定于5月10日9:00在三楼会议室"), z.read(notice).decode()
signin = docx.Document(io.BytesIO(z.read([p for p in names if p.startswith("04-")][0])))
assert signin.tables[0].rows[1].cells[1].text == "马超", "the sign-in sheet opens (姓氏笔画 order)"
left = {(x["type"], x.get("title")) for x in m["not_included"]}
assert ("photo", "党课现场照片") in left and ("news", "工业标准一部党支部开展纪律教育月党课") in left, left
index = z.read("index.html").decode()
for p in names[2:]:
    assert p in index, p
assert "党课现场照片" in index and "仅有登记，没有文件" in index, index
assert {x["reason"] for x in m["not_included"]} == {"no_file"}, m["not_included"]
print("archive: ok")
PY
# an activity whose material lives in files: kept when unchanged, listed when changed or gone
printf 'photo bytes' >photo.jpg
printf 'slides' >slides.pptx
cat >paths.lua <<'LUA'
local a = db:activity(35)
a:add_artifact{type = "photo", title = "合影", issued_at = "2017-08-30 16:00", path = arg[1],
  mime = "image/jpeg"}
a:add_artifact{type = "courseware", title = "授课PPT", issued_at = "2017-08-30 14:00", path = arg[2]}
LUA
q run paths.lua "$T/photo.jpg" "$T/slides.pptx" || fail "artifacts with paths"
printf 'changed' >slides.pptx
q doc archive 35 -o b.zip --register 2>b.err || fail "archive 35: $(cat b.err)"
grep -q "已登记为存档" b.err || fail "registered: $(cat b.err)"
"$PY" - "$T/b.zip" <<'PY' || fail "the archive of talk 8"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
m = json.loads(z.read("manifest.json"))
kept = [f for f in m["files"] if f["source"] == "file"]
assert [f["title"] for f in kept] == ["合影"] and kept[0]["path"].endswith("合影.jpg"), kept
assert z.read(kept[0]["path"]) == b"photo bytes"
changed = [x for x in m["not_included"] if x.get("title") == "授课PPT"]
assert changed and changed[0]["reason"] == "file_changed", m["not_included"]
assert "登记后已被改动" in changed[0]["why"], changed
# GY1-BYT 7.2 requires the archive of a 半月谈: it was missing until now
missing = [x for x in m["not_included"] if x["reason"] == "not_on_record"]
assert [(x["type"], x["required_by"]) for x in missing] == [("archive", ["GY1-BYT 7.2"])], missing
print("archive with files: ok")
PY
cat >check-archive.lua <<'LUA'
local n = 0
for x in db:artifacts{activity = 35, type = "archive"} do
  n = n + 1
  assert(x.mime == "application/zip" and x.issued_at:sub(1, 10) == "2017-09-05", x.issued_at)
  local f = assert(io.open(arg[1], "rb"))
  assert(x:content() == f:read("a"))
  f:close()
end
assert(n == 1, n)
LUA
q run check-archive.lua "$T/b.zip" || fail "the registered archive"
rm photo.jpg
q doc archive 35 -o c.zip || fail "archive with a file gone"
"$PY" - "$T/c.zip" <<'PY' || fail "a file gone, an earlier archive"
import json, sys, zipfile
m = json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json"))
why = {x.get("title"): x["reason"] for x in m["not_included"]}
assert why["合影"] == "file_unreadable", why
assert "earlier_archive" in why.values() and "not_on_record" not in why.values(), why
print("archive, second time: ok")
PY
# a stored file that no longer matches its hash stops the archive, and leaves the old file
cp a.zip before.zip
sqlite3 qufa-demo.db "UPDATE blob SET data = X'00' WHERE sha256 = (SELECT sha256 FROM artifact WHERE activity_id = 36 AND type = 'minutes')" ||
    fail "corrupt a blob"
QUFA_LANG=en expect_fail 2 "no longer matches its recorded SHA-256" q doc archive 36 -o a.zip
cmp -s a.zip before.zip || fail "a failed archive changed the file"
QUFA_LANG=en expect_fail 2 "there is no activity 999" q doc archive 999 -o a.zip
QUFA_LANG=en expect_fail 2 "give the file to write with -o FILE.zip" q doc archive 36
echo "ok"
