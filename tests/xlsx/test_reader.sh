#!/bin/bash
# The .xlsx reader: workbooks written by openpyxl, by qufa itself (the ledger report and the
# record exports, through libxlsxwriter) and put together part by part as Excel and WPS write
# them are read as openpyxl reads them, or as NAME.expected says; broken ones fail with the
# message NAME.error names (tests/xlsx/make_books.py writes them all).
#   test_reader.sh QUFA_XLSX_DUMP QUFA
set -u
dump=$1
qufa=$2
here=$(cd "$(dirname "$0")" && pwd)
python=${QUFA_PYTHON:-/usr/bin/python3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$python" "$here/make_books.py" "$T/books" || fail "make_books.py"
checked=0
for expected in "$T"/books/*.expected; do
    book=${expected%.expected}.xlsx
    "$dump" "$book" >"$T/got" 2>"$T/err" || fail "$(basename "$book"): $(cat "$T/err")"
    diff -u "$expected" "$T/got" >&2 || fail "$(basename "$book") is read differently"
    checked=$((checked + 1))
done
for want in "$T"/books/*.error; do
    book=${want%.error}.xlsx
    if "$dump" "$book" >"$T/got" 2>"$T/err"; then
        fail "$(basename "$book") was read: $(head -3 "$T/got")"
    fi
    grep -qF -- "$(cat "$want")" "$T/err" ||
        fail "$(basename "$book"): the message is '$(cat "$T/err")', expected '$(cat "$want")'"
    grep -qF -- "$book" "$T/err" || fail "$(basename "$book"): the message does not name the file"
    checked=$((checked + 1))
done
[ "$checked" -ge 22 ] || fail "only $checked workbooks checked"

# a sheet by name; a sheet that is not there is named with the sheets that are
"$dump" "$T/books/openpyxl.xlsx" Second | grep -q "^2	B=second sheet$" || fail "sheet by name"
"$dump" "$T/books/openpyxl.xlsx" 第三页 2>"$T/err" && fail "a missing sheet was read"
grep -qF "there is no sheet '第三页' (sheets: '说明', '党员名册', 'Second')" "$T/err" ||
    fail "missing sheet: $(cat "$T/err")"

# what qufa writes, read back alike by openpyxl and by qufa
cd "$T" || exit 1
"$qufa" demo -o demo.db >/dev/null || fail "qufa demo"
q() { "$qufa" --db demo.db --today 2017-09-05 "$@"; }
q report ledger --org gy1 -o ledger.xlsx >/dev/null || fail "report ledger"
q export members --unmask -o members.xlsx || fail "export members"
q export activities --chinese-headers -o activities.xlsx || fail "export activities"
"$python" "$here/check_reader.py" "$dump" ledger.xlsx members.xlsx activities.xlsx \
    books/openpyxl.xlsx || fail "openpyxl and qufa read differently"
echo "ok: $checked workbooks"
