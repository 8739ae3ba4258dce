/* Incremental re-checks (qf_check_options.since): after each kind of change, a check that
 * reuses a saved assessment gives the findings, summary and fingerprint of a full check, and
 * judges again exactly the branches the change touched (docs/check-output.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "fixture.h"

#define BRANCHES 5

/* A lecture a month (two clauses, one cause), a group meeting per group and month, at least 3
 * members, a secretary, and 2 class hours a year for every member (counted wherever earned). */
static const char PACK[] =
    "{\"standards\": [{\"code\": \"S1\", \"title\": \"s\", \"effective\": \"2017-01-01\","
    "\"clauses\": ["
    "{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"month\"}}]},"
    "{\"number\": \"2\", \"type\": \"recommendation\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"lecture\", \"per\": \"month\"}}]},"
    "{\"number\": \"3\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"cadence\", \"params\": {\"activity\": \"group_meeting\", \"per\": \"month\", \"each\": "
    "\"group\"}}]},"
    "{\"number\": \"4\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"members\", \"params\": {\"min\": 3}}]},"
    "{\"number\": \"5\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"position\", \"params\": {\"post\": \"secretary\"}}]},"
    "{\"number\": \"6\", \"type\": \"requirement\", \"text\": \"t\", \"requirements\": [{\"kind\": "
    "\"hours\", \"params\": {\"min\": 2}}]}]}]}";

typedef struct world {
    int64_t committee;
    int64_t branch[BRANCHES + 1], group[BRANCHES + 1];
    int64_t member[BRANCHES + 1]; /* the first member of each branch */
    int64_t lecture[BRANCHES + 1]; /* the branch's March lecture */
} world;

static world W;

static int64_t activity(qf_db *db, int64_t org, const char *kind, const char *starts,
                        const char *attrs, int64_t attendee)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = kind;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    a.attrs = attrs;
    qf_attendance at = {0, attendee, QF_ATTEND_PRESENT, NULL};
    qf_activity_parts parts;
    memset(&parts, 0, sizeof parts);
    parts.attendance = &at;
    parts.n_attendance = attendee ? 1 : 0;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &parts));
    return id;
}

static int64_t org(qf_db *db, int64_t parent, qf_org_kind kind, const char *code)
{
    qf_org o = {0, parent, kind, code, code, NULL};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_org_create(&id, db, &o));
    return id;
}

static void build(qf_db *db)
{
    memset(&W, 0, sizeof W);
    W.committee = org(db, 0, QF_ORG_COMMITTEE, "jg");
    for (int i = 1; i <= BRANCHES; i++) {
        char code[16], g[16];
        snprintf(code, sizeof code, "b%d", i);
        snprintf(g, sizeof g, "b%dg1", i);
        W.branch[i] = org(db, W.committee, QF_ORG_BRANCH, code);
        W.group[i] = org(db, W.branch[i], QF_ORG_GROUP, g);
        for (int m = 0; m <= i; m++) {
            char name[32];
            snprintf(name, sizeof name, "党员%d-%d", i, m);
            int64_t id = fx_member(db, name, QF_STATUS_FULL, "2016-01-01", W.branch[i], W.group[i]);
            if (!W.member[i])
                W.member[i] = id;
        }
        if (i % 2) {
            qf_position p = {0, W.member[i], W.branch[i], "secretary", fx_date("2016-01-01"),
                             QF_DATE_NONE, NULL};
            QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
        }
        for (int month = 1; month <= 6; month++) {
            char day[32];
            snprintf(day, sizeof day, "2017-%02d-1%d 09:00", month, i);
            if (month == 3)
                W.lecture[i] = activity(db, W.branch[i], "lecture", day,
                                        "{\"class_hours\": 1}", W.member[i]);
            else if ((month + i) % 3)
                activity(db, W.branch[i], "lecture", day, NULL, 0);
            if (month % 2)
                activity(db, W.group[i], "group_meeting", day, NULL, 0);
        }
    }
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, PACK, "incremental.json", NULL));
    qf_load_report_free(rep);
}

static int setup(void **state)
{
    int rc = fx_setup_memory(state);
    if (rc == 0)
        build(*state);
    return rc;
}

static void options(qf_check_options *o, qf_db *db, int64_t since)
{
    QF_OK_OR_FAIL(qf_check_options_init(o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o->period, "2017-01..2017-06"));
    o->since = since;
}

static int count_branch(void *payload, const qf_check_result *branch)
{
    *(size_t *)payload += qf_check_count(branch);
    return 0;
}

/* save() saves as the check streams (qf_check_options.save), not from a whole result */
static bool streamed_save;

/* A full check saved as an assessment. */
static int64_t save(qf_db *db)
{
    qf_check_options o;
    options(&o, db, 0);
    if (streamed_save) {
        o.save = true;
        qf_check_totals t;
        size_t handed = 0;
        QF_OK_OR_FAIL(qf_check_each(db, &o, count_branch, &handed, &t));
        assert_true(t.assessment > 0);
        assert_int_equal(t.findings, handed);
        return t.assessment;
    }
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_assessment_save(&id, db, r, NULL));
    qf_check_result_free(r);
    return id;
}

static int nullcmp(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) : (a != b);
}

static size_t streamed_rejudged;

static int stop_after_one(void *payload, const qf_check_result *branch)
{
    (void)branch;
    ++*(size_t *)payload;
    return 1;
}

/* Checks with `since` and without: the same findings one by one, the same summary and
 * fingerprint, whole and streamed. Returns the branches judged again. */
static size_t same_as_full(qf_db *db, int64_t since)
{
    qf_check_options o;
    options(&o, db, 0);
    qf_check_result *full = NULL, *inc = NULL;
    QF_OK_OR_FAIL(qf_check_run(&full, db, &o));
    o.since = since;
    QF_OK_OR_FAIL(qf_check_run(&inc, db, &o));
    assert_true(qf_check_count(full) > 0);
    assert_int_equal(qf_check_count(inc), qf_check_count(full));
    for (size_t i = 0; i < qf_check_count(full); i++) {
        const qf_finding *a = qf_check_finding(full, i), *b = qf_check_finding(inc, i);
        assert_string_equal(b->key, a->key);
        assert_int_equal(b->status, a->status);
        assert_string_equal(b->message, a->message);
        assert_string_equal(b->subject, a->subject);
        assert_string_equal(b->org, a->org);
        assert_int_equal(b->org_id, a->org_id);
        assert_int_equal(nullcmp(b->cause, a->cause), 0);
        assert_int_equal(nullcmp(b->same_as, a->same_as), 0);
        assert_int_equal(b->due, a->due);
        assert_int_equal(b->days_left, a->days_left);
        assert_int_equal(b->n_activities, a->n_activities);
        assert_int_equal(b->waiver_id, a->waiver_id);
    }
    assert_string_equal(qf_check_fingerprint(inc), qf_check_fingerprint(full));
    qf_check_summary sa, sb;
    qf_check_summarize(full, &sa);
    qf_check_summarize(inc, &sb);
    assert_int_equal(sb.pass, sa.pass);
    assert_int_equal(sb.fail, sa.fail);
    assert_int_equal(sb.open, sa.open);
    assert_int_equal(sb.waived, sa.waived);
    assert_int_equal(sb.clauses, sa.clauses);
    assert_int_equal(sb.causes, sa.causes);
    size_t branches = 0, rejudged = qf_check_rejudged(inc, &branches);
    assert_int_equal(branches, BRANCHES);
    assert_int_equal(qf_check_rejudged(full, NULL), BRANCHES);

    /* streamed: the same totals and fingerprint, the same branches judged */
    qf_check_totals t;
    size_t handed = 0;
    QF_OK_OR_FAIL(qf_check_each(db, &o, count_branch, &handed, &t));
    assert_int_equal(handed, qf_check_count(full));
    assert_int_equal(t.findings, qf_check_count(full));
    assert_string_equal(t.fingerprint, qf_check_fingerprint(full));
    assert_int_equal(t.summary.fail, sa.fail);
    assert_int_equal(t.rejudged, rejudged);
    streamed_rejudged = t.rejudged;
    qf_check_result_free(full);
    qf_check_result_free(inc);
    return rejudged;
}

static void check_incremental__nothing_changed_nothing_judged(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    assert_int_equal(same_as_full(db, id), 0);
    /* reports and reminders write their own tables: nothing a check reads */
    fx_exec(db, "INSERT INTO remind_setting (key, value) VALUES ('x', '1')");
    assert_int_equal(same_as_full(db, id), 0);
}

static void check_incremental__an_activity_added_edited_deleted(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    /* added: b2 gets its missing lecture for May */
    activity(db, W.branch[2], "lecture", "2017-05-20 09:00", NULL, 0);
    assert_int_equal(same_as_full(db, id), 1);

    id = save(db);
    qf_activity *a = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&a, db, W.lecture[3]));
    qf_activity edit = *a;
    edit.starts_at = fx_datetime("2017-04-02 09:00"); /* March loses its lecture */
    QF_OK_OR_FAIL(qf_activity_update(db, &edit));
    qf_activity_free(a);
    assert_int_equal(same_as_full(db, id), 1);

    id = save(db);
    QF_OK_OR_FAIL(qf_activity_delete(db, W.lecture[4]));
    assert_int_equal(same_as_full(db, id), 1);
}

static void check_incremental__a_member_moved_touches_both_branches(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    int64_t m = W.member[2];
    QF_OK_OR_FAIL(qf_member_leave(db, m, W.group[2], fx_date("2017-02-28")));
    QF_OK_OR_FAIL(qf_member_leave(db, m, W.branch[2], fx_date("2017-02-28")));
    QF_OK_OR_FAIL(qf_member_join(db, m, W.branch[4], fx_date("2017-03-01")));
    assert_int_equal(same_as_full(db, id), 2);
}

static void check_incremental__standards_and_tailorings(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    /* a tailoring of one branch: that branch */
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(
        &rep, db,
        "{\"tailorings\": [{\"code\": \"t3\", \"org\": \"b3\", \"title\": \"t\", \"effective\": "
        "\"2017-01-01\", \"set\": [{\"target\": \"S1/4#1\", \"params\": {\"min\": 2}, \"reason\": "
        "\"r\"}]}]}",
        "t3.json", NULL));
    qf_load_report_free(rep);
    assert_int_equal(same_as_full(db, id), 1);
    /* a tailoring of the committee: every branch under it */
    id = save(db);
    QF_OK_OR_FAIL(qf_catalog_load(
        &rep, db,
        "{\"tailorings\": [{\"code\": \"tj\", \"org\": \"jg\", \"title\": \"t\", \"effective\": "
        "\"2017-01-01\", \"set\": [{\"target\": \"S1/6#1\", \"params\": {\"min\": 1}, \"reason\": "
        "\"r\"}]}]}",
        "tj.json", NULL));
    qf_load_report_free(rep);
    assert_int_equal(same_as_full(db, id), BRANCHES);
    /* a new revision of the standard: every branch */
    id = save(db);
    char pack[sizeof PACK + 16];
    snprintf(pack, sizeof pack, "%s", PACK);
    char *title = strstr(pack, "\"title\": \"s\"");
    assert_non_null(title);
    title[10] = 'S';
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, pack, "incremental2.json", NULL));
    qf_load_report_free(rep);
    assert_int_equal(same_as_full(db, id), BRANCHES);
}

static void check_incremental__waivers_added_ended_and_expired(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    /* written as rows: recording one through qf_waiver_create is not yet possible on
     * PostgreSQL (docs/postgresql.md), and the audit log sees a row however it is written */
    char sql[400];
    snprintf(sql, sizeof sql,
             "INSERT INTO waiver (org_id, standard, clause, requirement, subject, reason, "
             "recorded_by, approved_by, valid_from, valid_until, recorded_on) VALUES (%lld, 'S1', "
             "'5', 0, 'org/*', '书记调任，改选在即', '甲', '乙', '2017-01-01', '2017-09-10', "
             "'2017-09-01')",
             (long long)W.branch[2]);
    int64_t wid = fx_insert(db, sql, NULL);
    assert_int_equal(same_as_full(db, id), 1);
    /* it was in force: b2's missing secretary is waived */
    qf_check_options o;
    options(&o, db, 0);
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    qf_check_summary sum;
    qf_check_summarize(r, &sum);
    assert_true(sum.waived > 0);
    qf_check_result_free(r);
    id = save(db);
    snprintf(sql, sizeof sql,
             "UPDATE waiver SET valid_until = '2017-09-04', ended = '2017-09-05' WHERE id = %lld",
             (long long)wid);
    fx_exec(db, sql);
    assert_int_equal(same_as_full(db, id), 1);
    /* the waiver expires with today alone: a today the assessment did not judge re-judges
     * every branch (a period's status and days left move with today) */
    id = save(db);
    qf_db_set_today(db, fx_date("2017-09-11"));
    assert_int_equal(same_as_full(db, id), BRANCHES);
}

static void check_incremental__today_moved_judges_every_branch(void **state)
{
    qf_db *db = *state;
    qf_db_set_today(db, fx_date("2017-06-20"));
    int64_t id = save(db);
    assert_int_equal(same_as_full(db, id), 0);
    qf_db_set_today(db, fx_date("2017-06-21"));
    assert_int_equal(same_as_full(db, id), BRANCHES);
    qf_check_totals t;
    qf_check_options o;
    options(&o, db, id);
    size_t n = 0;
    QF_OK_OR_FAIL(qf_check_each(db, &o, count_branch, &n, &t));
    assert_non_null(t.since_note);
    assert_non_null(strstr(t.since_note, "today"));
}

/* What the fingerprint must not miss: a write behind the API's back (the audit triggers see
 * it on either backend), in a row another branch reads (a member of b5 earned class hours at
 * b1's lecture: b1's and b5's findings both depend on that attendance row). */
static void check_incremental__a_change_read_across_branches_is_not_missed(void **state)
{
    qf_db *db = *state;
    /* b5's first member attends b1's March lecture too (2 hours a year: with their own, met) */
    char sql[160];
    snprintf(sql, sizeof sql,
             "INSERT INTO attendance (activity_id, member_id, state) VALUES (%lld, %lld, 'present')",
             (long long)W.lecture[1], (long long)W.member[5]);
    fx_exec(db, sql);
    int64_t id = save(db);
    snprintf(sql, sizeof sql, "UPDATE attendance SET state = 'absent' WHERE activity_id = %lld AND "
             "member_id = %lld", (long long)W.lecture[1], (long long)W.member[5]);
    fx_exec(db, sql);
    assert_int_equal(same_as_full(db, id), 2);
    /* the lecture's hours edited in place: b1, and b5 whose member attended it */
    snprintf(sql, sizeof sql, "UPDATE attendance SET state = 'present' WHERE activity_id = %lld",
             (long long)W.lecture[1]);
    fx_exec(db, sql);
    id = save(db);
    snprintf(sql, sizeof sql, "UPDATE activity SET attrs = '{\"class_hours\": 3}' WHERE id = %lld",
             (long long)W.lecture[1]);
    fx_exec(db, sql);
    assert_int_equal(same_as_full(db, id), 2);
    /* a member renamed: the branch whose findings name them */
    id = save(db);
    snprintf(sql, sizeof sql, "UPDATE member SET name = '改名' WHERE id = %lld",
             (long long)W.member[3]);
    fx_exec(db, sql);
    assert_int_equal(same_as_full(db, id), 1);
}

static void check_incremental__other_period_standard_or_missing_assessment(void **state)
{
    qf_db *db = *state;
    int64_t id = save(db);
    qf_check_options o;
    options(&o, db, id);
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017-01..2017-03"));
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    assert_int_equal(qf_check_rejudged(r, NULL), BRANCHES);
    qf_check_result_free(r);
    options(&o, db, id);
    o.standard = "S1";
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    assert_int_equal(qf_check_rejudged(r, NULL), BRANCHES);
    qf_check_result_free(r);
    options(&o, db, 999);
    QF_FAILS_WITH(QF_ENOTFOUND, "999", qf_check_run(&r, db, &o));
    assert_null(r);
    /* a committee's check saved, the whole deployment checked: the branches it holds reused */
    options(&o, db, 0);
    o.org_id = W.branch[2];
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    QF_OK_OR_FAIL(qf_assessment_save(&id, db, r, "b2 only"));
    qf_check_result_free(r);
    assert_int_equal(same_as_full(db, id), BRANCHES - 1);
}

/* An assessment saved as the check streams holds what one saved from the whole result holds:
 * the same findings in the same order (read back from its branches' rows), the same summary and
 * fingerprint; and a later check reuses it in the same way. */
static void check_incremental__saved_as_it_streams(void **state)
{
    qf_db *db = *state;
    int64_t whole = save(db);
    streamed_save = true;
    int64_t streamed = save(db);
    qf_check_result *a = NULL, *b = NULL;
    QF_OK_OR_FAIL(qf_assessment_load(&a, db, whole));
    QF_OK_OR_FAIL(qf_assessment_load(&b, db, streamed));
    assert_true(qf_check_count(a) > 0);
    assert_int_equal(qf_check_count(b), qf_check_count(a));
    for (size_t i = 0; i < qf_check_count(a); i++) {
        const qf_finding *x = qf_check_finding(a, i), *y = qf_check_finding(b, i);
        assert_string_equal(y->key, x->key);
        assert_int_equal(y->status, x->status);
        assert_string_equal(y->message, x->message);
        assert_string_equal(y->org, x->org);
        assert_int_equal(nullcmp(y->same_as, x->same_as), 0);
    }
    assert_string_equal(qf_check_fingerprint(b), qf_check_fingerprint(a));
    qf_check_result_free(a);
    qf_check_result_free(b);
    char sa[400], sb[400], q[200];
    snprintf(q, sizeof q, "SELECT summary FROM assessment WHERE id = %lld", (long long)whole);
    fx_sql_text(db, q, sa, sizeof sa);
    snprintf(q, sizeof q, "SELECT summary FROM assessment WHERE id = %lld", (long long)streamed);
    fx_sql_text(db, q, sb, sizeof sb);
    assert_string_equal(sb, sa);
    /* its findings are in its branches' rows only */
    snprintf(q, sizeof q, "SELECT findings FROM assessment WHERE id = %lld", (long long)streamed);
    fx_sql_text(db, q, sb, sizeof sb);
    assert_string_equal(sb, "[]");
    snprintf(q, sizeof q, "SELECT count(*) FROM assessment_branch WHERE assessment_id = %lld",
             (long long)streamed);
    assert_int_equal(fx_sql_int(db, q), BRANCHES);
    /* reused as one saved whole is */
    assert_int_equal(same_as_full(db, streamed), 0);
    activity(db, W.branch[2], "lecture", "2017-05-20 09:00", NULL, 0);
    assert_int_equal(same_as_full(db, streamed), 1);
    streamed_save = false;
}

/* `s` with every `from` replaced by `to` (malloc'd) */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *p = s; (p = strstr(p, from)); p += lf)
        n++;
    char *out = malloc(strlen(s) + n * lt + 1), *w = out;
    assert_non_null(out);
    for (const char *p = s, *q; ; p = q + lf) {
        q = strstr(p, from);
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(w, p, k);
        w += k;
        if (!q)
            break;
        memcpy(w, to, lt);
        w += lt;
    }
    *w = '\0';
    return out;
}

/* A branch's saved findings read back whatever the layout of their JSON (a field out of
 * order or given twice, a field nobody reads holding every kind of value), and damaged ones
 * refused by the assessment's name, with and without `since` (finding_load.c). */
static void check_incremental__saved_findings_read_back_or_refused(void **state)
{
    qf_db *db = *state;
    streamed_save = true;
    int64_t id = save(db);
    streamed_save = false;
    char q[300], update[300];
    snprintf(q, sizeof q, "SELECT min(branch_id) FROM assessment_branch WHERE assessment_id = %lld",
             (long long)id);
    long long branch = (long long)fx_sql_int(db, q);
    snprintf(q, sizeof q,
             "SELECT findings FROM assessment_branch WHERE assessment_id = %lld AND branch_id = "
             "%lld",
             (long long)id, branch);
    snprintf(update, sizeof update,
             "UPDATE assessment_branch SET findings = ?1 WHERE assessment_id = %lld AND "
             "branch_id = %lld",
             (long long)id, branch);
    size_t size = (size_t)1 << 20;
    char *saved = malloc(size);
    assert_non_null(saved);
    fx_sql_text(db, q, saved, size);
    assert_true(strlen(saved) + 1 < size);
    assert_non_null(strstr(saved, "{\"standard\":"));

    char *odd = replace_all(saved, "{\"standard\":",
                            "{\"clause_text\": \"x\", \"extra\": {\"a\": [1, {\"b\": [true, false, "
                            "1.5, null, \"y\"]}], \"c\": {}}, \"standard\":");
    fx_insert(db, update, odd);
    free(odd);
    assert_int_equal(same_as_full(db, id), 0);

    /* JSON (the column is CHECKed to hold JSON) of the wrong shape */
    const char *const damaged[] = {
        "{\"standard\": \"A\", \"clause\": \"1\"}",
        "[1]",
        "[null]",
        "[\"x\"]",
        "[[]]",
        "[{\"standard\": \"A\"}]",
        "[{\"clause\": \"1\", \"standard\": 7}]",
        "[{\"standard\": \"A\", \"clause\": \"1\", \"rev\": 99999999999999999999}]",
    };
    qf_check_options o;
    options(&o, db, id);
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        fx_insert(db, update, damaged[i]);
        qf_check_result *r = NULL;
        int rc = qf_check_run(&r, db, &o);
        if (rc != QF_ECORRUPT || !strstr(qf_error_last(), "is damaged"))
            fail_msg("damaged text %zu: %d: %s", i, rc, qf_error_last());
        qf_check_result_free(r);
        r = NULL;
        assert_int_equal(qf_assessment_load(&r, db, id), QF_ECORRUPT);
        assert_non_null(strstr(qf_error_last(), "is damaged"));
        qf_check_result_free(r);
    }
    /* one finding with its standard and clause is enough */
    fx_insert(db, update, "[{\"standard\": \"A\", \"clause\": \"1\"}]");
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_assessment_load(&r, db, id));
    qf_check_result_free(r);
    /* text no column can hold, read all the same (the loader is the last line) */
    const char *const broken[] = {
        "",
        "not json",
        "[{\"standard\": \"A\", \"clause\": \"1\"}",
        "[{\"standard\": \"A\", \"clause\": \"1\"}] [",
        "[{\"standard\": \"A\\u0000\", \"clause\": \"1\"}]",
        "[{\"standard\": \"A\", \"clause\": \"1\", \"message\": \"\xff\"}]",
        "[{\"standard\": \"A\", \"clause\": \"1\", \"x\": [1, 2}]",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        r = calloc(1, sizeof *r);
        assert_non_null(r);
        if (qf__findings_load_json(r, db, broken[i], strlen(broken[i])) != QF_ECORRUPT)
            fail_msg("broken text %zu read", i);
        qf_check_result_free(r);
    }
    r = calloc(1, sizeof *r);
    assert_non_null(r);
    const char *one = "[{\"standard\": \"A\", \"clause\": \"1\", \"rev\": 2, \"due\": null}]";
    QF_OK_OR_FAIL(qf__findings_load_json(r, db, one, strlen(one)));
    assert_int_equal(qf_check_count(r), 1);
    assert_string_equal(qf_check_finding(r, 0)->standard, "A");
    assert_int_equal(qf_check_finding(r, 0)->rev, 2);
    assert_int_equal(qf_check_finding(r, 0)->due, QF_DATE_NONE);
    qf_check_result_free(r);
    /* a message read again in today's language; a damaged one (nested past the reader's
     * bound, or without its id) leaves the saved text, as the finding is not damaged */
    char msgs[4096] = "[{\"standard\": \"A\", \"clause\": \"1\", \"message\": \"saved\", "
                      "\"message_ref\": {\"id\": \"%s: %s\", \"args\": [\"x\", {\"msg\": "
                      "{\"args\": [1], \"id\": \"%d\"}}]}}, "
                      "{\"standard\": \"A\", \"clause\": \"2\", \"message\": \"saved\", "
                      "\"message_ref\": {\"args\": [\"x\"]}}, "
                      "{\"standard\": \"A\", \"clause\": \"3\", \"message\": \"saved\", "
                      "\"message_ref\": ";
    for (int i = 0; i < 30; i++)
        strcat(msgs, "{\"id\": \"%s\", \"args\": [{\"msg\": ");
    strcat(msgs, "null");
    for (int i = 0; i < 30; i++)
        strcat(msgs, "}]}");
    strcat(msgs, "}]");
    r = calloc(1, sizeof *r);
    assert_non_null(r);
    QF_OK_OR_FAIL(qf__findings_load_json(r, db, msgs, strlen(msgs)));
    assert_int_equal(qf_check_count(r), 3);
    assert_string_equal(qf_check_finding(r, 0)->message, "x: 1");
    assert_string_equal(qf_check_finding(r, 0)->message_id, "%s: %s");
    for (size_t i = 1; i < 3; i++) {
        assert_string_equal(qf_check_finding(r, i)->message, "saved");
        assert_null(qf_check_finding(r, i)->message_id);
    }
    qf_check_result_free(r);
    fx_insert(db, update, saved);
    assert_int_equal(same_as_full(db, id), 0);
    free(saved);
}

/* A save that does not reach its last branch writes nothing: stopped by the caller, freed
 * half way, or refused for its note. */
static void check_incremental__a_save_cut_short_keeps_nothing(void **state)
{
    qf_db *db = *state;
    int64_t audit = fx_sql_int(db, "SELECT count(*) FROM audit_log");
    qf_check_options o;
    options(&o, db, 0);
    o.save = true;
    size_t handed = 0;
    QF_FAILS_WITH(QF_EUSER, "", qf_check_each(db, &o, stop_after_one, &handed, NULL));
    assert_int_equal(handed, 1);
    qf_check_stream *s = NULL;
    const qf_check_result *branch;
    QF_OK_OR_FAIL(qf_check_stream_open(&s, db, &o));
    QF_OK_OR_FAIL(qf_check_stream_next(&branch, s));
    QF_OK_OR_FAIL(qf_check_stream_next(&branch, s));
    qf_check_stream_free(s);
    o.note = "\xff";
    QF_FAILS_WITH(QF_EINVALID, "note", qf_check_each(db, &o, count_branch, &handed, NULL));
    assert_int_equal(fx_sql_int(db, "SELECT count(*) FROM assessment"), 0);
    assert_int_equal(fx_sql_int(db, "SELECT count(*) FROM assessment_run"), 0);
    assert_int_equal(fx_sql_int(db, "SELECT count(*) FROM assessment_branch"), 0);
    assert_int_equal(fx_sql_int(db, "SELECT count(*) FROM audit_log"), audit);
    assert_false(fx_in_tx(db));
    /* and the next save goes through, with its note */
    o.note = "月底";
    qf_check_totals t;
    QF_OK_OR_FAIL(qf_check_each(db, &o, count_branch, &handed, &t));
    assert_int_equal(fx_sql_int(db, "SELECT count(*) FROM assessment WHERE note = '月底'"), 1);
    assert_int_equal(t.assessment, fx_sql_int(db, "SELECT max(id) FROM assessment"));
}

static int setup_file(void **state)
{
    int rc = fx_setup_file(state);
    if (rc == 0)
        build(*state);
    return rc;
}

/* After the first branch, another connection writes (a lecture for branch 3). */
static int write_meanwhile(void *payload, const qf_check_result *branch)
{
    (void)branch;
    if ((*(int *)payload)++ != 0)
        return 0;
    qf_db *other = NULL;
    qf_open_options oo = QF_OPEN_OPTIONS_INIT;
    oo.actor = "secretary";
    QF_OK_OR_FAIL(qf_db_open(&other, fx_path(), &oo));
    qf_db_set_today(other, fx_date("2017-09-05"));
    activity(other, W.branch[3], "lecture", "2017-05-20 09:00", NULL, 0);
    qf_db_free(other);
    return 0;
}

/* A save holds no write lock while the check runs: another writer goes on meanwhile (it would
 * wait, then fail as busy, if it did), and what it wrote comes after the assessment — the next
 * incremental check judges that branch again. */
static void check_incremental__a_save_lets_others_write_meanwhile(void **state)
{
    qf_db *db = *state;
    qf_check_options o;
    options(&o, db, 0);
    o.save = true;
    int calls = 0;
    qf_check_totals t;
    QF_OK_OR_FAIL(qf_check_each(db, &o, write_meanwhile, &calls, &t));
    assert_int_equal(calls, BRANCHES);
    assert_true(t.assessment > 0);
    assert_int_equal(same_as_full(db, t.assessment), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(check_incremental__nothing_changed_nothing_judged, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__an_activity_added_edited_deleted, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__a_member_moved_touches_both_branches,
                                        setup, fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__standards_and_tailorings, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__waivers_added_ended_and_expired, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__today_moved_judges_every_branch, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(
            check_incremental__a_change_read_across_branches_is_not_missed, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(
            check_incremental__other_period_standard_or_missing_assessment, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__saved_as_it_streams, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__saved_findings_read_back_or_refused,
                                        setup, fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__a_save_cut_short_keeps_nothing, setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(check_incremental__a_save_lets_others_write_meanwhile,
                                        setup_file, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
