/* Fixtures for the CSV import and export tests: files in a temporary directory, a second
 * database to import into, an export captured in memory. */
#ifndef QUFA_TEST_FIXTURE_CSV_H
#define QUFA_TEST_FIXTURE_CSV_H

#include "fixture.h"

/* Writes `len` bytes to `name` in the test's temporary directory; returns the path (valid
 * until the next 16 calls). */
const char *fx_csv_write(const char *name, const char *data, size_t len);
#define FX_CSV(name, literal) fx_csv_write(name, literal, sizeof literal - 1)
/* Removes the temporary directory (a cmocka group teardown). */
int fx_csv_cleanup(void **state);

/* Another in-memory database with today = 2017-09-05 (free with qf_db_free). */
qf_db *fx_open_fresh(void);
/* The export as a malloc'd NUL-terminated string; *len its length. */
char *fx_export(qf_db *db, qf_import_kind kind, const qf_export_options *opts, size_t *len);

/* An import that must fail with QF_EINVALID, a message containing `needle`, and no change. */
#define FX_IMPORT_FAILS(db, kind, path, needle)                                                    \
    do {                                                                                           \
        char before_[65], after_[65];                                                              \
        QF_OK_OR_FAIL(qf_db_content_hash((db), before_));                                          \
        QF_FAILS_WITH(QF_EINVALID, (needle), qf_import_csv(NULL, (db), (kind), (path), NULL));     \
        QF_OK_OR_FAIL(qf_db_content_hash((db), after_));                                           \
        assert_string_equal(before_, after_);                                                      \
    } while (0)

#endif
