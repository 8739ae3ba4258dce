#!/bin/sh
# core/src/base/strokes_table.h is what tools/gen_strokes.py makes from Debian's Unihan data
# (unicode-data): the stroke counts behind 姓氏笔画 order were generated, not typed, and the
# committed table is current for the installed Unicode version.
set -eu
root=$1
if [ ! -r /usr/share/unicode/Unihan_IRGSources.txt.bz2 ]; then
	echo "strokes_table: /usr/share/unicode/Unihan_IRGSources.txt.bz2 is missing (apt-get install unicode-data)" >&2
	exit 1
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
/usr/bin/python3 "$root/tools/gen_strokes.py" >"$tmp"
if ! cmp -s "$tmp" "$root/core/src/base/strokes_table.h"; then
	echo "strokes_table: core/src/base/strokes_table.h differs from what tools/gen_strokes.py makes:" >&2
	diff "$root/core/src/base/strokes_table.h" "$tmp" | head -20 >&2
	exit 1
fi
echo "strokes_table: the committed table matches the installed Unihan data"
