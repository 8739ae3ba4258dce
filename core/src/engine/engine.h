/* Internal: the evaluation context shared by the engine's evaluators. */
#ifndef QUFA_ENGINE_H
#define QUFA_ENGINE_H

#include "arena.h"
#include "catalog.h"
#include "snapshot.h"

struct qf_check_result {
    qf_arena arena;
    qf_finding *findings;
    size_t n, cap;
    char *period;         /* the requested period's code */
    char *fingerprint;
    char *org;            /* org code asked for, NULL = all */
    qf_date today;
    qf_period range;
};

/* One requirement being judged for one branch over one window of judging dates. */
typedef struct qf_eval {
    qf_db *db;
    qf_check_result *res;
    const qf_check_options *opts;
    const qf_catalog *cat;
    const qf_snapshot *snap;
    const qf_std_rev *rev;
    json_t *std;          /* resolved standard */
    json_t *clause;       /* resolved clause */
    json_t *params;       /* requirement parameters (defaults filled) */
    int req_index;        /* 1-based */
    const char *kind;     /* requirement kind name */
    qf_date today;
    qf_period range;      /* the requested period */
    qf_date win_from, win_to; /* judging dates this revision covers */
    qf_date adopted;          /* the branch adopted the standard from this day (or NONE) */
    qf_fphash *fp;        /* the run's fingerprint, for evaluators that read beyond the snapshot */
    /* qf__eval_kind's answers by kind (the snapshot interns kinds: one pointer per kind) */
    const char *kind_seen[8];
    bool kind_ok[8];
    int n_kind_seen;
} qf_eval;

/* Evidence and subject of a finding being emitted. */
typedef struct qf_emit {
    qf_finding_status status; /* as if the clause were a requirement (fail = unmet) */
    const char *subject_type;
    int64_t subject_id;
    const char *subject;
    int64_t org_id;
    qf_period period;
    const char *message;
    qf_date due;
    const int64_t *activities;
    size_t n_activities;
    const int64_t *artifacts;
    size_t n_artifacts;
    const qf_counts *counts; /* attendance: the counting model's answer, or NULL */
} qf_emit;

/* Adds a finding: maps fail to warn/n-a by clause type, applies not-applicable tailoring. */
int qf__emit(qf_eval *e, const qf_emit *f);
int qf__result_add(qf_check_result *r, const qf_finding *f);

/* Attendance counts in a finding's JSON evidence and back (counts_json.c). */
json_t *qf__counts_json(const qf_counts *c);
/* False (and `out` zeroed) when `o` is not a counts object. */
bool qf__counts_from_json(qf_counts *out, json_t *o);

/* Whether a judging date falls in this evaluation's window. */
bool qf__in_window(const qf_eval *e, qf_date d);
/* The standard (any revision) is in force on every day of [a, b] (checked at both ends). */
bool qf__in_force_over(const qf_eval *e, qf_date a, qf_date b);

/* Whether the activity kind `kind` (a snapshot's interned string) is one of this requirement's
 * "activity" kinds. Every evaluator asks it for every activity; the JSON look-up is done
 * once per kind. */
bool qf__eval_kind(qf_eval *e, const char *kind);

/* Parameter helpers */
bool qf__param_has_kind(json_t *params, const char *key, const char *kind);
int qf__param_int(json_t *params, const char *key, int def);
bool qf__param_bool(json_t *params, const char *key, bool def);
const char *qf__param_str(json_t *params, const char *key);
/* Display label of the activity kinds a parameter names ("半月谈", "党小组会、支部委员会"). */
void qf__kinds_label(qf_db *db, json_t *params, const char *key, char *buf, size_t size);
/* "2017-05-10 党课《题目》": the translated format, then the label from it and the kind's label
 * (the snapshot looks each kind's label up once). */
const char *qf__activity_label_format(void);
void qf__activity_label_as(const char *fmt, const char *kind_label, const snap_activity *a,
                           char *buf, size_t size);

/* evaluators */
int qf__eval_cadence(qf_eval *e);
int qf__eval_position(qf_eval *e);
int qf__eval_term(qf_eval *e);
int qf__eval_members(qf_eval *e);
int qf__eval_artifact(qf_eval *e);
int qf__eval_attendance(qf_eval *e);
int qf__eval_agenda(qf_eval *e);
int qf__eval_guest(qf_eval *e);
int qf__eval_check(qf_eval *e);
int qf__eval_hours(qf_eval *e);
int qf__eval_deadline(qf_eval *e);

/* zh/en helpers */
const char *qf__per_label(qf_period_kind k); /* "每半月" / "per half month" */

#endif
