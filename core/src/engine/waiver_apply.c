/* Waivers in the engine: read once per run, matched in one place (qf__emit, next to the
 * exemptions) and on the same day an exemption is judged on — an activity's own day, a
 * period's last day or today while it runs. A waiver explains a finding of its org whose key,
 * after "ORG/", matches its subject pattern (a glob), for its standard and clause (and
 * requirement, when it names one). Only what is wrong or still due is waived: a pass stays a
 * pass, an n/a stays n/a, and an error (a check function that failed) is never hidden. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

int qf__waivers_load(qf_check_result *r, qf_db *db, qf_fphash *fp)
{
    qf_waiver_iter *it = NULL;
    int rc = qf_waiver_list(&it, db, NULL);
    if (rc)
        return rc;
    const qf_waiver *w;
    size_t cap = 0;
    while ((rc = qf_waiver_next(&w, it)) == QF_OK) {
        if (r->n_waivers == cap) {
            cap = cap ? cap * 2 : 16;
            qf_waiver_rule *g = realloc(r->waivers, cap * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            r->waivers = g;
        }
        qf_arena *a = &r->arena;
        qf_waiver_rule *x = &r->waivers[r->n_waivers];
        *x = (qf_waiver_rule){.id = w->id, .org_id = w->org_id,
                              .standard = qf__arena_strdup(a, w->standard),
                              .clause = qf__arena_strdup(a, w->clause),
                              .pattern = qf__arena_strdup(a, w->pattern),
                              .reason = qf__arena_strdup(a, w->reason),
                              .recorded_by = qf__arena_strdup(a, w->recorded_by),
                              .approved_by = qf__arena_strdup(a, w->approved_by),
                              .requirement = w->requirement, .from = w->from, .until = w->until};
        if (!x->standard || !x->clause || !x->pattern || !x->reason || !x->recorded_by ||
            !x->approved_by) {
            rc = qf__oom();
            break;
        }
        r->n_waivers++;
        /* a waiver changes what the check says: it is one of the inputs */
        qf__fphash_int(fp, x->id);
        qf__fphash_int(fp, x->org_id);
        qf__fphash_int(fp, x->requirement);
        qf__fphash_int(fp, x->from);
        qf__fphash_int(fp, x->until);
        const char *strs[] = {x->standard, x->clause, x->pattern, x->reason, x->approved_by};
        for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
            qf__fphash_bytes(fp, strs[i], strlen(strs[i]) + 1);
    }
    qf_waiver_iter_free(it);
    return rc == QF_ITEROVER ? QF_OK : rc;
}

static bool matches(const qf_waiver_rule *w, const qf_finding *f, const char *rest)
{
    return w->org_id == f->org_id && strcmp(w->standard, f->standard) == 0 &&
           strcmp(w->clause, f->clause) == 0 &&
           (w->requirement == 0 || w->requirement == f->requirement) &&
           fnmatch(w->pattern, rest, 0) == 0;
}

int qf__waiver_apply(qf_eval *e, qf_finding *f, const qf_msg **message, qf_date judged)
{
    const qf_check_result *r = e->res;
    if (!r->n_waivers || (f->status != QF_FINDING_FAIL && f->status != QF_FINDING_WARN &&
                          f->status != QF_FINDING_OPEN))
        return QF_OK;
    /* the key after "ORG/": "period/2017-08-H1", "activity/17", "member/12/2017" */
    const char *rest = strchr(f->key, '@');
    rest = rest ? strchr(rest, '/') : NULL;
    if (!rest)
        return QF_OK;
    rest++;
    const qf_waiver_rule *holds = NULL, *ended = NULL;
    for (size_t i = 0; i < r->n_waivers && !holds; i++) {
        const qf_waiver_rule *w = &r->waivers[i];
        if (!matches(w, f, rest))
            continue;
        if (w->from <= judged && judged <= w->until)
            holds = w;
        else if (w->until < judged && (!ended || w->until > ended->until))
            ended = w; /* the last one that ended: "waiver expired on …" */
    }
    const qf_waiver_rule *w = holds ? holds : ended;
    if (!w)
        return QF_OK;
    qf_arena *a = &e->res->arena;
    f->waiver_id = w->id;
    f->waiver_expired = !holds;
    f->waiver_reason = w->reason;
    f->waiver_recorded_by = w->recorded_by;
    f->waiver_approved_by = w->approved_by;
    f->waiver_from = w->from;
    f->waiver_until = w->until;
    const qf_msg *m;
    if (holds) {
        f->status = QF_FINDING_WAIVED;
        f->due = QF_DATE_NONE;
        f->days_left = 0;
        m = qf__msg(a, N_("%s [waived until %s: %s (waiver %d, approved by %s)]"), "MDsds",
                    *message, w->until, w->reason, (int)w->id, w->approved_by);
    } else {
        m = qf__msg(a, N_("%s [waiver %d expired on %s]"), "MdD", *message, (int)w->id, w->until);
    }
    if (!m)
        return qf_error_last_code();
    *message = m;
    return QF_OK;
}
