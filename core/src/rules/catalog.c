/*
 * Loading packs into the catalog: validate every definition, compute the hash of its canonical
 * JSON (keys sorted, compact), and store a new revision only when that hash changed.
 */
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"

struct qf_load_report {
    qf_load_item *items;
    size_t n, cap;
};

size_t qf_load_report_count(const qf_load_report *r)
{
    return r ? r->n : 0;
}

const qf_load_item *qf_load_report_item(const qf_load_report *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

void qf_load_report_free(qf_load_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free((char *)r->items[i].code);
    free(r->items);
    free(r);
}

static int report_add(qf_load_report *r, const char *what, const char *code, int rev,
                      qf_load_outcome o)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        qf_load_item *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return qf__oom();
        r->items = items;
        r->cap = cap;
    }
    char *c = qf__strdup(code);
    if (!c)
        return qf__oom();
    r->items[r->n++] = (qf_load_item){what, c, rev, o};
    return QF_OK;
}

/* ---- validation ------------------------------------------------------------------------ */

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
                strncat(list, *a, sizeof list - strlen(list) - 3);
                if (a[1])
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            return qf__err(QF_EINVALID, _("%s: unknown field '%s' (expected: %s)"), where, key,
                           list);
        }
    }
    return QF_OK;
}

static int need_string(json_t *obj, const char *key, bool required, size_t max, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required)
            return qf__err(QF_EINVALID, _("%s: field '%s' is required"), where, key);
        return QF_OK;
    }
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: field '%s' must be a string"), where, key);
    char field[160];
    snprintf(field, sizeof field, "%s: %s", where, key);
    return qf__check_text(field, json_string_value(v), required, max);
}

static int need_date(json_t *obj, const char *key, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return QF_OK;
    qf_date d;
    if (!json_is_string(v))
        return qf__err(QF_EINVALID, _("%s: field '%s' must be a date string YYYY-MM-DD"), where,
                       key);
    if (qf_date_parse(&d, json_string_value(v)) != QF_OK)
        return qf__err(QF_EINVALID, "%s: %s: %s", where, key, qf_error_last());
    return QF_OK;
}

/* A code: 1–64 printable characters without spaces or '/' '#' (used in targets). */
static int need_code(json_t *obj, const char *key, const char *where)
{
    int rc = need_string(obj, key, true, 64, where);
    if (rc)
        return rc;
    const char *s = json_string_value(json_object_get(obj, key));
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == '/' || *p == '#' || *p == '\t')
            return qf__err(QF_EINVALID, _("%s: %s '%s' must not contain spaces, '/' or '#'"),
                           where, key, s);
    return QF_OK;
}

/* templates = {notice = "byt-notice.md", …}: the document templates a standard names (qufa
 * doc); a plain file name ending in .md or .html, looked up in the branch's template folder. */
static int need_templates(json_t *obj, const char *where)
{
    json_t *t = json_object_get(obj, "templates");
    if (!t || json_is_null(t))
        return QF_OK;
    if (!json_is_object(t))
        return qf__err(QF_EINVALID,
                       _("%s: templates must be a table {notice = \"file.md\", …}"), where);
    const char *doc;
    json_t *v;
    json_object_foreach(t, doc, v)
    {
        size_t n = strlen(doc);
        bool ok = n >= 1 && n <= 32;
        for (const char *p = doc; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || *p == '_';
        if (!ok)
            return qf__err(QF_EINVALID, _("%s: templates: '%s' is not a document name"), where,
                           doc);
        const char *f = json_string_value(v);
        size_t fl = f ? strlen(f) : 0;
        ok = fl >= 4 && fl <= 128 && f[0] != '.' &&
             ((fl > 3 && strcmp(f + fl - 3, ".md") == 0) ||
              (fl > 5 && strcmp(f + fl - 5, ".html") == 0));
        for (const char *p = f; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
        if (!ok)
            return qf__err(QF_EINVALID,
                           _("%s: templates: %s: '%s' is not a template file name (letters, "
                             "digits, '.', '_', '-', ending in .md or .html)"),
                           where, doc, f ? f : "");
    }
    return QF_OK;
}

/* One validator: a clause is valid when it compiles (rules/compile.c), requirements through
 * their kinds' descriptors. The compiled form is thrown away here; the rulebook compiles the
 * stored definition again when a check reads it. */
int qf__validate_clause(qf_db *db, json_t *c, const char *std_code, const char *where);
int qf__validate_clause(qf_db *db, json_t *c, const char *std_code, const char *where)
{
    static const qf_prov ISSUED = {"", NULL, QF_DATE_NONE, NULL, NULL};
    qf_arena a = {0};
    qf_clause out;
    int rc = qf__clause_compile(db, c, std_code, &a, &ISSUED, &out, where);
    qf__arena_free(&a);
    return rc;
}

static int validate_standard(qf_db *db, json_t *s, size_t index)
{
    static const char *const keys[] = {
        "code",      "title",    "version",  "system", "category", "published",
        "effective", "expires",  "replaces", "origin", "issuer",   "scope",
        "applies_to", "org",     "source_doc", "clauses", "note", "templates", NULL};
    char where[120];
    if (!json_is_object(s))
        return qf__err(QF_EINVALID, _("standard #%zu: must be a table"), index + 1);
    const char *code = json_string_value(json_object_get(s, "code"));
    snprintf(where, sizeof where, _("standard %s"), code ? code : "?");
    int rc;
    if ((rc = need_code(s, "code", where)) || (rc = only_keys(s, keys, where)) ||
        (rc = need_string(s, "title", true, 400, where)) ||
        (rc = need_string(s, "version", false, 64, where)) ||
        (rc = need_string(s, "system", false, 64, where)) ||
        (rc = need_string(s, "category", false, 64, where)) ||
        (rc = need_string(s, "replaces", false, 64, where)) ||
        (rc = need_string(s, "issuer", false, 400, where)) ||
        (rc = need_string(s, "scope", false, 4000, where)) ||
        (rc = need_string(s, "source_doc", false, 400, where)) ||
        (rc = need_string(s, "note", false, 4000, where)) ||
        (rc = need_string(s, "org", false, 64, where)) || (rc = need_date(s, "published", where)) ||
        (rc = need_date(s, "effective", where)) || (rc = need_date(s, "expires", where)) ||
        (rc = need_templates(s, where)))
        return rc;
    const char *effective = json_string_value(json_object_get(s, "effective"));
    const char *expires = json_string_value(json_object_get(s, "expires"));
    if (effective && expires && strcmp(expires, effective) < 0) /* both YYYY-MM-DD */
        return qf__err(QF_EINVALID, _("%s: expires '%s' is before effective '%s'"), where, expires,
                       effective);
    const char *origin = json_string_value(json_object_get(s, "origin"));
    if (json_object_get(s, "origin") &&
        (!origin || (strcmp(origin, "issued") != 0 && strcmp(origin, "branch") != 0)))
        return qf__err(QF_EINVALID, _("%s: origin must be \"issued\" or \"branch\""), where);
    json_t *applies = json_object_get(s, "applies_to");
    if (applies) {
        size_t i;
        json_t *k;
        qf_org_kind ok;
        if (!json_is_array(applies) || json_array_size(applies) == 0)
            return qf__err(QF_EINVALID, _("%s: applies_to must be a list of org kinds"), where);
        json_array_foreach(applies, i, k)
        {
            if (qf_org_kind_parse(&ok, json_string_value(k)) != QF_OK)
                return qf__err(QF_EINVALID, "%s: applies_to: %s", where, qf_error_last());
        }
    }
    const char *org = json_string_value(json_object_get(s, "org"));
    if (org) {
        qf_org *o = NULL;
        if (qf_org_lookup(&o, db, org) != QF_OK)
            return qf__err(QF_EINVALID, _("%s: org '%s' does not exist"), where, org);
        qf_org_free(o);
    }
    json_t *clauses = json_object_get(s, "clauses");
    if (!json_is_array(clauses) || json_array_size(clauses) == 0)
        return qf__err(QF_EINVALID, _("%s: needs a non-empty list of clauses"), where);
    size_t i, j;
    json_t *c, *d;
    json_array_foreach(clauses, i, c)
    {
        if ((rc = qf__validate_clause(db, c, code, where)))
            return rc;
        const char *num = json_string_value(json_object_get(c, "number"));
        json_array_foreach(clauses, j, d)
        {
            if (j >= i)
                break;
            if (strcmp(num, json_string_value(json_object_get(d, "number"))) == 0)
                return qf__err(QF_EINVALID, _("%s: clause %s appears twice"), where, num);
        }
    }
    return QF_OK;
}

static int validate_system(json_t *s, size_t index)
{
    static const char *const keys[] = {"code", "title", "issuer", "adopted", "description",
                                       "categories", NULL};
    static const char *const cat_keys[] = {"code", "title", "description", NULL};
    char where[120];
    if (!json_is_object(s))
        return qf__err(QF_EINVALID, _("system #%zu: must be a table"), index + 1);
    const char *code = json_string_value(json_object_get(s, "code"));
    snprintf(where, sizeof where, _("system %s"), code ? code : "?");
    int rc;
    if ((rc = need_code(s, "code", where)) || (rc = only_keys(s, keys, where)) ||
        (rc = need_string(s, "title", true, 400, where)) ||
        (rc = need_string(s, "issuer", false, 400, where)) ||
        (rc = need_string(s, "description", false, 4000, where)) ||
        (rc = need_date(s, "adopted", where)))
        return rc;
    json_t *cats = json_object_get(s, "categories");
    if (cats && !json_is_array(cats))
        return qf__err(QF_EINVALID, _("%s: categories must be a list"), where);
    size_t i;
    json_t *c;
    json_array_foreach(cats, i, c)
    {
        char w[160];
        snprintf(w, sizeof w, _("%s category #%zu"), where, i + 1);
        if (!json_is_object(c))
            return qf__err(QF_EINVALID, _("%s: must be a table"), w);
        if ((rc = only_keys(c, cat_keys, w)) || (rc = need_code(c, "code", w)) ||
            (rc = need_string(c, "title", true, 400, w)) ||
            (rc = need_string(c, "description", false, 4000, w)))
            return rc;
    }
    return QF_OK;
}

int qf__validate_tailoring(qf_db *db, json_t *t, size_t index, json_t *pack_standards);

/* ---- storing --------------------------------------------------------------------------- */

static int canonical_hash(json_t *def, char hash[65], char **canon)
{
    char *s = json_dumps(def, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
    if (!s)
        return qf__oom();
    qf_sha256_hex(s, strlen(s), hash);
    if (canon)
        *canon = s;
    else
        free(s);
    return QF_OK;
}

static int store_source(int64_t *id, qf_db *db, const char *name, const char *text)
{
    static const char sql_find[] = "SELECT id FROM std_source WHERE sha256 = ?1";
    static const char sql_put[] =
        "INSERT INTO std_source (sha256, name, text, loaded_at) VALUES (?1, ?2, ?3, ?4)";
    return qf__store_source(id, db, sql_find, sql_put, name, text, "source");
}

/* The latest revision's hash and number for a code in `table` (standard or std_tailoring). */
static int latest(qf_db *db, const char *sql, const char *code, int *rev, char hash[65])
{
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    *rev = 0;
    hash[0] = '\0';
    if (qf__step(st) == QF_ROW) {
        *rev = qf__col_int(st, 0);
        snprintf(hash, 65, "%s", qf__col_text(st, 1));
    }
    qf__reset(st);
    return QF_OK;
}

static int store_standard(qf_db *db, json_t *s, int64_t source_id, qf_load_report *rep)
{
    static const char sql_latest[] =
        "SELECT rev, hash FROM standard WHERE code = ?1 ORDER BY rev DESC LIMIT 1";
    static const char sql_put[] =
        "INSERT INTO standard (code, rev, version, title, system, category, origin, effective, "
        "expires, replaces, def, hash, source_id, loaded_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
    const char *code = json_string_value(json_object_get(s, "code"));
    char hash[65], old[65];
    char *canon = NULL;
    int rev;
    int rc = canonical_hash(s, hash, &canon);
    if (!rc)
        rc = latest(db, sql_latest, code, &rev, old);
    if (rc) {
        free(canon);
        return rc;
    }
    if (rev && strcmp(old, hash) == 0) {
        free(canon);
        return report_add(rep, "standard", code, rev, QF_LOAD_UNCHANGED);
    }
    /* effective: stated, else published, else today (a revision never judges the past unless
     * its definition says so) */
    const char *eff = json_string_value(json_object_get(s, "effective"));
    if (!eff)
        eff = json_string_value(json_object_get(s, "published"));
    char today[11];
    if (!eff) {
        qf_date_format(qf_db_today(db), today);
        eff = today;
    }
    qf_stmt *st = qf__stmt(db, sql_put);
    if (!st) {
        free(canon);
        return qf_error_last_code();
    }
    const char *origin = json_string_value(json_object_get(s, "origin"));
    char at[QF_UTC_LEN];
    qf__utc_now(at);
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    qf__bind_int(st, 2, rev + 1);
    qf__bind_text(st, 3, json_string_value(json_object_get(s, "version")));
    qf__bind_text(st, 4, json_string_value(json_object_get(s, "title")));
    qf__bind_text(st, 5, json_string_value(json_object_get(s, "system")));
    qf__bind_text(st, 6, json_string_value(json_object_get(s, "category")));
    qf__bind_textn(st, 7, origin ? origin : "issued", -1, QF_STATIC);
    qf__bind_textn(st, 8, eff, -1, QF_TRANSIENT);
    qf__bind_text(st, 9, json_string_value(json_object_get(s, "expires")));
    qf__bind_text(st, 10, json_string_value(json_object_get(s, "replaces")));
    qf__bind_textn(st, 11, canon, -1, QF_STATIC);
    qf__bind_textn(st, 12, hash, -1, QF_TRANSIENT);
    qf__bind_id(st, 13, source_id);
    qf__bind_textn(st, 14, at, -1, QF_TRANSIENT);
    rc = qf__exec_stmt(db, st, code);
    free(canon);
    if (rc)
        return rc;
    return report_add(rep, "standard", code, rev + 1, rev ? QF_LOAD_REVISED : QF_LOAD_NEW);
}

static int store_system(qf_db *db, json_t *s, int64_t source_id, qf_load_report *rep)
{
    static const char sql_get[] = "SELECT hash FROM std_system WHERE code = ?1";
    static const char sql_put[] =
        "INSERT INTO std_system (code, title, def, hash, source_id) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT (code) DO UPDATE SET title = excluded.title, def = excluded.def, "
        "hash = excluded.hash, source_id = excluded.source_id";
    const char *code = json_string_value(json_object_get(s, "code"));
    char hash[65];
    char *canon = NULL;
    int rc = canonical_hash(s, hash, &canon);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql_get);
    if (!st) {
        free(canon);
        return qf_error_last_code();
    }
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    bool exists = false, same = false;
    if (qf__step(st) == QF_ROW) {
        exists = true;
        same = strcmp(qf__col_text(st, 0), hash) == 0;
    }
    qf__reset(st);
    if (same) {
        free(canon);
        return report_add(rep, "system", code, 1, QF_LOAD_UNCHANGED);
    }
    st = qf__stmt(db, sql_put);
    if (!st) {
        free(canon);
        return qf_error_last_code();
    }
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    qf__bind_text(st, 2, json_string_value(json_object_get(s, "title")));
    qf__bind_textn(st, 3, canon, -1, QF_STATIC);
    qf__bind_textn(st, 4, hash, -1, QF_TRANSIENT);
    qf__bind_id(st, 5, source_id);
    rc = qf__exec_stmt(db, st, code);
    free(canon);
    if (rc)
        return rc;
    return report_add(rep, "system", code, 1, exists ? QF_LOAD_REVISED : QF_LOAD_NEW);
}

static int store_tailoring(qf_db *db, json_t *t, int64_t source_id, qf_load_report *rep)
{
    static const char sql_latest[] =
        "SELECT rev, hash FROM std_tailoring WHERE code = ?1 ORDER BY rev DESC LIMIT 1";
    static const char sql_put[] =
        "INSERT INTO std_tailoring (code, rev, org_id, title, effective, def, hash, source_id, "
        "loaded_at) VALUES (?1, ?2, (SELECT id FROM org WHERE code = ?3), ?4, ?5, ?6, ?7, ?8, ?9)";
    const char *code = json_string_value(json_object_get(t, "code"));
    char hash[65], old[65];
    char *canon = NULL;
    int rev;
    int rc = canonical_hash(t, hash, &canon);
    if (!rc)
        rc = latest(db, sql_latest, code, &rev, old);
    if (rc) {
        free(canon);
        return rc;
    }
    if (rev && strcmp(old, hash) == 0) {
        free(canon);
        return report_add(rep, "tailoring", code, rev, QF_LOAD_UNCHANGED);
    }
    const char *eff = json_string_value(json_object_get(t, "effective"));
    char today[11];
    if (!eff) {
        qf_date_format(qf_db_today(db), today);
        eff = rev ? today : "1900-01-01"; /* a first profile applies from the beginning */
    }
    qf_stmt *st = qf__stmt(db, sql_put);
    if (!st) {
        free(canon);
        return qf_error_last_code();
    }
    char at[QF_UTC_LEN];
    qf__utc_now(at);
    qf__bind_textn(st, 1, code, -1, QF_STATIC);
    qf__bind_int(st, 2, rev + 1);
    qf__bind_text(st, 3, json_string_value(json_object_get(t, "org")));
    qf__bind_text(st, 4, json_string_value(json_object_get(t, "title")));
    qf__bind_textn(st, 5, eff, -1, QF_TRANSIENT);
    qf__bind_textn(st, 6, canon, -1, QF_STATIC);
    qf__bind_textn(st, 7, hash, -1, QF_TRANSIENT);
    qf__bind_id(st, 8, source_id);
    qf__bind_textn(st, 9, at, -1, QF_TRANSIENT);
    rc = qf__exec_stmt(db, st, code);
    free(canon);
    if (rc)
        return rc;
    return report_add(rep, "tailoring", code, rev + 1, rev ? QF_LOAD_REVISED : QF_LOAD_NEW);
}

static int load_pack(qf_db *db, json_t *pack, const char *source_name, const char *source_text,
                     qf_load_report *rep)
{
    static const char *const keys[] = {"systems", "standards", "tailorings", NULL};
    int rc = only_keys(pack, keys, source_name ? source_name : "pack");
    if (rc)
        return rc;
    json_t *systems = json_object_get(pack, "systems");
    json_t *standards = json_object_get(pack, "standards");
    json_t *tailorings = json_object_get(pack, "tailorings");
    const char *lists[] = {"systems", "standards", "tailorings"};
    json_t *vals[] = {systems, standards, tailorings};
    for (int i = 0; i < 3; i++)
        if (vals[i] && !json_is_array(vals[i]))
            return qf__err(QF_EINVALID, _("pack: %s must be a list"), lists[i]);
    size_t i;
    json_t *x;
    json_array_foreach(systems, i, x) if ((rc = validate_system(x, i))) return rc;
    json_array_foreach(standards, i, x) if ((rc = validate_standard(db, x, i))) return rc;
    /* codes must be unique inside one pack */
    size_t j;
    json_t *y;
    json_array_foreach(standards, i, x)
    {
        json_array_foreach(standards, j, y)
        {
            if (j >= i)
                break;
            if (json_equal(json_object_get(x, "code"), json_object_get(y, "code")))
                return qf__err(QF_EINVALID, _("standard %s is defined twice in this pack"),
                               json_string_value(json_object_get(x, "code")));
        }
    }
    int64_t source_id = 0;
    if ((rc = store_source(&source_id, db, source_name, source_text)))
        return rc;
    json_array_foreach(systems, i, x) if ((rc = store_system(db, x, source_id, rep))) return rc;
    json_array_foreach(standards, i, x) if ((rc = store_standard(db, x, source_id, rep))) return rc;
    /* tailorings are validated after the pack's standards are stored: they may target them */
    json_array_foreach(tailorings, i, x)
    {
        if ((rc = qf__validate_tailoring(db, x, i, standards)))
            return rc;
        if ((rc = store_tailoring(db, x, source_id, rep)))
            return rc;
    }
    return QF_OK;
}

int qf_catalog_load(qf_load_report **out, qf_db *db, const char *pack_json,
                    const char *source_name, const char *source_text)
{
    *out = NULL;
    if (!pack_json)
        return qf__err(QF_EINVALID, "%s", _("pack: no definition given"));
    int rc = qf__check_utf8("pack", pack_json);
    if (rc)
        return rc;
    json_error_t jerr;
    json_t *pack = json_loads(pack_json, JSON_REJECT_DUPLICATES, &jerr);
    if (!pack)
        return qf__err(QF_EINVALID, _("%s:%d:%d: %s"), source_name ? source_name : "pack",
                       jerr.line, jerr.column, jerr.text);
    if (!json_is_object(pack)) {
        json_decref(pack);
        return qf__err(QF_EINVALID, _("%s: a pack must be a JSON object"),
                       source_name ? source_name : "pack");
    }
    qf_load_report *rep = calloc(1, sizeof *rep);
    if (!rep) {
        json_decref(pack);
        return qf__oom();
    }
    rc = qf__tx_begin(db);
    if (rc == QF_OK)
        rc = qf__tx_end(db, load_pack(db, pack, source_name, source_text, rep));
    json_decref(pack);
    if (rc) {
        qf_load_report_free(rep);
        return rc;
    }
    *out = rep;
    return QF_OK;
}

int qf_catalog_source(char **text_out, char **name_out, qf_db *db, const char *sha256)
{
    static const char sql[] = "SELECT text, name FROM std_source WHERE sha256 = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, sha256);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("no stored source with hash %.12s"), sha256 ? sha256 : "");
    }
    *text_out = qf__strdup(qf__col_text(st, 0));
    if (name_out)
        *name_out = qf__strdup(qf__col_text(st, 1));
    qf__reset(st);
    return *text_out ? QF_OK : qf__oom();
}
