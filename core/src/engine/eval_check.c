/* The `check` kind: a Lua function (supplied through the options' callback) judges each
 * subject; an error in it yields an `error` finding and the rest of the check goes on. Its
 * message is text from outside: cleaned (valid UTF-8, control characters escaped) before it is
 * stored or shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

typedef struct caller {
    qf_eval *e;
    const char *params; /* the requirement's resolved parameters as JSON, dumped once */
    char *own;          /* `params` when this caller made it (no run cache) */
} caller;

static int call_one(caller *c, qf_ob *ob, const char *type, int64_t id, qf_period p)
{
    qf_eval *e = c->e;
    if (!c->params && e->cache) {
        c->params = qf__resolve_cache_params(e->cache, e->req); /* once per run */
        if (!c->params)
            return qf_error_last_code();
    } else if (!c->params) {
        json_t *params = qf__req_params_json(e->req);
        c->params = c->own = params ? json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(params);
        if (!c->params)
            return qf__oom();
    }
    char pcode[48];
    qf_period_format(&p, pcode, sizeof pcode);
    qf_custom_call call = {
        .standard = e->std->rev->code, .rev = e->std->rev->rev, .clause = e->clause->number,
        .requirement = e->req->index, .source_sha = e->std->rev->source_sha, .subject_type = type,
        .subject_id = id, .org_id = ob->org_id ? ob->org_id : e->org->id,
        .period_start = p.start, .period_end = p.end, .period = pcode,
        .params_json = c->params, .view = e->view};
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
    if ((unsigned)v.status > QF_FINDING_ERROR)
        v.status = QF_FINDING_ERROR;
    v.message[sizeof v.message - 1] = '\0';
    char clean[sizeof v.message];
    qf__text_clean(v.message, clean, sizeof clean);
    ob->status = v.status;
    ob->message = qf__msg(e->scratch, "%s", "s", clean);
    v.cause[sizeof v.cause - 1] = '\0';
    bool cause_ok = v.cause[0] != '\0';
    for (const char *ch = v.cause; *ch && cause_ok; ch++)
        cause_ok = (*ch >= 'a' && *ch <= 'z') || (*ch >= '0' && *ch <= '9') || strchr("_./-", *ch);
    ob->cause = cause_ok ? qf__cause(e, v.cause, NULL) : NULL;
    if (!ob->message)
        return qf_error_last_code();
    if (v.status == QF_FINDING_OPEN && ob->due == QF_DATE_NONE)
        ob->due = p.end;
    return qf__emit(e, ob);
}

static int na_period(qf_eval *e, qf_ob *ob)
{
    ob->status = QF_FINDING_NA;
    /* the text output puts a check finding's subject before its message */
    ob->message =
        qf__msg(e->scratch, N_("the standard was not in force for the whole period"), "");
    return ob->message ? qf__emit(e, ob) : qf_error_last_code();
}

static int eval_subjects(caller *c)
{
    qf_eval *e = c->e;
    const char *subject = e->p[CHK_SUBJECT].s;
    qf_date judged_day = e->range.end < e->today ? e->range.end : e->today;
    int rc = QF_OK;
    if (strcmp(subject, "activity") == 0) {
        for (size_t i = 0; rc == QF_OK && i < e->snap->n_activities; i++) {
            const snap_activity *a = &e->snap->activities[i];
            if (a->day < e->range.start || a->day > e->range.end || !qf__in_window(e, a->day) ||
                !qf__eval_kind(e, &e->p[CHK_ACTIVITY], a->kind) || !qf__eval_org_holds(e, a, true))
                continue;
            if (e->filter && e->filter->activity &&
                !e->filter->activity(e->filter->payload, e->std->rev->code, e->clause, e->req,
                                     a->id, a->day))
                continue; /* a finding the caller cannot use */
            qf_ob ob = {.subject_type = "activity", .subject_id = a->id,
                        .subject = qf__activity_subject(e, a), .org_id = a->org_id,
                        .period = {QF_PERIOD_DAY, a->day, a->day}, .due = QF_DATE_NONE,
                        .activities = &a->id, .n_activities = 1};
            rc = ob.subject ? call_one(c, &ob, "activity", a->id, ob.period) : qf_error_last_code();
        }
    } else if (strcmp(subject, "period") == 0) {
        qf_period_kind per = (qf_period_kind)e->p[CHK_PER].per;
        for (qf_period p = qf_period_containing(per, e->range.start);
             rc == QF_OK && p.start <= e->range.end && p.start <= e->today; p = qf_period_next(p)) {
            if (!qf__judges_period(e, p))
                continue;
            qf_ob ob = {.subject_type = "period",
                        .subject = qf__period_subject(e, e->org, &p),
                        .period = p, .due = p.end};
            if (!ob.subject)
                return qf_error_last_code();
            rc = qf__in_force_throughout(e, p.start, p.end) ? call_one(c, &ob, "period", 0, p)
                                                             : na_period(e, &ob);
        }
    } else if (e->range.start <= e->today && qf__in_window(e, judged_day) &&
               qf__in_force_throughout(e, e->range.start, judged_day)) {
        qf_period p = {QF_PERIOD_RANGE, e->range.start, e->range.end};
        if (strcmp(subject, "org") == 0) {
            qf_ob ob = {.subject_type = "org", .subject_id = e->org->id,
                        .subject = qf__msg(e->scratch, "%s", "s", e->org->name), .period = p,
                        .due = QF_DATE_NONE};
            rc = ob.subject ? call_one(c, &ob, "org", e->org->id, p) : qf_error_last_code();
        } else { /* member: everyone in the org on the judging day */
            int64_t last = 0;
            for (size_t k = 0; rc == QF_OK && k < e->snap->n_memberships; k++) {
                const snap_membership *m = &e->snap->memberships[k];
                if (m->org_id != e->org->id || m->start > judged_day ||
                    (m->end != QF_DATE_NONE && m->end < judged_day) || m->member_id == last)
                    continue;
                last = m->member_id;
                qf_ob ob = {.subject_type = "member", .subject_id = m->member_id,
                            .subject = qf__msg(e->scratch, "%s", "s",
                                               m->member_name ? m->member_name : "?"),
                            .period = p, .due = QF_DATE_NONE};
                rc = ob.subject ? call_one(c, &ob, "member", m->member_id, p)
                                : qf_error_last_code();
            }
        }
    }
    return rc;
}

int qf__eval_check(qf_eval *e)
{
    caller c = {e, NULL, NULL};
    int rc = eval_subjects(&c);
    free(c.own);
    return rc;
}
