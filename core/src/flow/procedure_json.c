/* Checking a JSON definition field by field: known keys only, texts, codes, function
 * references. Shared by the files that validate procedure definitions. */
#include <stdio.h>
#include <string.h>
#include "flow_internal.h"

bool qf__pj_in_list(const char *const *list, const char *s)
{
    for (; s && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

void qf__pj_join(char *buf, size_t size, const char *const *list)
{
    buf[0] = '\0';
    for (const char *const *p = list; *p; p++) {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", p == list ? "" : ", ", *p);
    }
}

int qf__pj_only_keys(json_t *obj, const char *const *allowed, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (!qf__pj_in_list(allowed, key)) {
            char list[400];
            qf__pj_join(list, sizeof list, allowed);
            return qf__err(QF_EINVALID, _("%s: unknown field '%s' (expected: %s)"), where, key,
                           list);
        }
    }
    return QF_OK;
}

const char *qf__pj_show(json_t *v, char *buf, size_t size)
{
    if (!v || json_is_null(v))
        snprintf(buf, size, "%s", _("nothing"));
    else if (json_is_string(v))
        snprintf(buf, size, "'%.60s'", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, size, "%g", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
    else
        snprintf(buf, size, "%s", _("a table"));
    return buf;
}

/* Copies an optional (or required) string field after checking it. */
int qf__pj_copy_text(json_t *dst, json_t *src, const char *key, bool required, size_t max,
                     const char *where)
{
    json_t *v = json_object_get(src, key);
    if (!v || json_is_null(v)) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: field '%s' is required"), where, key);
        return QF_OK;
    }
    char shown[80];
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: field '%s' must be a string, not %s"), where, key,
                       qf__pj_show(v, shown, sizeof shown));
    char field[512];
    snprintf(field, sizeof field, "%s: %s", where, key);
    int rc = qf__check_text(field, json_string_value(v), required, max);
    if (rc == QF_OK && json_string_length(v) > 0)
        json_object_set(dst, key, v);
    return rc;
}

int qf__pj_check_ident(const char *what, json_t *v, const char *where)
{
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: %s must be a string (a code like talk_held)"), where,
                       what);
    char field[512];
    snprintf(field, sizeof field, "%s: %s", where, what);
    return qf__check_code(field, json_string_value(v));
}

/* {"ref": "name"}: a Lua function, re-created from the stored source when it must run. */
int qf__pj_copy_ref(json_t *dst, json_t *src, const char *key, const char *where)
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
