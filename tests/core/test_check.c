/* The compliance engine over a scenario where every requirement kind both passes and fails;
 * the expected findings below were computed by hand (today 2017-06-20, period May–June). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "internal.h" /* qf__date_clock: midnight on demand */

#ifndef QF_TEST_DATA
#define QF_TEST_DATA "tests/core/data"
#endif

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

typedef struct scenario {
    fx_tree t;
    int64_t a, b, c, d, e, f, g, h;
    int64_t s1, s2, s3, gm2;
} scenario;

static int64_t member(qf_db *db, const char *name, qf_member_status st, const char *since,
                      int64_t branch, int64_t group)
{
    return fx_member(db, name, st, since, branch, group);
}

static void join_branch(qf_db *db, int64_t m, int64_t branch, const char *since)
{
    QF_OK_OR_FAIL(qf_member_join(db, m, branch, fx_date(since)));
}

static void appoint(qf_db *db, int64_t m, int64_t org, const char *post, const char *start,
                    const char *end)
{
    qf_position p = {0, m, org, post, fx_date(start), end ? fx_date(end) : QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
}

static int64_t activity(qf_db *db, int64_t org, const char *kind, const char *title,
                        const char *starts, const qf_activity_parts *parts)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = title;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, parts));
    return id;
}

static void artifact(qf_db *db, int64_t activity_id, const char *type, const char *issued)
{
    qf_artifact x;
    memset(&x, 0, sizeof x);
    x.activity_id = activity_id;
    x.type = type;
    x.title = type;
    x.issued_at = fx_datetime(issued);
    x.size = -1;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &x, NULL, 0));
}

static void agenda(qf_db *db, int64_t act, const char *s1, const char *s2, const char *s3)
{
    qf_agenda_item items[3] = {{0, 1, s1, NULL}, {0, 2, s2, NULL}, {0, 3, s3, NULL}};
    QF_OK_OR_FAIL(qf_agenda_set(db, act, items, 3));
}

static void build(qf_db *db, scenario *s)
{
    fx_make_tree(db, &s->t);
    int64_t br = s->t.branch;
    qf_org *o = NULL;
    QF_OK_OR_FAIL(qf_org_get(&o, db, br));
    qf_org changed = *o;
    changed.attrs = "{\"last_election\": \"2014-03-20\"}";
    QF_OK_OR_FAIL(qf_org_update(db, &changed));
    qf_org_free(o);

    s->a = member(db, "张书记", QF_STATUS_FULL, "2016-01-01", br, s->t.group1);
    s->b = member(db, "李组织", QF_STATUS_FULL, "2016-01-01", br, s->t.group1);
    s->c = member(db, "王宣传", QF_STATUS_FULL, "2016-01-01", br, s->t.group2);
    s->d = member(db, "赵纪检", QF_STATUS_FULL, "2016-01-01", br, s->t.group2);
    s->e = member(db, "钱预备", QF_STATUS_PROBATIONARY, "2016-07-01", br, s->t.group1);
    s->f = member(db, "孙新来", QF_STATUS_FULL, "2016-01-01", 0, 0);
    s->g = member(db, "周离开", QF_STATUS_FULL, "2016-01-01", br, 0);
    s->h = member(db, "吴停止", QF_STATUS_FULL, "2016-01-01", br, 0);
    join_branch(db, s->f, br, "2017-05-01");
    QF_OK_OR_FAIL(qf_member_leave(db, s->g, br, fx_date("2017-03-31")));
    QF_OK_OR_FAIL(qf_member_set_status(db, s->e, QF_STATUS_FULL, fx_date("2017-07-01"), NULL));
    QF_OK_OR_FAIL(qf_member_set_flag(db, s->h, QF_FLAG_SUSPENDED, fx_date("2017-01-01"),
                                     fx_date("2017-12-31")));

    appoint(db, s->a, br, "secretary", "2015-01-01", NULL);
    appoint(db, s->b, br, "organization", "2015-01-01", NULL);
    appoint(db, s->d, br, "discipline", "2017-04-16", "2017-05-31");
    appoint(db, s->c, br, "discipline", "2017-06-05", NULL);

    qf_guest expert = {0, 0, "邱专家", "再制造标委会", "expert"};
    qf_activity_parts with_expert = {NULL, 0, &expert, 1, NULL, 0};
    s->s1 = activity(db, br, "semimonthly_talk", "生态文明", "2017-05-03 14:30", &with_expert);
    artifact(db, s->s1, "notice", "2017-04-28 09:00");
    artifact(db, s->s1, "news", "2017-05-05 10:00");
    agenda(db, s->s1, "study", "expert_briefing", "discussion");

    s->s2 = activity(db, br, "semimonthly_talk", "绿色制造", "2017-05-17 14:30", NULL);
    artifact(db, s->s2, "notice", "2017-05-16 09:00");
    agenda(db, s->s2, "study", "discussion", "expert_briefing");

    s->s3 = activity(db, br, "semimonthly_talk", "气候变化", "2017-06-22 14:30", NULL);

    activity(db, s->t.group1, "group_meeting", "一组五月", "2017-05-10 12:00", NULL);
    activity(db, s->t.group1, "group_meeting", "一组六月", "2017-06-12 12:00", NULL);
    activity(db, s->t.group2, "group_meeting", "二组五月", "2017-05-20 12:00", NULL);

    qf_attendance gm1[] = {{0, s->a, QF_ATTEND_PRESENT, NULL}, {0, s->b, QF_ATTEND_PRESENT, NULL},
                           {0, s->c, QF_ATTEND_LATE, NULL},    {0, s->d, QF_ATTEND_ABSENT, NULL},
                           {0, s->f, QF_ATTEND_LEAVE, "出差"}, {0, s->h, QF_ATTEND_PRESENT, NULL},
                           {0, s->e, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts p1 = {gm1, 7, NULL, 0, NULL, 0};
    activity(db, br, "general_meeting", "五月党员大会", "2017-05-25 15:00", &p1);
    qf_attendance gm2[] = {{0, s->a, QF_ATTEND_ABSENT, NULL},  {0, s->b, QF_ATTEND_PRESENT, NULL},
                           {0, s->c, QF_ATTEND_ABSENT, NULL},  {0, s->d, QF_ATTEND_PRESENT, NULL},
                           {0, s->f, QF_ATTEND_ABSENT, NULL},  {0, s->h, QF_ATTEND_PRESENT, NULL},
                           {0, s->e, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts p2 = {gm2, 7, NULL, 0, NULL, 0};
    s->gm2 = activity(db, br, "general_meeting", "六月党员大会", "2017-06-15 15:00", &p2);

    char *pack = slurp(QF_TEST_DATA "/check_pack.json");
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, pack, "check_pack.json", NULL));
    qf_load_report_free(rep);
    free(pack);
}

/* The test's Lua stand-in: May passes, June fails; the org check raises an error. */
static int custom(void *payload, const qf_custom_call *call, qf_custom_verdict *out)
{
    (void)payload;
    if (strcmp(call->clause, "13") == 0)
        return qf_error_set(QF_ERROR, "broken.lua:3: attempt to index a nil value");
    bool may = strcmp(call->period, "2017-05") == 0;
    out->status = may ? QF_FINDING_PASS : QF_FINDING_FAIL;
    snprintf(out->message, sizeof out->message, "custom %s", call->period);
    return QF_OK;
}

static qf_check_result *run(qf_db *db, const char *period, int64_t org)
{
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, period));
    o.org_id = org;
    o.custom = custom;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    return r;
}

/* "T1/4#1 fail activity:<id> 2017-05-17" lines, one per finding */
static char *lines(const qf_check_result *r)
{
    size_t cap = 65536, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        len += (size_t)snprintf(out + len, cap - len, "%s/%s#%d %s %s %s\n", f->standard, f->clause,
                                f->requirement, qf_finding_status_name(f->status), f->subject_type,
                                f->period);
    }
    return out;
}

static void check__every_kind_passes_and_fails_as_computed_by_hand(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    scenario s;
    build(db, &s);
    qf_check_result *r = run(db, "2017-05..2017-06", s.t.branch);
    char *got = lines(r);
    /* sorted by org, standard, day, subject, clause; group findings under their group */
    const char *want =
        "T1/9#1 fail org 2017-05-01..2017-06-20\n"
        "T1/13#1 error org 2017-05-01..2017-06-30\n"
        "T1/2#1 pass period 2017-05-H1\n"
        "T1/12#1 pass period 2017-05\n"
        "T1/4#1 pass activity 2017-05-03\n"
        "T1/5#1 pass activity 2017-05-03\n"
        "T1/7#1 pass activity 2017-05-03\n"
        "T1/8#1 n/a activity 2017-05-03\n"
        "T1/2#1 pass period 2017-05-H2\n"
        "T1/4#1 fail activity 2017-05-17\n"
        "T1/5#1 warn activity 2017-05-17\n"
        "T1/7#1 fail activity 2017-05-17\n"
        "T1/8#1 fail activity 2017-05-17\n"
        "T1/6#1 pass activity 2017-05-25\n"
        "T1/2#1 fail period 2017-06-H1\n"
        "T1/12#1 fail period 2017-06\n"
        "T1/6#1 fail activity 2017-06-15\n"
        "T1/2#1 open period 2017-06-H2\n"
        "T1/10#1 fail org 2017-06-20\n"
        "T1/11#1 pass org 2017-06-20\n"
        "T1/4#1 open activity 2017-06-22\n"
        "T2/1#1 n/a period 2017-06\n"
        "T1/3#1 pass period 2017-05\n"  /* gy1g1 */
        "T1/3#1 pass period 2017-06\n"
        "T1/3#1 pass period 2017-05\n"  /* gy1g2 */
        "T1/3#1 open period 2017-06\n";
    if (strcmp(got, want) != 0)
        fail_msg("findings differ.\n--- got ---\n%s--- want ---\n%s", got, want);
    free(got);

    /* messages say what was required and what was found */
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        char where[64];
        snprintf(where, sizeof where, "%s/%s %s", f->standard, f->clause, f->period);
        if (strcmp(where, "T1/4 2017-05-17") == 0)
            assert_non_null(strstr(f->message, "2017-05-16, 1 day(s) before; required at least 2"));
        if (strcmp(where, "T1/6 2017-06-15") == 0) {
            assert_non_null(strstr(f->message, "2 of 5 members with voting rights due attended"));
            assert_non_null(strstr(f->message, "quorum not reached"));
            assert_non_null(strstr(f->message, "张书记"));
        }
        if (strcmp(f->standard, "T1") == 0 && strcmp(f->clause, "9") == 0)
            assert_non_null(strstr(f->message, "vacant from 2017-06-01 to 2017-06-04"));
        if (strcmp(f->standard, "T1") == 0 && strcmp(f->clause, "10") == 0)
            assert_non_null(strstr(f->message, "2017-03-20, 92 day(s) overdue"));
        if (strcmp(where, "T1/2 2017-06-H2") == 0) {
            assert_int_equal(f->due, fx_date("2017-06-30"));
            assert_int_equal(f->days_left, 10);
            assert_string_equal(f->responsible, "secretary");
        }
        if (strcmp(f->standard, "T1") == 0 && strcmp(f->clause, "13") == 0)
            assert_non_null(strstr(f->message, "broken.lua:3"));
        if (strcmp(where, "T1/8 2017-05-03") == 0)
            assert_non_null(strstr(f->message, "专家库建设中"));
    }
    qf_check_summary sum;
    qf_check_summarize(r, &sum);
    assert_int_equal(sum.fail, 8);
    assert_int_equal(sum.warn, 1);
    assert_int_equal(sum.open, 3);
    qf_check_result_free(r);
}

/* A custom function that looks at the connection while the engine runs, and writes once. */
typedef struct probe {
    qf_db *db;
    int64_t org;
    int calls, in_tx, wrote;
    int64_t written;
} probe;

static int probing(void *payload, const qf_custom_call *call, qf_custom_verdict *out)
{
    probe *p = payload;
    p->calls++;
    p->in_tx += fx_in_tx(p->db);
    if (!p->wrote && qf_tx_depth(p->db) == 0) {
        /* a write inside the run: it must end the read transaction and commit on its own */
        p->wrote = 1;
        QF_OK_OR_FAIL(qf_tx_begin(p->db));
        p->written = activity(p->db, p->org, "lecture", "written during a check",
                              "2017-06-19 09:00", NULL);
        QF_OK_OR_FAIL(qf_tx_commit(p->db));
        assert_false(fx_in_tx(p->db));
    }
    out->status = QF_FINDING_PASS;
    snprintf(out->message, sizeof out->message, "probe %s", call->period);
    return QF_OK;
}

static void check__runs_in_one_read_transaction_and_leaves_none_open(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    scenario s;
    build(db, &s);
    probe p = {db, s.t.branch, 0, 0, 0, 0};
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-05..2017-06"));
    o.org_id = s.t.branch;
    o.custom = probing;
    o.payload = &p;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    qf_check_result_free(r);
    assert_true(p.calls > 1);
    assert_int_equal(p.wrote, 1);
    /* every call but the one that wrote ran inside the run's read transaction; after the
     * write the statements run on their own again */
    assert_true(p.in_tx >= 1);
    assert_false(fx_in_tx(db));
    assert_int_equal(qf_tx_depth(db), 0);
    /* the write is there */
    qf_activity *written = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&written, db, p.written));
    assert_string_equal(written->title, "written during a check");
    qf_activity_free(written);

    /* inside the caller's transaction the run neither commits nor ends it */
    QF_OK_OR_FAIL(qf_tx_begin(db));
    p.wrote = 1;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    qf_check_result_free(r);
    assert_int_equal(qf_tx_depth(db), 1);
    assert_true(fx_in_tx(db));
    QF_OK_OR_FAIL(qf_tx_commit(db));
    assert_false(fx_in_tx(db));
}

/* A clock whose midnight comes whenever the test says (qf__date_clock). */
static qf_date clock_day;
static qf_date test_clock(void)
{
    return clock_day;
}

typedef struct day_probe {
    qf_db *db;
    qf_date seen[64];
    int calls;
} day_probe;

/* Notes the day the function is judged on, then lets midnight pass. */
static int midnight_each_call(void *payload, const qf_custom_call *call, qf_custom_verdict *out)
{
    (void)call;
    day_probe *p = payload;
    if (p->calls < 64)
        p->seen[p->calls] = qf_db_today(p->db);
    p->calls++;
    clock_day++;
    out->status = QF_FINDING_PASS;
    snprintf(out->message, sizeof out->message, "on time");
    return QF_OK;
}

/* Without an injected day a run holds the system's day from start to end: a check that spans
 * midnight judges every branch and gives every function the day it started on, and the day
 * follows the clock again once the run has ended. */
static void check__holds_the_day_it_started_across_midnight(void **state)
{
    qf_db *db = *state;
    scenario s;
    build(db, &s);
    qf_db_set_today(db, QF_DATE_NONE); /* the system's day, from the test's clock */
    clock_day = fx_date("2017-06-20");
    qf__date_clock = test_clock;
    day_probe p = {.db = db};
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-05..2017-06"));
    o.custom = midnight_each_call;
    o.payload = &p;
    qf_check_result *r = NULL;
    int rc = qf_check_run(&r, db, &o);
    qf__date_clock = NULL;
    QF_OK_OR_FAIL(rc);
    assert_true(p.calls > 1);
    for (int i = 0; i < p.calls && i < 64; i++)
        assert_int_equal(p.seen[i], fx_date("2017-06-20"));
    assert_int_equal(qf_check_today(r), fx_date("2017-06-20"));
    qf_check_result_free(r);
    qf__date_clock = test_clock;
    assert_int_equal(qf_db_today(db), clock_day); /* released: the clock's day again */
    assert_true(clock_day > fx_date("2017-06-20"));
    /* a day set while a hold is on is the caller's, and stays after the hold */
    qf__db_hold_today(db);
    qf__db_hold_today(db); /* nested: the inner release keeps the day */
    qf_date held = qf_db_today(db);
    clock_day++;
    qf__db_release_today(db);
    assert_int_equal(qf_db_today(db), held);
    qf_db_set_today(db, fx_date("2017-01-01"));
    qf__db_release_today(db);
    qf__date_clock = NULL;
    assert_int_equal(qf_db_today(db), fx_date("2017-01-01"));
}

/* Each branch's findings are sorted as it is judged; a group whose code sorts after the next
 * branch's ("gy1g1" after "gy10") still ends up in order by org. */
static void check__orders_findings_by_org_across_branches(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    scenario s;
    build(db, &s);
    qf_org b = {0, s.t.committee, QF_ORG_BRANCH, "gy10", "工业标准十部党支部", NULL};
    int64_t gy10 = 0;
    QF_OK_OR_FAIL(qf_org_create(&gy10, db, &b));
    qf_check_result *r = run(db, "2017-05..2017-06", s.t.committee);
    size_t n10 = 0;
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        if (i > 0)
            assert_true(strcmp(qf_check_finding(r, i - 1)->org, f->org) <= 0);
        n10 += strcmp(f->org, "gy10") == 0;
    }
    assert_true(n10 > 0);
    qf_check_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(check__every_kind_passes_and_fails_as_computed_by_hand,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(check__runs_in_one_read_transaction_and_leaves_none_open,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(check__holds_the_day_it_started_across_midnight,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(check__orders_findings_by_org_across_branches,
                                        fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
