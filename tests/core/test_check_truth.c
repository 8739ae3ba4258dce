/* Verdicts a tester found wrong (issue 12), each on the smallest data that showed it: group
 * activities credited to the branch, material dated before the activity, nobody due, evidence
 * after today, a standard that expires inside an open period, a party group's own standard;
 * and the cause shared by findings of one lapse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static fx_tree T;

static void pack(qf_db *db, const char *json)
{
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, json, "truth.json", NULL));
    qf_load_report_free(rep);
}

static int64_t activity(qf_db *db, int64_t org, const char *kind, const char *starts)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = kind;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    int64_t id;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    return id;
}

static void artifact(qf_db *db, int64_t act, const char *type, const char *issued)
{
    qf_artifact x;
    memset(&x, 0, sizeof x);
    x.activity_id = act;
    x.type = type;
    x.issued_at = fx_datetime(issued);
    x.size = -1;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &x, NULL, 0));
}

/* "clause status period org" for each finding of `standard` (messages with `with_msg`) */
static char *run(qf_db *db, const char *period, const char *standard, bool with_msg)
{
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, period));
    o.org_id = T.branch;
    o.standard = standard;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    char *out = calloc(1, 65536);
    size_t len = 0;
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        len += (size_t)snprintf(out + len, 65536 - len, "%s %s %s %s%s%s\n", f->clause,
                                qf_finding_status_name(f->status), f->period, f->org,
                                with_msg ? " | " : "", with_msg ? f->message : "");
    }
    qf_check_result_free(r);
    return out;
}

#define EXPECT(got, want)                                                                          \
    do {                                                                                           \
        char *g_ = (got);                                                                          \
        if (strcmp(g_, (want)) != 0)                                                               \
            fail_msg("--- got ---\n%s--- want ---\n%s", g_, (want));                               \
        free(g_);                                                                                  \
    } while (0)

static int setup(void **state)
{
    if (fx_setup_memory(state))
        return -1;
    qf_set_language("en");
    fx_make_tree(*state, &T);
    return 0;
}

static const char CADENCE[] =
    "{\"standards\": [{\"code\": \"C\", \"title\": \"c\", \"effective\": \"2017-01-01\","
    "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
    "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"theme_day\","
    "\"per\": \"month\"%s}}]}]}]}";

/* 1. a theme day held by a party group is the group's, not the branch's */
static void truth__group_activities_do_not_count_for_the_branch(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-10"));
    char json[1024];
    snprintf(json, sizeof json, CADENCE, "");
    pack(db, json);
    activity(db, T.group1, "theme_day", "2017-03-10 09:00");
    activity(db, T.branch, "theme_day", "2017-02-10 09:00");
    EXPECT(run(db, "2017-02..2017-03", "C", false),
           "1 pass 2017-02 gy1\n1 fail 2017-03 gy1\n");
}

/* ... unless the clause says the groups' activities count, and then the finding says so */
static void truth__include_groups_counts_them_and_says_so(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-10"));
    char json[1024];
    snprintf(json, sizeof json, CADENCE, ", \"include_groups\": true");
    pack(db, json);
    activity(db, T.group1, "theme_day", "2017-03-10 09:00");
    char *out = run(db, "2017-03", "C", true);
    assert_non_null(strstr(out, "1 pass 2017-03 gy1"));
    assert_non_null(strstr(out, "groups' activities count"));
    free(out);
}

/* 2. "within 3 days after": a brief dated the day before the talk is not its record */
static void truth__within_window_starts_at_the_activity(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-30"));
    pack(db, "{\"standards\": [{\"code\": \"W\", \"title\": \"w\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"news\", \"within\": 3}}]}]}]}");
    int64_t early = activity(db, T.branch, "lecture", "2017-03-10 09:00");
    artifact(db, early, "news", "2017-03-09 18:00");
    int64_t edge = activity(db, T.branch, "lecture", "2017-03-20 09:00");
    artifact(db, edge, "news", "2017-03-23 18:00"); /* the last day of the window */
    int64_t same = activity(db, T.branch, "lecture", "2017-03-25 09:00");
    artifact(db, same, "news", "2017-03-25 20:00"); /* the first day */
    char *out = run(db, "2017-03", "W", true);
    assert_non_null(strstr(out, "1 fail 2017-03-10 gy1 | news brief dated 2017-03-09, before the "
                                "activity; required from 2017-03-10 to 2017-03-13"));
    assert_non_null(strstr(out, "1 pass 2017-03-20 gy1"));
    assert_non_null(strstr(out, "1 pass 2017-03-25 gy1"));
    free(out);
}

/* 3. a meeting of a group that had nobody that day: not applicable, and said so */
static void truth__nobody_due_is_not_applicable(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-30"));
    pack(db, "{\"standards\": [{\"code\": \"N\", \"title\": \"n\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"attendance\", \"params\": {\"activity\": "
             "\"group_meeting\", \"rate\": 0.5}}]}]}]}");
    activity(db, T.group2, "group_meeting", "2017-03-10 09:00"); /* no attendance recorded */
    EXPECT(run(db, "2017-03", "N", true),
           "1 n/a 2017-03-10 gy1g2 | nobody was due on that day\n");
}

/* 4. evidence dated after today does not exist yet */
static void truth__evidence_after_today_does_not_count(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-03-11"));
    pack(db, "{\"standards\": [{\"code\": \"E\", \"title\": \"e\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"news\", \"within\": 3}}]},"
             "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"notice\", \"before\": 1}}]}]}]}");
    int64_t a = activity(db, T.branch, "lecture", "2017-03-10 09:00");
    artifact(db, a, "news", "2017-03-12 09:00");
    int64_t b = activity(db, T.branch, "lecture", "2017-03-20 09:00");
    artifact(db, b, "notice", "2017-03-15 09:00");
    EXPECT(run(db, "2017-03", "E", false),
           "1 open 2017-03-10 gy1\n2 fail 2017-03-10 gy1\n2 open 2017-03-20 gy1\n");
    /* once today passes the deadline without it, it fails */
    qf_db_set_today(db, fx_date("2017-03-14"));
    char *out = run(db, "2017-03", "E", false);
    assert_non_null(strstr(out, "1 pass 2017-03-10 gy1")); /* issued 03-12, seen on 03-14 */
    free(out);
}

/* 5. a standard expiring on 03-20 does not judge March, not even as open */
static void truth__standard_not_in_force_all_period_is_not_applicable(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-03-11"));
    pack(db, "{\"standards\": [{\"code\": \"X\", \"title\": \"x\", \"effective\": \"2017-01-01\","
             "\"expires\": \"2017-03-20\", \"clauses\": [{\"number\": \"1\", \"type\": "
             "\"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": \"cadence\", "
             "\"params\": {\"activity\": \"lecture\", \"per\": \"month\"}}]}]}]}");
    EXPECT(run(db, "2017-02..2017-03", "X", true),
           "1 fail 2017-02 gy1 | 2017-02: no party lecture held (required: at least 1 per month)\n"
           "1 n/a 2017-03 gy1 | 2017-03: the standard was not in force for the whole period\n");
}

/* 6. a party group's own standard judges the group: its own meetings, its own leader */
static void truth__a_group_standard_judges_the_group(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-10"));
    pack(db, "{\"standards\": [{\"code\": \"G\", \"title\": \"g\", \"effective\": \"2017-01-01\","
             "\"org\": \"gy1g1\", \"origin\": \"branch\", \"clauses\": ["
             "{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": "
             "\"group_meeting\", \"per\": \"month\"}}]},"
             "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"position\", \"params\": {\"post\": "
             "\"group_leader\"}}]}]}]}");
    activity(db, T.group1, "group_meeting", "2017-03-10 09:00");
    activity(db, T.group2, "group_meeting", "2017-02-10 09:00"); /* the other group's */
    activity(db, T.branch, "group_meeting", "2017-02-12 09:00"); /* the branch's own */
    int64_t m = fx_member(db, "组长", QF_STATUS_FULL, "2010-01-01", T.branch, T.group1);
    qf_position p;
    memset(&p, 0, sizeof p);
    p.member_id = m;
    p.org_id = T.group1;
    p.post = "group_leader";
    p.start = fx_date("2017-02-10"); /* vacant for nine days */
    p.end = QF_DATE_NONE;
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    EXPECT(run(db, "2017-02..2017-03", "G", false),
           "2 fail 2017-02-01..2017-03-31 gy1g1\n1 fail 2017-02 gy1g1\n1 pass 2017-03 gy1g1\n");
}

/* one lapse judged by two clauses is one cause: the second says so, the score counts it once */
static void truth__one_cause_counted_once(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-10"));
    pack(db, "{\"standards\": [{\"code\": \"Q1\", \"title\": \"q\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"month\"}}]},"
             "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"month\"}}]}]}]}");
    activity(db, T.branch, "lecture", "2017-02-10 09:00");
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-02..2017-03"));
    o.org_id = T.branch;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    const qf_finding *first = NULL, *second = NULL;
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        if (f->status != QF_FINDING_FAIL)
            continue;
        if (!first)
            first = f;
        else
            second = f;
    }
    assert_non_null(first);
    assert_non_null(second);
    assert_null(first->same_as);
    assert_string_equal(second->same_as, first->key);
    assert_string_equal(first->key, "Q1/1#1@gy1/period/2017-03");
    qf_check_summary s;
    qf_check_summarize(r, &s);
    assert_int_equal(s.fail, 2);
    assert_int_equal(s.causes, 1);
    assert_true(s.scored);
    /* 2 passes (February, both clauses), one failure: 2 / 3 */
    assert_int_equal((int)(s.score * 10 + 0.5), 667);
    qf_check_result_free(r);
}

/* a check whose only findings are errors is not scored 100 */
static void truth__errors_only_is_not_a_perfect_score(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-04-10"));
    pack(db, "{\"standards\": [{\"code\": \"F\", \"title\": \"f\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"check\", \"params\": {\"subject\": \"org\"}, "
             "\"fn\": {\"text\": \"function() end\"}}]}]}]}");
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-03"));
    o.org_id = T.branch;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o)); /* no Lua: the check function is an error */
    qf_check_summary s;
    qf_check_summarize(r, &s);
    assert_int_equal(s.error, 1);
    assert_true(s.scored);
    assert_true(s.score < 1.0);
    qf_check_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(truth__group_activities_do_not_count_for_the_branch, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(truth__include_groups_counts_them_and_says_so, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(truth__within_window_starts_at_the_activity, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(truth__nobody_due_is_not_applicable, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(truth__evidence_after_today_does_not_count, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(truth__standard_not_in_force_all_period_is_not_applicable,
                                        setup, fx_teardown),
        cmocka_unit_test_setup_teardown(truth__a_group_standard_judges_the_group, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(truth__one_cause_counted_once, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(truth__errors_only_is_not_a_perfect_score, setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
