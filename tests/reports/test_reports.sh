#!/bin/bash
# The built-in reports against golden files (Chinese by default, one in English), built from
# the fixture database; the workbooks and the HTML page are left in OUTDIR for the openpyxl
# and Chromium checks (check_xlsx.py, check_charts.py). Usage: test_reports.sh QUFA OUTDIR
# shellcheck source=tests/reports/lib.sh
. "$(dirname "$0")/lib.sh"
OUT=$2
mkdir -p "$OUT"
cd "$OUT" || exit 1
rm -f ./*.xlsx ./*.html ./*.csv ./*.txt ./*.md ./*.json
make_fixture fixture.db
export QUFA_LANG=zh NO_COLOR=1
q() { "$QUFA" --db fixture.db --today 2017-09-05 "$@"; }

# text (aligned by display width: Chinese and ASCII mixed), Markdown, CSV, JSON
q report ledger --org gy1 --period 2017 >ledger.txt || fail "ledger"
golden ledger.txt ledger.txt
q report ledger --org gy1 --period 2017 --format md >ledger.md || fail "ledger md"
golden ledger.md ledger.md
q report ledger --org gy1 --period 2017 -o ledger.json || fail "ledger json"
golden ledger.json ledger.json
q report compliance --org gy1 --period 2017 >compliance.txt || fail "compliance"
golden compliance.txt compliance.txt
q report compliance --org gy1 --period 2017 -o compliance.csv --bom || fail "compliance csv"
golden compliance.csv compliance.csv
q report compliance --org gy1 --period 2017 -o compliance.json || fail "compliance json"
golden compliance.json compliance.json
q report attendance --org gy1 --period 2017-H1 >attendance.txt || fail "attendance"
golden attendance.txt attendance.txt
q report attendance --org gy1 --period 2017-H1 -o attendance.csv || fail "attendance csv"
golden attendance.csv attendance.csv
q report score --org gy1 --period 2017 >score.txt || fail "score"
golden score.txt score.txt
q report members --org gy1 >members.txt || fail "members"
golden members.txt members.txt
q report members --org gy1 --unmask -o members_unmask.csv || fail "members --unmask"
golden members_unmask.csv members_unmask.csv
QUFA_LANG=en q report ledger --org gy1 --period 2017-Q1 >ledger.en.txt || fail "ledger en"
golden ledger.en.txt ledger.en.txt

# masked unless asked: no phone or id number in the clear
grep -q "13901012345\|110101196804120011\|1968-04-12" members.txt && fail "members.txt is not masked"
grep -q "139\*\*\*\*2345" members.txt || fail "masked phone"
grep -q "110101\*\*\*\*\*\*\*\*0011" members.txt || fail "masked id number"
grep -q "13901012345" members_unmask.csv || fail "--unmask shows the phone"

# a checklist of one's own
cat >items.lua <<'LUA'
return {title = "测试考核", total = 20, items = {
  {name = "会议", points = 10, per_fail = 4, standard = "T-HY", clause = {"T-HY/4"}},
  {name = "其他", points = 10, per_fail = 1, per_warn = 1, cap = 3},
}}
LUA
q report score --org gy1 --period 2017 --items items.lua >score_items.txt || fail "score --items"
golden score_items.txt score_items.txt

# the files the outside checks read
q report ledger --org gy1 --period 2017 -o ledger.xlsx || fail "ledger xlsx"
q report compliance --org gy1 --period 2017 -o compliance.xlsx || fail "compliance xlsx"
q report compliance --org gy1 --period 2017 -o compliance.html || fail "compliance html"
q report members --org gy1 -o members.xlsx || fail "members xlsx"
q report attendance --org gy1 --period 2017 -o attendance.xlsx || fail "attendance xlsx"

# list and show
q report list >list.txt || fail "list"
for name in ledger compliance attendance score members; do
    grep -q "^$name " list.txt || fail "list lacks $name: $(cat list.txt)"
done
grep -q "活动台账" list.txt || fail "titles in Chinese: $(cat list.txt)"
grep -q -- "--unmask" list.txt || fail "list shows parameters"
grep -q "^score-items" list.txt && fail "a data file is not a report"
q report show ledger | cmp -s - "$HERE/../../scripts/reports/ledger.lua" || fail "show prints the source"

# mistakes, in English
export QUFA_LANG=en
expect_fail 2 "there is no report 'nosuch'" q report nosuch
expect_fail 2 "org nowhere does not exist" q report ledger --org nowhere
expect_fail 2 "name the org with --org (branches: gy1, gy2)" q report ledger
expect_fail 2 "--period: period '2017-13'" q report ledger --org gy1 --period 2017-13
expect_fail 2 "format 'docx' is unknown" q report ledger --org gy1 --format docx
expect_fail 2 "cannot tell the format from the extension" q report ledger --org gy1 -o x.doc
expect_fail 2 "unknown option '--frob'" q report ledger --frob
expect_fail 2 "unknown option '--unmask'" q report ledger --unmask
cat >bad-items.lua <<'LUA'
return {items = {{name = "甲", points = 60}, {name = "乙", points = 35}}}
LUA
expect_fail 2 "score items: the points add up to 95, not 100" q report score --org gy1 --items bad-items.lua
cat >typo-items.lua <<'LUA'
return {items = {{name = "甲", points = 100, per_fial = 1}}}
LUA
expect_fail 2 "score items: item 1 (甲): unknown field 'per_fial'" q report score --org gy1 --items typo-items.lua
printf 'return {run = function(db, p, report)\n  local r = report{title = "t"\nend}\n' >syntax.lua
expect_fail 2 "syntax.lua:3:" q report syntax.lua
printf 'return 42\n' >notreport.lua
expect_fail 2 "a report file returns a function run(db, params, report)" q report notreport.lua
printf 'return function(db, params, report) end\n' >empty.lua
expect_fail 2 "it made no report" q report empty.lua
# a report reads: the database is read-only to it
printf 'return function(db, params, report) db:add_org{kind = "committee", code = "x", name = "x"} end\n' >writes.lua
expect_fail 2 "add_org: the database is read-only here" q report writes.lua
# a report that fails halfway leaves no file behind, even for a streamed workbook
cat >halfway.lua <<'LUA'
return function(db, params, report)
  local r = report{title = "t", columns = {{key = "n", type = "integer"}}}
  for i = 1, 100 do r:add{n = i} end
  r:add{n = "oops"}
end
LUA
expect_fail 2 "row 101, column 'n': a value of type text does not fit a column of type integer" \
    q report halfway.lua -o halfway.xlsx
[ -e halfway.xlsx ] && fail "a failed report left halfway.xlsx"
ls halfway.xlsx.* 2>/dev/null && fail "a failed report left its temporary file"
echo "ok"
