/* Activities (三会一课, 主题党日, 半月谈 …): create with all their parts at once, update, delete,
 * get and list. Attendance, guests and agenda live in attendance.c, guest.c and agenda.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "activity_internal.h"
#include "rows.h"

static int validate(qf_db *db, const qf_activity *a)
{
    int rc = qf__check_id("org", a->org_id, true);
    if (!rc)
        rc = qf__check_utf8("kind", a->kind);
    if (!rc)
        rc = qf_vocab_check(db, "activity_kind", a->kind);
    if (!rc)
        rc = qf__check_text("title", a->title, true, QF_TITLE_MAX);
    if (!rc)
        rc = qf__check_text("topic", a->topic, false, QF_TITLE_MAX);
    if (!rc)
        rc = qf__check_text("place", a->place, false, QF_TITLE_MAX);
    if (!rc)
        rc = qf__check_datetime("starts_at", a->starts_at, true);
    if (!rc)
        rc = qf__check_datetime("ends_at", a->ends_at, false);
    if (!rc && a->ends_at != QF_DATETIME_NONE && a->ends_at < a->starts_at) {
        char s[17], e[17];
        qf_datetime_format(a->starts_at, s);
        qf_datetime_format(a->ends_at, e);
        rc = qf__err(QF_EINVALID, _("ends_at: %s is before starts_at %s"), e, s);
    }
    if (!rc)
        rc = qf__check_id("host", a->host_id, false);
    if (!rc)
        rc = qf__check_id("recorder", a->recorder_id, false);
    if (!rc)
        rc = qf__check_id("lecturer", a->lecturer_id, false);
    if (!rc)
        rc = qf__check_json_object(db, "attrs", a->attrs);
    return rc;
}

static int validate_parts(qf_db *db, const qf_activity_parts *p)
{
    if ((p->n_attendance && !p->attendance) || (p->n_guests && !p->guests) ||
        (p->n_agenda && !p->agenda))
        return qf__err(QF_EINVALID, "%s",
                       _("activity parts: a count is set but its array is NULL"));
    for (size_t i = 0; i < p->n_attendance; i++) {
        int rc = qf__attendance_validate(&p->attendance[i], i + 1);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < p->n_guests; i++) {
        int rc = qf__guest_validate(db, &p->guests[i], i + 1);
        if (rc)
            return rc;
    }
    return qf__agenda_validate(p->agenda, p->n_agenda);
}

/*
 * After a foreign-key failure on the activity row, find which reference was missing. Only the
 * error path pays for these look-ups.
 */
static int explain_missing_reference(qf_db *db, const qf_activity *a, int rc)
{
    if (qf__org_exists(db, a->org_id) == 0)
        return qf__err(QF_ENOTFOUND, _("activity: org %lld does not exist"), (long long)a->org_id);
    static const char *const roles[] = {N_("host"), N_("recorder"), N_("lecturer")};
    const int64_t ids[] = {a->host_id, a->recorder_id, a->lecturer_id};
    for (int i = 0; i < 3; i++)
        if (ids[i] && qf__member_exists(db, ids[i]) == 0)
            return qf__err(QF_ENOTFOUND, _("activity: %s member %lld does not exist"), _(roles[i]),
                           (long long)ids[i]);
    return rc;
}

/* Binds ?1..?11 in the column order shared by the INSERT and the UPDATE. */
static void bind_activity(qf_stmt *st, const qf_activity *a)
{
    qf__bind_int64(st, 1, a->org_id);
    qf__bind_textn(st, 2, a->kind, -1, QF_STATIC);
    qf__bind_textn(st, 3, a->title, -1, QF_STATIC);
    qf__bind_text(st, 4, a->topic && *a->topic ? a->topic : NULL);
    qf__bind_datetime(st, 5, a->starts_at);
    qf__bind_datetime(st, 6, a->ends_at);
    qf__bind_text(st, 7, a->place && *a->place ? a->place : NULL);
    qf__bind_id(st, 8, a->host_id);
    qf__bind_id(st, 9, a->recorder_id);
    qf__bind_id(st, 10, a->lecturer_id);
    qf__bind_attrs(st, 11, a->attrs);
}

static int insert_parts(qf_db *db, int64_t id, const qf_activity_parts *p)
{
    int rc = qf__attendance_insert_all(db, id, p->attendance, p->n_attendance);
    for (size_t i = 0; !rc && i < p->n_guests; i++)
        rc = qf__guest_insert(NULL, db, id, &p->guests[i]);
    if (!rc)
        rc = qf__agenda_insert_all(db, id, p->agenda, p->n_agenda);
    return rc;
}

int qf_activity_create(int64_t *id_out, qf_db *db, const qf_activity *a,
                       const qf_activity_parts *parts)
{
    static const char sql[] =
        "INSERT INTO activity (org_id, kind, title, topic, starts_at, ends_at, place, host_id, "
        "recorder_id, lecturer_id, attrs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    static const qf_activity_parts none = {NULL, 0, NULL, 0, NULL, 0};
    if (!parts)
        parts = &none;
    /* everything that can be checked without writing is checked before the savepoint */
    int rc = validate(db, a);
    if (!rc)
        rc = validate_parts(db, parts);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_activity(st, a);
    rc = qf__exec_stmt(db, st, "activity");
    if (rc == QF_ECONSTRAINT)
        rc = explain_missing_reference(db, a, rc);
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    if (!rc)
        rc = insert_parts(db, id, parts);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

int qf_activity_update(qf_db *db, const qf_activity *a)
{
    static const char sql[] =
        "UPDATE activity SET org_id = ?1, kind = ?2, title = ?3, topic = ?4, starts_at = ?5, "
        "ends_at = ?6, place = ?7, host_id = ?8, recorder_id = ?9, lecturer_id = ?10, "
        "attrs = ?11 WHERE id = ?12";
    int rc = validate(db, a);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    bind_activity(st, a);
    qf__bind_int64(st, 12, a->id);
    rc = qf__exec_stmt(db, st, "activity");
    if (rc == QF_ECONSTRAINT)
        rc = explain_missing_reference(db, a, rc);
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("activity %lld does not exist"), (long long)a->id);
    return qf__tx_end(db, rc);
}

int qf_activity_delete(qf_db *db, int64_t id)
{
    /* attendance, guests, agenda and artifacts go with it (ON DELETE CASCADE); blobs no longer
     * referenced are removed by the artifact_blob_gc trigger (schema 0004) */
    static const char sql[] = "DELETE FROM activity WHERE id = ?1";
    return qf__delete_by_id(db, sql, id, "activity", _("activity %lld does not exist"));
}

#define ACTIVITY_COLUMNS                                                                           \
    "a.id, a.org_id, a.kind, a.title, a.topic, a.starts_at, a.ends_at, a.place, a.host_id, "       \
    "a.recorder_id, a.lecturer_id, a.attrs"

static void read_row(qf_stmt *st, qf_activity *a)
{
    a->id = qf__col_int64(st, 0);
    a->org_id = qf__col_int64(st, 1);
    a->kind = qf__col_text(st, 2);
    a->title = qf__col_text(st, 3);
    a->topic = qf__col_text(st, 4);
    a->starts_at = qf__col_datetime(st, 5);
    a->ends_at = qf__col_datetime(st, 6);
    a->place = qf__col_text(st, 7);
    a->host_id = qf__col_id(st, 8);
    a->recorder_id = qf__col_id(st, 9);
    a->lecturer_id = qf__col_id(st, 10);
    a->attrs = qf__col_text(st, 11);
}

int qf_activity_get(qf_activity **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " ACTIVITY_COLUMNS " FROM activity a WHERE a.id = ?1";
    *out = NULL;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "activity", _("activity %lld does not exist"));
    if (rc)
        return rc;
    qf_activity row;
    read_row(st, &row);
    const char **fields[] = {&row.kind, &row.title, &row.topic, &row.place, &row.attrs};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 5);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_activity_free(qf_activity *a)
{
    free(a);
}

/* What a listing selects: whole rows, each kind with its number, or the four columns the count
 * scan needs (read from the activity_org index alone, without the rows). */
typedef enum list_shape { LIST_ROWS, LIST_KINDS, LIST_BRIEF } list_shape;

struct qf_activity_iter {
    qf__rows rows;
    list_shape shape;
    qf_activity row;
    qf_kind_count kinds; /* the row of qf_activity_kinds */
};

static int validate_filter(qf_db *db, const qf_activity_filter *f)
{
    if (f->version < 1 || f->version > QF_ACTIVITY_FILTER_VERSION)
        return qf__err(QF_EINVALID,
                       _("activity filter: version %u is unknown (initialise it with "
                         "QF_ACTIVITY_FILTER_INIT)"),
                       f->version);
    int rc = qf__check_id("filter.org_id", f->org_id, false);
    if (!rc)
        rc = qf__check_id("filter.under", f->under, false);
    if (!rc && f->kind) {
        rc = qf__check_utf8("filter.kind", f->kind);
        if (!rc) /* a misspelt kind is an error, not an empty list */
            rc = qf_vocab_check(db, "activity_kind", f->kind);
    }
    if (!rc)
        rc = qf__check_date_opt("filter.from", f->from);
    if (!rc)
        rc = qf__check_date_opt("filter.to", f->to);
    if (!rc && f->from != QF_DATE_NONE && f->to != QF_DATE_NONE && f->from > f->to) {
        char a[11], b[11];
        qf_date_format(f->from, a);
        qf_date_format(f->to, b);
        rc = qf__err(QF_EINVALID, _("activity filter: from %s is after to %s"), a, b);
    }
    return rc;
}

/*
 * The query is assembled from fixed fragments, one per filter that is set, so each filtered
 * column stays bare and SQLite can use activity_org (org, kind, start) or activity_start.
 * `under` walks the org tree down from one org with a recursive CTE. starts_at is
 * "YYYY-MM-DD HH:MM" text, so "on or after day F" is starts_at >= 'F' and "on or before day T"
 * is starts_at < 'T+1'.
 */
static int build_list_sql(char *sql, size_t size, const qf_activity_filter *f, list_shape shape)
{
    bool kinds = shape == LIST_KINDS;
    sql[0] = '\0';
    int rc = QF_OK;
    if (f->under)
        rc = qf__sql_append(sql, size,
                            "WITH RECURSIVE sub(id) AS (SELECT ?2 UNION SELECT o.id FROM org o "
                            "JOIN sub ON o.parent_id = sub.id) ");
    if (!rc && kinds)
        rc = qf__sql_append(sql, size, "SELECT a.kind, count(*) FROM activity a WHERE 1 = 1");
    else if (!rc && shape == LIST_BRIEF)
        rc = qf__sql_append(sql, size,
                            "SELECT a.id, a.org_id, a.kind, a.starts_at FROM activity a WHERE 1 = 1");
    else if (!rc)
        rc = qf__sql_append(sql, size, "SELECT " ACTIVITY_COLUMNS " FROM activity a WHERE 1 = 1");
    if (!rc && f->org_id)
        rc = qf__sql_append(sql, size, " AND a.org_id = ?1");
    if (!rc && f->under)
        rc = qf__sql_append(sql, size, " AND a.org_id IN (SELECT id FROM sub)");
    if (!rc && f->kind)
        rc = qf__sql_append(sql, size, " AND a.kind = ?3");
    if (!rc && f->from != QF_DATE_NONE)
        rc = qf__sql_append(sql, size, " AND a.starts_at >= ?4");
    if (!rc && f->to != QF_DATE_NONE)
        rc = qf__sql_append(sql, size, " AND a.starts_at < ?5");
    if (!rc && kinds)
        rc = qf__sql_append(sql, size, " GROUP BY a.kind ORDER BY a.kind");
    else if (!rc)
        rc = qf__sql_append(sql, size, " ORDER BY a.starts_at, a.id");
    return rc;
}

static int open_list(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f,
                     list_shape shape)
{
    qf_activity_filter def = QF_ACTIVITY_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    char sql[1024];
    int rc = validate_filter(db, f);
    if (!rc)
        rc = build_list_sql(sql, sizeof sql, f, shape);
    if (rc)
        return rc;
    qf_activity_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->shape = shape;
    rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    /* only the parameters that appear in the query are bound */
    if (f->org_id)
        qf__bind_int64(it->rows.st, 1, f->org_id);
    if (f->under)
        qf__bind_int64(it->rows.st, 2, f->under);
    if (f->kind)
        qf__bind_textn(it->rows.st, 3, f->kind, -1, QF_TRANSIENT);
    if (f->from != QF_DATE_NONE)
        qf__bind_date(it->rows.st, 4, f->from);
    if (f->to != QF_DATE_NONE)
        qf__bind_date(it->rows.st, 5, f->to + 1);
    *out = it;
    return QF_OK;
}

int qf_activity_list(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f)
{
    return open_list(out, db, f, LIST_ROWS);
}

int qf__activity_list_brief(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f)
{
    return open_list(out, db, f, LIST_BRIEF);
}

/* One aggregate where a report would list every activity to count its kinds. */
int qf_activity_kinds(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f)
{
    return open_list(out, db, f, LIST_KINDS);
}

int qf_activity_kind_next(const qf_kind_count **row, qf_activity_iter *it)
{
    int rc = qf__rows_step(&it->rows, "activity");
    if (rc)
        return rc;
    it->kinds.kind = qf__col_text(it->rows.st, 0);
    it->kinds.n = qf__col_int64(it->rows.st, 1);
    *row = &it->kinds;
    return QF_OK;
}

int qf_activity_next(const qf_activity **row, qf_activity_iter *it)
{
    int rc = qf__rows_step(&it->rows, "activity");
    if (rc)
        return rc;
    if (it->shape == LIST_BRIEF) {
        it->row = (qf_activity){.id = qf__col_int64(it->rows.st, 0),
                                .org_id = qf__col_int64(it->rows.st, 1),
                                .kind = qf__col_text(it->rows.st, 2),
                                .starts_at = qf__col_datetime(it->rows.st, 3)};
    } else {
        read_row(it->rows.st, &it->row);
    }
    *row = &it->row;
    return QF_OK;
}

void qf_activity_iter_free(qf_activity_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
