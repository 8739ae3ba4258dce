/* The check result: accessors, the summary (score: a cause counted once), the order of
 * findings and the link between findings that share a cause, labels of periods. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static const char *const STATUS_NAMES[] = {"pass", "fail", "warn", "open", "n/a", "error", "waived"};

const char *qf_finding_status_name(qf_finding_status s)
{
    return (unsigned)s <= QF_FINDING_WAIVED ? STATUS_NAMES[s] : "?";
}

int qf_finding_status_parse(qf_finding_status *out, const char *s)
{
    for (int i = 0; i <= QF_FINDING_WAIVED; i++)
        if (s && strcmp(s, STATUS_NAMES[i]) == 0) {
            *out = (qf_finding_status)i;
            return QF_OK;
        }
    if (s && strcmp(s, "na") == 0) {
        *out = QF_FINDING_NA;
        return QF_OK;
    }
    return qf__err(QF_EINVALID, _("status '%.20s' is unknown (pass, fail, warn, open, n/a, error, waived)"),
                   s ? s : "");
}

/* Adds a copy of `f` (a saved finding being loaded): strings and ids go to the result's arena;
 * a message stored as an id with arguments is rendered in the current language. */
int qf__result_add(qf_check_result *r, qf_db *db, const qf_finding *f)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        qf_finding *g = realloc(r->findings, cap * sizeof *g);
        if (!g)
            return qf__oom();
        r->findings = g;
        r->cap = cap;
    }
    qf_arena *a = &r->arena;
    qf_finding *d = &r->findings[r->n];
    *d = *f;
    const char **strs[] = {&d->standard, &d->standard_title, &d->clause, &d->kind,
                           &d->subject_type, &d->subject, &d->org, &d->period, &d->message,
                           &d->responsible, &d->responsible_label, &d->remind, &d->key, &d->cause,
                           &d->same_as, &d->clause_text, &d->waiver_reason,
                           &d->waiver_recorded_by, &d->waiver_approved_by};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (*strs[i] && !(*strs[i] = qf__arena_strdup(a, *strs[i])))
            return qf__oom();
    d->message_msg = qf__msg_copy(a, f->message_msg);
    d->subject_msg = qf__msg_copy(a, f->subject_msg);
    d->message_id = d->message_msg ? d->message_msg->id : NULL;
    if (d->message_msg && !(d->message = qf__msg_render_arena(d->message_msg, db, a)))
        return qf__oom();
    if (d->subject_msg && !(d->subject = qf__msg_render_arena(d->subject_msg, db, a)))
        return qf__oom();
    d->activities = NULL;
    d->artifacts = NULL;
    if (f->n_activities) {
        int64_t *ids = qf__arena_alloc(a, f->n_activities * sizeof *ids);
        if (!ids)
            return qf__oom();
        memcpy(ids, f->activities, f->n_activities * sizeof *ids);
        d->activities = ids;
    }
    if (f->n_artifacts) {
        int64_t *ids = qf__arena_alloc(a, f->n_artifacts * sizeof *ids);
        if (!ids)
            return qf__oom();
        memcpy(ids, f->artifacts, f->n_artifacts * sizeof *ids);
        d->artifacts = ids;
    }
    if (f->counts) {
        qf_counts *c = qf__arena_alloc(a, sizeof *c);
        if (!c)
            return qf__oom();
        *c = *f->counts;
        d->counts = c;
    }
    r->n++;
    qf__findings_held(1);
    return QF_OK;
}

size_t qf_check_count(const qf_check_result *r)
{
    return r ? r->n : 0;
}

const qf_finding *qf_check_finding(const qf_check_result *r, size_t i)
{
    return r && i < r->n ? &r->findings[i] : NULL;
}

const char *qf_check_fingerprint(const qf_check_result *r)
{
    return r->fingerprint ? r->fingerprint : "";
}

const char *qf_check_period(const qf_check_result *r)
{
    return r->period ? r->period : "";
}

qf_date qf_check_today(const qf_check_result *r)
{
    return r->today;
}

/* Findings by (org, standard, clause): equal ones are one clause of the summary. */
static int clause_key_cmp(const void *a, const void *b)
{
    const qf_finding *x = *(const qf_finding *const *)a, *y = *(const qf_finding *const *)b;
    if (x->org_id != y->org_id)
        return x->org_id < y->org_id ? -1 : 1;
    /* the same address, the same text (findings share their copies: emit.c) */
    int c = x->standard == y->standard ? 0 : strcmp(x->standard, y->standard);
    return c ? c : x->clause == y->clause ? 0 : strcmp(x->clause, y->clause);
}

/* The score counts each cause once: a finding that is `same_as` another is left out, so one
 * quorum lapse judged by four clauses costs one failure, not four (docs/check-output.md). */
void qf_check_summarize(const qf_check_result *r, qf_check_summary *s)
{
    memset(s, 0, sizeof *s);
    /* the clauses are counted by sorting pointers to the findings (a key string per finding,
     * allocated and formatted, cost 2% of a streamed check, which summarizes every branch) */
    const qf_finding **keys = r->n ? malloc(r->n * sizeof *keys) : NULL;
    size_t nk = 0;
    int duplicates = 0;
    for (size_t i = 0; i < r->n; i++) {
        const qf_finding *f = &r->findings[i];
        switch (f->status) {
        case QF_FINDING_PASS: s->pass++; break;
        case QF_FINDING_FAIL: s->fail++; break;
        case QF_FINDING_WARN: s->warn++; break;
        case QF_FINDING_OPEN: s->open++; break;
        case QF_FINDING_NA: s->na++; break;
        case QF_FINDING_ERROR: s->error++; break;
        case QF_FINDING_WAIVED: s->waived++; break;
        }
        if (f->status == QF_FINDING_FAIL || f->status == QF_FINDING_WARN) {
            if (f->same_as)
                duplicates++;
            else
                s->causes++;
        }
        /* a clause counts once per (org, standard, clause) */
        if (keys)
            keys[nk++] = f;
    }
    if (nk) {
        qsort(keys, nk, sizeof *keys, clause_key_cmp);
        for (size_t i = 0; i < nk; i++)
            if (i == 0 || clause_key_cmp(&keys[i], &keys[i - 1]) != 0)
                s->clauses++;
    }
    free(keys);
    int judged = s->pass + s->fail + s->warn + s->error - duplicates;
    s->scored = judged > 0;
    s->score = judged > 0 ? 100.0 * s->pass / judged : 0.0;
}

/* The findings alive: a counter, not a measure of memory, so a test can say that a streamed
 * check never holds more than one branch's findings. */
static _Thread_local size_t live_findings, peak_findings;

void qf__findings_held(ptrdiff_t delta)
{
    live_findings = (size_t)((ptrdiff_t)live_findings + delta);
    if (live_findings > peak_findings)
        peak_findings = live_findings;
}

size_t qf__findings_peak(bool reset)
{
    size_t peak = peak_findings;
    if (reset)
        peak_findings = live_findings;
    return peak;
}

void qf__result_clear(qf_check_result *r)
{
    qf__findings_held(-(ptrdiff_t)r->n);
    r->n = 0;
    qf__arena_rewind(&r->arena);
    memset(r->kept, 0, sizeof r->kept);
    memset(r->kept_periods, 0, sizeof r->kept_periods);
    memset(r->kept_activities, 0, sizeof r->kept_activities);
    memset(r->kept_period_subjects, 0, sizeof r->kept_period_subjects);
    memset(r->kept_renders, 0, sizeof r->kept_renders);
}

void qf_check_result_free(qf_check_result *r)
{
    if (!r)
        return;
    qf__findings_held(-(ptrdiff_t)r->n);
    qf__arena_free(&r->arena);
    free(r->findings);
    free(r->period);
    free(r->fingerprint);
    free(r->org);
    free(r->standard);
    free(r->branches);
    free(r->org_branch);
    if (!r->waivers_borrowed)
        free(r->waivers);
    free(r);
}

size_t qf_check_rejudged(const qf_check_result *r, size_t *branches)
{
    if (branches)
        *branches = r->n_branches;
    return r->rejudged;
}

/* ---- ordering: by org, standard, then what the finding is about, then clause ----------- */

static int finding_cmp(const void *pa, const void *pb)
{
    const qf_finding *a = pa, *b = pb;
    qf_finding_order x = {a->org, a->standard, a->subject_type, a->clause, a->period_start,
                          a->subject_id, a->requirement};
    qf_finding_order y = {b->org, b->standard, b->subject_type, b->clause, b->period_start,
                          b->subject_id, b->requirement};
    return qf__finding_order_cmp(&x, &y);
}

typedef struct cause_ref {
    const char *cause;
    size_t index;
} cause_ref;

static int cause_cmp(const void *pa, const void *pb)
{
    const cause_ref *a = pa, *b = pb;
    int c = strcmp(a->cause, b->cause);
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

/* Links every failing finding to the first (in the result's order) with the same cause. */
static void link_causes(qf_check_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->findings[i].cause != NULL;
    if (n < 2)
        return;
    cause_ref *refs = malloc(n * sizeof *refs);
    if (!refs)
        return; /* unlinked: every lapse counted, as before causes were known */
    n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->findings[i].cause)
            refs[n++] = (cause_ref){r->findings[i].cause, i};
    qsort(refs, n, sizeof *refs, cause_cmp);
    for (size_t i = 1; i < n; i++) {
        size_t first = i;
        while (first > 0 && strcmp(refs[first - 1].cause, refs[i].cause) == 0)
            first--;
        if (first != i)
            r->findings[refs[i].index].same_as = r->findings[refs[first].index].key;
    }
    free(refs);
}

void qf__result_sort(qf_check_result *r);
void qf__result_sort(qf_check_result *r)
{
    if (r->n > 1)
        qsort(r->findings, r->n, sizeof *r->findings, finding_cmp);
    link_causes(r);
}

/* ---- labels ------------------------------------------------------------------------------ */

const char *qf__per_label(qf_period_kind k)
{
    switch (k) {
    case QF_PERIOD_HALF_MONTH: return _("per half month");
    case QF_PERIOD_MONTH: return _("per month");
    case QF_PERIOD_QUARTER: return _("per quarter");
    case QF_PERIOD_HALF_YEAR: return _("per half year");
    case QF_PERIOD_YEAR: return _("per year");
    default: return _("per period");
    }
}

void qf_period_label(const qf_period *p, char *buf, size_t size)
{
    int y, m, d;
    qf_date_to_ymd(p->start, &y, &m, &d);
    char a[11], b[11];
    switch (p->kind) {
    case QF_PERIOD_HALF_MONTH:
        qf__fmt(buf, size, d <= 15 ? _("%d-%02d, first half") : _("%d-%02d, second half"), y, m);
        break;
    case QF_PERIOD_MONTH:
        qf__fmt(buf, size, _("%d-%02d"), y, m);
        break;
    case QF_PERIOD_QUARTER:
        qf__fmt(buf, size, _("%d Q%d"), y, (m - 1) / 3 + 1);
        break;
    case QF_PERIOD_HALF_YEAR:
        qf__fmt(buf, size, m <= 6 ? _("%d, first half") : _("%d, second half"), y);
        break;
    case QF_PERIOD_YEAR:
        qf__fmt(buf, size, _("year %d"), y);
        break;
    case QF_PERIOD_DAY:
        qf_date_format(p->start, a);
        qf__fmt(buf, size, "%s", a);
        break;
    case QF_PERIOD_RANGE:
        qf_date_format(p->start, a);
        qf_date_format(p->end, b);
        qf__fmt(buf, size, _("%s to %s"), a, b);
        break;
    }
}
