/* Shared fixtures for the core tests: an in-memory or temporary-file database. */
#ifndef QUFA_TEST_FIXTURE_H
#define QUFA_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include <cmocka.h>

#include "qufa.h"

/* Asserts a qufa call succeeded, printing qf_error_last() when it did not. */
#define QF_OK_OR_FAIL(call)                                                                        \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ != QF_OK)                                                                          \
            fail_msg("%s -> %d: %s", #call, rc_, qf_error_last());                                 \
    } while (0)

/* Asserts a call failed with `code` and that the message contains `needle`. */
#define QF_FAILS_WITH(code, needle, call)                                                          \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        if (rc_ != (code))                                                                         \
            fail_msg("%s -> %d (wanted %d): %s", #call, rc_, (code), qf_error_last());             \
        if ((needle) && !strstr(qf_error_last(), (needle)))                                        \
            fail_msg("%s: message '%s' lacks '%s'", #call, qf_error_last(), (const char *)(needle)); \
    } while (0)

/*
 * Both backends: with QUFA_TEST_DB_URL set (a PostgreSQL URL of a database where the tests may
 * create databases, e.g. postgresql:///postgres?host=/tmp/qufa-pg.X), every test database is a
 * fresh PostgreSQL database copied from one migrated per test program, dropped at teardown;
 * otherwise SQLite as below. The same tests run on both (ctest's label "pg").
 */
/* An in-memory database with today = 2017-09-05; freed by fx_teardown. */
int fx_setup_memory(void **state);
/* A fresh database file in a temporary directory (path in fx_path()). */
int fx_setup_file(void **state);
int fx_teardown(void **state);
/* What to give qf_db_open to open the test's database again: a file or a URL. */
const char *fx_path(void);
/* Whether the tests run on PostgreSQL. */
bool fx_pg(void);
/* Skips the calling test on PostgreSQL: it is about something only SQLite has (a file, its
 * locks, its shell); `why` says what. */
void fx_sqlite_only(const char *why);
/* Raw SQL on the test's database, behind the API's back (tests of what it must notice), on
 * either backend: run it; the first column of its first row as an integer, or as text. */
void fx_exec(qf_db *db, const char *sql);
int64_t fx_sql_int(qf_db *db, const char *sql);
void fx_sql_text(qf_db *db, const char *sql, char *buf, size_t size);
/* Runs an INSERT with ?1 bound to `text` (none when NULL); returns the new row's id. */
int64_t fx_insert(qf_db *db, const char *sql, const char *text);
/* Whether a transaction is open on the connection. */
bool fx_in_tx(qf_db *db);
qf_date fx_date(const char *s);
qf_datetime fx_datetime(const char *s);

/* A small org tree: committee "jg" > branch "gy1" > groups "gy1g1", "gy1g2". */
typedef struct fx_tree {
    int64_t committee, branch, group1, group2;
} fx_tree;
void fx_make_tree(qf_db *db, fx_tree *t);
/* A member with a status since a date, in a branch and group (0 = none). */
int64_t fx_member(qf_db *db, const char *name, qf_member_status st, const char *since,
                  int64_t org, int64_t group);

#endif
