/* Cases: reading and listing them (their state as of today is derived from the deadlines,
 * never stored), cancelling, and the event log they keep. Starting is in flow_start.c,
 * advancing in flow_advance.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

static const char *const STATE_NAMES[] = {"active", "overdue", "completed", "cancelled"};

const char *qf_case_state_name(qf_case_state s)
{
    return (unsigned)s <= QF_CASE_CANCELLED ? STATE_NAMES[s] : "?";
}

int qf_case_state_parse(qf_case_state *out, const char *s)
{
    for (int i = 0; i <= QF_CASE_CANCELLED; i++)
        if (s && strcmp(s, STATE_NAMES[i]) == 0) {
            *out = (qf_case_state)i;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("case state '%.40s' is unknown (active, overdue, completed, cancelled)"),
                   s ? s : "");
}

int qf__flow_record(int64_t *id_out, qf_db *db, int64_t case_id, const char *action,
                    const char *step, const char *to, qf_date date, const char *note,
                    const char *fields, bool late)
{
    static const char sql[] =
        "INSERT INTO flow_transition (case_id, seq, action, step, to_step, on_date, actor, note, "
        "fields, late) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM flow_transition "
        "WHERE case_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, case_id);
    qf__bind_textn(st, 2, action, -1, QF_STATIC);
    qf__bind_text(st, 3, step);
    qf__bind_text(st, 4, to);
    qf__bind_date(st, 5, date);
    qf__bind_textn(st, 6, qf_db_actor(db), -1, QF_STATIC);
    qf__bind_text(st, 7, note && *note ? note : NULL);
    qf__bind_textn(st, 8, fields ? fields : "{}", -1, QF_STATIC);
    qf__bind_int(st, 9, late);
    int rc = qf__exec_stmt(db, st, "case event");
    if (rc == QF_OK)
        *id_out = qf__last_insert_id(db);
    return rc;
}

/* A day something happened: today when not given, never in the future. */
int qf__flow_check_date(qf_db *db, qf_date *d, const char *what)
{
    qf_date today = qf_db_today(db);
    if (*d == QF_DATE_NONE)
        *d = today;
    if (*d > today) {
        char a[11], b[11];
        qf_date_format(*d, a);
        qf_date_format(today, b);
        return qf__err(QF_EINVALID, _("%s: %s is after today (%s); record what has happened"), what,
                       a, b);
    }
    return QF_OK;
}

/* ---- reading ------------------------------------------------------------------------------- */

#define CASE_COLS                                                                                  \
    "c.id, c.procedure, c.rev, json_extract(p.def, '$.title'), c.member_id, "                      \
    "c.org_id, " QF_FLOW_STATE_SQL(                                                                \
        "?9") " AS st, c.step, (SELECT json_extract(s.value, '$.title') "                          \
              "FROM json_each(p.def, '$.steps') s WHERE json_extract(s.value, '$.code') = "        \
              "c.step), "                                                                          \
              "c.entered, c.started, c.ended, c.params, c.fields, c.note"

static void read_row(qf_stmt *st, qf_case *c)
{
    c->id = qf__col_int64(st, 0);
    c->procedure = qf__col_text(st, 1);
    c->rev = qf__col_int(st, 2);
    c->title = qf__col_text(st, 3);
    c->member_id = qf__col_id(st, 4);
    c->org_id = qf__col_id(st, 5);
    c->state = QF_CASE_ACTIVE;
    qf_case_state_parse(&c->state, qf__col_text(st, 6));
    c->step = qf__col_text(st, 7);
    c->step_title = qf__col_text(st, 8);
    c->entered = qf__col_date(st, 9);
    c->started = qf__col_date(st, 10);
    c->ended = qf__col_date(st, 11);
    c->params = qf__col_text(st, 12);
    c->fields = qf__col_text(st, 13);
    c->note = qf__col_text(st, 14);
}

int qf_case_get(qf_case **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " CASE_COLS " FROM flow_case c JOIN procedure_def p ON "
                              "p.id = c.def_id WHERE c.id = ?1";
    *out = NULL;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    qf__bind_date(st, 9, qf_db_today(db));
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc == QF_DONE)
            return qf__err(QF_ENOTFOUND, _("case %lld does not exist"), (long long)id);
        return qf__sqlerr(db, rc, "case");
    }
    qf_case row;
    read_row(st, &row);
    const char **fields[] = {&row.procedure, &row.title,  &row.step, &row.step_title,
                             &row.params,    &row.fields, &row.note};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 7);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_case_free(qf_case *c)
{
    free(c);
}

struct qf_case_iter {
    qf_db *db;
    qf_stmt *st; /* borrowed (qf__borrow): a check function lists a branch's cases, and
                  * preparing this statement each time was 4% of a whole-deployment check */
    qf_case row;
};

int qf_case_list(qf_case_iter **out, qf_db *db, const qf_case_filter *f)
{
    qf_case_filter def = QF_CASE_FILTER_INIT;
    if (!f)
        f = &def;
    *out = NULL;
    if (f->state < -1 || f->state > QF_CASE_CANCELLED)
        return qf__err(QF_EINVALID, _("state: %d is unknown"), f->state);
    qf_case_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    int rc = qf__borrow(
        &it->st, db,
        "WITH RECURSIVE tree(id) AS (SELECT ?3 UNION ALL SELECT o.id FROM org o JOIN tree t ON "
        "o.parent_id = t.id) SELECT * FROM (SELECT " CASE_COLS " FROM flow_case c JOIN "
        "procedure_def p ON p.id = c.def_id WHERE (?1 IS NULL OR c.procedure = ?1) AND "
        "(?2 = 0 OR c.member_id = ?2) AND (?3 = 0 OR c.org_id IN (SELECT id FROM tree))) AS q "
        "WHERE ?4 IS NULL OR (?4 = 'active' AND st IN ('active', 'overdue')) OR st = ?4 "
        "ORDER BY 1");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_text(it->st, 1, f->procedure);
    qf__bind_int64(it->st, 2, f->member_id);
    qf__bind_int64(it->st, 3, f->org_id);
    if (f->state >= 0)
        qf__bind_textn(it->st, 4, qf_case_state_name((qf_case_state)f->state), -1,
                          QF_STATIC);
    qf__bind_date(it->st, 9, qf_db_today(db));
    *out = it;
    return QF_OK;
}

int qf_case_next(const qf_case **row, qf_case_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "case: %s", qf__errstr(rc));
    read_row(it->st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_case_iter_free(qf_case_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}

/* ---- cancelling ---------------------------------------------------------------------------- */

static int cancel(qf_db *db, const qf_case *c, qf_date date, const char *note)
{
    static const char sql[] =
        "UPDATE flow_case SET state = 'cancelled', step = NULL, entry_id = NULL, ended = ?2 "
        "WHERE id = ?1";
    int64_t entry;
    int rc = qf__flow_record(&entry, db, c->id, "cancel", c->step, NULL, date, note, NULL, false);
    qf_stmt *st = rc ? NULL : qf__stmt(db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        qf__bind_int64(st, 1, c->id);
        qf__bind_date(st, 2, date);
        rc = qf__exec_stmt(db, st, "case");
    }
    return rc;
}

int qf_case_cancel(qf_db *db, int64_t case_id, qf_date date, const char *note)
{
    qf_case *c = NULL;
    int rc = qf_case_get(&c, db, case_id);
    if (rc)
        return rc;
    if (c->state == QF_CASE_COMPLETED || c->state == QF_CASE_CANCELLED)
        rc = qf__err(QF_EINVALID, _("case %lld is already %s"), (long long)case_id,
                     qf_case_state_name(c->state));
    if (!rc)
        rc = qf__flow_check_date(db, &date, _("date"));
    if (!rc && date < c->entered) {
        char a[11], b[11];
        qf_date_format(date, a);
        qf_date_format(c->entered, b);
        rc = qf__err(QF_EINVALID, _("date: %s is before the case reached its current step (%s)"), a,
                     b);
    }
    if (!rc)
        rc = qf__check_text("note", note, false, 4000);
    if (!rc) {
        rc = qf__tx_begin(db);
        if (!rc)
            rc = qf__tx_end(db, cancel(db, c, date, note));
    }
    qf_case_free(c);
    return rc;
}
