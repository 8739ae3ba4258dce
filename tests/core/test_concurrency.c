/* Two handles on one database file, as two qufa processes would have: readers are never held
 * up by a writer (WAL), a second writer waits for the busy timeout and then gets QF_EBUSY with
 * a message that says to retry, and the actor given at open is validated like any text. */
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>
#include "fixture.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static qf_db *open_second(int busy_ms)
{
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = 0;
    o.busy_timeout_ms = busy_ms;
    o.actor = "second";
    qf_db *db = NULL;
    QF_OK_OR_FAIL(qf_db_open(&db, fx_path(), &o));
    return db;
}

static int64_t add_branch(qf_db *db, const char *code)
{
    qf_org o = {0};
    o.kind = QF_ORG_COMMITTEE;
    o.code = code;
    o.name = "机关党委";
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_org_create(&id, db, &o));
    return id;
}

/* Opening the file (as every qufa command does) and reading while another handle is in the
 * middle of a write: neither waits. Before the fix, every open wrote the application id and
 * so waited for the writer, and timed out behind a long one. */
static void concurrency__reader_opens_and_reads_while_a_writer_holds_the_lock(void **state)
{
    qf_db *writer = *state;
    add_branch(writer, "jg");
    QF_OK_OR_FAIL(qf_tx_begin(writer));
    add_branch(writer, "pending");
    /* the writer holds its lock throughout: a reader that had to wait for it would fail with
     * QF_EBUSY after its busy timeout instead of reading */
    qf_db *reader = open_second(2000);
    qf_org_iter *it = NULL;
    QF_OK_OR_FAIL(qf_org_list(&it, reader, NULL));
    const qf_org *row;
    int n = 0;
    while (qf_org_next(&row, it) == QF_OK)
        n++;
    qf_org_iter_free(it);
    assert_int_equal(n, 1); /* the committed org, not the one being written */
    QF_OK_OR_FAIL(qf_tx_commit(writer));
    qf_db_free(reader);
}

/* A second writer waits up to its busy timeout, then is told the database is busy. */
static void concurrency__second_writer_waits_then_is_told_to_retry(void **state)
{
    qf_db *writer = *state;
    QF_OK_OR_FAIL(qf_tx_begin(writer));
    add_branch(writer, "first");
    qf_db *second = open_second(300);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(second, before));
    double t0 = now();
    qf_org o = {0};
    o.kind = QF_ORG_COMMITTEE;
    o.code = "second";
    o.name = "第二";
    int64_t id = 0;
    QF_FAILS_WITH(QF_EBUSY, "busy", qf_org_create(&id, second, &o));
    double waited = now() - t0;
    if (!strstr(qf_error_last(), "retry"))
        fail_msg("the message does not say to retry: %s", qf_error_last());
    if (waited < 0.25 || waited > 30.0) /* (generous: valgrind runs this too) */
        fail_msg("waited %.2f s with a 0.3 s busy timeout", waited);
    QF_OK_OR_FAIL(qf_tx_commit(writer));
    /* once the first is done, the second goes through */
    QF_OK_OR_FAIL(qf_db_content_hash(second, after));
    assert_string_not_equal(before, after);
    QF_OK_OR_FAIL(qf_org_create(&id, second, &o));
    qf_db_free(second);
}

/* Commits a write from another handle while the verifying handle is in the middle of its
 * statements (from SQLite's progress handler, so the moment is exact). */
typedef struct interleave {
    qf_db *writer;
    int writes;
} interleave;

static int write_in_between(void *payload)
{
    interleave *w = payload;
    if (w->writes < 3) {
        char code[16];
        snprintf(code, sizeof code, "mid%d", w->writes++);
        add_branch(w->writer, code);
    }
    return 0;
}

/* audit verify reads the seals, then the entries, then every table: all from one snapshot.
 * Before, a writer committing in between made entries appear without their seal, and verify
 * reported them as written outside qufa. */
static void concurrency__audit_verify_sees_one_snapshot(void **state)
{
    fx_sqlite_only("interleaves a writer through SQLite's progress handler (PostgreSQL: verify "
                   "runs in one REPEATABLE READ snapshot)");
    qf_db *writer = *state;
    add_branch(writer, "jg");
    qf_db *reader = open_second(2000);
    qf_audit_report r;
    QF_OK_OR_FAIL(qf_audit_verify(reader, &r));
    int64_t rows = r.rows;
    interleave w = {writer, 0};
    sqlite3_progress_handler(qf_db_sqlite(reader), 50, write_in_between, &w);
    int rc = qf_audit_verify(reader, &r);
    sqlite3_progress_handler(qf_db_sqlite(reader), 0, NULL, NULL);
    if (rc != QF_OK)
        fail_msg("verify during writes: %s", qf_error_last());
    assert_int_equal(w.writes, 3); /* the writes did happen while it ran */
    assert_int_equal(r.rows, rows); /* and it saw the database as it was when it began */
    QF_OK_OR_FAIL(qf_audit_verify(reader, &r));
    assert_int_equal(r.rows, rows + 3);
    qf_db_free(reader);
}

static void concurrency__actor_is_validated_at_open(void **state)
{
    (void)state;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    qf_db *db = NULL;
    o.actor = "\xC0\xAF";
    QF_FAILS_WITH(QF_EINVALID, "actor: invalid UTF-8 at byte 1", qf_db_open(&db, ":memory:", &o));
    o.actor = "a\x1b[31mb";
    QF_FAILS_WITH(QF_EINVALID, "actor: control character at byte 2", qf_db_open(&db, ":memory:", &o));
    assert_null(db);
    o.actor = "张书记";
    QF_OK_OR_FAIL(qf_db_open(&db, ":memory:", &o));
    assert_string_equal(qf_db_actor(db), "张书记");
    qf_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            concurrency__reader_opens_and_reads_while_a_writer_holds_the_lock, fx_setup_file,
            fx_teardown),
        cmocka_unit_test_setup_teardown(concurrency__second_writer_waits_then_is_told_to_retry,
                                        fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(concurrency__audit_verify_sees_one_snapshot, fx_setup_file,
                                        fx_teardown),
        cmocka_unit_test(concurrency__actor_is_validated_at_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
