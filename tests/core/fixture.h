/* Shared fixtures for the core tests: an in-memory or temporary-file database. */
#ifndef QUFA_TEST_FIXTURE_H
#define QUFA_TEST_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
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

/* An in-memory database with today = 2017-09-05; freed by fx_teardown. */
int fx_setup_memory(void **state);
/* A fresh database file in a temporary directory (path in fx_path()). */
int fx_setup_file(void **state);
int fx_teardown(void **state);
const char *fx_path(void);
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
