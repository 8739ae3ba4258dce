/* Two handles on one database file, as two qufa processes would have: readers are never held
 * up by a writer (WAL), a second writer waits for the busy timeout and then gets QF_EBUSY with
 * a message that says to retry, and the actor given at open is validated like any text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <libpq-fe.h>
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

/* ---- several writers at once ------------------------------------------------------------ */

/* A read-modify-write: the counter org's name is "n=K"; one transaction makes it "n=K+1". A
 * lost update (two writers reading the same K) would leave it short. */
static int64_t read_counter(qf_db *db)
{
    qf_org *o = NULL;
    if (qf_org_lookup(&o, db, "counter") != QF_OK)
        return -1;
    int64_t k = strtoll(o->name + 2, NULL, 10);
    qf_org_free(o);
    return k;
}

static int write_counter(qf_db *db, int64_t k)
{
    qf_org *o = NULL;
    int rc = qf_org_lookup(&o, db, "counter");
    if (rc)
        return rc;
    char name[32];
    snprintf(name, sizeof name, "n=%lld", (long long)k);
    qf_org changed = *o;
    changed.name = name;
    rc = qf_org_update(db, &changed);
    qf_org_free(o);
    return rc;
}

static int increment(qf_db *db, void *payload)
{
    (void)payload;
    int64_t k = read_counter(db);
    if (k < 0)
        return qf_error_last_code();
    return write_counter(db, k + 1);
}

static void make_counter(qf_db *db)
{
    qf_org o = {0};
    o.kind = QF_ORG_COMMITTEE;
    o.code = "counter";
    o.name = "n=0";
    int64_t id;
    QF_OK_OR_FAIL(qf_org_create(&id, db, &o));
}

/* Four processes, each with its own handle, each adding one to the counter 10 times in its
 * own transactions: every one of the 40 increments is there, and the audit chain is whole. */
static void concurrency__writers_at_once_lose_no_update(void **state)
{
    qf_db *db = *state;
    make_counter(db);
    enum { WRITERS = 4, EACH = 10 };
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        assert_true(pids[w] >= 0);
        if (pids[w] == 0) {
            qf_open_options o = QF_OPEN_OPTIONS_INIT;
            o.busy_timeout_ms = 60000;
            o.actor = "writer";
            qf_db *mine = NULL;
            int rc = qf_db_open(&mine, fx_path(), &o);
            for (int i = 0; rc == QF_OK && i < EACH; i++)
                rc = qf_db_transaction(mine, increment, NULL);
            if (rc)
                fprintf(stderr, "writer %d: %s\n", w, qf_error_last());
            qf_db_free(mine);
            _exit(rc ? 1 : 0);
        }
    }
    for (int w = 0; w < WRITERS; w++) {
        int status = 0;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    assert_int_equal(read_counter(db), WRITERS * EACH);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

/* PostgreSQL: a session that writes without qufa's writer lock (another program, or psql)
 * changes what a qufa transaction read; the transaction fails with a serialization failure and
 * qf_db_transaction runs it again, from the start. */
typedef struct meddler {
    PGconn *raw;
    int calls, meddle_until;
} meddler;

static int increment_meddled(qf_db *db, void *payload)
{
    meddler *m = payload;
    m->calls++;
    int64_t k = read_counter(db);
    if (k < 0)
        return qf_error_last_code();
    if (m->calls <= m->meddle_until) { /* the other session writes the row in between */
        PGresult *res = PQexec(m->raw, "UPDATE org SET name = 'n=' || "
                                       "(CAST(substr(name, 3) AS integer) + 100) WHERE code = "
                                       "'counter'");
        assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
        PQclear(res);
    }
    return write_counter(db, k + 1);
}

static void concurrency__serialization_failure_is_retried(void **state)
{
    if (!fx_pg())
        skip(); /* SQLite: one writer at a time by its file lock, nobody writes past it */
    qf_db *db = *state;
    make_counter(db);
    meddler m = {PQconnectdb(fx_path()), 0, 1};
    assert_int_equal(PQstatus(m.raw), CONNECTION_OK);
    QF_OK_OR_FAIL(qf_db_transaction(db, increment_meddled, &m));
    assert_int_equal(m.calls, 2);          /* the first attempt failed and was run again */
    assert_int_equal(read_counter(db), 101); /* the other session's 100, then ours: none lost */
    PQfinish(m.raw);
}

static void concurrency__retry_budget_runs_out_with_a_clear_error(void **state)
{
    if (!fx_pg())
        skip();
    qf_db *db = *state;
    make_counter(db);
    char before[65], after[65];
    meddler m = {PQconnectdb(fx_path()), 0, 1000};
    assert_int_equal(PQstatus(m.raw), CONNECTION_OK);
    QF_FAILS_WITH(QF_EBUSY, "gave up after 8 attempts",
                  qf_db_transaction(db, increment_meddled, &m));
    if (!strstr(qf_error_last(), "changed what this one read"))
        fail_msg("the message does not say why: %s", qf_error_last());
    assert_int_equal(m.calls, 8);
    assert_int_equal(read_counter(db), 800); /* only the other session's writes */
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    PQfinish(m.raw);
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
        cmocka_unit_test_setup_teardown(concurrency__writers_at_once_lose_no_update, fx_setup_file,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(concurrency__serialization_failure_is_retried,
                                        fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(concurrency__retry_budget_runs_out_with_a_clear_error,
                                        fx_setup_file, fx_teardown),
        cmocka_unit_test(concurrency__actor_is_validated_at_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
