/*
 * The engine's driver. The rulebook is read and compiled once; for each branch a plan is made
 * (plan.c), its snapshot loaded once with what the plan's requirements read, and every
 * requirement of every plan item evaluated over the snapshot in memory. No resolution happens
 * during evaluation.
 */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__result_sort(qf_check_result *r);

int qf_check_options_init(qf_check_options *o, qf_db *db)
{
    memset(o, 0, sizeof *o);
    o->version = QF_CHECK_OPTIONS_VERSION;
    o->period = qf_period_containing(QF_PERIOD_YEAR, qf_db_today(db));
    return QF_OK;
}

/* Evaluates every requirement of one plan item. */
static int judge_item(qf_db *db, qf_check_result *res, const qf_check_options *o,
                      const qf_rulebook *b, const qf_snapshot *snap, const qf_plan_item *it,
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
            qf_eval e = {.db = db, .res = res, .opts = o, .book = b, .snap = snap, .item = it,
                         .std = it->std, .clause = clause, .req = req, .p = req->p, .org = org,
                         .today = res->today, .range = o->period, .win_from = it->from,
                         .win_to = it->to, .fp = fp, .scratch = &res->arena,
                         .trace = res->trace};
            rc = req->kind->evaluate(&e);
        }
    }
    return rc;
}

static int judge_branch(qf_db *db, qf_check_result *res, const qf_check_options *o,
                        const qf_rulebook *b, qf_resolve_cache *cache, int64_t branch,
                        qf_fphash *fp)
{
    /* whole years: a period's revision and a cadence's periods need the days around it */
    qf_date from = qf_period_containing(QF_PERIOD_YEAR, o->period.start).start;
    qf_date to = qf_period_containing(QF_PERIOD_YEAR, o->period.end).end;
    qf_plan plan;
    int rc = qf__plan_branch(&plan, db, b, cache, branch, from, to, res->today, o->standard);
    if (rc)
        return rc;
    qf_snapshot snap;
    rc = qf__snapshot_load(&snap, db, branch, from, to, fp, &plan.need);
    for (size_t i = 0; rc == QF_OK && i < plan.n; i++)
        rc = judge_item(db, res, o, b, &snap, &plan.items[i], fp);
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

static int check_run(qf_check_result **out, qf_db *db, const qf_check_options *o,
                     qf_trace *trace)
{
    qf_check_result *res = calloc(1, sizeof *res);
    if (!res)
        return qf__oom();
    res->trace = trace;
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
    qf_rulebook b;
    int rc = qf__rulebook_read(&b, db);
    if (rc) {
        qf_check_result_free(res);
        return rc;
    }
    if (o->standard && !qf__rulebook_knows(&b, o->standard)) {
        qf__rulebook_free(&b);
        qf_check_result_free(res);
        return qf__err(QF_ENOTFOUND, _("there is no standard %s"), o->standard);
    }
    int64_t *branches = NULL;
    size_t nb = 0;
    rc = target_branches(db, o->org_id, &branches, &nb);
    qf_fphash fp;
    qf__fphash_init(&fp);
    if (!rc)
        rc = qf__waivers_load(res, db, &fp);
    qf_resolve_cache *cache = rc ? NULL : qf__resolve_cache_new();
    if (!rc && !cache)
        rc = qf_error_last_code();
    for (size_t i = 0; rc == QF_OK && i < nb; i++)
        rc = judge_branch(db, res, o, &b, cache, branches[i], &fp);
    qf__resolve_cache_free(cache);
    free(branches);
    qf__rulebook_free(&b);
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
    unsigned char fpd[24];
    qf__fphash_digest(&fp, fpd);
    qf__sha256_update(&h, fpd, sizeof fpd);
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
    int rc = check_run(out, db, o, NULL);
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
