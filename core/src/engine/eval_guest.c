/* The `guest` kind: at least `min` guests of a role took part in each activity of the kinds. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__needs_guests(const qf_req *r, snap_need *need)
{
    qf__snap_need_add(&need->guests, r->p[GST_ACTIVITY].list, r->p[GST_ACTIVITY].n);
}

int qf__eval_guest(qf_eval *e)
{
    const char *role = e->p[GST_ROLE].s;
    int min = (int)e->p[GST_MIN].i;
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!qf__eval_activity_judged(e, &e->p[GST_ACTIVITY], a) || a->day > e->today)
            continue;
        qf_ob ob = qf__activity_ob(e, a);
        ob.cause = qf__cause(e, "guest", role);
        int count = 0;
        for (size_t k = a->guest0; k < a->guest0 + a->n_guest; k++) {
            const snap_guest *g = &e->snap->guests[k];
            bool same = strcmp(g->role, role) == 0;
            if (same)
                count++;
            QF_TRACE(e, "guest", g->id, QF_DATE_NONE, same,
                     same ? NULL
                          : qf__msg(e->scratch, N_("not counted: invited as %s"), "V",
                                    "guest_role", g->role));
        }
        if (count >= min) {
            ob.status = QF_FINDING_PASS;
            ob.message = qf__msg(e->scratch, N_("%d %s guest(s) attended"), "dV", count,
                                 "guest_role", role);
        } else if (count == 0) {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch, N_("no %s invited (required at least %d)"), "Vd",
                                 "guest_role", role, min);
        } else {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch, N_("%d %s guest(s); required at least %d"), "dVd",
                                 count, "guest_role", role, min);
        }
        rc = ob.message && ob.subject && ob.cause ? qf__emit(e, &ob) : qf_error_last_code();
    }
    return rc;
}
