/* Waivers through the C API: refusals (code, message naming the field, nothing written), the
 * organ's bound, a waived finding and the same check after the waiver's last day, ending one
 * early, listing filters, and the fingerprint. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

static const char PACK[] =
    "{\"systems\": [{\"code\": \"s\", \"title\": \"体系\", \"categories\": [{\"code\": \"c\", "
    "\"title\": \"c\"}]}], \"standards\": [{\"code\": \"W\", \"title\": \"月度\", \"system\": \"s\", "
    "\"category\": \"c\", \"org\": \"gy1\", \"effective\": \"2017-01-01\", \"clauses\": ["
    "{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"每月开展主题党日。\", "
    "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"theme_day\", "
    "\"per\": \"month\"}}]}]}]}";

static void setup_pack(qf_db *db, fx_tree *t)
{
    fx_make_tree(db, t);
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, PACK, "w.json", NULL));
    qf_load_report_free(rep);
}

static qf_waiver june(void)
{
    qf_waiver w;
    memset(&w, 0, sizeof w);
    w.target = "W/1";
    w.subject = "gy1/period/2017-06";
    w.reason = "六月集中培训";
    w.approved_by = "王明";
    w.from = fx_date("2017-06-01");
    w.until = fx_date("2017-06-30");
    return w;
}

#define FAILS_UNCHANGED(db, code, needle, call)                                                    \
    do {                                                                                           \
        char before_[65], after_[65];                                                              \
        QF_OK_OR_FAIL(qf_db_content_hash((db), before_));                                          \
        QF_FAILS_WITH(code, needle, call);                                                         \
        QF_OK_OR_FAIL(qf_db_content_hash((db), after_));                                           \
        assert_string_equal(before_, after_);                                                      \
    } while (0)

static void waiver__refusals_name_the_field_and_write_nothing(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    setup_pack(db, &t);
    QF_OK_OR_FAIL(qf_db_set_actor(db, "张三"));
    qf_waiver w = june();
    w.target = "W/2";
    FAILS_UNCHANGED(db, QF_EINVALID, "target: standard W has no clause 2", qf_waiver_create(NULL, db, &w));
    w = june();
    w.target = "W";
    FAILS_UNCHANGED(db, QF_EINVALID, "target: 'W' is not STANDARD/CLAUSE", qf_waiver_create(NULL, db, &w));
    w = june();
    w.subject = "gy9/period/2017-06";
    FAILS_UNCHANGED(db, QF_EINVALID, "subject: there is no org gy9", qf_waiver_create(NULL, db, &w));
    w = june();
    w.reason = "";
    FAILS_UNCHANGED(db, QF_EINVALID, "reason", qf_waiver_create(NULL, db, &w));
    w = june();
    w.approved_by = "张三";
    FAILS_UNCHANGED(db, QF_EINVALID, "approved_by: 张三 recorded the waiver",
                    qf_waiver_create(NULL, db, &w));
    w = june();
    w.until = fx_date("2017-05-01");
    FAILS_UNCHANGED(db, QF_EINVALID, "to: 2017-05-01 is before from (2017-06-01)",
                    qf_waiver_create(NULL, db, &w));
    /* the organ's bound, set on the committee */
    qf_org *org = NULL;
    QF_OK_OR_FAIL(qf_org_get(&org, db, t.committee));
    qf_org changed = *org;
    changed.attrs = "{\"waiver_max_days\": 10}";
    QF_OK_OR_FAIL(qf_org_update(db, &changed));
    qf_org_free(org);
    int max = 0;
    QF_OK_OR_FAIL(qf_waiver_max_days(&max, db, t.branch));
    assert_int_equal(max, 10);
    w = june();
    FAILS_UNCHANGED(db, QF_EINVALID, "is 30 days; a waiver may hold at most 10 days",
                    qf_waiver_create(NULL, db, &w));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "waiver 9 does not exist", qf_waiver_end(db, 9, QF_DATE_NONE, NULL));
}

static const qf_finding *find(const qf_check_result *r, const char *key)
{
    for (size_t i = 0; i < qf_check_count(r); i++)
        if (strcmp(qf_check_finding(r, i)->key, key) == 0)
            return qf_check_finding(r, i);
    return NULL;
}

static qf_check_result *check(qf_db *db, const char *period)
{
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, period));
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    return r;
}

static void waiver__waives_while_it_holds_then_shows_the_finding(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    setup_pack(db, &t);
    qf_check_result *before = check(db, "2017");
    const qf_finding *f = find(before, "W/1#1@gy1/period/2017-06");
    assert_non_null(f);
    assert_int_equal(f->status, QF_FINDING_FAIL);
    int64_t id = 0;
    qf_waiver w = june();
    QF_OK_OR_FAIL(qf_waiver_create(&id, db, &w));
    qf_check_result *r = check(db, "2017");
    assert_string_not_equal(qf_check_fingerprint(before), qf_check_fingerprint(r));
    f = find(r, "W/1#1@gy1/period/2017-06");
    assert_int_equal(f->status, QF_FINDING_WAIVED);
    assert_string_equal(qf_finding_status_name(f->status), "waived");
    assert_int_equal(f->waiver_id, id);
    assert_false(f->waiver_expired);
    assert_string_equal(f->waiver_reason, "六月集中培训");
    assert_null(f->cause);
    assert_int_equal(find(r, "W/1#1@gy1/period/2017-07")->status, QF_FINDING_FAIL);
    qf_check_summary s0, s1;
    qf_check_summarize(before, &s0);
    qf_check_summarize(r, &s1);
    assert_int_equal(s1.waived, 1);
    assert_int_equal(s1.fail, s0.fail - 1);
    qf_check_result_free(before);
    qf_check_result_free(r);
    /* ended on 06-20: June is judged on 06-30, after its last day — as it is, "expired" */
    QF_OK_OR_FAIL(qf_waiver_end(db, id, fx_date("2017-06-20"), "提前恢复"));
    r = check(db, "2017");
    f = find(r, "W/1#1@gy1/period/2017-06");
    assert_int_equal(f->status, QF_FINDING_FAIL);
    assert_true(f->waiver_expired);
    assert_non_null(strstr(f->message, "2017-06-20"));
    qf_check_result_free(r);
    qf_waiver *got = NULL;
    QF_OK_OR_FAIL(qf_waiver_get(&got, db, id));
    assert_int_equal(got->until, fx_date("2017-06-20"));
    assert_int_equal(got->ended, fx_date("2017-09-05"));
    assert_string_equal(got->end_note, "提前恢复");
    assert_string_equal(got->target, "W/1");
    assert_string_equal(got->subject, "gy1/period/2017-06");
    qf_waiver_free(got);
    qf_waiver_free(NULL);
    qf_waiver_iter_free(NULL);
    /* listing: holding on a day, under an org */
    qf_waiver_filter flt = QF_WAIVER_FILTER_INIT;
    flt.holds_on = fx_date("2017-06-25");
    qf_waiver_iter *it = NULL;
    const qf_waiver *row;
    QF_OK_OR_FAIL(qf_waiver_list(&it, db, &flt));
    assert_int_equal(qf_waiver_next(&row, it), QF_ITEROVER);
    qf_waiver_iter_free(it);
    flt = (qf_waiver_filter)QF_WAIVER_FILTER_INIT;
    flt.org_id = t.committee;
    QF_OK_OR_FAIL(qf_waiver_list(&it, db, &flt));
    QF_OK_OR_FAIL(qf_waiver_next(&row, it));
    assert_int_equal(row->id, id);
    qf_waiver_iter_free(it);
}

static void waiver__explain_names_the_records(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    setup_pack(db, &t);
    qf_explain *x = NULL;
    QF_OK_OR_FAIL(qf_check_explain(&x, db, "W/1#1@gy1/period/2017-06", NULL));
    assert_int_equal(qf_explain_finding(x)->status, QF_FINDING_FAIL);
    char *json = NULL;
    QF_OK_OR_FAIL(qf_explain_json(&json, x));
    assert_non_null(strstr(json, "\"judged_on\": \"2017-06-30\""));
    qf_free(json);
    qf_explain_free(x);
    qf_explain_free(NULL);
    QF_FAILS_WITH(QF_ENOTFOUND, "key: no finding W/1#1@gy1/period/2018-06",
                  qf_check_explain(&x, db, "W/1#1@gy1/period/2018-06", NULL));
    QF_FAILS_WITH(QF_EINVALID, "key: required", qf_check_explain(&x, db, "", NULL));
}

/* A clause a tailoring adds to a standard can be waived; the same number under another
 * standard cannot (the clause is looked up in that standard's revisions and in the tailorings'
 * add_clauses for it, at fixed JSON paths, on either backend). */
static void waiver__a_clause_added_by_a_tailoring_is_known_for_its_standard_only(void **state)
{
    static const char TAILORING[] =
        "{\"standards\": [{\"code\": \"V\", \"title\": \"另一\", \"effective\": \"2017-01-01\", "
        "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\", "
        "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\", "
        "\"per\": \"quarter\"}}]}]}], "
        "\"tailorings\": [{\"code\": \"gy1-extra\", \"org\": \"gy1\", \"effective\": \"2017-01-01\", "
        "\"adds\": [\"W\"], \"add_clauses\": [{\"standard\": \"W\", \"reason\": \"支部自定\", "
        "\"clause\": {\"number\": \"9\", \"type\": \"requirement\", \"text\": \"每月开展党课。\", "
        "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\", "
        "\"per\": \"month\"}}]}}]}]}";
    qf_db *db = *state;
    fx_tree t;
    setup_pack(db, &t);
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, TAILORING, "t.json", NULL));
    qf_load_report_free(rep);
    QF_OK_OR_FAIL(qf_db_set_actor(db, "张三"));
    qf_waiver w = june();
    w.target = "V/9";
    FAILS_UNCHANGED(db, QF_EINVALID, "target: standard V has no clause 9",
                    qf_waiver_create(NULL, db, &w));
    w.target = "W/9";
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_waiver_create(&id, db, &w));
    qf_waiver *got = NULL;
    QF_OK_OR_FAIL(qf_waiver_get(&got, db, id));
    assert_string_equal(got->target, "W/9");
    qf_waiver_free(got);
}

#define IN_MEMORY(t) cmocka_unit_test_setup_teardown(t, fx_setup_memory, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        IN_MEMORY(waiver__refusals_name_the_field_and_write_nothing),
        IN_MEMORY(waiver__waives_while_it_holds_then_shows_the_finding),
        IN_MEMORY(waiver__explain_names_the_records),
        IN_MEMORY(waiver__a_clause_added_by_a_tailoring_is_known_for_its_standard_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
