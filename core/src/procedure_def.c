/*
 * Validating and normalising procedure definitions. The input is what the Lua declaration
 * produces (functions replaced by {"ref": …}); the output is a fresh object holding only known
 * keys in one canonical shape, so two declarations that mean the same hash the same and every
 * reader of a stored definition can rely on its shape. Every message starts with
 * "procedure CODE" and the step, field or rule, and says what was expected.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

typedef struct def_ctx {
    qf_db *db;
    const char *code;
    json_t *out;     /* the normalised definition being built */
    json_t *params;  /* its "params" (normalised) */
    json_t *types;   /* its "artifact_types" */
} def_ctx;

static const char *const FIELD_TYPES[] = {"date", "integer", "number", "text", "boolean",
                                          "member", "members", "org", NULL};
static const char *const PARAM_TYPES[] = {"duration", "integer", "number", "boolean", "text",
                                          "date", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; s && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static void join(char *buf, size_t size, const char *const *list)
{
    buf[0] = '\0';
    for (const char *const *p = list; *p; p++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", p == list ? "" : ", ", *p);
    }
}

static int only_keys(json_t *obj, const char *const *allowed, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (!in_list(allowed, key)) {
            char list[400];
            join(list, sizeof list, allowed);
            return qf__err(QF_EINVALID, _("%s: unknown field '%s' (expected: %s)"), where, key,
                           list);
        }
    }
    return QF_OK;
}

/* Copies an optional (or required) string field after checking it. */
static int copy_text(json_t *dst, json_t *src, const char *key, bool required, size_t max,
                     const char *where)
{
    json_t *v = json_object_get(src, key);
    if (!v || json_is_null(v)) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: field '%s' is required"), where, key);
        return QF_OK;
    }
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: field '%s' must be a string"), where, key);
    char field[512];
    snprintf(field, sizeof field, "%s: %s", where, key);
    int rc = qf__check_text(field, json_string_value(v), required, max);
    if (rc == QF_OK && json_string_length(v) > 0)
        json_object_set(dst, key, v);
    return rc;
}

static int check_ident(const char *what, json_t *v, const char *where)
{
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: %s must be a string (a code like talk_held)"), where,
                       what);
    char field[512];
    snprintf(field, sizeof field, "%s: %s", where, what);
    return qf__check_code(field, json_string_value(v));
}

/* {"ref": "name"}: a Lua function, re-created from the stored source when it must run. */
static int copy_ref(json_t *dst, json_t *src, const char *key, const char *where)
{
    json_t *v = json_object_get(src, key);
    if (!v)
        return QF_OK;
    json_t *ref = json_object_get(v, "ref");
    if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_string(ref) ||
        json_string_length(ref) == 0 || json_string_length(ref) > 200)
        return qf__err(QF_EINVALID, _("%s: %s must be a Lua function"), where, key);
    json_object_set_new(dst, key, json_pack("{s:O}", "ref", ref));
    return QF_OK;
}

/* ---- parameters --------------------------------------------------------------------------- */

static const char *infer_type(json_t *v)
{
    qf_duration d;
    qf_date day;
    if (json_is_integer(v))
        return "integer";
    if (json_is_real(v))
        return "number";
    if (json_is_boolean(v))
        return "boolean";
    if (!json_is_string(v))
        return NULL;
    if (qf_duration_parse(&d, json_string_value(v)) == QF_OK)
        return "duration";
    if (qf_date_parse(&day, json_string_value(v)) == QF_OK)
        return "date";
    return "text";
}

int qf__proc_check_param(json_t *spec, json_t *v, const char *where)
{
    const char *type = json_string_value(json_object_get(spec, "type"));
    qf_duration d;
    qf_date day;
    if (!type)
        return qf__err(QF_EINVALID, _("%s: the parameter has no type"), where);
    if (strcmp(type, "duration") == 0) {
        /* negative durations count backwards: "not before -1y from the term's end" */
        if (!json_is_string(v) || qf_duration_parse(&d, json_string_value(v)) != QF_OK)
            return qf__err(QF_EINVALID,
                           _("%s: must be a duration such as \"1m\", \"3d\", \"1y\" or \"5wd\""),
                           where);
        return QF_OK;
    }
    if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0) {
        bool integer = strcmp(type, "integer") == 0;
        if (integer ? !json_is_integer(v) : !json_is_number(v))
            return qf__err(QF_EINVALID, integer ? _("%s: must be a whole number")
                                                : _("%s: must be a number"),
                           where);
        double x = json_number_value(v);
        json_t *min = json_object_get(spec, "min"), *max = json_object_get(spec, "max");
        if ((min && x < json_number_value(min)) || (max && x > json_number_value(max)))
            return qf__err(QF_EINVALID, _("%s: %g is outside %g..%g"), where, x,
                           min ? json_number_value(min) : -1e300,
                           max ? json_number_value(max) : 1e300);
        return QF_OK;
    }
    if (strcmp(type, "boolean") == 0)
        return json_is_boolean(v) ? QF_OK
                                  : qf__err(QF_EINVALID, _("%s: must be true or false"), where);
    if (strcmp(type, "date") == 0) {
        if (!json_is_string(v) || qf_date_parse(&day, json_string_value(v)) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: must be a date YYYY-MM-DD"), where);
        return QF_OK;
    }
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: must be a string"), where);
    return qf__check_text(where, json_string_value(v), false, 1000);
}

static int norm_params(def_ctx *c, json_t *in, const char *where0)
{
    static const char *const keys[] = {"default", "type", "doc", "source", "min", "max", NULL};
    json_t *params = json_object_get(in, "params");
    c->params = json_object();
    json_object_set_new(c->out, "params", c->params);
    if (!params)
        return QF_OK;
    if (!json_is_object(params))
        return qf__err(QF_EINVALID, _("%s: params must be a table of name = default"), where0);
    if (json_object_size(params) > 100)
        return qf__err(QF_EINVALID, _("%s: too many parameters (at most %d)"), where0, 100);
    const char *name;
    json_t *v;
    json_object_foreach(params, name, v)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: parameter %s"), where0, name);
        int rc = qf__check_code(where, name);
        if (rc)
            return rc;
        json_t *spec = json_object();
        json_object_set_new(c->params, name, spec);
        json_t *def = v;
        if (json_is_object(v)) {
            if ((rc = only_keys(v, keys, where)))
                return rc;
            def = json_object_get(v, "default");
            if (!def)
                return qf__err(QF_EINVALID, _("%s: field 'default' is required"), where);
            if ((rc = copy_text(spec, v, "doc", false, 2000, where)) ||
                (rc = copy_text(spec, v, "source", false, 1000, where)))
                return rc;
        }
        const char *type = json_string_value(json_object_get(v, "type"));
        if (json_is_object(v) && json_object_get(v, "type") && !in_list(PARAM_TYPES, type)) {
            char list[200];
            join(list, sizeof list, PARAM_TYPES);
            return qf__err(QF_EINVALID, _("%s: type '%s' is unknown (%s)"), where,
                           type ? type : "?", list);
        }
        if (!type)
            type = infer_type(def);
        if (!type)
            return qf__err(QF_EINVALID,
                           _("%s: the default must be a duration, number, boolean, date or "
                             "text"),
                           where);
        json_object_set_new(spec, "type", json_string(type));
        if (json_is_object(v)) {
            for (int k = 0; k < 2; k++) {
                const char *bound = k ? "max" : "min";
                json_t *b = json_object_get(v, bound);
                if (!b)
                    continue;
                if (!json_is_number(b) ||
                    (strcmp(type, "integer") != 0 && strcmp(type, "number") != 0))
                    return qf__err(QF_EINVALID,
                                   _("%s: %s applies to integer and number parameters, as a "
                                     "number"),
                                   where, bound);
                json_object_set(spec, bound, b);
            }
        }
        if ((rc = qf__proc_check_param(spec, def, where)))
            return rc;
        json_object_set(spec, "default", def);
    }
    return QF_OK;
}

/* A duration in a rule: a literal or "$param" naming a duration parameter. */
static int check_duration(def_ctx *c, json_t *v, const char *where)
{
    const char *s = json_string_value(v);
    if (!s)
        return qf__err(QF_EINVALID, _("%s: must be a duration such as \"1m\" or \"$param\""),
                       where);
    if (s[0] == '$') {
        json_t *spec = json_object_get(c->params, s + 1);
        if (!spec)
            return qf__err(QF_EINVALID, _("%s: parameter '%s' is not declared in params"), where,
                           s + 1);
        if (strcmp(json_string_value(json_object_get(spec, "type")), "duration") != 0)
            return qf__err(QF_EINVALID, _("%s: parameter '%s' is not a duration"), where, s + 1);
        return QF_OK;
    }
    json_t *spec = json_pack("{s:s}", "type", "duration");
    int rc = qf__proc_check_param(spec, v, where);
    json_decref(spec);
    return rc;
}

/* A numeric bound: a number or "$param" naming an integer or number parameter. */
static int check_bound(def_ctx *c, json_t *v, const char *where)
{
    if (json_is_number(v))
        return QF_OK;
    const char *s = json_string_value(v);
    json_t *spec = s && s[0] == '$' ? json_object_get(c->params, s + 1) : NULL;
    const char *type = json_string_value(json_object_get(spec, "type"));
    if (!type || (strcmp(type, "integer") != 0 && strcmp(type, "number") != 0))
        return qf__err(QF_EINVALID,
                       _("%s: must be a number or \"$param\" naming a number parameter"), where);
    return QF_OK;
}

/* ---- artifact types and fields -------------------------------------------------------------- */

static int norm_artifact_types(def_ctx *c, json_t *in, const char *where0)
{
    json_t *types = json_object_get(in, "artifact_types");
    c->types = json_object();
    json_object_set_new(c->out, "artifact_types", c->types);
    if (!types)
        return QF_OK;
    if (!json_is_object(types))
        return qf__err(QF_EINVALID,
                       _("%s: artifact_types must be a table of code = \"中文名\" or "
                         "{\"中文名\", \"English name\"}"),
                       where0);
    const char *code;
    json_t *v;
    json_object_foreach(types, code, v)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: artifact type %s"), where0, code);
        int rc = qf__check_code(where, code);
        if (rc)
            return rc;
        json_t *zh = NULL, *en = NULL;
        if (json_is_string(v))
            zh = v;
        else if (json_is_array(v) && json_array_size(v) >= 1 && json_array_size(v) <= 2) {
            zh = json_array_get(v, 0);
            en = json_array_get(v, 1);
        } else if (json_is_object(v)) {
            zh = json_object_get(v, "zh");
            en = json_object_get(v, "en");
        }
        if (!json_is_string(zh) || (en && !json_is_string(en)))
            return qf__err(QF_EINVALID, _("%s: give its name as \"中文名\" or {\"中文名\", "
                                          "\"English name\"}"),
                           where);
        if ((rc = qf__check_text(where, json_string_value(zh), true, 200)) ||
            (en && (rc = qf__check_text(where, json_string_value(en), false, 200))))
            return rc;
        json_t *o = json_pack("{s:O}", "zh", zh);
        if (en && json_string_length(en))
            json_object_set(o, "en", en);
        json_object_set_new(c->types, code, o);
    }
    return QF_OK;
}

static int check_artifact_type(def_ctx *c, json_t *v, const char *where)
{
    int rc = check_ident(_("an artifact type"), v, where);
    if (rc)
        return rc;
    const char *t = json_string_value(v);
    if (json_object_get(c->types, t))
        return QF_OK;
    if (qf_vocab_check(c->db, "artifact_type", t) != QF_OK)
        return qf__err(QF_EINVALID,
                       _("%s: %s (declare it in the procedure's artifact_types to add it)"),
                       where, qf_error_last());
    return QF_OK;
}

/* {name = "type"} or {name = {type=, required=, doc=, min=, max=}} */
static int norm_fields(def_ctx *c, json_t *dst, json_t *src, const char *where0)
{
    static const char *const keys[] = {"type", "required", "doc", "min", "max", NULL};
    json_t *fields = json_object_get(src, "fields");
    json_t *out = json_object();
    json_object_set_new(dst, "fields", out);
    if (!fields)
        return QF_OK;
    if (!json_is_object(fields))
        return qf__err(QF_EINVALID, _("%s: fields must be a table of name = type"), where0);
    if (json_object_size(fields) > QF_PROC_MAX_LIST)
        return qf__err(QF_EINVALID, _("%s: too many fields (at most %d)"), where0,
                       QF_PROC_MAX_LIST);
    const char *name;
    json_t *v;
    char types[200];
    join(types, sizeof types, FIELD_TYPES);
    json_object_foreach(fields, name, v)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: field %s"), where0, name);
        int rc = qf__check_code(where, name);
        if (rc)
            return rc;
        json_t *spec = json_object();
        json_object_set_new(out, name, spec);
        json_t *type = json_is_string(v) ? v : json_object_get(v, "type");
        if (json_is_object(v) && (rc = only_keys(v, keys, where)))
            return rc;
        if (!json_is_string(type) || !in_list(FIELD_TYPES, json_string_value(type)))
            return qf__err(QF_EINVALID, _("%s: type must be one of %s"), where, types);
        json_object_set(spec, "type", type);
        json_t *req = json_is_object(v) ? json_object_get(v, "required") : NULL;
        if (req && !json_is_boolean(req))
            return qf__err(QF_EINVALID, _("%s: required must be true or false"), where);
        json_object_set_new(spec, "required", json_boolean(!req || json_is_true(req)));
        if (json_is_object(v)) {
            if ((rc = copy_text(spec, v, "doc", false, 1000, where)))
                return rc;
            const char *t = json_string_value(type);
            bool numeric = strcmp(t, "integer") == 0 || strcmp(t, "number") == 0 ||
                           strcmp(t, "members") == 0;
            for (int k = 0; k < 2; k++) {
                const char *bound = k ? "max" : "min";
                json_t *b = json_object_get(v, bound);
                if (!b)
                    continue;
                char w[340];
                snprintf(w, sizeof w, "%s: %s", where, bound);
                if (!numeric)
                    return qf__err(QF_EINVALID,
                                   _("%s: applies to integer, number and members fields"), w);
                if ((rc = check_bound(c, b, w)))
                    return rc;
                json_object_set(spec, bound, b);
            }
        }
    }
    return QF_OK;
}

/* ---- stages and steps ----------------------------------------------------------------------- */

static int norm_stages(def_ctx *c, json_t *in, const char *where0)
{
    static const char *const keys[] = {"code", "title", "doc", NULL};
    json_t *stages = json_object_get(in, "stages");
    json_t *out = json_array();
    json_object_set_new(c->out, "stages", out);
    if (!stages)
        return QF_OK;
    if (!json_is_array(stages) || json_array_size(stages) > QF_PROC_MAX_LIST)
        return qf__err(QF_EINVALID, _("%s: stages must be a list of {code=, title=}"), where0);
    size_t i;
    json_t *s;
    json_array_foreach(stages, i, s)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: stage #%zu"), where0, i + 1);
        if (!json_is_object(s))
            return qf__err(QF_EINVALID, _("%s: must be a table {code=, title=}"), where);
        int rc = only_keys(s, keys, where);
        if (!rc)
            rc = check_ident("code", json_object_get(s, "code"), where);
        if (rc)
            return rc;
        const char *code = json_string_value(json_object_get(s, "code"));
        snprintf(where, sizeof where, _("%s: stage %s"), where0, code);
        json_t *o = json_pack("{s:s}", "code", code);
        json_array_append_new(out, o);
        if ((rc = copy_text(o, s, "title", true, 400, where)) ||
            (rc = copy_text(o, s, "doc", false, 4000, where)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(code, json_string_value(json_object_get(json_array_get(out, j), "code"))) ==
                0)
                return qf__err(QF_EINVALID, _("%s: appears twice"), where);
    }
    return QF_OK;
}

static int norm_deadlines(def_ctx *c, json_t *dst, json_t *src, const char *where0)
{
    static const char *const keys[] = {"within", "not_before", "from", "kind", "label", NULL};
    json_t *list = json_object_get(src, "deadlines");
    json_t *out = json_array();
    json_object_set_new(dst, "deadlines", out);
    if (!list)
        return QF_OK;
    if (!json_is_array(list) || json_array_size(list) > 10)
        return qf__err(QF_EINVALID,
                       _("%s: deadlines must be a list of {within=, from=} or {not_before=, "
                         "from=} (at most 10)"),
                       where0);
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d)
    {
        char where[300];
        snprintf(where, sizeof where, _("%s: deadline #%zu"), where0, i + 1);
        if (!json_is_object(d))
            return qf__err(QF_EINVALID, _("%s: must be a table {within=, from=}"), where);
        int rc = only_keys(d, keys, where);
        if (rc)
            return rc;
        json_t *within = json_object_get(d, "within"), *nb = json_object_get(d, "not_before");
        if ((within != NULL) == (nb != NULL))
            return qf__err(QF_EINVALID, _("%s: give either within or not_before"), where);
        const char *key = within ? "within" : "not_before";
        char w[340];
        snprintf(w, sizeof w, "%s: %s", where, key);
        if ((rc = check_duration(c, within ? within : nb, w)))
            return rc;
        json_t *o = json_pack("{s:O}", key, within ? within : nb);
        json_array_append_new(out, o);
        json_t *from = json_object_get(d, "from");
        if (from && (!json_is_string(from) || json_string_length(from) == 0 ||
                     json_string_length(from) > 130))
            return qf__err(QF_EINVALID,
                           _("%s: from must be \"entered\", \"start\", a step code or "
                             "\"step.field\""),
                           where);
        json_object_set_new(o, "from", from ? json_incref(from) : json_string("entered"));
        json_t *kind = json_object_get(d, "kind");
        const char *k = json_string_value(kind);
        if (kind && (!k || (strcmp(k, "interrupt") != 0 && strcmp(k, "warning") != 0)))
            return qf__err(QF_EINVALID, _("%s: kind must be \"interrupt\" or \"warning\""), where);
        if (kind && nb)
            return qf__err(QF_EINVALID,
                           _("%s: a not_before rule always refuses an early completion; kind "
                             "applies to within"),
                           where);
        if (within)
            json_object_set_new(o, "kind", json_string(k ? k : "warning"));
        if ((rc = copy_text(o, d, "label", false, 400, where)))
            return rc;
    }
    return QF_OK;
}

/* next: absent (the following step), a code, or a list of codes / {to=, when=, again=, …} */
static int norm_next(def_ctx *c, json_t *dst, json_t *src, json_t *steps_in, size_t index,
                     const char *where)
{
    static const char *const keys[] = {"to", "when", "when_doc", "again", "label", NULL};
    json_t *next = json_object_get(src, "next");
    json_t *final = json_object_get(src, "final");
    json_t *out = json_array();
    json_object_set_new(dst, "next", out);
    if (final && !json_is_boolean(final))
        return qf__err(QF_EINVALID, _("%s: final must be true or false"), where);
    if (json_is_true(final)) {
        if (next)
            return qf__err(QF_EINVALID, _("%s: a final step has no next"), where);
        return QF_OK;
    }
    if (!next) {
        json_t *following = json_array_get(steps_in, index + 1);
        if (following)
            json_array_append_new(out, json_pack("{s:O}", "to", json_object_get(following, "code")));
        return QF_OK;
    }
    json_t *list = next;
    if (json_is_string(next) || (json_is_object(next) && json_object_get(next, "to")))
        list = json_pack("[O]", next);
    else
        json_incref(list);
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > QF_PROC_MAX_LIST) {
        json_decref(list);
        return qf__err(QF_EINVALID,
                       _("%s: next must be a step code or a list of codes or {to=, when=} "
                         "(or final = true)"),
                       where);
    }
    int rc = QF_OK;
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        char w[340];
        snprintf(w, sizeof w, _("%s: next #%zu"), where, i + 1);
        json_t *o;
        if (json_is_string(t)) {
            o = json_pack("{s:O}", "to", t);
        } else if (json_is_object(t)) {
            if ((rc = only_keys(t, keys, w)))
                break;
            o = json_pack("{s:O*}", "to", json_object_get(t, "to"));
            json_t *again = json_object_get(t, "again");
            if (again && !json_is_boolean(again)) {
                json_decref(o);
                rc = qf__err(QF_EINVALID, _("%s: again must be true or false"), w);
                break;
            }
            if (json_is_true(again))
                json_object_set_new(o, "again", json_true());
            if ((rc = copy_ref(o, t, "when", w)) ||
                (rc = copy_text(o, t, "when_doc", false, 1000, w)) ||
                (rc = copy_text(o, t, "label", false, 400, w))) {
                json_decref(o);
                break;
            }
        } else {
            rc = qf__err(QF_EINVALID, _("%s: must be a step code or {to=, when=}"), w);
            break;
        }
        json_array_append_new(out, o);
        if ((rc = check_ident(_("to"), json_object_get(o, "to"), w)))
            break;
        const char *to = json_string_value(json_object_get(o, "to"));
        for (size_t j = 0; j < i; j++)
            if (strcmp(to, json_string_value(json_object_get(json_array_get(out, j), "to"))) == 0)
                rc = qf__err(QF_EINVALID, _("%s: step %s is named twice"), w, to);
        if (rc)
            break;
    }
    json_decref(list);
    (void)c;
    return rc;
}

static int norm_step(def_ctx *c, json_t *steps_in, size_t index, json_t *s, const char *where0)
{
    static const char *const keys[] = {"code", "title", "stage", "doc", "responsible",
                                       "artifacts", "fields", "guard", "guard_doc", "deadlines",
                                       "on_complete", "next", "final", NULL};
    char where[300];
    snprintf(where, sizeof where, _("%s: step #%zu"), where0, index + 1);
    if (!json_is_object(s))
        return qf__err(QF_EINVALID, _("%s: must be a table {code=, title=, …}"), where);
    int rc = check_ident("code", json_object_get(s, "code"), where);
    if (rc)
        return rc;
    const char *code = json_string_value(json_object_get(s, "code"));
    snprintf(where, sizeof where, _("%s: step %s"), where0, code);
    if ((rc = only_keys(s, keys, where)))
        return rc;
    json_t *o = json_pack("{s:s}", "code", code);
    json_array_append_new(json_object_get(c->out, "steps"), o);
    if ((rc = copy_text(o, s, "title", true, 400, where)) ||
        (rc = copy_text(o, s, "doc", false, 4000, where)) ||
        (rc = copy_text(o, s, "guard_doc", false, 1000, where)))
        return rc;
    json_t *stage = json_object_get(s, "stage");
    json_t *stages = json_object_get(c->out, "stages");
    if (stage) {
        bool found = false;
        size_t i;
        json_t *st;
        json_array_foreach(stages, i, st) found =
            found || json_equal(json_object_get(st, "code"), stage);
        if (!found)
            return qf__err(QF_EINVALID, _("%s: stage '%s' is not declared in stages"), where,
                           json_is_string(stage) ? json_string_value(stage) : "?");
        json_object_set(o, "stage", stage);
    } else if (json_array_size(stages)) {
        return qf__err(QF_EINVALID, _("%s: field 'stage' is required when stages are declared"),
                       where);
    }
    json_t *resp = json_object_get(s, "responsible");
    if (resp) {
        if (!json_is_string(resp) || qf_vocab_check(c->db, "post", json_string_value(resp)))
            return qf__err(QF_EINVALID, "%s: responsible: %s", where,
                           json_is_string(resp) ? qf_error_last() : _("must be a post"));
        json_object_set(o, "responsible", resp);
    }
    json_t *arts = json_object_get(s, "artifacts");
    json_t *alist = json_array();
    json_object_set_new(o, "artifacts", alist);
    if (arts) {
        json_t *list = json_is_string(arts) ? json_pack("[O]", arts) : json_incref(arts);
        if (!json_is_array(list) || json_array_size(list) > QF_PROC_MAX_LIST)
            rc = qf__err(QF_EINVALID, _("%s: artifacts must be a type or a list of types"), where);
        size_t i;
        json_t *a;
        json_array_foreach(list, i, a)
        {
            if (rc)
                break;
            char w[340];
            snprintf(w, sizeof w, _("%s: artifacts #%zu"), where, i + 1);
            if ((rc = check_artifact_type(c, a, w)))
                break;
            size_t j;
            json_t *b;
            json_array_foreach(alist, j, b) if (json_equal(a, b)) rc =
                qf__err(QF_EINVALID, _("%s: type %s is named twice"), w, json_string_value(a));
            json_array_append(alist, a);
        }
        json_decref(list);
        if (rc)
            return rc;
    }
    if ((rc = norm_fields(c, o, s, where)) || (rc = norm_deadlines(c, o, s, where)) ||
        (rc = copy_ref(o, s, "guard", where)) || (rc = copy_ref(o, s, "on_complete", where)) ||
        (rc = norm_next(c, o, s, steps_in, index, where)))
        return rc;
    if (json_object_get(o, "guard_doc") && !json_object_get(o, "guard"))
        return qf__err(QF_EINVALID, _("%s: guard_doc describes a guard, but there is none"),
                       where);
    return QF_OK;
}

json_t *qf__proc_step(json_t *def, const char *step)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(def, "steps"), i, s) if (step && strcmp(json_string_value(json_object_get(s, "code")), step) == 0) return s;
    return NULL;
}

const char *qf__proc_step_title(json_t *def, const char *step)
{
    return json_string_value(json_object_get(qf__proc_step(def, step), "title"));
}

static int step_index(json_t *def, const char *step)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(def, "steps"), i, s) if (strcmp(json_string_value(json_object_get(s, "code")), step) == 0) return (int)i;
    return -1;
}

/* "entered", "start", "start.F", "S", "S.F": F a date field of the start or of step S */
static int check_anchor(def_ctx *c, json_t *rule, size_t own, const char *where)
{
    const char *from = json_string_value(json_object_get(rule, "from"));
    bool within = json_object_get(rule, "within") != NULL;
    if (strcmp(from, "entered") == 0 || strcmp(from, "start") == 0)
        return QF_OK;
    char step[70];
    const char *dot = strchr(from, '.');
    size_t n = dot ? (size_t)(dot - from) : strlen(from);
    if (n >= sizeof step)
        n = sizeof step - 1;
    memcpy(step, from, n);
    step[n] = '\0';
    json_t *fields;
    if (strcmp(step, "start") == 0) {
        fields = json_object_get(c->out, "fields");
    } else {
        int idx = step_index(c->out, step);
        if (idx < 0)
            return qf__err(QF_EINVALID,
                           _("%s: from '%s': there is no step %s (use \"entered\", \"start\", "
                             "a step code or \"step.field\")"),
                           where, from, step);
        if ((size_t)idx == own && (!dot || within))
            return qf__err(QF_EINVALID,
                           dot ? _("%s: from '%s': a within rule cannot count from a field the "
                                   "step itself records")
                               : _("%s: from '%s': a step cannot count from its own completion"),
                           where, from);
        if ((size_t)idx != own && !qf__proc_reaches(c->out, (size_t)idx, own))
            return qf__err(QF_EINVALID, _("%s: from '%s': step %s can never come before this one"),
                           where, from, step);
        fields = json_object_get(json_array_get(json_object_get(c->out, "steps"), (size_t)idx),
                                 "fields");
    }
    if (!dot)
        return QF_OK;
    json_t *f = json_object_get(fields, dot + 1);
    if (!f || strcmp(json_string_value(json_object_get(f, "type")), "date") != 0)
        return qf__err(QF_EINVALID, _("%s: from '%s': %s has no date field %s"), where, from,
                       step, dot + 1);
    return QF_OK;
}

/* Checks that need every step: transition targets, anchors, the graph. */
static int check_links(def_ctx *c)
{
    json_t *steps = json_object_get(c->out, "steps");
    size_t i, j;
    json_t *s, *t;
    json_array_foreach(steps, i, s)
    {
        const char *code = json_string_value(json_object_get(s, "code"));
        for (j = 0; j < i; j++)
            if (strcmp(code, json_string_value(json_object_get(json_array_get(steps, j), "code"))) ==
                0)
                return qf__err(QF_EINVALID, _("procedure %s: step %s appears twice"), c->code,
                               code);
        json_array_foreach(json_object_get(s, "next"), j, t)
        {
            const char *to = json_string_value(json_object_get(t, "to"));
            if (step_index(c->out, to) < 0)
                return qf__err(QF_EINVALID,
                               _("procedure %s: step %s: next #%zu: there is no step %s"),
                               c->code, code, j + 1, to);
        }
    }
    int rc = qf__proc_check_graph(c->out, c->code);
    if (rc)
        return rc;
    json_array_foreach(steps, i, s)
    {
        json_t *rule;
        json_array_foreach(json_object_get(s, "deadlines"), j, rule)
        {
            char where[300];
            snprintf(where, sizeof where, _("procedure %s: step %s: deadline #%zu"), c->code,
                     json_string_value(json_object_get(s, "code")), j + 1);
            if ((rc = check_anchor(c, rule, i, where)))
                return rc;
        }
    }
    return QF_OK;
}

int qf__proc_normalize(json_t **out, qf_db *db, json_t *in)
{
    static const char *const keys[] = {"code", "title", "version", "subject", "source", "doc",
                                       "params", "artifact_types", "fields", "on_start",
                                       "stages", "steps", NULL};
    *out = NULL;
    if (!json_is_object(in))
        return qf__err(QF_EINVALID, "%s", _("a procedure must be a table"));
    json_t *code = json_object_get(in, "code");
    char where[200];
    snprintf(where, sizeof where, _("procedure %s"),
             json_is_string(code) ? json_string_value(code) : "?");
    int rc = check_ident("code", code, where);
    if (!rc)
        rc = only_keys(in, keys, where);
    if (rc)
        return rc;
    def_ctx c = {db, json_string_value(code), json_object(), NULL, NULL};
    json_object_set(c.out, "code", code);
    json_t *subject = json_object_get(in, "subject");
    const char *subj = subject ? json_string_value(subject) : "none";
    if (!subj || (strcmp(subj, "member") != 0 && strcmp(subj, "org") != 0 &&
                  strcmp(subj, "none") != 0))
        rc = qf__err(QF_EINVALID, _("%s: subject must be \"member\", \"org\" or \"none\""),
                     where);
    else
        json_object_set_new(c.out, "subject", json_string(subj));
    if (!rc)
        rc = copy_text(c.out, in, "title", true, 400, where);
    if (!rc)
        rc = copy_text(c.out, in, "version", false, 64, where);
    if (!rc)
        rc = copy_text(c.out, in, "source", false, 1000, where);
    if (!rc)
        rc = copy_text(c.out, in, "doc", false, 4000, where);
    if (!rc)
        rc = norm_params(&c, in, where);
    if (!rc)
        rc = norm_artifact_types(&c, in, where);
    if (!rc) {
        char w[300];
        snprintf(w, sizeof w, _("%s: start"), where);
        rc = norm_fields(&c, c.out, in, w);
    }
    if (!rc)
        rc = copy_ref(c.out, in, "on_start", where);
    if (!rc)
        rc = norm_stages(&c, in, where);
    json_t *steps = json_object_get(in, "steps");
    if (!rc && (!json_is_array(steps) || json_array_size(steps) == 0 ||
                json_array_size(steps) > QF_PROC_MAX_STEPS))
        rc = qf__err(QF_EINVALID, _("%s: steps must be a non-empty list (at most %d)"), where,
                     QF_PROC_MAX_STEPS);
    if (!rc) {
        json_object_set_new(c.out, "steps", json_array());
        size_t i;
        json_t *s;
        json_array_foreach(steps, i, s) if ((rc = norm_step(&c, steps, i, s, where))) break;
    }
    if (!rc)
        rc = check_links(&c);
    if (rc) {
        json_decref(c.out);
        return rc;
    }
    *out = c.out;
    return QF_OK;
}

int qf__proc_canonical(char **text, char hash[65], json_t *def)
{
    char *s = json_dumps(def, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!s)
        return qf__oom();
    qf_sha256_hex(s, strlen(s), hash);
    if (text)
        *text = s;
    else
        free(s);
    return QF_OK;
}

/* ---- runtime helpers ------------------------------------------------------------------------ */

int qf__proc_duration(qf_duration *out, char text[16], json_t *v, json_t *params)
{
    const char *s = json_string_value(v);
    if (s && s[0] == '$')
        s = json_string_value(json_object_get(params, s + 1));
    if (!s || qf_duration_parse(out, s) != QF_OK)
        return qf__err(QF_ECORRUPT, _("a time rule's duration '%s' cannot be read"),
                       json_string_value(v) ? json_string_value(v) : "?");
    snprintf(text, 16, "%s", s);
    return QF_OK;
}

bool qf__proc_number(double *out, json_t *v, json_t *params)
{
    const char *s = json_string_value(v);
    if (s && s[0] == '$')
        v = json_object_get(params, s + 1);
    if (!json_is_number(v))
        return false;
    *out = json_number_value(v);
    return true;
}

static int check_record(qf_db *db, const char *table, json_t *v, const char *where)
{
    static const char sql_member[] = "SELECT 1 FROM member WHERE id = ?1";
    static const char sql_org[] = "SELECT 1 FROM org WHERE id = ?1";
    bool member = strcmp(table, "member") == 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return qf__err(QF_EINVALID, member ? _("%s: must be a member id") : _("%s: must be an org id"),
                       where);
    sqlite3_stmt *st = qf__stmt(db, member ? sql_member : sql_org);
    if (!st)
        return qf_error_last_code();
    sqlite3_bind_int64(st, 1, json_integer_value(v));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return qf__err(QF_EINVALID, member ? _("%s: member %lld does not exist")
                                           : _("%s: org %lld does not exist"),
                       where, (long long)json_integer_value(v));
    return QF_OK;
}

int qf__proc_check_field(qf_db *db, json_t *spec, json_t *v, json_t *params, const char *where)
{
    const char *type = json_string_value(json_object_get(spec, "type"));
    double min = 0, max = 0;
    bool has_min = qf__proc_number(&min, json_object_get(spec, "min"), params);
    bool has_max = qf__proc_number(&max, json_object_get(spec, "max"), params);
    qf_date d;
    if (strcmp(type, "date") == 0) {
        if (!json_is_string(v) || qf_date_parse(&d, json_string_value(v)) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: must be a date YYYY-MM-DD"), where);
        return QF_OK;
    }
    if (strcmp(type, "text") == 0) {
        if (!json_is_string(v))
            return qf__err(QF_EINVALID, _("%s: must be text"), where);
        return qf__check_text(where, json_string_value(v), true, 4000);
    }
    if (strcmp(type, "boolean") == 0)
        return json_is_boolean(v) ? QF_OK
                                  : qf__err(QF_EINVALID, _("%s: must be true or false"), where);
    if (strcmp(type, "member") == 0 || strcmp(type, "org") == 0)
        return check_record(db, type, v, where);
    double x;
    if (strcmp(type, "members") == 0) {
        if (!json_is_array(v))
            return qf__err(QF_EINVALID, _("%s: must be a list of member ids"), where);
        size_t i, j;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            int rc = check_record(db, "member", e, where);
            if (rc)
                return rc;
            for (j = 0; j < i; j++)
                if (json_equal(e, json_array_get(v, j)))
                    return qf__err(QF_EINVALID, _("%s: member %lld is named twice"), where,
                                   (long long)json_integer_value(e));
        }
        x = (double)json_array_size(v);
        if (has_min && x < min)
            return qf__err(QF_EINVALID, _("%s: %g member(s) given, at least %g needed"), where, x,
                           min);
        if (has_max && x > max)
            return qf__err(QF_EINVALID, _("%s: %g member(s) given, at most %g allowed"), where, x,
                           max);
        return QF_OK;
    }
    bool integer = strcmp(type, "integer") == 0;
    if (integer ? !json_is_integer(v) : !json_is_number(v))
        return qf__err(QF_EINVALID, integer ? _("%s: must be a whole number")
                                            : _("%s: must be a number"),
                       where);
    x = json_number_value(v);
    if (has_min && x < min)
        return qf__err(QF_EINVALID, _("%s: %g is less than %g"), where, x, min);
    if (has_max && x > max)
        return qf__err(QF_EINVALID, _("%s: %g is more than %g"), where, x, max);
    return QF_OK;
}
