#!/bin/sh
# Runs a test on PostgreSQL: the command given, with QUFA_TEST_DB_URL set to the test server of
# this run (QUFA_TEST_PG: tools/bootstrap.sh test starts a throwaway cluster and sets it; by
# hand, see docs/postgresql.md). The tests make a fresh database of their own on it. Without a
# server the test is skipped (exit 77, the SKIP_RETURN_CODE of the tests labelled "pg").
if [ -z "${QUFA_TEST_PG:-}" ]; then
    echo "no PostgreSQL test server (QUFA_TEST_PG is not set): skipped"
    exit 77
fi
QUFA_TEST_DB_URL=$QUFA_TEST_PG
export QUFA_TEST_DB_URL
exec "$@"
