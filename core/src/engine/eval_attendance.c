/* The `attendance` kind: at each activity of the kinds, who attended against who was due on
 * that day (the members of the holding org, full members, members with voting rights, or the
 * holders of posts), with a rate, a quorum and posts that must attend. An activity nobody was
 * due at is not applicable, whether or not attendance was recorded. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__needs_attendance(const qf_req *r, snap_need *need)
{
    qf__snap_need_add(&need->attendance, r->p[ATT_ACTIVITY].list, r->p[ATT_ACTIVITY].n);
}

static bool due_member(const qf_eval *e, int64_t member, qf_date d, const char *base)
{
    qf_member_status st = qf__snap_status(e->snap, member, d);
    if (strcmp(base, "members") == 0)
        return st == QF_STATUS_FULL || st == QF_STATUS_PROBATIONARY;
    if (st != QF_STATUS_FULL)
        return false;
    if (strcmp(base, "voting") == 0)
        return !qf__snap_has_flag(e->snap, member, QF_FLAG_SUSPENDED, d) &&
               !qf__snap_has_flag(e->snap, member, QF_FLAG_DISCIPLINE, d);
    return true;
}

static bool attended(const qf_eval *e, const snap_activity *a, int64_t member, bool late_counts)
{
    for (size_t k = a->att0; k < a->att0 + a->n_att; k++) {
        const snap_attendance *t = &e->snap->attendance[k];
        if (t->member_id == member)
            return t->state == QF_ATTEND_PRESENT || (late_counts && t->state == QF_ATTEND_LATE);
    }
    return false;
}

/* Those due at `a` and how many of them attended. Posts are those of the holding org and of the
 * org the standard judges (a branch standard: a group's meeting and the branch committee). */
static void count(const qf_eval *e, const snap_activity *a, int *due, int *present)
{
    const qf_pval *p = e->p;
    const char *base = p[ATT_BASE].s;
    bool late_counts = p[ATT_LATE_COUNTS].i != 0;
    *due = *present = 0;
    if (strcmp(base, "posts") == 0) {
        /* the holders of the posts that day, in the holding org or its branch, each once */
        int64_t last = -1;
        for (size_t k = 0; k < e->snap->n_positions; k++) {
            const snap_position *ps = &e->snap->positions[k];
            if ((ps->org_id != a->org_id && ps->org_id != e->org->id) ||
                ps->start > a->day || (ps->end != QF_DATE_NONE && ps->end < a->day) ||
                !qf__pval_has(&p[ATT_POSTS], ps->post))
                continue;
            bool seen = ps->member_id == last;
            for (size_t j = 0; !seen && j < k; j++) {
                const snap_position *q = &e->snap->positions[j];
                seen = q->member_id == ps->member_id &&
                       (q->org_id == a->org_id || q->org_id == e->org->id) &&
                       q->start <= a->day && (q->end == QF_DATE_NONE || q->end >= a->day) &&
                       qf__pval_has(&p[ATT_POSTS], q->post);
            }
            last = ps->member_id;
            if (seen)
                continue;
            (*due)++;
            if (attended(e, a, ps->member_id, late_counts))
                (*present)++;
        }
        return;
    }
    int64_t last = 0;
    for (size_t k = 0; k < e->snap->n_memberships; k++) {
        const snap_membership *m = &e->snap->memberships[k];
        if (m->org_id != a->org_id || m->start > a->day ||
            (m->end != QF_DATE_NONE && m->end < a->day) || m->member_id == last)
            continue;
        last = m->member_id;
        if (!due_member(e, m->member_id, a->day, base))
            continue;
        (*due)++;
        if (attended(e, a, m->member_id, late_counts))
            (*present)++;
    }
}

int qf__eval_attendance(qf_eval *e)
{
    const qf_pval *p = e->p;
    bool late_counts = p[ATT_LATE_COUNTS].i != 0;
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!qf__eval_activity_judged(e, &p[ATT_ACTIVITY], a) || a->day > e->today)
            continue;
        qf_ob ob = qf__activity_ob(e, a);
        int due, present;
        count(e, a, &due, &present);
        if (due == 0) {
            ob.status = QF_FINDING_NA;
            ob.message = qf__msg(e->scratch, N_("nobody was due on that day"), "");
            rc = ob.message && ob.subject ? qf__emit(e, &ob) : qf_error_last_code();
            continue;
        }
        if (a->n_att == 0) {
            ob.status = QF_FINDING_FAIL;
            ob.cause = "attendance/recorded";
            ob.message = qf__msg(e->scratch, N_("attendance not recorded (%d due)"), "d", due);
            rc = ob.message && ob.subject ? qf__emit(e, &ob) : qf_error_last_code();
            continue;
        }
        const qf_msg *problems[16];
        size_t np = 0;
        bool turnout = false;
        if (p[ATT_RATE].set && present < p[ATT_RATE].d * due - 1e-9) {
            problems[np++] = qf__msg(e->scratch, N_("attendance %.1f%% below the required %.0f%%"),
                                     "ff", 100.0 * present / due, 100.0 * p[ATT_RATE].d);
            turnout = true;
        }
        if (p[ATT_QUORUM].set) {
            const qf_pval *q = &p[ATT_QUORUM];
            bool ok = q->strict ? (long)present * q->den > (long)q->num * due
                                : (long)present * q->den >= (long)q->num * due;
            if (!ok) {
                problems[np++] =
                    q->strict ? qf__msg(e->scratch,
                                        N_("quorum not reached (required more than %d/%d of %d)"),
                                        "ddd", q->num, q->den, due)
                              : qf__msg(e->scratch,
                                        N_("quorum not reached (required at least %d/%d of %d)"),
                                        "ddd", q->num, q->den, due);
                turnout = true;
            }
        }
        const qf_pval *must = &p[ATT_MUST_ATTEND];
        for (size_t mi = 0; must->set && mi < must->n; mi++) {
            for (size_t k = 0; k < e->snap->n_positions && np < 15; k++) {
                const snap_position *ps = &e->snap->positions[k];
                if (strcmp(ps->post, must->list[mi]) != 0 ||
                    (ps->org_id != a->org_id && ps->org_id != e->org->id) ||
                    ps->start > a->day || (ps->end != QF_DATE_NONE && ps->end < a->day))
                    continue;
                if (!attended(e, a, ps->member_id, late_counts))
                    problems[np++] = qf__msg(e->scratch, N_("%s (%s) absent"), "Vs", "post",
                                             ps->post, ps->member_name);
            }
        }
        const qf_msg *counts = qf__msg(e->scratch, N_("%d of %d due attended (%.1f%%)"), "ddf",
                                       present, due, 100.0 * present / due);
        if (np) {
            ob.status = QF_FINDING_FAIL;
            ob.cause = turnout ? "attendance/turnout" : "attendance/posts";
            ob.message = qf__msg(e->scratch, N_("%s: %s"), "ML", counts, problems, np, N_("; "));
        } else {
            ob.status = QF_FINDING_PASS;
            ob.message = counts;
        }
        rc = ob.message && ob.subject ? qf__emit(e, &ob) : qf_error_last_code();
    }
    return rc;
}
