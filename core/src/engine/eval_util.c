/* Helpers the evaluators share: windows of judging days, whether the standard is in force,
 * which activities and orgs a requirement judges, and the subjects of findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

bool qf__in_window(const qf_eval *e, qf_date d)
{
    return d >= e->win_from && d <= e->win_to;
}

/* The days on which whether the standard is in force for this org may change: each revision's
 * effective day, the day after it expires and the day it is replaced, and the org's adoption.
 * Between two of them the answer of qf__rulebook_in_force_for stays the same. The first such
 * day after `d` (`after`), or the last on or before it (!`after`); QF_DATE_NONE when none. */
static qf_date boundary(const qf_eval *e, qf_date d, bool after)
{
    const qf_rulebook *b = e->book;
    const char *code = e->std->rev->code;
    qf_date best = QF_DATE_NONE;
    for (size_t i = 0; i < b->n_revs; i++) {
        const qf_std_rev *r = &b->revs[i];
        if (strcmp(r->code, code) != 0)
            continue;
        qf_date cands[3] = {r->effective, r->expires == QF_DATE_NONE ? QF_DATE_NONE : r->expires + 1,
                            r->replaced};
        for (int k = 0; k < 3; k++) {
            qf_date c = cands[k];
            if (c == QF_DATE_NONE || (after ? c <= d : c > d))
                continue;
            if (best == QF_DATE_NONE || (after ? c < best : c > best))
                best = c;
        }
    }
    qf_date adopted = e->item->adopted;
    if (adopted != QF_DATE_NONE && (after ? adopted > d : adopted <= d) &&
        (best == QF_DATE_NONE || (after ? adopted < best : adopted > best)))
        best = adopted;
    return best;
}

static bool in_force_on(const qf_eval *e, qf_date d)
{
    return qf__rulebook_in_force_for(e->book, e->std->rev->code, d, e->item->adopted) != NULL;
}

/* The last day of [lo, hi] on which the standard is in force, QF_DATE_NONE when none: from `hi`
 * back a stretch between two boundaries at a time (a day at a time cost a reminder run, whose
 * range reaches into next year, 4% of its instructions). */
static qf_date last_in_force(const qf_eval *e, qf_date lo, qf_date hi)
{
    for (qf_date d = hi; d >= lo;) {
        if (in_force_on(e, d))
            return d;
        qf_date b = boundary(e, d, false);
        if (b == QF_DATE_NONE || b <= lo)
            return QF_DATE_NONE; /* the same answer back to lo */
        d = b - 1;
    }
    return QF_DATE_NONE;
}

bool qf__in_force_throughout(const qf_eval *e, qf_date a, qf_date b)
{
    for (qf_date d = a; d <= b;) {
        if (!in_force_on(e, d))
            return false;
        qf_date next = boundary(e, d, true);
        if (next == QF_DATE_NONE)
            return true;
        d = next;
    }
    return true;
}

bool qf__judges_period(const qf_eval *e, qf_period p)
{
    qf_date judged = p.end < e->today ? p.end : e->today;
    qf_date own = judged;
    if (!in_force_on(e, judged)) {
        /* not in force on its judging day (a standard taking effect, or expired, inside the
         * period; a period after today that it does not reach): the last day before it on
         * which it is in force owns the period's n/a, else the last such day of the period */
        own = judged > p.start ? last_in_force(e, p.start, judged - 1) : QF_DATE_NONE;
        if (own == QF_DATE_NONE && p.end > judged)
            own = last_in_force(e, judged + 1, p.end);
    }
    return own != QF_DATE_NONE && qf__in_window(e, own);
}

bool qf__eval_kind(qf_eval *e, const qf_pval *kinds, const char *kind)
{
    for (int i = 0; i < e->n_kind_seen; i++)
        if (e->kind_seen[i] == kind)
            return e->kind_ok[i];
    bool ok = qf__pval_has(kinds, kind);
    if (e->n_kind_seen < (int)(sizeof e->kind_seen / sizeof e->kind_seen[0])) {
        e->kind_seen[e->n_kind_seen] = kind;
        e->kind_ok[e->n_kind_seen++] = ok;
    }
    return ok;
}

bool qf__eval_org_holds(const qf_eval *e, const snap_activity *a, bool with_groups)
{
    if (a->org_id == e->org->id)
        return true;
    if (!with_groups)
        return false;
    const snap_org *o = qf__snap_org(e->snap, a->org_id);
    return o && o->parent_id == e->org->id && o->kind == QF_ORG_GROUP;
}

size_t qf__eval_orgs(qf_eval *e, const char *each, const snap_org ***out)
{
    size_t n = 0;
    const snap_org **list = qf__arena_alloc(e->scratch, (e->snap->n_orgs + 1) * sizeof *list);
    *out = list;
    if (!list)
        return 0;
    if (!each || strcmp(each, "group") != 0 || e->org->kind == QF_ORG_GROUP) {
        list[n++] = e->org;
        return n;
    }
    for (size_t i = 0; i < e->snap->n_orgs; i++)
        if (e->snap->orgs[i].kind == QF_ORG_GROUP && e->snap->orgs[i].parent_id == e->org->id)
            list[n++] = &e->snap->orgs[i];
    return n;
}

/*
 * Subjects are made once per result and shared by the findings about them (a branch's activity
 * or period is the subject of a dozen requirements' findings), so emit.c renders each once.
 * An activity's fields and an org's name do not change during a run (one snapshot); the slots
 * live in the result's arena, where the messages are made, and are emptied with it.
 */
const qf_msg *qf__activity_subject(qf_eval *e, const snap_activity *a)
{
    qf_kept_subject *k = &e->res->kept_activities[(uint64_t)a->id % QF_KEPT_SUBJECTS];
    if (k->msg && k->id == a->id && e->scratch == &e->res->arena)
        return k->msg;
    const qf_msg *m = qf__msg(e->scratch, N_("%s %s \"%s\""), "DVs", a->day, "activity_kind",
                              a->kind, a->title ? a->title : "");
    if (m && e->scratch == &e->res->arena) {
        k->id = a->id;
        k->msg = m;
    }
    return m;
}

const qf_msg *qf__org_subject(qf_eval *e, const snap_org *o, const qf_msg *m)
{
    if (o->id == e->snap->branch_id)
        return m;
    return qf__msg(e->scratch, N_("%s %s"), "sM", o->name, m);
}

const qf_msg *qf__period_subject(qf_eval *e, const snap_org *o, const qf_period *p)
{
    unsigned h = (unsigned)o->id * 131u + (unsigned)p->start * 31u + (unsigned)p->end;
    qf_kept_subject *k = &e->res->kept_period_subjects[h % QF_KEPT_SUBJECTS];
    if (k->msg && k->id == o->id && k->p.kind == p->kind && k->p.start == p->start &&
        k->p.end == p->end && e->scratch == &e->res->arena)
        return k->msg;
    const qf_msg *label = qf__msg(e->scratch, "%s", "P", p);
    const qf_msg *m = label ? qf__org_subject(e, o, label) : NULL;
    if (m && e->scratch == &e->res->arena) {
        k->id = o->id;
        k->p = *p;
        k->msg = m;
    }
    return m;
}

const qf_msg *qf__kinds_msg(qf_eval *e, const qf_pval *kinds)
{
    return qf__msg(e->scratch, "%s", "W", "activity_kind", kinds->list, kinds->n, N_(" or "));
}

bool qf__snap_holds_post(const qf_snapshot *s, int64_t member, int64_t org, const char *post,
                         qf_date d)
{
    for (size_t i = 0; i < s->n_positions; i++) {
        const snap_position *p = &s->positions[i];
        if (p->member_id == member && (p->org_id == org || org == 0) &&
            strcmp(p->post, post) == 0 && p->start <= d && (p->end == QF_DATE_NONE || p->end >= d))
            return true;
    }
    return false;
}

const char *qf__cause(qf_eval *e, const char *what, const char *detail)
{
    size_t len = strlen(what) + (detail ? strlen(detail) : 0) + 2;
    char *c = qf__arena_alloc(e->scratch, len);
    if (c)
        qf__fmt(c, len, detail ? "%s/%s" : "%s", what, detail);
    return c;
}

bool qf__eval_activity_judged(qf_eval *e, const qf_pval *kinds, const snap_activity *a)
{
    return a->day >= e->range.start && a->day <= e->range.end && qf__in_window(e, a->day) &&
           qf__eval_kind(e, kinds, a->kind) && qf__eval_org_holds(e, a, true);
}

qf_ob qf__activity_ob(qf_eval *e, const snap_activity *a)
{
    qf_ob ob = {.subject_type = "activity", .subject_id = a->id,
                .subject = qf__activity_subject(e, a), .org_id = a->org_id,
                .period = {QF_PERIOD_DAY, a->day, a->day}, .due = QF_DATE_NONE,
                .activities = &a->id, .n_activities = 1};
    return ob;
}
