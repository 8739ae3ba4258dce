/* Posts held by members in an org over [start, end] (书记, 组织委员, 纪检委员 …). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"
#include "rows.h"

static int validate(qf_db *db, const qf_position *p)
{
    int rc = qf__people_check_day("start", p->start, true);
    if (!rc)
        rc = qf__people_check_day("end", p->end, false);
    if (!rc)
        rc = qf__people_check_range("end", p->start, p->end);
    if (!rc)
        rc = qf__check_text("note", p->note, false, 2000);
    if (!rc)
        rc = qf_vocab_check(db, "post", p->post);
    if (!rc)
        rc = qf__people_member_exists(db, p->member_id);
    if (!rc)
        rc = qf__people_org(db, "org_id", p->org_id, NULL, NULL);
    return rc;
}

/* The same member holding the same post in the same org twice on one day is a data error
 * (a second person on the same post is fine: committee members rotate duty). */
static int check_overlap(qf_db *db, const qf_position *p)
{
    static const char sql[] =
        "SELECT id, start, \"end\" FROM position WHERE member_id = ?1 AND org_id = ?2 AND post = ?3 "
        "AND id <> ?4 AND (?6 IS NULL OR start <= ?6) AND (\"end\" IS NULL OR \"end\" >= ?5) "
        "ORDER BY start LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, p->member_id);
    qf__bind_int64(st, 2, p->org_id);
    qf__bind_textn(st, 3, p->post, -1, QF_STATIC);
    qf__bind_int64(st, 4, p->id);
    qf__bind_date(st, 5, p->start);
    qf__bind_date(st, 6, p->end);
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "position");
    }
    char held[QF_RANGE_BUF], asked[QF_RANGE_BUF];
    long long other = qf__col_int64(st, 0);
    qf__people_fmt_range(qf__col_date(st, 1), qf__col_date(st, 2), held);
    qf__people_fmt_range(p->start, p->end, asked);
    qf__reset(st);
    return qf__err(QF_ECONSTRAINT,
                   _("position: member %lld already holds %s here for %s (position %lld), which "
                     "overlaps %s"),
                   (long long)p->member_id, p->post, held, other, asked);
}

static void bind_fields(qf_stmt *st, const qf_position *p)
{
    qf__bind_int64(st, 1, p->member_id);
    qf__bind_int64(st, 2, p->org_id);
    qf__bind_textn(st, 3, p->post, -1, QF_STATIC);
    qf__bind_date(st, 4, p->start);
    qf__bind_date(st, 5, p->end);
    qf__people_bind_opt(st, 6, p->note);
}

int qf_position_create(int64_t *id_out, qf_db *db, const qf_position *p)
{
    static const char sql[] = "INSERT INTO position (member_id, org_id, post, start, \"end\", note) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    qf_position fresh = *p;
    fresh.id = 0; /* a new row overlaps every existing one it touches */
    int rc = validate(db, &fresh);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    rc = check_overlap(db, &fresh);
    qf_stmt *st = rc ? NULL : qf__stmt(db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        bind_fields(st, &fresh);
        rc = qf__exec_stmt(db, st, "position");
    }
    int64_t id = rc ? 0 : qf__last_insert_id(db);
    rc = qf__tx_end(db, rc);
    if (rc == QF_OK && id_out)
        *id_out = id;
    return rc;
}

int qf_position_update(qf_db *db, const qf_position *p)
{
    static const char sql[] = "UPDATE position SET member_id = ?1, org_id = ?2, post = ?3, "
                              "start = ?4, \"end\" = ?5, note = ?6 WHERE id = ?7";
    int rc = validate(db, p);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    rc = check_overlap(db, p);
    qf_stmt *st = rc ? NULL : qf__stmt(db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        bind_fields(st, p);
        qf__bind_int64(st, 7, p->id);
        rc = qf__exec_stmt(db, st, "position");
    }
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("position %lld does not exist"), (long long)p->id);
    return qf__tx_end(db, rc);
}

int qf_position_delete(qf_db *db, int64_t id)
{
    static const char sql[] = "DELETE FROM position WHERE id = ?1";
    return qf__delete_by_id(db, sql, id, "position", _("position %lld does not exist"));
}

#define POSITION_COLS "id, member_id, org_id, post, start, \"end\", note"

static void read_row(qf_stmt *st, qf_position *p)
{
    p->id = qf__col_int64(st, 0);
    p->member_id = qf__col_int64(st, 1);
    p->org_id = qf__col_int64(st, 2);
    p->post = qf__col_text(st, 3);
    p->start = qf__col_date(st, 4);
    p->end = qf__col_date(st, 5);
    p->note = qf__col_text(st, 6);
}

int qf_position_get(qf_position **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " POSITION_COLS " FROM position WHERE id = ?1";
    *out = NULL;
    qf_stmt *st;
    int rc = qf__row_by_id(&st, db, sql, id, "position", _("position %lld does not exist"));
    if (rc)
        return rc;
    qf_position row;
    read_row(st, &row);
    const char **fields[] = {&row.post, &row.note};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 2);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_position_free(qf_position *p)
{
    free(p);
}

int qf_position_end(qf_db *db, int64_t id, qf_date end)
{
    if (end == QF_DATE_NONE)
        end = qf_db_today(db);
    qf_position *p = NULL;
    int rc = qf_position_get(&p, db, id);
    if (rc)
        return rc;
    qf_position changed = *p;
    changed.end = end;
    /* the same checks as an update: end not before start, no overlap if it moved later */
    rc = qf_position_update(db, &changed);
    qf_position_free(p);
    return rc;
}

struct qf_position_iter {
    qf__rows rows;
    qf_position row;
};

int qf_position_list(qf_position_iter **out, qf_db *db, const qf_position_filter *f)
{
    qf_position_filter def = QF_POSITION_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    int rc = qf__people_check_day("on", f->on, false);
    if (!rc && f->post)
        rc = qf_vocab_check(db, "post", f->post);
    if (rc)
        return rc;
    qf_position_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    /* only the filters that are set, each column bare, so SQLite can use position_org or
     * position_member: "(?1 = 0 OR org_id = ?1)" made every list scan the whole table (a
     * deployment check asks for each branch's posts, so it grew as the square of the branches) */
    char sql[400] = "SELECT " POSITION_COLS " FROM position WHERE 1 = 1";
    if (f->org_id)
        strcat(sql, " AND org_id = ?1");
    if (f->member_id)
        strcat(sql, " AND member_id = ?2");
    if (f->post)
        strcat(sql, " AND post = ?3");
    if (f->on != QF_DATE_NONE)
        strcat(sql, " AND start <= ?4 AND (\"end\" IS NULL OR \"end\" >= ?4)");
    strcat(sql, " ORDER BY start, id");
    rc = qf__rows_open(&it->rows, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->org_id)
        qf__bind_int64(it->rows.st, 1, f->org_id);
    if (f->member_id)
        qf__bind_int64(it->rows.st, 2, f->member_id);
    if (f->post)
        qf__bind_text(it->rows.st, 3, f->post);
    if (f->on != QF_DATE_NONE)
        qf__bind_date(it->rows.st, 4, f->on);
    *out = it;
    return QF_OK;
}

int qf_position_next(const qf_position **row, qf_position_iter *it)
{
    int rc = qf__rows_step(&it->rows, "position");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_position_iter_free(qf_position_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}

int qf_position_holder(int64_t *member_id, qf_db *db, int64_t org_id, const char *post, qf_date on)
{
    /* two holders on one day happen with rotating duty: the one who took over last answers */
    static const char sql[] =
        "SELECT member_id FROM position WHERE org_id = ?1 AND post = ?2 AND start <= ?3 "
        "AND (\"end\" IS NULL OR \"end\" >= ?3) ORDER BY start DESC, id DESC LIMIT 1";
    if (on == QF_DATE_NONE)
        on = qf_db_today(db);
    int rc = qf__people_check_day("on", on, true);
    if (!rc)
        rc = qf_vocab_check(db, "post", post);
    if (!rc)
        rc = qf__people_org(db, "org_id", org_id, NULL, NULL);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    qf__bind_textn(st, 2, post, -1, QF_STATIC);
    qf__bind_date(st, 3, on);
    rc = qf__step(st);
    *member_id = rc == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "position");
    return QF_OK;
}
