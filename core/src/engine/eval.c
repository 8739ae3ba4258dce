/*
 * The engine's driver. For each branch: load its snapshot once, then for every standard find
 * the revisions in force over the judged range (a revision judges the periods and activities
 * whose judging date falls while it is in force), resolve each for the branch's tailoring
 * chain, and run every requirement's evaluator over the snapshot in memory.
 */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

int qf__org_chain(qf_db *db, int64_t org_id, int64_t *chain, size_t *n);
void qf__result_sort(qf_check_result *r);

int qf_check_options_init(qf_check_options *o, qf_db *db)
{
    memset(o, 0, sizeof *o);
    o->version = QF_CHECK_OPTIONS_VERSION;
    o->period = qf_period_containing(QF_PERIOD_YEAR, qf_db_today(db));
    return QF_OK;
}

/* ---- parameter helpers ------------------------------------------------------------------- */

bool qf__param_has_kind(json_t *params, const char *key, const char *kind)
{
    json_t *v = json_object_get(params, key);
    if (json_is_string(v))
        return strcmp(json_string_value(v), kind) == 0;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) if (strcmp(json_string_value(e), kind) == 0) return true;
    return false;
}

bool qf__eval_kind(qf_eval *e, const char *kind)
{
    for (int i = 0; i < e->n_kind_seen; i++)
        if (e->kind_seen[i] == kind)
            return e->kind_ok[i];
    bool ok = qf__param_has_kind(e->params, "activity", kind);
    if (e->n_kind_seen < (int)(sizeof e->kind_seen / sizeof e->kind_seen[0])) {
        e->kind_seen[e->n_kind_seen] = kind;
        e->kind_ok[e->n_kind_seen++] = ok;
    }
    return ok;
}

int qf__param_int(json_t *params, const char *key, int def)
{
    json_t *v = json_object_get(params, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : def;
}

bool qf__param_bool(json_t *params, const char *key, bool def)
{
    json_t *v = json_object_get(params, key);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

const char *qf__param_str(json_t *params, const char *key)
{
    return json_string_value(json_object_get(params, key));
}

void qf__kinds_label(qf_db *db, json_t *params, const char *key, char *buf, size_t size)
{
    json_t *v = json_object_get(params, key);
    buf[0] = '\0';
    if (json_is_string(v)) {
        qf__fmt(buf, size, "%s", qf_vocab_label(db, "activity_kind", json_string_value(v)));
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        size_t len = strlen(buf);
        qf__fmt(buf + len, size - len, "%s%s", i ? _(" or ") : "",
                 qf_vocab_label(db, "activity_kind", json_string_value(e)));
    }
}

const char *qf__activity_label_format(void)
{
    return _("%s %s \"%s\"");
}

void qf__activity_label_as(const char *fmt, const char *kind_label, const snap_activity *a,
                           char *buf, size_t size)
{
    char day[11];
    qf_date_format(a->day, day);
    qf__fmt(buf, size, fmt, day, kind_label, a->title ? a->title : "");
}

/* ---- revisions in force over a range ------------------------------------------------------ */

typedef struct segment {
    const qf_std_rev *rev;
    qf_date from, to;
} segment;

typedef struct split {
    qf_date day;
    bool tailored; /* a tailoring of the chain takes effect: the resolution may change */
} split;

static int cmp_split(const void *a, const void *b)
{
    const split *x = a, *y = b;
    return x->day < y->day ? -1 : x->day > y->day;
}

static bool in_chain(int64_t org, const int64_t *chain, size_t n_chain)
{
    for (size_t i = 0; i < n_chain; i++)
        if (chain[i] == org)
            return true;
    return org == 0; /* a tailoring of the whole database */
}

/* Splits [from, to] where the revision in force for `code` changes, and where a tailoring of
 * the branch's chain takes effect: each segment is resolved once, on its last judged day, so a
 * tailoring effective from 1 July must not judge the spring (nor the old one the autumn). */
static size_t segments_for(const qf_catalog *cat, const char *code, qf_date from, qf_date to,
                           qf_date adopted, const int64_t *chain, size_t n_chain, segment *out,
                           size_t max)
{
    split points[128];
    size_t np = 0;
    points[np++] = (split){from, false};
    for (size_t i = 0; i < cat->n_revs && np < 125; i++) {
        const qf_std_rev *r = &cat->revs[i];
        if (strcmp(r->code, code) != 0)
            continue;
        qf_date cands[3] = {r->effective, r->expires == QF_DATE_NONE ? QF_DATE_NONE : r->expires + 1,
                            r->replaced};
        for (int k = 0; k < 3; k++)
            if (cands[k] != QF_DATE_NONE && cands[k] > from && cands[k] <= to)
                points[np++] = (split){cands[k], false};
    }
    if (adopted != QF_DATE_NONE && adopted > from && adopted <= to && np < 128)
        points[np++] = (split){adopted, false};
    for (size_t i = 0; i < cat->n_tailorings && np < 128; i++) {
        const qf_tailoring_rev *t = &cat->tailorings[i];
        if (t->effective != QF_DATE_NONE && t->effective > from && t->effective <= to &&
            in_chain(t->org_id, chain, n_chain))
            points[np++] = (split){t->effective, true};
    }
    qsort(points, np, sizeof *points, cmp_split);
    size_t n = 0;
    for (size_t i = 0; i < np; i++) {
        if (i && points[i].day == points[i - 1].day)
            continue;
        bool tailored = false;
        for (size_t j = i; j < np && points[j].day == points[i].day; j++)
            tailored = tailored || points[j].tailored;
        qf_date a = points[i].day;
        qf_date b = to;
        for (size_t j = i + 1; j < np; j++)
            if (points[j].day > a) {
                b = points[j].day - 1;
                break;
            }
        const qf_std_rev *r = qf__catalog_in_force_for(cat, code, a, adopted);
        if (!r)
            continue;
        if (n && !tailored && out[n - 1].rev == r && out[n - 1].to + 1 == a) {
            out[n - 1].to = b;
            continue;
        }
        if (n < max)
            out[n++] = (segment){r, a, b};
    }
    return n;
}

static bool applies_to_branch(json_t *std)
{
    json_t *list = json_object_get(std, "applies_to");
    if (!list)
        return true; /* default: branches */
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) if (strcmp(json_string_value(e), "branch") == 0) return true;
    return false;
}

static int run_requirement(qf_eval *e)
{
    switch (qf__req_kind(e->kind) ? qf__req_kind(e->kind)->kind : QF_REQ_COUNT_) {
    case QF_REQ_CADENCE: return qf__eval_cadence(e);
    case QF_REQ_ARTIFACT: return qf__eval_artifact(e);
    case QF_REQ_ATTENDANCE: return qf__eval_attendance(e);
    case QF_REQ_AGENDA: return qf__eval_agenda(e);
    case QF_REQ_GUEST: return qf__eval_guest(e);
    case QF_REQ_POSITION: return qf__eval_position(e);
    case QF_REQ_TERM: return qf__eval_term(e);
    case QF_REQ_MEMBERS: return qf__eval_members(e);
    case QF_REQ_CHECK: return qf__eval_check(e);
    case QF_REQ_HOURS: return qf__eval_hours(e);
    case QF_REQ_DEADLINE: return qf__eval_deadline(e);
    case QF_REQ_COUNT_: break;
    }
    return qf__err(QF_ECORRUPT, _("requirement kind '%s' is unknown"), e->kind);
}

/* Resolved standards shared by every branch with the same key (see qf__resolve_key). */
typedef struct resolved {
    char key[512];
    json_t *std;
    bool applies;
    unsigned char digest[32]; /* SHA-256 of the canonical resolved definition */
} resolved;

/* Found by key through an open-addressing index (slots hold item index + 1, 0 = empty): a
 * deployment whose branches each have a tailoring has as many keys as branches × standards,
 * and a linear search made the whole check grow as the square of the branches. */
typedef struct resolve_cache {
    resolved *items;
    size_t n, cap;
    size_t *slots;
    size_t n_slots; /* a power of two, at least twice n */
} resolve_cache;

static void cache_free(resolve_cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        json_decref(c->items[i].std);
    free(c->items);
    free(c->slots);
}

static size_t key_hash(const char *k)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t *cache_slot(const resolve_cache *c, const char *key)
{
    size_t mask = c->n_slots - 1;
    for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask)
        if (!c->slots[i] || strcmp(c->items[c->slots[i] - 1].key, key) == 0)
            return &c->slots[i];
}

/* Room for one more item, in the array and in the index. */
static int cache_reserve(resolve_cache *c)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        resolved *g = realloc(c->items, cap * sizeof *g);
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
                *cache_slot(c, c->items[old[i] - 1].key) = old[i];
        free(old);
    }
    return QF_OK;
}

static const resolved *cache_get(resolve_cache *c, qf_db *db, const qf_catalog *cat,
                                 const qf_std_rev *rev, const int64_t *chain, size_t n_chain,
                                 qf_date on)
{
    char key[512];
    qf__resolve_key(db, cat, rev, chain, n_chain, on, key, sizeof key);
    if (cache_reserve(c) != QF_OK)
        return NULL;
    size_t *slot = cache_slot(c, key);
    if (*slot)
        return &c->items[*slot - 1];
    resolved *r = &c->items[c->n];
    qf__fmt(r->key, sizeof r->key, "%s", key);
    r->std = qf__resolve(db, cat, rev, chain, n_chain, on, &r->applies);
    if (!r->std)
        return NULL;
    char *canon = json_dumps(r->std, JSON_SORT_KEYS | JSON_COMPACT);
    qf_sha256_ctx h;
    qf__sha256_init(&h);
    if (canon)
        qf__sha256_update(&h, canon, strlen(canon));
    qf__sha256_final(&h, r->digest);
    free(canon);
    *slot = ++c->n;
    return r;
}

/* One branch: its org chain, and what is being judged, visited standard by standard. */
typedef struct branch_run {
    qf_db *db;
    qf_check_result *res;
    const qf_check_options *o;
    const qf_catalog *cat;
    resolve_cache *cache;
    int64_t chain[16];
    size_t n_chain;
    qf_date from, to;
} branch_run;

/* Calls `visit` for every standard revision that applies to the branch over [from, to]
 * (resolved for its chain), with the segment of judging dates it covers. Stops at the first
 * error. The resolutions are cached, so a second walk costs little. */
typedef int (*std_visit)(void *ctx, const branch_run *b, const segment *seg, qf_date adopted,
                         const resolved *rv);

static int each_standard(const branch_run *b, std_visit visit, void *ctx)
{
    int rc = QF_OK;
    const qf_catalog *cat = b->cat;
    for (size_t i = 0; rc == QF_OK && i < cat->n_revs; i++) {
        const char *code = cat->revs[i].code;
        if (i && strcmp(code, cat->revs[i - 1].code) == 0)
            continue; /* one pass per code */
        if (b->o->standard && strcmp(b->o->standard, code) != 0)
            continue;
        qf_date adopted = qf__adopted_from(cat, code, b->chain, b->n_chain, b->res->today);
        segment segs[32];
        size_t ns = segments_for(cat, code, b->from, b->to, adopted, b->chain, b->n_chain, segs, 32);
        for (size_t s = 0; rc == QF_OK && s < ns; s++) {
            qf_date on = segs[s].to < b->res->today ? segs[s].to : b->res->today;
            if (on < segs[s].from)
                on = segs[s].from;
            const resolved *rv =
                cache_get(b->cache, b->db, cat, segs[s].rev, b->chain, b->n_chain, on);
            if (!rv) {
                rc = qf_error_last_code();
                break;
            }
            if (!rv->applies || !applies_to_branch(rv->std))
                continue;
            rc = visit(ctx, b, &segs[s], adopted, rv);
        }
    }
    return rc;
}

/* What the requirements read of activities' children, so the snapshot loads only that. */
static int plan_needs(void *ctx, const branch_run *b, const segment *seg, qf_date adopted,
                      const resolved *rv)
{
    snap_need *need = ctx;
    (void)b, (void)seg, (void)adopted;
    size_t ci, ri;
    json_t *clause, *req;
    json_array_foreach(json_object_get(rv->std, "clauses"), ci, clause)
    {
        json_array_foreach(json_object_get(clause, "requirements"), ri, req)
        {
            const qf_kind_spec *spec = qf__req_kind(json_string_value(json_object_get(req, "kind")));
            json_t *kinds = json_object_get(json_object_get(req, "params"), "activity");
            switch (spec ? spec->kind : QF_REQ_COUNT_) {
            case QF_REQ_ARTIFACT: qf__snap_need_add(&need->artifacts, kinds); break;
            case QF_REQ_ATTENDANCE: qf__snap_need_add(&need->attendance, kinds); break;
            case QF_REQ_AGENDA: qf__snap_need_add(&need->agenda, kinds); break;
            case QF_REQ_GUEST: qf__snap_need_add(&need->guests, kinds); break;
            default: break;
            }
        }
    }
    return QF_OK;
}

typedef struct judging {
    const qf_snapshot *snap;
    qf_fphash *fp;
} judging;

static int judge_standard(void *ctx, const branch_run *b, const segment *seg, qf_date adopted,
                          const resolved *rv)
{
    judging *j = ctx;
    qf__fphash_update(j->fp, rv->digest, sizeof rv->digest);
    int rc = QF_OK;
    size_t ci;
    json_t *clause;
    json_array_foreach(json_object_get(rv->std, "clauses"), ci, clause)
    {
        size_t ri;
        json_t *req;
        json_array_foreach(json_object_get(clause, "requirements"), ri, req)
        {
            qf_eval e = {
                .db = b->db, .res = b->res, .opts = b->o, .cat = b->cat, .snap = j->snap,
                .rev = seg->rev, .std = rv->std, .clause = clause,
                .params = json_object_get(req, "params"), .req_index = (int)ri + 1,
                .kind = json_string_value(json_object_get(req, "kind")),
                .today = b->res->today, .range = b->o->period, .win_from = seg->from,
                .win_to = seg->to, .adopted = adopted, .fp = j->fp};
            if ((rc = run_requirement(&e)))
                return rc;
        }
    }
    return rc;
}

static int judge_branch(qf_db *db, qf_check_result *res, const qf_check_options *o,
                        const qf_catalog *cat, resolve_cache *cache, int64_t branch,
                        qf_fphash *fp)
{
    branch_run b = {.db = db, .res = res, .o = o, .cat = cat, .cache = cache};
    b.from = qf_period_containing(QF_PERIOD_YEAR, o->period.start).start;
    b.to = qf_period_containing(QF_PERIOD_YEAR, o->period.end).end;
    int rc = qf__org_chain(db, branch, b.chain, &b.n_chain);
    snap_need need;
    memset(&need, 0, sizeof need);
    if (rc == QF_OK)
        rc = each_standard(&b, plan_needs, &need);
    if (rc)
        return rc;
    qf_snapshot snap;
    rc = qf__snapshot_load(&snap, db, branch, b.from, b.to, fp, &need);
    if (rc)
        return rc;
    judging j = {&snap, fp};
    rc = each_standard(&b, judge_standard, &j);
    qf__snapshot_free(&snap);
    return rc;
}

/* The branches to judge: the org itself, or every branch below a committee. */
static int target_branches(qf_db *db, int64_t org_id, int64_t **out, size_t *n)
{
    static const char sql[] =
        "WITH RECURSIVE t(id) AS (SELECT id FROM org WHERE (?1 = 0 AND parent_id IS NULL) OR "
        "id = ?1 UNION ALL SELECT o.id FROM org o JOIN t ON o.parent_id = t.id) "
        "SELECT org.id FROM t JOIN org ON org.id = t.id WHERE org.kind = 'branch' ORDER BY org.code";
    static const char sql_kind[] = "SELECT kind, code FROM org WHERE id = ?1";
    *out = NULL;
    *n = 0;
    if (org_id) {
        qf_stmt *k = qf__stmt(db, sql_kind);
        if (!k)
            return qf_error_last_code();
        qf__bind_int64(k, 1, org_id);
        if (qf__step(k) != QF_ROW) {
            qf__reset(k);
            return qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)org_id);
        }
        bool group = strcmp(qf__col_text(k, 0), "group") == 0;
        char code[80];
        qf__fmt(code, sizeof code, "%s", qf__col_text(k, 1));
        qf__reset(k);
        if (group)
            return qf__err(QF_EINVALID,
                           _("org %s is a party group: check its branch (group requirements are "
                             "judged with the branch)"),
                           code);
    }
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    size_t cap = 0;
    while (qf__step(st) == QF_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                free(*out);
                *out = NULL;
                qf__reset(st);
                return qf__oom();
            }
            *out = g;
        }
        (*out)[(*n)++] = qf__col_int64(st, 0);
    }
    qf__reset(st);
    return QF_OK;
}

static int check_run(qf_check_result **out, qf_db *db, const qf_check_options *o)
{
    qf_check_result *res = calloc(1, sizeof *res);
    if (!res)
        return qf__oom();
    res->today = qf_db_today(db);
    res->range = o->period;
    char code[40];
    qf_period_format(&o->period, code, sizeof code);
    res->period = qf__strdup(code);
    if (o->org_id) {
        qf_org *org = NULL;
        if (qf_org_get(&org, db, o->org_id) == QF_OK)
            res->org = qf__strdup(org->code);
        qf_org_free(org);
    }
    qf_catalog cat;
    int rc = qf__catalog_read(&cat, db);
    if (rc) {
        qf_check_result_free(res);
        return rc;
    }
    if (o->standard && !qf__catalog_in_force(&cat, o->standard, o->period.end)) {
        bool known = false;
        for (size_t i = 0; i < cat.n_revs; i++)
            known = known || strcmp(cat.revs[i].code, o->standard) == 0;
        if (!known) {
            qf__catalog_free(&cat);
            qf_check_result_free(res);
            return qf__err(QF_ENOTFOUND, _("there is no standard %s"), o->standard);
        }
    }
    int64_t *branches = NULL;
    size_t nb = 0;
    rc = target_branches(db, o->org_id, &branches, &nb);
    qf_fphash fp;
    qf__fphash_init(&fp);
    resolve_cache cache = {NULL, 0, 0, NULL, 0};
    for (size_t i = 0; rc == QF_OK && i < nb; i++)
        rc = judge_branch(db, res, o, &cat, &cache, branches[i], &fp);
    cache_free(&cache);
    free(branches);
    qf__catalog_free(&cat);
    if (rc) {
        qf_check_result_free(res);
        return rc;
    }
    /* the fingerprint: today, the period, every resolved standard and every row read */
    qf_sha256_ctx h;
    qf__sha256_init(&h);
    char today[11];
    qf_date_format(res->today, today);
    qf__sha256_update(&h, today, 10);
    qf__sha256_update(&h, code, strlen(code));
    qf__sha256_update(&h, &fp, sizeof fp);
    unsigned char d[32];
    char hex[65];
    qf__sha256_final(&h, d);
    qf__hex(d, 32, hex);
    res->fingerprint = qf__strdup(hex);
    qf__result_sort(res);
    *out = res;
    return QF_OK;
}

int qf_check_run(qf_check_result **out, qf_db *db, const qf_check_options *o)
{
    *out = NULL;
    if (!o || o->version != QF_CHECK_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s", _("check options: initialise with qf_check_options_init"));
    if (o->period.start > o->period.end)
        return qf__err(QF_EINVALID, "%s", _("check: the period ends before it starts"));
    /* one snapshot for the whole run: the findings and the fingerprint describe one state */
    bool reading = qf__read_begin(db);
    int rc = check_run(out, db, o);
    qf__read_end(db, reading);
    return rc;
}
