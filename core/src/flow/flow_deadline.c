/* Time rules of steps: what an anchor stands for, the absolute dates stored when a step is
 * entered, their recomputation when the workday calendar changes, and reading them back
 * judged as of a day. Dates are stored, not timers: a case read years later is judged right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

static const char *const DUE_NAMES[] = {"pending", "overdue", "escalated", "waiting",
                                        "ready",   "met",     "missed"};

const char *qf_due_state_name(qf_due_state s)
{
    return (unsigned)s <= QF_DUE_MISSED ? DUE_NAMES[s] : "?";
}

/* The latest completion of `step` in the case: its date and fields (new reference). */
static int last_completion(qf_date *date, json_t **fields, qf_db *db, int64_t case_id,
                           const char *step)
{
    static const char sql[] =
        "SELECT on_date, fields FROM flow_transition WHERE case_id = ?1 AND action = 'complete' "
        "AND step = ?2 ORDER BY seq DESC LIMIT 1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, case_id);
    qf__bind_textn(st, 2, step, -1, QF_TRANSIENT);
    *date = QF_DATE_NONE;
    *fields = NULL;
    if (qf__step(st) == QF_ROW) {
        *date = qf__col_date(st, 0);
        *fields = json_loads(qf__col_text(st, 1), 0, NULL);
    }
    qf__reset(st);
    return QF_OK;
}

static void field_date(qf_date *out, bool *known, json_t *fields, const char *name)
{
    const char *s = json_string_value(json_object_get(fields, name));
    *known = s && qf_date_parse(out, s) == QF_OK;
}

int qf__flow_anchor(qf_date *out, bool *known, const qf_flow_ctx *c, const char *anchor,
                    qf_date entered, const char *own_step, json_t *own_fields)
{
    *known = true;
    if (strcmp(anchor, "entered") == 0) {
        *out = entered;
        return QF_OK;
    }
    if (strcmp(anchor, "start") == 0) {
        *out = c->started;
        return QF_OK;
    }
    char step[80];
    const char *dot = strchr(anchor, '.');
    snprintf(step, sizeof step, "%.*s", dot ? (int)(dot - anchor) : (int)strlen(anchor), anchor);
    if (strcmp(step, "start") == 0) {
        field_date(out, known, c->start_fields, dot + 1);
        return QF_OK;
    }
    if (dot && own_step && own_fields && strcmp(step, own_step) == 0) {
        field_date(out, known, own_fields, dot + 1);
        return QF_OK;
    }
    json_t *fields = NULL;
    int rc = last_completion(out, &fields, c->db, c->case_id, step);
    if (rc)
        return rc;
    if (*out == QF_DATE_NONE)
        *known = false;
    else if (dot)
        field_date(out, known, fields, dot + 1);
    json_decref(fields);
    return QF_OK;
}

int qf__flow_put_deadline(const qf_flow_ctx *c, int64_t entry_id, const char *step, int rule,
                          json_t *spec, qf_date anchor_date, qf_date met, int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO flow_deadline (case_id, entry_id, step, rule, kind, interrupting, anchor, "
        "anchor_date, duration, due, met, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12)";
    json_t *within = json_object_get(spec, "within");
    qf_duration dur;
    char text[16];
    int rc = qf__proc_duration(&dur, text, within ? within : json_object_get(spec, "not_before"),
                               c->params);
    qf_date due = QF_DATE_NONE;
    if (!rc)
        rc = qf_calendar_add(&due, c->db, anchor_date, dur);
    qf_stmt *st = rc ? NULL : qf__stmt(c->db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (rc)
        return rc;
    const char *kind = json_string_value(json_object_get(spec, "kind"));
    qf__bind_int64(st, 1, c->case_id);
    qf__bind_int64(st, 2, entry_id);
    qf__bind_textn(st, 3, step, -1, QF_TRANSIENT);
    qf__bind_int(st, 4, rule);
    qf__bind_textn(st, 5, within ? "within" : "not_before", -1, QF_STATIC);
    qf__bind_int(st, 6, kind && strcmp(kind, "interrupt") == 0);
    qf__bind_text(st, 7, json_string_value(json_object_get(spec, "from")));
    qf__bind_date(st, 8, anchor_date);
    qf__bind_textn(st, 9, text, -1, QF_TRANSIENT);
    qf__bind_date(st, 10, due);
    qf__bind_date(st, 11, met);
    qf__bind_text(st, 12, json_string_value(json_object_get(spec, "label")));
    rc = qf__exec_stmt(c->db, st, "deadline");
    if (!rc && id_out)
        *id_out = qf__last_insert_id(c->db);
    return rc;
}

int qf__flow_enter(const qf_flow_ctx *c, int64_t entry_id, const char *step, qf_date entered)
{
    json_t *s = qf__proc_step(c->def, step);
    size_t i;
    json_t *rule;
    json_array_foreach(json_object_get(s, "deadlines"), i, rule)
    {
        const char *from = json_string_value(json_object_get(rule, "from"));
        size_t n = strlen(step);
        /* rules on the step's own fields are judged when it is completed */
        if (strncmp(from, step, n) == 0 && from[n] == '.')
            continue;
        qf_date anchor;
        bool known;
        int rc = qf__flow_anchor(&anchor, &known, c, from, entered, NULL, NULL);
        if (!rc && known)
            rc = qf__flow_put_deadline(c, entry_id, step, (int)i + 1, rule, anchor, QF_DATE_NONE,
                                       NULL);
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf__flow_recompute_workdays(qf_db *db, int *changed)
{
    static const char sql_upd[] = "UPDATE flow_deadline SET due = ?2 WHERE id = ?1";
    qf_stmt *st = NULL;
    *changed = 0;
    int rc = qf__prepare(&st, db,
                         "SELECT d.id, d.anchor_date, d.duration, d.due FROM flow_deadline d JOIN "
                         "flow_case c ON c.id = d.case_id WHERE c.state = 'active' AND "
                         "d.met IS NULL AND d.duration LIKE '%wd'");
    if (rc)
        return rc;
    while (rc == QF_OK && qf__step(st) == QF_ROW) {
        int64_t id = qf__col_int64(st, 0);
        qf_date anchor = qf__col_date(st, 1), old = qf__col_date(st, 3), due;
        qf_duration dur;
        rc = qf_duration_parse(&dur, qf__col_text(st, 2));
        if (!rc)
            rc = qf_calendar_add(&due, db, anchor, dur);
        if (rc || due == old)
            continue;
        qf_stmt *up = qf__stmt(db, sql_upd);
        if (!up) {
            rc = qf_error_last_code();
            break;
        }
        qf__bind_int64(up, 1, id);
        qf__bind_date(up, 2, due);
        rc = qf__exec_stmt(db, up, "deadline");
        (*changed)++;
    }
    qf__finalize(st);
    return rc;
}

/* ---- reading -------------------------------------------------------------------------------- */

void qf__flow_deadline_row(qf_stmt *st, qf_deadline *d, qf_date today)
{
    d->case_id = qf__col_int64(st, 0);
    d->procedure = qf__col_text(st, 1);
    d->member_id = qf__col_id(st, 2);
    d->org_id = qf__col_id(st, 3);
    d->step = qf__col_text(st, 4);
    d->step_title = qf__col_text(st, 5);
    d->rule = qf__col_int(st, 6);
    d->kind =
        strcmp(qf__col_text(st, 7), "within") == 0 ? QF_DEADLINE_WITHIN : QF_DEADLINE_NOT_BEFORE;
    d->interrupting = qf__col_int(st, 8) != 0;
    d->anchor = qf__col_text(st, 9);
    d->anchor_date = qf__col_date(st, 10);
    d->duration = qf__col_text(st, 11);
    d->due = qf__col_date(st, 12);
    d->met = qf__col_date(st, 13);
    d->label = qf__col_text(st, 14);
    d->days_left = d->due - today;
    if (d->met != QF_DATE_NONE)
        d->state = d->kind == QF_DEADLINE_WITHIN && d->met > d->due ? QF_DUE_MISSED : QF_DUE_MET;
    else if (d->kind == QF_DEADLINE_NOT_BEFORE)
        d->state = d->due > today ? QF_DUE_WAITING : QF_DUE_READY;
    else if (d->due >= today)
        d->state = QF_DUE_PENDING;
    else
        d->state = d->interrupting ? QF_DUE_ESCALATED : QF_DUE_OVERDUE;
}

struct qf_deadline_iter {
    qf_stmt *st;
    qf_date today;
    qf_deadline row;
};

int qf_case_deadlines(qf_deadline_iter **out, qf_db *db, int64_t case_id)
{
    *out = NULL;
    qf_deadline_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = qf__prepare(&it->st, db,
                         "SELECT " QF_DEADLINE_COLS " FROM flow_deadline d JOIN flow_case c ON "
                         "c.id = d.case_id JOIN procedure_def p ON p.id = c.def_id WHERE "
                         "d.case_id = ?1 ORDER BY d.due, d.id");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->st, 1, case_id);
    it->today = qf_db_today(db);
    *out = it;
    return QF_OK;
}

int qf_deadline_next(const qf_deadline **row, qf_deadline_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "deadline: %s", qf__errstr(rc));
    qf__flow_deadline_row(it->st, &it->row, it->today);
    *row = &it->row;
    return QF_OK;
}

void qf_deadline_iter_free(qf_deadline_iter *it)
{
    if (!it)
        return;
    qf__finalize(it->st);
    free(it);
}
