/* Positions: posts held over date ranges, the holder on a day, overlap and validation. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

#define FAILS_UNCHANGED(db, code, needle, call)                                                    \
    do {                                                                                           \
        char before_[65], after_[65];                                                              \
        QF_OK_OR_FAIL(qf_db_content_hash((db), before_));                                          \
        QF_FAILS_WITH(code, needle, call);                                                         \
        QF_OK_OR_FAIL(qf_db_content_hash((db), after_));                                           \
        assert_string_equal(before_, after_);                                                      \
    } while (0)

static qf_position post(int64_t member, int64_t org, const char *p, const char *start,
                        const char *end)
{
    qf_position x = {0, member, org, p, fx_date(start), end ? fx_date(end) : QF_DATE_NONE, NULL};
    return x;
}

static int64_t holder(qf_db *db, int64_t org, const char *p, const char *on)
{
    int64_t who = -1;
    QF_OK_OR_FAIL(qf_position_holder(&who, db, org, p, fx_date(on)));
    return who;
}

static void position__holder_follows_the_dates(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2005-01-01", t.branch, t.group1);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2005-01-01", t.branch, t.group2);
    qf_position p = post(a, t.branch, QF_POST_SECRETARY, "2014-01-01", "2016-12-31");
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p = post(b, t.branch, QF_POST_SECRETARY, "2017-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));

    assert_int_equal(holder(db, t.branch, QF_POST_SECRETARY, "2013-12-31"), 0);
    assert_int_equal(holder(db, t.branch, QF_POST_SECRETARY, "2014-01-01"), a);
    assert_int_equal(holder(db, t.branch, QF_POST_SECRETARY, "2016-12-31"), a);
    assert_int_equal(holder(db, t.branch, QF_POST_SECRETARY, "2017-01-01"), b);
    assert_int_equal(holder(db, t.branch, QF_POST_DEPUTY_SECRETARY, "2017-01-01"), 0);
    assert_int_equal(holder(db, t.group1, QF_POST_SECRETARY, "2017-01-01"), 0);
    int64_t who = -1;
    QF_OK_OR_FAIL(qf_position_holder(&who, db, t.branch, QF_POST_SECRETARY, QF_DATE_NONE));
    assert_int_equal(who, b);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void position__rotating_duty_answers_the_latest_start(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2005-01-01", t.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2005-01-01", t.branch, 0);
    qf_position p = post(a, t.branch, QF_POST_DISCIPLINE, "2017-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p = post(b, t.branch, QF_POST_DISCIPLINE, "2017-06-01", "2017-06-30");
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    assert_int_equal(holder(db, t.branch, QF_POST_DISCIPLINE, "2017-05-31"), a);
    assert_int_equal(holder(db, t.branch, QF_POST_DISCIPLINE, "2017-06-15"), b);
    assert_int_equal(holder(db, t.branch, QF_POST_DISCIPLINE, "2017-07-01"), a);
}

static void position__overlap_for_the_same_member_is_refused(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2005-01-01", t.branch, t.group1);
    qf_position p = post(a, t.branch, QF_POST_SECRETARY, "2014-01-01", "2016-12-31");
    int64_t first;
    QF_OK_OR_FAIL(qf_position_create(&first, db, &p));
    p = post(a, t.branch, QF_POST_SECRETARY, "2016-12-31", NULL);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT,
                    "member 1 already holds secretary here for 2014-01-01..2016-12-31 "
                    "(position 1), which overlaps 2016-12-31..",
                    qf_position_create(NULL, db, &p));
    p = post(a, t.branch, QF_POST_SECRETARY, "2010-01-01", "2014-01-01");
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "overlaps 2010-01-01..2014-01-01",
                    qf_position_create(NULL, db, &p));
    /* the day after, another post, another org: all fine */
    p = post(a, t.branch, QF_POST_SECRETARY, "2017-01-01", NULL);
    int64_t second;
    QF_OK_OR_FAIL(qf_position_create(&second, db, &p));
    p = post(a, t.branch, QF_POST_COMMITTEE_MEMBER, "2014-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p = post(a, t.group1, QF_POST_GROUP_LEADER, "2014-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));

    /* moving the first term's end later runs into the second */
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "(position 2)",
                    qf_position_end(db, first, fx_date("2017-03-31")));
    qf_position *got = NULL;
    QF_OK_OR_FAIL(qf_position_get(&got, db, first));
    qf_position changed = *got;
    changed.end = fx_date("2016-06-30"); /* shortening never overlaps; an update of itself */
    QF_OK_OR_FAIL(qf_position_update(db, &changed));
    qf_position_free(got);
    QF_OK_OR_FAIL(qf_position_get(&got, db, first));
    assert_int_equal(got->end, fx_date("2016-06-30"));
    qf_position_free(got);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void position__fields_are_validated(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2005-01-01", t.branch, 0);
    qf_position p = post(a, t.branch, "secretray", "2017-01-01", NULL);
    FAILS_UNCHANGED(db, QF_EINVALID, "post 'secretray' is unknown",
                    qf_position_create(NULL, db, &p));
    p = post(a, t.branch, NULL, "2017-01-01", NULL);
    FAILS_UNCHANGED(db, QF_EINVALID, "post: required", qf_position_create(NULL, db, &p));
    p = post(a, t.branch, QF_POST_SECRETARY, "2017-01-01", "2016-12-31");
    FAILS_UNCHANGED(db, QF_EINVALID, "end: 2016-12-31 is before the start (2017-01-01)",
                    qf_position_create(NULL, db, &p));
    p = post(a, t.branch, QF_POST_SECRETARY, "2017-01-01", NULL);
    p.start = QF_DATE_NONE;
    FAILS_UNCHANGED(db, QF_EINVALID, "start: required", qf_position_create(NULL, db, &p));
    p = post(99, t.branch, QF_POST_SECRETARY, "2017-01-01", NULL);
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 99 does not exist", qf_position_create(NULL, db, &p));
    p = post(a, 98, QF_POST_SECRETARY, "2017-01-01", NULL);
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "org_id: org 98 does not exist",
                    qf_position_create(NULL, db, &p));
    p = post(a, t.branch, QF_POST_SECRETARY, "2017-01-01", NULL);
    p.note = "bad \x01 note";
    FAILS_UNCHANGED(db, QF_EINVALID, "note: control character", qf_position_create(NULL, db, &p));
    p.note = NULL;
    p.id = 55;
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "position 55 does not exist", qf_position_update(db, &p));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "position 55 does not exist", qf_position_delete(db, 55));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "position 55 does not exist",
                    qf_position_end(db, 55, QF_DATE_NONE));
    int64_t who;
    QF_FAILS_WITH(QF_EINVALID, "post 'chair' is unknown",
                  qf_position_holder(&who, db, t.branch, "chair", QF_DATE_NONE));
    QF_FAILS_WITH(QF_ENOTFOUND, "org_id: org 98",
                  qf_position_holder(&who, db, 98, QF_POST_SECRETARY, QF_DATE_NONE));
    /* a branch's own post, once registered */
    QF_OK_OR_FAIL(qf_vocab_define(db, "post", "duty_officer", "值班委员", "duty officer"));
    p = post(a, t.branch, "duty_officer", "2017-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
}

static void position__list_filters_and_end(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2005-01-01", t.branch, t.group1);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2005-01-01", t.branch, t.group2);
    int64_t ids[4];
    qf_position p = post(a, t.branch, QF_POST_SECRETARY, "2014-01-01", NULL);
    p.note = "支部大会选举";
    QF_OK_OR_FAIL(qf_position_create(&ids[0], db, &p));
    p = post(b, t.branch, QF_POST_ORGANIZATION, "2014-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(&ids[1], db, &p));
    p = post(a, t.group1, QF_POST_GROUP_LEADER, "2015-01-01", "2016-12-31");
    QF_OK_OR_FAIL(qf_position_create(&ids[2], db, &p));
    p = post(b, t.group2, QF_POST_GROUP_LEADER, "2017-01-01", NULL);
    QF_OK_OR_FAIL(qf_position_create(&ids[3], db, &p));
    QF_OK_OR_FAIL(qf_position_end(db, ids[1], fx_date("2017-06-30")));

    static const struct {
        int64_t org, member;
        const char *post, *on;
        int want;
    } cases[] = {
        {0, 0, NULL, NULL, 4},
        {0, 0, NULL, "2016-06-01", 3},
        {0, 0, NULL, "2017-07-01", 2},
        {0, 0, QF_POST_GROUP_LEADER, NULL, 2},
        {0, 0, QF_POST_GROUP_LEADER, "2016-06-01", 1},
        {-1, 0, NULL, NULL, 2}, /* -1: the branch */
        {0, -1, NULL, NULL, 2}, /* -1: member a */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qf_position_filter f = QF_POSITION_FILTER_INIT;
        f.org_id = cases[i].org == -1 ? t.branch : cases[i].org;
        f.member_id = cases[i].member == -1 ? a : cases[i].member;
        f.post = cases[i].post;
        f.on = cases[i].on ? fx_date(cases[i].on) : QF_DATE_NONE;
        qf_position_iter *it = NULL;
        const qf_position *row;
        QF_OK_OR_FAIL(qf_position_list(&it, db, &f));
        int n = 0;
        qf_date last = QF_DATE_NONE;
        while (qf_position_next(&row, it) == QF_OK) {
            assert_true(last == QF_DATE_NONE || row->start >= last); /* oldest first */
            last = row->start;
            n++;
        }
        qf_position_iter_free(it);
        if (n != cases[i].want)
            fail_msg("case %zu: %d positions, wanted %d", i, n, cases[i].want);
    }
    qf_position *got = NULL;
    QF_OK_OR_FAIL(qf_position_get(&got, db, ids[0]));
    assert_string_equal(got->post, QF_POST_SECRETARY);
    assert_string_equal(got->note, "支部大会选举");
    assert_int_equal(got->end, QF_DATE_NONE);
    qf_position_free(got);
    QF_OK_OR_FAIL(qf_position_get(&got, db, ids[1]));
    assert_int_equal(got->end, fx_date("2017-06-30"));
    assert_null(got->note);
    qf_position_free(got);
    FAILS_UNCHANGED(db, QF_EINVALID, "end: 2013-01-01 is before the start (2014-01-01)",
                    qf_position_end(db, ids[0], fx_date("2013-01-01")));

    qf_position_filter bad = QF_POSITION_FILTER_INIT;
    bad.post = "lead";
    qf_position_iter *it = NULL;
    QF_FAILS_WITH(QF_EINVALID, "post 'lead' is unknown", qf_position_list(&it, db, &bad));
    assert_null(it);
    qf_position_iter_free(NULL);
    QF_OK_OR_FAIL(qf_position_list(&it, db, NULL));
    qf_position_iter_free(it);

    QF_OK_OR_FAIL(qf_position_delete(db, ids[2]));
    QF_FAILS_WITH(QF_ENOTFOUND, "position", qf_position_get(&got, db, ids[2]));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

#define IN_MEMORY(t) cmocka_unit_test_setup_teardown(t, fx_setup_memory, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        IN_MEMORY(position__holder_follows_the_dates),
        IN_MEMORY(position__rotating_duty_answers_the_latest_start),
        IN_MEMORY(position__overlap_for_the_same_member_is_refused),
        IN_MEMORY(position__fields_are_validated),
        IN_MEMORY(position__list_filters_and_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
