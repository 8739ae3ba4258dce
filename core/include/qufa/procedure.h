/* qufa — procedures: multi-step workflows (admission, transfers, re-election) declared in Lua,
 * stored as validated JSON, and run as durable cases with deadlines.
 *
 * A procedure has steps (grouped in stages); completing a step moves the case along one of the
 * step's transitions. A step may require evidence (artifacts of given types), fields (dates,
 * numbers, members …), and guards (Lua functions, called back through qf_flow_hook_fn), and it
 * has time rules: "within 1m of entering" (a deadline: interrupting or only a warning) and
 * "not before 1y after step X". Every number is a named parameter with a default, which a
 * branch may correct (qf_procedure_set_param); a case pins the procedure revision and the
 * parameter values it started with. The JSON format is described in docs/writing-procedures.md.
 */
#ifndef QUFA_PROCEDURE_H
#define QUFA_PROCEDURE_H

#include "db.h"
#include "standard.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- definitions ------------------------------------------------------------------------ */

/*
 * Loads one procedure definition (a JSON object). It is validated (a message names the step,
 * field and value that are wrong), normalised, and stored as a new revision unless the
 * canonical form's hash equals the latest revision's (then nothing is written). `source_name`
 * and `source_text` (the Lua that declared it, so its functions can be re-created) may be NULL.
 * `rev_out` and `outcome` may be NULL.
 */
QF_EXTERN int qf_procedure_load(int *rev_out, qf_load_outcome *outcome, qf_db *db, const char *json,
                                const char *source_name, const char *source_text);

/* Validates and normalises a definition without storing it: the canonical JSON (qf_free)
 * and its SHA-256. Either output may be NULL. */
QF_EXTERN int qf_procedure_canonical(char **json_out, char hash_out[65], qf_db *db,
                                     const char *json);

typedef struct qf_procedure_info {
    const char *code;
    int rev;
    const char *version; /* the author's label ("2014"), NULL if none */
    const char *title;
    const char *subject; /* "member", "org", "none" */
    const char *hash;
    const char *source_name; /* NULL when loaded without source */
    const char *source_sha;
    const char *loaded_at; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
    int steps;
    int64_t open_cases; /* active cases of this revision */
} qf_procedure_info;

typedef struct qf_procedure_filter {
    unsigned version;
    const char *code;   /* NULL = any */
    bool all_revisions; /* false: only the latest revision of each code */
} qf_procedure_filter;
#define QF_PROCEDURE_FILTER_VERSION 1
#define QF_PROCEDURE_FILTER_INIT                                                                   \
    {                                                                                              \
        QF_PROCEDURE_FILTER_VERSION, NULL, false                                                   \
    }

typedef struct qf_procedure_iter qf_procedure_iter;
/* Procedures by code, then revision. */
QF_EXTERN int qf_procedure_list(qf_procedure_iter **out, qf_db *db, const qf_procedure_filter *f);
QF_EXTERN int qf_procedure_next(const qf_procedure_info **row, qf_procedure_iter *it);
QF_EXTERN void qf_procedure_iter_free(qf_procedure_iter *it);

/* The stored (canonical) definition of `code` at revision `rev` (0 = the latest), and the
 * revision found; release with qf_free. `rev_out` may be NULL. */
QF_EXTERN int qf_procedure_get(char **json_out, int *rev_out, qf_db *db, const char *code, int rev);
/* The Lua source that declared a revision (QF_ENOTFOUND when it was loaded without one), and
 * the hash its definition must reproduce. `name_out` and `hash_out` may be NULL. */
QF_EXTERN int qf_procedure_source(char **text_out, char **name_out, char hash_out[65], qf_db *db,
                                  const char *code, int rev);

/*
 * Corrects a parameter for cases started from now on: `value_json` is a JSON value of the
 * parameter's type ("\"2m\"", "3"); NULL removes the correction. Checked against the latest
 * revision's declaration.
 */
QF_EXTERN int qf_procedure_set_param(qf_db *db, const char *code, const char *name,
                                     const char *value_json, const char *note);
/*
 * The parameters a case of `code` (revision `rev`, 0 = latest) would start with: the
 * declaration's defaults, the branch's corrections, then `overrides` (a JSON object, may be
 * NULL). As a JSON object {name: value}; with `detail` true as {name: {value, default,
 * corrected, type, doc, source}}. Release with qf_free.
 */
QF_EXTERN int qf_procedure_params(char **json_out, qf_db *db, const char *code, int rev,
                                  const char *overrides, bool detail);

/* ---- cases ------------------------------------------------------------------------------ */

typedef enum qf_case_state {
    QF_CASE_ACTIVE = 0,
    QF_CASE_OVERDUE, /* active, and an interrupting deadline of its current step has passed */
    QF_CASE_COMPLETED,
    QF_CASE_CANCELLED
} qf_case_state;
QF_EXTERN const char *qf_case_state_name(qf_case_state s); /* "active", "overdue", … */
QF_EXTERN int qf_case_state_parse(qf_case_state *out, const char *s);

typedef struct qf_case {
    int64_t id;
    const char *procedure; /* code */
    int rev;               /* the pinned revision */
    const char *title;     /* the procedure's title */
    int64_t member_id;     /* subject "member"; else 0 */
    int64_t org_id;        /* the org the case belongs to (the member's branch, or the org) */
    qf_case_state state;   /* as of the database's today */
    const char *step;      /* the current step (NULL once ended) */
    const char *step_title;
    qf_date entered; /* when the current step was entered */
    qf_date started;
    qf_date ended;      /* QF_DATE_NONE while open */
    const char *params; /* JSON object: the pinned parameter values */
    const char *fields; /* JSON object: the fields recorded at the start */
    const char *note;
} qf_case;

/* Guards and on_complete/on_start functions live in Lua; core calls back for each. */
typedef enum qf_flow_hook_kind {
    QF_HOOK_GUARD = 0, /* a step's guard: may it be completed? */
    QF_HOOK_WHEN,      /* a transition's guard: may the case go there? */
    QF_HOOK_COMPLETE   /* a step's on_complete: runs inside the savepoint, may write */
} qf_flow_hook_kind;

typedef struct qf_flow_hook {
    qf_flow_hook_kind kind;
    const char *ref;    /* the function's reference in the definition */
    const qf_case *c;   /* the case before this advance */
    const char *step;   /* the step being completed */
    const char *to;     /* the step entered next (NULL: the case ends) */
    qf_date date;       /* the day it happened */
    const char *fields; /* JSON object: the fields given now */
    char message[512];  /* a guard that refuses says why here */
} qf_flow_hook;

/* QF_OK to go on; QF_EUSER to refuse (with `message`); any other code aborts with the error
 * set by the callback (qf_error_set). Everything the advance wrote is rolled back either way. */
typedef int (*qf_flow_hook_fn)(void *payload, qf_flow_hook *hook);

typedef struct qf_start_options {
    unsigned version;
    const char *procedure; /* code */
    int rev;               /* 0 = the latest revision */
    int64_t member_id;     /* subject "member": required */
    int64_t org_id;        /* subject "org"/"none": required; "member": default the branch */
    qf_date date;          /* QF_DATE_NONE = today */
    const char *params;    /* JSON object of parameter overrides for this case, or NULL */
    const char *fields;    /* JSON object of the procedure's start fields, or NULL */
    const char *note;
} qf_start_options;
#define QF_START_OPTIONS_VERSION 1
#define QF_START_OPTIONS_INIT                                                                      \
    {                                                                                              \
        QF_START_OPTIONS_VERSION, NULL, 0, 0, 0, QF_DATE_NONE, NULL, NULL, NULL                    \
    }

/* Starts a case at the procedure's first step. Refused (QF_EEXISTS) while the subject has an
 * open case of the same procedure. */
QF_EXTERN int qf_case_start(int64_t *id_out, qf_db *db, const qf_start_options *s);

typedef struct qf_advance_options {
    unsigned version;
    const char *step; /* the step being completed: must be the current step */
    const char *to;   /* where to go when the step has several transitions */
    qf_date date;     /* QF_DATE_NONE = today; not in the future */
    const char *note;
    const char *fields;       /* JSON object of the step's fields, or NULL */
    const int64_t *artifacts; /* evidence: artifact ids */
    size_t n_artifacts;
    qf_flow_hook_fn hook; /* NULL: a definition with guards or on_complete is refused */
    void *payload;
} qf_advance_options;
#define QF_ADVANCE_OPTIONS_VERSION 1
#define QF_ADVANCE_OPTIONS_INIT                                                                    \
    {                                                                                              \
        QF_ADVANCE_OPTIONS_VERSION, NULL, NULL, QF_DATE_NONE, NULL, NULL, NULL, 0, NULL, NULL      \
    }

/*
 * Completes the current step and moves the case on, atomically: the step is checked (current,
 * date not before it was entered nor in the future nor before a "not before" rule, every
 * required field and artifact type present, the transition legal), then its guard and the
 * transition's guard are asked, the transition recorded, the next step entered with its
 * deadlines computed, and the step's on_complete called. Any refusal (QF_EINVALID, or
 * QF_EUSER from a guard) names what is missing and leaves the database unchanged.
 */
QF_EXTERN int qf_case_advance(qf_db *db, int64_t case_id, const qf_advance_options *a);

/* Ends an open case without completing it. */
QF_EXTERN int qf_case_cancel(qf_db *db, int64_t case_id, qf_date date, const char *note);

QF_EXTERN int qf_case_get(qf_case **out, qf_db *db, int64_t id);
QF_EXTERN void qf_case_free(qf_case *c);

typedef struct qf_case_filter {
    unsigned version;
    const char *procedure; /* NULL = any */
    int64_t member_id;     /* 0 = any */
    int64_t org_id;        /* 0 = any; else cases of this org or any org below it */
    int state;             /* -1 = any; else a qf_case_state (QF_CASE_ACTIVE includes overdue) */
} qf_case_filter;
#define QF_CASE_FILTER_VERSION 1
#define QF_CASE_FILTER_INIT                                                                        \
    {                                                                                              \
        QF_CASE_FILTER_VERSION, NULL, 0, 0, -1                                                     \
    }

typedef struct qf_case_iter qf_case_iter;
/* Cases by id; states as of the database's today. */
QF_EXTERN int qf_case_list(qf_case_iter **out, qf_db *db, const qf_case_filter *f);
QF_EXTERN int qf_case_next(const qf_case **row, qf_case_iter *it);
QF_EXTERN void qf_case_iter_free(qf_case_iter *it);

/* A case's events, oldest first. */
typedef struct qf_case_event {
    int seq;
    const char *action; /* "start", "complete", "cancel" */
    const char *step;   /* the step completed (NULL for the start) */
    const char *to;     /* the step entered (NULL when the case ended) */
    qf_date date;
    const char *actor;
    const char *note;
    const char *fields; /* JSON object */
    bool late;          /* completed after one of its deadlines */
    const int64_t *artifacts;
    size_t n_artifacts;
} qf_case_event;
typedef struct qf_case_history qf_case_history;
QF_EXTERN int qf_case_history_list(qf_case_history **out, qf_db *db, int64_t case_id);
QF_EXTERN int qf_case_history_next(const qf_case_event **row, qf_case_history *it);
QF_EXTERN void qf_case_history_free(qf_case_history *it);

/* ---- deadlines -------------------------------------------------------------------------- */

typedef enum qf_deadline_kind {
    QF_DEADLINE_WITHIN = 0, /* complete the step by `due` */
    QF_DEADLINE_NOT_BEFORE  /* not before `due` */
} qf_deadline_kind;

typedef enum qf_due_state {
    QF_DUE_PENDING = 0, /* within: not yet due */
    QF_DUE_OVERDUE,     /* within, warning: the date has passed */
    QF_DUE_ESCALATED,   /* within, interrupting: the date has passed, the case is overdue */
    QF_DUE_WAITING,     /* not before: the step cannot be completed yet */
    QF_DUE_READY,       /* not before: the date has come */
    QF_DUE_MET,         /* the step was completed on time */
    QF_DUE_MISSED       /* the step was completed after the date */
} qf_due_state;
QF_EXTERN const char *qf_due_state_name(qf_due_state s); /* "pending", "overdue", … */

typedef struct qf_deadline {
    int64_t case_id;
    const char *procedure;
    int64_t member_id;
    int64_t org_id;
    const char *step;
    const char *step_title;
    int rule; /* 1-based index among the step's time rules */
    qf_deadline_kind kind;
    bool interrupting;
    const char *anchor; /* "entered", "start", a step, or "step.field" */
    qf_date anchor_date;
    const char *duration; /* "1m", "5wd" */
    qf_date due;
    qf_date met;        /* QF_DATE_NONE while pending */
    const char *label;  /* what the rule says, NULL if the definition gave no label */
    qf_due_state state; /* as of `today` */
    int days_left;      /* due - today (negative when overdue) */
} qf_deadline;

typedef struct qf_deadline_iter qf_deadline_iter;
/* Every time rule of a case (all visits of all steps), by due date, judged as of today. */
QF_EXTERN int qf_case_deadlines(qf_deadline_iter **out, qf_db *db, int64_t case_id);
QF_EXTERN int qf_deadline_next(const qf_deadline **row, qf_deadline_iter *it);
QF_EXTERN void qf_deadline_iter_free(qf_deadline_iter *it);

typedef struct qf_tick_options {
    unsigned version;
    int within_days;       /* also report rules falling due up to today + this; default 30 */
    int64_t org_id;        /* 0 = every org; else cases of this org or below it */
    const char *procedure; /* NULL = any */
} qf_tick_options;
#define QF_TICK_OPTIONS_VERSION 1
#define QF_TICK_OPTIONS_INIT                                                                       \
    {                                                                                              \
        QF_TICK_OPTIONS_VERSION, 30, 0, NULL                                                       \
    }

typedef int (*qf_tick_fn)(void *payload, const qf_deadline *d);

/*
 * What is due: for each open case, the time rules of its current step that have passed by
 * `today` or fall due by today + within_days (pending, overdue, escalated; a "not before" that
 * opens in that window as waiting). Pure: it reads only, and depends on nothing but the
 * database and `today`, so a case started years ago is judged right after any gap. Calls `fn`
 * in due-date order; a non-zero return stops and is returned.
 */
QF_EXTERN int qf_flow_tick(qf_db *db, qf_date today, const qf_tick_options *o, qf_tick_fn fn,
                           void *payload);

#ifdef __cplusplus
}
#endif
#endif
