/* The workday calendar: is a day a working day, working-day arithmetic, listing entries.
 * Lookups go one day at a time through a cached statement: deadlines span days to months, so
 * a few hundred indexed lookups at most, and no window of days to keep consistent. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Far enough for any duration the parser accepts (100000 working days is ~380 years), and a
 * guard against a calendar with no working day in it at all. */
#define QF_MAX_DAYS_SCANNED 200000

const char *qf_day_kind_name(qf_day_kind k)
{
    return k == QF_DAY_WORK ? "work" : "off";
}

/* 1: the calendar says work, 0: off, -1: no entry; < -1 would be an error code. */
static int entry_kind(qf_db *db, qf_date d, int *kind)
{
    static const char sql[] = "SELECT kind FROM calendar_day WHERE day = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_date(st, 1, d);
    int rc = qf__step(st);
    if (rc == QF_ROW)
        *kind = strcmp(qf__col_text(st, 0), "work") == 0 ? 1 : 0;
    else if (rc == QF_DONE)
        *kind = -1;
    else {
        int r = qf__sqlerr(db, rc, "calendar");
        qf__reset(st);
        return r;
    }
    qf__reset(st);
    return QF_OK;
}

int qf_calendar_is_workday(bool *out, qf_db *db, qf_date d)
{
    int kind = -1;
    int rc = entry_kind(db, d, &kind);
    if (rc)
        return rc;
    *out = kind >= 0 ? kind == 1 : qf_date_weekday(d) <= 5;
    return QF_OK;
}

int qf_calendar_add_workdays(qf_date *out, qf_db *db, qf_date d, int n)
{
    int step = n < 0 ? -1 : 1;
    int left = n < 0 ? -n : n;
    qf_date day = d;
    for (int scanned = 0; left > 0; scanned++) {
        if (scanned > QF_MAX_DAYS_SCANNED)
            return qf__err(QF_EINVALID,
                           _("%d working days: the calendar has no working day "
                             "far enough from the date"),
                           n);
        day += step;
        bool work;
        int rc = qf_calendar_is_workday(&work, db, day);
        if (rc)
            return rc;
        if (work)
            left--;
    }
    if (day < qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1) ||
        day > qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31))
        return qf__err(QF_EINVALID, _("%d working days: the result is outside the years %d-%d"), n,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    *out = day;
    return QF_OK;
}

int qf_calendar_add(qf_date *out, qf_db *db, qf_date d, qf_duration dur)
{
    if (dur.unit == QF_DUR_WORKDAYS)
        return qf_calendar_add_workdays(out, db, d, dur.amount);
    return qf_date_add_duration(out, d, dur);
}

int qf_calendar_count_workdays(int *out, qf_db *db, qf_date from, qf_date to)
{
    int n = 0;
    for (qf_date d = from; d <= to; d++) {
        bool work;
        int rc = qf_calendar_is_workday(&work, db, d);
        if (rc)
            return rc;
        n += work;
    }
    *out = n;
    return QF_OK;
}

int qf_calendar_has_year(bool *out, qf_db *db, int year)
{
    static const char sql[] = "SELECT 1 FROM calendar_day WHERE day BETWEEN ?1 AND ?2 LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_date(st, 1, qf_date_from_ymd(year, 1, 1));
    qf__bind_date(st, 2, qf_date_from_ymd(year, 12, 31));
    int rc = qf__step(st);
    *out = rc == QF_ROW;
    qf__reset(st);
    return rc == QF_ROW || rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "calendar");
}

struct qf_calendar_iter {
    qf_stmt *st;
    qf_calendar_day row;
};

int qf_calendar_list(qf_calendar_iter **out, qf_db *db, qf_date from, qf_date to)
{
    *out = NULL;
    qf_calendar_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__prepare(&it->st, db,
                         "SELECT day, kind, name FROM calendar_day WHERE day BETWEEN ?1 AND ?2 "
                         "ORDER BY day");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_date(it->st, 1, from);
    qf__bind_date(it->st, 2, to);
    *out = it;
    return QF_OK;
}

int qf_calendar_next(const qf_calendar_day **row, qf_calendar_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "calendar: %s", qf__errstr(rc));
    it->row.day = qf__col_date(it->st, 0);
    it->row.kind = strcmp(qf__col_text(it->st, 1), "work") == 0 ? QF_DAY_WORK : QF_DAY_OFF;
    it->row.name = qf__col_text(it->st, 2);
    *row = &it->row;
    return QF_OK;
}

void qf_calendar_iter_free(qf_calendar_iter *it)
{
    if (!it)
        return;
    qf__finalize(it->st);
    free(it);
}
