#!/bin/sh
# Runs bench_pgscale (an organ on PostgreSQL fed by pushes, issue 15) on a throwaway cluster:
#
#   sh tests/perf/bench_pgscale.sh [BUILD_DIR [SIZES]]
#
# BUILD_DIR is a release build with the benchmarks (default build-release), SIZES the organ's
# sizes in branches (default "1000 10000"). The cluster (tools/pg_cluster.sh) lives in a
# temporary directory and is stopped at the end; the branch files are made once and kept in
# $QUFA_PERF_DIR (default /tmp); the organ file is made again each run (QUFA_PERF_KEEP=1 keeps it;
# QUFA_PERF_RUNS=N runs each figure N times, default 3). The raw output is also
# written to $QUFA_PERF_DIR/bench_pgscale.log.
set -eu
build=${1:-build-release}
sizes=${2:-1000 10000}
bench="$build/tests/perf/bench_pgscale"
[ -x "$bench" ] || { echo "bench_pgscale: $bench missing (configure with -DQUFA_PERF=ON)" >&2; exit 2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=${QUFA_PERF_DIR:-/tmp}
export QUFA_PERF_DIR="$dir"
pgdir=$(mktemp -d)
trap 'sh "$here/tools/pg_cluster.sh" stop "$pgdir"' EXIT INT TERM
url=$(sh "$here/tools/pg_cluster.sh" start "$pgdir")
psql -X -q "$url" -c "CREATE DATABASE organ"
# no autovacuum: its work would be counted as the check's (the server's CPU is every process of
# the cluster); the benchmark runs VACUUM ANALYZE itself after the pushes
psql -X -q "$url" -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
export QUFA_PERF_PG="postgresql:///organ?host=$pgdir&user=qufa"
export QUFA_PERF_PGDIR="$pgdir"
# shellcheck disable=SC2086 # the sizes are words
"$bench" $sizes | tee "$dir/bench_pgscale.log"
