#!/bin/sh
# Every message marked _() in lua/ (C and Lua, and the generator of the manual page) has a
# Chinese translation in po/zh_CN/*.po.
set -eu
root=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$dir/c.pot" lua/*.c lua/host/*.c
xgettext --from-code=UTF-8 --language=Lua --keyword=_ -o "$dir/lua.pot" lua/*.lua lua/host/cmd/*.lua \
    lua/host/gen/*.lua
msgcat -o "$dir/all.pot" "$dir/c.pot" "$dir/lua.pot"
msgcat --use-first -o "$dir/zh.po" po/zh_CN/*.po
msgcmp "$dir/zh.po" "$dir/all.pot"
echo "all messages of lua/ are translated"
