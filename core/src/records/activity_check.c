/* Validation and existence probes shared by activities, their parts and artifacts. */
#include <string.h>
#include "activity_internal.h"

static qf_datetime first_minute(void)
{
    return qf_datetime_from_date(qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1), 0, 0);
}

static qf_datetime last_minute(void)
{
    return qf_datetime_from_date(qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31), 23, 59);
}

int qf__check_datetime(const char *field, qf_datetime t, bool required)
{
    if (t == QF_DATETIME_NONE) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: a date-time is required"), field);
        return QF_OK;
    }
    /* outside this range the stored text would not be "YYYY-MM-DD HH:MM" and would not sort */
    if (t < first_minute() || t > last_minute())
        return qf__err(QF_EINVALID, _("%s: date-time out of range (years %d-%d)"), field,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    return QF_OK;
}

int qf__check_date_opt(const char *field, qf_date d)
{
    if (d == QF_DATE_NONE)
        return QF_OK;
    if (d < qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1) ||
        d > qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31))
        return qf__err(QF_EINVALID, _("%s: date out of range (years %d-%d)"), field,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    return QF_OK;
}

int qf__check_id(const char *field, int64_t id, bool required)
{
    if (id < 0)
        return qf__err(QF_EINVALID, _("%s: %lld is not a valid id"), field, (long long)id);
    if (id == 0 && required)
        return qf__err(QF_EINVALID, _("%s: required"), field);
    return QF_OK;
}

int qf__row_exists(qf_db *db, const char *sql, int64_t id)
{
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = qf__step(st);
    qf__reset(st);
    if (rc == QF_ROW)
        return 1;
    if (rc == QF_DONE)
        return 0;
    return qf__sqlerr(db, rc, "exists");
}

int qf__member_exists(qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM member WHERE id = ?1";
    return qf__row_exists(db, sql, id);
}

int qf__org_exists(qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM org WHERE id = ?1";
    return qf__row_exists(db, sql, id);
}

int qf__activity_exists(qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM activity WHERE id = ?1";
    return qf__row_exists(db, sql, id);
}

int qf__activity_require(qf_db *db, int64_t activity_id)
{
    int rc = qf__activity_exists(db, activity_id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return qf__err(QF_ENOTFOUND, _("activity %lld does not exist"), (long long)activity_id);
    return QF_OK;
}

int qf__sql_append(char *buf, size_t size, const char *fragment)
{
    size_t have = strlen(buf), add = strlen(fragment);
    /* the fragments are constants and the buffers sized for all of them: a query missing a
     * filter would silently return too much, so refuse rather than truncate */
    if (have + add >= size)
        return qf__err(QF_ERROR, "internal: query buffer too small for '%.40s'", fragment);
    memcpy(buf + have, fragment, add + 1);
    return QF_OK;
}
