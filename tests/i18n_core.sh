#!/bin/sh
# Every message marked _() or N_() in core/src/ and lua/ (C and Lua) has a Chinese translation in
# po/zh_CN/*.po. (i18n_lua.sh checks lua/ alone.)
set -eu
root=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$dir/c.pot" core/src/*/*.c lua/*.c lua/host/*.c
xgettext --from-code=UTF-8 --language=Lua --keyword=_ -o "$dir/lua.pot" lua/*.lua lua/host/cmd/*.lua
msgcat -o "$dir/all.pot" "$dir/c.pot" "$dir/lua.pot"
msgcat --use-first -o "$dir/zh.po" po/zh_CN/*.po
msgcmp "$dir/zh.po" "$dir/all.pot"
echo "all messages of core/src/ and lua/ are translated"
