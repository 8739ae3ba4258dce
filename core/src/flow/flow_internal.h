/* Internal to core/: procedure definitions (normalised JSON) and the case machinery shared by
 * the procedure_*.c and flow_*.c files. */
#ifndef QUFA_FLOW_INTERNAL_H
#define QUFA_FLOW_INTERNAL_H

#include <jansson.h>
#include "internal.h"

/* Limits on a definition: generous for real procedures, small enough to keep checks linear. */
#define QF_PROC_MAX_STEPS 200
#define QF_PROC_MAX_LIST 50

/* ---- procedure_json.c, procedure_spec.c, procedure_def.c: validation ------------------ */

/* The definition being normalised. */
typedef struct qf_def_ctx {
    qf_db *db;
    const char *code;
    json_t *out;    /* the normalised definition being built */
    json_t *params; /* its "params" (normalised) */
    json_t *types;  /* its "artifact_types" */
} qf_def_ctx;

bool qf__pj_in_list(const char *const *list, const char *s);
/* "a, b, c" of a NULL-terminated list. */
void qf__pj_join(char *buf, size_t size, const char *const *list);
/* Refuses keys outside `allowed`, naming them and the expected ones. */
int qf__pj_only_keys(json_t *obj, const char *const *allowed, const char *where);
/* A value as an error message shows it: 'text' (cut at 60 bytes), 12, true, a table, nothing. */
const char *qf__pj_show(json_t *v, char *buf, size_t size);
/* Copies an optional (or required) string field into `dst` after checking it. */
int qf__pj_copy_text(json_t *dst, json_t *src, const char *key, bool required, size_t max,
                     const char *where);
/* A code: [a-z][a-z0-9_]*. */
int qf__pj_check_ident(const char *what, json_t *v, const char *where);
/* {"ref": "name"}: a Lua function, re-created from the stored source when it must run. */
int qf__pj_copy_ref(json_t *dst, json_t *src, const char *key, const char *where);

/* procedure_spec.c: the definition's params, artifact_types, and a `fields` table. */
int qf__proc_norm_params(qf_def_ctx *c, json_t *in, const char *where);
int qf__proc_norm_types(qf_def_ctx *c, json_t *in, const char *where);
int qf__proc_norm_fields(qf_def_ctx *c, json_t *dst, json_t *src, const char *where);
/* A rule's duration: a literal or "$param" naming a duration parameter. */
int qf__proc_check_duration(qf_def_ctx *c, json_t *v, const char *where);
/* A numeric bound: a number or "$param" naming a number parameter. */
int qf__proc_check_bound(qf_def_ctx *c, json_t *v, const char *where);
/* An artifact type of the vocabulary or of the procedure's own artifact_types. */
int qf__proc_check_artifact_type(qf_def_ctx *c, json_t *v, const char *where);

/* Validates a definition and returns its normalised form (a new reference): defaults filled
 * (subject, `next` of a step without one, deadline kinds, field `required`), shorthands
 * expanded, unknown keys refused. Messages say "procedure CODE: step S: what". */
int qf__proc_normalize(json_t **out, qf_db *db, json_t *in);
/* Canonical text (sorted keys, compact, ASCII) and its SHA-256. `text` may be NULL. */
int qf__proc_canonical(char **text, char hash[65], json_t *def);
/* Checks `value` against a parameter declaration {type, min, max}. */
int qf__proc_check_param(json_t *spec, json_t *value, const char *where);
/* Checks a field value against its declaration; member/org ids must exist. */
int qf__proc_check_field(qf_db *db, json_t *spec, json_t *value, json_t *params, const char *where);

/* ---- procedure_graph.c: the transition graph ------------------------------------------ */

/* Every step reachable from the first, every step able to reach an end, and no cycle except
 * through transitions marked `again`. */
int qf__proc_check_graph(json_t *def, const char *code);
/* Whether step index `to` can follow step index `from` (through any transitions). */
bool qf__proc_reaches(json_t *def, size_t from, size_t to);

/* ---- lookups in a normalised definition ----------------------------------------------- */
json_t *qf__proc_step(json_t *def, const char *step);
const char *qf__proc_step_title(json_t *def, const char *step);
/* A rule's duration: a literal ("1m", "5wd") or "$param" resolved from the case's params. */
int qf__proc_duration(qf_duration *out, char text[16], json_t *v, json_t *params);
/* An integer bound: a number or "$param". */
bool qf__proc_number(double *out, json_t *v, json_t *params);

/* ---- procedure_load.c ----------------------------------------------------------------- */
/* The stored definition of a revision, parsed. */
int qf__proc_def_by_id(json_t **out, qf_db *db, int64_t def_id);
/* Resolves (code, rev 0 = latest) to the stored row id and revision. */
int qf__proc_find(int64_t *def_id, int *rev, qf_db *db, const char *code, int want_rev);

/* ---- flow_deadline.c: time rules ------------------------------------------------------ */

/* What a case knows when it computes dates: its pinned parameters and start fields. */
typedef struct qf_flow_ctx {
    qf_db *db;
    int64_t case_id;
    json_t *def;
    json_t *params;
    json_t *start_fields;
    qf_date started;
} qf_flow_ctx;

/* The date an anchor stands for ("entered", "start", "start.F", "S", "S.F"); *known is false
 * when the step has not been completed or the field not recorded. `own_step`/`own_fields`
 * resolve the step's own fields at completion (NULL when entering). */
int qf__flow_anchor(qf_date *out, bool *known, const qf_flow_ctx *c, const char *anchor,
                    qf_date entered, const char *own_step, json_t *own_fields);
/* Records the deadlines of `step` entered on `entered` by transition `entry_id`. */
int qf__flow_enter(const qf_flow_ctx *c, int64_t entry_id, const char *step, qf_date entered);
/* Stores one time rule of a step visit; `met` may already be known (rules checked at
 * completion). */
int qf__flow_put_deadline(const qf_flow_ctx *c, int64_t entry_id, const char *step, int rule,
                          json_t *spec, qf_date anchor_date, qf_date met, int64_t *id_out);
/* Deadline rows: the columns (over flow_deadline d, flow_case c, procedure_def p) and the
 * reader that judges a row as of `today`. */
#define QF_DEADLINE_COLS                                                                           \
    "d.case_id, c.procedure, c.member_id, c.org_id, d.step, (SELECT json_extract(s.value, "        \
    "'$.title') FROM json_each(p.def, '$.steps') s WHERE json_extract(s.value, '$.code') = "       \
    "d.step), d.rule, d.kind, d.interrupting, d.anchor, d.anchor_date, d.duration, d.due, d.met, " \
    "d.label"
void qf__flow_deadline_row(qf_stmt *st, qf_deadline *d, qf_date today);
/* Recomputes the due dates of pending working-day rules after the calendar changed. */
int qf__flow_recompute_workdays(qf_db *db, int *changed);

/* ---- flow_case.c ---------------------------------------------------------------------- */
/* Appends an event to a case; returns its id. */
int qf__flow_record(int64_t *id_out, qf_db *db, int64_t case_id, const char *action,
                    const char *step, const char *to, qf_date date, const char *note,
                    const char *fields, bool late);
/* A day something happened: today when `*d` is QF_DATE_NONE, never after today. */
int qf__flow_check_date(qf_db *db, qf_date *d, const char *what);
/* Checks fields given for a step (or the start) against their declarations: unknown names,
 * required ones missing, values of the wrong type. */
int qf__flow_check_fields(qf_db *db, json_t *specs, json_t *given, json_t *params,
                          const char *where);
/* A JSON object from text (NULL or "" gives an empty object). */
int qf__flow_parse_object(json_t **out, const char *text, const char *what);
/* The SQL expression (over flow_case c and the bound today ?T) giving the case's state. */
#define QF_FLOW_STATE_SQL(T)                                                                       \
    "CASE WHEN c.state <> 'active' THEN c.state WHEN EXISTS (SELECT 1 FROM flow_deadline d "       \
    "WHERE d.case_id = c.id AND d.entry_id = c.entry_id AND d.kind = 'within' AND "                \
    "d.interrupting = 1 AND d.met IS NULL AND d.due < " T ") THEN 'overdue' ELSE 'active' END"

#endif
