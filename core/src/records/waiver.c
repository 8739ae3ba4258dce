/* Waivers (情况说明): recorded explanations of findings, checked when they are written — a
 * known clause, an org that exists, a reason, an approver who is not the recorder, and no longer
 * than the organ allows — so the engine only matches them (engine/waiver_apply.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"
#include "rows.h"

/* "GY1-BYT/3.1#2" → standard, clause, requirement (0 when no "#N") */
static int parse_target(const char *s, char *std, size_t std_size, char *clause,
                        size_t clause_size, int *req)
{
    int rc = qf__people_check_line("target", s, true, 200);
    if (rc)
        return rc;
    const char *slash = strchr(s, '/');
    const char *hash = strchr(s, '#');
    if (!slash || slash == s || (hash && hash < slash) || slash[1] == '\0' || slash[1] == '#')
        return qf__err(QF_EINVALID, _("target: '%s' is not STANDARD/CLAUSE or STANDARD/CLAUSE#N"),
                       s);
    size_t ls = (size_t)(slash - s), lc = hash ? (size_t)(hash - slash - 1) : strlen(slash + 1);
    if (ls >= std_size || lc >= clause_size)
        return qf__err(QF_EINVALID, _("target: '%s' is too long"), s);
    memcpy(std, s, ls);
    std[ls] = '\0';
    memcpy(clause, slash + 1, lc);
    clause[lc] = '\0';
    *req = 0;
    if (hash) {
        char *end;
        long n = strtol(hash + 1, &end, 10);
        if (*end || end == hash + 1 || n < 1 || n > 99)
            return qf__err(QF_EINVALID, _("target: requirement '%s' is not a number from 1"),
                           hash + 1);
        *req = (int)n;
    }
    return QF_OK;
}

/* The standard has a revision, and the clause is in one of them or added to that standard by
 * a tailoring ("add_clauses": [{"standard": …, "clause": {"number": …}}], rules/tailoring.c).
 * Both are read at fixed paths, which json_each and json_extract give on either backend. */
static int check_clause(qf_db *db, const char *std, const char *clause, const char *target)
{
    static const char sql_std[] = "SELECT 1 FROM standard WHERE code = ?1 LIMIT 1";
    static const char sql_clause[] =
        "SELECT 1 FROM standard s, json_each(s.def, '$.clauses') c WHERE s.code = ?1 AND "
        "json_extract(c.value, '$.number') = ?2 UNION ALL "
        "SELECT 1 FROM std_tailoring t, json_each(t.def, '$.add_clauses') a WHERE "
        "json_extract(a.value, '$.standard') = ?1 AND "
        "json_extract(a.value, '$.clause.number') = ?2 LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql_std);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, std, -1, QF_TRANSIENT);
    bool known = qf__step(st) == QF_ROW;
    qf__reset(st);
    if (!known)
        return qf__err(QF_EINVALID, _("target: there is no standard %s (%s)"), std, target);
    st = qf__stmt(db, sql_clause);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, std, -1, QF_TRANSIENT);
    qf__bind_textn(st, 2, clause, -1, QF_TRANSIENT);
    known = qf__step(st) == QF_ROW;
    qf__reset(st);
    if (!known)
        return qf__err(QF_EINVALID, _("target: standard %s has no clause %s (%s)"), std, clause,
                       target);
    return QF_OK;
}

/* "gy1/period/2017-08-H1" → the org's id and the pattern "period/2017-08-H1" */
static int parse_subject(qf_db *db, const char *s, int64_t *org_id, const char **pattern)
{
    static const char sql[] = "SELECT id FROM org WHERE code = ?1";
    int rc = qf__people_check_line("subject", s, true, 300);
    if (rc)
        return rc;
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || slash[1] == '\0')
        return qf__err(QF_EINVALID,
                       _("subject: '%s' is not ORG/WHAT (gy1/period/2017-08-H1, gy1/activity/17, "
                         "gy1/period/2017-08-*)"),
                       s);
    char code[80];
    size_t n = (size_t)(slash - s);
    if (n >= sizeof code)
        return qf__err(QF_EINVALID, _("subject: the org code in '%s' is too long"), s);
    memcpy(code, s, n);
    code[n] = '\0';
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, code, -1, QF_TRANSIENT);
    *org_id = qf__step(st) == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
    if (!*org_id)
        return qf__err(QF_EINVALID, _("subject: there is no org %s (%s)"), code, s);
    *pattern = slash + 1;
    return QF_OK;
}

int qf_waiver_max_days(int *out, qf_db *db, int64_t org_id)
{
    /* the org's own attribute first, then each org above it */
    static const char sql[] =
        "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT o.parent_id, up.depth + 1 "
        "FROM org o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL AND up.depth < 64) "
        "SELECT json_extract(o.attrs, '$.waiver_max_days'), o.code, "
        "json_type(o.attrs, '$.waiver_max_days') FROM up JOIN org o ON o.id = "
        "up.id WHERE json_type(o.attrs, '$.waiver_max_days') IS NOT NULL ORDER BY up.depth LIMIT 1";
    *out = QF_WAIVER_MAX_DAYS_DEFAULT;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    int rc = QF_OK;
    if (qf__step(st) == QF_ROW) {
        /* the JSON type, not the column's: json_extract gives text on PostgreSQL */
        const char *type = qf__col_text(st, 2);
        if (!type || strcmp(type, "integer") != 0 || qf__col_int64(st, 0) < 1)
            rc = qf__err(QF_EINVALID,
                         _("org %s: attribute waiver_max_days must be a whole number of days from "
                           "1 (%s)"),
                         qf__col_text(st, 1), qf__col_text(st, 0) ? qf__col_text(st, 0) : "");
        else
            *out = (int)qf__col_int64(st, 0);
    }
    qf__reset(st);
    return rc;
}

int qf_waiver_create(int64_t *id_out, qf_db *db, const qf_waiver *w)
{
    static const char sql[] =
        "INSERT INTO waiver (org_id, standard, clause, requirement, subject, reason, recorded_by, "
        "approved_by, valid_from, valid_until, recorded_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, ?10, ?11)";
    char std[100], clause[60];
    int req = 0;
    int64_t org_id = 0;
    const char *pattern = NULL;
    const char *recorder = w->recorded_by ? w->recorded_by : qf_db_actor(db);
    qf_date from = w->from == QF_DATE_NONE ? qf_db_today(db) : w->from;
    int rc = parse_target(w->target, std, sizeof std, clause, sizeof clause, &req);
    if (!rc)
        rc = check_clause(db, std, clause, w->target);
    if (!rc)
        rc = parse_subject(db, w->subject, &org_id, &pattern);
    if (!rc)
        rc = qf__check_text("reason", w->reason, true, 2000);
    if (!rc)
        rc = qf__people_check_line("recorded_by", recorder, true, 200);
    if (!rc)
        rc = qf__people_check_line("approved_by", w->approved_by, true, 200);
    if (!rc && strcmp(recorder, w->approved_by) == 0)
        rc = qf__err(QF_EINVALID,
                     _("approved_by: %s recorded the waiver; another person must approve it"),
                     w->approved_by);
    if (!rc)
        rc = qf__people_check_day("from", from, true);
    if (!rc)
        rc = qf__people_check_day("to", w->until, true);
    if (!rc && w->until < from) {
        char a[QF_DAY_BUF], b[QF_DAY_BUF];
        qf__people_fmt_day(w->until, a);
        qf__people_fmt_day(from, b);
        rc = qf__err(QF_EINVALID, _("to: %s is before from (%s)"), a, b);
    }
    int max = 0;
    if (!rc)
        rc = qf_waiver_max_days(&max, db, org_id);
    if (!rc && w->until - from + 1 > max) {
        char a[QF_DAY_BUF], b[QF_DAY_BUF];
        qf__people_fmt_day(from, a);
        qf__people_fmt_day(w->until, b);
        rc = qf__err(QF_EINVALID,
                     _("to: %s..%s is %d days; a waiver may hold at most %d days "
                       "(waiver_max_days)"),
                     a, b, (int)(w->until - from + 1), max);
    }
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, org_id);
    qf__bind_textn(st, 2, std, -1, QF_TRANSIENT);
    qf__bind_textn(st, 3, clause, -1, QF_TRANSIENT);
    qf__bind_int(st, 4, req);
    qf__bind_textn(st, 5, pattern, -1, QF_TRANSIENT);
    qf__bind_textn(st, 6, w->reason, -1, QF_TRANSIENT);
    qf__bind_textn(st, 7, recorder, -1, QF_TRANSIENT);
    qf__bind_textn(st, 8, w->approved_by, -1, QF_TRANSIENT);
    qf__bind_date(st, 9, from);
    qf__bind_date(st, 10, w->until);
    qf__bind_date(st, 11, qf_db_today(db));
    rc = qf__exec_stmt(db, st, "waiver");
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

int qf_waiver_end(qf_db *db, int64_t id, qf_date last_day, const char *note)
{
    static const char sql[] =
        "UPDATE waiver SET valid_until = ?2, ended = ?3, end_note = ?4 WHERE id = ?1";
    qf_waiver *w = NULL;
    int rc = qf_waiver_get(&w, db, id);
    if (rc)
        return rc;
    qf_date day = last_day == QF_DATE_NONE ? qf_db_today(db) : last_day;
    char a[QF_DAY_BUF], b[QF_DAY_BUF], c[QF_DAY_BUF];
    qf__people_fmt_day(day, a);
    qf__people_fmt_day(w->from, b);
    qf__people_fmt_day(w->until, c);
    rc = qf__people_check_day("date", day, true);
    if (!rc && (day < w->from || day > w->until))
        rc = qf__err(QF_EINVALID, _("date: %s is not a day waiver %lld holds (%s..%s)"), a,
                     (long long)id, b, c);
    if (!rc)
        rc = qf__check_text("note", note, false, 2000);
    qf_waiver_free(w);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, id);
    qf__bind_date(st, 2, day);
    qf__bind_date(st, 3, qf_db_today(db));
    qf__people_bind_opt(st, 4, note);
    return qf__tx_end(db, qf__exec_stmt(db, st, "waiver"));
}

#define WAIVER_COLS                                                                                \
    "w.id, w.org_id, o.code, w.standard, w.clause, w.requirement, w.subject, w.reason, "           \
    "w.recorded_by, w.approved_by, w.valid_from, w.valid_until, w.recorded_on, w.ended, "          \
    "w.end_note"

/* target and subject are rebuilt in `buf` (two strings) from the row */
static void read_row(qf_stmt *st, qf_waiver *w, char *buf, size_t size)
{
    memset(w, 0, sizeof *w);
    w->id = qf__col_int64(st, 0);
    w->org_id = qf__col_int64(st, 1);
    w->org = qf__col_text(st, 2);
    w->standard = qf__col_text(st, 3);
    w->clause = qf__col_text(st, 4);
    w->requirement = qf__col_int(st, 5);
    w->pattern = qf__col_text(st, 6);
    w->reason = qf__col_text(st, 7);
    w->recorded_by = qf__col_text(st, 8);
    w->approved_by = qf__col_text(st, 9);
    w->from = qf__col_date(st, 10);
    w->until = qf__col_date(st, 11);
    w->recorded_on = qf__col_text(st, 12);
    w->ended = qf__col_date(st, 13);
    w->end_note = qf__col_text(st, 14);
    int n = w->requirement
                ? qf__fmt(buf, size, "%s/%s#%d", w->standard, w->clause, w->requirement)
                : qf__fmt(buf, size, "%s/%s", w->standard, w->clause);
    size_t used = n > 0 && (size_t)n < size ? (size_t)n + 1 : size;
    w->target = buf;
    if (used < size) {
        qf__fmt(buf + used, size - used, "%s/%s", w->org ? w->org : "", w->pattern);
        w->subject = buf + used;
    } else {
        w->subject = "";
    }
}

int qf_waiver_get(qf_waiver **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " WAIVER_COLS " FROM waiver w JOIN org o ON o.id = w.org_id "
                              "WHERE w.id = ?1";
    *out = NULL;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "waiver", _("waiver %lld does not exist"));
    if (rc)
        return rc;
    qf_waiver row;
    char buf[800];
    read_row(st, &row, buf, sizeof buf);
    const char **fields[] = {&row.target, &row.subject, &row.reason, &row.recorded_by,
                             &row.approved_by, &row.org, &row.standard, &row.clause,
                             &row.pattern, &row.recorded_on, &row.end_note};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields,
                          sizeof fields / sizeof fields[0]);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_waiver_free(qf_waiver *w)
{
    free(w);
}

struct qf_waiver_iter {
    qf__rows rows;
    qf_waiver row;
    char buf[800];
};

int qf_waiver_list(qf_waiver_iter **out, qf_db *db, const qf_waiver_filter *f)
{
    static const char sql[] =
        "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM org o JOIN t ON "
        "o.parent_id = t.id) "
        "SELECT " WAIVER_COLS " FROM waiver w JOIN org o ON o.id = w.org_id "
        "WHERE (?1 = 0 OR w.org_id IN (SELECT id FROM t)) "
        "AND (?2 IS NULL OR (w.valid_from <= ?2 AND w.valid_until >= ?2)) "
        "AND (?3 IS NULL OR w.valid_until <= ?3) AND (?4 IS NULL OR w.valid_until >= ?4) "
        "ORDER BY o.code, w.standard, w.clause, w.valid_from, w.id";
    qf_waiver_filter def = QF_WAIVER_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    if (f->version != QF_WAIVER_FILTER_VERSION)
        return qf__err(QF_EINVALID, "%s", _("waiver filter: initialise with QF_WAIVER_FILTER_INIT"));
    qf_waiver_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, f->org_id);
    qf__bind_date(it->rows.st, 2, f->holds_on);
    qf__bind_date(it->rows.st, 3, f->ends_by);
    qf__bind_date(it->rows.st, 4, f->ends_from);
    *out = it;
    return QF_OK;
}

int qf_waiver_next(const qf_waiver **row, qf_waiver_iter *it)
{
    int rc = qf__rows_step(&it->rows, "waiver");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row, it->buf, sizeof it->buf);
    *row = &it->row;
    return QF_OK;
}

void qf_waiver_iter_free(qf_waiver_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
