/* The `agenda` kind: an activity's agenda has the required segments, in order (as a
 * subsequence) when `ordered`. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

void qf__needs_agenda(const qf_req *r, snap_need *need)
{
    qf__snap_need_add(&need->agenda, r->p[AGE_ACTIVITY].list, r->p[AGE_ACTIVITY].n);
}

/* A segment's display name: the requirement's label for it, else its code. */
static const qf_msg *segment(qf_eval *e, const char *code)
{
    const char *l = json_string_value(json_object_get(e->p[AGE_LABELS].json, code));
    return qf__msg(e->scratch, "%s", "s", l ? l : code);
}

static const qf_msg *segments(qf_eval *e, const char *const *codes, size_t n, const char *sep)
{
    const qf_msg **items = qf__arena_alloc(e->scratch, (n + 1) * sizeof *items);
    if (!items)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(items[i] = segment(e, codes[i])))
            return NULL;
    return qf__msg(e->scratch, "%s", "L", items, n, sep);
}

int qf__eval_agenda(qf_eval *e)
{
    const qf_pval *req = &e->p[AGE_SEGMENTS];
    bool ordered = e->p[AGE_ORDERED].i != 0;
    const qf_msg *required = segments(e, req->list, req->n, ordered ? " → " : N_(", "));
    if (!required)
        return qf_error_last_code();
    int rc = QF_OK;
    const char **missing = malloc((req->n + 1) * sizeof *missing);
    if (!missing)
        return qf__oom();
    for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
        const snap_activity *a = &e->snap->activities[i];
        if (!qf__eval_activity_judged(e, &e->p[AGE_ACTIVITY], a) || a->day > e->today)
            continue;
        qf_ob ob = qf__activity_ob(e, a);
        ob.cause = "agenda";
        const snap_agenda *ag = e->snap->agenda + a->agenda0;
        const char **found_codes = qf__arena_alloc(e->scratch, (a->n_agenda + 1) * sizeof *found_codes);
        if (!found_codes) {
            rc = qf__oom();
            break;
        }
        for (size_t k = 0; k < a->n_agenda; k++)
            found_codes[k] = ag[k].segment;
        const qf_msg *found = segments(e, found_codes, a->n_agenda, " → ");
        /* match as a subsequence when ordered, as a set otherwise */
        size_t pos = 0, n_missing = 0;
        bool out_of_order = false;
        for (size_t s = 0; s < req->n; s++) {
            const char *want = req->list[s];
            bool present = false;
            for (size_t k = 0; k < a->n_agenda && !present; k++)
                present = strcmp(ag[k].segment, want) == 0;
            if (!present) {
                missing[n_missing++] = want;
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
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch, N_("no agenda recorded (required: %s)"), "M", required);
        } else if (n_missing) {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch, N_("agenda lacks %s (required: %s; found: %s)"), "MMM",
                                 segments(e, missing, n_missing, N_(", ")), required, found);
        } else if (out_of_order) {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch, N_("agenda out of order (required: %s; found: %s)"),
                                 "MM", required, found);
        } else {
            ob.status = QF_FINDING_PASS;
            ob.message = qf__msg(e->scratch, N_("agenda: %s"), "M", found);
        }
        rc = ob.message && ob.subject && found ? qf__emit(e, &ob) : qf_error_last_code();
    }
    free(missing);
    return rc;
}
