/* The audit log: entries for every write, the seal chain, and tampering found and named. */
#include <sqlite3.h>
#include <string.h>
#include "fixture.h"

static void raw_exec(qf_db *db, const char *sql)
{
    if (fx_pg()) { /* another client of the server: SQL on the test's database */
        fx_exec(db, sql);
        return;
    }
    /* simulate an editor working on the file behind qufa's back: defensive mode off */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(fx_path(), &raw), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    sqlite3_close(raw);
}

static void make_orgs(qf_db *db)
{
    fx_tree t;
    fx_make_tree(db, &t);
    qf_org *o = NULL;
    QF_OK_OR_FAIL(qf_org_get(&o, db, t.group2));
    qf_org changed = *o;
    changed.name = "第二党小组（机关）";
    QF_OK_OR_FAIL(qf_org_update(db, &changed));
    qf_org_free(o);
}

static void audit__every_write_is_logged_with_actor_and_images(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    qf_audit_filter f = QF_AUDIT_FILTER_INIT;
    f.table = "org";
    qf_audit_iter *it;
    const qf_audit_entry *e;
    QF_OK_OR_FAIL(qf_audit_list(&it, db, &f));
    int inserts = 0, updates = 0;
    while (qf_audit_next(&e, it) == QF_OK) {
        assert_string_equal(e->actor, "tester");
        assert_non_null(e->at);
        if (strcmp(e->action, "insert") == 0) {
            inserts++;
            assert_null(e->before);
            assert_non_null(strstr(e->after, "\"code\""));
        } else if (strcmp(e->action, "update") == 0) {
            updates++;
            assert_non_null(strstr(e->before, "第二党小组\""));
            assert_non_null(strstr(e->after, "第二党小组（机关）"));
        }
    }
    qf_audit_iter_free(it);
    assert_int_equal(inserts, 4);
    assert_int_equal(updates, 1);
    qf_audit_report r;
    QF_OK_OR_FAIL(qf_audit_verify(db, &r));
    assert_true(r.entries >= 5);
    assert_true(r.seals >= 5);
    assert_int_equal(r.problems, 0);
}

static void audit__edit_behind_the_back_is_named(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
    /* with the triggers in place the edit is logged but not sealed */
    raw_exec(db, "UPDATE org SET name = '篡改' WHERE code = 'gy1'");
    QF_FAILS_WITH(QF_ECORRUPT, "org row 2 was changed outside qufa", qf_audit_verify(db, NULL));
}

static void audit__edit_without_triggers_is_named_with_field(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    raw_exec(db, fx_pg() ? "DROP TRIGGER qf_audit ON org; UPDATE org SET name = '篡改' WHERE code = 'gy1'"
                         : "DROP TRIGGER qf_audit_org_u; UPDATE org SET name = '篡改' WHERE code = 'gy1'");
    QF_FAILS_WITH(QF_ECORRUPT, "field name is '篡改'", qf_audit_verify(db, NULL));
}

static void audit__deleted_row_is_found(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    raw_exec(db, fx_pg() ? "DROP TRIGGER qf_audit ON org; DELETE FROM org WHERE code = 'gy1g2'"
                         : "DROP TRIGGER qf_audit_org_d; DELETE FROM org WHERE code = 'gy1g2'");
    QF_FAILS_WITH(QF_ECORRUPT, "org row 4 was deleted outside qufa", qf_audit_verify(db, NULL));
}

static void audit__altered_log_breaks_the_chain(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    raw_exec(db, "UPDATE audit_log SET actor = 'someone else' WHERE seq = (SELECT min(seq) FROM "
                 "audit_log WHERE tbl = 'org')");
    QF_FAILS_WITH(QF_ECORRUPT, "altered or removed", qf_audit_verify(db, NULL));
}

static void audit__removed_seal_breaks_the_chain(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    raw_exec(db, "DELETE FROM audit_seal WHERE id = 3");
    QF_FAILS_WITH(QF_ECORRUPT, "does not follow", qf_audit_verify(db, NULL));
}

static void audit__rolled_back_writes_leave_no_entries(void **state)
{
    qf_db *db = *state;
    make_orgs(db);
    qf_audit_filter f = QF_AUDIT_FILTER_INIT;
    qf_audit_iter *it;
    const qf_audit_entry *e;
    int64_t before = 0, after = 0;
    QF_OK_OR_FAIL(qf_audit_list(&it, db, &f));
    while (qf_audit_next(&e, it) == QF_OK)
        before++;
    qf_audit_iter_free(it);
    QF_OK_OR_FAIL(qf_tx_begin(db));
    qf_org x = {0, 0, QF_ORG_COMMITTEE, "tmp", "临时", NULL};
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &x));
    QF_OK_OR_FAIL(qf_tx_rollback(db));
    QF_OK_OR_FAIL(qf_audit_list(&it, db, &f));
    while (qf_audit_next(&e, it) == QF_OK)
        after++;
    qf_audit_iter_free(it);
    assert_int_equal(before, after);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(audit__every_write_is_logged_with_actor_and_images, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__edit_behind_the_back_is_named, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__edit_without_triggers_is_named_with_field, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__deleted_row_is_found, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__altered_log_breaks_the_chain, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__removed_seal_breaks_the_chain, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(audit__rolled_back_writes_leave_no_entries, fx_setup_file, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
