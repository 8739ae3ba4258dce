#!/bin/sh
# Every message of the reports, documents and templates code (C and Lua, including the
# built-in reports users copy) has a Chinese translation in po/zh_CN/*.po.
set -eu
root=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$dir/c.pot" core/src/report/template.c \
    core/src/report/markdown.c core/src/report/table_memory.c lua/l_report.c lua/l_template.c
xgettext --from-code=UTF-8 --language=Lua --keyword=_ -o "$dir/lua.pot" lua/host/cmd/report.lua \
    lua/host/cmd/doc.lua scripts/reports/*.lua
msgcat -o "$dir/all.pot" "$dir/c.pot" "$dir/lua.pot"
msgcat --use-first -o "$dir/zh.po" po/zh_CN/*.po
# msgcmp also reports translations used by other modules; only missing ones fail
if msgcmp "$dir/zh.po" "$dir/all.pot" 2>"$dir/err"; then :; fi
if grep "used but not defined\|translation is missing\|untranslated" "$dir/err"; then
    echo "untranslated messages (see above)" >&2
    exit 1
fi
echo "all messages of the reports and documents are translated"
