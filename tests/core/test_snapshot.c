/*
 * The check's snapshot (core/src/engine/snapshot.c) reads its tables without ORDER BY and sorts
 * the rows in C: the branch first and its groups by code, memberships by member and start,
 * positions by org, post and start. These tests enter the rows out of those orders and check
 * the arrays come out in them, that each member's statuses are read once however many
 * memberships they have, and that the arrays and the fingerprint are the same when the indexes
 * the queries use are gone (another plan, another order of rows). Statuses and flags are read
 * by a range of member ids when the branch's ids are dense, else member by member: either way
 * the snapshot and the fingerprint hold the branch's members' rows and no other branch's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "internal.h"
#include "snapshot.h"

static fx_tree T;
static int64_t group0; /* created last, sorts first by code */

static void position(qf_db *db, int64_t member, int64_t org, const char *post, const char *start)
{
    qf_position p = {0, member, org, post, fx_date(start), QF_DATE_NONE, NULL};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_position_create(&id, db, &p));
}

static int setup(void **state)
{
    if (fx_setup_memory(state))
        return -1;
    qf_db *db = *state;
    fx_make_tree(db, &T);
    qf_org g0 = {0, T.branch, QF_ORG_GROUP, "gy1g0", "第零党小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(&group0, db, &g0));
    /* members in an order their ids do not follow by group; some move between groups, so a
     * member has several memberships in the branch's orgs (and one start shared by two) */
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2010-01-01", T.branch, T.group2);
    int64_t b = fx_member(db, "乙", QF_STATUS_PROBATIONARY, "2016-11-01", T.branch, T.group1);
    int64_t c = fx_member(db, "丙", QF_STATUS_FULL, "2012-05-01", T.branch, group0);
    QF_OK_OR_FAIL(qf_member_join(db, a, group0, fx_date("2017-03-01")));
    QF_OK_OR_FAIL(qf_member_join(db, a, T.group1, fx_date("2017-08-01")));
    QF_OK_OR_FAIL(qf_member_join(db, c, T.group2, fx_date("2017-06-01")));
    QF_OK_OR_FAIL(qf_member_set_status(db, b, QF_STATUS_FULL, fx_date("2017-11-01"), NULL));
    /* posts entered against their order */
    position(db, c, T.group2, "group_leader", "2017-06-01");
    position(db, a, T.branch, "secretary", "2016-01-01");
    position(db, b, T.branch, "committee_member", "2017-02-01");
    position(db, c, T.branch, "committee_member", "2015-01-01");
    position(db, a, group0, "group_leader", "2017-03-01");
    return 0;
}

/* The fixture's tree alone. */
static int setup_tree(void **state)
{
    if (fx_setup_memory(state))
        return -1;
    fx_make_tree(*state, &T);
    return 0;
}

static void load(qf_db *db, qf_snapshot *s, unsigned char digest[24])
{
    qf_fphash fp;
    qf__fphash_init(&fp);
    QF_OK_OR_FAIL(qf__snapshot_load(s, db, T.branch, fx_date("2017-01-01"),
                                    fx_date("2017-12-31"), &fp, NULL));
    qf__fphash_digest(&fp, digest);
}

static void snapshot__rows_in_their_documented_orders(void **state)
{
    qf_db *db = *state;
    qf_snapshot s;
    unsigned char d[24];
    load(db, &s, d);

    assert_int_equal(s.n_orgs, 4);
    assert_int_equal(s.orgs[0].id, T.branch);
    assert_string_equal(s.orgs[1].code, "gy1g0");
    assert_string_equal(s.orgs[2].code, "gy1g1");
    assert_string_equal(s.orgs[3].code, "gy1g2");

    /* every membership of the year (all are of the branch's orgs), by member and start */
    assert_int_equal(s.n_memberships,
                     fx_sql_int(db, "SELECT count(*) FROM membership WHERE start <= '2017-12-31' "
                                    "AND (\"end\" IS NULL OR \"end\" >= '2017-01-01')"));
    for (size_t i = 1; i < s.n_memberships; i++) {
        const snap_membership *p = &s.memberships[i - 1], *m = &s.memberships[i];
        assert_true(p->member_id < m->member_id ||
                    (p->member_id == m->member_id && p->start <= m->start));
    }
    /* every status row of the three members, once each (a has four memberships) */
    assert_int_equal(s.n_statuses, fx_sql_int(db, "SELECT count(*) FROM member_status"));
    for (size_t i = 1; i < s.n_statuses; i++) {
        const snap_status *p = &s.statuses[i - 1], *m = &s.statuses[i];
        assert_true(p->member_id < m->member_id ||
                    (p->member_id == m->member_id && p->since < m->since));
    }

    assert_int_equal(s.n_positions, 5);
    for (size_t i = 1; i < s.n_positions; i++) {
        const snap_position *p = &s.positions[i - 1], *m = &s.positions[i];
        int post = strcmp(p->post, m->post);
        assert_true(p->org_id < m->org_id ||
                    (p->org_id == m->org_id && (post < 0 || (post == 0 && p->start <= m->start))));
    }
    assert_int_equal(s.positions[0].org_id, T.branch);
    assert_string_equal(s.positions[0].post, "committee_member");
    assert_true(s.positions[0].start < s.positions[1].start); /* 2015 before 2017 */
    qf__snapshot_free(&s);
}

/* Without the indexes the queries use, SQLite reads the rows in another order: the arrays are
 * element for element the same, and so is the fingerprint. */
static void snapshot__same_without_the_indexes(void **state)
{
    qf_db *db = *state;
    qf_snapshot a, b;
    unsigned char da[24], db_[24];
    load(db, &a, da);
    fx_exec(db, "DROP INDEX org_parent; DROP INDEX membership_org; DROP INDEX position_org; "
                "DROP INDEX activity_org_start");
    load(db, &b, db_);
    assert_memory_equal(da, db_, sizeof da);
    assert_int_equal(a.n_orgs, b.n_orgs);
    for (size_t i = 0; i < a.n_orgs; i++)
        assert_int_equal(a.orgs[i].id, b.orgs[i].id);
    assert_int_equal(a.n_memberships, b.n_memberships);
    for (size_t i = 0; i < a.n_memberships; i++) {
        assert_int_equal(a.memberships[i].member_id, b.memberships[i].member_id);
        assert_int_equal(a.memberships[i].org_id, b.memberships[i].org_id);
        assert_int_equal(a.memberships[i].start, b.memberships[i].start);
        assert_int_equal(a.memberships[i].end, b.memberships[i].end);
    }
    assert_int_equal(a.n_positions, b.n_positions);
    for (size_t i = 0; i < a.n_positions; i++) {
        assert_int_equal(a.positions[i].member_id, b.positions[i].member_id);
        assert_int_equal(a.positions[i].org_id, b.positions[i].org_id);
        assert_string_equal(a.positions[i].post, b.positions[i].post);
    }
    assert_int_equal(a.n_statuses, b.n_statuses);
    qf__snapshot_free(&a);
    qf__snapshot_free(&b);
}

/* Members of the fixture's branch and of a second branch entered in the order `layout` says
 * ('a': the branch, 'b': the other); every member gets a flag and a second status. */
static void members_of_two_branches(qf_db *db, const char *layout, int64_t *other)
{
    qf_org o = {0, T.committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(other, db, &o));
    char name[16];
    for (int i = 0; layout[i]; i++) {
        snprintf(name, sizeof name, "m%d", i);
        int64_t m = fx_member(db, name, QF_STATUS_PROBATIONARY, "2016-10-01",
                              layout[i] == 'a' ? T.branch : *other, 0);
        QF_OK_OR_FAIL(qf_member_set_status(db, m, QF_STATUS_FULL, fx_date("2017-10-01"), NULL));
        QF_OK_OR_FAIL(qf_member_set_flag(db, m, QF_FLAG_MOBILE, fx_date("2017-02-01"),
                                         QF_DATE_NONE));
    }
}

/* The branch's statuses and flags, none of the other branch's, and a fingerprint that a change
 * to the other branch's members leaves alone. */
static void only_the_branchs_members(qf_db *db, int64_t other)
{
    qf_snapshot s;
    unsigned char before[24], after[24];
    load(db, &s, before);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM membership WHERE org_id = %lld",
             (long long)T.branch);
    int64_t mine = fx_sql_int(db, sql);
    assert_int_equal(s.n_statuses, 2 * mine);
    assert_int_equal(s.n_flags, mine);
    for (size_t i = 0; i < s.n_statuses; i++)
        assert_true(qf__snap_member_of(&s, s.statuses[i].member_id, T.branch,
                                       fx_date("2017-12-31")));
    for (size_t i = 0; i < s.n_flags; i++)
        assert_true(qf__snap_member_of(&s, s.flags[i].member_id, T.branch, fx_date("2017-12-31")));
    qf__snapshot_free(&s);

    snprintf(sql, sizeof sql, "SELECT max(member_id) FROM membership WHERE org_id = %lld",
             (long long)other);
    int64_t stranger = fx_sql_int(db, sql);
    QF_OK_OR_FAIL(qf_member_set_status(db, stranger, QF_STATUS_FULL, fx_date("2017-12-01"),
                                       NULL));
    QF_OK_OR_FAIL(qf_member_set_flag(db, stranger, QF_FLAG_SUSPENDED, fx_date("2017-03-01"),
                                     QF_DATE_NONE));
    load(db, &s, after);
    assert_memory_equal(before, after, sizeof before);
    qf__snapshot_free(&s);

    snprintf(sql, sizeof sql, "SELECT max(member_id) FROM membership WHERE org_id = %lld",
             (long long)T.branch);
    int64_t member = fx_sql_int(db, sql);
    QF_OK_OR_FAIL(qf_member_set_flag(db, member, QF_FLAG_SUSPENDED, fx_date("2017-03-01"),
                                     QF_DATE_NONE));
    load(db, &s, after);
    assert_memory_not_equal(before, after, sizeof before);
    assert_int_equal(s.n_flags, mine + 1);
    qf__snapshot_free(&s);
}

/* Ids alternating between the branches: the branch's are dense enough for one range, whose
 * other rows are the other branch's. */
static void snapshot__member_range_leaves_out_other_branches(void **state)
{
    qf_db *db = *state;
    int64_t other;
    members_of_two_branches(db, "abababab", &other);
    only_the_branchs_members(db, other);
}

/* Ids far apart: member by member. */
static void snapshot__sparse_members_one_by_one(void **state)
{
    qf_db *db = *state;
    int64_t other;
    members_of_two_branches(db, "abbbbbbbba", &other);
    only_the_branchs_members(db, other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(snapshot__rows_in_their_documented_orders, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(snapshot__same_without_the_indexes, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(snapshot__member_range_leaves_out_other_branches,
                                        setup_tree, fx_teardown),
        cmocka_unit_test_setup_teardown(snapshot__sparse_members_one_by_one, setup_tree,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
