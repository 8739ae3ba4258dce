/* Evaluators over each activity of a kind: artifact, attendance, agenda, guest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* Activities this evaluation judges: of the kinds, starting inside the requested range, on a
 * day this revision covers. */
static bool judged(qf_eval *e, const snap_activity *a)
{
    return a->day >= e->range.start && a->day <= e->range.end && qf__in_window(e, a->day) &&
           qf__eval_kind(e, a->kind);
}

static qf_emit activity_emit(const snap_activity *a, const char *label)
{
    qf_emit f = {.subject_type = "activity", .subject_id = a->id, .subject = label,
                 .org_id = a->org_id, .period = {QF_PERIOD_DAY, a->day, a->day},
                 .due = QF_DATE_NONE, .activities = &a->id, .n_activities = 1};
    return f;
}

/* ---- artifact ---------------------------------------------------------------------------- */

int qf__eval_artifact(qf_eval *e)
{
    const char *type = qf__param_str(e->params, "type");
    json_t *before_v = json_object_get(e->params, "before");
    json_t *within_v = json_object_get(e->params, "within");
    int min = qf__param_int(e->params, "min", 1);
    const char *tl = qf_vocab_label(e->db, "artifact_type", type);
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!judged(e, a))
            continue;
        char msg[1024], d1[11], d2[11];
        qf_emit f = activity_emit(a, a->label);
        int64_t ids[64];
        size_t n_ids = 0, qualifying = 0;
        const snap_artifact *first = NULL, *first_ok = NULL;
        qf_date deadline = QF_DATE_NONE;
        if (before_v)
            deadline = a->day - (qf_date)json_integer_value(before_v);
        else if (within_v)
            deadline = (a->ends != QF_DATETIME_NONE ? qf_datetime_date(a->ends) : a->day) +
                       (qf_date)json_integer_value(within_v);
        for (size_t k = a->art0; k < a->art0 + a->n_art; k++) {
            const snap_artifact *x = &e->snap->artifacts[k];
            if (strcmp(x->type, type) != 0)
                continue;
            if (n_ids < 64)
                ids[n_ids++] = x->id;
            if (!first)
                first = x;
            bool ok = deadline == QF_DATE_NONE ||
                      (x->issued != QF_DATETIME_NONE && qf_datetime_date(x->issued) <= deadline);
            if (ok) {
                qualifying++;
                if (!first_ok)
                    first_ok = x;
            }
        }
        f.artifacts = ids;
        f.n_artifacts = n_ids;
        f.due = deadline; /* the finding's deadline whatever the status (reminders) */
        if (!before_v && a->day > e->today)
            continue; /* produced at or after the activity: nothing to judge yet */
        if (deadline != QF_DATE_NONE)
            qf_date_format(deadline, d2);
        if ((int)qualifying >= min) {
            f.status = QF_FINDING_PASS;
            if (before_v && first_ok) {
                qf_date_format(qf_datetime_date(first_ok->issued), d1);
                qf__fmt(msg, sizeof msg, _("%s issued %s, %d day(s) before; required at least %d"),
                         tl, d1, a->day - qf_datetime_date(first_ok->issued),
                         (int)json_integer_value(before_v));
            } else if (within_v && first_ok && first_ok->issued != QF_DATETIME_NONE) {
                qf_date_format(qf_datetime_date(first_ok->issued), d1);
                qf__fmt(msg, sizeof msg, _("%s produced %s; required by %s"), tl, d1, d2);
            } else {
                qf__fmt(msg, sizeof msg, _("%s: %zu on record"), tl, qualifying);
            }
        } else if (first && deadline != QF_DATE_NONE &&
                   (first->issued == QF_DATETIME_NONE || e->today > deadline)) {
            /* something exists but not on time (or its date is unknown) */
            f.status = QF_FINDING_FAIL;
            if (first->issued == QF_DATETIME_NONE)
                qf__fmt(msg, sizeof msg, _("%s on record without a date; required by %s"), tl, d2);
            else if (before_v) {
                qf_date_format(qf_datetime_date(first->issued), d1);
                qf__fmt(msg, sizeof msg,
                         _("%s issued %s, %d day(s) before; required at least %d day(s) before "
                           "(by %s)"),
                         tl, d1, a->day - qf_datetime_date(first->issued),
                         (int)json_integer_value(before_v), d2);
            } else {
                qf_date_format(qf_datetime_date(first->issued), d1);
                qf__fmt(msg, sizeof msg,
                         _("%s produced %s; required within %d day(s) after the activity (by %s)"),
                         tl, d1, (int)json_integer_value(within_v), d2);
            }
        } else if (deadline != QF_DATE_NONE && e->today <= deadline) {
            f.status = QF_FINDING_OPEN;
            f.due = deadline;
            qf__fmt(msg, sizeof msg, _("%s not yet on record; due by %s (%d day(s) left)"), tl, d2,
                     deadline - e->today);
        } else {
            f.status = QF_FINDING_FAIL;
            if (before_v)
                qf__fmt(msg, sizeof msg, _("no %s (required at least %d day(s) before, by %s)"),
                         tl, (int)json_integer_value(before_v), d2);
            else if (within_v)
                qf__fmt(msg, sizeof msg, _("no %s (required within %d day(s) after, by %s)"), tl,
                         (int)json_integer_value(within_v), d2);
            else if (min > 1)
                qf__fmt(msg, sizeof msg, _("%s: %zu on record; required at least %d"), tl,
                         qualifying, min);
            else
                qf__fmt(msg, sizeof msg, _("no %s on record"), tl);
        }
        f.message = msg;
        rc = qf__emit(e, &f);
    }
    return rc;
}

/* ---- attendance ------------------------------------------------------------------------ */

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

/* Appends "、" separated text. */
static void append(char *buf, size_t size, const char *sep, const char *text)
{
    size_t len = strlen(buf);
    qf__fmt(buf + len, size - len, "%s%s", len ? sep : "", text);
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

static bool on_day(qf_date start, qf_date end, qf_date d)
{
    return start <= d && (end == QF_DATE_NONE || end >= d);
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
 * day, the holders of the counted posts (`posts` names them, or the committee posts of a
 * committee meeting) and everyone with an attendance row; each member once, with status and
 * flags on the day. (Merged by look-up rather than by sorting: sorting every activity's people
 * cost as much as the rest of the evaluation.)
 */
static int activity_people(const qf_eval *e, const snap_activity *a, qf_count_body body,
                           json_t *params, bool by_param, people_buf *b)
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
        /* a requirement's own posts may be held in the branch for a group's meeting */
        bool counted = by_param ? (q->org_id == a->org_id || q->org_id == s->branch_id) &&
                                      qf__param_has_kind(params, "posts", q->post)
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

int qf__eval_attendance(qf_eval *e)
{
    const char *base = qf__param_str(e->params, "base");
    if (!base)
        base = "members";
    bool by_posts = strcmp(base, "posts") == 0;
    judged_base jb = strcmp(base, "voting") == 0 ? BASE_VOTING
                     : strcmp(base, "full") == 0 ? BASE_FULL
                                                 : BASE_DUE;
    bool late_counts = qf__param_bool(e->params, "late_counts", true);
    json_t *rate_v = json_object_get(e->params, "rate");
    const char *quorum = qf__param_str(e->params, "quorum");
    json_t *must = json_object_get(e->params, "must_attend");
    int qn = 0, qd = 1;
    bool strict = true;
    if (quorum)
        qf__parse_fraction(quorum, &qn, &qd, &strict);
    people_buf people = {NULL, 0, 0};
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!judged(e, a) || a->day > e->today)
            continue;
        char msg[1024], problems[700] = "";
        qf_emit f = activity_emit(a, a->label);
        /* who is due: the counting model (docs/counting.md); base = posts makes the holders of
         * the requirement's posts the body, as a committee meeting's committee */
        qf_count_options o = QF_COUNT_OPTIONS_INIT;
        o.body = by_posts ? QF_COUNT_COMMITTEE : qf_count_body_for(a->kind);
        o.late_counts = late_counts;
        if ((rc = activity_people(e, a, o.body, e->params, by_posts, &people)) != QF_OK)
            break;
        qf_counts c;
        qf_count_tally(&c, people.p, people.n, (int)a->n_guest, &o);
        f.counts = &c;
        int due = jb == BASE_VOTING ? c.voting : jb == BASE_FULL ? c.full : c.due;
        int present = jb == BASE_VOTING ? c.present_voting
                      : jb == BASE_FULL ? c.present_full
                                        : c.present;
        if (due == 0) {
            /* nobody to count: nothing was required, whether or not attendance was kept */
            f.status = QF_FINDING_NA;
            qf__fmt(msg, sizeof msg, "%s",
                    jb == BASE_VOTING ? _("nobody with voting rights was due that day")
                    : jb == BASE_FULL ? _("no full member was due that day")
                                      : _("nobody was due that day"));
            f.message = msg;
            rc = qf__emit(e, &f);
            continue;
        }
        if (c.recorded == 0) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, "%s", _("attendance not recorded"));
            f.message = msg;
            rc = qf__emit(e, &f);
            continue;
        }
        if (rate_v && present < json_number_value(rate_v) * due - 1e-9) {
            char p[160];
            qf__fmt(p, sizeof p, _("attendance %.1f%% below the required %.0f%%"),
                     100.0 * present / due, 100.0 * json_number_value(rate_v));
            append(problems, sizeof problems, _("; "), p);
        }
        if (quorum) {
            bool ok = strict ? (long)present * qd > (long)qn * due
                             : (long)present * qd >= (long)qn * due;
            if (!ok) {
                char p[160];
                qf__fmt(p, sizeof p, _("quorum not reached (required more than %d/%d of %d)"), qn,
                         qd, due);
                if (!strict)
                    qf__fmt(p, sizeof p, _("quorum not reached (required at least %d/%d of %d)"),
                             qn, qd, due);
                append(problems, sizeof problems, _("; "), p);
            }
        }
        size_t mi;
        json_t *post;
        json_t *posts = json_is_string(must) ? json_pack("[O]", must) : json_incref(must);
        json_array_foreach(posts, mi, post)
        {
            for (size_t k = 0; k < e->snap->n_positions; k++) {
                const snap_position *p = &e->snap->positions[k];
                if (strcmp(p->post, json_string_value(post)) != 0 ||
                    (p->org_id != a->org_id && p->org_id != e->snap->branch_id) ||
                    !on_day(p->start, p->end, a->day))
                    continue;
                if (!attended(e, a, p->member_id, late_counts)) {
                    char txt[200];
                    qf__fmt(txt, sizeof txt, _("%s (%s) absent"),
                             qf_vocab_label(e->db, "post", p->post), p->member_name);
                    append(problems, sizeof problems, _("; "), txt);
                }
            }
        }
        json_decref(posts);
        char counts[200];
        if (jb == BASE_VOTING)
            qf__fmt(counts, sizeof counts,
                    _("%d of %d members with voting rights due attended (%.1f%%)"), present, due,
                    100.0 * present / due);
        else if (jb == BASE_FULL)
            qf__fmt(counts, sizeof counts, _("%d of %d full members due attended (%.1f%%)"),
                    present, due, 100.0 * present / due);
        else
            qf__fmt(counts, sizeof counts, _("%d of %d due attended (%.1f%%)"), present, due,
                    100.0 * present / due);
        if (problems[0]) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("%s: %s"), counts, problems);
        } else {
            f.status = QF_FINDING_PASS;
            qf__fmt(msg, sizeof msg, "%s", counts);
        }
        f.message = msg;
        rc = qf__emit(e, &f);
    }
    free(people.p);
    return rc;
}

/* ---- agenda ------------------------------------------------------------------------------ */

static const char *segment_label(const qf_eval *e, const char *code)
{
    const char *l = json_string_value(json_object_get(json_object_get(e->params, "labels"), code));
    return l ? l : code;
}

int qf__eval_agenda(qf_eval *e)
{
    json_t *segments = json_object_get(e->params, "segments");
    bool ordered = qf__param_bool(e->params, "ordered", true);
    size_t n_req = json_array_size(segments);
    char required[600] = "";
    for (size_t s = 0; s < n_req; s++)
        append(required, sizeof required, ordered ? " → " : _(", "),
               segment_label(e, json_string_value(json_array_get(segments, s))));
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!judged(e, a) || a->day > e->today)
            continue;
        char msg[1400], missing[600] = "", found[600] = "";
        qf_emit f = activity_emit(a, a->label);
        const snap_agenda *ag = e->snap->agenda + a->agenda0;
        for (size_t k = 0; k < a->n_agenda; k++)
            append(found, sizeof found, " → ", segment_label(e, ag[k].segment));
        /* match as a subsequence when ordered, as a set otherwise */
        size_t pos = 0;
        bool out_of_order = false;
        for (size_t s = 0; s < n_req; s++) {
            const char *want = json_string_value(json_array_get(segments, s));
            size_t k;
            bool present = false;
            for (k = 0; k < a->n_agenda; k++)
                if (strcmp(ag[k].segment, want) == 0) {
                    present = true;
                    break;
                }
            if (!present) {
                append(missing, sizeof missing, _(", "), segment_label(e, want));
                continue;
            }
            if (ordered) {
                size_t k2;
                for (k2 = pos; k2 < a->n_agenda; k2++)
                    if (strcmp(ag[k2].segment, want) == 0)
                        break;
                if (k2 == a->n_agenda)
                    out_of_order = true;
                else
                    pos = k2 + 1;
            }
        }
        if (a->n_agenda == 0) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("no agenda recorded (required: %s)"), required);
        } else if (missing[0]) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("agenda lacks %s (required: %s; found: %s)"), missing,
                     required, found);
        } else if (out_of_order) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("agenda out of order (required: %s; found: %s)"), required,
                     found);
        } else {
            f.status = QF_FINDING_PASS;
            qf__fmt(msg, sizeof msg, _("agenda: %s"), found);
        }
        f.message = msg;
        rc = qf__emit(e, &f);
    }
    return rc;
}

/* ---- guest ------------------------------------------------------------------------------- */

int qf__eval_guest(qf_eval *e)
{
    const char *role = qf__param_str(e->params, "role");
    int min = qf__param_int(e->params, "min", 1);
    const char *rl = qf_vocab_label(e->db, "guest_role", role);
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!judged(e, a) || a->day > e->today)
            continue;
        char msg[600];
        qf_emit f = activity_emit(a, a->label);
        int count = 0;
        for (size_t k = a->guest0; k < a->guest0 + a->n_guest; k++)
            if (strcmp(e->snap->guests[k].role, role) == 0)
                count++;
        if (count >= min) {
            f.status = QF_FINDING_PASS;
            qf__fmt(msg, sizeof msg, _("%d %s guest(s) attended"), count, rl);
        } else if (count == 0) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("no %s invited (required at least %d)"), rl, min);
        } else {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, _("%d %s guest(s); required at least %d"), count, rl, min);
        }
        f.message = msg;
        rc = qf__emit(e, &f);
    }
    return rc;
}
