/* The `members` kind: how many members of given statuses the org has on the judged day. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static const char *status_label(qf_member_status st)
{
    switch (st) {
    case QF_STATUS_APPLICANT: return N_("applicants");
    case QF_STATUS_ACTIVIST: return N_("activists");
    case QF_STATUS_CANDIDATE: return N_("candidates");
    case QF_STATUS_PROBATIONARY: return N_("probationary members");
    case QF_STATUS_FULL: return N_("full members");
    default: return "?";
    }
}

int qf__eval_members(qf_eval *e)
{
    qf_date judged = e->range.end < e->today ? e->range.end : e->today;
    if (e->range.start > e->today || !qf__in_window(e, judged))
        return QF_OK;
    const qf_pval *statuses = &e->p[MEM_STATUS];
    int64_t org = e->org->id;
    int count = 0;
    int64_t last = 0;
    for (size_t i = 0; i < e->snap->n_memberships; i++) {
        const snap_membership *m = &e->snap->memberships[i];
        if (m->org_id != org || m->start > judged || (m->end != QF_DATE_NONE && m->end < judged))
            continue;
        if (m->member_id == last)
            continue; /* memberships are sorted by member */
        last = m->member_id;
        qf_member_status st = qf__snap_status(e->snap, m->member_id, judged);
        if (st != QF_STATUS_NONE && qf__pval_has(statuses, qf_member_status_name(st)))
            count++;
    }
    const qf_msg **labels = qf__arena_alloc(e->scratch, (statuses->n + 1) * sizeof *labels);
    if (!labels)
        return qf__oom();
    size_t nl = 0;
    for (size_t i = 0; i < statuses->n; i++) {
        qf_member_status st;
        if (qf_member_status_parse(&st, statuses->list[i]) == QF_OK &&
            !(labels[nl++] = qf__msg(e->scratch, status_label(st), "")))
            return qf_error_last_code();
    }
    const qf_msg *what = qf__msg(e->scratch, "%s", "L", labels, nl, "/");
    const qf_msg *subject = qf__msg(e->scratch, "%s", "s", e->org->name);
    qf_ob ob = {.subject_type = "org", .subject_id = org, .subject = subject,
                .period = {QF_PERIOD_DAY, judged, judged}, .due = QF_DATE_NONE};
    int min = e->p[MEM_MIN].set ? (int)e->p[MEM_MIN].i : -1;
    int max = e->p[MEM_MAX].set ? (int)e->p[MEM_MAX].i : -1;
    if (min >= 0 && count < min) {
        ob.status = QF_FINDING_FAIL;
        ob.cause = "members/min";
        ob.message = qf__msg(e->scratch, N_("%s: %d member(s) (%s) on %s; required at least %d"),
                             "MdMDd", subject, count, what, judged, min);
    } else if (max >= 0 && count > max) {
        ob.status = QF_FINDING_FAIL;
        ob.cause = "members/max";
        ob.message = qf__msg(e->scratch, N_("%s: %d member(s) (%s) on %s; required at most %d"),
                             "MdMDd", subject, count, what, judged, max);
    } else {
        ob.status = QF_FINDING_PASS;
        ob.message = qf__msg(e->scratch, N_("%s: %d member(s) (%s) on %s"), "MdMD", subject,
                             count, what, judged);
    }
    if (!ob.subject || !ob.message || !what)
        return qf_error_last_code();
    return qf__emit(e, &ob);
}
