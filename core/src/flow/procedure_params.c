/* A procedure's parameters: the declaration's defaults, a branch's corrections (stored, for
 * cases started afterwards), and the overrides given when a case starts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

static int parse_json(json_t **out, const char *json, const char *what)
{
    if (!json)
        return qf__err(QF_EINVALID, _("%s: no definition given"), what);
    int rc = qf__check_utf8(what, json);
    if (rc)
        return rc;
    json_error_t e;
    *out = json_loads(json, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (!*out)
        return qf__err(QF_EINVALID, _("%s:%d:%d: %s"), what, e.line, e.column, e.text);
    return QF_OK;
}

int qf_procedure_set_param(qf_db *db, const char *code, const char *name, const char *value_json,
                           const char *note)
{
    static const char sql_put[] =
        "INSERT INTO procedure_param (code, name, value, note) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (code, name) DO UPDATE SET value = excluded.value, note = excluded.note";
    static const char sql_del[] = "DELETE FROM procedure_param WHERE code = ?1 AND name = ?2";
    int64_t id;
    int rev;
    int rc = qf__proc_find(&id, &rev, db, code, 0);
    json_t *def = NULL, *value = NULL;
    if (!rc)
        rc = qf__proc_def_by_id(&def, db, id);
    if (rc)
        return rc;
    char where[200];
    snprintf(where, sizeof where, _("procedure %s: parameter %s"), code, name ? name : "");
    json_t *spec = json_object_get(json_object_get(def, "params"), name ? name : "");
    if (!spec)
        rc = qf__err(QF_ENOTFOUND, _("%s is not declared"), where);
    if (!rc && value_json)
        rc = parse_json(&value, value_json, where);
    if (!rc && value)
        rc = qf__proc_check_param(spec, value, where);
    if (!rc)
        rc = qf__check_text("note", note, false, 2000);
    json_decref(def);
    if (rc) {
        json_decref(value);
        return rc;
    }
    char *text = value ? json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(value);
    if (value_json && !text)
        return qf__oom();
    rc = qf__tx_begin(db);
    if (rc) {
        free(text);
        return rc;
    }
    qf_stmt *st = qf__stmt(db, text ? sql_put : sql_del);
    if (!st)
        rc = qf_error_last_code();
    else {
        qf__bind_textn(st, 1, code, -1, QF_STATIC);
        qf__bind_textn(st, 2, name, -1, QF_STATIC);
        if (text) {
            qf__bind_textn(st, 3, text, -1, QF_STATIC);
            qf__bind_text(st, 4, note && *note ? note : NULL);
        }
        rc = qf__exec_stmt(db, st, "procedure parameter");
    }
    rc = qf__tx_end(db, rc);
    free(text);
    return rc;
}

/* The branch's correction of one parameter, or NULL (new reference). */
static int correction(json_t **out, qf_db *db, const char *code, const char *name)
{
    static const char sql[] = "SELECT value FROM procedure_param WHERE code = ?1 AND name = ?2";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    qf__bind_textn(st, 2, name, -1, QF_STATIC);
    *out = NULL;
    if (qf__step(st) == QF_ROW)
        *out = json_loads(qf__col_text(st, 0), JSON_DECODE_ANY, NULL);
    qf__reset(st);
    return QF_OK;
}

static int resolve(json_t *result, qf_db *db, const char *code, json_t *def, json_t *over,
                   bool detail)
{
    json_t *specs = json_object_get(def, "params");
    const char *name;
    json_t *v;
    json_object_foreach(over, name, v)
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
            return qf__err(QF_EINVALID, _("procedure %s has no parameter '%s' (it has: %s)"), code,
                           name, *known ? known : "-");
        }
    }
    json_t *spec;
    json_object_foreach(specs, name, spec)
    {
        char where[200];
        snprintf(where, sizeof where, _("procedure %s: parameter %s"), code, name);
        json_t *corr = NULL;
        int rc = correction(&corr, db, code, name);
        if (rc)
            return rc;
        if (corr && qf__proc_check_param(spec, corr, where) != QF_OK) {
            json_decref(corr);
            return qf__err(QF_EINVALID,
                           _("%s: the branch's correction no longer fits this revision (%s); "
                             "correct it again or remove it"),
                           where, qf_error_last());
        }
        json_t *given = json_object_get(over, name);
        if (given && (rc = qf__proc_check_param(spec, given, where))) {
            json_decref(corr);
            return rc;
        }
        json_t *value = given ? given : corr ? corr : json_object_get(spec, "default");
        if (!detail) {
            json_object_set(result, name, value);
        } else {
            json_t *o =
                json_pack("{s:O, s:O, s:O}", "value", value, "default",
                          json_object_get(spec, "default"), "type", json_object_get(spec, "type"));
            if (corr)
                json_object_set(o, "corrected", corr);
            json_t *doc = json_object_get(spec, "doc"), *src = json_object_get(spec, "source");
            if (doc)
                json_object_set(o, "doc", doc);
            if (src)
                json_object_set(o, "source", src);
            json_object_set_new(result, name, o);
        }
        json_decref(corr);
    }
    return QF_OK;
}

int qf_procedure_params(char **json_out, qf_db *db, const char *code, int rev,
                        const char *overrides, bool detail)
{
    *json_out = NULL;
    int64_t id;
    int found;
    json_t *def = NULL, *over = NULL;
    int rc = qf__proc_find(&id, &found, db, code, rev);
    if (!rc)
        rc = qf__proc_def_by_id(&def, db, id);
    if (!rc && overrides && *overrides) {
        rc = parse_json(&over, overrides, "params");
        if (!rc && !json_is_object(over))
            rc = qf__err(QF_EINVALID, "%s", _("params: must be a table of name = value"));
    }
    json_t *result = json_object();
    if (!rc)
        rc = resolve(result, db, code, def, over, detail);
    if (!rc && !(*json_out = json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS)))
        rc = qf__oom();
    json_decref(result);
    json_decref(def);
    json_decref(over);
    return rc;
}
