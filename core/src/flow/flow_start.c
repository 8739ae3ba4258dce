/* Starting a case: the subject and the org it belongs to, one open case per subject and
 * procedure, the pinned parameters, the start fields, the first step entered with its
 * deadlines. Also the field checks that advancing shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

/* The subject and the org the case belongs to. */
static int resolve_subject(int64_t *org, qf_db *db, const char *subject, const char *code,
                           const qf_start_options *s, qf_date on)
{
    *org = s->org_id;
    if (strcmp(subject, "member") == 0) {
        if (!s->member_id)
            return qf__err(QF_EINVALID, _("procedure %s is about a member: give the member"), code);
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
            return qf__err(QF_EINVALID, _("procedure %s is about %s, not a member: give no member"),
                           code, strcmp(subject, "org") == 0 ? _("an org") : _("no subject"));
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
    qf_stmt *st = qf__stmt(db, member ? sql_member : sql_org);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    qf__bind_int64(st, 2, member ? member : org);
    int64_t other = qf__step(st) == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
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
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, def_id);
    qf__bind_textn(st, 2, code, -1, QF_STATIC);
    qf__bind_int(st, 3, rev);
    qf__bind_id(st, 4, member);
    qf__bind_int64(st, 5, org);
    qf__bind_textn(st, 6, first, -1, QF_STATIC);
    qf__bind_date(st, 7, date);
    qf__bind_textn(st, 8, params, -1, QF_STATIC);
    qf__bind_textn(st, 9, fields, -1, QF_STATIC);
    qf__bind_text(st, 10, note && *note ? note : NULL);
    int rc = qf__exec_stmt(db, st, "case");
    *id = qf__last_insert_id(db);
    return rc;
}

static int set_entry(qf_db *db, int64_t case_id, int64_t entry_id)
{
    static const char sql[] = "UPDATE flow_case SET entry_id = ?2 WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, case_id);
    qf__bind_int64(st, 2, entry_id);
    return qf__exec_stmt(db, st, "case");
}

static int start(int64_t *id_out, qf_db *db, const qf_start_options *s, json_t *def, int64_t def_id,
                 int rev)
{
    const char *code = s->procedure;
    const char *subject = json_string_value(json_object_get(def, "subject"));
    qf_date date = s->date;
    int64_t org = 0;
    int rc = qf__flow_check_date(db, &date, _("start date"));
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
    const char *first = json_string_value(
        json_object_get(json_array_get(json_object_get(def, "steps"), 0), "code"));
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
        return qf__err(QF_EINVALID, "%s",
                       _("case start: initialise the options with "
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
