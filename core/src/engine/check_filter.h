/* Internal: a check that judges only some requirements, for a caller that can use only some
 * findings (reminders: remind/remind_check.c). A requirement left out is not evaluated (no
 * check function called), and a branch's snapshot reads only what the judged ones need, so
 * the findings handed out are exactly those of the whole check for the requirements judged. */
#ifndef QUFA_CHECK_FILTER_H
#define QUFA_CHECK_FILTER_H

#include "qufa/check.h"
#include "rulebook.h"

typedef struct qf_req_filter {
    /* whether requirement `req` of clause `clause` of the standard coded `standard` is judged */
    bool (*judges)(void *payload, const char *standard, const qf_clause *clause,
                   const qf_req *req);
    /* NULL, or whether a check function on activities is called for activity `id`, held on
     * `day`: the finding's only deadline (while `open`: docs/check-output.md) */
    bool (*activity)(void *payload, const char *standard, const qf_clause *clause,
                     const qf_req *req, int64_t id, qf_date day);
    /* NULL, or whether a cadence judges period `p` of the org coded `org`: the finding's
     * deadline is the period's last day */
    bool (*period)(void *payload, const char *standard, const qf_clause *clause,
                   const qf_req *req, const char *org, qf_period p);
    /* NULL, or whether a finding is kept: asked once its status (waivers applied), subject,
     * period, key and deadline are known and before its texts are rendered; its strings are
     * valid only during the call. A finding not kept is dropped as if never found. */
    bool (*finding)(void *payload, const qf_finding *f);
    void *payload;
} qf_req_filter;

/* qf_check_each judging only what `filter` keeps (NULL: everything). Not with `since` or
 * `save`: an assessment holds every finding (QF_EINVALID). */
int qf__check_each_judging(qf_db *db, const qf_check_options *o, const qf_req_filter *filter,
                           qf_check_branch_fn fn, void *payload, qf_check_totals *totals);

#endif
