/* 民主评议党员 results: one grade per member and year, kept by the branch that appraised the
 * member (schema 0011_lifecycle.sql). Whether the grades keep to the rules (优秀 at most a third,
 * every member graded) is for the standards to judge; here only what makes a record wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"
#include "rows.h"

static const char *const RESULT_NAMES[] = {"excellent", "qualified", "basically_qualified",
                                           "unqualified"};
/* the grades as the regulations write them: accepted on input in any language */
static const char *const RESULT_ZH[] = {"优秀", "合格", "基本合格", "不合格"};
static const char *const RESULT_LABELS[] = {N_("excellent"), N_("qualified"),
                                            N_("basically qualified"), N_("unqualified")};
#define N_RESULTS 4

const char *qf_appraisal_result_name(qf_appraisal_result r)
{
    return (unsigned)r < N_RESULTS ? RESULT_NAMES[r] : "?";
}

const char *qf_appraisal_result_label(qf_appraisal_result r)
{
    return (unsigned)r < N_RESULTS ? _(RESULT_LABELS[r]) : "?";
}

int qf_appraisal_result_parse(qf_appraisal_result *out, const char *s)
{
    for (int k = 0; s && k < N_RESULTS; k++)
        if (strcmp(s, RESULT_NAMES[k]) == 0 || strcmp(s, RESULT_ZH[k]) == 0) {
            *out = (qf_appraisal_result)k;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("result: '%.40s' is not a grade (excellent 优秀, qualified 合格, "
                     "basically_qualified 基本合格, unqualified 不合格)"),
                   s ? s : "");
}

/* A status as the error messages name it ("an activist"). */
static const char *status_label(qf_member_status s)
{
    static const char *const labels[] = {N_("an applicant"), N_("an activist"),
                                         N_("a candidate for admission")};
    return (unsigned)s <= QF_STATUS_CANDIDATE ? _(labels[s]) : _("not yet a member");
}

/* The appraisal meeting: an activity of kind appraisal that has taken place. Its day and org. */
static int check_activity(qf_db *db, int64_t id, qf_date *day, int64_t *org_id)
{
    static const char sql[] = "SELECT kind, substr(starts_at, 1, 10), org_id FROM activity "
                              "WHERE id = ?1";
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "activity",
                           _("activity_id: activity %lld does not exist"));
    if (rc)
        return rc;
    char kind[65];
    snprintf(kind, sizeof kind, "%s", qf__col_text(st, 0) ? qf__col_text(st, 0) : "");
    *day = qf__col_date(st, 1);
    *org_id = qf__col_int64(st, 2);
    qf__reset(st);
    if (strcmp(kind, "appraisal") != 0)
        return qf__err(QF_EINVALID,
                       _("activity_id: activity %lld (%s) is not a democratic appraisal of "
                         "members (appraisal)"),
                       (long long)id, qf_vocab_label(db, "activity_kind", kind));
    if (*day > qf_db_today(db)) {
        char d[QF_DAY_BUF];
        qf__people_fmt_day(*day, d);
        return qf__err(QF_EINVALID,
                       _("activity_id: the appraisal meeting %lld is on %s, after today: record "
                         "the results once it has taken place"),
                       (long long)id, d);
    }
    return QF_OK;
}

/* The member's branch (a non-group org) on `day`, 0 if none. */
static int branch_on(int64_t *out, qf_db *db, int64_t member_id, qf_date day)
{
    static const char sql[] =
        "SELECT x.org_id FROM membership x JOIN org o ON o.id = x.org_id WHERE x.member_id = ?1 "
        "AND o.kind <> 'group' AND x.start <= ?2 AND (x.end IS NULL OR x.end >= ?2) "
        "ORDER BY x.start DESC, x.id DESC LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_date(st, 2, day);
    int rc = qf__step(st);
    *out = rc == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
    return rc == QF_ROW || rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "membership");
}

static int belongs_on(bool *out, qf_db *db, int64_t member_id, int64_t org_id, qf_date day)
{
    static const char sql[] = "SELECT 1 FROM membership WHERE member_id = ?1 AND org_id = ?2 "
                              "AND start <= ?3 AND (\"end\" IS NULL OR \"end\" >= ?3)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_date(st, 3, day);
    int rc = qf__step(st);
    *out = rc == QF_ROW;
    qf__reset(st);
    return rc == QF_ROW || rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "membership");
}

/* Fills in the org and checks the member was a party member of it on the appraisal day. */
static int validate(qf_db *db, const qf_appraisal *a, int64_t *org_id)
{
    qf_date today = qf_db_today(db);
    int y, mo, d;
    qf_date_to_ymd(today, &y, &mo, &d);
    if (a->year < 1921 || a->year > y)
        return qf__err(QF_EINVALID, _("year: %d is not a year that can be appraised (1921 to %d)"),
                       a->year, y);
    if ((unsigned)a->result >= N_RESULTS)
        return qf__err(QF_EINVALID, _("result: %d is unknown"), (int)a->result);
    int rc = qf__check_text("note", a->note, false, 2000);
    if (!rc)
        rc = qf__people_member_exists(db, a->member_id);
    if (rc)
        return rc;
    /* the day the grade was given: the meeting's, else the end of the year (or today) */
    qf_date day, year_end = qf_date_from_ymd(a->year, 12, 31);
    int64_t meeting_org = 0;
    if (a->activity_id) {
        if ((rc = check_activity(db, a->activity_id, &day, &meeting_org)) != QF_OK)
            return rc;
    } else {
        day = year_end < today ? year_end : today;
    }
    char when[QF_DAY_BUF];
    qf__people_fmt_day(day, when);

    qf_member_status status = QF_STATUS_NONE;
    if ((rc = qf_member_status_on(&status, db, a->member_id, day)) != QF_OK)
        return rc;
    char name[QF_NAME_BUF];
    qf__people_member_name(db, a->member_id, name);
    if (status != QF_STATUS_FULL && status != QF_STATUS_PROBATIONARY)
        return qf__err(QF_ECONSTRAINT,
                       _("member: %s is %s on %s; only party members (full or probationary) are "
                         "appraised"),
                       name, status_label(status), when);

    *org_id = a->org_id ? a->org_id : meeting_org;
    if (!*org_id) {
        if ((rc = branch_on(org_id, db, a->member_id, day)) != QF_OK)
            return rc;
        if (!*org_id)
            return qf__err(QF_ECONSTRAINT,
                           _("org_id: %s belongs to no branch on %s; say which branch appraised "
                             "them"),
                           name, when);
        return QF_OK;
    }
    qf_org_kind kind;
    char code[65];
    if ((rc = qf__people_org(db, "org_id", *org_id, &kind, code)) != QF_OK)
        return rc;
    if (kind == QF_ORG_GROUP)
        return qf__err(QF_EINVALID,
                       _("org_id: %s is a party group; members are appraised by their branch"),
                       code);
    bool in = false;
    if ((rc = belongs_on(&in, db, a->member_id, *org_id, day)) != QF_OK)
        return rc;
    if (!in)
        return qf__err(QF_ECONSTRAINT, _("org_id: %s does not belong to %s on %s"), name, code,
                       when);
    return QF_OK;
}

int qf_appraisal_set(int64_t *id_out, qf_db *db, const qf_appraisal *a)
{
    /* one result per member and year: a second one corrects the first */
    static const char sql[] =
        "INSERT INTO appraisal (member_id, org_id, year, result, activity_id, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (member_id, year) DO UPDATE SET "
        "org_id = excluded.org_id, result = excluded.result, activity_id = excluded.activity_id, "
        "note = excluded.note RETURNING id";
    int64_t org_id = 0;
    int rc = validate(db, a, &org_id);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, a->member_id);
    qf__bind_int64(st, 2, org_id);
    qf__bind_int(st, 3, a->year);
    qf__bind_textn(st, 4, qf_appraisal_result_name(a->result), -1, QF_STATIC);
    qf__bind_id(st, 5, a->activity_id);
    qf__people_bind_opt(st, 6, a->note);
    int64_t id = 0;
    int step = qf__step(st);
    if (step == QF_ROW) {
        id = qf__col_int64(st, 0);
        step = qf__step(st);
    }
    qf__reset(st);
    rc = step == QF_DONE ? QF_OK : qf__sqlerr(db, step, "appraisal");
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

#define APPRAISAL_COLS "a.id, a.member_id, a.org_id, a.year, a.result, a.activity_id, a.note"

static void read_row(qf_stmt *st, qf_appraisal *a)
{
    a->id = qf__col_int64(st, 0);
    a->member_id = qf__col_int64(st, 1);
    a->org_id = qf__col_int64(st, 2);
    a->year = qf__col_int(st, 3);
    a->result = QF_APPRAISAL_QUALIFIED;
    qf_appraisal_result_parse(&a->result, qf__col_text(st, 4));
    a->activity_id = qf__col_id(st, 5);
    a->note = qf__col_text(st, 6);
}

int qf_appraisal_get(qf_appraisal **out, qf_db *db, int64_t member_id, int year)
{
    static const char sql[] =
        "SELECT " APPRAISAL_COLS " FROM appraisal a WHERE a.member_id = ?1 AND a.year = ?2";
    *out = NULL;
    int rc = qf__people_member_exists(db, member_id);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, member_id);
    qf__bind_int(st, 2, year);
    rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc == QF_DONE)
            return qf__err(QF_ENOTFOUND, _("member %lld has no appraisal result for %d"),
                           (long long)member_id, year);
        return qf__sqlerr(db, rc, "appraisal");
    }
    qf_appraisal row;
    read_row(st, &row);
    const char **fields[] = {&row.note};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 1);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

int qf_appraisal_delete(qf_db *db, int64_t member_id, int year)
{
    static const char sql[] = "DELETE FROM appraisal WHERE member_id = ?1 AND year = ?2";
    int rc = qf__people_member_exists(db, member_id);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, member_id);
    qf__bind_int(st, 2, year);
    rc = qf__exec_stmt(db, st, "appraisal");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("member %lld has no appraisal result for %d"),
                     (long long)member_id, year);
    return qf__tx_end(db, rc);
}

void qf_appraisal_free(qf_appraisal *a)
{
    free(a);
}

struct qf_appraisal_iter {
    qf__rows rows;
    qf_appraisal row;
};

int qf_appraisal_list(qf_appraisal_iter **out, qf_db *db, const qf_appraisal_filter *f)
{
    /* the filters are few and the table small: one statement, unset filters bound as 0 */
    static const char sql[] =
        "SELECT " APPRAISAL_COLS " FROM appraisal a JOIN member m ON m.id = a.member_id "
        "WHERE (?1 = 0 OR a.org_id = ?1) AND (?2 = 0 OR a.member_id = ?2) "
        "AND (?3 = 0 OR a.activity_id = ?3) AND (?4 = 0 OR a.year = ?4) "
        "ORDER BY a.year, m.name COLLATE QF_STROKES, a.id";
    qf_appraisal_filter def = QF_APPRAISAL_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    if (f->version < 1 || f->version > QF_APPRAISAL_FILTER_VERSION)
        return qf__err(QF_EINVALID, _("appraisal filter: version %u is unknown"), f->version);
    qf_appraisal_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, f->org_id);
    qf__bind_int64(it->rows.st, 2, f->member_id);
    qf__bind_int64(it->rows.st, 3, f->activity_id);
    qf__bind_int(it->rows.st, 4, f->year);
    *out = it;
    return QF_OK;
}

int qf_appraisal_next(const qf_appraisal **row, qf_appraisal_iter *it)
{
    int rc = qf__rows_step(&it->rows, "appraisal");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_appraisal_iter_free(qf_appraisal_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
