/* Sync: a branch's audit log pushed into an organ's database, verified on receipt; duplicates,
 * out-of-order batches, tampering, forks and interrupted pushes; the replica equals the branch. */
#include <string.h>
#include "fixture.h"

static qf_db *open_organ(void)
{
    qf_db *organ = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "organ";
    QF_OK_OR_FAIL(qf_db_open(&organ, ":memory:", &o));
    qf_db_set_today(organ, fx_date("2017-09-05"));
    return organ;
}

/* A branch with a tree and a few members: one sealed transaction per write. */
static void fill_branch(qf_db *db, const char *since)
{
    fx_tree t;
    fx_make_tree(db, &t);
    fx_member(db, "张建国", QF_STATUS_FULL, since, t.branch, t.group1);
    fx_member(db, "李秀英", QF_STATUS_FULL, since, t.branch, t.group1);
    fx_member(db, "王志强", QF_STATUS_PROBATIONARY, since, t.branch, t.group2);
}

static void more_members(qf_db *db)
{
    qf_org *o = NULL;
    QF_OK_OR_FAIL(qf_org_lookup(&o, db, "gy1"));
    fx_member(db, "刘芳", QF_STATUS_FULL, "2016-01-01", o->id, 0);
    fx_member(db, "陈伟", QF_STATUS_FULL, "2016-01-01", o->id, 0);
    qf_org_free(o);
}

static int64_t seal_count(qf_db *db)
{
    qf_audit_report r;
    QF_OK_OR_FAIL(qf_audit_verify(db, &r));
    return r.seals;
}

static void hash_of(qf_db *db, char out[65])
{
    QF_OK_OR_FAIL(qf_db_content_hash(db, out));
}

static void assert_replica_equals(qf_db *organ, qf_db *branch, const char *name)
{
    qf_db *r = NULL;
    QF_OK_OR_FAIL(qf_sync_replica(&r, organ, name));
    qf_audit_report rep;
    QF_OK_OR_FAIL(qf_audit_verify(r, &rep));
    char a[65], b[65];
    hash_of(r, a);
    hash_of(branch, b);
    assert_string_equal(a, b);
    qf_db_free(r);
}

static void sync__push_applies_once_and_the_replica_equals_the_branch(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));
    assert_int_equal(r.seals, seal_count(branch));
    assert_true(r.entries > r.seals);
    int64_t acked = 0;
    QF_OK_OR_FAIL(qf_sync_acked(&acked, NULL, organ, "gy1"));
    assert_int_equal(acked, r.acked_seq);
    assert_replica_equals(organ, branch, "gy1");

    /* pushing again applies nothing and changes nothing */
    char before[65], after[65];
    hash_of(organ, before);
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));
    assert_int_equal(r.seals, 0);
    assert_int_equal(r.entries, 0);
    hash_of(organ, after);
    assert_string_equal(before, after);

    /* the same batch delivered twice: every seal is recognised as held */
    qf_sync_batch *b = NULL;
    QF_OK_OR_FAIL(qf_sync_batch_read(&b, branch, "gy1", 0, 0));
    QF_OK_OR_FAIL(qf_sync_batch_apply(&r, organ, b, NULL));
    assert_int_equal(r.seals, 0);
    assert_int_equal(r.skipped, qf_sync_batch_seals(b));
    qf_sync_batch_free(b);
    hash_of(organ, after);
    assert_string_equal(before, after);

    /* new work goes up with the next push */
    more_members(branch);
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));
    assert_int_equal(r.seals, 2);
    assert_replica_equals(organ, branch, "gy1");
    qf_db_free(organ);
}

static void sync__out_of_order_batch_is_refused_then_applies_in_order(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_batch *first = NULL, *second = NULL;
    QF_OK_OR_FAIL(qf_sync_batch_read(&first, branch, "gy1", 0, 3));
    assert_int_equal(qf_sync_batch_seals(first), 3);
    /* the second batch starts after the first one's last entry */
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_batch_apply(&r, organ, first, NULL));
    int64_t end_of_first = r.acked_seq;
    qf_db_free(organ);
    organ = open_organ();
    QF_OK_OR_FAIL(qf_sync_batch_read(&second, branch, "gy1", end_of_first, 0));
    assert_true(qf_sync_batch_seals(second) > 0);

    char before[65], after[65];
    hash_of(organ, before);
    QF_FAILS_WITH(QF_ECONSTRAINT, "are missing", qf_sync_batch_apply(&r, organ, second, NULL));
    hash_of(organ, after);
    assert_string_equal(before, after);

    QF_OK_OR_FAIL(qf_sync_batch_apply(&r, organ, first, NULL));
    QF_OK_OR_FAIL(qf_sync_batch_apply(&r, organ, second, NULL));
    assert_int_equal(r.seals, qf_sync_batch_seals(second));
    qf_sync_batch_free(first);
    qf_sync_batch_free(second);
    assert_replica_equals(organ, branch, "gy1");
    qf_db_free(organ);
}

/* the branch's database edited behind qufa's back, on either backend */
static void tamper(qf_db *db, const char *sql)
{
    fx_exec(db, sql);
}

static void sync__altered_entry_is_refused_and_nothing_applied(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_options o = QF_SYNC_OPTIONS_INIT;
    o.max_seals = 2;
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, &o));
    /* an entry the organ has not received yet is edited in the branch's file */
    tamper(branch, "UPDATE audit_log SET after = replace(after, '李秀英', '李秀') WHERE "
                   "after LIKE '%李秀英%'");
    char before[65], after[65];
    hash_of(organ, before);
    QF_FAILS_WITH(QF_ECORRUPT, "do not match their seal", qf_sync_push(&r, branch, organ, NULL));
    hash_of(organ, after);
    assert_string_equal(before, after);

    /* a removed entry: the seal is short */
    qf_db_free(organ);
    organ = open_organ();
    tamper(branch, "UPDATE audit_log SET after = replace(after, '李秀', '李秀英') WHERE "
                   "after LIKE '%李秀%'");
    tamper(branch, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
    QF_FAILS_WITH(QF_ECORRUPT, "removed", qf_sync_push(&r, branch, organ, NULL));
    int64_t acked = -1;
    QF_OK_OR_FAIL(qf_sync_acked(&acked, NULL, organ, "gy1"));
    assert_int_equal(acked, 0);
    qf_db_free(organ);
}

static void sync__another_history_under_the_same_name_is_a_fork(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));

    /* another database whose history differs (a member joined on another day) */
    qf_db *other = open_organ();
    fill_branch(other, "2016-02-01");
    more_members(other);
    char before[65], after[65];
    hash_of(organ, before);
    QF_FAILS_WITH(QF_ECORRUPT, "gy1", qf_sync_push(&r, other, organ, NULL));
    hash_of(organ, after);
    assert_string_equal(before, after);

    /* a push that overlaps what the organ holds with entries it does not match */
    qf_sync_batch *b = NULL;
    QF_OK_OR_FAIL(qf_sync_batch_read(&b, other, "gy1", 0, 0));
    QF_FAILS_WITH(QF_ECORRUPT, "differ from those the organ already holds",
                  qf_sync_batch_apply(&r, organ, b, NULL));
    qf_sync_batch_free(b);
    qf_db_free(other);
    qf_db_free(organ);
}

static void sync__an_older_copy_of_the_branch_is_refused(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));
    /* a file with less history than the organ holds under its name (an older copy restored,
     * or another database): it has nothing new to send, yet its push is refused */
    qf_db *older = open_organ();
    fx_tree t;
    fx_make_tree(older, &t);
    char before[65], after[65];
    hash_of(organ, before);
    QF_FAILS_WITH(QF_ECORRUPT, "restored from an older copy", qf_sync_push(&r, older, organ, NULL));
    hash_of(organ, after);
    assert_string_equal(before, after);
    qf_db_free(older);
    qf_db_free(organ);
}

static int stop_after(void *ud, int64_t written)
{
    return written >= *(int64_t *)ud;
}

static void sync__interrupted_push_is_resumed_by_the_next(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    more_members(branch);
    qf_db *organ = open_organ();
    int64_t total = 0;
    {
        qf_sync_batch *b = NULL;
        QF_OK_OR_FAIL(qf_sync_batch_read(&b, branch, "gy1", 0, 0));
        qf_sync_batch_free(b);
    }
    /* stop at every point in turn: the organ holds a prefix of whole seals, then resumes */
    qf_sync_report whole;
    {
        qf_db *ref = open_organ();
        QF_OK_OR_FAIL(qf_sync_push(&whole, branch, ref, NULL));
        total = whole.entries;
        qf_db_free(ref);
    }
    for (int64_t stop = 1; stop < total; stop += 7) {
        qf_db_free(organ);
        organ = open_organ();
        qf_sync_options o = QF_SYNC_OPTIONS_INIT;
        o.batch_seals = 2;
        o.progress = stop_after;
        o.progress_ud = &stop;
        qf_sync_report r;
        QF_FAILS_WITH(QF_EUSER, "interrupted", qf_sync_push(&r, branch, organ, &o));
        int64_t acked = 0;
        QF_OK_OR_FAIL(qf_sync_acked(&acked, NULL, organ, "gy1"));
        assert_true(acked < stop);
        if (acked > 0) { /* what was committed is a verified prefix */
            qf_db *rep = NULL;
            QF_OK_OR_FAIL(qf_sync_replica(&rep, organ, "gy1"));
            QF_OK_OR_FAIL(qf_audit_verify(rep, NULL));
            qf_db_free(rep);
        }
        QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, NULL));
        assert_int_equal(r.acked_seq, whole.acked_seq);
        assert_replica_equals(organ, branch, "gy1");
    }
    qf_db_free(organ);
}

static void sync__names_and_unknown_branches(void **state)
{
    qf_db *branch = *state;
    char *name = NULL;
    QF_FAILS_WITH(QF_EINVALID, "--name", qf_sync_default_name(&name, branch));
    fill_branch(branch, "2016-01-01");
    QF_OK_OR_FAIL(qf_sync_default_name(&name, branch));
    assert_string_equal(name, "gy1");
    qf_free(name);
    name = NULL;
    qf_db *organ = open_organ();
    qf_db *r = NULL;
    QF_FAILS_WITH(QF_ENOTFOUND, "gy9", qf_sync_replica(&r, organ, "gy9"));
    qf_sync_batch *b = NULL;
    QF_FAILS_WITH(QF_EINVALID, "required", qf_sync_batch_read(&b, branch, "", 0, 0));
    qf_db_free(organ);
}

/* The progress hook hears of every entry once, in order, however the entries are written (in
 * statements of several rows): 1, 2, …, the push's entry count. */
typedef struct heard {
    int64_t calls, last;
    bool in_order;
} heard;

static int count_progress(void *ud, int64_t written)
{
    heard *h = ud;
    h->calls++;
    if (written != h->last + 1)
        h->in_order = false;
    h->last = written;
    return 0;
}

static void sync__progress_hears_every_entry_once(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    more_members(branch);
    qf_db *organ = open_organ();
    heard h = {0, 0, true};
    qf_sync_options o = QF_SYNC_OPTIONS_INIT;
    o.progress = count_progress;
    o.progress_ud = &h;
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, &o));
    assert_true(r.entries > 32); /* more than one statement's worth */
    assert_int_equal(h.calls, r.entries);
    assert_int_equal(h.last, r.entries);
    assert_true(h.in_order);
    assert_replica_equals(organ, branch, "gy1");
    qf_db_free(organ);
}

/* Replicas start from one empty image made once: each is the branch's alone (nothing of another
 * branch's, nor of what was written into an earlier replica), and a write into a replica is
 * audited as in any database. */
static void sync__replicas_are_separate_and_audit_their_writes(void **state)
{
    qf_db *branch = *state;
    fill_branch(branch, "2016-01-01");
    qf_db *organ = open_organ();
    qf_sync_options o = QF_SYNC_OPTIONS_INIT;
    o.branch = "small";
    qf_sync_report r;
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, &o));
    char small[65];
    hash_of(branch, small);
    more_members(branch);
    o.branch = "large";
    QF_OK_OR_FAIL(qf_sync_push(&r, branch, organ, &o));

    qf_db *a = NULL;
    QF_OK_OR_FAIL(qf_sync_replica(&a, organ, "small"));
    char got[65];
    hash_of(a, got);
    assert_string_equal(got, small);
    int64_t seals = seal_count(a);
    qf_org *gy1 = NULL;
    QF_OK_OR_FAIL(qf_org_lookup(&gy1, a, "gy1"));
    fx_member(a, "赵敏", QF_STATUS_FULL, "2016-01-01", gy1->id, 0);
    qf_org_free(gy1);
    assert_int_equal(seal_count(a), seals + 1); /* the write was logged and sealed */
    /* its audit triggers came with that first write transaction (a replica only judged never
     * makes them): the chain and every row's last image still agree */
    QF_OK_OR_FAIL(qf_audit_verify(a, NULL));
    qf_db_free(a);

    assert_replica_equals(organ, branch, "large");
    QF_OK_OR_FAIL(qf_sync_replica(&a, organ, "small"));
    hash_of(a, got);
    assert_string_equal(got, small); /* the earlier replica's write is not in it */
    qf_db_free(a);
    qf_db_free(organ);
}

int main(void)
{
    qf_set_language("en"); /* the messages asserted are the English source */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sync__push_applies_once_and_the_replica_equals_the_branch, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__out_of_order_batch_is_refused_then_applies_in_order, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__altered_entry_is_refused_and_nothing_applied, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__another_history_under_the_same_name_is_a_fork, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__interrupted_push_is_resumed_by_the_next, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__an_older_copy_of_the_branch_is_refused, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__names_and_unknown_branches, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__progress_hears_every_entry_once, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(sync__replicas_are_separate_and_audit_their_writes, fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
