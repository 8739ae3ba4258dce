#!/bin/sh
# Benchmark of `qufa report ledger` (issue 17, goal 5; not a ctest test): one branch with
# 10,000 and then 100,000 activities in 2019 (ledger_gen.lua), its ledger written to XLSX and to
# CSV, three runs each; prints CPU time (user + sys) and peak resident memory of each run. The
# rows stream to the file, so the peak should not grow with the rows.
#   sh tests/perf/bench_ledger.sh [BUILD_DIR [DIR]]   (QUFA_LEDGER_REPORT=FILE.lua: another ledger)
set -eu
build=${1:-build-release}
dir=${2:-${QUFA_PERF_DIR:-/tmp}}
here=$(cd "$(dirname "$0")" && pwd)
qufa=$build/qufa
report=${QUFA_LEDGER_REPORT:-ledger} # or the path of another ledger script, to compare
for n in 10000 100000; do
    db=$dir/qufa-ledger-$n.db
    if [ ! -f "$db" ]; then
        "$qufa" --db "$db" init >/dev/null
        "$qufa" --db "$db" run "$here/ledger_gen.lua" "$n"
    fi
    for format in xlsx csv; do
        for run in 1 2 3; do
            /usr/bin/time -f "%U %S %M" -o "$dir/bench_ledger.time" "$qufa" --db "$db" \
                --today 2019-12-31 report "$report" --org big --period 2019 \
                -o "$dir/bench_ledger.$format" >/dev/null
            awk -v n="$n" -v f="$format" -v r="$run" '{printf "ledger %6d activities %-4s run %d: cpu %6.2f s  peak %6.1f MiB\n", n, f, r, $1 + $2, $3 / 1024}' "$dir/bench_ledger.time"
        done
    done
done
rm -f "$dir/bench_ledger.xlsx" "$dir/bench_ledger.csv" "$dir/bench_ledger.time"
