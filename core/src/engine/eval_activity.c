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

/* Appends "、" separated text. */
static void append(char *buf, size_t size, const char *sep, const char *text)
{
    size_t len = strlen(buf);
    qf__fmt(buf + len, size - len, "%s%s", len ? sep : "", text);
}

int qf__eval_attendance(qf_eval *e)
{
    const char *base = qf__param_str(e->params, "base");
    if (!base)
        base = "members";
    bool late_counts = qf__param_bool(e->params, "late_counts", true);
    json_t *rate_v = json_object_get(e->params, "rate");
    const char *quorum = qf__param_str(e->params, "quorum");
    json_t *must = json_object_get(e->params, "must_attend");
    int qn = 0, qd = 1;
    bool strict = true;
    if (quorum)
        qf__parse_fraction(quorum, &qn, &qd, &strict);
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!judged(e, a) || a->day > e->today)
            continue;
        char msg[1024], problems[700] = "";
        qf_emit f = activity_emit(a, a->label);
        /* those due: members of the holding org on that day (memberships sorted by member), or
         * the holders of the given posts (a committee's quorum) */
        int due = 0, present = 0;
        int64_t last = 0;
        if (strcmp(base, "posts") == 0) {
            json_t *posts = json_object_get(e->params, "posts");
            int64_t seen[64];
            int n_seen = 0;
            for (size_t k = 0; k < e->snap->n_positions; k++) {
                const snap_position *p = &e->snap->positions[k];
                if ((p->org_id != a->org_id && p->org_id != e->snap->branch_id) ||
                    p->start > a->day || (p->end != QF_DATE_NONE && p->end < a->day) ||
                    !qf__param_has_kind(e->params, "posts", p->post))
                    continue;
                bool dup = false;
                for (int s = 0; s < n_seen; s++)
                    dup = dup || seen[s] == p->member_id;
                if (dup || n_seen == 64)
                    continue;
                seen[n_seen++] = p->member_id;
                due++;
                if (attended(e, a, p->member_id, late_counts))
                    present++;
            }
            (void)posts;
        }
        for (size_t k = 0; strcmp(base, "posts") != 0 && k < e->snap->n_memberships; k++) {
            const snap_membership *m = &e->snap->memberships[k];
            if (m->org_id != a->org_id || m->start > a->day ||
                (m->end != QF_DATE_NONE && m->end < a->day) || m->member_id == last)
                continue;
            last = m->member_id;
            if (!due_member(e, m->member_id, a->day, base))
                continue;
            due++;
            if (attended(e, a, m->member_id, late_counts))
                present++;
        }
        if (a->n_att == 0) {
            f.status = QF_FINDING_FAIL;
            qf__fmt(msg, sizeof msg, "%s", _("attendance not recorded"));
            f.message = msg;
            rc = qf__emit(e, &f);
            continue;
        }
        if (due == 0) {
            f.status = QF_FINDING_NA;
            qf__fmt(msg, sizeof msg, "%s", _("no members were due on that day"));
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
                    p->start > a->day || (p->end != QF_DATE_NONE && p->end < a->day))
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
