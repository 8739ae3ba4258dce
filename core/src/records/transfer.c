/* Organisational relationship transfers (组织关系转接): introduction letters in and out, and
 * the receipt that completes them (the sending side stays responsible until it is back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"
#include "rows.h"

static const char *const DIRECTION_NAMES[] = {"in", "out"};
static const char *const STATUS_NAMES[] = {"pending", "completed", "cancelled"};

const char *qf_transfer_direction_name(qf_transfer_direction d)
{
    return (unsigned)d <= QF_TRANSFER_OUT ? DIRECTION_NAMES[d] : "?";
}

int qf_transfer_direction_parse(qf_transfer_direction *out, const char *s)
{
    for (int d = 0; d <= QF_TRANSFER_OUT; d++)
        if (s && strcmp(s, DIRECTION_NAMES[d]) == 0) {
            *out = (qf_transfer_direction)d;
            return QF_OK;
        }
    return qf__err(QF_EINVALID, _("direction '%.40s' is unknown (in, out)"), s ? s : "");
}

const char *qf_transfer_status_name(qf_transfer_status s)
{
    return (unsigned)s <= QF_TRANSFER_CANCELLED ? STATUS_NAMES[s] : "?";
}

int qf_transfer_status_parse(qf_transfer_status *out, const char *s)
{
    for (int k = 0; k <= QF_TRANSFER_CANCELLED; k++)
        if (s && strcmp(s, STATUS_NAMES[k]) == 0) {
            *out = (qf_transfer_status)k;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("transfer status '%.40s' is unknown (pending, completed, "
                     "cancelled)"),
                   s ? s : "");
}

/* The receipt date: real (not in the future), not before the letter, and present exactly
 * when the transfer is completed. */
static int check_receipt(qf_db *db, const qf_transfer *t)
{
    int rc = qf__people_check_day("receipt_date", t->receipt_date, false);
    if (!rc)
        rc = qf__people_check_not_future(db, "receipt_date", t->receipt_date);
    if (rc)
        return rc;
    if (t->receipt_date != QF_DATE_NONE && t->receipt_date < t->letter_date) {
        char a[QF_DAY_BUF], b[QF_DAY_BUF];
        qf__people_fmt_day(t->receipt_date, a);
        qf__people_fmt_day(t->letter_date, b);
        return qf__err(QF_EINVALID, _("receipt_date: %s is before letter_date (%s)"), a, b);
    }
    if (t->status == QF_TRANSFER_COMPLETED && t->receipt_date == QF_DATE_NONE)
        return qf__err(QF_EINVALID, "%s", _("receipt_date: required for a completed transfer"));
    if (t->status != QF_TRANSFER_COMPLETED && t->receipt_date != QF_DATE_NONE) {
        char a[QF_DAY_BUF];
        qf__people_fmt_day(t->receipt_date, a);
        return qf__err(QF_EINVALID, _("status: a %s transfer cannot have a receipt_date (%s)"),
                       qf_transfer_status_name(t->status), a);
    }
    return QF_OK;
}

/* 党费交至: a month "YYYY-MM" (the letter says "党费交至2017年8月"). */
static int check_month(const char *s)
{
    if (!s || !*s)
        return QF_OK;
    qf_date d;
    char day[16];
    if (strlen(s) == 7 && s[4] == '-') {
        snprintf(day, sizeof day, "%s-01", s);
        if (qf_date_parse(&d, day) == QF_OK)
            return QF_OK;
    }
    return qf__err(QF_EINVALID, _("dues_paid_to: '%.40s' is not a month (YYYY-MM, e.g. 2017-08)"),
                   s);
}

static int validate(qf_db *db, const qf_transfer *t)
{
    if ((unsigned)t->direction > QF_TRANSFER_OUT)
        return qf__err(QF_EINVALID, _("direction: %d is unknown"), (int)t->direction);
    if ((unsigned)t->status > QF_TRANSFER_CANCELLED)
        return qf__err(QF_EINVALID, _("status: %d is unknown"), (int)t->status);
    int rc = qf__people_check_day("letter_date", t->letter_date, true);
    if (!rc)
        rc = qf__people_check_not_future(db, "letter_date", t->letter_date);
    if (!rc)
        rc = check_receipt(db, t);
    if (!rc && t->valid_days < 0)
        rc = qf__err(QF_EINVALID, _("valid_days: %d is negative"), t->valid_days);
    if (!rc)
        rc = qf__people_check_line("other_org", t->other_org, false, 400);
    if (!rc)
        rc = qf__people_check_line("letter_no", t->letter_no, false, 64);
    if (!rc)
        rc = qf__check_text("note", t->note, false, 2000);
    if (!rc)
        rc = check_month(t->dues_paid_to);
    if (!rc)
        rc = qf__people_member_exists(db, t->member_id);
    if (rc)
        return rc;
    /* relationships are kept by a branch (or a committee), never by a party group */
    qf_org_kind kind;
    char code[65];
    rc = qf__people_org(db, "org_id", t->org_id, &kind, code);
    if (!rc && kind == QF_ORG_GROUP)
        rc = qf__err(QF_EINVALID,
                     _("org_id: %s is a party group; a relationship is kept by a branch"), code);
    return rc;
}

static void bind_fields(qf_stmt *st, const qf_transfer *t)
{
    qf__bind_int64(st, 1, t->member_id);
    qf__bind_int64(st, 2, t->org_id);
    qf__bind_textn(st, 3, qf_transfer_direction_name(t->direction), -1, QF_STATIC);
    qf__bind_date(st, 4, t->letter_date);
    qf__people_bind_opt(st, 5, t->other_org);
    qf__people_bind_opt(st, 6, t->letter_no);
    qf__bind_int(st, 7, t->valid_days);
    qf__bind_date(st, 8, t->receipt_date);
    qf__bind_textn(st, 9, qf_transfer_status_name(t->status), -1, QF_STATIC);
    qf__people_bind_opt(st, 10, t->note);
    qf__people_bind_opt(st, 11, t->dues_paid_to);
}

int qf_transfer_create(int64_t *id_out, qf_db *db, const qf_transfer *t)
{
    static const char sql[] =
        "INSERT INTO transfer (member_id, org_id, direction, letter_date, other_org, letter_no, "
        "valid_days, receipt_date, status, note, dues_paid_to) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    int rc = validate(db, t);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_fields(st, t);
    rc = qf__exec_stmt(db, st, "transfer");
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

int qf_transfer_update(qf_db *db, const qf_transfer *t)
{
    static const char sql[] =
        "UPDATE transfer SET member_id = ?1, org_id = ?2, direction = ?3, letter_date = ?4, "
        "other_org = ?5, letter_no = ?6, valid_days = ?7, receipt_date = ?8, status = ?9, "
        "note = ?10, dues_paid_to = ?11 WHERE id = ?12";
    int rc = validate(db, t);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_fields(st, t);
    qf__bind_int64(st, 12, t->id);
    rc = qf__exec_stmt(db, st, "transfer");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("transfer %lld does not exist"), (long long)t->id);
    return qf__tx_end(db, rc);
}

int qf_transfer_receipt(qf_db *db, int64_t id, qf_date receipt_date)
{
    qf_transfer *t = NULL;
    int rc = qf_transfer_get(&t, db, id);
    if (rc)
        return rc;
    if (t->status == QF_TRANSFER_CANCELLED) {
        qf_transfer_free(t);
        return qf__err(QF_EINVALID, _("transfer %lld was cancelled; it takes no receipt"),
                       (long long)id);
    }
    /* a completed transfer may have its receipt date corrected */
    qf_transfer changed = *t;
    changed.receipt_date = receipt_date == QF_DATE_NONE ? qf_db_today(db) : receipt_date;
    changed.status = QF_TRANSFER_COMPLETED;
    rc = qf_transfer_update(db, &changed);
    qf_transfer_free(t);
    return rc;
}

int qf_transfer_delete(qf_db *db, int64_t id)
{
    static const char sql[] = "DELETE FROM transfer WHERE id = ?1";
    return qf__delete_by_id(db, sql, id, "transfer", _("transfer %lld does not exist"));
}

#define TRANSFER_COLS                                                                              \
    "id, member_id, org_id, direction, letter_date, other_org, letter_no, valid_days, "            \
    "receipt_date, status, note, dues_paid_to"

static void read_row(qf_stmt *st, qf_transfer *t)
{
    t->id = qf__col_int64(st, 0);
    t->member_id = qf__col_int64(st, 1);
    t->org_id = qf__col_int64(st, 2);
    t->direction = QF_TRANSFER_IN;
    qf_transfer_direction_parse(&t->direction, qf__col_text(st, 3));
    t->letter_date = qf__col_date(st, 4);
    t->other_org = qf__col_text(st, 5);
    t->letter_no = qf__col_text(st, 6);
    t->valid_days = qf__col_int(st, 7);
    t->receipt_date = qf__col_date(st, 8);
    t->status = QF_TRANSFER_PENDING;
    qf_transfer_status_parse(&t->status, qf__col_text(st, 9));
    t->note = qf__col_text(st, 10);
    t->dues_paid_to = qf__col_text(st, 11);
}

int qf_transfer_get(qf_transfer **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " TRANSFER_COLS " FROM transfer WHERE id = ?1";
    *out = NULL;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "transfer", _("transfer %lld does not exist"));
    if (rc)
        return rc;
    qf_transfer row;
    read_row(st, &row);
    const char **fields[] = {&row.other_org, &row.letter_no, &row.note, &row.dues_paid_to};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 4);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_transfer_free(qf_transfer *t)
{
    free(t);
}

struct qf_transfer_iter {
    qf__rows rows;
    qf_transfer row;
};

int qf_transfer_list(qf_transfer_iter **out, qf_db *db, const qf_transfer_filter *f)
{
    qf_transfer_filter def = QF_TRANSFER_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    if (f->status < -1 || f->status > QF_TRANSFER_CANCELLED)
        return qf__err(QF_EINVALID, _("status: %d is unknown"), f->status);
    qf_transfer_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    /* only the filters that are set, so SQLite can use transfer_member: "(?1 = 0 OR …)" read
     * the whole table for every list (a check function lists one member's transfers) */
    char sql[400] = "SELECT " TRANSFER_COLS " FROM transfer WHERE 1 = 1";
    if (f->member_id)
        strcat(sql, " AND member_id = ?1");
    if (f->org_id)
        strcat(sql, " AND org_id = ?2");
    if (f->status >= 0)
        strcat(sql, " AND status = ?3");
    strcat(sql, " ORDER BY letter_date, id");
    int rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->member_id)
        qf__bind_int64(it->rows.st, 1, f->member_id);
    if (f->org_id)
        qf__bind_int64(it->rows.st, 2, f->org_id);
    if (f->status >= 0)
        qf__bind_textn(it->rows.st, 3, qf_transfer_status_name((qf_transfer_status)f->status), -1,
                          QF_STATIC);
    *out = it;
    return QF_OK;
}

int qf_transfer_next(const qf_transfer **row, qf_transfer_iter *it)
{
    int rc = qf__rows_step(&it->rows, "transfer");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_transfer_iter_free(qf_transfer_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
