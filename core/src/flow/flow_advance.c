/*
 * Completing a step. Everything that can refuse is checked before anything is written, in the
 * order a user would fix it: the step (is it the current one?), the date, the fields, the
 * evidence, where the case goes next, "not before" rules, then the Lua guards. Only then is
 * the transition recorded, the next step entered (its deadlines computed) and on_complete run,
 * all inside one savepoint, so a failure anywhere leaves the database as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

typedef struct adv {
    qf_db *db;
    const qf_case *c;
    const qf_advance_options *a;
    qf_flow_ctx ctx;
    json_t *step;   /* the step's definition */
    json_t *fields; /* given now */
    char *fields_text;
    const char *to; /* NULL: the case ends */
    json_t *edge;   /* the transition taken, NULL when ending */
    qf_date date;
    char where[200]; /* "case 3 (admission)" */
} adv;

static const char *title_of(json_t *def, const char *step)
{
    const char *t = qf__proc_step_title(def, step);
    return t ? t : step;
}

static int check_step(adv *v)
{
    const char *want = v->a->step;
    if (!want || !*want)
        return qf__err(QF_EINVALID, _("%s: which step was completed? It is at step %s (%s)"),
                       v->where, v->c->step, title_of(v->ctx.def, v->c->step));
    if (!qf__proc_step(v->ctx.def, want))
        return qf__err(QF_EINVALID, _("%s: procedure %s has no step '%s'"), v->where,
                       v->c->procedure, want);
    if (strcmp(want, v->c->step) != 0)
        return qf__err(QF_EINVALID,
                       _("%s: illegal move: the case is at step %s (%s); step %s (%s) cannot be "
                         "completed now"),
                       v->where, v->c->step, title_of(v->ctx.def, v->c->step), want,
                       title_of(v->ctx.def, want));
    v->step = qf__proc_step(v->ctx.def, want);
    return QF_OK;
}

static int check_date(adv *v)
{
    qf_date today = qf_db_today(v->db);
    v->date = v->a->date == QF_DATE_NONE ? today : v->a->date;
    char a[11], b[11];
    qf_date_format(v->date, a);
    if (v->date > today) {
        qf_date_format(today, b);
        return qf__err(QF_EINVALID, _("%s: date %s is after today (%s); record what has happened"),
                       v->where, a, b);
    }
    if (v->date < v->c->entered) {
        qf_date_format(v->c->entered, b);
        return qf__err(QF_EINVALID, _("%s: date %s is before the step was entered (%s)"), v->where,
                       a, b);
    }
    return QF_OK;
}

static int check_fields(adv *v)
{
    int rc = qf__flow_parse_object(&v->fields, v->a->fields, _("fields"));
    if (rc)
        return rc;
    char where[300];
    snprintf(where, sizeof where, _("%s: step %s"), v->where, v->c->step);
    rc = qf__flow_check_fields(v->db, json_object_get(v->step, "fields"), v->fields, v->ctx.params,
                               where);
    if (!rc && !(v->fields_text = json_dumps(v->fields, JSON_COMPACT | JSON_SORT_KEYS)))
        rc = qf__oom();
    return rc;
}

/* Every required artifact type must be among the evidence given now. */
static int check_evidence(adv *v, const char **types)
{
    static const char sql[] = "SELECT type FROM artifact WHERE id = ?1";
    for (size_t i = 0; i < v->a->n_artifacts; i++) {
        int64_t id = v->a->artifacts[i];
        for (size_t j = 0; j < i; j++)
            if (v->a->artifacts[j] == id)
                return qf__err(QF_EINVALID, _("%s: artifact %lld is given twice"), v->where,
                               (long long)id);
        qf_stmt *st = qf__stmt(v->db, sql);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, id);
        bool found = qf__step(st) == QF_ROW;
        char *t = found ? qf__strdup(qf__col_text(st, 0)) : NULL;
        qf__reset(st);
        if (!found)
            return qf__err(QF_EINVALID, _("%s: artifact %lld does not exist"), v->where,
                           (long long)id);
        if (!t)
            return qf__oom();
        types[i] = t;
    }
    char missing[800] = "";
    size_t k;
    json_t *need;
    json_array_foreach(json_object_get(v->step, "artifacts"), k, need)
    {
        const char *t = json_string_value(need);
        bool found = false;
        for (size_t i = 0; i < v->a->n_artifacts && !found; i++)
            found = strcmp(types[i], t) == 0;
        if (found)
            continue;
        size_t n = strlen(missing);
        snprintf(missing + n, sizeof missing - n, "%s%s (%s)", n ? ", " : "", t,
                 qf_vocab_label(v->db, "artifact_type", t));
    }
    if (*missing)
        return qf__err(QF_EINVALID,
                       _("%s: step %s (%s) cannot be completed: missing evidence of type %s"),
                       v->where, v->c->step, title_of(v->ctx.def, v->c->step), missing);
    return QF_OK;
}

static int choose_next(adv *v)
{
    json_t *next = json_object_get(v->step, "next");
    size_t n = json_array_size(next);
    char choices[800] = "";
    size_t i;
    json_t *t;
    json_array_foreach(next, i, t)
    {
        const char *to = json_string_value(json_object_get(t, "to"));
        size_t len = strlen(choices);
        snprintf(choices + len, sizeof choices - len, "%s%s (%s)", i ? ", " : "", to,
                 title_of(v->ctx.def, to));
        if (v->a->to && strcmp(v->a->to, to) == 0)
            v->edge = t;
    }
    if (v->a->to && *v->a->to) {
        if (!v->edge && n == 0)
            return qf__err(QF_EINVALID,
                           _("%s: step %s is the last: the case ends there, it cannot go on to "
                             "%s"),
                           v->where, v->c->step, v->a->to);
        if (!v->edge)
            return qf__err(QF_EINVALID,
                           _("%s: illegal transition: from step %s the case can go on to %s, "
                             "not to %s"),
                           v->where, v->c->step, choices, v->a->to);
    } else if (n == 1) {
        v->edge = json_array_get(next, 0);
    } else if (n > 1) {
        return qf__err(QF_EINVALID, _("%s: step %s leads to several steps; choose one of %s"),
                       v->where, v->c->step, choices);
    }
    v->to = v->edge ? json_string_value(json_object_get(v->edge, "to")) : NULL;
    return QF_OK;
}

static int refuse_early(adv *v, qf_date due, const char *label, const char *dur, const char *anchor,
                        qf_date anchor_date)
{
    char d[11], a[11], when[11];
    qf_date_format(due, d);
    qf_date_format(anchor_date, a);
    qf_date_format(v->date, when);
    if (label)
        return qf__err(QF_EINVALID, _("%s: step %s cannot be completed on %s: not before %s (%s)"),
                       v->where, v->c->step, when, d, label);
    return qf__err(QF_EINVALID,
                   _("%s: step %s cannot be completed on %s: not before %s (%s after %s on %s)"),
                   v->where, v->c->step, when, d, dur, anchor, a);
}

/* Stored "not before" rules of this visit, and the ones on the step's own fields. */
static int check_not_before(adv *v, int64_t entry_id)
{
    static const char sql[] =
        "SELECT due, label, duration, anchor, anchor_date FROM flow_deadline WHERE case_id = ?1 "
        "AND entry_id = ?2 AND kind = 'not_before' ORDER BY due DESC";
    qf_stmt *st = qf__stmt(v->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, v->c->id);
    qf__bind_int64(st, 2, entry_id);
    int rc = QF_OK;
    if (qf__step(st) == QF_ROW && qf__col_date(st, 0) > v->date)
        rc = refuse_early(v, qf__col_date(st, 0), qf__col_text(st, 1), qf__col_text(st, 2),
                          qf__col_text(st, 3), qf__col_date(st, 4));
    qf__reset(st);
    if (rc)
        return rc;
    size_t i;
    json_t *rule;
    size_t n = strlen(v->c->step);
    json_array_foreach(json_object_get(v->step, "deadlines"), i, rule)
    {
        const char *from = json_string_value(json_object_get(rule, "from"));
        if (strncmp(from, v->c->step, n) != 0 || from[n] != '.')
            continue;
        qf_date anchor, due;
        bool known;
        qf_duration dur;
        char text[16];
        rc = qf__flow_anchor(&anchor, &known, &v->ctx, from, v->c->entered, v->c->step, v->fields);
        if (rc || !known)
            continue;
        if ((rc = qf__proc_duration(&dur, text, json_object_get(rule, "not_before"),
                                    v->ctx.params)) ||
            (rc = qf_calendar_add(&due, v->db, anchor, dur)))
            return rc;
        if (due > v->date)
            return refuse_early(v, due, json_string_value(json_object_get(rule, "label")), text,
                                from, anchor);
    }
    return rc;
}

static int call_hook(adv *v, qf_flow_hook_kind kind, json_t *ref, const char *doc)
{
    if (!ref)
        return QF_OK;
    if (!v->a->hook)
        return qf__err(QF_EINVALID,
                       _("%s: procedure %s has Lua functions; advance the case through the qufa "
                         "command or the Lua module"),
                       v->where, v->c->procedure);
    qf_flow_hook h = {.kind = kind,
                      .ref = json_string_value(json_object_get(ref, "ref")),
                      .c = v->c,
                      .step = v->c->step,
                      .to = v->to,
                      .date = v->date,
                      .fields = v->fields_text};
    qf_error_clear();
    int rc = v->a->hook(v->a->payload, &h);
    if (rc == QF_EUSER) {
        /* a guard that says nothing is explained by the definition's description of it */
        const char *why = h.message[0] ? h.message : doc ? doc : _("(the guard gave no reason)");
        if (kind == QF_HOOK_WHEN)
            return qf__err(QF_EUSER, _("%s: the case cannot go from step %s to %s: %s"), v->where,
                           v->c->step, v->to, why);
        return qf__err(QF_EUSER, _("%s: step %s (%s) cannot be completed: %s"), v->where,
                       v->c->step, title_of(v->ctx.def, v->c->step), why);
    }
    if (rc && !qf_error_last()[0])
        return qf__err(rc, _("%s: a Lua function of step %s failed"), v->where, v->c->step);
    return rc;
}

static int is_late(adv *v, int64_t entry_id, bool *late)
{
    static const char sql[] =
        "SELECT 1 FROM flow_deadline WHERE case_id = ?1 AND entry_id = ?2 AND kind = 'within' "
        "AND met IS NULL AND due < ?3 LIMIT 1";
    qf_stmt *st = qf__stmt(v->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, v->c->id);
    qf__bind_int64(st, 2, entry_id);
    qf__bind_date(st, 3, v->date);
    *late = qf__step(st) == QF_ROW;
    qf__reset(st);
    return QF_OK;
}

static int store(adv *v, int64_t entry_id, const char *const *types)
{
    static const char sql_evidence[] =
        "INSERT INTO flow_evidence (transition_id, artifact_id, type) VALUES (?1, ?2, ?3)";
    static const char sql_met[] =
        "UPDATE flow_deadline SET met = ?3 WHERE case_id = ?1 AND entry_id = ?2 AND met IS NULL";
    static const char sql_move[] =
        "UPDATE flow_case SET step = ?2, entered = ?3, entry_id = ?4 WHERE id = ?1";
    static const char sql_end[] =
        "UPDATE flow_case SET state = 'completed', step = NULL, entry_id = NULL, ended = ?2 "
        "WHERE id = ?1";
    bool late = false;
    int64_t tid = 0;
    int rc = is_late(v, entry_id, &late);
    if (!rc)
        rc = qf__flow_record(&tid, v->db, v->c->id, "complete", v->c->step, v->to, v->date,
                             v->a->note, v->fields_text, late);
    for (size_t i = 0; !rc && i < v->a->n_artifacts; i++) {
        qf_stmt *st = qf__stmt(v->db, sql_evidence);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, tid);
        qf__bind_int64(st, 2, v->a->artifacts[i]);
        qf__bind_textn(st, 3, types[i], -1, QF_STATIC);
        rc = qf__exec_stmt(v->db, st, "evidence");
    }
    /* rules on the step's own fields are kept too, met on the day */
    size_t i, n = strlen(v->c->step);
    json_t *rule;
    json_array_foreach(json_object_get(v->step, "deadlines"), i, rule)
    {
        const char *from = json_string_value(json_object_get(rule, "from"));
        if (rc || strncmp(from, v->c->step, n) != 0 || from[n] != '.')
            continue;
        qf_date anchor;
        bool known;
        rc = qf__flow_anchor(&anchor, &known, &v->ctx, from, v->c->entered, v->c->step, v->fields);
        if (!rc && known)
            rc = qf__flow_put_deadline(&v->ctx, entry_id, v->c->step, (int)i + 1, rule, anchor,
                                       v->date, NULL);
    }
    qf_stmt *st = rc ? NULL : qf__stmt(v->db, sql_met);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        qf__bind_int64(st, 1, v->c->id);
        qf__bind_int64(st, 2, entry_id);
        qf__bind_date(st, 3, v->date);
        rc = qf__exec_stmt(v->db, st, "deadline");
    }
    if (!rc) {
        st = qf__stmt(v->db, v->to ? sql_move : sql_end);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, v->c->id);
        if (v->to) {
            qf__bind_textn(st, 2, v->to, -1, QF_STATIC);
            qf__bind_date(st, 3, v->date);
            qf__bind_int64(st, 4, tid);
        } else {
            qf__bind_date(st, 2, v->date);
        }
        rc = qf__exec_stmt(v->db, st, "case");
    }
    if (!rc && v->to)
        rc = qf__flow_enter(&v->ctx, tid, v->to, v->date);
    return rc;
}

static int current_entry(qf_db *db, int64_t case_id, int64_t *entry, int64_t *def_id)
{
    static const char sql[] = "SELECT entry_id, def_id FROM flow_case WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, case_id);
    int rc = qf__step(st) == QF_ROW ? QF_OK : QF_ENOTFOUND;
    if (!rc) {
        *entry = qf__col_id(st, 0);
        *def_id = qf__col_int64(st, 1);
    }
    qf__reset(st);
    return rc ? qf__err(rc, _("case %lld does not exist"), (long long)case_id) : QF_OK;
}

static int advance(adv *v)
{
    int64_t entry = 0, def_id = 0;
    int rc = current_entry(v->db, v->c->id, &entry, &def_id);
    if (!rc)
        rc = qf__proc_def_by_id(&v->ctx.def, v->db, def_id);
    if (!rc)
        rc = check_step(v);
    if (!rc)
        rc = check_date(v);
    if (!rc)
        rc = check_fields(v);
    const char **types = calloc(v->a->n_artifacts + 1, sizeof *types);
    if (!types)
        return qf__oom();
    if (!rc)
        rc = check_evidence(v, types);
    if (!rc)
        rc = choose_next(v);
    if (!rc)
        rc = check_not_before(v, entry);
    if (!rc)
        rc = call_hook(v, QF_HOOK_GUARD, json_object_get(v->step, "guard"),
                       json_string_value(json_object_get(v->step, "guard_doc")));
    if (!rc && v->edge)
        rc = call_hook(v, QF_HOOK_WHEN, json_object_get(v->edge, "when"),
                       json_string_value(json_object_get(v->edge, "when_doc")));
    if (!rc)
        rc = store(v, entry, types);
    if (!rc)
        rc = call_hook(v, QF_HOOK_COMPLETE, json_object_get(v->step, "on_complete"), NULL);
    for (size_t i = 0; i < v->a->n_artifacts; i++)
        free((char *)types[i]);
    free(types);
    return rc;
}

int qf_case_advance(qf_db *db, int64_t case_id, const qf_advance_options *a)
{
    if (!a || a->version != QF_ADVANCE_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("advance: initialise the options with "
                         "QF_ADVANCE_OPTIONS_INIT"));
    if (a->n_artifacts > 1000)
        return qf__err(QF_EINVALID, _("advance: too many artifacts (%zu)"), a->n_artifacts);
    qf_case *c = NULL;
    int rc = qf_case_get(&c, db, case_id);
    if (rc)
        return rc;
    adv v = {.db = db, .c = c, .a = a};
    snprintf(v.where, sizeof v.where, _("case %lld (%s)"), (long long)c->id, c->procedure);
    if (c->state == QF_CASE_COMPLETED || c->state == QF_CASE_CANCELLED) {
        rc = qf__err(QF_EINVALID, _("%s is %s: it has no step to complete"), v.where,
                     qf_case_state_name(c->state));
        qf_case_free(c);
        return rc;
    }
    rc = qf__check_text("note", a->note, false, 4000);
    v.ctx = (qf_flow_ctx){.db = db, .case_id = c->id, .started = c->started};
    if (!rc)
        rc = qf__flow_parse_object(&v.ctx.params, c->params, "params");
    if (!rc)
        rc = qf__flow_parse_object(&v.ctx.start_fields, c->fields, "fields");
    if (!rc) {
        rc = qf__tx_begin(db);
        if (!rc)
            rc = qf__tx_end(db, advance(&v));
    }
    json_decref(v.ctx.def);
    json_decref(v.ctx.params);
    json_decref(v.ctx.start_fields);
    json_decref(v.fields);
    free(v.fields_text);
    qf_case_free(c);
    return rc;
}
