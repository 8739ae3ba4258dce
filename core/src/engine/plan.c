/*
 * Planning a branch's check: for every standard, the orgs it judges (the branch, or the party
 * group that owns it), the segments of judging days where the revision in force or a tailoring
 * of the org's chain changes, and each segment's resolution. Resolutions are shared by every
 * branch with the same key (revision, tailorings in force, whether the owner is in the chain),
 * found through a hash index: a deployment whose branches each have a tailoring has as many
 * keys as branches × standards, and a linear search made the whole check quadratic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* ---- the resolution cache ------------------------------------------------------------------ */

/* The resolutions live in the arena (plans point at them while the index grows). */
typedef struct cached {
    char *key;
    qf_resolved *std;
} cached;

/* A requirement's parameters as JSON text, by the address of the resolved requirement. */
typedef struct params_text {
    const qf_req *req;
    char *json;
} params_text;

struct qf_resolve_cache {
    qf_arena arena;   /* resolutions and keys, for the whole run */
    qf_arena scratch; /* keys being looked up, reset per branch */
    cached *items;
    size_t n, cap;
    size_t *slots;    /* item index + 1, 0 = empty; a power of two, at least twice n */
    size_t n_slots;
    params_text *params; /* open addressing, a power of two, at least twice n_params */
    size_t n_params, cap_params;
};

qf_resolve_cache *qf__resolve_cache_new(void)
{
    qf_resolve_cache *c = calloc(1, sizeof *c);
    if (!c)
        qf__oom();
    return c;
}

void qf__resolve_cache_free(qf_resolve_cache *c)
{
    if (!c)
        return;
    qf__arena_free(&c->arena);
    qf__arena_free(&c->scratch);
    free(c->items);
    free(c->slots);
    for (size_t i = 0; i < c->cap_params; i++)
        free(c->params[i].json);
    free(c->params);
    free(c);
}

static size_t ptr_slot(const void *p, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 11400714819323198485u; /* Fibonacci hashing */
    return (size_t)(h >> 32) & (cap - 1);
}

/*
 * The parameters a check function receives, dumped once per resolved requirement for the run
 * (every branch with the same tailoring shares the resolution; dumping them for each branch's
 * calls was 1.6% of a whole-deployment check). The resolutions live as long as the cache, so
 * a requirement's address names it for the whole run. NULL when out of memory.
 */
const char *qf__resolve_cache_params(qf_resolve_cache *c, const qf_req *req)
{
    if (c->cap_params) {
        for (size_t i = ptr_slot(req, c->cap_params);; i = (i + 1) & (c->cap_params - 1)) {
            if (c->params[i].req == req)
                return c->params[i].json;
            if (!c->params[i].req)
                break;
        }
    }
    if ((c->n_params + 1) * 2 > c->cap_params) {
        size_t cap = c->cap_params ? c->cap_params * 2 : 64;
        params_text *grown = calloc(cap, sizeof *grown);
        if (!grown) {
            qf__oom();
            return NULL;
        }
        for (size_t i = 0; i < c->cap_params; i++) {
            if (!c->params[i].req)
                continue;
            size_t k = ptr_slot(c->params[i].req, cap);
            while (grown[k].req)
                k = (k + 1) & (cap - 1);
            grown[k] = c->params[i];
        }
        free(c->params);
        c->params = grown;
        c->cap_params = cap;
    }
    json_t *params = qf__req_params_json(req);
    char *json = params ? json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(params);
    if (!json) {
        qf__oom();
        return NULL;
    }
    size_t k = ptr_slot(req, c->cap_params);
    while (c->params[k].req)
        k = (k + 1) & (c->cap_params - 1);
    c->params[k].req = req;
    c->params[k].json = json;
    c->n_params++;
    return json;
}

static size_t key_hash(const char *k)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return (size_t)h;
}

static size_t *slot_of(const qf_resolve_cache *c, const char *key)
{
    size_t mask = c->n_slots - 1;
    for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask)
        if (!c->slots[i] || strcmp(c->items[c->slots[i] - 1].key, key) == 0)
            return &c->slots[i];
}

static int reserve(qf_resolve_cache *c)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        cached *g = realloc(c->items, cap * sizeof *g);
        if (!g)
            return qf__oom();
        c->items = g;
        c->cap = cap;
    }
    if ((c->n + 1) * 2 > c->n_slots) {
        size_t n_slots = c->n_slots ? c->n_slots * 2 : 64;
        size_t *slots = calloc(n_slots, sizeof *slots);
        if (!slots)
            return qf__oom();
        size_t *old = c->slots, old_n = c->n_slots;
        c->slots = slots;
        c->n_slots = n_slots;
        for (size_t i = 0; i < old_n; i++)
            if (old[i])
                *slot_of(c, c->items[old[i] - 1].key) = old[i];
        free(old);
    }
    return QF_OK;
}

static const qf_resolved *resolved_for(qf_resolve_cache *c, qf_db *db, const qf_rulebook *b,
                                       const qf_std_rev *r, const qf_chain *chain, qf_date on)
{
    char *key;
    qf__resolve_key(b, r, chain, on, &c->scratch, &key);
    if (!key || reserve(c) != QF_OK) {
        if (!key)
            qf__oom();
        return NULL;
    }
    size_t *slot = slot_of(c, key);
    if (*slot)
        return c->items[*slot - 1].std;
    cached *x = &c->items[c->n];
    x->key = qf__arena_strdup(&c->arena, key);
    x->std = qf__arena_alloc(&c->arena, sizeof *x->std);
    if (!x->key || !x->std) {
        qf__oom();
        return NULL;
    }
    if (qf__resolve(db, b, r, chain, on, &c->arena, x->std) != QF_OK)
        return NULL;
    *slot = ++c->n;
    return x->std;
}

/* ---- segments ------------------------------------------------------------------------------ */

typedef struct split {
    qf_date day;
    bool tailored; /* a tailoring of the chain takes effect: the resolution may change */
} split;

typedef struct segment {
    const qf_std_rev *rev;
    qf_date from, to;
} segment;

static int cmp_split(const void *a, const void *b)
{
    const split *x = a, *y = b;
    return x->day < y->day ? -1 : x->day > y->day;
}

typedef struct splits {
    split *items;
    size_t n, cap;
} splits;

static int add_split(splits *s, qf_date day, bool tailored)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        split *g = realloc(s->items, cap * sizeof *g);
        if (!g)
            return qf__oom();
        s->items = g;
        s->cap = cap;
    }
    s->items[s->n++] = (split){day, tailored};
    return QF_OK;
}

/* Splits [from, to] where the revision in force for `code` changes, and where a tailoring of
 * the chain takes effect: each segment is resolved once, on its last judged day, so a
 * tailoring effective from 1 July must not judge the spring (nor the old one the autumn). The
 * segments go to *out (grown as needed; free it). */
static int segments_for(const qf_rulebook *b, const char *code, qf_date from, qf_date to,
                        qf_date adopted, const qf_chain *chain, segment **out, size_t *n_out)
{
    splits pts = {0};
    int rc = add_split(&pts, from, false);
    for (size_t i = 0; rc == QF_OK && i < b->n_revs; i++) {
        const qf_std_rev *r = &b->revs[i];
        if (strcmp(r->code, code) != 0)
            continue;
        qf_date cands[3] = {r->effective, r->expires == QF_DATE_NONE ? QF_DATE_NONE : r->expires + 1,
                            r->replaced};
        for (int k = 0; rc == QF_OK && k < 3; k++)
            if (cands[k] != QF_DATE_NONE && cands[k] > from && cands[k] <= to)
                rc = add_split(&pts, cands[k], false);
    }
    if (rc == QF_OK && adopted != QF_DATE_NONE && adopted > from && adopted <= to)
        rc = add_split(&pts, adopted, false);
    for (size_t i = 0; rc == QF_OK && i < b->n_tailorings; i++) {
        const qf_tailoring_rev *t = &b->tailorings[i];
        if (t->effective != QF_DATE_NONE && t->effective > from && t->effective <= to &&
            (t->org_id == 0 || qf__chain_has(chain, t->org_id)))
            rc = add_split(&pts, t->effective, true);
    }
    if (rc) {
        free(pts.items);
        return rc;
    }
    qsort(pts.items, pts.n, sizeof *pts.items, cmp_split);
    segment *segs = malloc(pts.n * sizeof *segs);
    if (!segs) {
        free(pts.items);
        return qf__oom();
    }
    size_t n = 0;
    for (size_t i = 0; i < pts.n; i++) {
        if (i && pts.items[i].day == pts.items[i - 1].day)
            continue;
        bool tailored = false;
        for (size_t j = i; j < pts.n && pts.items[j].day == pts.items[i].day; j++)
            tailored = tailored || pts.items[j].tailored;
        qf_date a = pts.items[i].day, e = to;
        for (size_t j = i + 1; j < pts.n; j++)
            if (pts.items[j].day > a) {
                e = pts.items[j].day - 1;
                break;
            }
        const qf_std_rev *r = qf__rulebook_in_force_for(b, code, a, adopted);
        if (!r)
            continue;
        if (n && !tailored && segs[n - 1].rev == r && segs[n - 1].to + 1 == a) {
            segs[n - 1].to = e;
            continue;
        }
        segs[n++] = (segment){r, a, e};
    }
    free(pts.items);
    *out = segs;
    *n_out = n;
    return QF_OK;
}

/* ---- the plan -------------------------------------------------------------------------------- */

static int add_item(qf_plan *p, const qf_plan_item *it)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        qf_plan_item *g = realloc(p->items, cap * sizeof *g);
        if (!g)
            return qf__oom();
        p->items = g;
        p->cap = cap;
    }
    p->items[p->n++] = *it;
    for (size_t c = 0; c < it->std->n_clauses; c++) {
        const qf_clause *cl = &it->std->clauses[c];
        for (size_t r = 0; r < cl->n_reqs; r++)
            if (cl->reqs[r].kind->needs && qf__plan_judges(p, it, cl, &cl->reqs[r]))
                cl->reqs[r].kind->needs(&cl->reqs[r], &p->need);
    }
    return QF_OK;
}

/* The branch's party groups (ids, in `a`). */
static int groups_of(qf_db *db, int64_t branch, qf_arena *a, int64_t **out, size_t *n)
{
    static const char sql[] = "SELECT id FROM org WHERE parent_id = ?1 AND kind = 'group' "
                              "ORDER BY id";
    *out = NULL;
    *n = 0;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, branch);
    size_t cap = 0;
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            int64_t *g = qf__arena_alloc(a, ncap * sizeof *g);
            if (!g) {
                qf__reset(st);
                return qf__oom();
            }
            if (*n)
                memcpy(g, *out, *n * sizeof *g);
            *out = g;
            cap = ncap;
        }
        (*out)[(*n)++] = qf__col_int64(st, 0);
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "groups");
}

/* Plans one standard code for one org (its chain given). */
static int plan_code(qf_plan *p, qf_db *db, const qf_rulebook *b, qf_resolve_cache *cache,
                     const char *code, const qf_chain *chain, int64_t scope, bool group,
                     qf_date from, qf_date to, qf_date today)
{
    qf_date adopted = qf__adopted_from(b, code, chain, today);
    segment *segs = NULL;
    size_t ns = 0;
    int rc = segments_for(b, code, from, to, adopted, chain, &segs, &ns);
    for (size_t s = 0; rc == QF_OK && s < ns; s++) {
        /* resolved as of the segment's last judged day */
        qf_date on = segs[s].to < today ? segs[s].to : today;
        if (on < segs[s].from)
            on = segs[s].from;
        const qf_resolved *rv = resolved_for(cache, db, b, segs[s].rev, chain, on);
        if (!rv) {
            rc = qf_error_last_code();
            break;
        }
        const qf_std_rev *r = rv->rev;
        bool applies = group ? r->owner_id == scope
                             : rv->applies && r->to_branches;
        if (!applies)
            continue;
        qf_plan_item it = {rv, segs[s].from, segs[s].to, adopted, scope};
        rc = add_item(p, &it);
    }
    free(segs);
    return rc;
}

int qf__plan_branch(qf_plan *p, qf_db *db, const qf_rulebook *b, qf_resolve_cache *cache,
                    int64_t branch_id, qf_date from, qf_date to, qf_date today, const char *only,
                    const qf_req_filter *filter)
{
    memset(p, 0, sizeof *p);
    p->filter = filter;
    qf__arena_reset(&cache->scratch);
    qf_chain chain;
    int rc = qf__chain_load(&chain, db, branch_id);
    if (rc)
        return rc;
    int64_t *groups;
    size_t n_groups;
    if ((rc = groups_of(db, branch_id, &cache->scratch, &groups, &n_groups))) {
        qf__chain_free(&chain);
        return rc;
    }
    /* a group's own standard is resolved for the group's chain (the branch's, then the group) */
    qf_chain gchain = {NULL, 0};
    gchain.ids = malloc((chain.n + 1) * sizeof *gchain.ids);
    if (!gchain.ids) {
        qf__chain_free(&chain);
        return qf__oom();
    }
    memcpy(gchain.ids, chain.ids, chain.n * sizeof *chain.ids);
    gchain.n = chain.n + 1;
    for (size_t i = 0; rc == QF_OK && i < b->n_revs; i++) {
        const char *code = b->revs[i].code;
        if (i && strcmp(code, b->revs[i - 1].code) == 0)
            continue; /* one pass per code */
        if (only && strcmp(only, code) != 0)
            continue;
        rc = plan_code(p, db, b, cache, code, &chain, branch_id, false, from, to, today);
        /* the groups that own a revision of this code */
        for (size_t g = 0; rc == QF_OK && g < n_groups; g++) {
            bool owns = false;
            for (size_t j = i; j < b->n_revs && strcmp(b->revs[j].code, code) == 0; j++)
                owns = owns || b->revs[j].owner_id == groups[g];
            if (!owns)
                continue;
            gchain.ids[chain.n] = groups[g];
            rc = plan_code(p, db, b, cache, code, &gchain, groups[g], true, from, to, today);
        }
    }
    free(gchain.ids);
    qf__chain_free(&chain);
    if (rc)
        qf__plan_free(p);
    return rc;
}

void qf__plan_free(qf_plan *p)
{
    free(p->items);
    memset(p, 0, sizeof *p);
}
