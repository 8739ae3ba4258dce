/* The `hours` requirement kind: each member of the branch attends activities worth at least N
 * hours (an activity attribute, e.g. attrs.class_hours) per period; holders of some posts need
 * more. One aggregate query per branch and period, summed in SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static const char SQL_HOURS[] =
    "SELECT t.member_id, sum(CAST(json_extract(a.attrs, '$.' || ?4) AS DOUBLE PRECISION)) FROM activity a "
    "JOIN attendance t ON t.activity_id = a.id "
    "WHERE a.org_id IN (SELECT id FROM org WHERE id = ?1 OR parent_id = ?1) "
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
    double need = base;
    const char *key;
    json_t *v;
    *post = NULL;
    json_object_foreach(json_object_get(e->params, "posts"), key, v)
    {
        for (size_t k = 0; k < e->snap->n_positions; k++) {
            const snap_position *p = &e->snap->positions[k];
            if (p->member_id == member && p->org_id == e->snap->branch_id &&
                strcmp(p->post, key) == 0 && p->start <= day &&
                (p->end == QF_DATE_NONE || p->end >= day) && json_number_value(v) > need) {
                need = json_number_value(v);
                *post = key;
            }
        }
    }
    return need;
}

static int load_hours(qf_eval *e, qf_period p, member_hours **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    qf_stmt *st = qf__stmt(e->db, SQL_HOURS);
    if (!st)
        return qf_error_last_code();
    char from[11], to[11];
    qf_date_format(p.start, from);
    qf_date_format(p.end + 1, to);
    const char *attr = qf__param_str(e->params, "attr");
    qf__bind_int64(st, 1, e->snap->branch_id);
    qf__bind_textn(st, 2, from, -1, QF_TRANSIENT);
    qf__bind_textn(st, 3, to, -1, QF_TRANSIENT);
    qf__bind_textn(st, 4, attr ? attr : "class_hours", -1, QF_TRANSIENT);
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
        (*out)[(*n)++] = (member_hours){qf__col_int64(st, 0), qf__col_double(st, 1)};
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(e->db, rc, "hours");
}

int qf__eval_hours(qf_eval *e)
{
    qf_period_kind per;
    if (qf_period_kind_parse(&per, qf__param_str(e->params, "per")) != QF_OK)
        return qf_error_last_code();
    double base = json_number_value(json_object_get(e->params, "min"));
    int rc = QF_OK;
    for (qf_period p = qf_period_containing(per, e->range.start);
         rc == QF_OK && p.start <= e->range.end && p.start <= e->today; p = qf_period_next(p)) {
        qf_date judged = p.end < e->today ? p.end : e->today;
        if (!qf__in_window(e, judged) || !qf__in_force_over(e, p.start, judged))
            continue;
        member_hours *h;
        size_t nh;
        if ((rc = load_hours(e, p, &h, &nh)))
            break;
        char plabel[64];
        qf_period_label(&p, plabel, sizeof plabel);
        int64_t last = 0;
        for (size_t k = 0; rc == QF_OK && k < e->snap->n_memberships; k++) {
            const snap_membership *m = &e->snap->memberships[k];
            if (m->org_id != e->snap->branch_id || m->start > judged ||
                (m->end != QF_DATE_NONE && m->end < judged) || m->member_id == last)
                continue;
            last = m->member_id;
            qf_member_status st = qf__snap_status(e->snap, m->member_id, judged);
            if (st != QF_STATUS_FULL && st != QF_STATUS_PROBATIONARY)
                continue; /* applicants and activists are not held to party training hours */
            const char *post;
            double need = needed(e, m->member_id, judged, base, &post);
            double got = hours_of(h, nh, m->member_id);
            char msg[512], subject[200];
            qf__fmt(subject, sizeof subject, "%s", m->member_name ? m->member_name : "?");
            if (post)
                qf__fmt(msg, sizeof msg, _("%s: %s, %g hour(s) so far; required %g as %s"),
                         subject, plabel, got, need, qf_vocab_label(e->db, "post", post));
            else
                qf__fmt(msg, sizeof msg, _("%s: %s, %g hour(s) so far; required %g"), subject,
                         plabel, got, need);
            qf_emit f = {.subject_type = "member", .subject_id = m->member_id, .subject = subject,
                         .period = p, .message = msg, .due = p.end};
            if (got >= need)
                f.status = QF_FINDING_PASS;
            else if (p.end >= e->today) {
                f.status = QF_FINDING_OPEN;
                f.due = p.end;
            } else
                f.status = QF_FINDING_FAIL;
            rc = qf__emit(e, &f);
        }
        free(h);
    }
    return rc;
}
