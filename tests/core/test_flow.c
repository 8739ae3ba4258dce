/* Cases of a procedure: the transition table, time rules across month ends, leap days and the
 * Spring Festival, version pinning, a tick after a long gap, refusals that change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

typedef struct hooks {
    qf_db *db;
    int64_t member;
    bool refuse_sponsors;
    bool allow_extend;
    bool fail_complete;
    int completes;
    char last_fields[256];
} hooks;

static int hook(void *payload, qf_flow_hook *h)
{
    hooks *x = payload;
    if (h->kind == QF_HOOK_GUARD && strcmp(h->ref, "sponsors.guard") == 0) {
        snprintf(x->last_fields, sizeof x->last_fields, "%s", h->fields);
        if (x->refuse_sponsors) {
            snprintf(h->message, sizeof h->message, "sponsor 李四 is not a full member");
            return QF_EUSER;
        }
    }
    if (h->kind == QF_HOOK_WHEN && strcmp(h->ref, "vote.extend") == 0 && !x->allow_extend) {
        snprintf(h->message, sizeof h->message, "probation may be extended only once");
        return QF_EUSER;
    }
    if (h->kind == QF_HOOK_COMPLETE) {
        x->completes++;
        if (x->fail_complete)
            return qf_error_set(QF_EINVALID, "on_complete: the member record is locked");
        /* writes inside the advance's savepoint */
        return qf_member_set_status(x->db, x->member, QF_STATUS_PROBATIONARY, h->date, "vote");
    }
    return QF_OK;
}

typedef struct world {
    qf_db *db;
    fx_tree tree;
    int64_t member, sponsor1, sponsor2;
    hooks hooks;
} world;

static char *read_data(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", QF_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    void *db = NULL;
    if (!w || fx_setup_memory(&db))
        return -1;
    w->db = db;
    fx_make_tree(w->db, &w->tree);
    w->member =
        fx_member(w->db, "张三", QF_STATUS_APPLICANT, "2014-01-02", w->tree.branch, 0);
    w->sponsor1 = fx_member(w->db, "李四", QF_STATUS_FULL, "2000-07-01", w->tree.branch, 0);
    w->sponsor2 = fx_member(w->db, "王五", QF_STATUS_FULL, "2001-07-01", w->tree.branch, 0);
    w->hooks = (hooks){.db = w->db, .member = w->member};
    char *json = read_data("flow_probation.json");
    int rc = qf_procedure_load(NULL, NULL, w->db, json, "probation.json", NULL);
    free(json);
    if (rc) {
        fprintf(stderr, "load: %s\n", qf_error_last());
        return -1;
    }
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    void *db = w->db;
    fx_teardown(&db);
    free(w);
    return 0;
}

static int64_t start(world *w, const char *date)
{
    qf_start_options s = QF_START_OPTIONS_INIT;
    s.procedure = "probation";
    s.member_id = w->member;
    s.date = fx_date(date);
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_case_start(&id, w->db, &s));
    return id;
}

static int64_t artifact(world *w, const char *type)
{
    qf_artifact a = {0};
    a.member_id = w->member;
    a.type = type;
    a.title = type;
    a.issued_at = QF_DATETIME_NONE;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, w->db, &a, "x", 1));
    return id;
}

static int advance(world *w, int64_t id, const char *step, const char *date, const char *fields,
                   const int64_t *arts, size_t n, const char *to)
{
    qf_advance_options a = QF_ADVANCE_OPTIONS_INIT;
    a.step = step;
    a.to = to;
    a.date = date ? fx_date(date) : QF_DATE_NONE;
    a.fields = fields;
    a.artifacts = arts;
    a.n_artifacts = n;
    a.hook = hook;
    a.payload = &w->hooks;
    return qf_case_advance(w->db, id, &a);
}

static const char *current_step(world *w, int64_t id, char buf[64], qf_case_state *state)
{
    qf_case *c = NULL;
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, id));
    snprintf(buf, 64, "%s", c->step ? c->step : "(ended)");
    if (state)
        *state = c->state;
    qf_case_free(c);
    return buf;
}

static qf_date deadline_due(world *w, int64_t id, const char *step, int rule)
{
    qf_deadline_iter *it = NULL;
    QF_OK_OR_FAIL(qf_case_deadlines(&it, w->db, id));
    const qf_deadline *d;
    qf_date due = QF_DATE_NONE;
    while (qf_deadline_next(&d, it) == QF_OK)
        if (strcmp(d->step, step) == 0 && d->rule == rule)
            due = d->due;
    qf_deadline_iter_free(it);
    return due;
}

static void sponsors_fields(world *w, char *buf, size_t size)
{
    snprintf(buf, size, "{\"sponsors\": [%lld, %lld]}", (long long)w->sponsor1,
             (long long)w->sponsor2);
}

/* Walks the case to step `upto` with valid data (today must allow the dates). */
static int64_t walk_to_vote(world *w)
{
    int64_t id = start(w, "2016-01-04");
    int64_t app = artifact(w, "application"), talk = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2016-01-04", NULL, &app, 1, NULL));
    QF_OK_OR_FAIL(advance(w, id, "talk", "2016-01-20", NULL, &talk, 1, NULL));
    QF_OK_OR_FAIL(
        advance(w, id, "notice", "2016-01-29", "{\"posted\": \"2016-01-22\"}", NULL, 0, NULL));
    char f[128];
    sponsors_fields(w, f, sizeof f);
    QF_OK_OR_FAIL(advance(w, id, "sponsors", "2016-02-01", f, NULL, 0, NULL));
    return id;
}

static void flow__transition_table(void **state)
{
    world *w = *state;
    char buf[64];
    int64_t id = walk_to_vote(w);
    assert_string_equal(current_step(w, id, buf, NULL), "vote");
    /* the vote leads to two steps: the choice must be made */
    QF_FAILS_WITH(QF_EINVALID,
                  "step vote leads to several steps; choose one of full (转为正式党员), "
                  "extend (延长预备期)",
                  advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, NULL));
    QF_OK_OR_FAIL(advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "full"));
    assert_int_equal(w->hooks.completes, 1);
    qf_member_status st;
    QF_OK_OR_FAIL(qf_member_status_on(&st, w->db, w->member, fx_date("2016-02-29")));
    assert_int_equal(st, QF_STATUS_PROBATIONARY); /* on_complete wrote it */
    assert_string_equal(current_step(w, id, buf, NULL), "full");
    QF_OK_OR_FAIL(advance(w, id, "full", "2017-03-01", NULL, NULL, 0, NULL));
    qf_case_state s;
    assert_string_equal(current_step(w, id, buf, &s), "(ended)");
    assert_int_equal(s, QF_CASE_COMPLETED);
    /* the history, oldest first */
    qf_case_history *h = NULL;
    QF_OK_OR_FAIL(qf_case_history_list(&h, w->db, id));
    const qf_case_event *e;
    const char *expect[][3] = {{"start", NULL, "apply"},         {"complete", "apply", "talk"},
                               {"complete", "talk", "notice"},   {"complete", "notice", "sponsors"},
                               {"complete", "sponsors", "vote"}, {"complete", "vote", "full"},
                               {"complete", "full", NULL}};
    for (size_t i = 0; i < 7; i++) {
        QF_OK_OR_FAIL(qf_case_history_next(&e, h));
        assert_string_equal(e->action, expect[i][0]);
        if (expect[i][1])
            assert_string_equal(e->step, expect[i][1]);
        else
            assert_null(e->step);
        if (expect[i][2])
            assert_string_equal(e->to, expect[i][2]);
        else
            assert_null(e->to);
        assert_string_equal(e->actor, "tester");
        assert_int_equal(e->n_artifacts, i == 1 || i == 2 ? 1 : 0);
    }
    assert_int_equal(qf_case_history_next(&e, h), QF_ITEROVER);
    qf_case_history_free(h);
    /* a completed case takes no more steps */
    QF_FAILS_WITH(QF_EINVALID, "is completed: it has no step to complete",
                  advance(w, id, "full", NULL, NULL, NULL, 0, NULL));
}

static void flow__extension_loops_back_once(void **state)
{
    world *w = *state;
    char buf[64];
    int64_t id = walk_to_vote(w);
    QF_FAILS_WITH(QF_EUSER,
                  "the case cannot go from step vote to extend: probation may be "
                  "extended only once",
                  advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "extend"));
    w->hooks.allow_extend = true;
    QF_FAILS_WITH(QF_EINVALID,
                  "illegal transition: from step vote the case can go on to full "
                  "(转为正式党员), extend (延长预备期), not to apply",
                  advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "apply"));
    QF_OK_OR_FAIL(advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "extend"));
    QF_OK_OR_FAIL(
        advance(w, id, "extend", "2017-02-28", "{\"until\": \"2018-06-30\"}", NULL, 0, NULL));
    assert_string_equal(current_step(w, id, buf, NULL), "vote");
    QF_OK_OR_FAIL(advance(w, id, "vote", "2017-03-01", NULL, NULL, 0, "full"));
    /* the latest of the rules counts: the end of the extension, after a year from the vote */
    qf_db_set_today(w->db, fx_date("2018-07-01"));
    QF_FAILS_WITH(QF_EINVALID,
                  "step full cannot be completed on 2018-06-29: not before 2018-06-30 "
                  "(0d after extend.until on 2018-06-30)",
                  advance(w, id, "full", "2018-06-29", NULL, NULL, 0, NULL));
    QF_OK_OR_FAIL(advance(w, id, "full", "2018-06-30", NULL, NULL, 0, NULL));
}

/* 1 month after 01-31 is 02-28; 1 year after the leap day 2016-02-29 is 2017-02-28. */
static void flow__month_ends_and_leap_days(void **state)
{
    world *w = *state;
    int64_t id = start(w, "2017-01-31");
    int64_t app = artifact(w, "application");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2017-01-31", NULL, &app, 1, NULL));
    assert_int_equal(deadline_due(w, id, "talk", 1), fx_date("2017-02-28"));
    qf_case_cancel(w->db, id, fx_date("2017-02-01"), "test");

    id = walk_to_vote(w);
    QF_OK_OR_FAIL(advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "full"));
    assert_int_equal(deadline_due(w, id, "full", 1), fx_date("2017-02-28"));
    QF_FAILS_WITH(QF_EINVALID,
                  "case 2 (probation): step full cannot be completed on 2017-02-27: "
                  "not before 2017-02-28 (1y after vote on 2016-02-29)",
                  advance(w, id, "full", "2017-02-27", NULL, NULL, 0, NULL));
    QF_OK_OR_FAIL(advance(w, id, "full", "2017-02-28", NULL, NULL, 0, NULL));
}

/* The public notice lasts 5 working days counted on the 2017 calendar. */
static void flow__working_days_over_the_spring_festival(void **state)
{
    world *w = *state;
    QF_OK_OR_FAIL(
        qf_calendar_import_file(NULL, w->db, QUFA_TEST_DIR "/../../scripts/calendars/cn-2017.txt"));
    int64_t id = start(w, "2017-01-03");
    int64_t app = artifact(w, "application"), talk = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2017-01-03", NULL, &app, 1, NULL));
    QF_OK_OR_FAIL(advance(w, id, "talk", "2017-01-10", NULL, &talk, 1, NULL));
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, before));
    /* posted Thursday 01-26: weekends alone would allow 02-02; the holiday moves it to 02-08 */
    QF_FAILS_WITH(
        QF_EINVALID,
        "step notice cannot be completed on 2017-02-07: not before "
        "2017-02-08 (5wd after notice.posted on 2017-01-26)",
        advance(w, id, "notice", "2017-02-07", "{\"posted\": \"2017-01-26\"}", NULL, 0, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, after));
    assert_string_equal(before, after);
    QF_OK_OR_FAIL(
        advance(w, id, "notice", "2017-02-08", "{\"posted\": \"2017-01-26\"}", NULL, 0, NULL));
    /* the rule on the step's own field is kept, met on the day */
    assert_int_equal(deadline_due(w, id, "notice", 1), fx_date("2017-02-08"));
    /* sponsors within 10 working days of 02-08: 02-09 … 02-22 */
    assert_int_equal(deadline_due(w, id, "sponsors", 1), fx_date("2017-02-22"));
}

/* A calendar imported later moves the dates of pending working-day rules. */
static void flow__calendar_import_moves_pending_rules(void **state)
{
    world *w = *state;
    int64_t id = start(w, "2017-01-03");
    int64_t app = artifact(w, "application"), talk = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2017-01-03", NULL, &app, 1, NULL));
    QF_OK_OR_FAIL(advance(w, id, "talk", "2017-01-10", NULL, &talk, 1, NULL));
    QF_OK_OR_FAIL(
        advance(w, id, "notice", "2017-01-25", "{\"posted\": \"2017-01-16\"}", NULL, 0, NULL));
    /* weekends only: 10 working days after Wed 01-25 is Wed 02-08 */
    assert_int_equal(deadline_due(w, id, "sponsors", 1), fx_date("2017-02-08"));
    qf_calendar_report r;
    QF_OK_OR_FAIL(
        qf_calendar_import_file(&r, w->db, QUFA_TEST_DIR "/../../scripts/calendars/cn-2017.txt"));
    assert_int_equal(r.deadlines, 1);
    /* 01-26 (1), holiday, 02-03 (2), 02-04 worked (3), 02-06..02-10 (4-8), 02-13 (9), 02-14 */
    assert_int_equal(deadline_due(w, id, "sponsors", 1), fx_date("2017-02-14"));
}

static void flow__refusals_name_what_is_missing_and_change_nothing(void **state)
{
    world *w = *state;
    int64_t id = start(w, "2016-01-04");
    int64_t app = artifact(w, "application"), notice = artifact(w, "notice");
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, before));
    QF_FAILS_WITH(QF_EINVALID,
                  "case 1 (probation): illegal move: the case is at step apply "
                  "(递交入党申请书); step vote (支部大会讨论) cannot be completed now",
                  advance(w, id, "vote", NULL, NULL, NULL, 0, NULL));
    QF_FAILS_WITH(QF_EINVALID, "procedure probation has no step 'vot'",
                  advance(w, id, "vot", NULL, NULL, NULL, 0, NULL));
    QF_FAILS_WITH(QF_EINVALID,
                  "step apply (递交入党申请书) cannot be completed: missing evidence "
                  "of type application (application)",
                  advance(w, id, "apply", "2016-01-04", NULL, &notice, 1, NULL));
    QF_FAILS_WITH(QF_EINVALID, "date 2017-09-06 is after today (2017-09-05)",
                  advance(w, id, "apply", "2017-09-06", NULL, &app, 1, NULL));
    QF_FAILS_WITH(QF_EINVALID, "date 2016-01-03 is before the step was entered (2016-01-04)",
                  advance(w, id, "apply", "2016-01-03", NULL, &app, 1, NULL));
    QF_FAILS_WITH(
        QF_EINVALID, "step apply: there is no field 'posted' (fields: -)",
        advance(w, id, "apply", "2016-01-04", "{\"posted\": \"2016-01-04\"}", &app, 1, NULL));
    QF_FAILS_WITH(QF_EINVALID, "artifact 999 does not exist",
                  advance(w, id, "apply", "2016-01-04", NULL, (int64_t[]){999}, 1, NULL));
    QF_FAILS_WITH(QF_EINVALID,
                  "illegal transition: from step apply the case can go on to talk "
                  "(党组织派人谈话), not to zzz",
                  advance(w, id, "apply", "2016-01-04", NULL, &app, 1, "zzz"));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, after));
    assert_string_equal(before, after);

    /* further along: fields, guards, on_complete failures */
    int64_t talk = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2016-01-04", NULL, &app, 1, NULL));
    QF_OK_OR_FAIL(advance(w, id, "talk", "2016-01-20", NULL, &talk, 1, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, before));
    QF_FAILS_WITH(QF_EINVALID,
                  "step notice: field posted is required (date: the day the notice "
                  "was posted)",
                  advance(w, id, "notice", "2016-01-29", NULL, NULL, 0, NULL));
    QF_FAILS_WITH(
        QF_EINVALID, "step notice: field posted: must be a date YYYY-MM-DD",
        advance(w, id, "notice", "2016-01-29", "{\"posted\": \"friday\"}", NULL, 0, NULL));
    QF_OK_OR_FAIL(
        advance(w, id, "notice", "2016-01-29", "{\"posted\": \"2016-01-22\"}", NULL, 0, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, before));
    char f[128];
    snprintf(f, sizeof f, "{\"sponsors\": [%lld]}", (long long)w->sponsor1);
    QF_FAILS_WITH(QF_EINVALID,
                  "step sponsors: field sponsors: 1 member(s) given, at least 2 needed",
                  advance(w, id, "sponsors", "2016-02-01", f, NULL, 0, NULL));
    snprintf(f, sizeof f, "{\"sponsors\": [%lld, %lld]}", (long long)w->sponsor1,
             (long long)w->sponsor1);
    QF_FAILS_WITH(QF_EINVALID, "is named twice",
                  advance(w, id, "sponsors", "2016-02-01", f, NULL, 0, NULL));
    QF_FAILS_WITH(
        QF_EINVALID, "field sponsors: member 4242 does not exist",
        advance(w, id, "sponsors", "2016-02-01", "{\"sponsors\": [1, 4242]}", NULL, 0, NULL));
    sponsors_fields(w, f, sizeof f);
    w->hooks.refuse_sponsors = true;
    QF_FAILS_WITH(QF_EUSER,
                  "case 1 (probation): step sponsors (确定入党介绍人) cannot be "
                  "completed: sponsor 李四 is not a full member",
                  advance(w, id, "sponsors", "2016-02-01", f, NULL, 0, NULL));
    assert_non_null(strstr(w->hooks.last_fields, "\"sponsors\":["));
    w->hooks.refuse_sponsors = false;
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, after));
    assert_string_equal(before, after);
    QF_OK_OR_FAIL(advance(w, id, "sponsors", "2016-02-01", f, NULL, 0, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, before));
    /* an error in on_complete rolls back the whole advance, its own writes included */
    w->hooks.fail_complete = true;
    QF_FAILS_WITH(QF_EINVALID, "on_complete: the member record is locked",
                  advance(w, id, "vote", "2016-02-29", NULL, NULL, 0, "full"));
    QF_OK_OR_FAIL(qf_db_content_hash(w->db, after));
    assert_string_equal(before, after);
    /* without the Lua functions a definition that has them cannot be advanced */
    qf_advance_options a = QF_ADVANCE_OPTIONS_INIT;
    a.step = "vote";
    a.to = "full";
    QF_FAILS_WITH(QF_EINVALID, "procedure probation has Lua functions",
                  qf_case_advance(w->db, id, &a));
}

/* A case keeps the revision and parameters it started with. */
static void flow__version_pinning(void **state)
{
    world *w = *state;
    int64_t old = start(w, "2017-08-01");
    char *json = read_data("flow_probation.json");
    char *p = strstr(json, "\"default\": \"1m\"");
    memcpy(p, "\"default\": \"2m\"", 15);
    int rev;
    qf_load_outcome o;
    QF_OK_OR_FAIL(qf_procedure_load(&rev, &o, w->db, json, "probation.json", NULL));
    assert_int_equal(rev, 2);
    free(json);
    /* another member: one open case per member and procedure */
    int64_t other = fx_member(w->db, "赵六", QF_STATUS_APPLICANT, "2017-01-02", w->tree.branch, 0);
    qf_start_options s = QF_START_OPTIONS_INIT;
    s.procedure = "probation";
    s.member_id = w->member;
    QF_FAILS_WITH(QF_EEXISTS, "there is already an open probation case for this member: case 1",
                  qf_case_start(NULL, w->db, &s));
    s.member_id = other;
    s.date = fx_date("2017-08-01");
    int64_t fresh = 0;
    QF_OK_OR_FAIL(qf_case_start(&fresh, w->db, &s));
    qf_case *c = NULL;
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, old));
    assert_int_equal(c->rev, 1);
    assert_non_null(strstr(c->params, "\"talk_within\":\"1m\""));
    assert_int_equal(c->org_id, w->tree.branch);
    qf_case_free(c);
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, fresh));
    assert_int_equal(c->rev, 2);
    assert_non_null(strstr(c->params, "\"talk_within\":\"2m\""));
    qf_case_free(c);
    int64_t a1 = artifact(w, "application");
    QF_OK_OR_FAIL(advance(w, old, "apply", "2017-08-01", NULL, &a1, 1, NULL));
    QF_OK_OR_FAIL(advance(w, fresh, "apply", "2017-08-01", NULL, &a1, 1, NULL));
    assert_int_equal(deadline_due(w, old, "talk", 1), fx_date("2017-09-01"));
    assert_int_equal(deadline_due(w, fresh, "talk", 1), fx_date("2017-10-01"));
}

static int collect(void *payload, const qf_deadline *d)
{
    char *out = payload;
    char due[11];
    qf_date_format(d->due, due);
    size_t n = strlen(out);
    snprintf(out + n, 1024 - n, "%lld:%s:%s:%s:%d;", (long long)d->case_id, d->step, due,
             qf_due_state_name(d->state), d->days_left);
    return 0;
}

/* A case started long ago is judged from its stored dates: nothing had to run meanwhile. */
static void flow__tick_after_a_long_gap(void **state)
{
    world *w = *state;
    int64_t id = start(w, "2015-03-02");
    int64_t app = artifact(w, "application");
    QF_OK_OR_FAIL(advance(w, id, "apply", "2015-03-02", NULL, &app, 1, NULL));
    char out[1024] = "";
    QF_OK_OR_FAIL(qf_flow_tick(w->db, fx_date("2015-03-10"), NULL, collect, out));
    assert_string_equal(out, "1:talk:2015-04-02:pending:23;");
    out[0] = '\0';
    QF_OK_OR_FAIL(qf_flow_tick(w->db, fx_date("2015-01-10"), NULL, collect, out));
    assert_string_equal(out, ""); /* 82 days ahead: outside the 30-day horizon */
    out[0] = '\0';
    QF_OK_OR_FAIL(qf_flow_tick(w->db, fx_date("2017-09-05"), NULL, collect, out));
    assert_string_equal(out, "1:talk:2015-04-02:escalated:-887;");
    qf_case *c = NULL;
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, id));
    assert_int_equal(c->state, QF_CASE_OVERDUE);
    qf_case_free(c);
    qf_db_set_today(w->db, fx_date("2015-03-10"));
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, id));
    assert_int_equal(c->state, QF_CASE_ACTIVE);
    qf_case_free(c);
    qf_db_set_today(w->db, fx_date("2017-09-05"));
    /* completing it late clears the state and records that it was late */
    int64_t talk = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, id, "talk", "2015-05-04", NULL, &talk, 1, NULL));
    QF_OK_OR_FAIL(qf_case_get(&c, w->db, id));
    assert_int_equal(c->state, QF_CASE_ACTIVE);
    qf_case_free(c);
    qf_case_history *h = NULL;
    QF_OK_OR_FAIL(qf_case_history_list(&h, w->db, id));
    const qf_case_event *e = NULL;
    while (qf_case_history_next(&e, h) == QF_OK && e->seq < 3)
        ;
    assert_string_equal(e->step, "talk");
    assert_true(e->late);
    qf_case_history_free(h);
    out[0] = '\0';
    qf_deadline_iter *it = NULL;
    QF_OK_OR_FAIL(qf_case_deadlines(&it, w->db, id));
    const qf_deadline *d;
    QF_OK_OR_FAIL(qf_deadline_next(&d, it));
    assert_int_equal(d->state, QF_DUE_MISSED);
    assert_int_equal(d->met, fx_date("2015-05-04"));
    assert_string_equal(d->label, "谈话应在收到申请一个月内");
    qf_deadline_iter_free(it);
    /* filters */
    qf_tick_options o = QF_TICK_OPTIONS_INIT;
    o.procedure = "other";
    out[0] = '\0';
    QF_OK_OR_FAIL(qf_flow_tick(w->db, fx_date("2017-09-05"), &o, collect, out));
    assert_string_equal(out, "");
    o.within_days = -1;
    QF_FAILS_WITH(QF_EINVALID, "tick: within must be 0 to 3660 days",
                  qf_flow_tick(w->db, fx_date("2017-09-05"), &o, collect, out));
}

static void flow__start_checks_the_subject(void **state)
{
    world *w = *state;
    qf_start_options s = QF_START_OPTIONS_INIT;
    s.procedure = "probation";
    QF_FAILS_WITH(QF_EINVALID, "procedure probation is about a member: give the member",
                  qf_case_start(NULL, w->db, &s));
    s.procedure = "nope";
    QF_FAILS_WITH(QF_ENOTFOUND, "there is no procedure nope", qf_case_start(NULL, w->db, &s));
    s.procedure = "probation";
    s.member_id = w->member;
    s.date = fx_date("2013-01-01");
    QF_FAILS_WITH(QF_EINVALID, "member 张三 belongs to no branch on 2013-01-01",
                  qf_case_start(NULL, w->db, &s));
    s.date = fx_date("2018-01-01");
    QF_FAILS_WITH(QF_EINVALID, "start date: 2018-01-01 is after today",
                  qf_case_start(NULL, w->db, &s));
    s.date = QF_DATE_NONE;
    s.params = "{\"talk_within\": \"soon\"}";
    QF_FAILS_WITH(QF_EINVALID, "procedure probation: parameter talk_within: must be a duration",
                  qf_case_start(NULL, w->db, &s));
    s.params = NULL;
    s.fields = "{\"x\": 1}";
    QF_FAILS_WITH(QF_EINVALID, "procedure probation: start: there is no field 'x'",
                  qf_case_start(NULL, w->db, &s));
    s.fields = NULL;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_case_start(&id, w->db, &s));
    QF_OK_OR_FAIL(qf_case_cancel(w->db, id, QF_DATE_NONE, "withdrawn"));
    QF_FAILS_WITH(QF_EINVALID, "is already cancelled",
                  qf_case_cancel(w->db, id, QF_DATE_NONE, NULL));
    /* listing by state */
    qf_case_filter f = QF_CASE_FILTER_INIT;
    f.state = QF_CASE_CANCELLED;
    f.org_id = w->tree.committee;
    qf_case_iter *it = NULL;
    QF_OK_OR_FAIL(qf_case_list(&it, w->db, &f));
    const qf_case *c;
    QF_OK_OR_FAIL(qf_case_next(&c, it));
    assert_int_equal(c->id, id);
    assert_null(c->step);
    assert_int_equal(qf_case_next(&c, it), QF_ITEROVER);
    qf_case_iter_free(it);
    f.state = QF_CASE_ACTIVE;
    QF_OK_OR_FAIL(qf_case_list(&it, w->db, &f));
    assert_int_equal(qf_case_next(&c, it), QF_ITEROVER);
    qf_case_iter_free(it);
}

static const char DEADLINE_PACK[] =
    "{\"standards\": [{\"code\": \"FLOW-1\", \"title\": \"发展党员时限\", \"effective\": "
    "\"2014-01-01\", \"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": "
    "\"发展党员各环节应在规定时限内完成。\", \"requirements\": [{\"kind\": \"deadline\", "
    "\"params\": {\"procedure\": \"probation\"}}]}]}]}";

static const qf_finding *find(const qf_check_result *r, const char *needle)
{
    for (size_t i = 0; i < qf_check_count(r); i++)
        if (strstr(qf_check_finding(r, i)->message, needle))
            return qf_check_finding(r, i);
    for (size_t i = 0; i < qf_check_count(r); i++)
        fprintf(stderr, "  %s: %s\n", qf_finding_status_name(qf_check_finding(r, i)->status),
                qf_check_finding(r, i)->message);
    fail_msg("no finding mentions '%s'", needle);
    return NULL;
}

/* `qufa check` reports procedure steps done late, overdue, and still running. */
static void flow__deadline_requirement_in_the_check(void **state)
{
    world *w = *state;
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, w->db, DEADLINE_PACK, "flow.json", NULL));
    qf_load_report_free(rep);
    int64_t m2 = fx_member(w->db, "赵六", QF_STATUS_APPLICANT, "2016-01-02", w->tree.branch, 0);
    int64_t m3 = fx_member(w->db, "钱七", QF_STATUS_APPLICANT, "2016-01-02", w->tree.branch, 0);
    int64_t app = artifact(w, "application"), talk = artifact(w, "talk_record");
    /* 张三: talked 2017-03-10, due 2017-03-01 (late); then sponsors pending, due 02-... */
    int64_t a = start(w, "2017-01-26");
    QF_OK_OR_FAIL(advance(w, a, "apply", "2017-02-01", NULL, &app, 1, NULL));
    QF_OK_OR_FAIL(advance(w, a, "talk", "2017-03-10", NULL, &talk, 1, NULL));
    /* 赵六: talk overdue since 2017-07-03 */
    qf_start_options s = QF_START_OPTIONS_INIT;
    s.procedure = "probation";
    s.member_id = m2;
    s.date = fx_date("2017-06-01");
    int64_t b = 0;
    QF_OK_OR_FAIL(qf_case_start(&b, w->db, &s));
    QF_OK_OR_FAIL(advance(w, b, "apply", "2017-06-03", NULL, &app, 1, NULL));
    /* 钱七: talk due 2017-09-20, still open */
    s.member_id = m3;
    s.date = fx_date("2017-08-20");
    int64_t c = 0;
    QF_OK_OR_FAIL(qf_case_start(&c, w->db, &s));
    QF_OK_OR_FAIL(advance(w, c, "apply", "2017-08-20", NULL, &app, 1, NULL));
    /* 张三 goes on: notice, then sponsors within 10 working days (only a warning), late */
    QF_OK_OR_FAIL(
        advance(w, a, "notice", "2017-03-20", "{\"posted\": \"2017-03-10\"}", NULL, 0, NULL));
    char f[128];
    sponsors_fields(w, f, sizeof f);
    QF_OK_OR_FAIL(advance(w, a, "sponsors", "2017-04-28", f, NULL, 0, NULL));

    qf_check_options o;
    qf_check_options_init(&o, w->db);
    o.org_id = w->tree.branch;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, w->db, &o));
    const qf_finding *x =
        find(r, "completed on 2017-03-10, 9 day(s) after its deadline 2017-03-01");
    assert_int_equal(x->status, QF_FINDING_FAIL);
    assert_string_equal(x->kind, "deadline");
    assert_string_equal(x->subject_type, "member");
    assert_int_equal(x->subject_id, w->member);
    assert_non_null(strstr(x->message, "张三: 发展党员（测试用） case 1, step 党组织派人谈话"));
    assert_non_null(strstr(x->message, "谈话应在收到申请一个月内"));
    x = find(r, "completed on 2017-04-28, 25 day(s) after its deadline 2017-04-03 (within 10wd "
                "of entering the step)");
    assert_int_equal(x->status, QF_FINDING_WARN);
    x = find(r, "not completed; due by 2017-07-03");
    assert_int_equal(x->status, QF_FINDING_FAIL);
    assert_non_null(strstr(x->message, "64 day(s) overdue"));
    x = find(r, "15 day(s) left until 2017-09-20");
    assert_int_equal(x->status, QF_FINDING_OPEN);
    assert_int_equal(x->due, fx_date("2017-09-20"));
    assert_int_equal(x->days_left, 15);
    const char *fp1 = qf_check_fingerprint(r);
    char saved[65];
    snprintf(saved, sizeof saved, "%s", fp1);
    qf_check_result_free(r);
    /* the cases are part of the inputs' fingerprint */
    int64_t talk2 = artifact(w, "talk_record");
    QF_OK_OR_FAIL(advance(w, c, "talk", "2017-09-01", NULL, &talk2, 1, NULL));
    QF_OK_OR_FAIL(qf_check_run(&r, w->db, &o));
    assert_string_not_equal(saved, qf_check_fingerprint(r));
    x = find(r, "completed on 2017-09-01, due by 2017-09-20");
    assert_int_equal(x->status, QF_FINDING_PASS);
    qf_check_result_free(r);
    /* an earlier year sees only what fell due in it */
    o.period = qf_period_containing(QF_PERIOD_YEAR, fx_date("2016-06-01"));
    QF_OK_OR_FAIL(qf_check_run(&r, w->db, &o));
    for (size_t i = 0; i < qf_check_count(r); i++)
        assert_string_not_equal(qf_check_finding(r, i)->kind, "deadline");
    qf_check_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(flow__transition_table, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__extension_loops_back_once, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__month_ends_and_leap_days, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__working_days_over_the_spring_festival, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(flow__calendar_import_moves_pending_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__refusals_name_what_is_missing_and_change_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(flow__version_pinning, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__tick_after_a_long_gap, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__start_checks_the_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(flow__deadline_requirement_in_the_check, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
