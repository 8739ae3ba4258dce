/* Declarations of values in a procedure definition: its named parameters (with their types
 * inferred from the defaults), its own artifact types, and the fields a step (or the start)
 * records. Each is normalised to one shape: {type, default|required, doc, min, max}. */
#include <stdio.h>
#include <string.h>
#include "flow_internal.h"

static const char *const FIELD_TYPES[] = {"date",   "integer", "number", "text", "boolean",
                                          "member", "members", "org",    NULL};
static const char *const PARAM_TYPES[] = {"duration", "integer", "number", "boolean",
                                          "text",     "date",    NULL};

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
        if (json_is_string(v) && qf_duration_parse(&d, json_string_value(v)) != QF_OK)
            return qf__err(QF_EINVALID, "%s: %s", where, qf_error_last()); /* names the value */
        if (!json_is_string(v)) {
            char shown[80];
            return qf__err(QF_EINVALID,
                           _("%s: must be a duration such as \"1m\", \"3d\", \"1y\" or \"5wd\", "
                             "not %s"),
                           where, qf__pj_show(v, shown, sizeof shown));
        }
        return QF_OK;
    }
    if (strcmp(type, "integer") == 0 || strcmp(type, "number") == 0) {
        bool integer = strcmp(type, "integer") == 0;
        if (integer ? !json_is_integer(v) : !json_is_number(v))
            return qf__err(QF_EINVALID,
                           integer ? _("%s: must be a whole number") : _("%s: must be a number"),
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

int qf__proc_norm_params(qf_def_ctx *c, json_t *in, const char *where0)
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
            if ((rc = qf__pj_only_keys(v, keys, where)))
                return rc;
            def = json_object_get(v, "default");
            if (!def)
                return qf__err(QF_EINVALID, _("%s: field 'default' is required"), where);
            if ((rc = qf__pj_copy_text(spec, v, "doc", false, 2000, where)) ||
                (rc = qf__pj_copy_text(spec, v, "source", false, 1000, where)))
                return rc;
        }
        const char *type = json_string_value(json_object_get(v, "type"));
        if (json_is_object(v) && json_object_get(v, "type") && !qf__pj_in_list(PARAM_TYPES, type)) {
            char list[200];
            qf__pj_join(list, sizeof list, PARAM_TYPES);
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
int qf__proc_check_duration(qf_def_ctx *c, json_t *v, const char *where)
{
    const char *s = json_string_value(v);
    char shown[80];
    if (!s)
        return qf__err(QF_EINVALID, _("%s: must be a duration such as \"1m\" or \"$param\", not %s"),
                       where, qf__pj_show(v, shown, sizeof shown));
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
int qf__proc_check_bound(qf_def_ctx *c, json_t *v, const char *where)
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

int qf__proc_norm_types(qf_def_ctx *c, json_t *in, const char *where0)
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
            return qf__err(QF_EINVALID,
                           _("%s: give its name as \"中文名\" or {\"中文名\", "
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

int qf__proc_check_artifact_type(qf_def_ctx *c, json_t *v, const char *where)
{
    int rc = qf__pj_check_ident(_("an artifact type"), v, where);
    if (rc)
        return rc;
    const char *t = json_string_value(v);
    if (json_object_get(c->types, t))
        return QF_OK;
    if (qf_vocab_check(c->db, "artifact_type", t) != QF_OK)
        return qf__err(QF_EINVALID,
                       _("%s: %s (declare it in the procedure's artifact_types to add it)"), where,
                       qf_error_last());
    return QF_OK;
}

/* {name = "type"} or {name = {type=, required=, doc=, min=, max=}} */
int qf__proc_norm_fields(qf_def_ctx *c, json_t *dst, json_t *src, const char *where0)
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
    qf__pj_join(types, sizeof types, FIELD_TYPES);
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
        if (json_is_object(v) && (rc = qf__pj_only_keys(v, keys, where)))
            return rc;
        if (!json_is_string(type) || !qf__pj_in_list(FIELD_TYPES, json_string_value(type))) {
            char shown[80];
            return qf__err(QF_EINVALID, _("%s: type must be one of %s, not %s"), where, types,
                           qf__pj_show(type, shown, sizeof shown));
        }
        json_object_set(spec, "type", type);
        json_t *req = json_is_object(v) ? json_object_get(v, "required") : NULL;
        if (req && !json_is_boolean(req))
            return qf__err(QF_EINVALID, _("%s: required must be true or false"), where);
        json_object_set_new(spec, "required", json_boolean(!req || json_is_true(req)));
        if (json_is_object(v)) {
            if ((rc = qf__pj_copy_text(spec, v, "doc", false, 1000, where)))
                return rc;
            const char *t = json_string_value(type);
            bool numeric =
                strcmp(t, "integer") == 0 || strcmp(t, "number") == 0 || strcmp(t, "members") == 0;
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
                if ((rc = qf__proc_check_bound(c, b, w)))
                    return rc;
                json_object_set(spec, bound, b);
            }
        }
    }
    return QF_OK;
}
