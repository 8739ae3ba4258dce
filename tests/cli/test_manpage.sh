#!/bin/bash
# qufa(1), generated from the command table at build time (build/lua/host/qufa.1 and
# zh_CN/qufa.1): man renders it without a warning, every command of the table has its section
# with its usage text as --help prints it, in English and in Chinese.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
pages="$(dirname "$QUFA")/host"
command -v man >/dev/null || fail "man is not installed (Debian package man-db)"
render() { # PAGE LANG: the page as man shows it, warnings on stderr
    MANWIDTH=120 LANG=C.UTF-8 man --warnings -E UTF-8 -P cat -l "$1" >"$2.txt" 2>"$2.err" ||
        fail "man -l $1 failed: $(cat "$2.err")"
    [ ! -s "$2.err" ] || fail "man -l $1 warns: $(cat "$2.err")"
}
render "$pages/qufa.1" en
render "$pages/zh_CN/qufa.1" zh

for section in NAME SYNOPSIS "GLOBAL OPTIONS" COMMANDS "EXIT STATUS" ENVIRONMENT; do
    grep -q "^$section\$" en.txt || fail "no section $section: $(head -20 en.txt)"
done
grep -q "qufa - Standardized party-branch work as code." en.txt || fail "NAME line"
for section in 全局选项 命令 退出状态; do
    grep -q "^$section\$" zh.txt || fail "no section $section in Chinese: $(head -20 zh.txt)"
done
n=0
while read -r c; do
    n=$((n + 1))
    grep -q "^   $c\$" en.txt || fail "no section for $c"
    grep -q "^   $c\$" zh.txt || fail "no Chinese section for $c"
    # the first line of its usage, as --help prints it
    first=$(QUFA_LANG=en "$QUFA" "$c" --help | head -n 1 | sed 's/^Usage: //')
    grep -qF -- "$first" en.txt || fail "$c: '$first' is not in the page"
    first_zh=$(QUFA_LANG=zh "$QUFA" "$c" --help | head -n 1 | sed 's/^用法：//')
    grep -qF -- "$first_zh" zh.txt || fail "$c: '$first_zh' is not in the Chinese page"
done < <(QUFA_LANG=en "$QUFA" --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}')
[ "$n" -ge 19 ] || fail "only $n commands"
grep -q -- "--lang zh|en" en.txt || fail "global options"
echo "ok: $n commands"
