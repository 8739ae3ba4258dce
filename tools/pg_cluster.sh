#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (and for trying qufa on PostgreSQL):
#
#   sh tools/pg_cluster.sh start DIR   initdb into DIR/data, start it listening on a Unix socket
#                                      in DIR only (no TCP), print its URL
#   sh tools/pg_cluster.sh stop DIR    stop it and remove DIR
#
# The URL names the database "postgres" and the superuser "qufa": the tests create a database
# of their own on it for each test (QUFA_TEST_DB_URL, see docs/postgresql.md). Nothing is
# durable (fsync off): it is for tests. PostgreSQL refuses to run as root, so as root the
# cluster runs as the unprivileged user "nobody", owner of DIR; otherwise as the caller.
# Needs the Debian package postgresql-15 (tools/bootstrap.sh installs it).
set -eu

usage() {
	echo "usage: sh tools/pg_cluster.sh start|stop DIR" >&2
	exit 2
}
[ $# -eq 2 ] || usage
dir=$2

bin=
for v in 15 16 17 14 13; do
	if [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
		bin=/usr/lib/postgresql/$v/bin
		break
	fi
done
[ -n "$bin" ] || {
	echo "pg_cluster: no PostgreSQL server found (apt-get install postgresql-15)" >&2
	exit 2
}

# as_owner CMD...: runs CMD as the cluster's owner
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

case $1 in
start)
	# initdb and pg_ctl write to /dev/null as the cluster's owner: a /dev/null that some other
	# program replaced by a regular file of root's makes them fail; put the device back
	if [ ! -c /dev/null ] && [ "$(id -u)" = 0 ]; then
		# (another program may be putting it back at the same moment: then it is there)
		rm -f /dev/null && mknod -m 666 /dev/null c 1 3 || [ -c /dev/null ]
	fi
	mkdir -p "$dir"
	chmod 700 "$dir"
	[ "$(id -u)" = 0 ] && chown nobody "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -U qufa --auth=trust -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
		-o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "postgresql:///postgres?host=$dir&user=qufa"
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -s stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	usage
	;;
esac
