/* The `position` kind: a post is held in the org (or in each party group) on every day of the
 * judged range up to today. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

typedef struct range {
    qf_date a, b;
} range;

static int cmp_range(const void *x, const void *y)
{
    const range *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

static int judge_range(qf_eval *e, qf_date from, qf_date to);

/* Explain mode: a holder of the post, and whether the days they held it fall in the range. */
static void trace_holder(qf_eval *e, const snap_position *p, qf_date from, qf_date to)
{
    bool open = p->end == QF_DATE_NONE;
    bool counted = p->start <= to && (open || p->end >= from);
    const qf_msg *why =
        counted ? (open ? qf__msg(e->scratch, N_("held from %s"), "D", p->start)
                        : qf__msg(e->scratch, N_("held from %s to %s"), "DD", p->start, p->end))
        : open  ? qf__msg(e->scratch, N_("not counted: held from %s, after %s"), "DD", p->start, to)
                : qf__msg(e->scratch, N_("not counted: held from %s to %s, outside %s to %s"),
                          "DDDD", p->start, p->end, from, to);
    qf__trace_note(e, "member", p->member_id, QF_DATE_NONE, counted, why);
}

int qf__eval_position(qf_eval *e)
{
    qf_date from = e->range.start > e->win_from ? e->range.start : e->win_from;
    qf_date to = e->range.end < e->win_to ? e->range.end : e->win_to;
    if (to > e->today)
        to = e->today;
    if (from > to)
        return QF_OK;
    /* an exemption ending inside the range: the exempt days are one finding (n/a), the rest
     * another — the days it covered are not counted as vacant */
    const qf_exemption *na = e->clause->na;
    if (na && na->expires != QF_DATE_NONE && na->expires >= from && na->expires < to) {
        int rc = judge_range(e, from, na->expires);
        return rc ? rc : judge_range(e, na->expires + 1, to);
    }
    return judge_range(e, from, to);
}

static int judge_range(qf_eval *e, qf_date from, qf_date to)
{
    const char *post = e->p[POS_POST].s;
    const snap_org **orgs;
    size_t n_orgs = qf__eval_orgs(e, e->p[POS_EACH].s, &orgs);
    range *rs = malloc((e->snap->n_positions + 1) * sizeof *rs);
    if (!rs)
        return qf__oom();
    int rc = QF_OK;
    for (size_t oi = 0; rc == QF_OK && oi < n_orgs; oi++) {
        const snap_org *o = orgs[oi];
        size_t n = 0;
        for (size_t i = 0; i < e->snap->n_positions; i++) {
            const snap_position *p = &e->snap->positions[i];
            if (p->org_id == o->id && strcmp(p->post, post) == 0) {
                rs[n++] = (range){p->start, p->end == QF_DATE_NONE ? to : p->end};
                if (e->trace)
                    trace_holder(e, p, from, to);
            }
        }
        qsort(rs, n, sizeof *rs, cmp_range);
        /* sweep: the first uncovered day and the gap it opens */
        qf_date covered = from - 1, gap_from = QF_DATE_NONE, gap_to = QF_DATE_NONE;
        int gap_days = 0;
        for (size_t i = 0; i <= n; i++) {
            qf_date next = i < n ? rs[i].a : to + 1;
            if (next > covered + 1 && covered < to) {
                qf_date ga = covered + 1, gb = (next - 1 < to ? next - 1 : to);
                if (gap_from == QF_DATE_NONE) {
                    gap_from = ga;
                    gap_to = gb;
                }
                gap_days += gb - ga + 1;
            }
            if (i < n && rs[i].b > covered)
                covered = rs[i].b;
        }
        const qf_msg *subject =
            qf__org_subject(e, o, qf__msg(e->scratch, "%s", "V", "post", post));
        qf_ob ob = {.subject_type = "org", .subject_id = o->id, .subject = subject,
                    .org_id = o->id, .period = {QF_PERIOD_RANGE, from, to}, .due = QF_DATE_NONE,
                    .cause = qf__cause(e, "position", post)};
        if (gap_from == QF_DATE_NONE) {
            ob.status = QF_FINDING_PASS;
            ob.message = qf__msg(e->scratch, N_("%s held every day from %s to %s"), "MDD", subject,
                                 from, to);
        } else {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch,
                                 N_("%s vacant from %s to %s (%d day(s) vacant between %s and %s; "
                                    "required: held every day)"),
                                 "MDDdDD", subject, gap_from, gap_to, gap_days, from, to);
        }
        if (!ob.subject || !ob.message)
            rc = qf_error_last_code();
        else
            rc = qf__emit(e, &ob);
    }
    free(rs);
    return rc;
}
