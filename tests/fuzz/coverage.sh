#!/bin/sh
# Source coverage a fuzz corpus reaches: builds the library and the replay driver of a target
# with clang's coverage instrumentation (in build-cov/), runs every input of the given corpora
# once, and prints llvm-cov's report for the files that target exercises.
#   sh tests/fuzz/coverage.sh dates|catalog|csv|xlsx|findings CORPUS_DIR...
# For the long runs documented in docs/reliability.md, the corpora were the seed corpus and the
# one libFuzzer grew (the first directory given to it).
set -eu
target=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build-cov
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S "$root" -B "$out" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	-DQUFA_BUILD_TESTS=OFF -DQUFA_PERF=OFF -DCMAKE_C_FLAGS="$flags" >/dev/null
cmake --build "$out" -j "$(nproc)" --target qufa_static >/dev/null
case $target in
dates) files="core/src/base/date.c core/src/base/period.c" ;;
catalog) files="core/src/rules/catalog.c core/src/rules/tailoring.c core/src/rules/reqkind.c core/src/rules/resolve.c core/src/rules/catalog_list.c" ;;
csv) files="core/src/exchange/csv.c" ;;
xlsx) files="core/src/exchange/xlsx.c core/src/exchange/xlsx_pkg.c core/src/exchange/xlsx_book.c core/src/exchange/xlsx_styles.c core/src/exchange/xlsx_strings.c core/src/exchange/xlsx_sheet.c" ;;
findings) files="core/src/engine/finding_load.c core/src/base/msg_read.c" ;;
*) echo "coverage.sh: unknown target $target" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086,SC2046 # (several words on purpose)
clang $flags -D_POSIX_C_SOURCE=200809L -DFUZZ_SEED_DIR="\"$root/tests/fuzz/corpus/catalog\"" \
	-I"$root/core/include" -o "$out/replay_$target" "$root/tests/fuzz/replay.c" \
	"$root/tests/fuzz/fuzz_$target.c" "$out/core/libqufa.a" \
	$(pkg-config --libs sqlite3 jansson yajl xlsxwriter libical libzip expat nettle libxxhash) -lm -ldl
rm -f "$out/$target.profraw"
LLVM_PROFILE_FILE="$out/$target.profraw" QUFA_LANG=en "$out/replay_$target" "$@"
llvm-profdata merge -sparse -o "$out/$target.profdata" "$out/$target.profraw"
existing=""
for f in $files; do [ -f "$root/$f" ] && existing="$existing $root/$f"; done
# shellcheck disable=SC2086
llvm-cov report "$out/replay_$target" -instr-profile="$out/$target.profdata" $existing
