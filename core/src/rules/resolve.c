/*
 * The catalog in memory and the resolution of a standard for one org on one day: the revision
 * in force, with the tailorings of the org's chain (root first, so a branch overrides its
 * committee) applied and every change recorded as provenance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "catalog.h"

static qf_date date_or_none(const char *s)
{
    qf_date d;
    return s && qf_date_parse(&d, s) == QF_OK ? d : QF_DATE_NONE;
}

int qf__catalog_read(qf_catalog *cat, qf_db *db)
{
    memset(cat, 0, sizeof *cat);
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db,
                         "SELECT s.code, s.rev, s.effective, s.expires, s.replaces, s.def, "
                         "src.sha256, src.name, (SELECT count(*) FROM standard) "
                         "FROM standard s LEFT JOIN std_source src ON src.id = s.source_id "
                         "ORDER BY s.code, s.rev");
    if (rc)
        return rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (!cat->revs) {
            size_t n = (size_t)qf__col_int64(st, 8);
            cat->revs = calloc(n ? n : 1, sizeof *cat->revs);
            if (!cat->revs) {
                rc = qf__oom();
                break;
            }
        }
        qf_std_rev *r = &cat->revs[cat->n_revs++];
        r->code = qf__strdup(qf__col_text(st, 0));
        r->rev = qf__col_int(st, 1);
        r->effective = date_or_none(qf__col_text(st, 2));
        r->expires = date_or_none(qf__col_text(st, 3));
        r->replaced = QF_DATE_NONE;
        r->replaces = qf__strdup(qf__col_text(st, 4));
        r->def = json_loads(qf__col_text(st, 5), 0, NULL);
        r->source_sha = qf__strdup(qf__col_text(st, 6));
        r->source_name = qf__strdup(qf__col_text(st, 7));
        if (!r->code || !r->def) {
            rc = qf__err(QF_ECORRUPT, _("standard %s: stored definition is damaged"),
                         qf__col_text(st, 0));
            break;
        }
    }
    qf__finalize(st);
    if (rc != QF_DONE) {
        qf__catalog_free(cat);
        return rc < 0 ? rc : qf__sqlerr(db, rc, "catalog");
    }
    /* a replacing standard ends the replaced one on the day it takes effect */
    for (size_t i = 0; i < cat->n_revs; i++) {
        const qf_std_rev *y = &cat->revs[i];
        if (!y->replaces)
            continue;
        for (size_t j = 0; j < cat->n_revs; j++) {
            qf_std_rev *x = &cat->revs[j];
            if (strcmp(x->code, y->replaces) == 0 &&
                (x->replaced == QF_DATE_NONE || y->effective < x->replaced))
                x->replaced = y->effective;
        }
    }

    rc = qf__prepare(&st, db,
                     "SELECT code, rev, org_id, effective, def, (SELECT count(*) FROM "
                     "std_tailoring) FROM std_tailoring ORDER BY code, rev");
    if (rc) {
        qf__catalog_free(cat);
        return rc;
    }
    while ((rc = qf__step(st)) == QF_ROW) {
        if (!cat->tailorings) {
            size_t n = (size_t)qf__col_int64(st, 5);
            cat->tailorings = calloc(n ? n : 1, sizeof *cat->tailorings);
            if (!cat->tailorings) {
                rc = qf__oom();
                break;
            }
        }
        qf_tailoring_rev *t = &cat->tailorings[cat->n_tailorings++];
        t->code = qf__strdup(qf__col_text(st, 0));
        t->rev = qf__col_int(st, 1);
        t->org_id = qf__col_id(st, 2);
        t->effective = date_or_none(qf__col_text(st, 3));
        t->def = json_loads(qf__col_text(st, 4), 0, NULL);
        if (!t->code || !t->def) {
            rc = qf__err(QF_ECORRUPT, "%s", _("a stored tailoring is damaged"));
            break;
        }
    }
    qf__finalize(st);
    if (rc != QF_DONE) {
        qf__catalog_free(cat);
        return rc < 0 ? rc : qf__sqlerr(db, rc, "catalog");
    }
    return QF_OK;
}

void qf__catalog_free(qf_catalog *cat)
{
    for (size_t i = 0; i < cat->n_revs; i++) {
        qf_std_rev *r = &cat->revs[i];
        free(r->code);
        free(r->replaces);
        free(r->source_sha);
        free(r->source_name);
        json_decref(r->def);
    }
    for (size_t i = 0; i < cat->n_tailorings; i++) {
        free(cat->tailorings[i].code);
        json_decref(cat->tailorings[i].def);
    }
    free(cat->revs);
    free(cat->tailorings);
    memset(cat, 0, sizeof *cat);
}

const qf_std_rev *qf__catalog_in_force(const qf_catalog *cat, const char *code, qf_date d)
{
    const qf_std_rev *best = NULL;
    for (size_t i = 0; i < cat->n_revs; i++) {
        const qf_std_rev *r = &cat->revs[i];
        if (strcmp(r->code, code) != 0 || r->effective > d)
            continue;
        if (!best || r->rev > best->rev)
            best = r;
    }
    if (!best)
        return NULL;
    if (best->expires != QF_DATE_NONE && d > best->expires)
        return NULL;
    if (best->replaced != QF_DATE_NONE && d >= best->replaced)
        return NULL;
    return best;
}

const qf_std_rev *qf__catalog_in_force_for(const qf_catalog *cat, const char *code, qf_date d,
                                           qf_date adopted)
{
    const qf_std_rev *r = qf__catalog_in_force(cat, code, d);
    if (r || adopted == QF_DATE_NONE || d < adopted)
        return r;
    /* before the standard's own start: its first revision, for an org that adopted it early */
    const qf_std_rev *first = NULL;
    for (size_t i = 0; i < cat->n_revs; i++)
        if (strcmp(cat->revs[i].code, code) == 0 && (!first || cat->revs[i].rev < first->rev))
            first = &cat->revs[i];
    return first && d < first->effective ? first : NULL;
}

/* The tailoring revision of each code that applies to the chain on `on`, root first. */
static size_t chain_tailorings(const qf_catalog *cat, const int64_t *chain, size_t n_chain,
                               qf_date on, const qf_tailoring_rev **out, size_t max)
{
    size_t n = 0;
    /* global overlays (no org) first, then the chain from the root down */
    for (size_t level = 0; level <= n_chain; level++) {
        int64_t org = level == 0 ? 0 : chain[level - 1];
        for (size_t i = 0; i < cat->n_tailorings && n < max; i++) {
            const qf_tailoring_rev *t = &cat->tailorings[i];
            if (t->org_id != org || t->effective > on)
                continue;
            /* only the highest revision of this code in force */
            bool newer = false;
            for (size_t j = i + 1; j < cat->n_tailorings; j++)
                if (strcmp(cat->tailorings[j].code, t->code) == 0 &&
                    cat->tailorings[j].effective <= on)
                    newer = true;
            if (!newer)
                out[n++] = t;
        }
    }
    return n;
}

static bool string_in(json_t *list, const char *s)
{
    size_t i;
    json_t *e;
    if (!s)
        return false;
    json_array_foreach(list, i, e) if (json_is_string(e) && strcmp(json_string_value(e), s) == 0)
        return true;
    return false;
}

static bool target_matches(const char *target, const char *code, const char *clause, int *req)
{
    size_t cl = strlen(code);
    *req = 0;
    if (strncmp(target, code, cl) != 0)
        return false;
    const char *rest = target + cl;
    if (*rest == '\0')
        return clause == NULL; /* whole standard */
    if (*rest != '/' || !clause)
        return false;
    rest++;
    size_t n = strlen(clause);
    if (strncmp(rest, clause, n) != 0)
        return false;
    if (rest[n] == '\0')
        return true;
    if (rest[n] == '#') {
        *req = atoi(rest + n + 1);
        return true;
    }
    return false;
}

static json_t *make_change(const char *by, const char *what, json_t *detail, const char *reason)
{
    json_t *c = json_pack("{s:s, s:s}", "by", by, "change", what);
    if (detail)
        json_object_set_new(c, "detail", detail);
    if (reason)
        json_object_set_new(c, "reason", json_string(reason));
    return c;
}

static void apply_tailoring(json_t *std, const qf_tailoring_rev *t, const char *code, qf_date on)
{
    size_t i, j;
    json_t *e, *c;
    json_t *clauses = json_object_get(std, "clauses");
    /* added clauses */
    json_array_foreach(json_object_get(t->def, "add_clauses"), i, e)
    {
        const char *s = json_string_value(json_object_get(e, "standard"));
        if (!s || strcmp(s, code) != 0)
            continue;
        json_t *clause = json_deep_copy(json_object_get(e, "clause"));
        json_t *prov = json_pack("{s:s, s:s, s:[]}", "from", "tailoring", "tailoring", t->code,
                                 "changes");
        const char *reason = json_string_value(json_object_get(e, "reason"));
        if (reason)
            json_object_set_new(prov, "reason", json_string(reason));
        json_object_set_new(clause, "provenance", prov);
        json_array_append_new(clauses, clause);
    }
    /* parameter changes */
    json_array_foreach(json_object_get(t->def, "set"), i, e)
    {
        const char *target = json_string_value(json_object_get(e, "target"));
        json_array_foreach(clauses, j, c)
        {
            int req;
            const char *num = json_string_value(json_object_get(c, "number"));
            if (!target_matches(target, code, num, &req))
                continue;
            size_t k;
            json_t *r;
            json_array_foreach(json_object_get(c, "requirements"), k, r)
            {
                if (req && (size_t)req != k + 1)
                    continue;
                json_t *params = json_object_get(r, "params");
                const qf_kind_spec *spec =
                    qf__req_kind(json_string_value(json_object_get(r, "kind")));
                const char *key;
                json_t *v;
                json_object_foreach(json_object_get(e, "params"), key, v)
                {
                    if (!qf__req_has_param(spec, key))
                        continue;
                    json_t *old = json_object_get(params, key);
                    json_t *detail = json_pack("{s:s, s:i, s:O, s:O}", "param", key,
                                               "requirement", (int)k + 1, "from",
                                               old ? old : json_null(), "to", v);
                    json_array_append_new(
                        json_object_get(json_object_get(c, "provenance"), "changes"),
                        make_change(t->code, "param", detail,
                                    json_string_value(json_object_get(e, "reason"))));
                    json_object_set(params, key, v);
                }
            }
        }
    }
    /* not applicable (until it expires) */
    json_array_foreach(json_object_get(t->def, "not_applicable"), i, e)
    {
        const char *target = json_string_value(json_object_get(e, "target"));
        const char *exp = json_string_value(json_object_get(e, "expires"));
        qf_date expires = QF_DATE_NONE;
        if (exp)
            qf_date_parse(&expires, exp);
        int req;
        bool whole = target_matches(target, code, NULL, &req);
        json_array_foreach(clauses, j, c)
        {
            const char *num = json_string_value(json_object_get(c, "number"));
            if (!whole && !target_matches(target, code, num, &req))
                continue;
            json_t *detail = json_pack("{s:s?}", "expires", exp);
            json_array_append_new(
                json_object_get(json_object_get(c, "provenance"), "changes"),
                make_change(t->code, "not_applicable", detail,
                            json_string_value(json_object_get(e, "reason"))));
            /* recorded whatever `on` is: the engine decides per judged day whether the
             * exemption still holds; "active" tells a reader whether it holds on `on` */
            json_t *na = json_pack("{s:s, s:s?, s:s?, s:b}", "by", t->code, "reason",
                                   json_string_value(json_object_get(e, "reason")), "expires",
                                   exp, "active", expires == QF_DATE_NONE || on <= expires);
            json_object_set_new(c, "not_applicable", na);
        }
    }
}

qf_date qf__adopted_from(const qf_catalog *cat, const char *code, const int64_t *chain,
                         size_t n_chain, qf_date on)
{
    const qf_tailoring_rev *tl[64];
    size_t ntl = chain_tailorings(cat, chain, n_chain, on, tl, 64);
    qf_date from = QF_DATE_NONE;
    for (size_t i = 0; i < ntl; i++) {
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(tl[i]->def, "adopt"), k, e)
        {
            const char *s = json_string_value(json_object_get(e, "standard"));
            qf_date d;
            if (s && strcmp(s, code) == 0 &&
                qf_date_parse(&d, json_string_value(json_object_get(e, "from"))) == QF_OK &&
                (from == QF_DATE_NONE || d < from))
                from = d;
        }
    }
    return from;
}

/* Whether a branch-owned standard's owner is in the chain (it applies to its subtree). */
static bool owner_in_chain(qf_db *db, const char *owner, const int64_t *chain, size_t n_chain)
{
    static const char sql[] = "SELECT id FROM org WHERE code = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    int64_t owner_id = 0;
    if (st) {
        qf__bind_textn(st, 1, owner, -1, QF_STATIC);
        if (qf__step(st) == QF_ROW)
            owner_id = qf__col_int64(st, 0);
        qf__reset(st);
    }
    bool in_chain = false;
    for (size_t i = 0; i < n_chain; i++)
        in_chain = in_chain || chain[i] == owner_id;
    return in_chain;
}

void qf__resolve_key(qf_db *db, const qf_catalog *cat, const qf_std_rev *r,
                     const int64_t *chain, size_t n_chain, qf_date on, char *buf, size_t size)
{
    const qf_tailoring_rev *tl[64];
    size_t ntl = chain_tailorings(cat, chain, n_chain, on, tl, 64);
    int len = snprintf(buf, size, "%p|%d", (const void *)r, (int)on);
    for (size_t i = 0; i < ntl && len > 0 && (size_t)len < size; i++)
        len += snprintf(buf + len, size - (size_t)len, "|t%p", (const void *)tl[i]);
    /* a branch-owned standard depends on the chain only through whether it applies: keyed by
     * the chain itself, every branch of a deployment resolved (and hashed) it again (measured:
     * an eighth of a whole-deployment check) */
    const char *owner = json_string_value(json_object_get(r->def, "org"));
    if (owner && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len, "|o%d", owner_in_chain(db, owner, chain, n_chain));
}

json_t *qf__resolve(qf_db *db, const qf_catalog *cat, const qf_std_rev *r, const int64_t *chain,
                    size_t n_chain, qf_date on, bool *applies)
{
    const qf_tailoring_rev *tl[64];
    size_t ntl = chain_tailorings(cat, chain, n_chain, on, tl, 64);
    const char *code = r->code;

    /* applicability: branch-owned standards apply to their org's subtree; imports narrow the
     * issued ones to the imported systems plus what an overlay adds */
    *applies = true;
    const char *owner = json_string_value(json_object_get(r->def, "org"));
    if (owner) {
        *applies = owner_in_chain(db, owner, chain, n_chain);
    } else {
        bool any_import = false, imported = false;
        const char *system = json_string_value(json_object_get(r->def, "system"));
        for (size_t i = 0; i < ntl; i++) {
            json_t *imports = json_object_get(tl[i]->def, "import");
            if (json_array_size(imports))
                any_import = true;
            if (string_in(imports, system) || string_in(json_object_get(tl[i]->def, "adds"), code))
                imported = true;
            size_t ai;
            json_t *ae;
            json_array_foreach(json_object_get(tl[i]->def, "adopt"), ai, ae)
            {
                const char *s = json_string_value(json_object_get(ae, "standard"));
                if (s && strcmp(s, code) == 0)
                    imported = true;
            }
        }
        *applies = !any_import || imported;
    }

    json_t *std = json_deep_copy(r->def);
    if (!std) {
        qf__oom();
        return NULL;
    }
    json_object_set_new(std, "rev", json_integer(r->rev));
    if (r->source_name)
        json_object_set_new(std, "source", json_string(r->source_name));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(std, "clauses"), i, c)
    {
        json_t *prov = json_pack("{s:s, s:s, s:i, s:[]}", "from",
                                 json_string_value(json_object_get(r->def, "origin"))
                                     ? json_string_value(json_object_get(r->def, "origin"))
                                     : "issued",
                                 "standard", code, "rev", r->rev, "changes");
        if (r->source_name)
            json_object_set_new(prov, "source", json_string(r->source_name));
        json_t *doc = json_object_get(r->def, "source_doc");
        if (doc)
            json_object_set(prov, "document", doc);
        json_object_set_new(c, "provenance", prov);
    }
    for (size_t k = 0; k < ntl; k++) {
        if (string_in(json_object_get(tl[k]->def, "adds"), code))
            json_object_set_new(std, "added_by", json_string(tl[k]->code));
        size_t ai;
        json_t *ae;
        json_array_foreach(json_object_get(tl[k]->def, "adopt"), ai, ae)
        {
            const char *s = json_string_value(json_object_get(ae, "standard"));
            if (s && strcmp(s, code) == 0)
                json_object_set_new(
                    std, "adopted",
                    json_pack("{s:s, s:O, s:O?}", "by", tl[k]->code, "from",
                              json_object_get(ae, "from"), "reason", json_object_get(ae, "reason")));
        }
        apply_tailoring(std, tl[k], code, on);
    }
    json_array_foreach(json_object_get(std, "clauses"), i, c)
    {
        size_t k;
        json_t *req;
        json_array_foreach(json_object_get(c, "requirements"), k, req)
        {
            const qf_kind_spec *spec = qf__req_kind(json_string_value(json_object_get(req, "kind")));
            if (spec)
                qf__req_fill_defaults(spec, json_object_get(req, "params"));
        }
    }
    return std;
}

/* ---- public: resolve one standard for display ------------------------------------------ */

static int org_chain(qf_db *db, int64_t org_id, int64_t *chain, size_t *n)
{
    static const char sql[] = "WITH RECURSIVE up(id, parent, depth) AS ("
                              "SELECT id, parent_id, 0 FROM org WHERE id = ?1 UNION ALL "
                              "SELECT o.id, o.parent_id, depth + 1 FROM org o JOIN up "
                              "ON o.id = up.parent) SELECT id FROM up ORDER BY depth DESC";
    *n = 0;
    if (!org_id)
        return QF_OK;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    while (qf__step(st) == QF_ROW && *n < 16)
        chain[(*n)++] = qf__col_int64(st, 0);
    qf__reset(st);
    if (*n == 0)
        return qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)org_id);
    return QF_OK;
}

int qf__org_chain(qf_db *db, int64_t org_id, int64_t *chain, size_t *n);
int qf__org_chain(qf_db *db, int64_t org_id, int64_t *chain, size_t *n)
{
    return org_chain(db, org_id, chain, n);
}

int qf_standard_resolve(char **json_out, qf_db *db, const char *code, int64_t org_id, qf_date on)
{
    *json_out = NULL;
    if (on == QF_DATE_NONE)
        on = qf_db_today(db);
    qf_catalog cat;
    int rc = qf__catalog_read(&cat, db);
    if (rc)
        return rc;
    int64_t chain[16];
    size_t n_chain = 0;
    rc = org_chain(db, org_id, chain, &n_chain);
    const qf_std_rev *r = rc ? NULL : qf__catalog_in_force(&cat, code ? code : "", on);
    if (!rc && !r) {
        /* not in force that day: show the latest revision so the user still sees it */
        for (size_t i = 0; i < cat.n_revs; i++)
            if (strcmp(cat.revs[i].code, code ? code : "") == 0)
                r = &cat.revs[i];
        if (!r)
            rc = qf__err(QF_ENOTFOUND, _("there is no standard %s"), code ? code : "");
    }
    if (!rc) {
        bool applies;
        json_t *std = qf__resolve(db, &cat, r, chain, n_chain, on, &applies);
        if (!std)
            rc = qf_error_last_code();
        else {
            json_object_set_new(std, "applies", json_boolean(applies));
            json_object_set_new(std, "in_force", json_boolean(qf__catalog_in_force(&cat, code, on) != NULL));
            char eff[11];
            qf_date_format(r->effective, eff);
            json_object_set_new(std, "effective", json_string(eff));
            *json_out = json_dumps(std, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            json_decref(std);
            if (!*json_out)
                rc = qf__oom();
        }
    }
    qf__catalog_free(&cat);
    return rc;
}
