/* Checks shared by the people modules: dates in range, single-line text, referenced records. */
#include <stdio.h>
#include <string.h>
#include "people.h"

void qf__people_fmt_day(qf_date d, char buf[QF_DAY_BUF])
{
    /* qf_date_format only makes sense for years 0..9999; a wild day number (from arithmetic
     * gone wrong in a caller) is shown as such rather than as a misleading date */
    if (d != QF_DATE_NONE && (d < qf_date_from_ymd(0, 1, 1) || d > qf_date_from_ymd(9999, 12, 31)))
        snprintf(buf, QF_DAY_BUF, "day %ld", (long)d);
    else
        qf_date_format(d, buf);
}

void qf__people_fmt_range(qf_date start, qf_date end, char buf[QF_RANGE_BUF])
{
    char a[QF_DAY_BUF], b[QF_DAY_BUF];
    qf__people_fmt_day(start, a);
    qf__people_fmt_day(end, b);
    snprintf(buf, QF_RANGE_BUF, "%s..%s", a, b);
}

int qf__people_check_day(const char *field, qf_date d, bool required)
{
    if (d == QF_DATE_NONE)
        return required ? qf__err(QF_EINVALID, _("%s: required"), field) : QF_OK;
    if (d < qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1) ||
        d > qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31)) {
        char buf[QF_DAY_BUF];
        qf__people_fmt_day(d, buf);
        return qf__err(QF_EINVALID, _("%s: %s is out of range (years %d-%d)"), field, buf,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    }
    return QF_OK;
}

int qf__people_check_not_future(qf_db *db, const char *field, qf_date d)
{
    qf_date today = qf_db_today(db);
    if (d == QF_DATE_NONE || d <= today)
        return QF_OK;
    char a[QF_DAY_BUF], b[QF_DAY_BUF];
    qf__people_fmt_day(d, a);
    qf__people_fmt_day(today, b);
    return qf__err(QF_EINVALID, _("%s: %s is after today (%s)"), field, a, b);
}

int qf__people_check_range(const char *field, qf_date start, qf_date end)
{
    if (end == QF_DATE_NONE || start == QF_DATE_NONE || end >= start)
        return QF_OK;
    char a[QF_DAY_BUF], b[QF_DAY_BUF];
    qf__people_fmt_day(end, a);
    qf__people_fmt_day(start, b);
    return qf__err(QF_EINVALID, _("%s: %s is before the start (%s)"), field, a, b);
}

int qf__people_check_line(const char *field, const char *s, bool required, size_t max_bytes)
{
    int rc = qf__check_text(field, s, required, max_bytes);
    if (rc || !s)
        return rc;
    for (size_t i = 0; s[i]; i++)
        if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
            return qf__err(QF_EINVALID,
                           _("%s: must be a single line (line break or tab at byte %zu)"), field,
                           i + 1);
    return QF_OK;
}

int qf__people_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    return s && *s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int qf__people_member_exists(qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM member WHERE id = ?1";
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return QF_OK;
    if (rc != SQLITE_DONE)
        return qf__sqlerr(db, rc, "member");
    return qf__err(QF_ENOTFOUND, _("member %lld does not exist"), (long long)id);
}

void qf__people_member_name(qf_db *db, int64_t id, char name[QF_NAME_BUF])
{
    static const char sql[] = "SELECT name FROM member WHERE id = ?1";
    snprintf(name, QF_NAME_BUF, "%lld", (long long)id);
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW && qf__col_text(st, 0))
        snprintf(name, QF_NAME_BUF, "%s", qf__col_text(st, 0));
    sqlite3_reset(st);
}

int qf__people_org(qf_db *db, const char *field, int64_t id, qf_org_kind *kind, char code[65])
{
    static const char sql[] = "SELECT kind, code FROM org WHERE id = ?1";
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return qf__sqlerr(db, rc, "org");
        return qf__err(QF_ENOTFOUND, _("%s: org %lld does not exist"), field, (long long)id);
    }
    qf_org_kind k = QF_ORG_COMMITTEE;
    qf_org_kind_parse(&k, qf__col_text(st, 0));
    if (kind)
        *kind = k;
    if (code)
        snprintf(code, 65, "%s", qf__col_text(st, 1));
    sqlite3_reset(st);
    return QF_OK;
}
