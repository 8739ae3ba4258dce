#!/bin/sh
# Checks that docs/reliability.md holds the table of the bad-input corpus that the last run of
# tests/bad/run.sh wrote (its --table file): the doc lists every case and its outcome as they
# are. To bring it up to date: bash tests/bad/run.sh QUFA PROBE --doc docs/reliability.md --update
set -u
table=$1
doc=$2
[ -f "$table" ] || { echo "doc_check: $table is missing (run the reliability.bad_corpus test first)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -n '/^<!-- bad-cases:begin/,/^<!-- bad-cases:end -->/p' "$doc" | sed '1d;$d' >"$dir/doc"
if ! diff -u "$dir/doc" "$table" >"$dir/diff"; then
	echo "doc_check: $doc is not current (the table below is what the corpus gives now)"
	echo "doc_check: update it with: bash tests/bad/run.sh QUFA PROBE --doc $doc --update"
	head -n 60 "$dir/diff"
	exit 1
fi
echo "doc_check: $doc lists the $(grep -c '^| [a-z0-9]' "$table") cases as they run"
