#!/bin/sh
# The README's two commands. On a fresh Debian 12 machine (as root) each installs whatever is
# missing first, then:
#   sh tools/bootstrap.sh demo   builds qufa and runs `qufa demo`
#   sh tools/bootstrap.sh test   builds and runs every test: the dev build, the ASan+UBSan build,
#                                valgrind over the core tests, luacheck, and the fuzz smoke run;
#                                the tests labelled pg run on a throwaway PostgreSQL cluster that
#                                it starts first and removes at the end (tools/pg_cluster.sh);
#                                under ASan the core tests run on both backends, the shell tests
#                                on SQLite (the same host code; on the server they only double
#                                the time the suite may take)
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
jobs=$(nproc 2>/dev/null || echo 2)

build_packages="cmake make gcc libc6-dev pkg-config gettext zlib1g-dev liblua5.4-dev libsqlite3-dev
  libpq-dev libjansson-dev libyajl-dev libxlsxwriter-dev libical-dev nettle-dev libxxhash-dev libzip-dev libexpat1-dev"
test_packages="$build_packages lua5.4 sqlite3 libcmocka-dev lua-check valgrind clang
  libclang-rt-14-dev python3 python3-openpyxl python3-icalendar python3-docx chromium
  fonts-wqy-zenhei libreoffice-writer-nogui ca-certificates man-db luarocks unicode-data
  postgresql-15"

# Installs the packages in $1 that dpkg does not report as installed.
need() {
	missing=""
	for p in $1; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "bootstrap: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "bootstrap: these Debian packages are missing:$missing" >&2
		echo "bootstrap: run as root, or install them with sudo apt-get install$missing" >&2
		exit 2
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

configure_build() { # preset, build dir, then cmake configure arguments or --target T
	preset=$1
	dir=$2
	shift 2
	target=
	if [ "${1:-}" = --target ]; then
		target="--target $2"
		shift 2
	fi
	cmake --preset "$preset" "$@" >/dev/null
	# shellcheck disable=SC2086 # $target is empty or two words
	cmake --build "$dir" -j "$jobs" $target
}

case "${1:-}" in
demo)
	need "$build_packages"
	# the demo needs no test tools: build without the tests
	configure_build release build-release -DQUFA_BUILD_TESTS=OFF -DQUFA_PERF=OFF
	shift
	exec build-release/qufa demo "$@"
	;;
test)
	need "$test_packages"
	# Debian's python3, not a pyenv shim that lacks the Debian modules
	export QUFA_PYTHON=/usr/bin/python3
	echo "== PostgreSQL: a throwaway cluster for the tests labelled pg"
	pgdir=$(mktemp -d "${TMPDIR:-/tmp}/qufa-pg.XXXXXX")
	trap 'sh tools/pg_cluster.sh stop "$pgdir"' EXIT
	trap 'exit 130' INT TERM
	QUFA_TEST_PG=$(sh tools/pg_cluster.sh start "$pgdir")
	export QUFA_TEST_PG
	echo "== dev build (warnings are errors)"
	configure_build dev build
	# Each test runs once where it finds the most: everything without a server in the ASan+UBSan
	# build below; here, the tests on the PostgreSQL server (labelled pg) and those labelled
	# plain (tests/CMakeLists.txt: the doc examples and the bad-input corpus, 150 s each under
	# ASan, and what the sanitizer build does not have), so the suite fits CI's 25 minutes.
	# One job more than the cores: the pg tests wait on the server (the CPUs were 57% busy at -j2).
	ctest --test-dir build --output-on-failure -j "$((jobs + 1))" -L '^(pg|plain)$'
	echo "== the shipped packs' tests (scripts/packs/tests), with their coverage"
	build/qufa test --coverage scripts/packs/tests
	echo "== ASan + UBSan build"
	configure_build asan build-asan
	ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE '^(pg|plain)$'
	ctest --test-dir build-asan --output-on-failure -j "$jobs" -L pg -R '^pg[.]core[.]'
	echo "== valgrind over the core tests"
	ctest --test-dir build --output-on-failure -j "$jobs" -L valgrind
	echo "== luacheck over the shipped Lua"
	luacheck --quiet --std lua54 --config .luacheckrc scripts lua tests/lua
	echo "== fuzz smoke run"
	configure_build fuzz build-fuzz --target fuzzers
	ctest --test-dir build-fuzz --output-on-failure -L fuzz
	echo "bootstrap: all tests passed"
	;;
*)
	echo "usage: sh tools/bootstrap.sh demo|test" >&2
	exit 2
	;;
esac
