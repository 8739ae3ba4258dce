/* 民主评议党员 results: one grade per member and year, by the branch; who can be graded. */
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

static qf_appraisal grade(int64_t member, int year, qf_appraisal_result r)
{
    qf_appraisal a;
    memset(&a, 0, sizeof a);
    a.member_id = member;
    a.year = year;
    a.result = r;
    return a;
}

static int64_t meeting(qf_db *db, int64_t org, const char *kind, const char *at)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = "民主评议党员";
    a.starts_at = fx_datetime(at);
    a.ends_at = QF_DATETIME_NONE;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    return id;
}

/* "name=result" for the list, comma-separated */
static const char *listed(qf_db *db, const qf_appraisal_filter *f)
{
    static char buf[512];
    buf[0] = '\0';
    qf_appraisal_iter *it = NULL;
    const qf_appraisal *row;
    QF_OK_OR_FAIL(qf_appraisal_list(&it, db, f));
    while (qf_appraisal_next(&row, it) == QF_OK) {
        qf_member *m = NULL;
        QF_OK_OR_FAIL(qf_member_get(&m, db, row->member_id, QF_DATE_NONE));
        char one[80];
        snprintf(one, sizeof one, "%s%d:%s=%s", buf[0] ? "," : "", row->year, m->name,
                 qf_appraisal_result_name(row->result));
        strcat(buf, one);
        qf_member_free(m);
    }
    qf_appraisal_iter_free(it);
    return buf;
}

static void appraisal__results_parse_in_both_languages(void **state)
{
    (void)state;
    static const char *const zh[] = {"优秀", "合格", "基本合格", "不合格"};
    for (int r = QF_APPRAISAL_EXCELLENT; r <= QF_APPRAISAL_UNQUALIFIED; r++) {
        qf_appraisal_result back;
        QF_OK_OR_FAIL(qf_appraisal_result_parse(&back, qf_appraisal_result_name(r)));
        assert_int_equal(back, r);
        QF_OK_OR_FAIL(qf_appraisal_result_parse(&back, zh[r]));
        assert_int_equal(back, r);
    }
    qf_appraisal_result r;
    QF_FAILS_WITH(QF_EINVALID, "result: 'good' is not a grade (excellent 优秀",
                  qf_appraisal_result_parse(&r, "good"));
    assert_string_equal(qf_appraisal_result_label(QF_APPRAISAL_BASICALLY_QUALIFIED),
                        "basically qualified");
    QF_OK_OR_FAIL(qf_set_language("zh"));
    assert_string_equal(qf_appraisal_result_label(QF_APPRAISAL_BASICALLY_QUALIFIED), "基本合格");
    QF_OK_OR_FAIL(qf_set_language("en"));
}

static void appraisal__one_result_per_member_and_year(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t zhang = fx_member(db, "张建国", QF_STATUS_FULL, "1991-06-28", t.branch, t.group1);
    int64_t wang = fx_member(db, "王志强", QF_STATUS_FULL, "2000-05-04", t.branch, t.group1);
    int64_t huang = fx_member(db, "黄丽", QF_STATUS_PROBATIONARY, "2016-09-28", t.branch, 0);
    int64_t day = meeting(db, t.branch, "appraisal", "2017-07-21 15:00");

    qf_appraisal a = grade(zhang, 2017, QF_APPRAISAL_EXCELLENT);
    a.activity_id = day;
    int64_t id1 = 0, id2 = 0;
    QF_OK_OR_FAIL(qf_appraisal_set(&id1, db, &a));
    a = grade(wang, 2017, QF_APPRAISAL_QUALIFIED);
    a.activity_id = day;
    QF_OK_OR_FAIL(qf_appraisal_set(NULL, db, &a));
    /* a probationary member is appraised too; without a meeting, by the branch at year end
     * (today, 2017-09-05, when that is earlier) */
    a = grade(huang, 2017, QF_APPRAISAL_BASICALLY_QUALIFIED);
    a.note = "学习参加不够经常";
    QF_OK_OR_FAIL(qf_appraisal_set(NULL, db, &a));

    qf_appraisal *got = NULL;
    QF_OK_OR_FAIL(qf_appraisal_get(&got, db, zhang, 2017));
    assert_int_equal(got->id, id1);
    assert_int_equal(got->org_id, t.branch); /* the meeting's org */
    assert_int_equal(got->activity_id, day);
    assert_int_equal(got->result, QF_APPRAISAL_EXCELLENT);
    assert_null(got->note);
    qf_appraisal_free(got);
    QF_OK_OR_FAIL(qf_appraisal_get(&got, db, huang, 2017));
    assert_int_equal(got->org_id, t.branch); /* her branch on the day */
    assert_int_equal(got->activity_id, 0);
    assert_string_equal(got->note, "学习参加不够经常");
    qf_appraisal_free(got);

    /* a second result for the same year corrects the first: the same row */
    a = grade(zhang, 2017, QF_APPRAISAL_QUALIFIED);
    a.activity_id = day;
    QF_OK_OR_FAIL(qf_appraisal_set(&id2, db, &a));
    assert_int_equal(id2, id1);
    QF_OK_OR_FAIL(qf_appraisal_get(&got, db, zhang, 2017));
    assert_int_equal(got->result, QF_APPRAISAL_QUALIFIED);
    qf_appraisal_free(got);
    /* another year is another result */
    QF_OK_OR_FAIL(qf_appraisal_set(NULL, db, &(qf_appraisal){.member_id = zhang, .year = 2016,
                                                          .result = QF_APPRAISAL_EXCELLENT}));

    /* the list: by year, then by name in stroke order (王 4 strokes, 张 7, 黄 11) */
    qf_appraisal_filter f = QF_APPRAISAL_FILTER_INIT;
    assert_string_equal(listed(db, &f), "2016:张建国=excellent,2017:王志强=qualified,"
                                        "2017:张建国=qualified,2017:黄丽=basically_qualified");
    f.year = 2017;
    f.activity_id = day;
    assert_string_equal(listed(db, &f), "2017:王志强=qualified,2017:张建国=qualified");
    f = (qf_appraisal_filter)QF_APPRAISAL_FILTER_INIT;
    f.member_id = zhang;
    assert_string_equal(listed(db, &f), "2016:张建国=excellent,2017:张建国=qualified");
    f = (qf_appraisal_filter)QF_APPRAISAL_FILTER_INIT;
    f.org_id = t.group1;
    assert_string_equal(listed(db, &f), "");
    f.version = 9;
    qf_appraisal_iter *it = NULL;
    QF_FAILS_WITH(QF_EINVALID, "version 9 is unknown", qf_appraisal_list(&it, db, &f));

    /* deleting; a member or a meeting with results stays */
    QF_OK_OR_FAIL(qf_appraisal_delete(db, zhang, 2016));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "has no appraisal result for 2016",
                    qf_appraisal_delete(db, zhang, 2016));
    QF_FAILS_WITH(QF_ENOTFOUND, "has no appraisal result for 2016",
                  qf_appraisal_get(&got, db, zhang, 2016));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "still has 1 appraisal results", qf_member_delete(db, huang));
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "", qf_activity_delete(db, day));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void appraisal__only_party_members_are_graded(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t hu = fx_member(db, "胡斌", QF_STATUS_ACTIVIST, "2016-09-01", t.branch, 0);
    int64_t zhu = fx_member(db, "朱琳", QF_STATUS_CANDIDATE, "2016-10-20", t.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_status(db, zhu, QF_STATUS_PROBATIONARY, fx_date("2017-04-21"), NULL));
    int64_t early = meeting(db, t.branch, "appraisal", "2017-01-20 15:00");
    int64_t late = meeting(db, t.branch, "appraisal", "2017-07-21 15:00");

    qf_appraisal a = grade(hu, 2017, QF_APPRAISAL_QUALIFIED);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT,
                    "member: 胡斌 is an activist on 2017-09-05; only party members (full or "
                    "probationary) are appraised",
                    qf_appraisal_set(NULL, db, &a));
    /* a candidate admitted in April: not at January's appraisal, but at July's */
    a = grade(zhu, 2016, QF_APPRAISAL_QUALIFIED);
    a.activity_id = early;
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "朱琳 is a candidate for admission on 2017-01-20",
                    qf_appraisal_set(NULL, db, &a));
    a = grade(zhu, 2017, QF_APPRAISAL_QUALIFIED);
    a.activity_id = late;
    QF_OK_OR_FAIL(qf_appraisal_set(NULL, db, &a));
}

static void appraisal__bad_input_is_named(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t m = fx_member(db, "李秀英", QF_STATUS_FULL, "1997-07-01", t.branch, t.group1);
    int64_t other = fx_member(db, "外单位", QF_STATUS_FULL, "2001-07-01", 0, 0);
    int64_t life = meeting(db, t.branch, "life_meeting", "2017-07-21 09:00");
    int64_t future = meeting(db, t.branch, "appraisal", "2017-12-20 15:00");

    qf_appraisal a = grade(m, 2018, QF_APPRAISAL_QUALIFIED);
    FAILS_UNCHANGED(db, QF_EINVALID, "year: 2018 is not a year that can be appraised (1921 to 2017)",
                    qf_appraisal_set(NULL, db, &a));
    a.year = 1900;
    FAILS_UNCHANGED(db, QF_EINVALID, "year: 1900", qf_appraisal_set(NULL, db, &a));
    a = grade(m, 2017, (qf_appraisal_result)4);
    FAILS_UNCHANGED(db, QF_EINVALID, "result: 4 is unknown", qf_appraisal_set(NULL, db, &a));
    a = grade(99, 2017, QF_APPRAISAL_QUALIFIED);
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "member 99 does not exist", qf_appraisal_set(NULL, db, &a));
    a = grade(m, 2017, QF_APPRAISAL_QUALIFIED);
    a.activity_id = life;
    FAILS_UNCHANGED(db, QF_EINVALID, "activity_id: activity 1 (organizational life meeting) is not a democratic appraisal",
                    qf_appraisal_set(NULL, db, &a));
    a.activity_id = future;
    FAILS_UNCHANGED(db, QF_EINVALID, "the appraisal meeting 2 is on 2017-12-20, after today",
                    qf_appraisal_set(NULL, db, &a));
    a.activity_id = 77;
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "activity_id: activity 77 does not exist",
                    qf_appraisal_set(NULL, db, &a));
    a.activity_id = 0;
    a.org_id = t.group1;
    FAILS_UNCHANGED(db, QF_EINVALID, "org_id: gy1g1 is a party group; members are appraised by "
                                     "their branch",
                    qf_appraisal_set(NULL, db, &a));
    a.org_id = t.committee;
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "org_id: 李秀英 does not belong to jg on 2017-09-05",
                    qf_appraisal_set(NULL, db, &a));
    a = grade(other, 2017, QF_APPRAISAL_QUALIFIED);
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "org_id: 外单位 belongs to no branch on 2017-09-05",
                    qf_appraisal_set(NULL, db, &a));
    a = grade(m, 2017, QF_APPRAISAL_QUALIFIED);
    a.note = "\xc3";
    FAILS_UNCHANGED(db, QF_EINVALID, "note: invalid UTF-8", qf_appraisal_set(NULL, db, &a));
    qf_appraisal_free(NULL);
    qf_appraisal_iter_free(NULL);
}

int main(void)
{
#define IN_MEMORY(t) cmocka_unit_test_setup_teardown(t, fx_setup_memory, fx_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appraisal__results_parse_in_both_languages),
        IN_MEMORY(appraisal__one_result_per_member_and_year),
        IN_MEMORY(appraisal__only_party_members_are_graded),
        IN_MEMORY(appraisal__bad_input_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
