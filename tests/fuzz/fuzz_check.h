/*
 * What the fuzz targets share: CHECK, which ends the run on a broken promise as a crash would
 * (the condition, its line and the library's last error go to stderr, and libFuzzer keeps the
 * input), and the in-memory database the targets that need one start from.
 */
#ifndef QUFA_FUZZ_CHECK_H
#define QUFA_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include "qufa.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s: %s failed (line %d): %s\n", __FILE__, #cond, __LINE__,           \
                    qf_error_last());                                                              \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* An in-memory database, messages in English, today 2017-09-05. */
static inline qf_db *fuzz_open_memory(void)
{
    qf_i18n_init(NULL);
    qf_set_language("en");
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "fuzz";
    qf_db *db = NULL;
    CHECK(qf_db_open(&db, ":memory:", &o) == QF_OK);
    qf_date today;
    CHECK(qf_date_parse(&today, "2017-09-05") == QF_OK);
    qf_db_set_today(db, today);
    return db;
}

#endif
