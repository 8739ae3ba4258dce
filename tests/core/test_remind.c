/* Reminders: lead times, windows at their boundaries, satisfaction by a late record, repeated
 * runs firing nothing twice, catching up after a gap, working-day leads over holidays and
 * make-up days, acknowledge and snooze, failed deliveries, anchored dates, the calendar file
 * read back by libical, and the errors a user can hit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libical/ical.h>
#include "fixture.h"

static fx_tree T;

static void pack(qf_db *db, const char *json)
{
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, json, "remind.json", NULL));
    qf_load_report_free(rep);
}

/* a branch standard: a half-month and a monthly cadence, and a notice 3 days before a lecture */
static const char STANDARD[] =
    "{\"standards\": [{\"code\": \"R\", \"title\": \"提醒测试\", \"effective\": \"2017-01-01\","
    "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
    "\"responsible\": \"secretary\", \"requirements\": [{\"kind\": \"cadence\", \"params\": "
    "{\"activity\": \"semimonthly_talk\", \"per\": \"half_month\"}}]},"
    "{\"number\": \"2\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"group_meeting\", \"per\": \"month\", \"each\": "
    "\"group\"}}]},"
    "{\"number\": \"3\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"artifact\", \"params\": {\"activity\": \"lecture\", \"type\": \"notice\", \"before\": 3}}]}]}]}";

static int setup(void **state)
{
    if (fx_setup_memory(state))
        return -1;
    qf_db *db = *state;
    fx_make_tree(db, &T);
    int64_t sec = fx_member(db, "张书记", QF_STATUS_FULL, "2000-01-01", T.branch, T.group1);
    int64_t lead1 = fx_member(db, "刘组长", QF_STATUS_FULL, "2000-01-01", T.branch, T.group1);
    qf_position p = {0, sec, T.branch, "secretary", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    qf_position g = {0, lead1, T.group1, "group_leader", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &g));
    return 0;
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

static qf_remind_result *run_on(qf_db *db, const char *today, const qf_remind_options *opts)
{
    qf_db_set_today(db, fx_date(today));
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    if (!opts)
        opts = &o;
    qf_remind_result *r = NULL;
    QF_OK_OR_FAIL(qf_remind_run(&r, db, opts));
    return r;
}

/* The reminder whose key ends with `suffix` (NULL when none). */
static const qf_reminder *find(const qf_remind_result *r, const char *suffix)
{
    size_t n = strlen(suffix);
    for (size_t i = 0; i < qf_remind_count(r); i++) {
        const qf_reminder *x = qf_remind_reminder(r, i);
        size_t k = strlen(x->key);
        if (k >= n && strcmp(x->key + k - n, suffix) == 0)
            return x;
    }
    return NULL;
}

static const qf_reminder *must_find(const qf_remind_result *r, const char *suffix)
{
    const qf_reminder *x = find(r, suffix);
    if (!x) {
        char keys[4096] = "";
        for (size_t i = 0; i < qf_remind_count(r); i++) {
            size_t len = strlen(keys);
            snprintf(keys + len, sizeof keys - len, "\n  %s", qf_remind_reminder(r, i)->key);
        }
        fail_msg("no reminder ending with %s among:%s", suffix, keys);
    }
    return x;
}

static int firing(const qf_remind_result *r)
{
    qf_remind_summary s;
    qf_remind_summarize(r, &s);
    return s.firing;
}

static char *date_s(qf_date d)
{
    static char buf[4][11];
    static int k;
    k = (k + 1) % 4;
    qf_date_format(d, buf[k]);
    return buf[k];
}

/* ---- lead times ----------------------------------------------------------------------- */

static void remind__leads_parse_sort_and_refuse(void **state)
{
    (void)state;
    qf_duration l[QF_LEADS_MAX];
    size_t n;
    char buf[256];
    QF_OK_OR_FAIL(qf_leads_parse(l, &n, "-1d, -7d,-3d -1d"));
    qf_leads_format(l, n, buf, sizeof buf);
    assert_string_equal(buf, "-7d,-3d,-1d");
    QF_OK_OR_FAIL(qf_leads_parse(l, &n, "0d,-5wd,-2w,-1m"));
    qf_leads_format(l, n, buf, sizeof buf);
    assert_string_equal(buf, "-1m,-2w,-5wd,0d");
    QF_FAILS_WITH(QF_EINVALID, "'soon'", qf_leads_parse(l, &n, "-3d, soon"));
    QF_FAILS_WITH(QF_EINVALID, "more than a year", qf_leads_parse(l, &n, "-400d"));
    QF_FAILS_WITH(QF_EINVALID, "lists none", qf_leads_parse(l, &n, " , "));
    QF_FAILS_WITH(QF_EINVALID, "at most 16",
                  qf_leads_parse(l, &n, "-1d -2d -3d -4d -5d -6d -7d -8d -9d -10d -11d -12d -13d "
                                        "-14d -15d -16d -17d"));
}

/* ---- windows at their boundaries ------------------------------------------------------ */

static void remind__half_month_window_on_its_last_day(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    /* the last day of the first half of September: the window is open, due today */
    qf_remind_result *r = run_on(db, "2017-09-15", NULL);
    const qf_reminder *h1 = must_find(r, "check/R/1#1/gy1/2017-09-H1");
    assert_string_equal(date_s(h1->due), "2017-09-15");
    assert_int_equal(h1->days_left, 0);
    assert_false(h1->overdue);
    assert_true(h1->firing);
    assert_string_equal(h1->fire_lead, "0d");
    assert_string_equal(h1->leads, "-5d,-2d,0d");
    assert_string_equal(h1->responsible, "secretary");
    assert_string_equal(h1->holder, "张书记");
    assert_true(h1->shown);
    /* groups each have a month, their leader is responsible */
    const qf_reminder *g1 = must_find(r, "check/R/2#1/gy1g1/2017-09");
    assert_string_equal(g1->responsible, "group_leader");
    assert_string_equal(g1->holder, "刘组长");
    assert_true(g1->org_is_group);
    const qf_reminder *g2 = must_find(r, "check/R/2#1/gy1g2/2017-09");
    assert_null(g2->holder); /* nobody leads the second group */
    qf_remind_result_free(r);
    /* the next day the half month has ended unmet: overdue, it comes back */
    r = run_on(db, "2017-09-16", NULL);
    h1 = must_find(r, "check/R/1#1/gy1/2017-09-H1");
    assert_true(h1->overdue);
    assert_int_equal(h1->days_left, -1);
    assert_true(h1->firing);
    assert_string_equal(h1->fire_lead, "overdue");
    assert_string_equal(date_s(h1->next_fire), "2017-09-23"); /* a week later (nag = 7d) */
    const qf_reminder *h2 = must_find(r, "check/R/1#1/gy1/2017-09-H2");
    assert_string_equal(date_s(h2->due), "2017-09-30");
    assert_false(h2->firing);
    assert_string_equal(date_s(h2->next_fire), "2017-09-25");
    qf_remind_result_free(r);
}

static void remind__satisfied_by_a_late_record(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_remind_result *r = run_on(db, "2017-09-10", NULL);
    const qf_reminder *h1 = must_find(r, "check/R/1#1/gy1/2017-09-H1");
    int64_t id = h1->id;
    assert_true(h1->firing); /* -5d falls on the 10th */
    qf_remind_result_free(r);
    r = run_on(db, "2017-09-18", NULL);
    assert_true(must_find(r, "2017-09-H1")->overdue);
    qf_remind_result_free(r);
    /* the talk was held on the 14th, recorded on the 19th: the reminder is satisfied */
    activity(db, T.branch, "semimonthly_talk", "2017-09-14 15:00");
    r = run_on(db, "2017-09-19", NULL);
    h1 = must_find(r, "check/R/1#1/gy1/2017-09-H1");
    assert_int_equal(h1->id, id);
    assert_int_equal(h1->state, QF_REMINDER_SATISFIED);
    assert_true(h1->resolved_now);
    assert_false(h1->shown);
    assert_false(h1->firing);
    assert_string_equal(date_s(h1->resolved), "2017-09-19");
    qf_remind_summary s;
    qf_remind_summarize(r, &s);
    assert_int_equal(s.satisfied_now, 1);
    qf_remind_result_free(r);
    /* a record held in the second half satisfies the open window the same day */
    activity(db, T.branch, "semimonthly_talk", "2017-09-19 09:00");
    r = run_on(db, "2017-09-19", NULL);
    assert_int_equal(must_find(r, "2017-09-H2")->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
}

/* ---- idempotence and catching up ------------------------------------------------------ */

static int fired_rows(qf_db *db)
{
    return (int)fx_sql_int(db, "SELECT count(*) FROM reminder_fire WHERE fired_on IS NOT NULL");
}

/* every row of the ledger, as text */
static char *ledger(qf_db *db)
{
    char buf[65536];
    fx_sql_text(db,
                "SELECT coalesce((SELECT group_concat(r, '|') FROM (SELECT id || ',' || key || ',' "
                "|| state || ',' || due || ',' || title || ',' || leads || ',' || sequence || ',' "
                "|| changed_at || ',' || coalesce(resolved, '-') AS r FROM reminder ORDER BY id) "
                "AS x), '') || '#' || coalesce((SELECT group_concat(f, '|') FROM (SELECT "
                "reminder_id || ',' || lead || ',' || fire_on || ',' || coalesce(fired_on, '-') || "
                "',' || late AS f FROM reminder_fire ORDER BY id) AS y), '')",
                buf, sizeof buf);
    return strdup(buf);
}

static void remind__running_twice_fires_nothing_twice(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_remind_result *r = run_on(db, "2017-09-10", NULL);
    int first = firing(r);
    assert_true(first > 0);
    qf_remind_result_free(r);
    int rows = fired_rows(db);
    char *before = ledger(db);
    r = run_on(db, "2017-09-10", NULL);
    assert_int_equal(firing(r), 0);
    assert_true(must_find(r, "2017-09-H1")->shown); /* still listed, not fired again */
    qf_remind_result_free(r);
    assert_int_equal(fired_rows(db), rows);
    char *after = ledger(db);
    assert_string_equal(before, after); /* the second run changed nothing in the ledger */
    free(before);
    free(after);
    /* the next day nothing new is due either (-2d falls on the 13th) */
    r = run_on(db, "2017-09-11", NULL);
    assert_false(must_find(r, "2017-09-H1")->firing);
    qf_remind_result_free(r);
}

static void remind__catch_up_after_a_gap(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_remind_result *r = run_on(db, "2017-09-01", NULL);
    const qf_reminder *m = must_find(r, "check/R/2#1/gy1g1/2017-09");
    assert_int_equal(m->state, QF_REMINDER_PENDING);
    qf_remind_result_free(r);
    /* forty days later: September ended unmet while qufa did not run */
    r = run_on(db, "2017-10-10", NULL);
    assert_string_equal(date_s(qf_remind_last_run(r)), "2017-09-01");
    m = must_find(r, "check/R/2#1/gy1g1/2017-09");
    assert_true(m->overdue);
    assert_true(m->firing);
    assert_true(m->late);
    assert_int_equal(m->n_missed, 3);
    assert_string_equal(date_s(m->missed[0]), "2017-09-23");
    assert_string_equal(date_s(m->missed[1]), "2017-09-27");
    assert_string_equal(date_s(m->missed[2]), "2017-09-29");
    assert_string_equal(m->fire_lead, "overdue");
    /* the second half of September came and went between the runs: caught up, late */
    const qf_reminder *h2 = must_find(r, "check/R/1#1/gy1/2017-09-H2");
    assert_true(h2->overdue);
    assert_true(h2->late);
    assert_int_equal(h2->first_seen, fx_date("2017-10-10"));
    /* what is open now is reminded of as usual */
    const qf_reminder *oct = must_find(r, "check/R/2#1/gy1g1/2017-10");
    assert_false(oct->overdue);
    assert_false(oct->late);
    /* the text says so */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    QF_OK_OR_FAIL(qf_remind_write_text(r, f, NULL));
    fclose(f);
    if (!strstr(text, "late: it was due 2017-09-23, 2017-09-27, 2017-09-29"))
        fail_msg("%s", text);
    free(text);
    qf_remind_result_free(r);
    /* the nag comes back a week after it fired, not every day */
    r = run_on(db, "2017-10-11", NULL);
    assert_false(must_find(r, "check/R/2#1/gy1g1/2017-09")->firing);
    qf_remind_result_free(r);
    r = run_on(db, "2017-10-17", NULL);
    assert_true(must_find(r, "check/R/2#1/gy1g1/2017-09")->firing);
    qf_remind_result_free(r);
}

/* ---- working days --------------------------------------------------------------------- */

static void remind__working_day_leads_skip_holidays_and_count_makeup_days(void **state)
{
    qf_db *db = *state;
    QF_OK_OR_FAIL(qf_calendar_import(NULL, db,
                                     "2017-10-01..2017-10-08 off 国庆节、中秋节\n"
                                     "2017-09-30 work 调休\n",
                                     "cn.txt"));
    qf_duration lead;
    qf_date day;
    QF_OK_OR_FAIL(qf_duration_parse(&lead, "-1wd"));
    QF_OK_OR_FAIL(qf_lead_day(&day, db, fx_date("2017-10-09"), lead));
    assert_string_equal(date_s(day), "2017-09-30"); /* the Saturday worked */
    QF_OK_OR_FAIL(qf_duration_parse(&lead, "-2wd"));
    QF_OK_OR_FAIL(qf_lead_day(&day, db, fx_date("2017-10-09"), lead));
    assert_string_equal(date_s(day), "2017-09-29");
    /* through a run: a custom reminder due on Monday 9 October with working-day leads */
    qf_remind_item it = {.rule = "visit", .subject_type = "org", .subject_id = T.branch,
                         .subject = "gy1", .title = "节后走访", .due = fx_date("2017-10-09"),
                         .leads = "-3wd,-1wd"};
    const char *rules[] = {"visit"};
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.items = &it;
    o.n_items = 1;
    o.rules = rules;
    o.n_rules = 1;
    qf_remind_result *r = run_on(db, "2017-09-27", &o);
    const qf_reminder *x = must_find(r, "custom/visit/org:2/2017-10-09");
    assert_int_equal(x->n_fire_days, 2);
    assert_string_equal(date_s(x->fire_days[0]), "2017-09-28");
    assert_string_equal(date_s(x->fire_days[1]), "2017-09-30");
    assert_false(x->firing);
    qf_remind_result_free(r);
    r = run_on(db, "2017-09-28", &o);
    assert_true(must_find(r, "custom/visit/org:2/2017-10-09")->firing);
    qf_remind_result_free(r);
    r = run_on(db, "2017-09-30", &o);
    assert_true(must_find(r, "custom/visit/org:2/2017-10-09")->firing);
    qf_remind_result_free(r);
    /* the condition no longer holds: the rule was judged and gave nothing */
    o.n_items = 0;
    r = run_on(db, "2017-10-02", &o);
    assert_int_equal(must_find(r, "custom/visit/org:2/2017-10-09")->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
    /* a condition without a day: one occurrence while it holds, due again when it returns */
    qf_remind_item cond = {.rule = "visit", .subject_type = "member", .subject_id = 1,
                           .subject = "张书记", .title = "待走访", .due = QF_DATE_NONE};
    o.items = &cond;
    o.n_items = 1;
    r = run_on(db, "2017-10-10", &o);
    const qf_reminder *c = must_find(r, "custom/visit/member:1");
    assert_string_equal(date_s(c->due), "2017-10-10");
    assert_true(c->firing); /* leads.custom: on the day */
    qf_remind_result_free(r);
    r = run_on(db, "2017-10-11", &o);
    assert_string_equal(date_s(must_find(r, "custom/visit/member:1")->due), "2017-10-10");
    qf_remind_result_free(r);
    o.n_items = 0;
    r = run_on(db, "2017-10-12", &o);
    assert_int_equal(must_find(r, "custom/visit/member:1")->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
    o.n_items = 1;
    r = run_on(db, "2017-11-20", &o);
    c = must_find(r, "custom/visit/member:1");
    assert_int_equal(c->state, QF_REMINDER_FIRED);
    assert_string_equal(date_s(c->due), "2017-11-20");
    assert_false(c->overdue);
    qf_remind_result_free(r);
}

/* ---- acknowledge, snooze, delivery ------------------------------------------------------ */

static void remind__ack_and_snooze(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_remind_result *r = run_on(db, "2017-09-01", NULL);
    int64_t h1 = must_find(r, "2017-09-H1")->id;
    int64_t g1 = must_find(r, "gy1g1/2017-09")->id;
    qf_remind_result_free(r);
    QF_OK_OR_FAIL(qf_reminder_ack(db, g1, "已安排9月20日召开"));
    QF_OK_OR_FAIL(qf_reminder_snooze(db, h1, "3d", NULL));
    qf_reminder *x = NULL;
    QF_OK_OR_FAIL(qf_reminder_get(&x, db, h1));
    assert_int_equal(x->state, QF_REMINDER_SNOOZED);
    assert_string_equal(date_s(x->snoozed_until), "2017-09-04");
    qf_reminder_free(x);
    /* the -5d day (the 10th) passes during a longer snooze: it fires when the snooze ends */
    QF_OK_OR_FAIL(qf_reminder_snooze(db, h1, "10d", "出差"));
    r = run_on(db, "2017-09-10", NULL);
    assert_false(must_find(r, "2017-09-H1")->firing);
    assert_false(must_find(r, "2017-09-H1")->shown);
    assert_false(must_find(r, "gy1g1/2017-09")->firing);
    qf_remind_result_free(r);
    r = run_on(db, "2017-09-11", NULL);
    const qf_reminder *h = must_find(r, "2017-09-H1");
    assert_true(h->firing);
    assert_false(h->late); /* held back on purpose, not missed */
    assert_int_equal(h->state, QF_REMINDER_FIRED);
    /* acknowledged: never fires, even when overdue */
    qf_remind_result_free(r);
    r = run_on(db, "2017-10-03", NULL);
    const qf_reminder *g = must_find(r, "gy1g1/2017-09");
    assert_int_equal(g->state, QF_REMINDER_ACKNOWLEDGED);
    assert_false(g->firing);
    assert_string_equal(g->note, "已安排9月20日召开");
    qf_remind_result_free(r);
    /* errors name the reminder and what is wrong */
    QF_FAILS_WITH(QF_ENOTFOUND, "9999", qf_reminder_ack(db, 9999, NULL));
    QF_FAILS_WITH(QF_EINVALID, "soon", qf_reminder_snooze(db, h1, "soon", NULL));
    QF_FAILS_WITH(QF_EINVALID, "positive", qf_reminder_snooze(db, h1, "-3d", NULL));
    QF_FAILS_WITH(QF_EINVALID, "a year", qf_reminder_snooze(db, h1, "2y", NULL));
    activity(db, T.branch, "semimonthly_talk", "2017-09-14 15:00");
    r = run_on(db, "2017-10-04", NULL);
    qf_remind_result_free(r);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_EINVALID, "satisfied", qf_reminder_ack(db, h1, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

typedef struct deliveries {
    int calls;
    bool fail;
    char last[200];
} deliveries;

static int deliver(void *payload, const qf_reminder *r)
{
    deliveries *d = payload;
    d->calls++;
    snprintf(d->last, sizeof d->last, "%s %s", r->key, r->fire_lead);
    if (d->fail)
        return qf_error_set(QF_ERROR, "mail server down");
    return QF_OK;
}

static void remind__failed_delivery_fires_again_next_run(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    deliveries d = {0, true, ""};
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.deliver = deliver;
    o.deliver_payload = &d;
    qf_remind_result *r = run_on(db, "2017-09-10", &o);
    const qf_reminder *h = must_find(r, "2017-09-H1");
    assert_true(h->firing);
    assert_false(h->delivered);
    assert_string_equal(h->delivery_error, "mail server down");
    assert_int_equal(h->state, QF_REMINDER_PENDING);
    assert_int_equal(d.calls, 1);
    assert_string_equal(d.last, "check/R/1#1/gy1/2017-09-H1 -5d");
    qf_remind_summary s;
    qf_remind_summarize(r, &s);
    assert_int_equal(s.failed, 1);
    qf_remind_result_free(r);
    assert_int_equal(fired_rows(db), 0);
    /* the next run delivers it */
    d.fail = false;
    r = run_on(db, "2017-09-10", &o);
    h = must_find(r, "2017-09-H1");
    assert_true(h->firing);
    assert_true(h->delivered);
    assert_int_equal(h->state, QF_REMINDER_FIRED);
    qf_remind_result_free(r);
    r = run_on(db, "2017-09-10", &o);
    assert_false(must_find(r, "2017-09-H1")->firing);
    qf_remind_result_free(r);
    assert_int_equal(d.calls, 2);
}

/* What a run did, as text: each reminder of its result, then the ledger (without the times
 * of change, which follow the clock). */
static char *run_trace(qf_db *db, const qf_remind_result *r)
{
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < qf_remind_count(r); i++) {
        const qf_reminder *x = qf_remind_reminder(r, i);
        char next[11] = "-";
        if (x->next_fire != QF_DATE_NONE)
            qf_date_format(x->next_fire, next);
        n += (size_t)snprintf(out + n, cap - n, "%s %d %d %d %d %s %s %zu %zu %s %s|", x->key,
                              (int)x->state, x->firing, x->delivered, x->late,
                              x->fire_lead ? x->fire_lead : "-", next, x->n_fire_days,
                              x->n_missed, x->holder ? x->holder : "-", x->title);
        assert_true(n < cap);
    }
    fx_sql_text(db,
                "SELECT coalesce((SELECT group_concat(r, '|') FROM (SELECT id || ',' || key || ',' "
                "|| state || ',' || due || ',' || sequence || ',' || coalesce(resolved, '-') AS r "
                "FROM reminder ORDER BY id) AS x), '') || '#' || coalesce((SELECT "
                "group_concat(f, '|') FROM (SELECT reminder_id || ',' || lead || ',' || fire_on || "
                "',' || coalesce(fired_on, '-') || ',' || late AS f FROM reminder_fire ORDER BY "
                "id) AS y), '')",
                out + n, cap - n);
    return out;
}

/* Without a deliverer the firings are written with the ledger's update (one transaction);
 * with one, each is delivered, then recorded in its own. Both leave the same ledger and say
 * the same, on the first run and when an overdue one comes back. */
static void remind__recording_without_a_deliverer_is_delivering(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    deliveries d = {0, false, ""};
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.deliver = deliver;
    o.deliver_payload = &d;
    const char *days[] = {"2017-09-10", "2017-09-20", "2017-10-02"};
    char *delivered[3], *recorded[3];
    QF_OK_OR_FAIL(qf_tx_begin(db)); /* rolled back: the same start for both */
    for (int i = 0; i < 3; i++) {
        qf_remind_result *r = run_on(db, days[i], &o);
        delivered[i] = run_trace(db, r);
        qf_remind_result_free(r);
    }
    QF_OK_OR_FAIL(qf_tx_rollback(db));
    assert_true(d.calls >= 3);
    assert_int_equal(fired_rows(db), 0);
    for (int i = 0; i < 3; i++) {
        qf_remind_result *r = run_on(db, days[i], NULL);
        recorded[i] = run_trace(db, r);
        qf_remind_result_free(r);
        assert_string_equal(delivered[i], recorded[i]);
        free(delivered[i]);
        free(recorded[i]);
    }
    assert_true(fired_rows(db) >= 3);
}

static void remind__dry_run_writes_nothing(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_db_set_today(db, fx_date("2017-09-10"));
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.dry_run = true;
    qf_remind_result *r = run_on(db, "2017-09-10", &o);
    assert_true(qf_remind_dry_run(r));
    assert_true(must_find(r, "2017-09-H1")->firing);
    assert_false(must_find(r, "2017-09-H1")->delivered);
    qf_remind_result_free(r);
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

/* ---- activity preparation and anchored dates ----------------------------------------- */

static void remind__notice_before_a_scheduled_activity(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    int64_t lecture = activity(db, T.branch, "lecture", "2017-09-20 14:30");
    qf_remind_result *r = run_on(db, "2017-09-13", NULL);
    char key[80];
    snprintf(key, sizeof key, "check/R/3#1/activity:%lld", (long long)lecture);
    const qf_reminder *x = must_find(r, key);
    assert_string_equal(date_s(x->due), "2017-09-17"); /* 3 days before the 20th */
    assert_string_equal(x->leads, "-3d,-1d,0d");
    assert_false(x->firing);
    qf_remind_result_free(r);
    /* the notice goes out on the 15th: satisfied; rescheduling would have moved the due day */
    qf_artifact n;
    memset(&n, 0, sizeof n);
    n.activity_id = lecture;
    n.type = "notice";
    n.issued_at = fx_datetime("2017-09-15 10:00");
    n.size = -1;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &n, NULL, 0));
    r = run_on(db, "2017-09-15", NULL);
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
}

static void remind__probation_and_transfer(void **state)
{
    qf_db *db = *state;
    int64_t org_m = fx_member(db, "李组织", QF_STATUS_FULL, "2000-01-01", T.branch, T.group2);
    qf_position p = {0, org_m, T.branch, "organization", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    int64_t huang = fx_member(db, "黄丽", QF_STATUS_PROBATIONARY, "2016-09-28", T.branch, T.group1);
    int64_t zhao = fx_member(db, "赵磊", QF_STATUS_FULL, "2010-01-01", T.branch, T.group1);
    qf_transfer t;
    memset(&t, 0, sizeof t);
    t.member_id = zhao;
    t.org_id = T.branch;
    t.direction = QF_TRANSFER_OUT;
    t.letter_date = fx_date("2017-08-31");
    t.other_org = "某部机关党委";
    t.letter_no = "（2017）031";
    t.valid_days = 30;
    t.receipt_date = QF_DATE_NONE;
    int64_t tid;
    QF_OK_OR_FAIL(qf_transfer_create(&tid, db, &t));
    qf_remind_result *r = run_on(db, "2017-09-05", NULL);
    char key[80];
    snprintf(key, sizeof key, "probation/member:%lld/2016-09-28", (long long)huang);
    const qf_reminder *pr = must_find(r, key);
    assert_string_equal(date_s(pr->due), "2017-09-28");
    assert_string_equal(pr->responsible, "organization");
    assert_string_equal(pr->holder, "李组织");
    assert_true(pr->firing); /* -30d fell on 29 August */
    assert_false(pr->late);  /* the first run misses nothing */
    snprintf(key, sizeof key, "receipt/transfer:%lld", (long long)tid);
    const qf_reminder *rc = must_find(r, key);
    assert_string_equal(date_s(rc->due), "2017-09-30");
    assert_string_equal(rc->rule, "receipt/out");
    snprintf(key, sizeof key, "letter/transfer:%lld", (long long)tid);
    assert_string_equal(date_s(must_find(r, key)->due), "2017-09-29");
    qf_remind_result_free(r);
    /* full membership and the receipt satisfy them */
    qf_db_set_today(db, fx_date("2017-09-28"));
    QF_OK_OR_FAIL(qf_member_set_status(db, huang, QF_STATUS_FULL, fx_date("2017-09-28"), NULL));
    QF_OK_OR_FAIL(qf_transfer_receipt(db, tid, fx_date("2017-09-20")));
    r = run_on(db, "2017-09-28", NULL);
    snprintf(key, sizeof key, "probation/member:%lld/2016-09-28", (long long)huang);
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_SATISFIED);
    snprintf(key, sizeof key, "receipt/transfer:%lld", (long long)tid);
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
}

static void remind__requirement_sets_its_own_lead_times(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, "{\"standards\": [{\"code\": \"L\", \"title\": \"l\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"cadence\", \"params\": {\"activity\": \"lecture\","
             "\"per\": \"quarter\", \"remind\": [\"-10wd\", \"-1d\"]}}]}]}]}");
    qf_remind_result *r = run_on(db, "2017-09-01", NULL);
    assert_string_equal(must_find(r, "check/L/1#1/gy1/2017-Q3")->leads, "-10wd,-1d");
    qf_remind_result_free(r);
    /* a branch's tailoring sets them without touching the standard */
    pack(db, "{\"tailorings\": [{\"code\": \"p\", \"org\": \"gy1\", \"title\": \"剪裁\", \"set\": "
             "[{\"target\": \"L/1#1\", \"params\": {\"remind\": \"-3wd, 0d\"}, \"reason\": \"r\"}]}]}");
    r = run_on(db, "2017-09-02", NULL);
    assert_string_equal(must_find(r, "check/L/1#1/gy1/2017-Q3")->leads, "-3wd, 0d");
    qf_remind_result_free(r);
    /* the global setting for quarters */
    QF_OK_OR_FAIL(qf_remind_setting_set(db, "leads.quarter", "-20d, -2d", "支部决定"));
    char *v = NULL;
    QF_OK_OR_FAIL(qf_remind_setting_get(&v, db, "leads.quarter"));
    assert_string_equal(v, "-20d, -2d");
    qf_free(v);
    QF_OK_OR_FAIL(qf_remind_setting_set(db, "leads.quarter", NULL, NULL));
    QF_OK_OR_FAIL(qf_remind_setting_get(&v, db, "leads.quarter"));
    assert_string_equal(v, "-14d,-7d,-3d");
    qf_free(v);
    /* bad lead times are refused when the standard is loaded, naming the requirement */
    qf_load_report *rep = NULL;
    QF_FAILS_WITH(QF_EINVALID, "L2/1 requirement 1: remind: lead times: 'soon'",
                  qf_catalog_load(&rep, db,
                                  "{\"standards\": [{\"code\": \"L2\", \"title\": \"l\","
                                  "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\","
                                  "\"text\": \"t\", \"requirements\": [{\"kind\": \"cadence\","
                                  "\"params\": {\"activity\": \"lecture\", \"per\": \"year\","
                                  "\"remind\": \"-3d, soon\"}}]}]}]}",
                                  "bad.json", NULL));
}

static void remind__settings_and_options_errors(void **state)
{
    qf_db *db = *state;
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_EINVALID, "leads.weekly", qf_remind_setting_set(db, "leads.weekly", "-1d", NULL));
    QF_FAILS_WITH(QF_EINVALID, "leads.month: lead times: 'x'",
                  qf_remind_setting_set(db, "leads.month", "x", NULL));
    QF_FAILS_WITH(QF_EINVALID, "nag: the duration must not be negative",
                  qf_remind_setting_set(db, "nag", "-7d", NULL));
    QF_FAILS_WITH(QF_EINVALID, "skip.probation",
                  qf_remind_setting_set(db, "skip.probation", "Admission!", NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    qf_remind_result *r = NULL;
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.within_days = -1;
    QF_FAILS_WITH(QF_EINVALID, "within", qf_remind_run(&r, db, &o));
    o.within_days = 30;
    o.org_id = 777;
    QF_FAILS_WITH(QF_ENOTFOUND, "777", qf_remind_run(&r, db, &o));
    o.org_id = 0;
    qf_remind_item bad = {.rule = "x", .subject_type = "thing", .title = "t", .due = QF_DATE_NONE};
    o.items = &bad;
    o.n_items = 1;
    QF_FAILS_WITH(QF_EINVALID, "subject_type must be member, org or none (thing)",
                  qf_remind_run(&r, db, &o));
    bad.subject_type = "none";
    bad.leads = "later";
    QF_FAILS_WITH(QF_EINVALID, "reminder of rule x: lead times: 'later'", qf_remind_run(&r, db, &o));
    o.version = 0;
    QF_FAILS_WITH(QF_EINVALID, "QF_REMIND_OPTIONS_INIT", qf_remind_run(&r, db, &o));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

/* ---- the calendar file --------------------------------------------------------------- */

static icalcomponent *todo_by_uid(icalcomponent *cal, const char *uid)
{
    for (icalcomponent *c = icalcomponent_get_first_component(cal, ICAL_VTODO_COMPONENT); c;
         c = icalcomponent_get_next_component(cal, ICAL_VTODO_COMPONENT))
        if (strcmp(icalcomponent_get_uid(c), uid) == 0)
            return c;
    return NULL;
}

static icalcomponent *parse_ics(const qf_remind_result *r)
{
    char *text = NULL;
    QF_OK_OR_FAIL(qf_remind_ics(&text, r));
    assert_non_null(strstr(text, "BEGIN:VCALENDAR\r\n"));
    icalcomponent *cal = icalparser_parse_string(text);
    free(text);
    assert_non_null(cal);
    assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    assert_int_equal(icalcomponent_count_errors(cal), 0);
    return cal;
}

static void remind__calendar_file_read_back_by_libical(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    qf_remind_result *r = run_on(db, "2017-09-05", NULL);
    size_t n = qf_remind_count(r);
    icalcomponent *cal = parse_ics(r);
    assert_int_equal(icalcomponent_count_components(cal, ICAL_VTODO_COMPONENT), (int)n);
    /* the half month: due the 15th, alarms at 09:00 five and two days before and on the day */
    icalcomponent *first = icalcomponent_get_first_component(cal, ICAL_VTODO_COMPONENT);
    char uid[200] = "";
    for (icalcomponent *c = first; c; c = icalcomponent_get_next_component(cal, ICAL_VTODO_COMPONENT)) {
        icalproperty *k = icalcomponent_get_first_property(c, ICAL_X_PROPERTY);
        if (k && strcmp(icalproperty_get_x(k), "check/R/1#1/gy1/2017-09-H1") == 0)
            snprintf(uid, sizeof uid, "%s", icalcomponent_get_uid(c));
    }
    assert_true(uid[0]);
    icalcomponent *h1 = todo_by_uid(cal, uid);
    struct icaltimetype due = icalcomponent_get_due(h1);
    assert_true(due.is_date);
    assert_int_equal(due.day, 15);
    assert_int_equal(icalcomponent_get_status(h1), ICAL_STATUS_NEEDSACTION);
    assert_int_equal(icalcomponent_count_components(h1, ICAL_VALARM_COMPONENT), 3);
    icalcomponent *alarm = icalcomponent_get_first_component(h1, ICAL_VALARM_COMPONENT);
    struct icaltriggertype trig =
        icalproperty_get_trigger(icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY));
    assert_int_equal(icaldurationtype_as_int(trig.duration), -5 * 86400 + 9 * 3600);
    int seq = icalcomponent_get_sequence(h1);
    icalcomponent_free(cal);
    qf_remind_result_free(r);
    /* recorded: the same UID comes back completed, with a higher SEQUENCE */
    activity(db, T.branch, "semimonthly_talk", "2017-09-06 15:00");
    r = run_on(db, "2017-09-07", NULL);
    cal = parse_ics(r);
    h1 = todo_by_uid(cal, uid);
    assert_non_null(h1);
    assert_int_equal(icalcomponent_get_status(h1), ICAL_STATUS_COMPLETED);
    assert_true(icalcomponent_get_sequence(h1) > seq);
    assert_non_null(icalcomponent_get_first_property(h1, ICAL_COMPLETED_PROPERTY));
    assert_int_equal(icalcomponent_count_components(h1, ICAL_VALARM_COMPONENT), 0);
    icalcomponent_free(cal);
    qf_remind_result_free(r);
}

/* ---- text in both languages ---------------------------------------------------------- */

static char *text_of(const qf_remind_result *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    QF_OK_OR_FAIL(qf_remind_write_text(r, f, NULL));
    fclose(f);
    return text;
}

static void remind__text_grouped_by_person_in_chinese_and_english(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    /* in Chinese, as a dry run first: what would fire */
    QF_OK_OR_FAIL(qf_set_language("zh"));
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    o.dry_run = true;
    qf_remind_result *r = run_on(db, "2017-09-10", &o);
    char *zh = text_of(r);
    qf_remind_result_free(r);
    QF_OK_OR_FAIL(qf_set_language("en"));
    if (!strstr(zh, "提醒事项（截至2017-09-10；30天内到期、已提醒或已逾期的）") ||
        !strstr(zh, "（试运行：未发送提醒，也未记录）") || !strstr(zh, "张书记（书记）") ||
        !strstr(zh, "还剩5天") || !strstr(zh, "本次将提醒（提前5天）") ||
        !strstr(zh, "第二党小组党小组长：空缺") || !strstr(zh, "本次将发出提醒1条"))
        fail_msg("Chinese:\n%s", zh);
    free(zh);
    /* in English, for real */
    r = run_on(db, "2017-09-10", NULL);
    char *en = text_of(r);
    if (!strstr(en, "Reminders as of 2017-09-10") || !strstr(en, "张书记 (secretary)") ||
        !strstr(en, "刘组长 (party group leader, 第一党小组)") ||
        !strstr(en, "party group leader of 第二党小组: vacant") || !strstr(en, "5 day(s) left") ||
        !strstr(en, "reminded now (5 days before); next reminder 2017-09-13") ||
        !strstr(en, "1 reminder(s) fired now (0 late, 0 not delivered)"))
        fail_msg("English:\n%s", en);
    /* the secretary's group comes first: his half month is the most urgent */
    assert_true(strstr(en, "张书记") < strstr(en, "刘组长"));
    free(en);
    qf_remind_result_free(r);
}


/* ---- procedure deadlines, exemptions ending, re-elections ------------------------------ */

static void remind__procedure_deadlines(void **state)
{
    qf_db *db = *state;
    int64_t org_m = fx_member(db, "李组织", QF_STATUS_FULL, "2000-01-01", T.branch, T.group2);
    qf_position p = {0, org_m, T.branch, "organization", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    int64_t sun = fx_member(db, "孙燕", QF_STATUS_FULL, "2010-01-01", T.branch, T.group2);
    QF_OK_OR_FAIL(qf_procedure_load(
        NULL, NULL, db,
        "{\"code\": \"visit\", \"title\": \"走访\", \"subject\": \"member\", \"steps\": ["
        "{\"code\": \"plan\", \"title\": \"计划\"},"
        "{\"code\": \"report\", \"title\": \"报告\", \"responsible\": \"organization\","
        " \"deadlines\": [{\"within\": \"5wd\", \"kind\": \"interrupt\"}]}]}",
        "visit.json", NULL));
    qf_db_set_today(db, fx_date("2017-09-04"));
    qf_start_options so = QF_START_OPTIONS_INIT;
    so.procedure = "visit";
    so.member_id = sun;
    so.date = fx_date("2017-09-01");
    int64_t c1, c2;
    QF_OK_OR_FAIL(qf_case_start(&c1, db, &so));
    qf_advance_options a = QF_ADVANCE_OPTIONS_INIT;
    a.step = "plan";
    a.date = fx_date("2017-09-04");
    QF_OK_OR_FAIL(qf_case_advance(db, c1, &a));
    qf_remind_result *r = run_on(db, "2017-09-05", NULL);
    char key[80];
    snprintf(key, sizeof key, "procedure/%lld/report#1/2017-09-04", (long long)c1);
    const qf_reminder *x = must_find(r, key);
    assert_string_equal(date_s(x->due), "2017-09-11"); /* five working days after Monday */
    assert_string_equal(x->rule, "visit/report#1");
    assert_string_equal(x->responsible, "organization");
    assert_string_equal(x->holder, "李组织");
    assert_string_equal(x->subject, "孙燕");
    assert_true(x->firing); /* -7d fell before the case was there: it fires now, once */
    qf_remind_result_free(r);
    /* done on the 8th: satisfied */
    a.step = "report";
    a.date = fx_date("2017-09-08");
    qf_db_set_today(db, fx_date("2017-09-08"));
    QF_OK_OR_FAIL(qf_case_advance(db, c1, &a));
    r = run_on(db, "2017-09-08", NULL);
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
    /* a second case, cancelled: its reminder expires */
    so.date = fx_date("2017-09-08");
    QF_OK_OR_FAIL(qf_case_start(&c2, db, &so));
    a.step = "plan";
    QF_OK_OR_FAIL(qf_case_advance(db, c2, &a));
    r = run_on(db, "2017-09-08", NULL);
    snprintf(key, sizeof key, "procedure/%lld/report#1/2017-09-08", (long long)c2);
    assert_string_equal(date_s(must_find(r, key)->due), "2017-09-15");
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_FIRED); /* -7d is today */
    qf_remind_result_free(r);
    QF_OK_OR_FAIL(qf_case_cancel(db, c2, fx_date("2017-09-08"), "不再走访"));
    r = run_on(db, "2017-09-09", NULL);
    assert_int_equal(must_find(r, key)->state, QF_REMINDER_EXPIRED);
    qf_remind_result_free(r);
}

static void remind__exemption_ends_once_even_after_a_gap(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-09-01"));
    pack(db, STANDARD);
    pack(db, "{\"tailorings\": [{\"code\": \"t\", \"org\": \"gy1\", \"title\": \"剪裁\","
             "\"not_applicable\": [{\"target\": \"R/3\", \"reason\": \"本季度无党课\","
             "\"expires\": \"2017-09-30\"}]}]}");
    qf_remind_result *r = run_on(db, "2017-09-05", NULL);
    const qf_reminder *x = must_find(r, "exemption/t/R/3/2017-09-30");
    assert_string_equal(x->leads, "-30d,-7d,0d");
    assert_true(x->firing);
    qf_remind_result_free(r);
    /* nothing ran on the day it ended: the next run says so once, and it is over */
    r = run_on(db, "2017-10-03", NULL);
    x = must_find(r, "exemption/t/R/3/2017-09-30");
    assert_true(x->firing);
    assert_true(x->late);
    assert_int_equal(x->state, QF_REMINDER_EXPIRED);
    qf_remind_result_free(r);
    r = run_on(db, "2017-10-04", NULL);
    x = must_find(r, "exemption/t/R/3/2017-09-30");
    assert_false(x->firing);
    assert_int_equal(x->state, QF_REMINDER_EXPIRED);
    qf_remind_result_free(r);
}

static void remind__re_election_from_the_term_requirement(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2015-01-01"));
    activity(db, T.branch, "election", "2015-01-10 09:00");
    pack(db, "{\"standards\": [{\"code\": \"TM\", \"title\": \"任期\", \"effective\": \"2015-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"委员会每届任期"
             "三年。\", \"responsible\": \"secretary\", \"requirements\": [{\"kind\": \"term\","
             "\"params\": {\"years\": 3}}]}]}]}");
    /* more than 90 days before: the requirement is met, nothing to remind of */
    qf_remind_result *r = run_on(db, "2017-09-05", NULL);
    assert_null(find(r, "check/TM/1#1/org:2/2018-01-10"));
    qf_remind_result_free(r);
    r = run_on(db, "2017-11-01", NULL);
    const qf_reminder *x = must_find(r, "check/TM/1#1/org:2/2018-01-10");
    assert_string_equal(x->leads, "-90d,-30d,-7d");
    assert_string_equal(x->title, "工业标准一部党支部 committee term: 委员会每届任期三年 (TM 1)");
    assert_true(x->firing); /* -90d (12 October) came before the first run */
    qf_remind_result_free(r);
    /* the election is held: satisfied */
    qf_db_set_today(db, fx_date("2017-12-20"));
    activity(db, T.branch, "election", "2017-12-20 09:00");
    r = run_on(db, "2017-12-21", NULL);
    assert_int_equal(must_find(r, "check/TM/1#1/org:2/2018-01-10")->state, QF_REMINDER_SATISFIED);
    qf_remind_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remind__leads_parse_sort_and_refuse),
        cmocka_unit_test_setup_teardown(remind__half_month_window_on_its_last_day, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__satisfied_by_a_late_record, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__running_twice_fires_nothing_twice, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__catch_up_after_a_gap, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__working_day_leads_skip_holidays_and_count_makeup_days, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__ack_and_snooze, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__failed_delivery_fires_again_next_run, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__recording_without_a_deliverer_is_delivering, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(remind__dry_run_writes_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__notice_before_a_scheduled_activity, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__probation_and_transfer, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__requirement_sets_its_own_lead_times, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__procedure_deadlines, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__exemption_ends_once_even_after_a_gap, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__re_election_from_the_term_requirement, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__settings_and_options_errors, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__calendar_file_read_back_by_libical, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(remind__text_grouped_by_person_in_chinese_and_english, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
