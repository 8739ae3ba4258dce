/*
 * Tailoring overlays: a branch's profile over the standards it works under. An overlay can
 * import systems, add whole standards (listed in "adds") or clauses, change a requirement's
 * parameters, and mark clauses not applicable with a reason and an expiry date.
 *   {"code": "gy1-profile", "org": "gy1", "import": ["organ"], "adds": ["BYT"],
 *    "set": [{"target": "DKJS/5.1#1", "params": {"before": 5}, "reason": "…"}],
 *    "not_applicable": [{"target": "DKJS/7", "reason": "…", "expires": "2017-12-31"}],
 *    "add_clauses": [{"standard": "DKJS", "clause": {…}, "reason": "…"}]}
 */
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"

int qf__validate_clause(qf_db *db, json_t *c, const char *std_code, const char *where0);

/* Splits "CODE/4.2#1" into code, clause ("" = whole standard) and requirement (0 = all). */
static int parse_target(const char *t, char *code, size_t cs, char *clause, size_t cls, int *req)
{
    const char *slash = t ? strchr(t, '/') : NULL;
    const char *hash = t ? strchr(t, '#') : NULL;
    *req = 0;
    if (!t || !*t)
        return -1;
    size_t clen = slash ? (size_t)(slash - t) : (hash ? (size_t)(hash - t) : strlen(t));
    if (clen == 0 || clen >= cs)
        return -1;
    memcpy(code, t, clen);
    code[clen] = '\0';
    clause[0] = '\0';
    if (slash) {
        const char *start = slash + 1;
        size_t n = hash ? (size_t)(hash - start) : strlen(start);
        if (n == 0 || n >= cls)
            return -1;
        memcpy(clause, start, n);
        clause[n] = '\0';
    }
    if (hash) {
        char *end;
        long v = strtol(hash + 1, &end, 10);
        if (*end || v < 1 || v > 100 || !slash)
            return -1;
        *req = (int)v;
    }
    return 0;
}

/* The latest stored definition of a standard, or the one in this pack. */
static json_t *find_standard(qf_db *db, const char *code, json_t *pack_standards)
{
    static const char sql[] = "SELECT def FROM standard WHERE code = ?1 ORDER BY rev DESC LIMIT 1";
    size_t i;
    json_t *s;
    json_array_foreach(pack_standards, i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "code")), code) == 0)
            return json_incref(s);
    }
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    json_t *def = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        def = json_loads(qf__col_text(st, 0), 0, NULL);
    sqlite3_reset(st);
    return def;
}

static json_t *find_clause(json_t *std, const char *number)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(std, "clauses"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "number")), number) == 0)
            return c;
    }
    return NULL;
}

static int check_target(qf_db *db, const char *target, json_t *pack_standards, bool need_clause,
                        json_t **std_out, json_t **clause_out, int *req_out, const char *where)
{
    char code[80], clause[40];
    *std_out = NULL;
    if (parse_target(target, code, sizeof code, clause, sizeof clause, req_out) != 0 ||
        (need_clause && !clause[0]))
        return qf__err(QF_EINVALID,
                       _("%s: target '%s' is not of the form CODE/CLAUSE or CODE/CLAUSE#N"),
                       where, target ? target : "");
    json_t *std = find_standard(db, code, pack_standards);
    if (!std)
        return qf__err(QF_EINVALID, _("%s: target '%s': there is no standard %s"), where, target,
                       code);
    json_t *c = clause[0] ? find_clause(std, clause) : NULL;
    if (clause[0] && !c) {
        json_decref(std);
        return qf__err(QF_EINVALID, _("%s: target '%s': standard %s has no clause %s"), where,
                       target, code, clause);
    }
    size_t nreq = json_array_size(json_object_get(c, "requirements"));
    if (*req_out > 0 && (size_t)*req_out > nreq) {
        json_decref(std);
        return qf__err(QF_EINVALID, _("%s: target '%s': clause %s has %zu requirement(s)"), where,
                       target, clause, nreq);
    }
    *std_out = std;
    *clause_out = c;
    return QF_OK;
}

/* A parameter change must name parameters of the targeted requirement(s), and the changed
 * requirement must still compile: the same descriptors judge it as judge the standard. */
static int validate_set(qf_db *db, json_t *e, json_t *pack_standards, const char *where)
{
    json_t *std, *clause;
    int req;
    const char *target = json_string_value(json_object_get(e, "target"));
    json_t *params = json_object_get(e, "params");
    if (!json_is_object(params) || json_object_size(params) == 0)
        return qf__err(QF_EINVALID, _("%s: set %s needs a table of params"), where,
                       target ? target : "?");
    int rc = check_target(db, target, pack_standards, true, &std, &clause, &req, where);
    if (rc)
        return rc;
    static const qf_prov ISSUED = {"", NULL, QF_DATE_NONE, NULL, NULL};
    const qf_prov CHANGE = {"", NULL, QF_DATE_NONE, NULL, NULL};
    qf_arena a = {0};
    qf_clause c;
    char w[200];
    snprintf(w, sizeof w, _("%s: set %s"), where, target);
    rc = qf__clause_compile(db, clause, json_string_value(json_object_get(std, "code")), &a,
                            &ISSUED, &c, w);
    const char *key;
    json_t *v;
    json_object_foreach(params, key, v)
    {
        if (rc)
            break;
        bool taken = false;
        for (size_t i = 0; rc == QF_OK && i < c.n_reqs; i++) {
            if (req && (size_t)req != i + 1)
                continue;
            if (qf__kind_param(c.reqs[i].kind, key) < 0 && strcmp(key, "remind") != 0)
                continue;
            taken = true;
            rc = qf__req_set(db, &c.reqs[i], key, v, &a, &CHANGE, w);
        }
        if (rc == QF_OK && !taken)
            rc = qf__err(QF_EINVALID, _("%s: set %s: no requirement there has a parameter '%s'"),
                         where, target, key);
    }
    qf__arena_free(&a);
    json_decref(std);
    return rc;
}

int qf__validate_tailoring(qf_db *db, json_t *t, size_t index, json_t *pack_standards);
int qf__validate_tailoring(qf_db *db, json_t *t, size_t index, json_t *pack_standards)
{
    static const char *const keys[] = {"code",           "org",         "title", "effective",
                                       "import",         "adds",        "set",   "not_applicable",
                                       "add_clauses",    "adopt",       "note",  NULL};
    char where[120];
    if (!json_is_object(t))
        return qf__err(QF_EINVALID, _("tailoring #%zu: must be a table"), index + 1);
    const char *code = json_string_value(json_object_get(t, "code"));
    snprintf(where, sizeof where, _("tailoring %s"), code ? code : "?");
    if (!code || !*code)
        return qf__err(QF_EINVALID, _("%s: field '%s' is required"), where, "code");
    const char *key;
    json_t *v;
    json_object_foreach(t, key, v)
    {
        const char *const *k = keys;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (!*k)
            return qf__err(QF_EINVALID, _("%s: unknown field '%s'"), where, key);
    }
    const char *org = json_string_value(json_object_get(t, "org"));
    if (json_object_get(t, "org") && !org)
        return qf__err(QF_EINVALID, _("%s: org must be an org code"), where);
    if (org) {
        qf_org *o = NULL;
        if (qf_org_lookup(&o, db, org) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: org '%s' does not exist"), where, org);
        qf_org_free(o);
    }
    json_t *eff = json_object_get(t, "effective");
    qf_date d;
    if (eff && (!json_is_string(eff) || qf_date_parse(&d, json_string_value(eff)) != QF_OK))
        return qf__err(QF_EINVALID, _("%s: effective must be a date YYYY-MM-DD"), where);
    static const char sql_sys[] = "SELECT 1 FROM std_system WHERE code = ?1";
    size_t i;
    json_t *e;
    json_t *imports = json_object_get(t, "import");
    if (imports && !json_is_array(imports))
        return qf__err(QF_EINVALID, _("%s: import must be a list of system codes"), where);
    json_array_foreach(imports, i, e)
    {
        sqlite3_stmt *st = qf__stmt(db, sql_sys);
        if (!st)
            return qf_error_last_code();
        qf__bind_text(st, 1, json_string_value(e));
        bool found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (!found)
            return qf__err(QF_EINVALID, _("%s: import: there is no system '%s'"), where,
                           json_is_string(e) ? json_string_value(e) : "?");
    }
    json_t *adds = json_object_get(t, "adds");
    if (adds && !json_is_array(adds))
        return qf__err(QF_EINVALID, _("%s: adds must be a list of standard codes"), where);
    json_array_foreach(adds, i, e)
    {
        json_t *s = json_is_string(e) ? find_standard(db, json_string_value(e), pack_standards)
                                      : NULL;
        if (!s)
            return qf__err(QF_EINVALID, _("%s: adds: there is no standard '%s'"), where,
                           json_is_string(e) ? json_string_value(e) : "?");
        json_decref(s);
    }
    json_t *adopt = json_object_get(t, "adopt");
    if (adopt && !json_is_array(adopt))
        return qf__err(QF_EINVALID, _("%s: adopt must be a list of {standard =, from =, reason =}"),
                       where);
    json_array_foreach(adopt, i, e)
    {
        const char *std_code = json_string_value(json_object_get(e, "standard"));
        json_t *s = std_code ? find_standard(db, std_code, pack_standards) : NULL;
        if (!s)
            return qf__err(QF_EINVALID, _("%s: adopt: there is no standard '%s'"), where,
                           std_code ? std_code : "?");
        json_decref(s);
        json_t *from = json_object_get(e, "from");
        if (!json_is_string(from) || qf_date_parse(&d, json_string_value(from)) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: adopt %s: from must be a date YYYY-MM-DD"), where,
                           std_code);
        const char *reason = json_string_value(json_object_get(e, "reason"));
        if (!reason || !*reason)
            return qf__err(QF_EINVALID, _("%s: adopt %s needs a reason"), where, std_code);
    }
    int rc;
    json_array_foreach(json_object_get(t, "set"), i, e)
    {
        if ((rc = validate_set(db, e, pack_standards, where)))
            return rc;
    }
    json_array_foreach(json_object_get(t, "not_applicable"), i, e)
    {
        json_t *std, *clause;
        int req;
        const char *target = json_string_value(json_object_get(e, "target"));
        if ((rc = check_target(db, target, pack_standards, false, &std, &clause, &req, where)))
            return rc;
        json_decref(std);
        const char *reason = json_string_value(json_object_get(e, "reason"));
        if (!reason || !*reason)
            return qf__err(QF_EINVALID, _("%s: not_applicable %s needs a reason"), where, target);
        json_t *exp = json_object_get(e, "expires");
        if (exp && (!json_is_string(exp) || qf_date_parse(&d, json_string_value(exp)) != QF_OK))
            return qf__err(QF_EINVALID, _("%s: not_applicable %s: expires must be a date"), where,
                           target);
    }
    json_array_foreach(json_object_get(t, "add_clauses"), i, e)
    {
        const char *scode = json_string_value(json_object_get(e, "standard"));
        json_t *std = scode ? find_standard(db, scode, pack_standards) : NULL;
        if (!std)
            return qf__err(QF_EINVALID, _("%s: add_clauses: there is no standard '%s'"), where,
                           scode ? scode : "?");
        json_t *clause = json_object_get(e, "clause");
        rc = qf__validate_clause(db, clause, scode, where);
        const char *num = json_string_value(json_object_get(clause, "number"));
        if (!rc && find_clause(std, num))
            rc = qf__err(QF_EINVALID, _("%s: add_clauses: %s already has a clause %s"), where,
                         scode, num);
        json_decref(std);
        if (rc)
            return rc;
    }
    return QF_OK;
}
