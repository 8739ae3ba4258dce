/* Upgrading a database written by an earlier schema: the remaining migrations run, the audit
 * triggers are regenerated, and rows written before the upgrade are logged as a baseline so
 * `audit verify` passes and later edits behind qufa's back are still found. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fixture.h"
#include "internal.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s", err);
}

static void migrate__old_database_upgrades_and_verifies(void **state)
{
    (void)state;
    char path[] = "/tmp/qufa-migrate-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    /* a database at schema 2 (records and vocabularies), written without qufa's triggers */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    exec(raw, "PRAGMA application_id = 1903519329");
    exec(raw, qf_schema_files[0].data);
    exec(raw, qf_schema_files[1].data);
    exec(raw, "PRAGMA user_version = 2");
    exec(raw, "INSERT INTO org (kind, code, name) VALUES ('committee', 'jg', '机关党委')");
    sqlite3_close(raw);

    qf_db *db = NULL;
    QF_OK_OR_FAIL(qf_db_open(&db, path, NULL));
    assert_int_equal(qf_db_schema_version(db), qf_schema_version());
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL)); /* the old row has its baseline entry */
    qf_org *o = NULL;
    QF_OK_OR_FAIL(qf_org_lookup(&o, db, "jg"));
    qf_org changed = *o;
    changed.name = "机关党委（新）";
    QF_OK_OR_FAIL(qf_org_update(db, &changed));
    qf_org_free(o);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
    qf_db_free(db);

    /* an edit after the upgrade, behind qufa's back, is still found */
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    exec(raw, "DROP TRIGGER qf_audit_org_u; UPDATE org SET name = '篡改' WHERE code = 'jg'");
    sqlite3_close(raw);
    QF_OK_OR_FAIL(qf_db_open(&db, path, NULL));
    QF_FAILS_WITH(QF_ECORRUPT, "field name is '篡改'", qf_audit_verify(db, NULL));
    qf_db_free(db);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrate__old_database_upgrades_and_verifies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
