/*
 * Resolution: a standard revision for an org on a day, with the tailorings of the org's chain
 * (global ones first, then from the root down, so a branch overrides its committee) applied to
 * the compiled clauses. Every changed value keeps its provenance (which tailoring, why, what it
 * replaced). Resolution happens before evaluation, once per distinct key; evaluators only read
 * the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"

/* ---- the chain --------------------------------------------------------------------------- */

int qf__chain_load(qf_chain *c, qf_db *db, int64_t org_id)
{
    static const char sql[] = "WITH RECURSIVE up(id, parent, depth) AS ("
                              "SELECT id, parent_id, 0 FROM org WHERE id = ?1 UNION ALL "
                              "SELECT o.id, o.parent_id, depth + 1 FROM org o JOIN up "
                              "ON o.id = up.parent WHERE depth < 1000) "
                              "SELECT id FROM up ORDER BY depth DESC";
    memset(c, 0, sizeof *c);
    if (!org_id)
        return QF_OK;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    size_t cap = 0;
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (c->n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *g = realloc(c->ids, cap * sizeof *g);
            if (!g) {
                qf__reset(st);
                qf__chain_free(c);
                return qf__oom();
            }
            c->ids = g;
        }
        c->ids[c->n++] = qf__col_int64(st, 0);
    }
    qf__reset(st);
    if (rc != QF_DONE) {
        qf__chain_free(c);
        return qf__sqlerr(db, rc, "org chain");
    }
    if (c->n == 0)
        return qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)org_id);
    return QF_OK;
}

void qf__chain_free(qf_chain *c)
{
    free(c->ids);
    memset(c, 0, sizeof *c);
}

bool qf__chain_has(const qf_chain *c, int64_t org_id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->ids[i] == org_id)
            return true;
    return false;
}

size_t qf__chain_tailorings(const qf_rulebook *b, const qf_chain *c, qf_date on, qf_arena *a,
                            const qf_tailoring_rev ***out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    const qf_tailoring_rev **list = NULL;
    for (size_t level = 0; level <= c->n; level++) {
        int64_t org = level == 0 ? 0 : c->ids[level - 1];
        for (size_t i = 0; i < b->n_tailorings; i++) {
            const qf_tailoring_rev *t = &b->tailorings[i];
            if (t->org_id != org || (t->effective != QF_DATE_NONE && t->effective > on))
                continue;
            /* only the highest revision of this code in force (sorted by code, then rev) */
            const qf_tailoring_rev *next = i + 1 < b->n_tailorings ? &b->tailorings[i + 1] : NULL;
            if (next && strcmp(next->code, t->code) == 0 &&
                (next->effective == QF_DATE_NONE || next->effective <= on))
                continue;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                const qf_tailoring_rev **g = qf__arena_alloc(a, ncap * sizeof *g);
                if (!g)
                    return n;
                if (n)
                    memcpy(g, list, n * sizeof *g);
                list = g;
                cap = ncap;
            }
            list[n++] = t;
        }
    }
    *out = list;
    return n;
}

qf_date qf__adopted_from(const qf_rulebook *b, const char *code, const qf_chain *c, qf_date on)
{
    qf_date from = QF_DATE_NONE;
    /* every revision of the chain's tailorings in force on `on` */
    for (size_t i = 0; i < b->n_tailorings; i++) {
        const qf_tailoring_rev *t = &b->tailorings[i];
        if ((t->org_id && !qf__chain_has(c, t->org_id)) ||
            (t->effective != QF_DATE_NONE && t->effective > on))
            continue;
        const qf_tailoring_rev *next = i + 1 < b->n_tailorings ? &b->tailorings[i + 1] : NULL;
        if (next && strcmp(next->code, t->code) == 0 &&
            (next->effective == QF_DATE_NONE || next->effective <= on))
            continue;
        for (size_t k = 0; k < t->n_adopts; k++)
            if (strcmp(t->adopts[k].code, code) == 0 &&
                (from == QF_DATE_NONE || t->adopts[k].from < from))
                from = t->adopts[k].from;
    }
    return from;
}

/* ---- applying a tailoring ------------------------------------------------------------------ */

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

static bool targets(const qf_target *t, const char *code, const qf_clause *c)
{
    return strcmp(t->code, code) == 0 && (!t->clause || strcmp(t->clause, c->number) == 0);
}

static int apply_tailoring(qf_db *db, qf_resolved *s, const qf_tailoring_rev *t, qf_arena *a,
                           size_t *cap)
{
    const char *code = s->rev->code;
    /* added clauses */
    for (size_t i = 0; i < t->n_add_clauses; i++) {
        if (strcmp(t->add_clauses[i].code, code) != 0)
            continue;
        if (s->n_clauses == *cap) {
            size_t ncap = *cap * 2 + 4;
            qf_clause *g = qf__arena_alloc(a, ncap * sizeof *g);
            if (!g)
                return qf__oom();
            if (s->n_clauses)
                memcpy(g, s->clauses, s->n_clauses * sizeof *g);
            s->clauses = g;
            *cap = ncap;
        }
        s->clauses[s->n_clauses++] = t->add_clauses[i].clause;
    }
    /* parameter changes */
    for (size_t i = 0; i < t->n_sets; i++) {
        const qf_tset *set = &t->sets[i];
        qf_prov *prov = NULL;
        for (size_t j = 0; j < s->n_clauses; j++) {
            qf_clause *c = &s->clauses[j];
            if (!set->t.clause || !targets(&set->t, code, c))
                continue;
            /* the clause's requirements are shared with the revision: copy before changing */
            qf_req *reqs = qf__arena_alloc(a, (c->n_reqs ? c->n_reqs : 1) * sizeof *reqs);
            if (!reqs)
                return qf__oom();
            if (c->n_reqs)
                memcpy(reqs, c->reqs, c->n_reqs * sizeof *reqs);
            c->reqs = reqs;
            for (size_t k = 0; k < c->n_reqs; k++) {
                if (set->t.req && (size_t)set->t.req != k + 1)
                    continue;
                qf_req *r = &c->reqs[k];
                const char *key;
                json_t *v;
                json_object_foreach(set->params, key, v)
                {
                    int pi = qf__kind_param(r->kind, key);
                    if (pi < 0 && strcmp(key, "remind") != 0)
                        continue; /* a parameter of another requirement of the clause */
                    qf_prov *p = qf__arena_alloc(a, sizeof *p);
                    if (!p)
                        return qf__oom();
                    *p = (qf_prov){t->code, set->reason, t->effective,
                                   pi >= 0 ? r->p[pi].json : r->leads_json,
                                   pi >= 0 ? r->p[pi].from : r->leads_from};
                    prov = p;
                    char where[200];
                    snprintf(where, sizeof where, _("tailoring %s: set %s/%s#%d"), t->code, code,
                             c->number, r->index);
                    int rc = qf__req_set(db, r, key, v, a, p, where);
                    if (rc)
                        return qf__err(QF_ECORRUPT, "%s", qf_error_last());
                }
            }
        }
        (void)prov;
    }
    /* not applicable (until it expires) */
    for (size_t i = 0; i < t->n_nas; i++) {
        const qf_tna *na = &t->nas[i];
        for (size_t j = 0; j < s->n_clauses; j++) {
            qf_clause *c = &s->clauses[j];
            if (!targets(&na->t, code, c))
                continue;
            qf_exemption *x = qf__arena_alloc(a, sizeof *x);
            if (!x)
                return qf__oom();
            *x = (qf_exemption){t->code, na->reason, na->expires, t->effective};
            c->na = x;
        }
    }
    return QF_OK;
}

static bool applies_to(const qf_rulebook *b, const qf_std_rev *r, const qf_chain *c,
                       const qf_tailoring_rev *const *tl, size_t ntl)
{
    (void)b;
    /* a branch's own standard applies to its org's subtree */
    if (r->owner)
        return r->owner_id && qf__chain_has(c, r->owner_id);
    /* imports narrow the issued standards to the imported systems plus what an overlay adds */
    bool any_import = false, imported = false;
    for (size_t i = 0; i < ntl; i++) {
        if (tl[i]->n_imports)
            any_import = true;
        if (in_list(tl[i]->imports, tl[i]->n_imports, r->system) ||
            in_list(tl[i]->adds, tl[i]->n_adds, r->code))
            imported = true;
        for (size_t k = 0; k < tl[i]->n_adopts; k++)
            if (strcmp(tl[i]->adopts[k].code, r->code) == 0)
                imported = true;
    }
    return !any_import || imported;
}

void qf__resolve_key(const qf_rulebook *b, const qf_std_rev *r, const qf_chain *c, qf_date on,
                     qf_arena *a, char **key)
{
    const qf_tailoring_rev **tl;
    size_t ntl = qf__chain_tailorings(b, c, on, a, &tl);
    /* the resolution depends on the revision, the tailorings in force and (for a branch's own
     * standard) only on whether its owner is in the chain: keyed by the chain itself, every
     * branch of a deployment resolved it again (an eighth of a whole-deployment check) */
    size_t size = 64 + ntl * 20;
    char *k = qf__arena_alloc(a, size);
    if (!k) {
        *key = NULL;
        return;
    }
    int len = snprintf(k, size, "%p|%d", (const void *)r,
                       r->owner ? (int)(r->owner_id && qf__chain_has(c, r->owner_id)) : -1);
    for (size_t i = 0; i < ntl && len > 0 && (size_t)len < size; i++)
        len += snprintf(k + len, size - (size_t)len, "|%p", (const void *)tl[i]);
    *key = k;
}

int qf__resolve(qf_db *db, const qf_rulebook *b, const qf_std_rev *r, const qf_chain *c,
                qf_date on, qf_arena *a, qf_resolved *out)
{
    memset(out, 0, sizeof *out);
    out->rev = r;
    out->adopted_from = QF_DATE_NONE;
    const qf_tailoring_rev **tl;
    size_t ntl = qf__chain_tailorings(b, c, on, a, &tl);
    out->applies = applies_to(b, r, c, tl, ntl);
    size_t cap = r->n_clauses;
    out->clauses = qf__arena_alloc(a, (cap ? cap : 1) * sizeof *out->clauses);
    if (!out->clauses)
        return qf__oom();
    if (cap)
        memcpy(out->clauses, r->clauses, cap * sizeof *out->clauses);
    out->n_clauses = r->n_clauses;
    qf_sha256_ctx h;
    qf__sha256_init(&h);
    char id[160];
    int n = snprintf(id, sizeof id, "%s#%d|%d", r->code, r->rev, out->applies);
    qf__sha256_update(&h, id, (size_t)n);
    for (size_t k = 0; k < ntl; k++) {
        const qf_tailoring_rev *t = tl[k];
        if (in_list(t->adds, t->n_adds, r->code))
            out->added_by = t->code;
        for (size_t i = 0; i < t->n_adopts; i++)
            if (strcmp(t->adopts[i].code, r->code) == 0) {
                out->adopted_by = t->code;
                out->adopted_reason = t->adopts[i].reason;
                out->adopted_from = t->adopts[i].from;
            }
        int rc = apply_tailoring(db, out, t, a, &cap);
        if (rc)
            return rc;
        n = snprintf(id, sizeof id, "|%s#%d", t->code, t->rev);
        qf__sha256_update(&h, id, (size_t)n);
    }
    /* the definitions themselves: a revision and a tailoring revision never change once stored,
     * but another database may hold other texts under the same numbers */
    qf__json_canon_hash(r->def, &h); /* each text made once per process (base/json_kept.c) */
    for (size_t k = 0; k < ntl; k++)
        qf__json_canon_hash(tl[k]->def, &h);
    qf__sha256_final(&h, out->digest);
    return QF_OK;
}

/* ---- the resolved standard as JSON ---------------------------------------------------------- */

static json_t *prov_change(const qf_prov *p, const char *param, int req, json_t *to)
{
    json_t *detail = json_pack("{s:s, s:i, s:O, s:O}", "param", param, "requirement", req, "from",
                               p->was ? p->was : json_null(), "to", to ? to : json_null());
    json_t *c = json_pack("{s:s, s:s, s:o}", "by", p->by, "change", "param", "detail", detail);
    if (p->reason)
        json_object_set_new(c, "reason", json_string(p->reason));
    return c;
}

/* The changes that led to a value, oldest first. */
static void add_changes(json_t *changes, const qf_prov *p, const char *param, int req, json_t *to)
{
    if (!p || !p->by || !*p->by)
        return;
    /* the value this change replaced was itself set by p->prev */
    add_changes(changes, p->prev, param, req, p->was);
    json_array_append_new(changes, prov_change(p, param, req, to));
}

static const char *origin_of(const qf_prov *p)
{
    return !p ? "default" : !p->by || !*p->by ? "standard" : p->by;
}

json_t *qf__resolved_json(qf_db *db, const qf_resolved *s)
{
    (void)db;
    const qf_std_rev *r = s->rev;
    json_t *std = json_deep_copy(r->def);
    if (!std)
        return NULL;
    json_object_set_new(std, "rev", json_integer(r->rev));
    if (r->source_name)
        json_object_set_new(std, "source", json_string(r->source_name));
    if (s->added_by)
        json_object_set_new(std, "added_by", json_string(s->added_by));
    if (s->adopted_by) {
        char from[11];
        qf_date_format(s->adopted_from, from);
        json_object_set_new(std, "adopted", json_pack("{s:s, s:s, s:s?}", "by", s->adopted_by,
                                                      "from", from, "reason", s->adopted_reason));
    }
    json_t *clauses = json_array();
    for (size_t i = 0; i < s->n_clauses; i++) {
        const qf_clause *c = &s->clauses[i];
        json_t *cj = json_deep_copy(c->def);
        json_t *reqs = json_array();
        json_t *changes = json_array();
        for (size_t k = 0; k < c->n_reqs; k++) {
            const qf_req *q = &c->reqs[k];
            json_t *params = qf__req_params_json(q);
            json_t *from = json_object();
            for (size_t pi = 0; pi < q->kind->n_params; pi++) {
                if (!q->p[pi].set)
                    continue;
                json_object_set_new(from, q->kind->params[pi].name,
                                    json_string(origin_of(q->p[pi].from)));
                if (q->p[pi].from && q->p[pi].from->by && *q->p[pi].from->by &&
                    !c->added_by)
                    add_changes(changes, q->p[pi].from, q->kind->params[pi].name, q->index,
                                q->p[pi].json);
            }
            if (q->leads)
                json_object_set_new(from, "remind", json_string(origin_of(q->leads_from)));
            if (q->leads_from && q->leads_from->by && *q->leads_from->by && !c->added_by)
                add_changes(changes, q->leads_from, "remind", q->index, q->leads_json);
            json_t *rj = json_pack("{s:s, s:o, s:o}", "kind", q->kind->name, "params", params,
                                   "params_from", from);
            json_t *fn = json_object_get(json_array_get(json_object_get(c->def, "requirements"), k),
                                         "fn");
            if (fn)
                json_object_set(rj, "fn", fn);
            json_array_append_new(reqs, rj);
        }
        json_object_set_new(cj, "requirements", reqs);
        json_t *prov;
        if (c->added_by) {
            prov = json_pack("{s:s, s:s, s:[]}", "from", "tailoring", "tailoring", c->added_by,
                             "changes");
            if (c->added_reason)
                json_object_set_new(prov, "reason", json_string(c->added_reason));
            json_decref(changes);
        } else {
            prov = json_pack("{s:s, s:s, s:i, s:o}", "from", r->origin, "standard", r->code, "rev",
                             r->rev, "changes", changes);
            if (r->source_name)
                json_object_set_new(prov, "source", json_string(r->source_name));
            json_t *doc = json_object_get(r->def, "source_doc");
            if (doc)
                json_object_set(prov, "document", doc);
        }
        if (c->na) {
            char exp[11];
            qf_date_format(c->na->expires, exp);
            json_t *detail = json_pack("{s:s?}", "expires", c->na->expires == QF_DATE_NONE ? NULL : exp);
            json_t *ch = json_pack("{s:s, s:s, s:o}", "by", c->na->by, "change", "not_applicable",
                                   "detail", detail);
            if (c->na->reason)
                json_object_set_new(ch, "reason", json_string(c->na->reason));
            json_array_append_new(json_object_get(prov, "changes"), ch);
            json_object_set_new(cj, "not_applicable",
                                json_pack("{s:s, s:s?, s:s?}", "by", c->na->by, "reason",
                                          c->na->reason, "expires",
                                          c->na->expires == QF_DATE_NONE ? NULL : exp));
        }
        json_object_set_new(cj, "provenance", prov);
        json_array_append_new(clauses, cj);
    }
    json_object_set_new(std, "clauses", clauses);
    return std;
}

/* ---- public: resolve one standard for display ------------------------------------------ */

int qf__org_chain(qf_db *db, int64_t org_id, qf_chain *chain);

/* Standard `code` as it applies on `on` through `chain`, as the JSON object
 * qf_standard_resolve describes; QF_ENOTFOUND when there is no such standard. */
static int resolve_one(json_t **out, qf_db *db, const qf_rulebook *b, const qf_chain *chain,
                       const char *code, qf_date on)
{
    *out = NULL;
    const qf_std_rev *r = qf__rulebook_in_force(b, code, on);
    if (!r) {
        /* not in force that day: show the latest revision so the user still sees it */
        for (size_t i = 0; i < b->n_revs; i++)
            if (strcmp(b->revs[i].code, code) == 0)
                r = &b->revs[i];
        if (!r)
            return qf__err(QF_ENOTFOUND, _("there is no standard %s"), code);
    }
    qf_arena a = {0};
    qf_resolved s;
    int rc = qf__resolve(db, b, r, chain, on, &a, &s);
    json_t *std = rc ? NULL : qf__resolved_json(db, &s);
    if (!rc && !std)
        rc = qf__oom();
    if (std) {
        json_object_set_new(std, "applies", json_boolean(s.applies));
        json_object_set_new(std, "in_force",
                            json_boolean(qf__rulebook_in_force(b, code, on) != NULL));
        char eff[11];
        qf_date_format(r->effective, eff);
        json_object_set_new(std, "effective", json_string(eff));
        /* whether each exemption holds on `on` */
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(std, "clauses"), i, c)
        {
            json_t *na = json_object_get(c, "not_applicable");
            if (na) {
                qf_date exp;
                const char *e = json_string_value(json_object_get(na, "expires"));
                bool active = !e || (qf_date_parse(&exp, e) == QF_OK && on <= exp);
                json_object_set_new(na, "active", json_boolean(active));
            }
        }
        *out = std;
    }
    qf__arena_free(&a);
    return rc;
}

/* The rulebook and the org's chain, read once for any number of standards. */
static int resolve_open(qf_rulebook *b, qf_chain *chain, qf_db *db, int64_t org_id)
{
    int rc = qf__rulebook_read(b, db);
    if (rc)
        return rc;
    rc = qf__chain_load(chain, db, org_id);
    if (rc)
        qf__rulebook_free(b);
    return rc;
}

static int dump(char **json_out, json_t *j)
{
    *json_out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return *json_out ? QF_OK : qf__oom();
}

int qf_standard_resolve(char **json_out, qf_db *db, const char *code, int64_t org_id, qf_date on)
{
    *json_out = NULL;
    if (on == QF_DATE_NONE)
        on = qf_db_today(db);
    qf_rulebook b;
    qf_chain chain;
    int rc = resolve_open(&b, &chain, db, org_id);
    if (rc)
        return rc;
    json_t *std = NULL;
    rc = resolve_one(&std, db, &b, &chain, code ? code : "", on);
    if (!rc)
        rc = dump(json_out, std);
    qf__chain_free(&chain);
    qf__rulebook_free(&b);
    return rc;
}

/* One reading of the rulebook for all of them: a report showing the clauses of every standard
 * its findings name resolved each in turn, reading and parsing the whole rulebook each time. */
int qf_standards_resolve(char **json_out, qf_db *db, const char *const *codes, size_t n,
                         int64_t org_id, qf_date on)
{
    *json_out = NULL;
    if (on == QF_DATE_NONE)
        on = qf_db_today(db);
    qf_rulebook b;
    qf_chain chain;
    int rc = resolve_open(&b, &chain, db, org_id);
    if (rc)
        return rc;
    json_t *all = json_object();
    if (!all)
        rc = qf__oom();
    for (size_t i = 0; rc == QF_OK && i < n; i++) {
        json_t *std = NULL;
        rc = resolve_one(&std, db, &b, &chain, codes[i] ? codes[i] : "", on);
        if (rc == QF_ENOTFOUND) {
            rc = QF_OK; /* left out */
            qf_error_clear();
        }
        else if (rc == QF_OK && json_object_set_new(all, codes[i], std) != 0) {
            rc = qf__oom();
        }
    }
    if (rc == QF_OK)
        rc = dump(json_out, all);
    else
        json_decref(all);
    qf__chain_free(&chain);
    qf__rulebook_free(&b);
    return rc;
}
