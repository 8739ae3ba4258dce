/* qufa — waivers (情况说明): a recorded explanation of a finding. A waiver names a clause (or
 * one requirement of it) and the subjects of one org it explains, why, who recorded and who
 * approved it, and the days it holds. The check shows a finding it explains as `waived`, not a
 * failure, when the day the finding is judged on falls in those days; judged later, the finding
 * shows as it is, with "waiver expired on …". See docs/waivers.md. */
#ifndef QUFA_WAIVER_H
#define QUFA_WAIVER_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest a waiver may hold, in days, unless the org or an org above it sets the attribute
 * `waiver_max_days` (the organ's rule: a waiver may not cover the future indefinitely). */
#define QF_WAIVER_MAX_DAYS_DEFAULT 366

typedef struct qf_waiver {
    int64_t id;
    const char *target;      /* "GY1-BYT/3.1" (every requirement) or "GY1-BYT/3.1#1" */
    const char *subject;     /* "gy1/period/2017-08-H1": the org's code, then a glob over the
                              * rest of the finding's key ("gy1/period/2017-08-*", "gy1/activity/17") */
    const char *reason;      /* why: required */
    const char *recorded_by; /* who recorded it (default: the database's actor) */
    const char *approved_by; /* who approved it: required, not the recorder */
    qf_date from, until;     /* the days it holds (from: default today) */
    /* filled when read */
    int64_t org_id;
    const char *org;          /* the org's code */
    const char *standard, *clause;
    int requirement;          /* 0 = every requirement of the clause */
    const char *pattern;      /* the subject without "ORG/" */
    const char *recorded_on;  /* the day it was recorded */
    qf_date ended;            /* the day `end` was recorded, QF_DATE_NONE if never */
    const char *end_note;
} qf_waiver;

/* Records a waiver. QF_EINVALID naming the field: an unknown standard or clause, a subject whose
 * org does not exist, an empty reason, the approver equal to the recorder, until before from, or
 * longer than the organ allows. */
QF_EXTERN int qf_waiver_create(int64_t *id_out, qf_db *db, const qf_waiver *w);
/* Ends a waiver early: its last day becomes `last_day` (QF_DATE_NONE = today), which must be in
 * its days; `note` (optional) says why. */
QF_EXTERN int qf_waiver_end(qf_db *db, int64_t id, qf_date last_day, const char *note);
QF_EXTERN int qf_waiver_get(qf_waiver **out, qf_db *db, int64_t id);
QF_EXTERN void qf_waiver_free(qf_waiver *w);
/* The longest waiver `org_id` may record, in days (its own or the nearest org above's
 * `waiver_max_days`, else QF_WAIVER_MAX_DAYS_DEFAULT). */
QF_EXTERN int qf_waiver_max_days(int *out, qf_db *db, int64_t org_id);

typedef struct qf_waiver_filter {
    unsigned version;
    int64_t org_id;       /* 0 = any; else waivers of this org and the orgs below it */
    qf_date holds_on;     /* QF_DATE_NONE = any; else only those holding that day */
    qf_date ends_by;      /* QF_DATE_NONE = any; else only those whose last day is on or before */
    qf_date ends_from;    /* QF_DATE_NONE = any; else only those whose last day is on or after */
} qf_waiver_filter;
#define QF_WAIVER_FILTER_VERSION 1
#define QF_WAIVER_FILTER_INIT {QF_WAIVER_FILTER_VERSION, 0, QF_DATE_NONE, QF_DATE_NONE, QF_DATE_NONE}

typedef struct qf_waiver_iter qf_waiver_iter;
/* By org code, standard, clause, then from. */
QF_EXTERN int qf_waiver_list(qf_waiver_iter **out, qf_db *db, const qf_waiver_filter *f);
QF_EXTERN int qf_waiver_next(const qf_waiver **row, qf_waiver_iter *it);
QF_EXTERN void qf_waiver_iter_free(qf_waiver_iter *it);

#ifdef __cplusplus
}
#endif
#endif
