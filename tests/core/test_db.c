/* The database handle: creation, pragmas, migrations, savepoints, today, refusal of strangers. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixture.h"

static int pragma_int(qf_db *db, const char *sql)
{
    return (int)fx_sql_int(db, sql);
}

static const char *pragma_text(qf_db *db, const char *sql, char *buf, size_t n)
{
    fx_sql_text(db, sql, buf, n);
    return buf;
}

static void db__file_is_private_wal_with_foreign_keys(void **state)
{
    fx_sqlite_only("the file's mode and SQLite's pragmas");
    qf_db *db = *state;
    struct stat sb;
    assert_int_equal(stat(fx_path(), &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    char buf[32];
    assert_string_equal(pragma_text(db, "PRAGMA journal_mode", buf, sizeof buf), "wal");
    assert_int_equal(pragma_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(pragma_int(db, "PRAGMA synchronous"), 1); /* NORMAL */
    assert_int_equal(pragma_int(db, "PRAGMA user_version"), qf_schema_version());
    assert_int_equal(qf_db_schema_version(db), qf_schema_version());
}

static void db__reopen_keeps_data_and_does_not_migrate_twice(void **state)
{
    qf_db *db = *state;
    qf_org o = {0, 0, QF_ORG_COMMITTEE, "jg", "机关党委", NULL};
    int64_t id;
    QF_OK_OR_FAIL(qf_org_create(&id, db, &o));
    qf_db_free(db);
    QF_OK_OR_FAIL(qf_db_open(&db, fx_path(), NULL));
    *state = db;
    qf_org *got = NULL;
    QF_OK_OR_FAIL(qf_org_lookup(&got, db, "jg"));
    assert_string_equal(got->name, "机关党委");
    qf_org_free(got);
    assert_int_equal(pragma_int(db, "SELECT count(*) FROM vocab WHERE code = 'lecture'"), 1);
}

static void db__refuses_missing_file_without_create(void **state)
{
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = 0;
    QF_FAILS_WITH(QF_ENOTFOUND, "qufa init", qf_db_open(&db, "/tmp/qufa-no-such-dir/x.db", &o));
    assert_null(db);
}

static void db__refuses_foreign_sqlite_and_garbage(void **state)
{
    fx_sqlite_only("SQLite files that are not qufa's");
    char path[] = "/tmp/qufa-foreign-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    qf_db *db = NULL;
    QF_FAILS_WITH(QF_EINVALID, "not a qufa database", qf_db_open(&db, path, NULL));
    FILE *f = fopen(path, "wb");
    fputs("this is not a database at all, just text that is long enough to be a header......"
          "...............................................................................",
          f);
    fclose(f);
    /* a file that is not a database at all is a wrong path, an input error like the above */
    QF_FAILS_WITH(QF_EINVALID, "is not a qufa database (file is not a database)",
                  qf_db_open(&db, path, NULL));
    unlink(path);
}

/* A qufa database cut short (a copy that stopped half way) is damaged, not foreign: the
 * message says so and what to do. */
static void db__truncated_file_is_damaged(void **state)
{
    (void)state;
    char path[] = "/tmp/qufa-truncated-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = QF_OPEN_CREATE;
    QF_OK_OR_FAIL(qf_db_open(&db, path, &o));
    qf_db_free(db);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 40000);
    assert_int_equal(truncate(path, sb.st_size / 2), 0);
    QF_FAILS_WITH(QF_ECORRUPT, "the database file is damaged", qf_db_open(&db, path, NULL));
    assert_non_null(strstr(qf_error_last(), "restore it from a backup"));
    unlink(path);
}

/* Creating a database where the directory does not exist is a wrong path. */
static void db__create_in_missing_directory_names_it(void **state)
{
    (void)state;
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = QF_OPEN_CREATE;
    QF_FAILS_WITH(QF_EINVALID, "cannot create /no/such/dir/x.db: its directory does not exist",
                  qf_db_open(&db, "/no/such/dir/x.db", &o));
}

static void db__refuses_newer_schema(void **state)
{
    qf_db *db = *state;
    char sql[128];
    if (fx_pg())
        snprintf(sql, sizeof sql,
                 "UPDATE qufa_meta SET value = '%d' WHERE key = 'schema_version'",
                 qf_schema_version() + 1);
    else
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", qf_schema_version() + 1);
    fx_exec(db, sql);
    qf_db *other = NULL;
    QF_FAILS_WITH(QF_EINVALID, "newer qufa", qf_db_open(&other, fx_path(), NULL));
}

static int64_t count_orgs(qf_db *db)
{
    return pragma_int(db, "SELECT count(*) FROM org");
}

static void db__nested_transactions_are_savepoints(void **state)
{
    qf_db *db = *state;
    qf_org a = {0, 0, QF_ORG_COMMITTEE, "a", "A", NULL};
    qf_org b = {0, 0, QF_ORG_COMMITTEE, "b", "B", NULL};
    qf_org c = {0, 0, QF_ORG_COMMITTEE, "c", "C", NULL};
    QF_OK_OR_FAIL(qf_tx_begin(db));
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &a));
    QF_OK_OR_FAIL(qf_tx_begin(db));
    assert_int_equal(qf_tx_depth(db), 2);
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &b));
    QF_OK_OR_FAIL(qf_tx_rollback(db)); /* undoes b only */
    QF_OK_OR_FAIL(qf_tx_begin(db));
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &c));
    QF_OK_OR_FAIL(qf_tx_commit(db));
    QF_OK_OR_FAIL(qf_tx_commit(db));
    assert_int_equal(qf_tx_depth(db), 0);
    assert_int_equal(count_orgs(db), 2);
    qf_org *got = NULL;
    QF_FAILS_WITH(QF_ENOTFOUND, "b", qf_org_lookup(&got, db, "b"));
    /* an outer rollback undoes committed inner levels too */
    QF_OK_OR_FAIL(qf_tx_begin(db));
    QF_OK_OR_FAIL(qf_tx_begin(db));
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &b));
    QF_OK_OR_FAIL(qf_tx_commit(db));
    QF_OK_OR_FAIL(qf_tx_rollback(db));
    assert_int_equal(count_orgs(db), 2);
    QF_FAILS_WITH(QF_ERROR, "without a transaction", qf_tx_commit(db));
}

static int create_two_then_fail(qf_db *db, void *payload)
{
    qf_org a = {0, 0, QF_ORG_COMMITTEE, "x1", "X1", NULL};
    qf_org b = {0, 0, QF_ORG_COMMITTEE, "x1", "X1 again", NULL};
    int rc = qf_org_create(NULL, db, &a);
    if (rc == QF_OK)
        rc = qf_org_create(NULL, db, &b); /* duplicate code */
    return rc;
}

static void db__transaction_callback_is_all_or_nothing(void **state)
{
    qf_db *db = *state;
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_EEXISTS, "x1", qf_db_transaction(db, create_two_then_fail, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    assert_int_equal(count_orgs(db), 0);
}

static void db__today_is_injectable(void **state)
{
    qf_db *db = *state;
    assert_int_equal(qf_db_today(db), fx_date("2017-09-05"));
    qf_db_set_today(db, QF_DATE_NONE);
    assert_int_equal(qf_db_today(db), qf_date_today_system());
}

static void db__actor_is_validated(void **state)
{
    qf_db *db = *state;
    QF_OK_OR_FAIL(qf_db_set_actor(db, "书记"));
    assert_string_equal(qf_db_actor(db), "书记");
    QF_FAILS_WITH(QF_EINVALID, "actor", qf_db_set_actor(db, ""));
    QF_FAILS_WITH(QF_EINVALID, "UTF-8", qf_db_set_actor(db, "\xff\xfe"));
}

/* Iterators borrow pooled statements: nested lists over the same SQL each get their own, and a
 * statement given back is reused without leaking its bindings into the next list. */
static void db__iterators_nest_and_reuse_statements(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_org_iter *outer, *inner;
    const qf_org *o, *i;
    int pairs = 0;
    QF_OK_OR_FAIL(qf_org_list(&outer, db, NULL));
    while (qf_org_next(&o, outer) == QF_OK) {
        QF_OK_OR_FAIL(qf_org_list(&inner, db, NULL));
        while (qf_org_next(&i, inner) == QF_OK)
            pairs++;
        qf_org_iter_free(inner);
    }
    qf_org_iter_free(outer);
    assert_int_equal(pairs, 16);
    qf_org_filter f = QF_ORG_FILTER_INIT;
    f.kind = QF_ORG_GROUP;
    int groups = 0, all = 0;
    QF_OK_OR_FAIL(qf_org_list(&outer, db, &f));
    while (qf_org_next(&o, outer) == QF_OK)
        groups++;
    qf_org_iter_free(outer);
    QF_OK_OR_FAIL(qf_org_list(&outer, db, NULL)); /* the same SQL, filter bindings cleared */
    while (qf_org_next(&o, outer) == QF_OK)
        all++;
    qf_org_iter_free(outer);
    assert_int_equal(groups, 2);
    assert_int_equal(all, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(db__file_is_private_wal_with_foreign_keys, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(db__reopen_keeps_data_and_does_not_migrate_twice, fx_setup_file, fx_teardown),
        cmocka_unit_test(db__refuses_missing_file_without_create),
        cmocka_unit_test(db__refuses_foreign_sqlite_and_garbage),
        cmocka_unit_test(db__truncated_file_is_damaged),
        cmocka_unit_test(db__create_in_missing_directory_names_it),
        cmocka_unit_test_setup_teardown(db__refuses_newer_schema, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(db__nested_transactions_are_savepoints, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(db__transaction_callback_is_all_or_nothing, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(db__today_is_injectable, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(db__actor_is_validated, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(db__iterators_nest_and_reuse_statements, fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
