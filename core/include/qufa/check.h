/* qufa — the compliance engine: evaluates every applicable clause over a period and yields
 * findings (pass, fail, warn, open, n/a, error) with subject, evidence and a plain message. */
#ifndef QUFA_CHECK_H
#define QUFA_CHECK_H

#include <stdio.h>
#include "counting.h"
#include "db.h"
#include "activity.h"
#include "member.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_finding_status {
    QF_FINDING_PASS = 0,
    QF_FINDING_FAIL,  /* a requirement (应) is not met */
    QF_FINDING_WARN,  /* a recommendation (宜) is not met */
    QF_FINDING_OPEN,  /* the period has not ended: says what is still needed and the days left */
    QF_FINDING_NA,    /* not applicable (tailored out, or not in force for the whole period) */
    QF_FINDING_ERROR, /* a `check` function raised an error */
    QF_FINDING_WAIVED /* a fail, warn or open finding a waiver in force explains (not a failure) */
} qf_finding_status;
QF_EXTERN const char *qf_finding_status_name(qf_finding_status s); /* "pass", "fail", … */
QF_EXTERN int qf_finding_status_parse(qf_finding_status *out, const char *s);

typedef struct qf_finding {
    qf_finding_status status;
    const char *standard;      /* standard code */
    int rev;                   /* revision that judged it */
    const char *standard_title;
    const char *clause;        /* "4.2.1" */
    int requirement;           /* 1-based index within the clause */
    const char *kind;          /* requirement kind: "cadence", "artifact", … */
    const char *subject_type;  /* "activity", "member", "org", "period" */
    int64_t subject_id;        /* activity/member/org id; 0 for a period */
    const char *subject;       /* a label: "2017-05-10 党课《…》", "第一党小组", "2017-06-H2" */
    int64_t org_id;
    const char *org;           /* org code */
    const char *period;        /* period code the finding is about ("2017-06-H2") */
    qf_date period_start, period_end;
    const char *message;       /* what was required and what was found */
    const char *responsible;   /* post responsible (e.g. "secretary"), NULL if none */
    qf_date due;               /* open findings: the last day to act; else QF_DATE_NONE */
    int days_left;             /* open findings: days from today to due */
    const int64_t *activities; /* evidence: activity ids */
    size_t n_activities;
    const int64_t *artifacts;  /* evidence: artifact ids */
    size_t n_artifacts;
    const char *responsible_label; /* the post in the current language ("书记") */
    qf_date deadline;          /* the last day the rule allows, whatever the status (a period's
                                * end, a notice's latest day, a re-election's due date), for
                                * reminders; QF_DATE_NONE when the rule has none */
    const char *remind;        /* the requirement's `remind` parameter: the lead times of its
                                * reminders ("-5d,-2d,0d"), NULL when it sets none */
    /* since format 2 */
    const char *key;           /* the obligation's stable key: "GY1-BYT/4.1#1@gy1/period/2017-06-H2",
                                * "FZDYXZ/2#1@gy1/activity/17" (the same subject judged by the
                                * same requirement has the same key in every run) */
    const char *cause;         /* for fail/warn: what the lapse is ("attendance@gy1/activity/17");
                                * findings of one check that share it have one cause */
    const char *same_as;       /* the key of the first finding with the same cause, when this one
                                * is not it; NULL otherwise (a cause is counted once) */
    const char *message_id;    /* the message's id (its English format) and, for qufa's own */
    const struct qf_msg *message_msg; /* use, the message and the subject as ids with typed */
    const struct qf_msg *subject_msg; /* arguments (rendered in the reader's language) */
    const char *clause_text;   /* the clause's text (what is required), as the standard words it */
    const qf_counts *counts;   /* attendance findings: the counts judged (docs/counting.md),
                                * NULL for other kinds */
    /* waivers (docs/waivers.md): the waiver that explains a `waived` finding, or the one that
     * explained it and ended before the day it is judged on (`waiver_expired`); id 0 if none */
    int64_t waiver_id;
    bool waiver_expired;
    const char *waiver_reason, *waiver_recorded_by, *waiver_approved_by;
    qf_date waiver_from, waiver_until;
} qf_finding;

/* A `check` requirement's judgement, supplied by the embedding (Lua) through a callback. */
typedef struct qf_custom_call {
    const char *standard;
    int rev;
    const char *clause;
    int requirement;
    const char *source_sha;    /* which stored source defines the function */
    const char *subject_type;  /* "activity", "member", "org", "period" */
    int64_t subject_id;
    int64_t org_id;
    qf_date period_start, period_end;
    const char *period;
    const char *params_json;   /* resolved parameters */
    /* What the engine already holds about the branch being judged (its memberships, statuses,
     * flags and posts), for the function's own member questions; NULL when there is none.
     * Valid during the call only. */
    struct qf_check_view *view;
} qf_custom_call;

/*
 * A check function's member questions answered from the branch the engine holds
 * (docs/internals.md, "The check view"): the same rows in the same order, the same counts and
 * the same errors as qf_member_list, qf_member_count, qf_member_get and qf_position_holder,
 * without a query per question. Each sets *answered to false and returns QF_OK when the view
 * cannot answer exactly (an org outside the branch, a day outside the loaded range, a filter it
 * does not hold, a member it did not load): the caller then asks the database. Rows and their
 * strings belong to the view and stay valid until the next question to it.
 */
typedef struct qf_check_view qf_check_view;
QF_EXTERN int qf_check_view_members(const qf_member **rows, size_t *n, bool *answered,
                                    qf_check_view *v, const qf_member_filter *filter);
QF_EXTERN int qf_check_view_count(int64_t *n, bool *answered, qf_check_view *v,
                                  const qf_member_filter *filter);
/* The member as of `on` (QF_DATE_NONE = today); *row NULL with QF_ENOTFOUND never happens:
 * a member the view does not hold is not answered. */
QF_EXTERN int qf_check_view_member(const qf_member **row, bool *answered, qf_check_view *v,
                                   int64_t id, qf_date on);
/* The holder of `post` in `org_id` on `on` (QF_DATE_NONE = today); 0 when nobody holds it. */
QF_EXTERN int qf_check_view_holder(int64_t *member_id, bool *answered, qf_check_view *v,
                                   int64_t org_id, const char *post, qf_date on);

/* The activity `id` as qf_activity_get reads it, read once per branch: the same activity asked
 * for by several check functions of a branch (a general meeting judged by three clauses) is one
 * statement. QF_ENOTFOUND (answered) when there is none. The row stays valid until the next
 * question to the view; the database cannot change while the branch is judged (the functions'
 * handle is read-only). */
QF_EXTERN int qf_check_view_activity(const qf_activity **row, bool *answered, qf_check_view *v,
                                     int64_t id);

typedef struct qf_custom_verdict {
    qf_finding_status status;  /* pass/fail/warn/open/na; fail becomes warn on a 宜 clause */
    char message[512];
    char cause[64];            /* what the lapse is ("attendance/turnout"); "" = its own: findings
                                * of one subject with one cause are one lapse (counted once) */
} qf_custom_verdict;

/* Return QF_OK with the verdict filled, or an error code (qf_error_last() = the message),
 * which yields an `error` finding for that subject while the rest of the check goes on. */
typedef int (*qf_custom_fn)(void *payload, const qf_custom_call *call, qf_custom_verdict *out);

typedef struct qf_check_options {
    unsigned version;
    int64_t org_id;         /* 0 = every branch; a committee = every branch below it */
    qf_period period;       /* what to judge; periods of each requirement inside it */
    const char *standard;   /* NULL = all; else only this standard code */
    qf_custom_fn custom;    /* NULL: `check` requirements yield `error` ("no Lua") */
    void *payload;
    /* since version 2: an incremental check (docs/check-output.md#incremental-re-checks). 0, or
     * a saved assessment: each branch it holds that no write since has touched keeps the
     * assessment's findings and fingerprint instead of being judged again (the result is the
     * same finding by finding); the others are judged. Nothing is reused when the assessment
     * was made for another today, period or standard. */
    int64_t since;
    /* since version 3: save the run as an assessment as it streams (qf_check_stream_open,
     * qf_check_each, qf_check_write_each; qf_check_run ignores it — save its result with
     * qf_assessment_save). Each branch's findings are set aside in a temporary file (in
     * $TMPDIR, else /tmp; unlinked at once) as the branch is handed out, so memory stays that
     * of one branch; once the last branch is handed out the assessment is written in one
     * transaction (its id in the totals' `assessment`), so other writers wait only for that
     * write. Nothing is written when the run fails or is freed before its end. `note` (may be
     * NULL) is the assessment's note. */
    bool save;
    const char *note;
} qf_check_options;
#define QF_CHECK_OPTIONS_VERSION 3 /* versions 1 (without `since`) and 2 are still accepted */

typedef struct qf_check_result qf_check_result;

QF_EXTERN int qf_check_options_init(qf_check_options *o, qf_db *db);
QF_EXTERN int qf_check_run(qf_check_result **out, qf_db *db, const qf_check_options *o);
QF_EXTERN size_t qf_check_count(const qf_check_result *r);
QF_EXTERN const qf_finding *qf_check_finding(const qf_check_result *r, size_t i);

typedef struct qf_check_summary {
    int pass, fail, warn, open, na, error;
    int clauses;       /* distinct clauses evaluated */
    double score;      /* 100 × pass ÷ (pass + fail + warn + error), a cause counted once (see
                        * docs/check-output.md); meaningful only when `scored` */
    /* since format 2 */
    bool scored;       /* false when nothing was judged (no pass, fail, warn or error) */
    int causes;        /* distinct causes among fail and warn findings */
    int waived;        /* findings a waiver in force explains: neither judged nor failed */
} qf_check_summary;
QF_EXTERN void qf_check_summarize(const qf_check_result *r, qf_check_summary *out);
/* The inputs' fingerprint: SHA-256 over the standard revisions, parameters and every row read. */
QF_EXTERN const char *qf_check_fingerprint(const qf_check_result *r);
QF_EXTERN const char *qf_check_period(const qf_check_result *r);
QF_EXTERN qf_date qf_check_today(const qf_check_result *r);
QF_EXTERN void qf_check_result_free(qf_check_result *r);
/* Branches the run judged anew; `branches` (may be NULL) gets how many it covered. Without
 * `since` every branch is judged; with it, the rest kept the assessment's findings. */
QF_EXTERN size_t qf_check_rejudged(const qf_check_result *r, size_t *branches);

/* Output: the stable JSON documented in docs/check-output.md, CSV, and grouped text. */
QF_EXTERN int qf_check_write_json(const qf_check_result *r, FILE *out);
QF_EXTERN int qf_check_json(char **out, const qf_check_result *r);
QF_EXTERN int qf_check_write_csv(const qf_check_result *r, FILE *out);
typedef struct qf_text_options {
    unsigned version;
    bool color;        /* ANSI colours */
    bool show_pass;    /* list passing findings too (default: counted only) */
} qf_text_options;
#define QF_TEXT_OPTIONS_INIT {1, false, false}
QF_EXTERN int qf_check_write_text(const qf_check_result *r, FILE *out, const qf_text_options *o);

/* ---- the check branch by branch: findings in bounded memory ----------------------------------
 * A whole-deployment result holds every finding at once (1.2 M at 10,000 branches). The stream
 * judges one branch at a time and hands out its findings as a result of their own (sorted, and
 * `same_as` linked, as in qf_check_run: a cause never spans two branches), then drops them; only
 * the counts and the fingerprint are kept for the run. Branches come in the order of their
 * codes, each with its party groups' findings. */
typedef struct qf_check_totals {
    unsigned version;
    qf_check_summary summary; /* of the whole run: what qf_check_summarize gives for qf_check_run */
    size_t findings;          /* handed out */
    size_t branches;          /* judged */
    char fingerprint[65];     /* qf_check_fingerprint of the whole run; "" until the last branch */
    /* since version 2 */
    size_t rejudged;          /* branches judged anew (without `since`: every one) */
    const char *since_note;   /* with `since`, when nothing could be reused: why, in the
                               * current language ("the assessment was made for another
                               * today"); else NULL. Static text. */
    /* since version 3 */
    int64_t assessment;       /* with `save`: the assessment saved, once the run has ended */
} qf_check_totals;
#define QF_CHECK_TOTALS_VERSION 3

typedef struct qf_check_stream qf_check_stream;
/* Opens a run (the rulebook read, the branches listed); nothing is judged yet. The run reads
 * one snapshot of the database until it ends or is freed. */
QF_EXTERN int qf_check_stream_open(qf_check_stream **out, qf_db *db, const qf_check_options *o);
/* Judges the next branch: its findings as a result borrowed until the next call (its `org` is
 * the branch's code, its fingerprint ""); QF_ITEROVER after the last one. */
QF_EXTERN int qf_check_stream_next(const qf_check_result **branch, qf_check_stream *s);
/* The counts so far; the fingerprint once qf_check_stream_next has returned QF_ITEROVER. */
QF_EXTERN const qf_check_totals *qf_check_stream_totals(const qf_check_stream *s);
QF_EXTERN void qf_check_stream_free(qf_check_stream *s);

/* Return 0 to go on; a positive value stops the run with QF_EUSER, a negative error code stops
 * it with that code (set qf_error_last's message first). */
typedef int (*qf_check_branch_fn)(void *payload, const qf_check_result *branch);
/* Calls `fn` with each branch's findings in turn; `totals` (may be NULL) gets the run's. */
QF_EXTERN int qf_check_each(qf_db *db, const qf_check_options *o, qf_check_branch_fn fn,
                            void *payload, qf_check_totals *totals);

typedef enum qf_check_format {
    QF_CHECK_FORMAT_TEXT = 0,
    QF_CHECK_FORMAT_JSON,
    QF_CHECK_FORMAT_CSV
} qf_check_format;
/* Runs the check and writes it as it goes, in the format of qf_check_write_text/_json/_csv of
 * the whole result (the same bytes), holding one branch at a time. `text` may be NULL. */
QF_EXTERN int qf_check_write_each(qf_db *db, const qf_check_options *o, qf_check_format format,
                                  const qf_text_options *text, FILE *out, qf_check_totals *totals);

/* Assessments: saved results, listed and compared. */
QF_EXTERN int qf_assessment_save(int64_t *id_out, qf_db *db, const qf_check_result *r,
                                 const char *note);
QF_EXTERN int qf_assessment_load(qf_check_result **out, qf_db *db, int64_t id);
typedef struct qf_assessment_info {
    int64_t id;
    const char *created_at;
    qf_date today;
    const char *org;
    const char *period;
    const char *fingerprint;
    int pass, fail, warn, open;
    const char *note;
} qf_assessment_info;
typedef struct qf_assessment_iter qf_assessment_iter;
QF_EXTERN int qf_assessment_list(qf_assessment_iter **out, qf_db *db);
QF_EXTERN int qf_assessment_next(const qf_assessment_info **row, qf_assessment_iter *it);
QF_EXTERN void qf_assessment_iter_free(qf_assessment_iter *it);

typedef enum qf_change {
    QF_CHANGE_NEW = 0, /* finding only in B */
    QF_CHANGE_GONE,    /* finding only in A */
    QF_CHANGE_STATUS   /* same finding, status changed */
} qf_change;
typedef int (*qf_diff_fn)(void *payload, qf_change change, const qf_finding *a,
                          const qf_finding *b);
/* Calls `fn` for each difference between two results (keyed by standard, clause, requirement,
 * subject and period). */
QF_EXTERN int qf_check_diff(const qf_check_result *a, const qf_check_result *b, qf_diff_fn fn,
                            void *payload);

/* Why a finding was given (`qufa check --explain KEY`, docs/check-output.md#why-a-finding):
 * the obligation's requirement judged again, alone, with its evaluator noting every record it
 * considered and why it counted or not; the clause's text and source, each parameter's value
 * and where it came from (the kind's default, the standard, a tailoring of the organ or of the
 * branch), the period and judging day, and the membership counts for attendance. `key` is a
 * finding's stable key; QF_ENOTFOUND when that obligation is not judged as of today. `o`
 * (may be NULL) supplies only the `check` functions' callback (custom, payload). */
typedef struct qf_explain qf_explain;
QF_EXTERN int qf_check_explain(qf_explain **out, qf_db *db, const char *key,
                               const qf_check_options *o);
QF_EXTERN const qf_finding *qf_explain_finding(const qf_explain *x);
QF_EXTERN int qf_explain_json(char **out, const qf_explain *x); /* free with qf_free */
QF_EXTERN int qf_explain_write_text(const qf_explain *x, FILE *out);
QF_EXTERN void qf_explain_free(qf_explain *x);

/* Labels in the current language: "2017年6月下半月" / "2017-06, second half". buf >= 64. */
QF_EXTERN void qf_period_label(const qf_period *p, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
