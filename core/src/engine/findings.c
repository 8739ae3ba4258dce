/* The check result: findings, the emit rules (clause type, not-applicable), summary, sorting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static const char *const STATUS_NAMES[] = {"pass", "fail", "warn", "open", "n/a", "error"};

const char *qf_finding_status_name(qf_finding_status s)
{
    return (unsigned)s <= QF_FINDING_ERROR ? STATUS_NAMES[s] : "?";
}

int qf_finding_status_parse(qf_finding_status *out, const char *s)
{
    for (int i = 0; i <= QF_FINDING_ERROR; i++)
        if (s && strcmp(s, STATUS_NAMES[i]) == 0) {
            *out = (qf_finding_status)i;
            return QF_OK;
        }
    if (s && strcmp(s, "na") == 0) {
        *out = QF_FINDING_NA;
        return QF_OK;
    }
    return qf__err(QF_EINVALID, _("status '%.20s' is unknown (pass, fail, warn, open, n/a, error)"),
                   s ? s : "");
}

int qf__result_add(qf_check_result *r, const qf_finding *f)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        qf_finding *grown = realloc(r->findings, cap * sizeof *grown);
        if (!grown)
            return qf__oom();
        r->findings = grown;
        r->cap = cap;
    }
    qf_finding *d = &r->findings[r->n];
    *d = *f;
    qf_arena *a = &r->arena;
    d->standard = qf__arena_strdup(a, f->standard);
    d->standard_title = qf__arena_strdup(a, f->standard_title);
    d->clause = qf__arena_strdup(a, f->clause);
    d->kind = qf__arena_strdup(a, f->kind);
    d->subject_type = qf__arena_strdup(a, f->subject_type);
    d->subject = qf__arena_strdup(a, f->subject);
    d->org = qf__arena_strdup(a, f->org);
    d->period = qf__arena_strdup(a, f->period);
    d->message = qf__arena_strdup(a, f->message);
    d->responsible = qf__arena_strdup(a, f->responsible);
    d->responsible_label = qf__arena_strdup(a, f->responsible_label);
    d->remind = qf__arena_strdup(a, f->remind);
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
    return QF_OK;
}

bool qf__in_window(const qf_eval *e, qf_date d)
{
    return d >= e->win_from && d <= e->win_to;
}

bool qf__in_force_over(const qf_eval *e, qf_date a, qf_date b)
{
    return qf__catalog_in_force_for(e->cat, e->rev->code, a, e->adopted) &&
           qf__catalog_in_force_for(e->cat, e->rev->code, b, e->adopted);
}

int qf__emit(qf_eval *e, const qf_emit *f)
{
    qf_finding out;
    memset(&out, 0, sizeof out);
    out.status = f->status;
    const char *type = json_string_value(json_object_get(e->clause, "type"));
    if (type && f->status == QF_FINDING_FAIL) {
        if (strcmp(type, "recommendation") == 0)
            out.status = QF_FINDING_WARN;
        else if (strcmp(type, "permission") == 0)
            out.status = QF_FINDING_NA; /* 可: never fails */
    }
    char msg[1024];
    const char *message = f->message;
    json_t *na = json_object_get(e->clause, "not_applicable");
    if (na) {
        qf_date judged = f->period.end < e->today ? f->period.end : e->today;
        const char *exp = json_string_value(json_object_get(na, "expires"));
        qf_date expires = QF_DATE_NONE;
        if (exp)
            qf_date_parse(&expires, exp);
        if (expires == QF_DATE_NONE || judged <= expires) {
            out.status = QF_FINDING_NA;
            const char *reason = json_string_value(json_object_get(na, "reason"));
            if (exp)
                qf__fmt(msg, sizeof msg, _("not applicable until %s: %s (tailoring %s)"), exp,
                         reason ? reason : "", json_string_value(json_object_get(na, "by")));
            else
                qf__fmt(msg, sizeof msg, _("not applicable: %s (tailoring %s)"),
                         reason ? reason : "", json_string_value(json_object_get(na, "by")));
            message = msg;
        }
    }
    out.standard = e->rev->code;
    out.rev = e->rev->rev;
    out.standard_title = json_string_value(json_object_get(e->std, "title"));
    out.clause = json_string_value(json_object_get(e->clause, "number"));
    out.requirement = e->req_index;
    out.kind = e->kind;
    out.subject_type = f->subject_type;
    out.subject_id = f->subject_id;
    out.subject = f->subject;
    out.org_id = f->org_id ? f->org_id : e->snap->branch_id;
    const snap_org *o = qf__snap_org(e->snap, out.org_id);
    out.org = o ? o->code : NULL;
    char period[40];
    qf_period_format(&f->period, period, sizeof period);
    out.period = period;
    out.period_start = f->period.start;
    out.period_end = f->period.end;
    out.message = message;
    out.responsible = json_string_value(json_object_get(e->clause, "responsible"));
    out.responsible_label = out.responsible ? qf_vocab_label(e->db, "post", out.responsible) : NULL;
    out.due = out.status == QF_FINDING_OPEN ? f->due : QF_DATE_NONE;
    out.days_left = out.status == QF_FINDING_OPEN && f->due != QF_DATE_NONE ? f->due - e->today : 0;
    out.deadline = f->due;
    /* lead times for reminders: a string, or a list joined into one */
    char leads[256] = "";
    json_t *rv = json_object_get(e->params, "remind");
    if (json_is_string(rv)) {
        out.remind = json_string_value(rv);
    } else if (json_is_array(rv)) {
        size_t k;
        json_t *x;
        json_array_foreach(rv, k, x)
        {
            size_t len = strlen(leads);
            qf__fmt(leads + len, sizeof leads - len, "%s%s", k ? "," : "", json_string_value(x));
        }
        out.remind = leads;
    }
    out.activities = f->activities;
    out.n_activities = f->n_activities;
    out.artifacts = f->artifacts;
    out.n_artifacts = f->n_artifacts;
    out.counts = f->counts;
    return qf__result_add(e->res, &out);
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

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qf_check_summarize(const qf_check_result *r, qf_check_summary *s)
{
    memset(s, 0, sizeof *s);
    char **keys = r->n ? malloc(r->n * sizeof *keys) : NULL;
    size_t nk = 0;
    for (size_t i = 0; i < r->n; i++) {
        const qf_finding *f = &r->findings[i];
        switch (f->status) {
        case QF_FINDING_PASS: s->pass++; break;
        case QF_FINDING_FAIL: s->fail++; break;
        case QF_FINDING_WARN: s->warn++; break;
        case QF_FINDING_OPEN: s->open++; break;
        case QF_FINDING_NA: s->na++; break;
        case QF_FINDING_ERROR: s->error++; break;
        }
        /* a clause counts once per (org, standard, clause) */
        if (keys) {
            size_t len = strlen(f->standard) + strlen(f->clause) + 32;
            char *k = malloc(len);
            if (k) {
                qf__fmt(k, len, "%lld\x1f%s\x1f%s", (long long)f->org_id, f->standard, f->clause);
                keys[nk++] = k;
            }
        }
    }
    if (nk) {
        qsort(keys, nk, sizeof *keys, key_cmp);
        for (size_t i = 0; i < nk; i++)
            if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
                s->clauses++;
        for (size_t i = 0; i < nk; i++)
            free(keys[i]);
    }
    free(keys);
    int judged = s->pass + s->fail + s->warn;
    s->score = judged ? 100.0 * s->pass / judged : 100.0;
}

void qf_check_result_free(qf_check_result *r)
{
    if (!r)
        return;
    qf__arena_free(&r->arena);
    free(r->findings);
    free(r->period);
    free(r->fingerprint);
    free(r->org);
    free(r);
}

/* ---- ordering: by org, standard, then what the finding is about, then clause ----------- */

/* "4.10" after "4.2"; annex letters after numbers */
static int clause_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
            if (x != y)
                return x < y ? -1 : 1;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int nullcmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int finding_cmp(const void *pa, const void *pb)
{
    const qf_finding *a = pa, *b = pb;
    int c;
    if ((c = nullcmp(a->org, b->org)))
        return c;
    if ((c = strcmp(a->standard, b->standard)))
        return c;
    if (a->period_start != b->period_start)
        return a->period_start < b->period_start ? -1 : 1;
    if ((c = strcmp(a->subject_type, b->subject_type)))
        return c;
    if (a->subject_id != b->subject_id)
        return a->subject_id < b->subject_id ? -1 : 1;
    if ((c = clause_cmp(a->clause, b->clause)))
        return c;
    return a->requirement - b->requirement;
}

void qf__result_sort(qf_check_result *r);
void qf__result_sort(qf_check_result *r)
{
    if (r->n > 1)
        qsort(r->findings, r->n, sizeof *r->findings, finding_cmp);
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
