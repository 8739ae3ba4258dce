/* Values at run time: a rule's duration or bound resolved against the case's parameters, and
 * a field value checked against its declaration (members and orgs must exist). */
#include <stdio.h>
#include <string.h>
#include "flow_internal.h"

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
        return qf__err(QF_EINVALID,
                       member ? _("%s: must be a member id") : _("%s: must be an org id"), where);
    qf_stmt *st = qf__stmt(db, member ? sql_member : sql_org);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, json_integer_value(v));
    int rc = qf__step(st);
    qf__reset(st);
    if (rc != QF_ROW)
        return qf__err(QF_EINVALID,
                       member ? _("%s: member %lld does not exist")
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
        return qf__err(QF_EINVALID,
                       integer ? _("%s: must be a whole number") : _("%s: must be a number"),
                       where);
    x = json_number_value(v);
    if (has_min && x < min)
        return qf__err(QF_EINVALID, _("%s: %g is less than %g"), where, x, min);
    if (has_max && x > max)
        return qf__err(QF_EINVALID, _("%s: %g is more than %g"), where, x, max);
    return QF_OK;
}
