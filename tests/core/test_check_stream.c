/* The check branch by branch (qf_check_stream, qf_check_each, qf_check_write_each): the same
 * findings, links, summary and fingerprint as the whole result of qf_check_run, written in the
 * same bytes, while holding one branch's findings at a time (a counter of live findings, not a
 * measure of memory or time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

/* internal counters of the engine (core/src/engine/result.c) */
size_t qf__findings_peak(bool reset);

#define BRANCHES 6

/* One month's lecture judged by two clauses (one cause: the second finding is `same_as` the
 * first), a group meeting per group and month, at least 3 members, a secretary. */
static const char PACK[] =
    "{\"standards\": [{\"code\": \"S1\", \"title\": \"s\", \"effective\": \"2017-01-01\","
    "\"clauses\": ["
    "{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"month\"}}]},"
    "{\"number\": \"2\", \"type\": \"recommendation\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"month\"}}]},"
    "{\"number\": \"3\", \"type\": \"requirement\", \"text\": \"t\", \"responsible\": "
    "\"group_leader\", \"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": "
    "\"group_meeting\", \"per\": \"month\", \"each\": \"group\"}}]},"
    "{\"number\": \"4\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"members\", \"params\": {\"min\": 3}}]},"
    "{\"number\": \"5\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"position\", \"params\": {\"post\": \"secretary\"}}]}]}]}";

static void activity(qf_db *db, int64_t org, const char *kind, const char *starts)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = kind;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, NULL));
}

static int64_t org(qf_db *db, int64_t parent, qf_org_kind kind, const char *code)
{
    qf_org o = {0, parent, kind, code, code, NULL};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_org_create(&id, db, &o));
    return id;
}

/* A committee "jg" over branches b1…b6 with two groups each; branch i has i+1 members,
 * lectures in some months, group meetings in some, a secretary in every other one. */
static int64_t build(qf_db *db)
{
    int64_t committee = org(db, 0, QF_ORG_COMMITTEE, "jg");
    for (int i = 1; i <= BRANCHES; i++) {
        char code[16], g1[16], g2[16];
        snprintf(code, sizeof code, "b%d", i);
        snprintf(g1, sizeof g1, "b%dg1", i);
        snprintf(g2, sizeof g2, "b%dg2", i);
        int64_t b = org(db, committee, QF_ORG_BRANCH, code);
        int64_t group1 = org(db, b, QF_ORG_GROUP, g1);
        int64_t group2 = org(db, b, QF_ORG_GROUP, g2);
        int64_t first = 0;
        for (int m = 0; m <= i; m++) {
            char name[32];
            snprintf(name, sizeof name, "党员%d-%d", i, m);
            int64_t id = fx_member(db, name, QF_STATUS_FULL, "2016-01-01", b, m % 2 ? group1 : group2);
            if (!first)
                first = id;
        }
        if (i % 2) {
            qf_position p = {0, first, b, "secretary", fx_date("2016-01-01"), QF_DATE_NONE, NULL};
            QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
        }
        for (int month = 1; month <= 6; month++) {
            char day[32];
            snprintf(day, sizeof day, "2017-%02d-1%d 09:00", month, i % 10);
            if ((month + i) % 3)
                activity(db, b, "lecture", day);
            if ((month * i) % 4)
                activity(db, group1, "group_meeting", day);
            if (month % 2)
                activity(db, group2, "group_meeting", day);
        }
    }
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, PACK, "stream.json", NULL));
    qf_load_report_free(rep);
    return committee;
}

static void options(qf_check_options *o, qf_db *db, int64_t org_id)
{
    QF_OK_OR_FAIL(qf_check_options_init(o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o->period, "2017-01..2017-06"));
    o->org_id = org_id;
}

static int nullcmp(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) : (a != b);
}

typedef struct collected {
    const qf_check_result *whole; /* qf_check_run's */
    size_t next;                  /* the whole result's finding the next branch must start at */
    size_t branches, most;        /* branches seen; most findings in one */
    size_t linked;                /* findings with same_as */
    size_t peak_live;             /* most findings alive during any callback */
    int stop_after;               /* > 0: stop after this many branches */
} collected;

static int compare_branch(void *payload, const qf_check_result *branch)
{
    collected *c = payload;
    c->branches++;
    size_t n = qf_check_count(branch);
    if (n > c->most)
        c->most = n;
    size_t live = qf__findings_peak(false);
    if (live > c->peak_live)
        c->peak_live = live;
    for (size_t i = 0; i < n; i++) {
        const qf_finding *f = qf_check_finding(branch, i);
        const qf_finding *w = qf_check_finding(c->whole, c->next++);
        assert_non_null(w);
        assert_string_equal(f->key, w->key);
        assert_int_equal(f->status, w->status);
        assert_string_equal(f->message, w->message);
        assert_string_equal(f->subject, w->subject);
        assert_string_equal(f->org, w->org);
        assert_int_equal(nullcmp(f->cause, w->cause), 0);
        /* linked within the branch to the same finding the whole result links it to */
        assert_int_equal(nullcmp(f->same_as, w->same_as), 0);
        c->linked += f->same_as != NULL;
    }
    return c->stop_after && (int)c->branches == c->stop_after;
}

static void check_stream__same_findings_as_the_whole_result_one_branch_at_a_time(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    int64_t committee = build(db);
    qf_check_options o;
    options(&o, db, committee);
    qf_check_result *whole = NULL;
    QF_OK_OR_FAIL(qf_check_run(&whole, db, &o));
    size_t total = qf_check_count(whole);

    qf__findings_peak(true);
    size_t before = qf__findings_peak(false); /* the whole result, still alive */
    assert_int_equal(before, total);
    collected c = {.whole = whole};
    qf_check_totals t;
    QF_OK_OR_FAIL(qf_check_each(db, &o, compare_branch, &c, &t));
    assert_int_equal(c.next, total);
    assert_int_equal(c.branches, BRANCHES);
    assert_int_equal(t.branches, BRANCHES);
    assert_int_equal(t.findings, total);
    assert_true(c.linked >= BRANCHES / 2); /* the data has causes to link */
    /* never more than one branch's findings alive on top of the whole result held here */
    assert_true(c.most * 3 < total);
    assert_int_equal(qf__findings_peak(false), before + c.most);
    assert_int_equal(c.peak_live, before + c.most);

    qf_check_summary s;
    qf_check_summarize(whole, &s);
    assert_int_equal(t.summary.pass, s.pass);
    assert_int_equal(t.summary.fail, s.fail);
    assert_int_equal(t.summary.warn, s.warn);
    assert_int_equal(t.summary.open, s.open);
    assert_int_equal(t.summary.na, s.na);
    assert_int_equal(t.summary.error, s.error);
    assert_int_equal(t.summary.clauses, s.clauses);
    assert_int_equal(t.summary.causes, s.causes);
    assert_true(s.causes < s.fail + s.warn);
    assert_int_equal(t.summary.scored, s.scored);
    assert_true(t.summary.score == s.score);
    assert_string_equal(t.fingerprint, qf_check_fingerprint(whole));
    qf_check_result_free(whole);
    /* every branch's findings were dropped */
    qf__findings_peak(true);
    assert_int_equal(qf__findings_peak(false), 0);
    assert_false(fx_in_tx(db));
}

/* text, JSON and CSV written as the check runs are the bytes of the whole result's writers */
static char *whole_output(qf_check_result *r, qf_check_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    qf_text_options text = QF_TEXT_OPTIONS_INIT;
    text.show_pass = true;
    if (format == QF_CHECK_FORMAT_JSON)
        QF_OK_OR_FAIL(qf_check_write_json(r, f));
    else if (format == QF_CHECK_FORMAT_CSV)
        QF_OK_OR_FAIL(qf_check_write_csv(r, f));
    else
        QF_OK_OR_FAIL(qf_check_write_text(r, f, &text));
    fclose(f);
    return buf;
}

static char *streamed_output(qf_db *db, const qf_check_options *o, qf_check_format format)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    qf_text_options text = QF_TEXT_OPTIONS_INIT;
    text.show_pass = true;
    qf_check_totals t;
    QF_OK_OR_FAIL(qf_check_write_each(db, o, format, &text, f, &t));
    fclose(f);
    assert_int_equal(t.branches, BRANCHES);
    return buf;
}

static void check_stream__writes_the_same_bytes_as_the_whole_result(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    int64_t committee = build(db);
    qf_check_options o;
    options(&o, db, committee);
    qf_check_result *whole = NULL;
    QF_OK_OR_FAIL(qf_check_run(&whole, db, &o));
    for (int format = QF_CHECK_FORMAT_TEXT; format <= QF_CHECK_FORMAT_CSV; format++) {
        char *a = whole_output(whole, (qf_check_format)format);
        char *b = streamed_output(db, &o, (qf_check_format)format);
        assert_true(strlen(a) > 2000);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    /* the JSON keeps the summary and fingerprint after the findings (known last when streamed) */
    char *json = NULL;
    QF_OK_OR_FAIL(qf_check_json(&json, whole));
    assert_non_null(strstr(json, "\n  ],\n  \"fingerprint\": \""));
    assert_true(strstr(json, "\"summary\"") > strstr(json, "\"findings\""));
    qf_free(json);
    qf_check_result_free(whole);

    /* a check with no branch: an empty list, and the fingerprint of no rows */
    int64_t lone = org(db, 0, QF_ORG_COMMITTEE, "zz");
    options(&o, db, lone);
    QF_OK_OR_FAIL(qf_check_run(&whole, db, &o));
    char *a = whole_output(whole, QF_CHECK_FORMAT_JSON);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    QF_OK_OR_FAIL(qf_check_write_each(db, &o, QF_CHECK_FORMAT_JSON, NULL, f, NULL));
    fclose(f);
    assert_string_equal(a, buf);
    assert_non_null(strstr(buf, "\"findings\": [],"));
    free(a);
    free(buf);
    qf_check_result_free(whole);
}

static void check_stream__stops_when_asked_and_reports_bad_options(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    int64_t committee = build(db);
    qf_check_options o;
    options(&o, db, committee);
    qf_check_result *whole = NULL;
    QF_OK_OR_FAIL(qf_check_run(&whole, db, &o));
    collected c = {.whole = whole, .stop_after = 2};
    QF_FAILS_WITH(QF_EUSER, "stopped", qf_check_each(db, &o, compare_branch, &c, NULL));
    assert_int_equal(c.branches, 2);
    qf_check_result_free(whole);
    assert_false(fx_in_tx(db));
    qf__findings_peak(true);
    assert_int_equal(qf__findings_peak(false), 0);

    /* a stream freed half-way ends its read transaction and drops its findings */
    qf_check_stream *s = NULL;
    QF_OK_OR_FAIL(qf_check_stream_open(&s, db, &o));
    const qf_check_result *branch = NULL;
    QF_OK_OR_FAIL(qf_check_stream_next(&branch, s));
    assert_string_equal(qf_check_fingerprint(branch), "");
    assert_int_equal(qf_check_stream_totals(s)->branches, 1);
    assert_string_equal(qf_check_stream_totals(s)->fingerprint, "");
    qf_check_stream_free(s);
    qf_check_stream_free(NULL);
    assert_false(fx_in_tx(db));
    qf__findings_peak(true);
    assert_int_equal(qf__findings_peak(false), 0);

    QF_FAILS_WITH(QF_ENOTFOUND, "there is no standard NOPE",
                  (o.standard = "NOPE", qf_check_each(db, &o, compare_branch, &c, NULL)));
    o.standard = NULL;
    o.org_id = 999999;
    QF_FAILS_WITH(QF_ENOTFOUND, "999999", qf_check_stream_open(&s, db, &o));
    assert_null(s);
    o.org_id = committee;
    o.period.start = o.period.end + 1;
    QF_FAILS_WITH(QF_EINVALID, "ends before it starts",
                  qf_check_write_each(db, &o, QF_CHECK_FORMAT_TEXT, NULL, stdout, NULL));
    options(&o, db, committee);
    QF_FAILS_WITH(QF_EINVALID, "format 7",
                  qf_check_write_each(db, &o, (qf_check_format)7, NULL, stdout, NULL));
    assert_false(fx_in_tx(db));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            check_stream__same_findings_as_the_whole_result_one_branch_at_a_time,
            fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(check_stream__writes_the_same_bytes_as_the_whole_result,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(check_stream__stops_when_asked_and_reports_bad_options,
                                        fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
