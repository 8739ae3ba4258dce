/* Members: dated status, membership and flags; "as of" reads; the filtered list; validation. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

/* A failing write must leave the content exactly as it was. */
#define FAILS_UNCHANGED(db, code, needle, call)                                                    \
    do {                                                                                           \
        char before_[65], after_[65];                                                              \
        QF_OK_OR_FAIL(qf_db_content_hash((db), before_));                                          \
        QF_FAILS_WITH(code, needle, call);                                                         \
        QF_OK_OR_FAIL(qf_db_content_hash((db), after_));                                           \
        assert_string_equal(before_, after_);                                                      \
    } while (0)

/* The names the filter lists, comma-separated, checked against its count. */
static const char *names(qf_db *db, const qf_member_filter *f)
{
    static char buf[4096];
    buf[0] = '\0';
    qf_member_iter *it = NULL;
    const qf_member *m;
    QF_OK_OR_FAIL(qf_member_list(&it, db, f));
    int64_t n = 0, rc;
    while ((rc = qf_member_next(&m, it)) == QF_OK) {
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, m->name);
        n++;
    }
    assert_int_equal(rc, QF_ITEROVER);
    qf_member_iter_free(it);
    int64_t counted = -1;
    QF_OK_OR_FAIL(qf_member_count(&counted, db, f));
    assert_int_equal(counted, n);
    return buf;
}

static qf_member blank(const char *name)
{
    qf_member m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.birth_date = QF_DATE_NONE;
    m.joined = QF_DATE_NONE;
    m.since = QF_DATE_NONE;
    m.status = QF_STATUS_FULL;
    return m;
}

static int64_t second_branch(qf_db *db, const fx_tree *t, int64_t *group)
{
    int64_t id;
    qf_org b = {0, t->committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(&id, db, &b));
    if (group) {
        qf_org g = {0, id, QF_ORG_GROUP, "gy2g1", "二部第一党小组", NULL};
        QF_OK_OR_FAIL(qf_org_create(group, db, &g));
    }
    return id;
}

static void raw(qf_db *db, const char *sql)
{
    /* rows of other modules (activities, attendance) written inside a qufa transaction so
     * the audit chain seals them */
    QF_OK_OR_FAIL(qf_tx_begin(db));
    char *err = NULL;
    if (sqlite3_exec(qf_db_sqlite(db), sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    QF_OK_OR_FAIL(qf_tx_commit(db));
}

static void member__status_names_round_trip(void **state)
{
    (void)state;
    for (int s = QF_STATUS_APPLICANT; s <= QF_STATUS_FULL; s++) {
        qf_member_status back = QF_STATUS_NONE;
        QF_OK_OR_FAIL(qf_member_status_parse(&back, qf_member_status_name((qf_member_status)s)));
        assert_int_equal(back, s);
    }
    assert_string_equal(qf_member_status_name(QF_STATUS_FULL), "full");
    assert_string_equal(qf_member_status_name(QF_STATUS_NONE), "none");
    qf_member_status s;
    QF_FAILS_WITH(QF_EINVALID, "status 'member' is unknown", qf_member_status_parse(&s, "member"));
}

static void member__status_history_is_dated(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t id = fx_member(db, "张三", QF_STATUS_APPLICANT, "2015-01-10", t.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_ACTIVIST, fx_date("2015-07-01"), NULL));
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_CANDIDATE, fx_date("2016-07-01"), NULL));
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_PROBATIONARY, fx_date("2016-09-01"),
                                       "支部大会表决通过"));
    QF_OK_OR_FAIL(qf_member_join(db, id, t.group1, fx_date("2016-09-01"))); /* once admitted */
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_FULL, fx_date("2017-09-01"), NULL));

    static const struct {
        const char *on;
        qf_member_status want;
    } cases[] = {{"2015-01-09", QF_STATUS_NONE},      {"2015-01-10", QF_STATUS_APPLICANT},
                 {"2015-06-30", QF_STATUS_APPLICANT}, {"2015-07-01", QF_STATUS_ACTIVIST},
                 {"2016-08-31", QF_STATUS_CANDIDATE}, {"2017-08-31", QF_STATUS_PROBATIONARY},
                 {"2017-09-01", QF_STATUS_FULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qf_member_status s = QF_STATUS_FULL;
        QF_OK_OR_FAIL(qf_member_status_on(&s, db, id, fx_date(cases[i].on)));
        if (s != cases[i].want)
            fail_msg("status on %s: %d, wanted %d", cases[i].on, s, cases[i].want);
    }

    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2016-12-31")));
    assert_int_equal(m->status, QF_STATUS_PROBATIONARY);
    assert_int_equal(m->since, fx_date("2016-09-01"));
    assert_int_equal(m->org_id, t.branch);
    assert_int_equal(m->group_id, t.group1);
    qf_member_free(m);

    /* before anything was recorded: no status, no branch */
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2014-12-31")));
    assert_int_equal(m->status, QF_STATUS_NONE);
    assert_int_equal(m->since, QF_DATE_NONE);
    assert_int_equal(m->org_id, 0);
    assert_int_equal(m->group_id, 0);
    qf_member_free(m);

    /* QF_DATE_NONE is today (2017-09-05) */
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, QF_DATE_NONE));
    assert_int_equal(m->status, QF_STATUS_FULL);
    assert_string_equal(m->name, "张三");
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__status_history_only_grows_forward(void **state)
{
    qf_db *db = *state;
    int64_t id = fx_member(db, "李四", QF_STATUS_PROBATIONARY, "2016-09-01", 0, 0);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT,
                    "since: 2016-01-01 is before the current status "
                    "(probationary since 2016-09-01)",
                    qf_member_set_status(db, id, QF_STATUS_FULL, fx_date("2016-01-01"), NULL));
    FAILS_UNCHANGED(db, QF_EINVALID, "status: 7 is unknown",
                    qf_member_set_status(db, id, (qf_member_status)7, fx_date("2017-01-01"), NULL));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 99 does not exist",
                    qf_member_set_status(db, 99, QF_STATUS_FULL, fx_date("2017-01-01"), NULL));
    FAILS_UNCHANGED(db, QF_EINVALID, "note: invalid UTF-8",
                    qf_member_set_status(db, id, QF_STATUS_FULL, fx_date("2017-09-01"), "\xc3"));

    /* repeating the current status adds nothing; a change on the same day corrects it */
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_OK_OR_FAIL(
        qf_member_set_status(db, id, QF_STATUS_PROBATIONARY, fx_date("2017-01-01"), NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_CANDIDATE, fx_date("2016-09-01"), NULL));
    qf_member_status s;
    QF_OK_OR_FAIL(qf_member_status_on(&s, db, id, fx_date("2016-09-01")));
    assert_int_equal(s, QF_STATUS_CANDIDATE);
    QF_FAILS_WITH(QF_ENOTFOUND, "member 99", qf_member_status_on(&s, db, 99, QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__who_belonged_to_the_branch_on_a_day(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t gy2 = second_branch(db, &t, NULL);
    fx_member(db, "Alice", QF_STATUS_FULL, "2016-01-01", t.branch, 0);
    fx_member(db, "Bob", QF_STATUS_FULL, "2017-05-05", t.branch, 0);   /* joined mid-month */
    fx_member(db, "Carol", QF_STATUS_FULL, "2017-05-11", t.branch, 0); /* the day after */
    int64_t dave = fx_member(db, "Dave", QF_STATUS_FULL, "2016-01-01", t.branch, 0);
    int64_t eve = fx_member(db, "Eve", QF_STATUS_FULL, "2016-01-01", t.branch, 0);
    fx_member(db, "Fay", QF_STATUS_FULL, "2017-05-10", t.branch, 0); /* that very day */
    int64_t gus = fx_member(db, "Gus", QF_STATUS_FULL, "2016-01-01", t.branch, 0);
    QF_OK_OR_FAIL(qf_member_leave(db, dave, t.branch, fx_date("2017-05-09")));
    QF_OK_OR_FAIL(qf_member_leave(db, eve, t.branch, fx_date("2017-05-10"))); /* inclusive */
    QF_OK_OR_FAIL(qf_member_join(db, gus, gy2, fx_date("2017-05-10")));       /* moved away */

    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = t.branch;
    f.on = fx_date("2017-05-10");
    assert_string_equal(names(db, &f), "Alice,Bob,Eve,Fay");
    f.on = fx_date("2017-05-31");
    assert_string_equal(names(db, &f), "Alice,Bob,Carol,Fay");
    f.on = fx_date("2017-05-09");
    assert_string_equal(names(db, &f), "Alice,Bob,Dave,Eve,Gus");
    f.org_id = gy2;
    f.on = fx_date("2017-05-10");
    assert_string_equal(names(db, &f), "Gus");

    /* the row carries the branch as of the filter's day */
    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_get(&m, db, gus, fx_date("2017-05-09")));
    assert_int_equal(m->org_id, t.branch);
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_member_get(&m, db, gus, fx_date("2017-05-10")));
    assert_int_equal(m->org_id, gy2);
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__joining_a_branch_ends_the_previous_one_and_its_groups(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t g2b, gy2 = second_branch(db, &t, &g2b);
    int64_t id = fx_member(db, "王五", QF_STATUS_FULL, "2016-01-01", t.branch, t.group1);

    /* another group of the same branch: only the group changes */
    QF_OK_OR_FAIL(qf_member_join(db, id, t.group2, fx_date("2016-07-01")));
    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2016-07-01")));
    assert_int_equal(m->org_id, t.branch);
    assert_int_equal(m->group_id, t.group2);
    qf_member_free(m);

    /* another branch: the old branch and its group end the day before */
    QF_OK_OR_FAIL(qf_member_join(db, id, gy2, fx_date("2017-03-01")));
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2017-02-28")));
    assert_int_equal(m->org_id, t.branch);
    assert_int_equal(m->group_id, t.group2);
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2017-03-01")));
    assert_int_equal(m->org_id, gy2);
    assert_int_equal(m->group_id, 0);
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_member_join(db, id, g2b, fx_date("2017-03-01")));

    /* leaving a branch leaves its groups too */
    QF_OK_OR_FAIL(qf_member_leave(db, id, gy2, fx_date("2017-08-31")));
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, fx_date("2017-09-01")));
    assert_int_equal(m->org_id, 0);
    assert_int_equal(m->group_id, 0);
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

/* A party group is made of party members: applicants, activists and candidates are refused,
 * whether placed on creation, by joining, or by a status change while in a group. */
static void member__only_party_members_join_party_groups(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_member m;
    memset(&m, 0, sizeof m);
    m.name = "胡斌";
    m.birth_date = m.joined = QF_DATE_NONE;
    m.status = QF_STATUS_ACTIVIST;
    m.since = fx_date("2016-09-01");
    m.org_id = t.branch;
    m.group_id = t.group2;
    FAILS_UNCHANGED(db, QF_ECONSTRAINT,
                    "group: 胡斌 is an activist on 2016-09-01; only party members (full or "
                    "probationary) are placed in party group gy1g2",
                    qf_member_create(NULL, db, &m));

    int64_t id = fx_member(db, "胡斌", QF_STATUS_ACTIVIST, "2016-09-01", t.branch, 0);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "胡斌 is an activist on 2017-01-01",
                    qf_member_join(db, id, t.group2, fx_date("2017-01-01")));
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_CANDIDATE, fx_date("2017-03-01"), NULL));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "胡斌 is a candidate for admission on 2017-04-01",
                    qf_member_join(db, id, t.group2, fx_date("2017-04-01")));
    /* admitted: placed in the group from the day of the vote, not before */
    QF_OK_OR_FAIL(
        qf_member_set_status(db, id, QF_STATUS_PROBATIONARY, fx_date("2017-05-01"), "大会通过"));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "is a candidate for admission on 2017-04-30",
                    qf_member_join(db, id, t.group2, fx_date("2017-04-30")));
    QF_OK_OR_FAIL(qf_member_join(db, id, t.group2, fx_date("2017-05-01")));

    /* a member of a group cannot go back to a status before admission while in it */
    FAILS_UNCHANGED(db, QF_ECONSTRAINT,
                    "status: 胡斌 is in party group gy1g2 on or after 2017-06-01; a member of a "
                    "party group is full or probationary",
                    qf_member_set_status(db, id, QF_STATUS_CANDIDATE, fx_date("2017-06-01"), NULL));
    QF_OK_OR_FAIL(qf_member_leave(db, id, t.group2, fx_date("2017-05-31")));
    QF_OK_OR_FAIL(qf_member_set_status(db, id, QF_STATUS_CANDIDATE, fx_date("2017-06-01"), NULL));

    /* joining the branch itself is not affected */
    int64_t a = fx_member(db, "何晓", QF_STATUS_APPLICANT, "2017-08-21", 0, 0);
    QF_OK_OR_FAIL(qf_member_join(db, a, t.branch, fx_date("2017-08-21")));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__overlapping_membership_is_refused(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t gy2 = second_branch(db, &t, NULL);
    int64_t id = fx_member(db, "赵六", QF_STATUS_FULL, "2016-01-01", t.branch, 0);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "is in gy1 for 2016-01-01..; joining gy1 from 2017-01-01",
                    qf_member_join(db, id, t.branch, fx_date("2017-01-01")));
    /* joining another branch before the current one began cannot end it the day before */
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "is in gy1 for 2016-01-01..; joining gy2 from 2015-06-01",
                    qf_member_join(db, id, gy2, fx_date("2015-06-01")));
    QF_OK_OR_FAIL(qf_member_leave(db, id, t.branch, fx_date("2016-12-31")));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "for 2016-01-01..2016-12-31",
                    qf_member_join(db, id, t.branch, fx_date("2016-06-01")));
    QF_OK_OR_FAIL(qf_member_join(db, id, t.branch, fx_date("2017-02-01"))); /* came back */
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 1 is not in gy2 on 2017-05-01",
                    qf_member_leave(db, id, gy2, fx_date("2017-05-01")));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 1 is not in gy1 on 2017-01-15",
                    qf_member_leave(db, id, t.branch, fx_date("2017-01-15")));
    FAILS_UNCHANGED(db, QF_EINVALID, "until: 2015-12-31 is before the start (2016-01-01)",
                    qf_member_leave(db, id, t.branch, fx_date("2015-12-31")));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "org_id: org 77 does not exist",
                    qf_member_join(db, id, 77, fx_date("2017-05-01")));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 42 does not exist",
                    qf_member_join(db, 42, gy2, fx_date("2017-05-01")));
    FAILS_UNCHANGED(db, QF_EINVALID, "since: 1899-12-31 is out of range (years 1900-2199)",
                    qf_member_join(db, id, gy2, qf_date_from_ymd(1899, 12, 31)));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__under_finds_members_of_groups_below(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t gy2 = second_branch(db, &t, NULL);
    fx_member(db, "Xia", QF_STATUS_FULL, "2016-01-01", t.branch, t.group1);
    fx_member(db, "Yan", QF_STATUS_FULL, "2016-01-01", 0, t.group2); /* only in a group */
    fx_member(db, "Zhou", QF_STATUS_FULL, "2016-01-01", gy2, 0);
    fx_member(db, "Qian", QF_STATUS_FULL, "2016-01-01", 0, 0); /* nowhere */

    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.under = t.branch;
    assert_string_equal(names(db, &f), "Xia,Yan");
    f.under = t.committee;
    assert_string_equal(names(db, &f), "Xia,Yan,Zhou");
    f.org_id = t.branch; /* direct members of the branch within the subtree */
    assert_string_equal(names(db, &f), "Xia");
    f.under = 0;
    assert_string_equal(names(db, &f), "Xia");
    f.org_id = t.group2;
    assert_string_equal(names(db, &f), "Yan");
    f.org_id = 0;
    assert_string_equal(names(db, &f), "Qian,Xia,Yan,Zhou");
    f.under = t.group1;
    assert_string_equal(names(db, &f), "Xia");
    /* before anybody joined */
    f.under = t.committee;
    f.on = fx_date("2015-12-31");
    assert_string_equal(names(db, &f), "");
}

static void member__voting_excludes_non_full_and_disciplined(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    fx_member(db, "F1", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    int64_t f2 = fx_member(db, "F2", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    int64_t f3 = fx_member(db, "F3", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    int64_t f4 = fx_member(db, "F4", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    fx_member(db, "P1", QF_STATUS_PROBATIONARY, "2017-01-01", t.branch, 0);
    fx_member(db, "A1", QF_STATUS_ACTIVIST, "2016-01-01", t.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_flag(db, f2, QF_FLAG_SUSPENDED, fx_date("2017-01-01"),
                                     fx_date("2017-06-30")));
    QF_OK_OR_FAIL(
        qf_member_set_flag(db, f3, QF_FLAG_DISCIPLINE, fx_date("2017-08-01"), QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_member_set_flag(db, f4, QF_FLAG_MOBILE, fx_date("2016-01-01"), QF_DATE_NONE));

    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = t.branch;
    f.voting = true;
    f.on = fx_date("2017-05-10");
    assert_string_equal(names(db, &f), "F1,F3,F4"); /* a mobile member still votes */
    f.on = fx_date("2017-08-15");
    assert_string_equal(names(db, &f), "F1,F2,F4");
    QF_OK_OR_FAIL(qf_member_clear_flag(db, f3, QF_FLAG_DISCIPLINE, fx_date("2017-08-31")));
    f.on = fx_date("2017-09-01");
    assert_string_equal(names(db, &f), "F1,F2,F3,F4");

    bool has = false;
    QF_OK_OR_FAIL(qf_member_has_flag(&has, db, f3, QF_FLAG_DISCIPLINE, fx_date("2017-08-31")));
    assert_true(has);
    QF_OK_OR_FAIL(qf_member_has_flag(&has, db, f3, QF_FLAG_DISCIPLINE, fx_date("2017-09-01")));
    assert_false(has);

    /* the other filters, alone and combined */
    qf_member_filter g = QF_MEMBER_FILTER_INIT;
    g.on = fx_date("2017-05-10");
    g.flag = QF_FLAG_SUSPENDED;
    assert_string_equal(names(db, &g), "F2");
    g.flag = NULL;
    g.status_mask = 1u << QF_STATUS_PROBATIONARY;
    assert_string_equal(names(db, &g), "P1");
    g.status_mask |= 1u << QF_STATUS_ACTIVIST;
    assert_string_equal(names(db, &g), "A1,P1");
    g.status_mask = 1u << QF_STATUS_FULL;
    g.name = "F3";
    assert_string_equal(names(db, &g), "F3");
    g.on = fx_date("2009-12-31"); /* nobody was full yet */
    g.name = NULL;
    assert_string_equal(names(db, &g), "");
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__flags_are_checked(void **state)
{
    qf_db *db = *state;
    int64_t id = fx_member(db, "孙七", QF_STATUS_FULL, "2010-01-01", 0, 0);
    FAILS_UNCHANGED(db, QF_EINVALID, "flag 'suspend' is unknown",
                    qf_member_set_flag(db, id, "suspend", fx_date("2017-01-01"), QF_DATE_NONE));
    FAILS_UNCHANGED(
        db, QF_EINVALID, "end: 2017-01-01 is before the start (2017-02-01)",
        qf_member_set_flag(db, id, QF_FLAG_MOBILE, fx_date("2017-02-01"), fx_date("2017-01-01")));
    QF_OK_OR_FAIL(
        qf_member_set_flag(db, id, QF_FLAG_MOBILE, fx_date("2017-02-01"), fx_date("2017-04-30")));
    FAILS_UNCHANGED(
        db, QF_ECONSTRAINT,
        "already has mobile for 2017-02-01..2017-04-30, which "
        "overlaps 2017-04-30..",
        qf_member_set_flag(db, id, QF_FLAG_MOBILE, fx_date("2017-04-30"), QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_member_set_flag(db, id, QF_FLAG_MOBILE, fx_date("2017-05-01"), QF_DATE_NONE));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 1 has no open suspended flag",
                    qf_member_clear_flag(db, id, QF_FLAG_SUSPENDED, fx_date("2017-06-01")));
    FAILS_UNCHANGED(db, QF_EINVALID, "end: 2017-04-01 is before the start (2017-05-01)",
                    qf_member_clear_flag(db, id, QF_FLAG_MOBILE, fx_date("2017-04-01")));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 9 does not exist",
                    qf_member_set_flag(db, 9, QF_FLAG_MOBILE, fx_date("2017-05-01"), QF_DATE_NONE));
    bool has;
    QF_FAILS_WITH(QF_EINVALID, "flag 'mobil' is unknown",
                  qf_member_has_flag(&has, db, id, "mobil", QF_DATE_NONE));
    /* a branch may register its own flag */
    QF_OK_OR_FAIL(qf_vocab_define(db, "flag", "seconded", "借调", "seconded"));
    QF_OK_OR_FAIL(qf_member_set_flag(db, id, "seconded", fx_date("2017-03-01"), QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_member_has_flag(&has, db, id, "seconded", QF_DATE_NONE));
    assert_true(has);
    QF_OK_OR_FAIL(qf_member_clear_flag(db, id, QF_FLAG_MOBILE, QF_DATE_NONE)); /* today */
    QF_OK_OR_FAIL(qf_member_has_flag(&has, db, id, QF_FLAG_MOBILE, fx_date("2017-09-05")));
    assert_true(has);
    QF_OK_OR_FAIL(qf_member_has_flag(&has, db, id, QF_FLAG_MOBILE, fx_date("2017-09-06")));
    assert_false(has);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__create_validates_every_field(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t g2b;
    second_branch(db, &t, &g2b);
    qf_member ok = blank("周八");
    ok.code = "P001";
    QF_OK_OR_FAIL(qf_member_create(NULL, db, &ok));

    static const struct {
        int code;
        const char *needle;
    } want[] = {
        {QF_EINVALID, "name: required"},
        {QF_EINVALID, "name: must be a single line"},
        {QF_EINVALID, "gender: 'man' is not male or female"},
        {QF_EINVALID, "birth_date: 2018-01-01 is after today (2017-09-05)"},
        {QF_EINVALID, "birth_date: 1899-12-31 is out of range (years 1900-2199)"},
        {QF_EINVALID, "joined: 1980-01-01 is before birth_date (1985-03-02)"},
        {QF_EINVALID, "joined: 2017-09-06 is after today"},
        {QF_EINVALID, "phone: must be a single line"},
        {QF_EINVALID, "id_number: invalid UTF-8"},
        {QF_EINVALID, "attrs: not a JSON object"},
        {QF_EINVALID, "status: 9 is unknown"},
        {QF_EINVALID, "since: 1850-01-01 is out of range"},
        {QF_ENOTFOUND, "org_id: org 999 does not exist"},
        {QF_EINVALID, "org_id: gy1g1 is a party group"},
        {QF_EINVALID, "group_id: gy1 is a branch, not a party group"},
        {QF_EINVALID, "group_id: party group gy2g1 is not under org gy1"},
        {QF_EEXISTS, "member code 'P001' is already taken"},
        {QF_EINVALID, "code: must be a single line"},
        {QF_EINVALID, "name: too long"},
    };
    static char long_name[300];
    memset(long_name, 'x', sizeof long_name - 1);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        qf_member m = blank("周九");
        switch (i) {
        case 0:
            m.name = NULL;
            break;
        case 1:
            m.name = "周\n九";
            break;
        case 2:
            m.gender = "man";
            break;
        case 3:
            m.birth_date = fx_date("2018-01-01");
            break;
        case 4:
            m.birth_date = qf_date_from_ymd(1899, 12, 31);
            break;
        case 5:
            m.birth_date = fx_date("1985-03-02");
            m.joined = fx_date("1980-01-01");
            break;
        case 6:
            m.joined = fx_date("2017-09-06");
            break;
        case 7:
            m.phone = "010\t6820";
            break;
        case 8:
            m.id_number = "11010\xff";
            break;
        case 9:
            m.attrs = "[1, 2]";
            break;
        case 10:
            m.status = (qf_member_status)9;
            break;
        case 11:
            m.since = qf_date_from_ymd(1850, 1, 1);
            break;
        case 12:
            m.org_id = 999;
            break;
        case 13:
            m.org_id = t.group1;
            break;
        case 14:
            m.group_id = t.branch;
            break;
        case 15:
            m.org_id = t.branch;
            m.group_id = g2b;
            break;
        case 16:
            m.code = "P001";
            break;
        case 17:
            m.code = "P\n2";
            break;
        case 18:
            m.name = long_name;
            break;
        }
        FAILS_UNCHANGED(db, want[i].code, want[i].needle, qf_member_create(NULL, db, &m));
    }
    /* dates reach the C API already parsed; a typed date that does not exist is refused,
     * naming it, before it gets here */
    qf_date d;
    QF_FAILS_WITH(QF_EINVALID, "2017-02-30", qf_date_parse(&d, "2017-02-30"));

    /* everything valid at once */
    qf_member full = blank("郑十");
    full.code = "P002";
    full.gender = "female";
    full.birth_date = fx_date("1985-03-02");
    full.joined = fx_date("2008-07-01");
    full.phone = "010-68201234";
    full.id_number = "110101198503021234";
    full.attrs = "{\"职务\": \"处长\"}";
    full.since = fx_date("2009-07-01");
    full.org_id = t.branch;
    full.group_id = t.group2;
    int64_t id;
    QF_OK_OR_FAIL(qf_member_create(&id, db, &full));
    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_lookup(&m, db, "P002", QF_DATE_NONE));
    assert_int_equal(m->id, id);
    assert_string_equal(m->gender, "female");
    assert_int_equal(m->birth_date, fx_date("1985-03-02"));
    assert_int_equal(m->joined, fx_date("2008-07-01"));
    assert_string_equal(m->phone, "010-68201234");
    assert_string_equal(m->id_number, "110101198503021234");
    assert_non_null(strstr(m->attrs, "处长"));
    assert_int_equal(m->status, QF_STATUS_FULL);
    assert_int_equal(m->since, fx_date("2009-07-01"));
    assert_int_equal(m->group_id, t.group2);
    qf_member_free(m);
    QF_FAILS_WITH(QF_ENOTFOUND, "member P404 does not exist",
                  qf_member_lookup(&m, db, "P404", QF_DATE_NONE));
    assert_null(m);
    QF_FAILS_WITH(QF_ENOTFOUND, "member 404 does not exist",
                  qf_member_get(&m, db, 404, QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__create_defaults_since_to_today(void **state)
{
    qf_db *db = *state;
    qf_member m = blank("钱一");
    m.status = QF_STATUS_APPLICANT;
    int64_t id;
    QF_OK_OR_FAIL(qf_member_create(&id, db, &m));
    qf_member *got = NULL;
    QF_OK_OR_FAIL(qf_member_get(&got, db, id, QF_DATE_NONE));
    assert_int_equal(got->since, fx_date("2017-09-05"));
    assert_int_equal(got->status, QF_STATUS_APPLICANT);
    assert_null(got->code);
    assert_null(got->gender);
    assert_string_equal(got->attrs, "{}");
    qf_member_free(got);
    /* no status at all is allowed too (a person on file, not yet in the pipeline) */
    m = blank("钱二");
    m.status = QF_STATUS_NONE;
    QF_OK_OR_FAIL(qf_member_create(&id, db, &m));
    QF_OK_OR_FAIL(qf_member_get(&got, db, id, QF_DATE_NONE));
    assert_int_equal(got->status, QF_STATUS_NONE);
    qf_member_free(got);
}

static void member__update_replaces_descriptive_fields_only(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t id = fx_member(db, "吴一", QF_STATUS_FULL, "2015-01-01", t.branch, t.group1);
    qf_member other = blank("吴二");
    other.code = "P010";
    QF_OK_OR_FAIL(qf_member_create(NULL, db, &other));

    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, QF_DATE_NONE));
    qf_member changed = *m;
    changed.name = "吴一一";
    changed.code = "P011";
    changed.gender = "male";
    changed.status = QF_STATUS_APPLICANT; /* ignored: status changes are dated */
    changed.org_id = 0;
    QF_OK_OR_FAIL(qf_member_update(db, &changed));
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_member_get(&m, db, id, QF_DATE_NONE));
    assert_string_equal(m->name, "吴一一");
    assert_string_equal(m->code, "P011");
    assert_int_equal(m->status, QF_STATUS_FULL);
    assert_int_equal(m->org_id, t.branch);

    changed = *m;
    changed.code = "P010";
    FAILS_UNCHANGED(db, QF_EEXISTS, "member code 'P010' is already taken",
                    qf_member_update(db, &changed));
    changed.code = NULL;
    changed.birth_date = fx_date("2020-01-01");
    FAILS_UNCHANGED(db, QF_EINVALID, "birth_date: 2020-01-01 is after today",
                    qf_member_update(db, &changed));
    changed.birth_date = QF_DATE_NONE;
    changed.id = 4242;
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 4242 does not exist", qf_member_update(db, &changed));
    qf_member_free(m);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__delete_is_refused_while_referenced(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t sec = fx_member(db, "书记甲", QF_STATUS_FULL, "2010-01-01", t.branch, t.group1);
    int64_t att = fx_member(db, "党员乙", QF_STATUS_FULL, "2010-01-01", t.branch, t.group1);
    int64_t gone = fx_member(db, "党员丙", QF_STATUS_FULL, "2010-01-01", t.branch, t.group2);
    QF_OK_OR_FAIL(
        qf_member_set_flag(db, gone, QF_FLAG_MOBILE, fx_date("2016-01-01"), QF_DATE_NONE));
    int64_t host = fx_member(db, "党员丁", QF_STATUS_FULL, "2010-01-01", t.branch, t.group2);
    char sql[700];
    snprintf(sql, sizeof sql,
             "INSERT INTO position (member_id, org_id, post, start) VALUES (%lld, %lld, "
             "'secretary', '2015-01-01');"
             "INSERT INTO activity (id, org_id, kind, title, starts_at, host_id) VALUES (1, %lld, "
             "'general_meeting', '支部党员大会', '2017-05-10 14:30', %lld);"
             "INSERT INTO attendance (activity_id, member_id, state) VALUES (1, %lld, 'present')",
             (long long)sec, (long long)t.branch, (long long)t.branch, (long long)host,
             (long long)att);
    raw(db, sql);

    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "member 1 still has 1 positions",
                    qf_member_delete(db, sec));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "member 2 still has 1 attendance records",
                    qf_member_delete(db, att));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "member 4 still has 1 activities as host",
                    qf_member_delete(db, host));
    QF_OK_OR_FAIL(qf_member_delete(db, gone));
    qf_member *m = NULL;
    QF_FAILS_WITH(QF_ENOTFOUND, "member 3 does not exist",
                  qf_member_get(&m, db, gone, QF_DATE_NONE));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 3 does not exist", qf_member_delete(db, gone));
    /* the history went with the member, and the audit log saw it go */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(qf_db_sqlite(db),
                                        "SELECT (SELECT count(*) FROM member_status WHERE "
                                        "member_id = 3) + (SELECT count(*) FROM membership WHERE "
                                        "member_id = 3) + (SELECT count(*) FROM member_flag "
                                        "WHERE member_id = 3)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void member__history_lists_events_oldest_first(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t gy2 = second_branch(db, &t, NULL);
    int64_t id = fx_member(db, "冯一", QF_STATUS_ACTIVIST, "2015-03-01", t.branch, 0);
    QF_OK_OR_FAIL(
        qf_member_set_status(db, id, QF_STATUS_PROBATIONARY, fx_date("2016-07-01"), "大会通过"));
    QF_OK_OR_FAIL(qf_member_join(db, id, t.group1, fx_date("2016-07-01")));
    QF_OK_OR_FAIL(
        qf_member_set_flag(db, id, QF_FLAG_MOBILE, fx_date("2016-03-01"), fx_date("2016-05-31")));
    QF_OK_OR_FAIL(qf_member_join(db, id, gy2, fx_date("2017-01-01")));

    static const struct {
        const char *what, *value, *start, *end;
    } want[] = {
        {"status", "activist", "2015-03-01", "2016-06-30"},
        {"org", "gy1", "2015-03-01", "2016-12-31"},
        {"flag", "mobile", "2016-03-01", "2016-05-31"},
        {"status", "probationary", "2016-07-01", NULL},
        {"org", "gy1g1", "2016-07-01", "2016-12-31"},
        {"org", "gy2", "2017-01-01", NULL},
    };
    qf_member_history *h = NULL;
    const qf_member_event *e;
    QF_OK_OR_FAIL(qf_member_history_list(&h, db, id));
    size_t n = 0;
    while (qf_member_history_next(&e, h) == QF_OK) {
        assert_true(n < sizeof want / sizeof want[0]);
        assert_string_equal(e->what, want[n].what);
        assert_string_equal(e->value, want[n].value);
        assert_int_equal(e->start, fx_date(want[n].start));
        assert_int_equal(e->end, want[n].end ? fx_date(want[n].end) : QF_DATE_NONE);
        if (strcmp(e->what, "org") == 0)
            assert_true(e->org_id != 0);
        n++;
        if (n == 4)
            assert_string_equal(e->note, "大会通过");
    }
    assert_int_equal(n, sizeof want / sizeof want[0]);
    qf_member_history_free(h);
    qf_member_history_free(NULL);
    QF_FAILS_WITH(QF_ENOTFOUND, "member 99 does not exist", qf_member_history_list(&h, db, 99));
}

static void member__filter_is_validated(void **state)
{
    qf_db *db = *state;
    qf_member_iter *it = NULL;
    int64_t n;
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.status_mask = 0x40;
    QF_FAILS_WITH(QF_EINVALID, "status_mask: 0x40", qf_member_list(&it, db, &f));
    assert_null(it);
    QF_FAILS_WITH(QF_EINVALID, "status_mask: 0x40", qf_member_count(&n, db, &f));
    f.status_mask = 0;
    f.org_id = 31;
    QF_FAILS_WITH(QF_ENOTFOUND, "org_id: org 31 does not exist", qf_member_list(&it, db, &f));
    f.org_id = 0;
    f.under = 32;
    QF_FAILS_WITH(QF_ENOTFOUND, "under: org 32 does not exist", qf_member_count(&n, db, &f));
    f.under = 0;
    f.flag = "suspendid";
    QF_FAILS_WITH(QF_EINVALID, "flag 'suspendid' is unknown", qf_member_list(&it, db, &f));
    f.flag = NULL;
    f.on = qf_date_from_ymd(2300, 1, 1);
    QF_FAILS_WITH(QF_EINVALID, "on: 2300-01-01 is out of range", qf_member_list(&it, db, &f));
    /* NULL filter = everybody today */
    fx_member(db, "褚一", QF_STATUS_FULL, "2010-01-01", 0, 0);
    QF_OK_OR_FAIL(qf_member_count(&n, db, NULL));
    assert_int_equal(n, 1);
    QF_OK_OR_FAIL(qf_member_list(&it, db, NULL));
    const qf_member *row;
    QF_OK_OR_FAIL(qf_member_next(&row, it));
    assert_string_equal(row->name, "褚一");
    assert_int_equal(qf_member_next(&row, it), QF_ITEROVER);
    qf_member_iter_free(it);
    qf_member_iter_free(NULL);
}

/* Lists are reused statements when free: nested, interleaved and abandoned lists must not
 * disturb one another. */
static void member__lists_nest_and_interleave(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    fx_member(db, "A", QF_STATUS_FULL, "2016-01-01", t.branch, t.group1);
    fx_member(db, "B", QF_STATUS_FULL, "2016-01-01", t.branch, t.group2);
    fx_member(db, "C", QF_STATUS_FULL, "2016-01-01", t.branch, t.group1);
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = t.branch;
    const qf_member *row, *inner_row;

    /* the same list inside itself */
    qf_member_iter *outer = NULL, *inner = NULL;
    QF_OK_OR_FAIL(qf_member_list(&outer, db, &f));
    int outer_n = 0;
    while (qf_member_next(&row, outer) == QF_OK) {
        outer_n++;
        assert_string_equal(names(db, &f), "A,B,C");
        QF_OK_OR_FAIL(qf_member_list(&inner, db, &f));
        QF_OK_OR_FAIL(qf_member_next(&inner_row, inner)); /* abandoned after one row */
        qf_member_iter_free(inner);
    }
    assert_int_equal(outer_n, 3);
    assert_int_equal(qf_member_next(&row, outer), QF_ITEROVER); /* and stays over */
    qf_member_iter_free(outer);

    /* two lists made before either is read, read in turns */
    qf_member_iter *a = NULL, *b = NULL;
    QF_OK_OR_FAIL(qf_member_list(&a, db, &f));
    QF_OK_OR_FAIL(qf_member_list(&b, db, &f));
    char seen_a[16] = "", seen_b[16] = "";
    for (int i = 0; i < 3; i++) {
        QF_OK_OR_FAIL(qf_member_next(&row, a));
        strcat(seen_a, row->name);
        QF_OK_OR_FAIL(qf_member_next(&row, b));
        strcat(seen_b, row->name);
    }
    assert_string_equal(seen_a, "ABC");
    assert_string_equal(seen_b, "ABC");
    assert_int_equal(qf_member_next(&row, a), QF_ITEROVER);
    qf_member_iter_free(a);
    assert_int_equal(qf_member_next(&row, b), QF_ITEROVER);
    qf_member_iter_free(b);

    /* an empty list finished at once, then the same list again while the first lives */
    qf_member_filter none = f;
    none.on = fx_date("2015-01-01");
    QF_OK_OR_FAIL(qf_member_list(&a, db, &none));
    QF_OK_OR_FAIL(qf_member_list(&b, db, &f));
    assert_int_equal(qf_member_next(&row, a), QF_ITEROVER);
    qf_member_iter_free(a); /* must not reset b's statement */
    int n = 0;
    while (qf_member_next(&row, b) == QF_OK)
        n++;
    assert_int_equal(n, 3);
    qf_member_iter_free(b);
}

/* Many members, several branches: the list and count agree with what was written. */
static void member__list_serves_many_members(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t gy2 = second_branch(db, &t, NULL);
    QF_OK_OR_FAIL(qf_tx_begin(db));
    for (int i = 0; i < 600; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%04d", i);
        int64_t id = fx_member(db, name, i % 3 ? QF_STATUS_FULL : QF_STATUS_PROBATIONARY,
                               "2016-01-01", i % 2 ? t.branch : gy2, i % 2 ? t.group1 : 0);
        if (i % 10 == 1)
            QF_OK_OR_FAIL(
                qf_member_set_flag(db, id, QF_FLAG_SUSPENDED, fx_date("2017-01-01"), QF_DATE_NONE));
    }
    QF_OK_OR_FAIL(qf_tx_commit(db));
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = t.branch;
    f.on = fx_date("2017-05-10");
    int64_t n;
    QF_OK_OR_FAIL(qf_member_count(&n, db, &f));
    assert_int_equal(n, 300);
    f.voting = true;
    /* odd i: 300, of which full (i % 3 != 0) 200; suspended (i % 10 == 1) 60, 40 of them full */
    QF_OK_OR_FAIL(qf_member_count(&n, db, &f));
    assert_int_equal(n, 160);
    f.org_id = 0;
    f.under = t.group1;
    QF_OK_OR_FAIL(qf_member_count(&n, db, &f));
    assert_int_equal(n, 160);
    names(db, &f);
}

#define IN_MEMORY(t) cmocka_unit_test_setup_teardown(t, fx_setup_memory, fx_teardown)
#define IN_FILE(t) cmocka_unit_test_setup_teardown(t, fx_setup_file, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(member__status_names_round_trip),
        IN_MEMORY(member__only_party_members_join_party_groups),
        IN_MEMORY(member__status_history_is_dated),
        IN_MEMORY(member__status_history_only_grows_forward),
        IN_MEMORY(member__who_belonged_to_the_branch_on_a_day),
        IN_MEMORY(member__joining_a_branch_ends_the_previous_one_and_its_groups),
        IN_MEMORY(member__overlapping_membership_is_refused),
        IN_MEMORY(member__under_finds_members_of_groups_below),
        IN_MEMORY(member__voting_excludes_non_full_and_disciplined),
        IN_MEMORY(member__flags_are_checked),
        IN_MEMORY(member__create_validates_every_field),
        IN_MEMORY(member__create_defaults_since_to_today),
        IN_MEMORY(member__update_replaces_descriptive_fields_only),
        IN_FILE(member__delete_is_refused_while_referenced),
        IN_MEMORY(member__history_lists_events_oldest_first),
        IN_MEMORY(member__filter_is_validated),
        IN_MEMORY(member__lists_nest_and_interleave),
        IN_MEMORY(member__list_serves_many_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
