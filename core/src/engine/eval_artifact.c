/* The `artifact` kind: each activity of the kinds has material of a type, on time.
 *   before = N: issued on or before the start day − N (a notice);
 *   within = N: dated from the start day up to the end day + N (a news brief) — material dated
 *               before the activity is not its record;
 *   neither:    any material of the type.
 * Nothing dated after today exists yet: it is open until its deadline, then it fails. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__needs_artifacts(const qf_req *r, snap_need *need)
{
    qf__snap_need_add(&need->artifacts, r->p[ART_ACTIVITY].list, r->p[ART_ACTIVITY].n);
}

/* explain mode: why a piece of material of the type counted or not */
static void trace_artifact(qf_eval *e, const snap_artifact *x, qf_date d, bool ok, int before,
                           int within, qf_date open_from, qf_date deadline)
{
    const qf_msg *why = NULL;
    if (ok)
        why = NULL;
    else if (d == QF_DATE_NONE)
        why = qf__msg(e->scratch, N_("not counted: it has no date (required by %s)"), "D",
                      deadline);
    else if (before >= 0)
        why = qf__msg(e->scratch,
                      N_("not counted: issued %s, after %s (%d day(s) before the activity)"),
                      "DDd", d, deadline, before);
    else if (open_from != QF_DATE_NONE && d < open_from)
        why = qf__msg(e->scratch, N_("not counted: dated %s, before the activity (%s)"), "DD", d,
                      open_from);
    else
        why = qf__msg(e->scratch, N_("not counted: dated %s, after the %d-day window ending %s"),
                      "DdD", d, within, deadline);
    qf__trace_note(e, "artifact", x->id, QF_DATE_NONE, ok, why);
}

int qf__eval_artifact(qf_eval *e)
{
    const qf_pval *p = e->p;
    const char *type = p[ART_TYPE].s;
    bool before = p[ART_BEFORE].set, within = p[ART_WITHIN].set;
    int min = (int)p[ART_MIN].i;
    int rc = QF_OK;
    int64_t *ids = NULL;
    size_t ids_cap = 0;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!qf__eval_activity_judged(e, &p[ART_ACTIVITY], a))
            continue;
        if (!before && a->day > e->today)
            continue; /* produced at or after the activity: nothing to judge yet */
        qf_date end_day = a->ends != QF_DATETIME_NONE ? qf_datetime_date(a->ends) : a->day;
        if (end_day < a->day)
            end_day = a->day;
        qf_date open_from = QF_DATE_NONE, deadline = QF_DATE_NONE;
        if (before) {
            deadline = a->day - (qf_date)p[ART_BEFORE].i;
        } else if (within) {
            open_from = a->day;
            deadline = end_day + (qf_date)p[ART_WITHIN].i;
        }
        if (a->n_art > ids_cap) {
            int64_t *g = realloc(ids, a->n_art * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            ids = g;
            ids_cap = a->n_art;
        }
        size_t n_ids = 0, qualifying = 0;
        const snap_artifact *first = NULL, *first_ok = NULL, *early = NULL;
        for (size_t k = a->art0; k < a->art0 + a->n_art; k++) {
            const snap_artifact *x = &e->snap->artifacts[k];
            if (strcmp(x->type, type) != 0)
                continue;
            qf_date d = x->issued == QF_DATETIME_NONE ? QF_DATE_NONE : qf_datetime_date(x->issued);
            if (d != QF_DATE_NONE && d > e->today) {
                QF_TRACE(e, "artifact", x->id, QF_DATE_NONE, false,
                         qf__msg(e->scratch, N_("not counted: dated %s, after today"), "D", d));
                continue; /* not issued yet */
            }
            ids[n_ids++] = x->id;
            if (!first)
                first = x;
            bool ok;
            if (deadline == QF_DATE_NONE)
                ok = true; /* no timing: any material of the type */
            else
                ok = d != QF_DATE_NONE && d <= deadline &&
                     (open_from == QF_DATE_NONE || d >= open_from);
            if (e->trace)
                trace_artifact(e, x, d, ok, before ? (int)p[ART_BEFORE].i : -1,
                               within ? (int)p[ART_WITHIN].i : -1, open_from, deadline);
            if (ok) {
                qualifying++;
                if (!first_ok)
                    first_ok = x;
            } else if (d != QF_DATE_NONE && open_from != QF_DATE_NONE && d < open_from && !early) {
                early = x;
            }
        }
        qf_ob ob = qf__activity_ob(e, a);
        ob.artifacts = ids;
        ob.n_artifacts = n_ids;
        ob.due = deadline; /* the finding's deadline whatever the status (reminders) */
        ob.cause = qf__cause(e, "artifact", type);
        const qf_msg *m = NULL;
        if ((int)qualifying >= min) {
            ob.status = QF_FINDING_PASS;
            qf_date d = first_ok && first_ok->issued != QF_DATETIME_NONE
                            ? qf_datetime_date(first_ok->issued)
                            : QF_DATE_NONE;
            if (before && d != QF_DATE_NONE)
                m = qf__msg(e->scratch, N_("%s issued %s, %d day(s) before; required at least %d"),
                            "VDdd", "artifact_type", type, d, a->day - d, (int)p[ART_BEFORE].i);
            else if (within && d != QF_DATE_NONE)
                m = qf__msg(e->scratch, N_("%s produced %s; required by %s"), "VDD",
                            "artifact_type", type, d, deadline);
            else
                m = qf__msg(e->scratch, N_("%s: %zu on record"), "Vz", "artifact_type", type,
                            qualifying);
        } else if (deadline != QF_DATE_NONE && e->today <= deadline) {
            ob.status = QF_FINDING_OPEN;
            m = qf__msg(e->scratch, N_("%s not yet on record; %s"), "VR", "artifact_type", type,
                        deadline);
        } else {
            ob.status = QF_FINDING_FAIL;
            qf_date d = first && first->issued != QF_DATETIME_NONE ? qf_datetime_date(first->issued)
                                                                   : QF_DATE_NONE;
            if (first && deadline != QF_DATE_NONE && d == QF_DATE_NONE)
                m = qf__msg(e->scratch, N_("%s on record without a date; required by %s"), "VD",
                            "artifact_type", type, deadline);
            else if (first && before)
                m = qf__msg(e->scratch,
                            N_("%s issued %s, %d day(s) before; required at least %d day(s) before "
                               "(by %s)"),
                            "VDddD", "artifact_type", type, d, a->day - d, (int)p[ART_BEFORE].i,
                            deadline);
            else if (early && qualifying == 0)
                m = qf__msg(e->scratch,
                            N_("%s dated %s, before the activity; required from %s to %s"),
                            "VDDD", "artifact_type", type, qf_datetime_date(early->issued), a->day,
                            deadline);
            else if (first && within && qualifying == 0)
                m = qf__msg(e->scratch,
                            N_("%s produced %s; required within %d day(s) after the activity (by "
                               "%s)"),
                            "VDdD", "artifact_type", type, d, (int)p[ART_WITHIN].i, deadline);
            else if (before)
                m = qf__msg(e->scratch, N_("no %s (required at least %d day(s) before, by %s)"),
                            "VdD", "artifact_type", type, (int)p[ART_BEFORE].i, deadline);
            else if (within && qualifying == 0)
                m = qf__msg(e->scratch, N_("no %s (required within %d day(s) after, by %s)"),
                            "VdD", "artifact_type", type, (int)p[ART_WITHIN].i, deadline);
            else if (min > 1)
                m = qf__msg(e->scratch, N_("%s: %zu on record; required at least %d"), "Vzd",
                            "artifact_type", type, qualifying, min);
            else
                m = qf__msg(e->scratch, N_("no %s on record"), "V", "artifact_type", type);
        }
        ob.message = m;
        rc = ob.message && ob.subject && ob.cause ? qf__emit(e, &ob) : qf_error_last_code();
    }
    free(ids);
    return rc;
}
