#!/bin/sh
# cmake --install puts libqufa, qufa.so (in a lua5.4 cmodule dir), the qufa executable, the
# bash completion and the manual page qufa(1) (English and Chinese) in place, and the installed
# module loads in stock lua5.4.
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
grep -q "_qufa_commands=" "$dir/usr/share/bash-completion/completions/qufa" ||
    fail "the completion installed is not the generated one"
[ -f "$dir/usr/share/man/man1/qufa.1" ] || fail "man page"
[ -f "$dir/usr/share/man/zh_CN/man1/qufa.1" ] || fail "Chinese man page"
MANWIDTH=80 man -P cat -l "$dir/usr/share/man/man1/qufa.1" | grep -q "qufa init" ||
    fail "the installed man page does not render"
[ -n "$(find "$dir/usr/lib" -name 'libqufa.so*' | head -n 1)" ] || fail "libqufa"
[ "$(head -c 2 "$dir/usr/share/qufa/scripts/templates/document.docx")" = PK ] ||
    fail "the .docx skeleton next to the templates"
LUA_CPATH="$(dirname "$module")/?.so" lua5.4 -e 'local q = require "qufa"; assert(q.version)' ||
    fail "the installed module does not load"
"$dir/usr/bin/qufa" --version >/dev/null || fail "the installed qufa does not run"
echo "install layout ok"
