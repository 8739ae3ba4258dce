#!/bin/sh
# Benchmark of reports from Lua (not a ctest test): 100,000 ledger-like rows to XLSX and CSV,
# streamed (the output given first) and kept in memory, each case in its own process; then 10x
# the rows streamed, to show that memory stays flat while time grows.
#   sh tests/perf/bench_report.sh [BUILD_DIR] [ROWS]
set -eu
build=${1:-build}
rows=${2:-100000}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LUA_CPATH="$build/lua/?.so;;" QUFA_LANG=zh
for format in xlsx csv; do
    for mode in stream memory; do
        lua5.4 "$here/bench_report.lua" "$format" "$rows" "$mode" "$dir"
    done
done
for format in xlsx csv; do
    lua5.4 "$here/bench_report.lua" "$format" $((rows * 10)) stream "$dir"
done
