/* The `check` requirement kind: a Lua function (supplied through the options' callback) judges
 * each subject; an error in it yields an `error` finding and the rest of the check goes on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* `*params` is the requirement's parameters as JSON text, dumped at the first subject and kept
 * for the others (dumping it per subject cost as much as the engine's own judging of them). */
static int call_one(qf_eval *e, qf_emit *f, char **params, const char *type, int64_t id,
                    qf_period p)
{
    if (!*params && !(*params = json_dumps(e->params, JSON_COMPACT | JSON_SORT_KEYS)))
        return qf__oom();
    char pcode[40];
    qf_period_format(&p, pcode, sizeof pcode);
    qf_custom_call call = {
        .standard = e->rev->code, .rev = e->rev->rev,
        .clause = json_string_value(json_object_get(e->clause, "number")),
        .requirement = e->req_index, .source_sha = e->rev->source_sha, .subject_type = type,
        .subject_id = id, .org_id = f->org_id ? f->org_id : e->snap->branch_id,
        .period_start = p.start, .period_end = p.end, .period = pcode,
        .params_json = *params};
    qf_custom_verdict v;
    memset(&v, 0, sizeof v);
    int rc;
    if (!e->opts->custom) {
        v.status = QF_FINDING_ERROR;
        qf__fmt(v.message, sizeof v.message, "%s",
                 _("check functions need Lua: run the check through the qufa command or module"));
    } else if ((rc = e->opts->custom(e->opts->payload, &call, &v)) != QF_OK) {
        v.status = QF_FINDING_ERROR;
        qf__fmt(v.message, sizeof v.message, "%s", qf_error_last());
    }
    f->status = v.status;
    f->message = v.message;
    if (v.status == QF_FINDING_OPEN && f->due == QF_DATE_NONE)
        f->due = p.end;
    return qf__emit(e, f);
}

static int eval_subjects(qf_eval *e, char **params);

int qf__eval_check(qf_eval *e)
{
    char *params = NULL;
    int rc = eval_subjects(e, &params);
    free(params);
    return rc;
}

static int eval_subjects(qf_eval *e, char **params)
{
    const char *subject = qf__param_str(e->params, "subject");
    qf_date judged_day = e->range.end < e->today ? e->range.end : e->today;
    int rc = QF_OK;
    char label[400];
    if (strcmp(subject, "activity") == 0) {
        for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
            const snap_activity *a = &e->snap->activities[i];
            if (a->day < e->range.start || a->day > e->range.end || !qf__in_window(e, a->day) ||
                !qf__eval_kind(e, a->kind))
                continue;
            qf_emit f = {.subject_type = "activity", .subject_id = a->id, .subject = a->label,
                         .org_id = a->org_id, .period = {QF_PERIOD_DAY, a->day, a->day},
                         .due = QF_DATE_NONE, .activities = &a->id, .n_activities = 1};
            rc = call_one(e, &f, params, "activity", a->id, f.period);
        }
    } else if (strcmp(subject, "period") == 0) {
        qf_period_kind per;
        if (qf_period_kind_parse(&per, qf__param_str(e->params, "per")) != QF_OK)
            return qf_error_last_code();
        for (qf_period p = qf_period_containing(per, e->range.start);
             rc == QF_OK && p.start <= e->range.end && p.start <= e->today; p = qf_period_next(p)) {
            qf_date judged = p.end < e->today ? p.end : e->today;
            if (!qf__in_window(e, judged))
                continue;
            qf_period_label(&p, label, sizeof label);
            qf_emit f = {.subject_type = "period", .subject = label, .period = p,
                         .due = p.end};
            rc = call_one(e, &f, params, "period", 0, p);
        }
    } else if (e->range.start <= e->today && qf__in_window(e, judged_day) &&
               qf__in_force_over(e, e->range.start, judged_day)) {
        qf_period p = {QF_PERIOD_RANGE, e->range.start, e->range.end};
        if (strcmp(subject, "org") == 0) {
            qf_emit f = {.subject_type = "org", .subject_id = e->snap->branch_id,
                         .subject = e->snap->orgs[0].name, .period = p, .due = QF_DATE_NONE};
            rc = call_one(e, &f, params, "org", e->snap->branch_id, p);
        } else { /* member: everyone in the branch on the judging day */
            int64_t last = 0;
            for (size_t k = 0; rc == QF_OK && k < e->snap->n_memberships; k++) {
                const snap_membership *m = &e->snap->memberships[k];
                if (m->org_id != e->snap->branch_id || m->start > judged_day ||
                    (m->end != QF_DATE_NONE && m->end < judged_day) || m->member_id == last)
                    continue;
                last = m->member_id;
                qf__fmt(label, sizeof label, "%s", m->member_name ? m->member_name : "?");
                qf_emit f = {.subject_type = "member", .subject_id = m->member_id,
                             .subject = label, .period = p, .due = QF_DATE_NONE};
                rc = call_one(e, &f, params, "member", m->member_id, p);
            }
        }
    }
    return rc;
}
