/* Evaluators over calendar periods and the org: cadence, position, term, members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* The orgs a requirement with `each` judges: the branch, or each of its party groups. */
static size_t judged_orgs(const qf_eval *e, const snap_org **out, size_t max)
{
    const char *each = qf__param_str(e->params, "each");
    size_t n = 0;
    if (!each || strcmp(each, "group") != 0) {
        out[n++] = &e->snap->orgs[0];
        return n;
    }
    for (size_t i = 0; i < e->snap->n_orgs && n < max; i++)
        if (e->snap->orgs[i].kind == QF_ORG_GROUP)
            out[n++] = &e->snap->orgs[i];
    return n;
}

static bool holds_post(const qf_snapshot *s, int64_t member, int64_t org, const char *post,
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

/* "第一党小组 " when judging groups, "" for the branch itself */
static const char *org_prefix(const qf_eval *e, const snap_org *o, char *buf, size_t size)
{
    if (o->id == e->snap->branch_id)
        return "";
    qf__fmt(buf, size, "%s ", o->name);
    return buf;
}

int qf__eval_cadence(qf_eval *e)
{
    qf_period_kind per;
    if (qf_period_kind_parse(&per, qf__param_str(e->params, "per")) != QF_OK)
        return qf_error_last_code();
    int min = qf__param_int(e->params, "min", 1);
    const char *lecturer_post = qf__param_str(e->params, "lecturer");
    const snap_org *orgs[64];
    size_t n_orgs = judged_orgs(e, orgs, 64);
    char kinds[200], plabel[64], prefix[200], msg[1024], subject[300];
    qf__kinds_label(e->db, e->params, "activity", kinds, sizeof kinds);
    const char *per_label = qf__per_label(per);
    bool by_group = n_orgs && orgs[0]->id != e->snap->branch_id;
    /* the matching activities, once: counting per period then walks this short list, not
     * every activity of the branch */
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
        if (a->day > e->today || !qf__eval_kind(e, a->kind))
            continue;
        if (lecturer_post && !holds_post(e->snap, a->lecturer_id, 0, lecturer_post, a->day))
            continue;
        match[n_match++] = a;
    }
    int rc = QF_OK;
    for (qf_period p = qf_period_containing(per, e->range.start);
         rc == QF_OK && p.start <= e->range.end; p = qf_period_next(p)) {
        if (p.start > e->today)
            break; /* future periods are not judged */
        qf_date judged = p.end < e->today ? p.end : e->today;
        if (!qf__in_window(e, judged))
            continue;
        qf_period_label(&p, plabel, sizeof plabel);
        for (size_t oi = 0; rc == QF_OK && oi < n_orgs; oi++) {
            const snap_org *o = orgs[oi];
            const char *pre = org_prefix(e, o, prefix, sizeof prefix);
            qf__fmt(subject, sizeof subject, "%s%s", pre, plabel);
            qf_emit f = {.subject_type = "period", .subject = subject, .org_id = o->id,
                         .period = p, .due = p.end};
            if (!qf__in_force_over(e, p.start, judged)) {
                f.status = QF_FINDING_NA;
                qf__fmt(msg, sizeof msg, _("%s: the standard was not in force for the whole period"),
                         subject);
                f.message = msg;
                rc = qf__emit(e, &f);
                continue;
            }
            size_t count = 0;
            for (size_t i = 0; i < n_match; i++) {
                const snap_activity *a = match[i];
                if (a->day < p.start || a->day > p.end || (by_group && a->org_id != o->id))
                    continue;
                ids[count++] = a->id;
            }
            f.activities = ids;
            f.n_activities = count;
            if ((int)count >= min) {
                f.status = QF_FINDING_PASS;
                qf__fmt(msg, sizeof msg, _("%s: %s held %zu time(s) (required: at least %d %s)"),
                         subject, kinds, count, min, per_label);
            } else if (p.end >= e->today) {
                f.status = QF_FINDING_OPEN;
                f.due = p.end;
                char due[11];
                qf_date_format(p.end, due);
                qf__fmt(msg, sizeof msg,
                         _("%s: %s not yet held enough (%zu of %d); %d day(s) left until %s"),
                         subject, kinds, count, min, p.end - e->today, due);
            } else if (count == 0) {
                f.status = QF_FINDING_FAIL;
                qf__fmt(msg, sizeof msg, _("%s: no %s held (required: at least %d %s)"), subject,
                         kinds, min, per_label);
            } else {
                f.status = QF_FINDING_FAIL;
                qf__fmt(msg, sizeof msg, _("%s: %s held %zu time(s) (required: at least %d %s)"),
                         subject, kinds, count, min, per_label);
            }
            if (lecturer_post) {
                size_t len = strlen(msg);
                qf__fmt(msg + len, sizeof msg - len, _(" [lecturer: %s]"),
                         qf_vocab_label(e->db, "post", lecturer_post));
            }
            f.message = msg;
            rc = qf__emit(e, &f);
        }
    }
    free(ids);
    free(match);
    return rc;
}

/* ---- position: a post held on every day ---------------------------------------------- */

typedef struct range {
    qf_date a, b;
} range;

static int cmp_range(const void *x, const void *y)
{
    const range *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

int qf__eval_position(qf_eval *e)
{
    const char *post = qf__param_str(e->params, "post");
    qf_date from = e->range.start > e->win_from ? e->range.start : e->win_from;
    qf_date to = e->range.end < e->win_to ? e->range.end : e->win_to;
    if (to > e->today)
        to = e->today;
    if (from > to)
        return QF_OK;
    const snap_org *orgs[64];
    size_t n_orgs = judged_orgs(e, orgs, 64);
    const char *post_label = qf_vocab_label(e->db, "post", post);
    range *rs = malloc((e->snap->n_positions + 1) * sizeof *rs);
    if (!rs)
        return qf__oom();
    int rc = QF_OK;
    for (size_t oi = 0; rc == QF_OK && oi < n_orgs; oi++) {
        const snap_org *o = orgs[oi];
        size_t n = 0;
        for (size_t i = 0; i < e->snap->n_positions; i++) {
            const snap_position *p = &e->snap->positions[i];
            if (p->org_id == o->id && strcmp(p->post, post) == 0)
                rs[n++] = (range){p->start, p->end == QF_DATE_NONE ? to : p->end};
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
        qf_period p = {QF_PERIOD_RANGE, from, to};
        char prefix[200], subject[300], msg[1024], a[11], b[11];
        qf__fmt(subject, sizeof subject, "%s%s", org_prefix(e, o, prefix, sizeof prefix),
                 post_label);
        qf_date_format(from, a);
        qf_date_format(to, b);
        qf_emit f = {.subject_type = "org", .subject_id = o->id, .subject = subject,
                     .org_id = o->id, .period = p, .due = QF_DATE_NONE};
        if (gap_from == QF_DATE_NONE) {
            f.status = QF_FINDING_PASS;
            qf__fmt(msg, sizeof msg, _("%s held every day from %s to %s"), subject, a, b);
        } else {
            char ga[11], gb[11];
            qf_date_format(gap_from, ga);
            qf_date_format(gap_to, gb);
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg,
                     _("%s vacant from %s to %s (%d day(s) vacant between %s and %s; required: "
                       "held every day)"),
                     subject, ga, gb, gap_days, a, b);
        }
        f.message = msg;
        rc = qf__emit(e, &f);
    }
    free(rs);
    return rc;
}

/* ---- term: re-election due ------------------------------------------------------------- */

static int last_election(qf_eval *e, qf_date before, qf_date *out, int64_t *activity)
{
    static const char sql[] =
        "SELECT id, starts_at FROM activity WHERE org_id = ?1 AND starts_at < ?2 AND kind IN "
        "(SELECT value FROM json_each(?3)) ORDER BY starts_at DESC LIMIT 1";
    *out = QF_DATE_NONE;
    *activity = 0;
    const char *attr = e->snap->orgs[0].last_election;
    if (attr)
        qf_date_parse(out, attr);
    json_t *kinds = json_object_get(e->params, "activity");
    json_t *list = json_is_string(kinds) ? json_pack("[O]", kinds) : json_incref(kinds);
    char *text = json_dumps(list, JSON_COMPACT);
    json_decref(list);
    qf_stmt *st = qf__stmt(e->db, sql);
    if (!st || !text) {
        free(text);
        return st ? qf__oom() : qf_error_last_code();
    }
    char end[11];
    qf_date_format(before + 1, end);
    qf__bind_int64(st, 1, e->snap->branch_id);
    qf__bind_textn(st, 2, end, -1, QF_TRANSIENT);
    qf__bind_textn(st, 3, text, -1, QF_TRANSIENT);
    if (qf__step(st) == QF_ROW) {
        qf_date d = qf_datetime_date(qf__col_datetime(st, 1));
        if (*out == QF_DATE_NONE || d > *out) {
            *out = d;
            *activity = qf__col_int64(st, 0);
        }
    }
    qf__reset(st);
    free(text);
    return QF_OK;
}

int qf__eval_term(qf_eval *e)
{
    qf_date judged = e->range.end < e->today ? e->range.end : e->today;
    if (e->range.start > e->today || !qf__in_window(e, judged))
        return QF_OK;
    int years = qf__param_int(e->params, "years", 3);
    int warn = qf__param_int(e->params, "warn", 90);
    qf_date last;
    int64_t act;
    int rc = last_election(e, judged, &last, &act);
    if (rc)
        return rc;
    char msg[1024], subject[200];
    qf__fmt(subject, sizeof subject, _("%s committee term"), e->snap->orgs[0].name);
    qf_emit f = {.subject_type = "org", .subject_id = e->snap->branch_id, .subject = subject,
                 .period = {QF_PERIOD_DAY, judged, judged}, .due = QF_DATE_NONE};
    if (act) {
        f.activities = &act;
        f.n_activities = 1;
    }
    if (last == QF_DATE_NONE) {
        f.status = QF_FINDING_FAIL;
        qf__fmt(msg, sizeof msg,
                 _("no election recorded: record the election activity or set the org's "
                   "attribute last_election (term %d years)"),
                 years);
    } else {
        qf_date due = qf_date_add_months(last, 12 * years);
        f.due = due; /* kept as the finding's deadline whatever the status */
        char l[11], d[11];
        qf_date_format(last, l);
        qf_date_format(due, d);
        if (judged > due) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg,
                     _("last election %s, term %d years: re-election was due by %s, %d day(s) "
                       "overdue"),
                     l, years, d, judged - due);
        } else if (due - judged <= warn) {
            f.status = QF_FINDING_OPEN;
            f.due = due;
            qf__fmt(msg, sizeof msg,
                     _("last election %s, term %d years: re-election due by %s (%d day(s) left)"),
                     l, years, d, due - e->today);
        } else {
            f.status = QF_FINDING_PASS;
            qf__fmt(msg, sizeof msg, _("last election %s, term %d years: next re-election due by %s"),
                     l, years, d);
        }
    }
    f.message = msg;
    return qf__emit(e, &f);
}

/* ---- members: how many of given statuses ----------------------------------------------- */

static bool status_wanted(json_t *params, qf_member_status st)
{
    json_t *v = json_object_get(params, "status");
    const char *name = qf_member_status_name(st);
    if (json_is_string(v))
        return strcmp(json_string_value(v), name) == 0;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) if (strcmp(json_string_value(e), name) == 0) return true;
    return false;
}

static const char *status_label(qf_member_status st)
{
    switch (st) {
    case QF_STATUS_APPLICANT: return _("applicants");
    case QF_STATUS_ACTIVIST: return _("activists");
    case QF_STATUS_CANDIDATE: return _("candidates");
    case QF_STATUS_PROBATIONARY: return _("probationary members");
    case QF_STATUS_FULL: return _("full members");
    default: return "?";
    }
}

int qf__eval_members(qf_eval *e)
{
    qf_date judged = e->range.end < e->today ? e->range.end : e->today;
    if (e->range.start > e->today || !qf__in_window(e, judged))
        return QF_OK;
    int64_t branch = e->snap->branch_id;
    int count = 0;
    int64_t last = 0;
    for (size_t i = 0; i < e->snap->n_memberships; i++) {
        const snap_membership *m = &e->snap->memberships[i];
        if (m->org_id != branch || m->start > judged || (m->end != QF_DATE_NONE && m->end < judged))
            continue;
        if (m->member_id == last)
            continue; /* memberships are sorted by member */
        last = m->member_id;
        qf_member_status st = qf__snap_status(e->snap, m->member_id, judged);
        if (st != QF_STATUS_NONE && status_wanted(e->params, st))
            count++;
    }
    json_t *minv = json_object_get(e->params, "min"), *maxv = json_object_get(e->params, "max");
    int min = minv ? (int)json_integer_value(minv) : -1;
    int max = maxv ? (int)json_integer_value(maxv) : -1;
    char d[11], msg[512], subject[200], statuses[200] = "";
    qf_date_format(judged, d);
    json_t *sv = json_object_get(e->params, "status");
    json_t *list = json_is_string(sv) ? json_pack("[O]", sv) : json_incref(sv);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        qf_member_status st;
        if (qf_member_status_parse(&st, json_string_value(x)) != QF_OK)
            continue;
        size_t len = strlen(statuses);
        qf__fmt(statuses + len, sizeof statuses - len, "%s%s", i ? "/" : "", status_label(st));
    }
    json_decref(list);
    qf__fmt(subject, sizeof subject, "%s", e->snap->orgs[0].name);
    qf_emit f = {.subject_type = "org", .subject_id = branch, .subject = subject,
                 .period = {QF_PERIOD_DAY, judged, judged}, .due = QF_DATE_NONE};
    if (min >= 0 && count < min) {
        f.status = QF_FINDING_FAIL;
        qf__fmt(msg, sizeof msg, _("%s: %d member(s) (%s) on %s; required at least %d"), subject,
                 count, statuses, d, min);
    } else if (max >= 0 && count > max) {
        f.status = QF_FINDING_FAIL;
        qf__fmt(msg, sizeof msg, _("%s: %d member(s) (%s) on %s; required at most %d"), subject,
                 count, statuses, d, max);
    } else {
        f.status = QF_FINDING_PASS;
        qf__fmt(msg, sizeof msg, _("%s: %d member(s) (%s) on %s"), subject, count, statuses, d);
    }
    f.message = msg;
    return qf__emit(e, &f);
}
