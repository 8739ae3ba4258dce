/* Compiling definitions: a clause (with its requirements, through the kinds' descriptors) and
 * a tailoring's targets. The loader compiles to validate (and throws the result away); the
 * rulebook compiles what it reads. One path, so a definition that loads is one that judges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"

static int only_keys(json_t *obj, const char *const *allowed, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key) != 0)
            a++;
        if (!*a) {
            char list[400] = "";
            for (a = allowed; *a; a++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", a == allowed ? "" : ", ", *a);
            }
            return qf__err(QF_EINVALID, _("%s: unknown field '%s' (expected: %s)"), where, key,
                           list);
        }
    }
    return QF_OK;
}

static int text_field(json_t *obj, const char *key, bool required, size_t max, const char *where,
                      const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: field '%s' is required"), where, key);
        return QF_OK;
    }
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: field '%s' must be a string"), where, key);
    char field[200];
    snprintf(field, sizeof field, "%s: %s", where, key);
    int rc = qf__check_text(field, json_string_value(v), required, max);
    if (rc == QF_OK)
        *out = json_string_value(v);
    return rc;
}

/* GB/T 1.1 clause numbers: "4", "4.2", "4.2.1"; annexes "A", "A.1". */
static bool clause_number_ok(const char *s)
{
    if (!s || !*s)
        return false;
    const char *p = s;
    if (*p >= 'A' && *p <= 'Z')
        p++;
    else {
        if (*p < '1' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    while (*p == '.') {
        p++;
        if (*p < '1' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static const char *const CLAUSE_TYPES[] = {"requirement", "recommendation", "permission",
                                           "statement", NULL};

static int requirement_compile(qf_db *db, json_t *req, qf_arena *a, const qf_prov *from,
                               qf_req *out, const char *where)
{
    static const char *const keys[] = {"kind", "params", "fn", NULL};
    if (!json_is_object(req))
        return qf__err(QF_EINVALID, _("%s: a requirement must be a table"), where);
    int rc = only_keys(req, keys, where);
    if (rc)
        return rc;
    const char *kind = json_string_value(json_object_get(req, "kind"));
    const qf_kind_desc *k = qf__kind(kind);
    if (!k) {
        char names[300] = "";
        size_t n;
        const qf_kind_desc *ks = qf__kinds(&n);
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", ks[i].name);
        }
        return qf__err(QF_EINVALID, _("%s: requirement kind '%s' is unknown (%s)"), where,
                       kind ? kind : "", names);
    }
    if ((rc = qf__req_compile(db, k, json_object_get(req, "params"), a, from, out, where)))
        return rc;
    json_t *fn = json_object_get(req, "fn");
    if (k->kind == QF_REQ_CHECK && !json_is_object(fn))
        return qf__err(QF_EINVALID, _("%s: a check requirement needs a Lua function"), where);
    if (k->kind != QF_REQ_CHECK && fn)
        return qf__err(QF_EINVALID, _("%s: only check requirements take a function"), where);
    return QF_OK;
}

int qf__clause_compile(qf_db *db, json_t *c, const char *std_code, qf_arena *a,
                       const qf_prov *from, qf_clause *out, const char *where0)
{
    static const char *const keys[] = {"number", "type", "text", "responsible", "article",
                                       "requirements", "title", "note", NULL};
    char where[200];
    memset(out, 0, sizeof *out);
    if (!json_is_object(c))
        return qf__err(QF_EINVALID, _("%s: a clause must be a table"), where0);
    const char *num = json_string_value(json_object_get(c, "number"));
    snprintf(where, sizeof where, "%s/%s", std_code, num ? num : "?");
    int rc = only_keys(c, keys, where);
    if (rc)
        return rc;
    if (!clause_number_ok(num))
        return qf__err(QF_EINVALID,
                       _("%s: clause number '%s' is not in GB/T 1.1 form (\"4\", \"4.2\", "
                         "\"4.2.1\", \"A.1\")"),
                       where0, num ? num : "");
    const char *type = json_string_value(json_object_get(c, "type"));
    int t = 0;
    while (CLAUSE_TYPES[t] && (!type || strcmp(CLAUSE_TYPES[t], type) != 0))
        t++;
    if (!CLAUSE_TYPES[t])
        return qf__err(QF_EINVALID,
                       _("%s: clause type '%s' is unknown (requirement, recommendation, "
                         "permission, statement)"),
                       where, type ? type : "");
    out->number = num;
    out->type = (qf_clause_type)t;
    out->type_name = CLAUSE_TYPES[t];
    out->def = c;
    if ((rc = text_field(c, "text", true, 4000, where, &out->text)) ||
        (rc = text_field(c, "article", false, 200, where, &out->article)) ||
        (rc = text_field(c, "title", false, 400, where, &out->title)) ||
        (rc = text_field(c, "note", false, 4000, where, &out->note)))
        return rc;
    json_t *resp = json_object_get(c, "responsible");
    if (resp && (!json_is_string(resp) || qf_vocab_check(db, "post", json_string_value(resp))))
        return qf__err(QF_EINVALID, "%s: responsible: %s", where,
                       json_is_string(resp) ? qf_error_last() : _("must be a post"));
    out->responsible = json_string_value(resp);
    json_t *reqs = json_object_get(c, "requirements");
    if (reqs && !json_is_array(reqs))
        return qf__err(QF_EINVALID, _("%s: requirements must be a list"), where);
    size_t n = json_array_size(reqs);
    if (n && out->type == QF_CLAUSE_STATEMENT)
        return qf__err(QF_EINVALID, _("%s: a statement clause cannot have requirements"), where);
    if (n > 100)
        return qf__err(QF_EINVALID, _("%s: %zu requirements in one clause (at most 100)"), where,
                       n);
    out->reqs = n ? qf__arena_alloc(a, n * sizeof *out->reqs) : NULL;
    if (n && !out->reqs)
        return qf__oom();
    for (size_t i = 0; i < n; i++) {
        char w[240];
        snprintf(w, sizeof w, _("%s requirement %zu"), where, i + 1);
        if ((rc = requirement_compile(db, json_array_get(reqs, i), a, from, &out->reqs[i], w)))
            return rc;
        out->reqs[i].index = (int)i + 1;
        out->n_reqs = i + 1;
    }
    return QF_OK;
}

bool qf__target_parse(const char *t, qf_arena *a, qf_target *out)
{
    memset(out, 0, sizeof *out);
    if (!t || !*t)
        return false;
    const char *slash = strchr(t, '/');
    const char *hash = strchr(t, '#');
    if (hash && (!slash || hash < slash))
        return false;
    size_t clen = slash ? (size_t)(slash - t) : strlen(t);
    if (clen == 0 || clen > 64)
        return false;
    char *code = qf__arena_alloc(a, clen + 1);
    if (!code)
        return false;
    memcpy(code, t, clen);
    code[clen] = '\0';
    out->code = code;
    if (slash) {
        const char *start = slash + 1;
        size_t n = hash ? (size_t)(hash - start) : strlen(start);
        if (n == 0 || n > 40)
            return false;
        char *clause = qf__arena_alloc(a, n + 1);
        if (!clause)
            return false;
        memcpy(clause, start, n);
        clause[n] = '\0';
        out->clause = clause;
    }
    if (hash) {
        char *end;
        long v = strtol(hash + 1, &end, 10);
        if (*end || v < 1 || v > 100)
            return false;
        out->req = (int)v;
    }
    return true;
}
