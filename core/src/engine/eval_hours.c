/* The `hours` kind: each full or probationary member of the org attends activities worth at
 * least N hours (an activity attribute, e.g. attrs.class_hours) per period; holders of some
 * posts need more. Every activity a member attended counts, whoever held it (a member who
 * transferred in keeps the hours earned before). One aggregate query per org and period,
 * summed in SQL, over activities held up to today. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static const char SQL_HOURS[] =
    "SELECT t.member_id, sum(CAST(json_extract(a.attrs, '$.' || ?4) AS DOUBLE PRECISION)) FROM attendance t "
    "JOIN activity a ON a.id = t.activity_id "
    "WHERE t.member_id IN (SELECT member_id FROM membership WHERE org_id = ?1 AND start < ?3 "
    "AND (\"end\" IS NULL OR \"end\" >= ?2)) "
    "AND a.starts_at >= ?2 AND a.starts_at < ?3 AND t.state IN ('present', 'late') "
    "AND json_type(a.attrs, '$.' || ?4) IN ('integer', 'real') GROUP BY t.member_id";

typedef struct member_hours {
    int64_t member;
    double hours;
} member_hours;

static double hours_of(const member_hours *h, size_t n, int64_t member)
{
    for (size_t i = 0; i < n; i++)
        if (h[i].member == member)
            return h[i].hours;
    return 0;
}

/* The highest minimum among the posts the member holds in the branch that day. */
static double needed(const qf_eval *e, int64_t member, qf_date day, double base, const char **post)
{
    const qf_pval *posts = &e->p[HRS_POSTS];
    double need = base;
    *post = NULL;
    for (size_t k = 0; posts->set && k < posts->n; k++)
        if (posts->values[k] > need &&
            qf__snap_holds_post(e->snap, member, e->snap->branch_id, posts->keys[k], day)) {
            need = posts->values[k];
            *post = posts->keys[k];
        }
    return need;
}

/* The hours of activities held in [p.start, min(p.end, today)]. */
static int load_hours(qf_eval *e, qf_period p, member_hours **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    qf_stmt *st = qf__stmt(e->db, SQL_HOURS);
    if (!st)
        return qf_error_last_code();
    char from[11], to[11];
    qf_date last = p.end < e->today ? p.end : e->today;
    qf_date_format(p.start, from);
    qf_date_format(last + 1, to);
    qf__bind_int64(st, 1, e->org->id);
    qf__bind_textn(st, 2, from, -1, QF_TRANSIENT);
    qf__bind_textn(st, 3, to, -1, QF_TRANSIENT);
    qf__bind_textn(st, 4, e->p[HRS_ATTR].s, -1, QF_TRANSIENT);
    size_t cap = 0;
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            member_hours *g = realloc(*out, cap * sizeof *g);
            if (!g) {
                qf__reset(st);
                return qf__oom();
            }
            *out = g;
        }
        member_hours h = {qf__col_int64(st, 0), qf__col_double(st, 1)};
        (*out)[(*n)++] = h;
        if (e->fp) { /* read beyond the snapshot: part of what the check judged */
            char hours[40];
            qf__fmt(hours, sizeof hours, "%.17g", h.hours);
            qf__fphash_int(e->fp, h.member);
            qf__fphash_bytes(e->fp, hours, strlen(hours));
        }
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(e->db, rc, "hours");
}

int qf__eval_hours(qf_eval *e)
{
    qf_period_kind per = (qf_period_kind)e->p[HRS_PER].per;
    double base = e->p[HRS_MIN].d;
    int rc = QF_OK;
    for (qf_period p = qf_period_containing(per, e->range.start);
         rc == QF_OK && p.start <= e->range.end && p.start <= e->today; p = qf_period_next(p)) {
        qf_date judged = p.end < e->today ? p.end : e->today;
        if (!qf__judges_period(e, p))
            continue;
        if (!qf__in_force_throughout(e, p.start, p.end)) {
            /* one finding for the period, not one per member */
            qf_ob ob = {.status = QF_FINDING_NA, .subject_type = "period",
                        .subject = qf__period_subject(e, e->org, &p),
                        .period = p, .due = p.end};
            ob.message = qf__msg(e->scratch,
                                 N_("%s: the standard was not in force for the whole period"),
                                 "M", ob.subject);
            rc = ob.subject && ob.message ? qf__emit(e, &ob) : qf_error_last_code();
            continue;
        }
        member_hours *h = NULL;
        size_t nh = 0;
        if ((rc = load_hours(e, p, &h, &nh)))
            break;
        int64_t last = 0;
        for (size_t k = 0; rc == QF_OK && k < e->snap->n_memberships; k++) {
            const snap_membership *m = &e->snap->memberships[k];
            if (m->org_id != e->org->id || m->start > judged ||
                (m->end != QF_DATE_NONE && m->end < judged) || m->member_id == last)
                continue;
            last = m->member_id;
            qf_member_status st = qf__snap_status(e->snap, m->member_id, judged);
            if (st != QF_STATUS_FULL && st != QF_STATUS_PROBATIONARY)
                continue; /* applicants and activists are not held to party training hours */
            const qf_msg *subject =
                qf__msg(e->scratch, "%s", "s", m->member_name ? m->member_name : "?");
            qf_ob ob = {.subject_type = "member", .subject_id = m->member_id, .subject = subject,
                        .period = p, .due = p.end, .cause = "hours"};
            {
                const char *post;
                double need = needed(e, m->member_id, judged, base, &post);
                double got = hours_of(h, nh, m->member_id);
                ob.message =
                    post ? qf__msg(e->scratch, N_("%s: %s, %g hour(s) so far; required %g as %s"),
                                   "MPffV", subject, &p, got, need, "post", post)
                         : qf__msg(e->scratch, N_("%s: %s, %g hour(s) so far; required %g"), "MPff",
                                   subject, &p, got, need);
                if (got >= need)
                    ob.status = QF_FINDING_PASS;
                else if (p.end >= e->today)
                    ob.status = QF_FINDING_OPEN;
                else
                    ob.status = QF_FINDING_FAIL;
            }
            if (!ob.subject || !ob.message)
                rc = qf_error_last_code();
            else
                rc = qf__emit(e, &ob);
        }
        free(h);
    }
    return rc;
}
