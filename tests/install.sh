#!/bin/sh
# cmake --install puts libqufa, qufa.so (in a lua5.4 cmodule dir), the qufa executable and the
# bash completion in place, and the installed module loads in stock lua5.4.
set -eu
build=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cmake --install "$build" --prefix "$dir/usr" >/dev/null
fail() { echo "FAIL: $*"; find "$dir" -type f | sort; exit 1; }
module=$(find "$dir/usr/lib" -path '*/lua/5.4/qufa.so' | head -n 1)
[ -n "$module" ] || fail "qufa.so not installed under lib/…/lua/5.4"
[ -x "$dir/usr/bin/qufa" ] || fail "bin/qufa"
[ -f "$dir/usr/share/bash-completion/completions/qufa" ] || fail "bash completion"
[ -n "$(find "$dir/usr/lib" -name 'libqufa.so*' | head -n 1)" ] || fail "libqufa"
[ "$(head -c 2 "$dir/usr/share/qufa/scripts/templates/document.docx")" = PK ] ||
    fail "the .docx skeleton next to the templates"
LUA_CPATH="$(dirname "$module")/?.so" lua5.4 -e 'local q = require "qufa"; assert(q.version)' ||
    fail "the installed module does not load"
"$dir/usr/bin/qufa" --version >/dev/null || fail "the installed qufa does not run"
echo "install layout ok"
