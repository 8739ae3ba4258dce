/* Attendance: who was present, absent, on leave (with a reason) or late at an activity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activity_internal.h"
#include "rows.h"

static const char *const STATE_NAMES[] = {"present", "absent", "leave", "late"};

const char *qf_attendance_state_name(qf_attendance_state s)
{
    return (unsigned)s <= QF_ATTEND_LATE ? STATE_NAMES[s] : "?";
}

int qf_attendance_state_parse(qf_attendance_state *out, const char *name)
{
    for (int s = 0; s <= QF_ATTEND_LATE; s++)
        if (name && strcmp(name, STATE_NAMES[s]) == 0) {
            *out = (qf_attendance_state)s;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("attendance state '%.40s' is unknown (present, absent, leave, late)"),
                   name ? name : "");
}

/* `index` is the 1-based position in a create's array, 0 for a single qf_attendance_set. The
 * field name is only formatted for a message: per row it cost as much as the checks. */
static const char *field_name(char *buf, size_t size, size_t index, const char *suffix)
{
    if (index)
        snprintf(buf, size, "attendance[%zu]%s", index, suffix);
    else
        snprintf(buf, size, "attendance%s", suffix);
    return buf;
}

int qf__attendance_validate(const qf_attendance *a, size_t index)
{
    char field[48];
    if (a->member_id <= 0)
        return qf__err(QF_EINVALID, _("%s: member id %lld is not valid"),
                       field_name(field, sizeof field, index, ""), (long long)a->member_id);
    if ((unsigned)a->state > QF_ATTEND_LATE)
        return qf__err(QF_EINVALID, _("%s: state %d of member %lld is unknown"),
                       field_name(field, sizeof field, index, ""), (int)a->state,
                       (long long)a->member_id);
    if (!a->reason)
        return QF_OK;
    return qf__check_text(field_name(field, sizeof field, index, ".reason"), a->reason, false,
                          QF_NOTE_MAX);
}

static const char SQL_INSERT[] =
    "INSERT INTO attendance (activity_id, member_id, state, reason) VALUES (?1, ?2, ?3, ?4)";

static void bind_row(qf_stmt *st, int64_t activity_id, const qf_attendance *a)
{
    qf__bind_int64(st, 1, activity_id);
    qf__bind_int64(st, 2, a->member_id);
    qf__bind_textn(st, 3, STATE_NAMES[a->state], -1, QF_STATIC);
    qf__bind_text(st, 4, a->reason);
}

/* One row at a time, naming the member when a row is refused. */
static int insert_rows(qf_db *db, int64_t activity_id, const qf_attendance *rows, size_t n)
{
    /* one cached statement for every row: reset by qf__exec_stmt, all four values rebound */
    qf_stmt *st = qf__stmt(db, SQL_INSERT);
    if (!st)
        return qf_error_last_code();
    for (size_t i = 0; i < n; i++) {
        bind_row(st, activity_id, &rows[i]);
        int rc = qf__exec_stmt(db, st, "attendance");
        if (rc == QF_OK)
            continue;
        /* the activity was just inserted, so a broken reference can only be the member, and a
         * duplicate key can only be the same member listed twice */
        long long m = (long long)rows[i].member_id;
        if (rc == QF_ECONSTRAINT && qf__member_exists(db, rows[i].member_id) == 0)
            return qf__err(QF_ENOTFOUND, _("attendance: member %lld does not exist"), m);
        if (rc == QF_EEXISTS)
            return qf__err(QF_EINVALID, _("attendance: member %lld is listed more than once"), m);
        return rc;
    }
    return QF_OK;
}

/*
 * Several rows per INSERT. The audit trigger makes every write statement keep a statement
 * journal: each statement copies every page it touches (table, indexes, audit log) before
 * changing it, and inside the caller's savepoint those copies pile up until it is released.
 * One statement for a whole activity's attendance instead of one per row cut the instructions
 * of a 20-member activity's create by about a third (docs/performance.md). Batches are 16, 8,
 * 4, 2 or 1 rows, so five cached statements cover every count.
 */
#define ROW "(?,?,?,?)"
#define ROWS2 ROW "," ROW
#define ROWS4 ROWS2 "," ROWS2
#define ROWS8 ROWS4 "," ROWS4
#define INSERT_MANY "INSERT INTO attendance (activity_id, member_id, state, reason) VALUES "
static const char SQL_ROWS2[] = INSERT_MANY ROWS2;
static const char SQL_ROWS4[] = INSERT_MANY ROWS4;
static const char SQL_ROWS8[] = INSERT_MANY ROWS8;
static const char SQL_ROWS16[] = INSERT_MANY ROWS8 "," ROWS8;

static int insert_batch(qf_db *db, int64_t activity_id, const qf_attendance *rows, size_t n)
{
    const char *sql = n == 16 ? SQL_ROWS16 : n == 8 ? SQL_ROWS8 : n == 4 ? SQL_ROWS4 : SQL_ROWS2;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    for (size_t i = 0; i < n; i++) {
        int k = 4 * (int)i;
        qf__bind_int64(st, k + 1, activity_id);
        qf__bind_int64(st, k + 2, rows[i].member_id);
        qf__bind_textn(st, k + 3, STATE_NAMES[rows[i].state], -1, QF_STATIC);
        qf__bind_text(st, k + 4, rows[i].reason);
    }
    if (qf__step(st) == QF_DONE) {
        qf__reset(st);
        return QF_OK;
    }
    int err = qf__errcode(db);
    qf__reset(st);
    /* the statement undid itself; redo its rows one by one to name the member refused */
    int rc = insert_rows(db, activity_id, rows, n);
    return rc ? rc : qf__sqlerr(db, err, "attendance");
}

int qf__attendance_insert_all(qf_db *db, int64_t activity_id, const qf_attendance *rows, size_t n)
{
    size_t i = 0;
    for (size_t batch = 16; batch >= 2; batch /= 2)
        for (; n - i >= batch; i += batch) {
            int rc = insert_batch(db, activity_id, rows + i, batch);
            if (rc)
                return rc;
        }
    return insert_rows(db, activity_id, rows + i, n - i);
}

int qf_attendance_set(qf_db *db, const qf_attendance *a)
{
    /* replaces the member's entry but keeps its row id, so the audit log shows an update */
    static const char sql[] =
        "INSERT INTO attendance (activity_id, member_id, state, reason) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (activity_id, member_id) DO UPDATE SET state = excluded.state, "
        "reason = excluded.reason";
    int rc = qf__check_id("attendance: activity", a->activity_id, true);
    if (!rc)
        rc = qf__attendance_validate(a, 0);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_row(st, a->activity_id, a);
    rc = qf__exec_stmt(db, st, "attendance");
    if (rc == QF_ECONSTRAINT) {
        /* only now find out which reference was missing */
        if (qf__activity_exists(db, a->activity_id) == 0)
            rc =
                qf__err(QF_ENOTFOUND, _("activity %lld does not exist"), (long long)a->activity_id);
        else if (qf__member_exists(db, a->member_id) == 0)
            rc = qf__err(QF_ENOTFOUND, _("attendance: member %lld does not exist"),
                         (long long)a->member_id);
    }
    return qf__tx_end(db, rc);
}

int qf_attendance_remove(qf_db *db, int64_t activity_id, int64_t member_id)
{
    static const char sql[] = "DELETE FROM attendance WHERE activity_id = ?1 AND member_id = ?2";
    int rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, activity_id);
    qf__bind_int64(st, 2, member_id);
    rc = qf__exec_stmt(db, st, "attendance");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("attendance: member %lld is not recorded for activity %lld"),
                     (long long)member_id, (long long)activity_id);
    return qf__tx_end(db, rc);
}

struct qf_attendance_iter {
    qf__rows rows;
    qf_attendance row;
};

int qf_attendance_list(qf_attendance_iter **out, qf_db *db, int64_t activity_id)
{
    *out = NULL;
    int rc = qf__activity_require(db, activity_id);
    if (rc)
        return rc;
    qf_attendance_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    /* in the order the entries were made (a create keeps its array order) */
    rc = qf__rows_open(&it->rows, db,
                     "SELECT activity_id, member_id, state, reason FROM attendance "
                     "WHERE activity_id = ?1 ORDER BY id");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, activity_id);
    *out = it;
    return QF_OK;
}

int qf_attendance_next(const qf_attendance **row, qf_attendance_iter *it)
{
    int rc = qf__rows_step(&it->rows, "attendance");
    if (rc)
        return rc;
    it->row.activity_id = qf__col_int64(it->rows.st, 0);
    it->row.member_id = qf__col_int64(it->rows.st, 1);
    it->row.state = QF_ATTEND_PRESENT;
    qf_attendance_state_parse(&it->row.state, qf__col_text(it->rows.st, 2));
    it->row.reason = qf__col_text(it->rows.st, 3);
    *row = &it->row;
    return QF_OK;
}

void qf_attendance_iter_free(qf_attendance_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
