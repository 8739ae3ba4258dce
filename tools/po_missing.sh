#!/bin/sh
# Lists the messages of core/ and lua/ that have no Chinese translation yet (what
# tests/i18n_core.sh fails on), as a .po fragment to fill in: sh tools/po_missing.sh > new.po
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$dir/c.pot" core/src/*/*.c lua/*.c lua/host/*.c
xgettext --from-code=UTF-8 --language=Lua --keyword=_ -o "$dir/lua.pot" lua/*.lua lua/host/cmd/*.lua
msgcat -o "$dir/all.pot" "$dir/c.pot" "$dir/lua.pot"
msgcat --use-first -o "$dir/zh.po" po/zh_CN/*.po
msgmerge -q --no-fuzzy-matching -o "$dir/merged.po" "$dir/zh.po" "$dir/all.pot"
msgattrib --untranslated --no-obsolete --no-location "$dir/merged.po" | sed '1,/^$/d'
