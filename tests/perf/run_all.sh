#!/bin/sh
# Runs every benchmark of issue 8 in order and prints the summary table of docs/performance.md
# (run by hand, not by ctest: benchmarks report, they never assert time).
#
#   sh tests/perf/run_all.sh [BUILD_DIR [SIZES]]
#
# BUILD_DIR is a release build with the benchmarks (cmake --preset release -DQUFA_PERF=ON; on by
# default), default build-release. SIZES (default "100 1000 10000") are the deployments in
# branches; the check is timed on each, the CLI figures use 1000 and the largest. The generated
# databases are kept in $QUFA_PERF_DIR (default /tmp) and made the first time (10,000 branches:
# about 5 GB and ten minutes); the remind run writes its ledger into a copy. Every raw output
# goes to $QUFA_PERF_DIR/run_all.log. Each benchmark interleaves its variants and prints
# medians (see their header comments); the ratios are of CPU time, which another job on the
# machine disturbs less than wall-clock time.
set -eu
build=${1:-build-release}
sizes=${2:-100 1000 10000}
bench="$build/tests/perf"
qufa="$build/qufa"
dir=${QUFA_PERF_DIR:-/tmp}
export QUFA_PERF_DIR="$dir"
log="$dir/run_all.log"
: >"$log"
for f in bench_insert bench_iter bench_check; do
    [ -x "$bench/$f" ] || { echo "run_all: $bench/$f missing (configure with -DQUFA_PERF=ON)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "run_all: /usr/bin/time is needed for peak memory" >&2; exit 2; }
largest=$(echo "$sizes" | tr ' ' '\n' | sort -n | tail -1)

step() { echo "== $*" >>"$log"; echo "running: $*" >&2; "$@" | tee -a "$log"; }

# "cpu" ratio to raw of a variant's line (bench_insert, bench_iter)
ratio() { grep -E "^  $1 " | sed -n 's/.*(cpu \([0-9.]*\)×).*/\1/p'; }

step "$bench/bench_insert" 100 5 >"$dir/run_all.insert"
step "$bench/bench_iter" 1000 9 >"$dir/run_all.iter"
# shellcheck disable=SC2086 # the sizes are words
step "$bench/bench_check" $sizes >"$dir/run_all.check"

db1000="$dir/qufa-perf-1000.db"
dbbig="$dir/qufa-perf-$largest.db"
copy="$dir/qufa-perf-remind.db"
# one branch through the CLI: a process of its own, the packs' sandboxes made from scratch
"$qufa" --db "$dbbig" --today 2019-12-31 check --org b00002 --period 2019 >/dev/null 2>&1 || true
/usr/bin/time -v "$qufa" --db "$dbbig" --today 2019-12-31 check --org b00002 --period 2019 \
    >/dev/null 2>"$dir/run_all.cli1" || true
# the whole deployment through the CLI, written as it is judged (issue 17, goal 2: the peak
# memory must not grow with the number of branches); the smallest size and the largest
smallest=$(echo "$sizes" | tr ' ' '\n' | sort -n | head -1)
for s in $smallest $largest; do
    for fmt in json text; do
        /usr/bin/time -v "$qufa" --db "$dir/qufa-perf-$s.db" --today 2019-12-31 check --period 2019 \
            --format $fmt >/dev/null 2>"$dir/run_all.whole-$s-$fmt" || true
    done
done
cp "$db1000" "$copy"
rm -f "$copy-wal" "$copy-shm"
/usr/bin/time -v "$qufa" --db "$copy" --today 2019-09-05 remind >/dev/null 2>"$dir/run_all.remind" || true
/usr/bin/time -v "$qufa" --db "$copy" --today 2019-09-06 remind >/dev/null 2>"$dir/run_all.remind2" || true
# the ledger is one branch's (its --org is required); the compliance report of a committee
# (c000: 100 branches) runs the check of every branch below it
/usr/bin/time -v "$qufa" --db "$db1000" --today 2019-12-31 report ledger --org b00002 \
    --period 2019 -o "$dir/run_all-ledger.xlsx" >/dev/null 2>"$dir/run_all.ledger" || true
/usr/bin/time -v "$qufa" --db "$db1000" --today 2019-12-31 report compliance --org c000 \
    --period 2019 -o "$dir/run_all-compliance.xlsx" >/dev/null 2>"$dir/run_all.compliance" || true
rm -f "$copy" "$copy-wal" "$copy-shm"
cat "$dir"/run_all.whole-* "$dir"/run_all.cli1 "$dir"/run_all.remind "$dir"/run_all.remind2 "$dir"/run_all.ledger \
    "$dir"/run_all.compliance >>"$log"

elapsed() { sed -n 's/.*Elapsed (wall clock) time.*: //p' "$1"; }
rss() { awk '/Maximum resident set size/ {printf "%.0f MiB", $NF / 1024}' "$1"; }
cpu() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f s", u + s}' "$1"; }
met() { awk -v m="$1" -v g="$2" 'BEGIN {print (m + 0 <= g + 0) ? "yes" : "NO"}'; }

ins_api=$(ratio api <"$dir/run_all.insert")
ins_raw2=$(sed -n 's/^  raw2 .*(cpu \([0-9.]*\)×).*/\1/p' "$dir/run_all.insert")
ins_lua=$(ratio lua <"$dir/run_all.insert")
iter_lua=$(ratio lua <"$dir/run_all.iter")
chk() { sed -n "s/^branches $1: check of every branch.*(cpu \([0-9.]*\)×)/\1/p" "$dir/run_all.check"; }
one=$(sed -n "s/^branches $largest: one branch.*cpu \([0-9.]*\) ms.*/\1/p" "$dir/run_all.check")
# CPU seconds of the whole check and of the plain pass at a size
chk_cpu() { sed -n "s/^branches $1: check of every branch.*cpu \([0-9.]*\) s;.*/\1/p" "$dir/run_all.check"; }
plain_cpu() { sed -n "s/^branches $1: plain SQL pass.*cpu \([0-9.]*\) s$/\1/p" "$dir/run_all.check"; }

echo
echo "| figure | goal | measured | met? |"
echo "|---|---|---|---|"
echo "| 1. insert, core API / raw loop (100 branches, CPU) | ≤ 1.2× | ${ins_api}× (raw2, multi-row: ${ins_raw2}×) | $(met "$ins_api" 1.2) |"
echo "| 2. insert from Lua / raw loop | ≤ 1.6× | ${ins_lua}× | $(met "$ins_lua" 1.6) |"
echo "| 3. iterate from Lua / raw C scan (1000 branches) | ≤ 2.2× | ${iter_lua}× | $(met "$iter_lua" 2.2) |"
for s in $sizes; do
    r=$(chk "$s")
    echo "| 4. check, whole pack / plain SQL pass ($s branches) | ≤ 5× | ${r}× | $(met "$r" 5) |"
done
prev=
for s in $sizes; do
    if [ -n "$prev" ]; then
        awk -v a="$prev" -v b="$s" -v ca="$(chk_cpu "$prev")" -v cb="$(chk_cpu "$s")" \
            -v pa="$(plain_cpu "$prev")" -v pb="$(plain_cpu "$s")" 'BEGIN {
            d = b / a; r = cb / ca
            printf "| 4. check time, %d → %d branches (data ×%g) | ≤ %.1f× | %.2f× (plain pass %.2f×) | %s |\n",
                a, b, d, 1.1 * d, r, pb / pa, (r <= 1.1 * d) ? "yes" : "NO" }'
    fi
    prev=$s
done
for s in $sizes; do
    e=$(sed -n "s/^branches $s: check_each, branch by branch.*(cpu)$/&/p" "$dir/run_all.check" | sed -n 's/.*; \([0-9.]*\)× the plain pass.*/\1/p')
    w=$(sed -n "s/^branches $s: check_write json.*; \([0-9.]*\)× the plain pass.*/\1/p" "$dir/run_all.check")
    echo "| 1. check branch by branch (\`db:check_each\`) / plain pass of every row read ($s branches, CPU) | ≤ 3× | ${e}× | $(met "$e" 3) |"
    echo "| 1. the same, rendered as JSON (\`db:check_write\`) ($s branches, CPU) | ≤ 3× | ${w}× | $(met "$w" 3) |"
done
for s in $smallest $largest; do
    for fmt in json text; do
        echo "| 2. \`qufa check --format $fmt\`, every branch of $s | — | $(elapsed "$dir/run_all.whole-$s-$fmt") wall, $(cpu "$dir/run_all.whole-$s-$fmt") CPU, $(rss "$dir/run_all.whole-$s-$fmt") | |"
    done
done
rss_kib() { awk '/Maximum resident set size/ {print $NF}' "$1"; }
if [ "$smallest" != "$largest" ]; then
    awk -v a="$(rss_kib "$dir/run_all.whole-$smallest-json")" -v b="$(rss_kib "$dir/run_all.whole-$largest-json")" \
        -v s="$smallest" -v l="$largest" 'BEGIN {
        printf "| 2. peak memory of \`qufa check --format json\`, %d → %d branches | ≤ 1.5× | %.2f× | %s |\n",
            s, l, b / a, (b / a <= 1.5) ? "yes" : "NO" }'
fi
echo "| 4. one branch of $largest, in-process (CPU) | ≤ 50 ms | ${one} ms | $(met "$one" 50) |"
echo "| 4. one branch of $largest, \`qufa check --org\` process | — | $(elapsed "$dir/run_all.cli1") wall, $(rss "$dir/run_all.cli1") | |"
echo "| 5. \`qufa remind\`, 1000 branches, first run | — | $(elapsed "$dir/run_all.remind") wall, $(cpu "$dir/run_all.remind") CPU, $(rss "$dir/run_all.remind") | |"
echo "| 5. \`qufa remind\`, the next day | — | $(elapsed "$dir/run_all.remind2") wall, $(cpu "$dir/run_all.remind2") CPU, $(rss "$dir/run_all.remind2") | |"
echo "| 5. \`qufa report ledger --org b00002\` → XLSX (1000-branch database) | — | $(elapsed "$dir/run_all.ledger") wall, $(cpu "$dir/run_all.ledger") CPU, $(rss "$dir/run_all.ledger") | |"
echo "| 5. \`qufa report compliance --org c000\` → XLSX (100 branches of the 1000) | — | $(elapsed "$dir/run_all.compliance") wall, $(cpu "$dir/run_all.compliance") CPU, $(rss "$dir/run_all.compliance") | |"
echo
echo "raw output: $log" >&2
rm -f "$dir/run_all-ledger.xlsx" "$dir/run_all-compliance.xlsx"
