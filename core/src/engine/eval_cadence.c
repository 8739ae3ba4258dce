/* The `cadence` kind: at least `min` activities of the kinds in each calendar period, held by
 * the org the standard judges (its own activities only, unless `include_groups`), or by each
 * party group on its own (`each = "group"`). A period is judged only when the standard is in
 * force on every day of it; one that has not ended is open, never failed. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* "cadence/group_meeting,theme_day": one lapse however many clauses ask for the same thing */
static const char *cause_of(qf_eval *e)
{
    const qf_pval *k = &e->p[CAD_ACTIVITY];
    size_t len = 16;
    for (size_t i = 0; i < k->n; i++)
        len += strlen(k->list[i]) + 1;
    char *c = qf__arena_alloc(e->scratch, len);
    if (!c)
        return NULL;
    strcpy(c, "cadence/");
    for (size_t i = 0; i < k->n; i++) {
        if (i)
            strcat(c, ",");
        strcat(c, k->list[i]);
    }
    return c;
}

/* explain mode: "not counted: held by 第一党小组 (gy1-g1)" */
static const qf_msg *held_by(qf_eval *e, const snap_activity *a)
{
    const snap_org *o = qf__snap_org(e->snap, a->org_id);
    return qf__msg(e->scratch, N_("not counted: held by %s (%s)"), "ss", o ? o->name : "",
                   o ? o->code : "");
}

int qf__eval_cadence(qf_eval *e)
{
    const qf_pval *p = e->p;
    qf_period_kind per = (qf_period_kind)p[CAD_PER].per;
    int min = (int)p[CAD_MIN].i;
    const char *lecturer = p[CAD_LECTURER].set ? p[CAD_LECTURER].s : NULL;
    bool with_groups = p[CAD_INCLUDE_GROUPS].i != 0;
    const char *each = p[CAD_EACH].s;
    bool by_group = strcmp(each, "group") == 0;
    /* the matching activities, once: counting per period then walks this short list */
    size_t n_act = e->snap->n_activities;
    int64_t *ids = malloc((n_act + 1) * sizeof *ids);
    const snap_activity **match = malloc((n_act + 1) * sizeof *match);
    if (!ids || !match) {
        free(ids);
        free(match);
        return qf__oom();
    }
    size_t n_match = 0;
    for (size_t i = 0; i < n_act; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (a->day > e->today || !qf__eval_kind(e, &p[CAD_ACTIVITY], a->kind)) {
            /* what has not happened by today does not count */
            if (e->trace && a->day > e->today && qf__eval_kind(e, &p[CAD_ACTIVITY], a->kind))
                qf__trace_note(e, "activity", a->id, a->day, false,
                               qf__msg(e->scratch, N_("not counted: after today"), ""));
            continue;
        }
        if (lecturer && !qf__snap_holds_post(e->snap, a->lecturer_id, 0, lecturer, a->day)) {
            QF_TRACE(e, "activity", a->id, a->day, false,
                     qf__msg(e->scratch, N_("not counted: its lecturer was not %s that day"), "V",
                             "post", lecturer));
            continue;
        }
        match[n_match++] = a;
    }
    /* the kinds' label and the cause are the same for every period and org: made once (per
     * finding they were a tenth of the evaluator) */
    const qf_msg *kinds = qf__kinds_msg(e, &p[CAD_ACTIVITY]);
    const char *cause = cause_of(e);
    if (kinds)
        qf__kept_render(e->res, kinds, e->db); /* its text, nested in every message below */
    int rc = !kinds ? qf_error_last_code() : !cause ? qf__oom() : QF_OK;
    for (qf_period per_p = qf_period_containing(per, e->range.start);
         rc == QF_OK && per_p.start <= e->range.end; per_p = qf_period_next(per_p)) {
        if (per_p.start > e->today)
            break; /* future periods are not judged */
        if (!qf__judges_period(e, per_p))
            continue;
        const snap_org **orgs;
        size_t n_orgs = qf__eval_orgs(e, each, &orgs);
        bool in_force = qf__in_force_throughout(e, per_p.start, per_p.end);
        for (size_t oi = 0; rc == QF_OK && oi < n_orgs; oi++) {
            const snap_org *o = orgs[oi];
            if (e->filter && e->filter->period &&
                !e->filter->period(e->filter->payload, e->std->rev->code, e->clause, e->req,
                                   o->code, per_p))
                continue; /* a finding the caller cannot use */
            const qf_msg *subject = qf__period_subject(e, o, &per_p);
            qf_ob ob = {.subject_type = "period", .subject = subject, .org_id = o->id,
                        .period = per_p, .due = per_p.end};
            if (!in_force) {
                ob.status = QF_FINDING_NA;
                ob.message = qf__msg(e->scratch,
                                     N_("%s: the standard was not in force for the whole period"),
                                     "M", subject);
                rc = qf__emit(e, &ob);
                continue;
            }
            size_t count = 0;
            for (size_t i = 0; i < n_match; i++) {
                const snap_activity *a = match[i];
                if (a->day < per_p.start || a->day > per_p.end)
                    continue;
                if (by_group ? a->org_id != o->id : !qf__eval_org_holds(e, a, with_groups)) {
                    QF_TRACE(e, "activity", a->id, a->day, false, held_by(e, a));
                    continue;
                }
                ids[count++] = a->id;
                QF_TRACE(e, "activity", a->id, a->day, true, NULL);
            }
            ob.activities = ids;
            ob.n_activities = count;
            const qf_msg *m;
            if ((int)count >= min) {
                ob.status = QF_FINDING_PASS;
                m = qf__msg(e->scratch, N_("%s: %s held %zu time(s) (required: at least %d %s)"),
                            "MMzdK", subject, kinds, count, min, (int)per);
            } else if (per_p.end >= e->today) {
                ob.status = QF_FINDING_OPEN;
                m = qf__msg(e->scratch, N_("%s: %s not yet held enough (%zu of %d); %s"), "MMzdR",
                            subject, kinds, count, min, per_p.end);
            } else if (count == 0) {
                ob.status = QF_FINDING_FAIL;
                m = qf__msg(e->scratch, N_("%s: no %s held (required: at least %d %s)"), "MMdK",
                            subject, kinds, min, (int)per);
            } else {
                ob.status = QF_FINDING_FAIL;
                m = qf__msg(e->scratch, N_("%s: %s held %zu time(s) (required: at least %d %s)"),
                            "MMzdK", subject, kinds, count, min, (int)per);
            }
            if (m && lecturer)
                m = qf__msg(e->scratch, N_("%s [lecturer: %s]"), "MV", m, "post", lecturer);
            if (m && with_groups)
                m = qf__msg(e->scratch, N_("%s (the party groups' activities count too)"), "M", m);
            ob.message = m;
            ob.cause = cause;
            if (!ob.message || !ob.subject || !ob.cause)
                rc = qf_error_last_code();
            else
                rc = qf__emit(e, &ob);
        }
    }
    free(ids);
    free(match);
    return rc;
}
