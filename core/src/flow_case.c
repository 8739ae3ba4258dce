/* Cases: starting one at the first step, reading and listing them (their state as of today is
 * derived from the deadlines, never stored), cancelling, and the event log they keep. */
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
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
    qf__bind_text(st, 3, step);
    qf__bind_text(st, 4, to);
    qf__bind_date(st, 5, date);
    sqlite3_bind_text(st, 6, qf_db_actor(db), -1, SQLITE_STATIC);
    qf__bind_text(st, 7, note && *note ? note : NULL);
    sqlite3_bind_text(st, 8, fields ? fields : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, late);
    int rc = qf__exec_stmt(db, st, "case event");
    if (rc == QF_OK)
        *id_out = sqlite3_last_insert_rowid(db->sql);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------------- */

#define CASE_COLS                                                                                  \
    "c.id, c.procedure, c.rev, json_extract(p.def, '$.title'), c.member_id, c.org_id, "            \
    QF_FLOW_STATE_SQL("?9") " AS st, c.step, (SELECT json_extract(s.value, '$.title') FROM "              \
    "json_each(p.def, '$.steps') s WHERE json_extract(s.value, '$.code') = c.step), c.entered, "   \
    "c.started, c.ended, c.params, c.fields, c.note"

static void read_row(sqlite3_stmt *st, qf_case *c)
{
    c->id = sqlite3_column_int64(st, 0);
    c->procedure = qf__col_text(st, 1);
    c->rev = sqlite3_column_int(st, 2);
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
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, id);
    qf__bind_date(st, 9, qf_db_today(db));
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return qf__err(QF_ENOTFOUND, _("case %lld does not exist"), (long long)id);
        return qf__sqlerr(db, rc, "case");
    }
    qf_case row;
    read_row(st, &row);
    const char **fields[] = {&row.procedure, &row.title, &row.step, &row.step_title,
                             &row.params, &row.fields, &row.note};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 7);
    sqlite3_reset(st);
    return *out ? QF_OK : qf__oom();
}

void qf_case_free(qf_case *c)
{
    free(c);
}

struct qf_case_iter {
    sqlite3_stmt *st;
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
    int rc = qf__prepare(
        &it->st, db,
        "WITH RECURSIVE tree(id) AS (SELECT ?3 UNION ALL SELECT o.id FROM org o JOIN tree t ON "
        "o.parent_id = t.id) SELECT * FROM (SELECT " CASE_COLS " FROM flow_case c JOIN "
        "procedure_def p ON p.id = c.def_id WHERE (?1 IS NULL OR c.procedure = ?1) AND "
        "(?2 = 0 OR c.member_id = ?2) AND (?3 = 0 OR c.org_id IN (SELECT id FROM tree))) "
        "WHERE ?4 IS NULL OR (?4 = 'active' AND st IN ('active', 'overdue')) OR st = ?4 "
        "ORDER BY 1");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_text(it->st, 1, f->procedure);
    sqlite3_bind_int64(it->st, 2, f->member_id);
    sqlite3_bind_int64(it->st, 3, f->org_id);
    if (f->state >= 0)
        sqlite3_bind_text(it->st, 4, qf_case_state_name((qf_case_state)f->state), -1,
                          SQLITE_STATIC);
    qf__bind_date(it->st, 9, qf_db_today(db));
    *out = it;
    return QF_OK;
}

int qf_case_next(const qf_case **row, qf_case_iter *it)
{
    int rc = sqlite3_step(it->st);
    if (rc == SQLITE_DONE)
        return QF_ITEROVER;
    if (rc != SQLITE_ROW)
        return qf__err(QF_ERROR, "case: %s", sqlite3_errstr(rc));
    read_row(it->st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_case_iter_free(qf_case_iter *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->st);
    free(it);
}

/* ---- starting ------------------------------------------------------------------------------ */

static int check_date(qf_db *db, qf_date *d, const char *what)
{
    qf_date today = qf_db_today(db);
    if (*d == QF_DATE_NONE)
        *d = today;
    if (*d > today) {
        char a[11], b[11];
        qf_date_format(*d, a);
        qf_date_format(today, b);
        return qf__err(QF_EINVALID, _("%s: %s is after today (%s); record what has happened"),
                       what, a, b);
    }
    return QF_OK;
}

/* The subject and the org the case belongs to. */
static int resolve_subject(int64_t *org, qf_db *db, const char *subject, const char *code,
                           const qf_start_options *s, qf_date on)
{
    *org = s->org_id;
    if (strcmp(subject, "member") == 0) {
        if (!s->member_id)
            return qf__err(QF_EINVALID, _("procedure %s is about a member: give the member"),
                           code);
        qf_member *m = NULL;
        int rc = qf_member_get(&m, db, s->member_id, on);
        if (rc)
            return rc;
        if (!*org)
            *org = m->org_id;
        char name[200];
        snprintf(name, sizeof name, "%s", m->name);
        qf_member_free(m);
        if (!*org) {
            char day[11];
            qf_date_format(on, day);
            return qf__err(QF_EINVALID,
                           _("member %s belongs to no branch on %s: give the org the case "
                             "belongs to"),
                           name, day);
        }
    } else {
        if (s->member_id)
            return qf__err(QF_EINVALID,
                           _("procedure %s is about %s, not a member: give no member"), code,
                           strcmp(subject, "org") == 0 ? _("an org") : _("no subject"));
        if (!*org)
            return qf__err(QF_EINVALID, _("procedure %s: give the org the case belongs to"), code);
    }
    qf_org *o = NULL;
    int rc = qf_org_get(&o, db, *org);
    qf_org_free(o);
    return rc;
}

/* An open case of the same procedure for the same subject. */
static int check_duplicate(qf_db *db, const char *code, const char *subject, int64_t member,
                           int64_t org)
{
    /* two statements rather than one with OR, so each is answered from its index */
    static const char sql_member[] =
        "SELECT id FROM flow_case WHERE member_id = ?2 AND procedure = ?1 AND state = 'active' "
        "LIMIT 1";
    static const char sql_org[] =
        "SELECT id FROM flow_case WHERE org_id = ?2 AND state = 'active' AND procedure = ?1 AND "
        "member_id IS NULL LIMIT 1";
    if (strcmp(subject, "none") == 0)
        return QF_OK; /* nothing ties two such cases together */
    sqlite3_stmt *st = qf__stmt(db, member ? sql_member : sql_org);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, member ? member : org);
    int64_t other = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (other)
        return qf__err(QF_EEXISTS, _("there is already an open %s case for this %s: case %lld"),
                       code, member ? _("member") : _("org"), (long long)other);
    return QF_OK;
}

int qf__flow_check_fields(qf_db *db, json_t *specs, json_t *given, json_t *params,
                          const char *where)
{
    const char *name;
    json_t *v;
    json_object_foreach(given, name, v)
    {
        if (!json_object_get(specs, name)) {
            char known[400] = "";
            const char *k;
            json_t *s;
            json_object_foreach(specs, k, s)
            {
                size_t n = strlen(known);
                snprintf(known + n, sizeof known - n, "%s%s", n ? ", " : "", k);
            }
            return qf__err(QF_EINVALID, _("%s: there is no field '%s' (fields: %s)"), where, name,
                           *known ? known : "-");
        }
    }
    json_t *spec;
    json_object_foreach(specs, name, spec)
    {
        char w[300];
        snprintf(w, sizeof w, _("%s: field %s"), where, name);
        v = json_object_get(given, name);
        if (!v) {
            if (!json_is_true(json_object_get(spec, "required")))
                continue;
            const char *doc = json_string_value(json_object_get(spec, "doc"));
            return qf__err(QF_EINVALID, _("%s is required (%s%s%s)"), w,
                           json_string_value(json_object_get(spec, "type")), doc ? ": " : "",
                           doc ? doc : "");
        }
        int rc = qf__proc_check_field(db, spec, v, params, w);
        if (rc)
            return rc;
    }
    return QF_OK;
}

static int parse_object(json_t **out, const char *text, const char *what)
{
    *out = NULL;
    if (!text || !*text) {
        *out = json_object();
        return QF_OK;
    }
    int rc = qf__check_utf8(what, text);
    if (rc)
        return rc;
    *out = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return qf__err(QF_EINVALID, _("%s: must be a JSON object"), what);
    }
    return QF_OK;
}

int qf__flow_parse_object(json_t **out, const char *text, const char *what)
{
    return parse_object(out, text, what);
}

static int insert_case(int64_t *id, qf_db *db, int64_t def_id, const char *code, int rev,
                       int64_t member, int64_t org, const char *first, qf_date date,
                       const char *params, const char *fields, const char *note)
{
    static const char sql[] =
        "INSERT INTO flow_case (def_id, procedure, rev, member_id, org_id, state, step, entered, "
        "started, params, fields, note) VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?7, ?7, ?8, "
        "?9, ?10)";
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, def_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, rev);
    qf__bind_id(st, 4, member);
    sqlite3_bind_int64(st, 5, org);
    sqlite3_bind_text(st, 6, first, -1, SQLITE_STATIC);
    qf__bind_date(st, 7, date);
    sqlite3_bind_text(st, 8, params, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, fields, -1, SQLITE_STATIC);
    qf__bind_text(st, 10, note && *note ? note : NULL);
    int rc = qf__exec_stmt(db, st, "case");
    *id = sqlite3_last_insert_rowid(db->sql);
    return rc;
}

static int set_entry(qf_db *db, int64_t case_id, int64_t entry_id)
{
    static const char sql[] = "UPDATE flow_case SET entry_id = ?2 WHERE id = ?1";
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, entry_id);
    return qf__exec_stmt(db, st, "case");
}

static int start(int64_t *id_out, qf_db *db, const qf_start_options *s, json_t *def,
                 int64_t def_id, int rev)
{
    const char *code = s->procedure;
    const char *subject = json_string_value(json_object_get(def, "subject"));
    qf_date date = s->date;
    int64_t org = 0;
    int rc = check_date(db, &date, _("start date"));
    if (!rc)
        rc = resolve_subject(&org, db, subject, code, s, date);
    if (!rc)
        rc = qf__check_text("note", s->note, false, 4000);
    if (!rc)
        rc = check_duplicate(db, code, subject, s->member_id, org);
    char *params_text = NULL;
    if (!rc)
        rc = qf_procedure_params(&params_text, db, code, rev, s->params, false);
    json_t *params = params_text ? json_loads(params_text, 0, NULL) : NULL;
    json_t *fields = NULL;
    if (!rc)
        rc = parse_object(&fields, s->fields, _("start fields"));
    char where[200];
    snprintf(where, sizeof where, _("procedure %s: start"), code);
    if (!rc)
        rc = qf__flow_check_fields(db, json_object_get(def, "fields"), fields, params, where);
    char *fields_text = NULL;
    if (!rc && !(fields_text = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS)))
        rc = qf__oom();
    const char *first =
        json_string_value(json_object_get(json_array_get(json_object_get(def, "steps"), 0), "code"));
    int64_t id = 0, entry = 0;
    if (!rc)
        rc = insert_case(&id, db, def_id, code, rev, s->member_id, org, first, date, params_text,
                         fields_text, s->note);
    if (!rc)
        rc = qf__flow_record(&entry, db, id, "start", NULL, first, date, s->note, fields_text,
                             false);
    if (!rc)
        rc = set_entry(db, id, entry);
    if (!rc) {
        qf_flow_ctx ctx = {db, id, def, params, fields, date};
        rc = qf__flow_enter(&ctx, entry, first, date);
    }
    free(params_text);
    free(fields_text);
    json_decref(params);
    json_decref(fields);
    if (!rc)
        *id_out = id;
    return rc;
}

int qf_case_start(int64_t *id_out, qf_db *db, const qf_start_options *s)
{
    if (!s || s->version != QF_START_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s", _("case start: initialise the options with "
                                            "QF_START_OPTIONS_INIT"));
    int64_t def_id;
    int rev;
    json_t *def = NULL;
    int rc = qf__proc_find(&def_id, &rev, db, s->procedure, s->rev);
    if (!rc)
        rc = qf__proc_def_by_id(&def, db, def_id);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = qf__tx_begin(db);
    if (!rc)
        rc = qf__tx_end(db, start(&id, db, s, def, def_id, rev));
    json_decref(def);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

/* ---- cancelling ---------------------------------------------------------------------------- */

static int cancel(qf_db *db, const qf_case *c, qf_date date, const char *note)
{
    static const char sql[] =
        "UPDATE flow_case SET state = 'cancelled', step = NULL, entry_id = NULL, ended = ?2 "
        "WHERE id = ?1";
    int64_t entry;
    int rc = qf__flow_record(&entry, db, c->id, "cancel", c->step, NULL, date, note, NULL, false);
    sqlite3_stmt *st = rc ? NULL : qf__stmt(db, sql);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        sqlite3_bind_int64(st, 1, c->id);
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
        rc = check_date(db, &date, _("date"));
    if (!rc && date < c->entered) {
        char a[11], b[11];
        qf_date_format(date, a);
        qf_date_format(c->entered, b);
        rc = qf__err(QF_EINVALID, _("date: %s is before the case reached its current step (%s)"),
                     a, b);
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
