/* The `attendance` kind: at each activity of the kinds, who attended against who was due on
 * that day (the members of the holding org, full members, members with voting rights, or the
 * holders of posts), with a rate, a quorum and posts that must attend. An activity nobody was
 * due at is not applicable, whether or not attendance was recorded. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__needs_attendance(const qf_req *r, snap_need *need)
{
    /* the counts name the guests too (docs/counting.md) */
    qf__snap_need_add(&need->attendance, r->p[ATT_ACTIVITY].list, r->p[ATT_ACTIVITY].n);
    qf__snap_need_add(&need->guests, r->p[ATT_ACTIVITY].list, r->p[ATT_ACTIVITY].n);
}

/* Whether the member's row at `a` counts as attending (no row: no). */
static bool attended(const qf_eval *e, const snap_activity *a, int64_t member, bool late_counts)
{
    for (size_t k = a->att0; k < a->att0 + a->n_att; k++) {
        const snap_attendance *t = &e->snap->attendance[k];
        if (t->member_id == member)
            return qf_count_attended(t->state, late_counts);
    }
    return false;
}

static bool on_day(qf_date start, qf_date end, qf_date d)
{
    return start <= d && (end == QF_DATE_NONE || end >= d);
}

/* The people of one activity as the counting model's plain inputs (core/src/records/
 * counting.c): grown once per evaluation, refilled per activity. */
typedef struct people_buf {
    qf_count_person *p;
    size_t n, cap;
} people_buf;

static qf_count_person *people_add(people_buf *b, int64_t member_id)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        qf_count_person *grown = realloc(b->p, cap * sizeof *grown);
        if (!grown)
            return NULL;
        b->p = grown;
        b->cap = cap;
    }
    qf_count_person *p = &b->p[b->n++];
    memset(p, 0, sizeof *p);
    p->member_id = member_id;
    p->status = QF_STATUS_NONE;
    return p;
}

/* The entry of `member_id`: binary search in the first `sorted` entries (the org's members, in
 * the snapshot's member order), then a scan of the few after them (post holders and people
 * recorded who are not members). NULL when absent. */
static qf_count_person *people_find(people_buf *b, size_t sorted, int64_t member_id)
{
    size_t lo = 0, hi = sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->p[mid].member_id == member_id)
            return &b->p[mid];
        if (b->p[mid].member_id < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = sorted; k < b->n; k++)
        if (b->p[k].member_id == member_id)
            return &b->p[k];
    return NULL;
}

/*
 * Fills `b` with everyone an activity counts from the snapshot: the members of its org that
 * day, the holders of the counted posts (the requirement's `posts` with base = "posts", held in
 * the holding org or the org the standard judges; else the committee posts of a committee
 * meeting) and everyone with an attendance row; each member once, with status and flags on the
 * day. (Merged by look-up rather than by sorting: sorting every activity's people cost as much
 * as the rest of the evaluation.)
 */
static int activity_people(const qf_eval *e, const snap_activity *a, qf_count_body body,
                           bool by_posts, people_buf *b)
{
    const qf_snapshot *s = e->snap;
    b->n = 0;
    /* memberships come sorted by member: the org's members that day, each once */
    for (size_t k = 0; k < s->n_memberships; k++) {
        const snap_membership *m = &s->memberships[k];
        if (m->org_id != a->org_id || !on_day(m->start, m->end, a->day) ||
            (b->n && b->p[b->n - 1].member_id == m->member_id))
            continue;
        qf_count_person *p = people_add(b, m->member_id);
        if (!p)
            return qf__oom();
        p->in_org = true;
    }
    size_t sorted = b->n;
    for (size_t k = 0; body == QF_COUNT_COMMITTEE && k < s->n_positions; k++) {
        const snap_position *q = &s->positions[k];
        if (!on_day(q->start, q->end, a->day))
            continue;
        bool counted = by_posts ? (q->org_id == a->org_id || q->org_id == e->org->id) &&
                                      qf__pval_has(&e->p[ATT_POSTS], q->post)
                                : q->org_id == a->org_id && qf_count_committee_post(q->post);
        if (!counted)
            continue;
        qf_count_person *p = people_find(b, sorted, q->member_id);
        if (!p && !(p = people_add(b, q->member_id)))
            return qf__oom();
        p->holds_post = true;
    }
    for (size_t k = a->att0; k < a->att0 + a->n_att; k++) {
        const snap_attendance *t = &s->attendance[k];
        qf_count_person *p = people_find(b, sorted, t->member_id);
        if (!p && !(p = people_add(b, t->member_id)))
            return qf__oom();
        p->recorded = true;
        p->state = t->state;
    }
    /* the status matters only to those who may be due (a 列席's is never asked) */
    for (size_t k = 0; k < b->n; k++) {
        qf_count_person *p = &b->p[k];
        if (p->in_org || p->holds_post)
            p->status = qf__snap_status(s, p->member_id, a->day);
    }
    /* the flags that take a vote away, in one pass over the branch's few flags */
    for (size_t k = 0; k < s->n_flags; k++) {
        const snap_flag *f = &s->flags[k];
        if (!on_day(f->start, f->end, a->day))
            continue;
        bool suspended = strcmp(f->flag, QF_FLAG_SUSPENDED) == 0;
        if (!suspended && strcmp(f->flag, QF_FLAG_DISCIPLINE) != 0)
            continue;
        qf_count_person *p = people_find(b, sorted, f->member_id);
        if (!p)
            continue;
        if (suspended)
            p->suspended = true;
        else
            p->discipline = true;
    }
    return QF_OK;
}

/* What the `base` parameter judges: all due, the full members, or those with voting rights. */
typedef enum judged_base { BASE_DUE, BASE_FULL, BASE_VOTING } judged_base;

/* Explain mode: each person the activity counts (docs/counting.md), whether they count towards
 * those present under `base`, and why not: a 列席 is never due, a member without a vote is not
 * counted by base = voting, a probationary member not by base = full. */
static void trace_people(qf_eval *e, const people_buf *b, qf_count_body body, judged_base jb,
                         bool late_counts)
{
    for (size_t k = 0; k < b->n; k++) {
        const qf_count_person *p = &b->p[k];
        qf_count_role role = qf_count_role_of(p, body);
        bool counted = false;
        const char *why = NULL;
        if (role == QF_ROLE_NONE)
            continue;
        if (role == QF_ROLE_OBSERVER)
            why = N_("not counted: sat in, not due");
        else if (jb == BASE_VOTING && role == QF_ROLE_NONVOTING)
            why = N_("not counted: due, but without voting rights that day");
        else if (jb == BASE_FULL && p->status != QF_STATUS_FULL)
            why = N_("not counted: due, but not a full member that day");
        else if (!p->recorded)
            why = N_("not counted: due, no attendance recorded");
        else if (qf_count_attended(p->state, late_counts))
            counted = true, why = p->state == QF_ATTEND_LATE ? N_("late, counted as present") : NULL;
        else if (p->state == QF_ATTEND_LEAVE)
            why = N_("not counted: due, on leave");
        else if (p->state == QF_ATTEND_LATE)
            why = N_("not counted: due, late (late arrivals do not count here)");
        else
            why = N_("not counted: due, absent");
        qf__trace_note(e, "member", p->member_id, QF_DATE_NONE, counted,
                       why ? qf__msg(e->scratch, why, "") : NULL);
    }
}

int qf__eval_attendance(qf_eval *e)
{
    const qf_pval *p = e->p;
    bool late_counts = p[ATT_LATE_COUNTS].i != 0;
    const char *base = p[ATT_BASE].s;
    bool by_posts = strcmp(base, "posts") == 0;
    judged_base jb = strcmp(base, "voting") == 0 ? BASE_VOTING
                     : strcmp(base, "full") == 0 ? BASE_FULL
                                                 : BASE_DUE;
    people_buf people = {NULL, 0, 0};
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!qf__eval_activity_judged(e, &p[ATT_ACTIVITY], a) || a->day > e->today)
            continue;
        qf_ob ob = qf__activity_ob(e, a);
        /* who is due: the counting model (docs/counting.md); base = "posts" makes the holders
         * of the requirement's posts the body, as a committee meeting's committee */
        qf_count_options co = QF_COUNT_OPTIONS_INIT;
        co.body = by_posts ? QF_COUNT_COMMITTEE : qf_count_body_for(a->kind);
        co.late_counts = late_counts;
        if ((rc = activity_people(e, a, co.body, by_posts, &people)) != QF_OK)
            break;
        qf_counts c;
        qf_count_tally(&c, people.p, people.n, (int)a->n_guest, &co);
        ob.counts = &c;
        if (e->trace)
            trace_people(e, &people, co.body, jb, late_counts);
        int due = jb == BASE_VOTING ? c.voting : jb == BASE_FULL ? c.full : c.due;
        int present = jb == BASE_VOTING ? c.present_voting
                      : jb == BASE_FULL ? c.present_full
                                        : c.present;
        if (due == 0) {
            /* nobody to count: nothing was required, whether or not attendance was kept */
            ob.status = QF_FINDING_NA;
            ob.message = qf__msg(e->scratch,
                                 jb == BASE_VOTING ? N_("nobody with voting rights was due that day")
                                 : jb == BASE_FULL ? N_("no full member was due that day")
                                                   : N_("nobody was due on that day"),
                                 "");
            rc = ob.message && ob.subject ? qf__emit(e, &ob) : qf_error_last_code();
            continue;
        }
        if (c.recorded == 0) {
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
        const char *counts_fmt =
            jb == BASE_VOTING ? N_("%d of %d members with voting rights due attended (%.1f%%)")
            : jb == BASE_FULL ? N_("%d of %d full members due attended (%.1f%%)")
                              : N_("%d of %d due attended (%.1f%%)");
        const qf_msg *counts =
            qf__msg(e->scratch, counts_fmt, "ddf", present, due, 100.0 * present / due);
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
    free(people.p);
    return rc;
}
