/* The compliance engine at its edges: half-month and month boundaries, leap years, timing
 * exactly at D days, members joining and leaving around an activity, revisions changing
 * mid-year, standards taking effect mid-year, clause types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static fx_tree T;

static void pack(qf_db *db, const char *json)
{
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, json, "edges.json", NULL));
    qf_load_report_free(rep);
}

static int64_t activity(qf_db *db, int64_t org, const char *kind, const char *starts,
                        const char *ends)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = kind;
    a.starts_at = fx_datetime(starts);
    a.ends_at = ends ? fx_datetime(ends) : QF_DATETIME_NONE;
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

/* "clause status period" for each finding of `standard` */
static char *run(qf_db *db, const char *period, const char *standard)
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
        len += (size_t)snprintf(out + len, 65536 - len, "%s %s r%d %s\n", f->clause,
                                qf_finding_status_name(f->status), f->rev, f->period);
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
    fx_make_tree(*state, &T);
    return 0;
}

static void edges__half_month_boundaries_and_leap_february(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2016-12-31"));
    pack(db, "{\"standards\": [{\"code\": \"H\", \"title\": \"h\", \"effective\": \"2016-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"half_month\"}}]}]}]}");
    activity(db, T.branch, "lecture", "2016-02-15 23:59", NULL); /* last minute of H1 */
    activity(db, T.branch, "lecture", "2016-02-29 09:00", NULL); /* leap day, H2 */
    activity(db, T.branch, "lecture", "2016-03-16 00:00", NULL); /* first minute of H2 */
    EXPECT(run(db, "2016-02..2016-03", "H"),
           "1 pass r1 2016-02-H1\n1 pass r1 2016-02-H2\n1 fail r1 2016-03-H1\n"
           "1 pass r1 2016-03-H2\n");
}

static void edges__month_end_and_open_current_month(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-05-25"));
    pack(db, "{\"standards\": [{\"code\": \"M\", \"title\": \"m\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"theme_day\","
             "\"per\": \"month\"}}]}]}]}");
    activity(db, T.branch, "theme_day", "2017-03-31 18:00", NULL);
    activity(db, T.branch, "theme_day", "2017-04-01 08:00", NULL);
    activity(db, T.branch, "theme_day", "2017-05-26 08:00", NULL); /* tomorrow: not held yet */
    EXPECT(run(db, "2017-03..2017-06", "M"),
           "1 pass r1 2017-03\n1 pass r1 2017-04\n1 open r1 2017-05\n");
}

static void edges__artifact_exactly_d_days(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-12-31"));
    pack(db, "{\"standards\": [{\"code\": \"A\", \"title\": \"a\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"notice\", \"before\": 3}}]},"
             "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"news\", \"within\": 3}}]}]}]}");
    int64_t on_time = activity(db, T.branch, "lecture", "2017-05-10 14:00", "2017-05-10 16:00");
    artifact(db, on_time, "notice", "2017-05-07 23:00"); /* exactly 3 days before */
    artifact(db, on_time, "news", "2017-05-13 08:00");   /* exactly 3 days after the end */
    int64_t late = activity(db, T.branch, "lecture", "2017-06-10 14:00", "2017-06-11 10:00");
    artifact(db, late, "notice", "2017-06-08 09:00");  /* 2 days before */
    artifact(db, late, "news", "2017-06-14 09:00");    /* 3 days after the END (11th): on time */
    int64_t later = activity(db, T.branch, "lecture", "2017-07-10 14:00", NULL);
    artifact(db, later, "news", "2017-07-14 09:00");   /* 4 days after the start: late */
    EXPECT(run(db, "2017", "A"),
           "1 pass r1 2017-05-10\n2 pass r1 2017-05-10\n1 fail r1 2017-06-10\n"
           "2 pass r1 2017-06-10\n1 fail r1 2017-07-10\n2 fail r1 2017-07-10\n");
}

static void edges__attendance_counts_members_of_that_day(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-12-31"));
    pack(db, "{\"standards\": [{\"code\": \"Q\", \"title\": \"q\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"attendance\", \"params\": {\"activity\": "
             "\"general_meeting\", \"quorum\": \">1/2\"}}]}]}]}");
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t c = fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t d = fx_member(db, "丁", QF_STATUS_FULL, "2016-01-01", 0, 0);
    QF_OK_OR_FAIL(qf_member_join(db, d, T.branch, fx_date("2017-05-11"))); /* day after */
    QF_OK_OR_FAIL(qf_member_leave(db, c, T.branch, fx_date("2017-05-09")));  /* day before */
    /* on 2017-05-10 only 甲 and 乙 are due; 甲 present: 1 of 2 is not more than half */
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_ABSENT, NULL},
                           {0, c, QF_ATTEND_PRESENT, NULL}, {0, d, QF_ATTEND_PRESENT, NULL}};
    qf_activity m;
    memset(&m, 0, sizeof m);
    m.org_id = T.branch;
    m.kind = "general_meeting";
    m.title = "党员大会";
    m.starts_at = fx_datetime("2017-05-10 15:00");
    m.ends_at = QF_DATETIME_NONE;
    qf_activity_parts parts = {att, 4, NULL, 0, NULL, 0};
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &m, &parts));
    EXPECT(run(db, "2017", "Q"), "1 fail r1 2017-05-10\n");
    /* the next day 丁 is due too: 2 of 3 present is more than half */
    m.starts_at = fx_datetime("2017-05-11 15:00");
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &m, &parts));
    EXPECT(run(db, "2017", "Q"), "1 fail r1 2017-05-10\n1 pass r1 2017-05-11\n");
}

static void edges__revision_mid_year_judges_periods_after_it(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-12-31"));
    const char *v1 = "{\"standards\": [{\"code\": \"R\", \"title\": \"r\", \"effective\": "
                     "\"2017-01-01\", \"clauses\": [{\"number\": \"1\", \"type\": "
                     "\"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
                     "\"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"quarter\","
                     "\"min\": 1}}]}]}]}";
    pack(db, v1);
    char *v2 = strdup(v1);
    memcpy(strstr(v2, "2017-01-01"), "2017-05-16", 10);
    *strstr(v2, "\"min\": 1") = '\0';
    char buf[1024];
    snprintf(buf, sizeof buf, "%s\"min\": 2}}]}]}]}", v2);
    free(v2);
    pack(db, buf);
    for (int i = 0; i < 4; i++)
        activity(db, T.branch, "lecture", i == 0 ? "2017-02-01 09:00" : i == 1 ? "2017-05-01 09:00"
                                                                       : i == 2 ? "2017-08-01 09:00"
                                                                                : "2017-08-02 09:00",
                 NULL);
    /* Q1 by rev 1 (1 needed, 1 held); Q2 ends after 05-16: rev 2 (2 needed, 1 held); Q3 rev 2 */
    EXPECT(run(db, "2017-01..2017-09", "R"),
           "1 pass r1 2017-Q1\n1 fail r2 2017-Q2\n1 pass r2 2017-Q3\n");
}

static void edges__standard_effective_mid_year_does_not_fail_earlier(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-12-31"));
    pack(db, "{\"standards\": [{\"code\": \"E\", \"title\": \"e\", \"effective\": \"2017-04-16\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"month\"}}]}]}]}");
    /* January–March: not judged at all; April: partly in force, n/a; May: judged */
    EXPECT(run(db, "2017-01..2017-05", "E"), "1 n/a r1 2017-04\n1 fail r1 2017-05\n");
}

static void edges__clause_types_map_to_statuses(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2018-01-05")); /* 2017 has ended: no longer open */
    pack(db, "{\"standards\": [{\"code\": \"T\", \"title\": \"t\", \"effective\": \"2017-01-01\","
             "\"clauses\": ["
             "{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\":"
             " [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"year\"}}]},"
             "{\"number\": \"2\", \"type\": \"recommendation\", \"text\": \"t\", \"requirements\":"
             " [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"year\"}}]},"
             "{\"number\": \"3\", \"type\": \"permission\", \"text\": \"t\", \"requirements\":"
             " [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"year\"}}]},"
             "{\"number\": \"4\", \"type\": \"statement\", \"text\": \"t\"}]}]}");
    EXPECT(run(db, "2017", "T"), "1 fail r1 2017\n2 warn r1 2017\n3 n/a r1 2017\n");
}

static void edges__open_findings_carry_due_and_days_left(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-05"));
    pack(db, "{\"standards\": [{\"code\": \"O\", \"title\": \"o\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"responsible\": \"organization\", \"requirements\": [{\"kind\": \"cadence\","
             "\"params\": {\"activity\": \"general_meeting\", \"per\": \"quarter\"}}]}]}]}");
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-Q3"));
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    assert_int_equal(qf_check_count(r), 1);
    const qf_finding *f = qf_check_finding(r, 0);
    assert_int_equal(f->status, QF_FINDING_OPEN);
    assert_int_equal(f->due, fx_date("2017-09-30"));
    assert_int_equal(f->days_left, 25);
    assert_string_equal(f->responsible, "organization");
    qf_check_result_free(r);
}

static void edges__findings_carry_their_deadline_whatever_the_status(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-05"));
    pack(db, "{\"standards\": [{\"code\": \"D\", \"title\": \"d\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"month\"}}]},"
             "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"notice\", \"before\": 3}}]}]}]}");
    activity(db, T.branch, "lecture", "2017-07-10 09:00", NULL); /* July passes, no notice */
    activity(db, T.branch, "lecture", "2017-09-20 09:00", NULL); /* notice open until 09-17 */
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-07..2017-09"));
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    char got[1024] = "";
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        char dl[11], due[11];
        qf_date_format(f->deadline, dl);
        qf_date_format(f->due, due);
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s %s %s deadline=%s due=%s\n", f->clause,
                 qf_finding_status_name(f->status), f->period, dl, due);
    }
    qf_check_result_free(r);
    /* due stays reserved for open findings (docs/check-output.md); deadline is always there */
    assert_string_equal(got, "1 pass 2017-07 deadline=2017-07-31 due=\n"
                             "2 fail 2017-07-10 deadline=2017-07-07 due=\n"
                             "1 fail 2017-08 deadline=2017-08-31 due=\n"
                             "1 open 2017-09 deadline=2017-09-30 due=2017-09-30\n"
                             "2 open 2017-09-20 deadline=2017-09-17 due=2017-09-17\n");
}

static char *fingerprint(qf_db *db)
{
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017"));
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    char *fp = strdup(qf_check_fingerprint(r));
    qf_check_result_free(r);
    return fp;
}

/* The fingerprint is of the inputs, not of the order SQLite hands them over in: without the
 * indexes the engine's queries use, rows come in another order and the digest is the same. */
static void edges__fingerprint_ignores_row_order(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-12-31"));
    pack(db, "{\"standards\": [{\"code\": \"A\", \"title\": \"a\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"notice\", \"before\": 3}}]}]}]}");
    /* entered out of date order, artifacts out of type order */
    int64_t a3 = activity(db, T.branch, "lecture", "2017-09-10 14:00", NULL);
    int64_t a1 = activity(db, T.branch, "lecture", "2017-03-10 14:00", NULL);
    int64_t a2 = activity(db, T.group1, "lecture", "2017-06-10 14:00", NULL);
    artifact(db, a2, "photo", "2017-06-10 16:00");
    artifact(db, a2, "notice", "2017-06-01 09:00");
    artifact(db, a1, "notice", "2017-03-09 09:00");
    artifact(db, a3, "minutes", "2017-09-10 18:00");
    artifact(db, a3, "notice", "2017-09-01 09:00");
    char *before = fingerprint(db);
    fx_exec(db, "DROP INDEX activity_org_start; DROP INDEX artifact_activity; "
                "DROP INDEX attendance_cover");
    char *after = fingerprint(db);
    assert_string_equal(before, after);
    /* and it still sees a change */
    artifact(db, a1, "photo", "2017-03-10 16:00");
    char *changed = fingerprint(db);
    assert_string_not_equal(before, changed);
    free(before);
    free(after);
    free(changed);
}

/* A tailoring judges from its effective date on: the spring by the standard as issued, the
 * autumn by the tailored parameter, whatever day the check runs. */
static void edges__tailoring_judges_from_its_effective_date(void **state)
{
    qf_db *db = *state;
    pack(db, "{\"standards\": [{\"code\": \"N\", \"title\": \"n\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"artifact\", \"params\": {\"activity\": \"lecture\","
             "\"type\": \"notice\", \"before\": 3}}]}]}],"
             "\"tailorings\": [{\"code\": \"p\", \"org\": \"gy1\", \"title\": \"t\","
             "\"effective\": \"2017-07-01\", \"set\": [{\"target\": \"N/1#1\","
             "\"params\": {\"before\": 5}, \"reason\": \"r\"}]}]}");
    int64_t spring = activity(db, T.branch, "lecture", "2017-03-10 14:00", NULL);
    int64_t autumn = activity(db, T.branch, "lecture", "2017-08-10 14:00", NULL);
    artifact(db, spring, "notice", "2017-03-07 09:00"); /* 3 days before */
    artifact(db, autumn, "notice", "2017-08-07 09:00"); /* 3 days before */
    static const char *const todays[] = {"2017-06-01", "2017-12-31"};
    static const char *const periods[] = {"2017-03", "2017"};
    for (int t = 0; t < 2; t++) {
        qf_db_set_today(db, fx_date(todays[t]));
        qf_check_options o;
        QF_OK_OR_FAIL(qf_check_options_init(&o, db));
        QF_OK_OR_FAIL(qf_period_parse(&o.period, periods[t]));
        qf_check_result *r = NULL;
        QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
        char got[512] = "";
        for (size_t i = 0; i < qf_check_count(r); i++) {
            const qf_finding *f = qf_check_finding(r, i);
            size_t len = strlen(got);
            snprintf(got + len, sizeof got - len, "%s %s\n", f->period,
                     qf_finding_status_name(f->status));
        }
        qf_check_result_free(r);
        assert_string_equal(got, t == 0 ? "2017-03-10 pass\n"
                                        : "2017-03-10 pass\n2017-08-10 fail\n");
    }
}

static void edges__bad_options_and_unknown_standard(void **state)
{
    qf_db *db = *state;
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    qf_check_result *r = NULL;
    o.standard = "NOPE";
    QF_FAILS_WITH(QF_ENOTFOUND, "NOPE", qf_check_run(&r, db, &o));
    o.standard = NULL;
    o.org_id = T.group1;
    QF_FAILS_WITH(QF_EINVALID, "party group", qf_check_run(&r, db, &o));
    o.org_id = 9999;
    QF_FAILS_WITH(QF_ENOTFOUND, "9999", qf_check_run(&r, db, &o));
    o.version = 0;
    QF_FAILS_WITH(QF_EINVALID, "qf_check_options_init", qf_check_run(&r, db, &o));
}

/* The term's last election among several kinds, looked up kind by kind (eval_term.c): the
 * latest before the judging day, of two at the same minute the later kind in code order, then
 * the higher id; one after the judging day does not count. */
static void edges__term_last_election_of_several_kinds(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-05"));
    pack(db, "{\"standards\": [{\"code\": \"TE\", \"title\": \"t\", \"effective\": \"2014-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"term\", \"params\": {\"activity\": [\"election\","
             "\"general_meeting\"], \"years\": 3}}]}]}]}");
    activity(db, T.branch, "election", "2015-03-01 09:00", NULL);
    activity(db, T.branch, "election", "2016-05-01 09:00", NULL);
    activity(db, T.branch, "general_meeting", "2016-05-01 09:00", NULL);
    int64_t last = activity(db, T.branch, "general_meeting", "2016-05-01 09:00", NULL);
    activity(db, T.branch, "election", "2016-05-01 08:59", NULL);
    activity(db, T.branch, "election", "2017-09-10 09:00", NULL); /* after the judging day */
    activity(db, T.branch, "lecture", "2017-01-10 09:00", NULL);  /* not a kind asked for */
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017"));
    o.org_id = T.branch;
    o.standard = "TE";
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    assert_int_equal(qf_check_count(r), 1);
    const qf_finding *f = qf_check_finding(r, 0);
    assert_int_equal(f->status, QF_FINDING_PASS);
    assert_int_equal(f->n_activities, 1);
    assert_int_equal(f->activities[0], last);
    assert_int_equal(f->deadline, fx_date("2019-05-01"));
    qf_check_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(edges__half_month_boundaries_and_leap_february, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__month_end_and_open_current_month, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__artifact_exactly_d_days, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__attendance_counts_members_of_that_day, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__revision_mid_year_judges_periods_after_it, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__standard_effective_mid_year_does_not_fail_earlier, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__clause_types_map_to_statuses, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__open_findings_carry_due_and_days_left, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__findings_carry_their_deadline_whatever_the_status, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__bad_options_and_unknown_standard, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__fingerprint_ignores_row_order, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__tailoring_judges_from_its_effective_date, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(edges__term_last_election_of_several_kinds, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
