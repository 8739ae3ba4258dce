/*
 * The engine's driver. The rulebook is read and compiled once; for each branch a plan is made
 * (plan.c), its snapshot loaded once with what the plan's requirements read, and every
 * requirement of every plan item evaluated over the snapshot in memory. No resolution happens
 * during evaluation.
 */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

int qf_check_options_init(qf_check_options *o, qf_db *db)
{
    memset(o, 0, sizeof *o);
    o->version = QF_CHECK_OPTIONS_VERSION;
    o->period = qf_period_containing(QF_PERIOD_YEAR, qf_db_today(db));
    return QF_OK;
}

/* The last entry of the audit log: every write after it is an entry after it (incremental.c). */
static int audit_head(qf_db *db, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(seq), 0) FROM audit_log";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    int rc = qf__step(st);
    *out = rc == QF_ROW ? qf__col_int64(st, 0) : 0;
    qf__reset(st);
    return rc == QF_ROW ? QF_OK : qf__sqlerr(db, rc, "audit log");
}

/* Evaluates every requirement of one plan item. */
static int judge_item(qf_db *db, qf_check_result *res, const qf_check_options *o,
                      const qf_rulebook *b, qf_resolve_cache *cache, const qf_snapshot *snap,
                      qf_check_view *view, const qf_plan *plan, const qf_plan_item *it,
                      qf_fphash *fp)
{
    qf__fphash_bytes(fp, it->std->digest, sizeof it->std->digest);
    const snap_org *org = qf__snap_org(snap, it->scope_id);
    if (!org)
        return QF_OK; /* a group that no longer belongs to the branch */
    int rc = QF_OK;
    for (size_t ci = 0; rc == QF_OK && ci < it->std->n_clauses; ci++) {
        const qf_clause *clause = &it->std->clauses[ci];
        for (size_t ri = 0; rc == QF_OK && ri < clause->n_reqs; ri++) {
            const qf_req *req = &clause->reqs[ri];
            if (res->trace && !qf__trace_wants(res->trace, clause, req))
                continue; /* explain mode: only the requirement asked about */
            if (!qf__plan_judges(plan, it, clause, req))
                continue; /* a caller that can use only some findings */
            qf_eval e = {.db = db, .res = res, .opts = o, .book = b, .snap = snap, .item = it,
                         .std = it->std, .clause = clause, .req = req, .p = req->p, .org = org,
                         .today = res->today, .range = o->period, .win_from = it->from,
                         .win_to = it->to, .fp = fp, .scratch = &res->arena,
                         .trace = res->trace, .cache = cache, .view = view,
                         .filter = plan->filter};
            rc = req->kind->evaluate(&e);
        }
    }
    return rc;
}

static int judge_branch(qf_db *db, qf_check_result *res, const qf_check_options *o,
                        const qf_rulebook *b, qf_resolve_cache *cache, int64_t branch,
                        qf_fphash *fp, const qf_req_filter *filter)
{
    /* whole years: a period's revision and a cadence's periods need the days around it */
    qf_date from = qf_period_containing(QF_PERIOD_YEAR, o->period.start).start;
    qf_date to = qf_period_containing(QF_PERIOD_YEAR, o->period.end).end;
    qf_plan plan;
    int rc = qf__plan_branch(&plan, db, b, cache, branch, from, to, res->today, o->standard,
                             filter);
    if (rc)
        return rc;
    qf_snapshot snap;
    rc = qf__snapshot_load(&snap, db, branch, from, to, fp, &plan.need);
    qf_check_view view;
    qf__check_view_init(&view, db, &snap);
    for (size_t i = 0; rc == QF_OK && i < plan.n; i++)
        rc = judge_item(db, res, o, b, cache, &snap, &view, &plan, &plan.items[i], fp);
    qf__check_view_free(&view);
    if (rc == QF_OK || snap.orgs)
        qf__snapshot_free(&snap);
    qf__plan_free(&plan);
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
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
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
    if (rc != QF_DONE) {
        free(*out);
        *out = NULL;
        return qf__sqlerr(db, rc, "branches");
    }
    return QF_OK;
}

/* ---- one run: what every branch shares ------------------------------------------------------ */

int qf__run_open(qf_run *run, qf_db *db, const qf_check_options *o, qf_trace *trace)
{
    memset(run, 0, sizeof *run);
    run->trace = trace;
    run->db = db;
    run->o = o;
    qf__db_hold_today(db); /* one day for every branch and every check function */
    run->today = qf_db_today(db);
    qf_period_format(&o->period, run->code, sizeof run->code);
    if (o->org_id) {
        qf_org *org = NULL;
        if (qf_org_get(&org, db, o->org_id) == QF_OK)
            run->org = qf__strdup(org->code);
        qf_org_free(org);
    }
    int rc = qf__rulebook_read(&run->book, db);
    if (rc) {
        free(run->org);
        return rc;
    }
    run->book_read = true;
    if (o->standard && !qf__rulebook_knows(&run->book, o->standard)) {
        rc = qf__err(QF_ENOTFOUND, _("there is no standard %s"), o->standard);
    } else {
        rc = target_branches(db, o->org_id, &run->branches, &run->n_branches);
        run->cache = rc ? NULL : qf__resolve_cache_new();
        if (!rc && !run->cache)
            rc = qf_error_last_code();
    }
    qf__fphash_init(&run->fp);
    /* the waivers, read once and hashed as inputs; each result the run makes borrows them */
    if (!rc && !(run->waiver_set = calloc(1, sizeof *run->waiver_set)))
        rc = qf__oom();
    if (!rc)
        rc = qf__waivers_load(run->waiver_set, db, &run->fp);
    if (!rc)
        rc = audit_head(db, &run->audit_seq);
    if (!rc && o->version >= 2 && o->since)
        rc = qf__since_open(&run->since, run, o->since);
    if (rc)
        qf__run_close(run);
    return rc;
}

void qf__run_close(qf_run *run)
{
    qf__since_free(run->since);
    qf__resolve_cache_free(run->cache);
    qf_check_result_free(run->waiver_set);
    free(run->branches);
    if (run->book_read)
        qf__rulebook_free(&run->book);
    free(run->org);
    if (run->db) /* opened: it holds today */
        qf__db_release_today(run->db);
    memset(run, 0, sizeof *run);
}

/* Each branch's inputs are hashed on their own (its fingerprint, saved with an assessment)
 * and the run's fingerprint hashes the branches' in order, so an incremental run that reuses a
 * branch's saved fingerprint gets the fingerprint of a full run. */
int qf__run_branch(qf_run *run, qf_check_result *res, size_t i)
{
    int64_t id = run->branches[i];
    int rc;
    if (run->since && qf__since_reuses(run->since, id, run->branch_fp)) {
        rc = qf__since_load(run->since, run->db, res, id);
    } else {
        qf_fphash h;
        qf__fphash_init(&h);
        rc = judge_branch(run->db, res, run->o, &run->book, run->cache, id, &h, run->filter);
        qf__fphash_digest(&h, run->branch_fp);
        run->rejudged++;
    }
    if (rc == QF_OK)
        qf__fphash_bytes(&run->fp, run->branch_fp, sizeof run->branch_fp);
    return rc;
}

/* The fingerprint: today, the period, every resolved standard and every row read. */
void qf__run_fingerprint(const qf_run *run, char hex[65])
{
    qf_sha256_ctx h;
    qf__sha256_init(&h);
    char today[11];
    qf_date_format(run->today, today);
    qf__sha256_update(&h, today, 10);
    qf__sha256_update(&h, run->code, strlen(run->code));
    unsigned char fpd[24];
    qf__fphash_digest(&run->fp, fpd);
    qf__sha256_update(&h, fpd, sizeof fpd);
    unsigned char d[32];
    qf__sha256_final(&h, d);
    qf__hex(d, 32, hex);
}

/* An empty result of this run (its findings come from qf__run_branch). */
qf_check_result *qf__run_result(const qf_run *run, const char *org)
{
    qf_check_result *res = calloc(1, sizeof *res);
    if (!res) {
        qf__oom();
        return NULL;
    }
    res->today = run->today;
    res->range = run->o->period;
    res->trace = run->trace;
    if (run->waiver_set) {
        res->waivers = run->waiver_set->waivers;
        res->n_waivers = run->waiver_set->n_waivers;
        res->waivers_borrowed = true;
    }
    res->period = qf__strdup(run->code);
    res->org = org ? qf__strdup(org) : NULL;
    if (!res->period || (org && !res->org)) {
        qf_check_result_free(res);
        qf__oom();
        return NULL;
    }
    return res;
}

/* ---- what a whole result keeps of its branches, for an assessment saved from it ---------- */

static int org_branch_cmp(const void *a, const void *b)
{
    return strcmp(((const qf_org_branch *)a)->org, ((const qf_org_branch *)b)->org);
}

static int result_branches_init(qf_check_result *res, const qf_run *run)
{
    res->audit_seq = run->audit_seq;
    if (run->o->standard && !(res->standard = qf__strdup(run->o->standard)))
        return qf__oom();
    if (run->n_branches && !(res->branches = calloc(run->n_branches, sizeof *res->branches)))
        return qf__oom();
    return QF_OK;
}

/* Branch i was judged (or reused) into findings [first, res->n): its fingerprint, and its
 * orgs (the branch and its party groups) noted once each. */
static int result_branch_add(qf_check_result *res, const qf_run *run, size_t i, size_t first)
{
    qf_branch_fp *b = &res->branches[res->n_branches++];
    b->id = run->branches[i];
    memcpy(b->fp, run->branch_fp, sizeof b->fp);
    const char *last = NULL;
    for (size_t k = first; k < res->n; k++) {
        const char *org = res->findings[k].org;
        if (!org || (last && strcmp(last, org) == 0))
            continue;
        last = org;
        bool seen = false;
        for (size_t j = res->n_org_branch; j-- > 0 && res->org_branch[j].branch == i;)
            seen = seen || strcmp(res->org_branch[j].org, org) == 0;
        if (seen)
            continue;
        qf_org_branch *g = realloc(res->org_branch, (res->n_org_branch + 1) * sizeof *g);
        if (!g)
            return qf__oom();
        res->org_branch = g;
        g[res->n_org_branch++] = (qf_org_branch){org, i};
    }
    return QF_OK;
}

/* The whole result at once: every branch's findings held, sorted and linked together. */
static int check_run(qf_check_result **out, qf_db *db, const qf_check_options *o,
                     qf_trace *trace)
{
    qf_run run;
    int rc = qf__run_open(&run, db, o, trace);
    if (rc)
        return rc;
    qf_check_result *res = qf__run_result(&run, run.org);
    if (!res)
        rc = qf_error_last_code();
    /* the whole result outlives the run: it holds its own copy of the waivers (the run's
     * fingerprint has them already) */
    if (rc == QF_OK) {
        qf_fphash scratch;
        qf__fphash_init(&scratch);
        res->waivers = NULL;
        res->n_waivers = 0;
        res->waivers_borrowed = false;
        rc = qf__waivers_load(res, db, &scratch);
    }
    if (rc == QF_OK)
        rc = result_branches_init(res, &run);
    for (size_t i = 0; rc == QF_OK && i < run.n_branches; i++) {
        size_t first = res->n;
        rc = qf__run_branch(&run, res, i);
        if (rc == QF_OK)
            rc = result_branch_add(res, &run, i, first);
    }
    if (rc == QF_OK && res->n_org_branch > 1)
        qsort(res->org_branch, res->n_org_branch, sizeof *res->org_branch, org_branch_cmp);
    res->rejudged = run.rejudged;
    char hex[65];
    if (rc == QF_OK) {
        qf__run_fingerprint(&run, hex);
        if (!(res->fingerprint = qf__strdup(hex)))
            rc = qf__oom();
    }
    qf__run_close(&run);
    if (rc) {
        qf_check_result_free(res);
        return rc;
    }
    qf__result_sort(res);
    *out = res;
    return QF_OK;
}

int qf__check_options_valid(const qf_check_options *o)
{
    if (!o || o->version < 1 || o->version > QF_CHECK_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s", _("check options: initialise with qf_check_options_init"));
    if (o->period.start > o->period.end)
        return qf__err(QF_EINVALID, "%s", _("check: the period ends before it starts"));
    return QF_OK;
}

int qf_check_run(qf_check_result **out, qf_db *db, const qf_check_options *o)
{
    *out = NULL;
    int rc = qf__check_options_valid(o);
    if (rc)
        return rc;
    /* one snapshot for the whole run: the findings and the fingerprint describe one state */
    bool reading = qf__read_begin(db);
    rc = check_run(out, db, o, NULL);
    qf__read_end(db, reading);
    return rc;
}

/* Explain mode (explain.c): the same run, judging only the traced requirement. */
int qf__check_run_traced(qf_check_result **out, qf_db *db, const qf_check_options *o,
                         qf_trace *trace);
int qf__check_run_traced(qf_check_result **out, qf_db *db, const qf_check_options *o,
                         qf_trace *trace)
{
    *out = NULL;
    bool reading = qf__read_begin(db);
    int rc = check_run(out, db, o, trace);
    qf__read_end(db, reading);
    return rc;
}
