/* Requirement kinds: one descriptor per kind, the single definition of its parameters (name,
 * type, default, bounds, documentation), the rules between them, its evaluator and what it
 * reads of the records. Loading a pack compiles every requirement through its descriptor;
 * tailorings are checked against the same descriptor; the engine calls the evaluator;
 * `qufa standards kinds` and docs/writing-standards.md §3 are printed from it. */
#ifndef QUFA_KINDS_H
#define QUFA_KINDS_H

#include <jansson.h>
#include "arena.h"
#include "internal.h"

typedef enum qf_param_type {
    QF_P_ACTIVITY_KINDS, /* an activity kind or a list of them */
    QF_P_PERIOD_KIND,    /* half_month, month, … */
    QF_P_INT,
    QF_P_NUMBER,         /* 0..1 */
    QF_P_BOOL,
    QF_P_STRING,
    QF_P_STRINGS,        /* list of strings */
    QF_P_POST,
    QF_P_POSTS,
    QF_P_ROLE,
    QF_P_ARTIFACT_TYPE,
    QF_P_FRACTION,       /* ">1/2", ">=2/3", ">4/5" */
    QF_P_ENUM,
    QF_P_STATUSES,       /* member statuses */
    QF_P_OBJECT,         /* a table (labels, args) */
    QF_P_NUMBER_ANY,     /* a non-negative number */
    QF_P_POST_HOURS      /* {post = hours, …} */
} qf_param_type;

typedef struct qf_param_spec {
    const char *name;
    qf_param_type type;
    bool required;
    const char *def;      /* default as JSON text, NULL = none */
    const char *choices;  /* QF_P_ENUM: "a|b|c" */
    long min, max;        /* QF_P_INT bounds */
    const char *doc;
} qf_param_spec;

typedef enum qf_req_kind {
    QF_REQ_CADENCE = 0,
    QF_REQ_ARTIFACT,
    QF_REQ_ATTENDANCE,
    QF_REQ_AGENDA,
    QF_REQ_GUEST,
    QF_REQ_POSITION,
    QF_REQ_TERM,
    QF_REQ_MEMBERS,
    QF_REQ_CHECK,
    QF_REQ_HOURS,
    QF_REQ_DEADLINE,
    QF_REQ_COUNT_
} qf_req_kind;

/* Where a value came from: the kind's default (by = NULL), the standard (by = ""), or a
 * tailoring (its code, reason and effective day); `prev` is what it replaced. */
typedef struct qf_prov {
    const char *by;
    const char *reason;
    qf_date effective;
    json_t *was;                 /* the value it replaced (borrowed), NULL for none */
    const struct qf_prov *prev;
} qf_prov;

/* A typed parameter value. Which members hold it depends on the spec's type. */
typedef struct qf_pval {
    bool set;                    /* false: absent (and no default) */
    long i;                      /* INT, BOOL (0/1) */
    double d;                    /* NUMBER, NUMBER_ANY */
    const char *s;               /* STRING, ENUM, POST, ROLE, ARTIFACT_TYPE, FRACTION text */
    const char *const *list;     /* ACTIVITY_KINDS, STRINGS, POSTS, STATUSES (one = a list of 1) */
    size_t n;
    int num, den;                /* FRACTION */
    bool strict;                 /* FRACTION: '>' rather than '>=' */
    int per;                     /* PERIOD_KIND (qf_period_kind) */
    const char *const *keys;     /* POST_HOURS: posts … */
    const double *values;        /* … and their hours (n entries) */
    json_t *json;                /* the value as written (borrowed from its definition) */
    const qf_prov *from;
} qf_pval;

struct qf_eval;
struct snap_need;
struct qf_req;

typedef struct qf_kind_desc {
    const char *name;
    qf_req_kind kind;
    const char *doc;
    const char *subject;         /* what each finding is about: period, activity, org, member */
    const qf_param_spec *params; /* in the order of the kind's value indices */
    size_t n_params;
    /* rules between parameters (after each value passed its own type check) */
    int (*validate)(const struct qf_req *r, const char *where);
    int (*evaluate)(struct qf_eval *e);
    /* what the evaluator reads of each activity's children (NULL: nothing) */
    void (*needs)(const struct qf_req *r, struct snap_need *need);
} qf_kind_desc;

/* A compiled requirement: its kind and one typed value per parameter. */
typedef struct qf_req {
    const qf_kind_desc *kind;
    int index;                   /* 1-based within its clause */
    qf_pval *p;                  /* kind->n_params values */
    const char *leads;           /* `remind`: lead times joined ("-5d,-2d"), NULL = defaults */
    json_t *leads_json;
    const qf_prov *leads_from;
    const char *fn_ref;          /* check: the stored function's reference */
} qf_req;

const qf_kind_desc *qf__kinds(size_t *n);
const qf_kind_desc *qf__kind(const char *name);
/* Whether a finding of r can fall due on a day of its own (its `deadline`, what a reminder is
 * about: docs/check-output.md). Attendance, agenda, guests, members and posts judge what
 * happened or holds, with no day to meet; a check function on an org or a member answers for
 * the whole range judged (while `open`, its deadline is the range's end, not a day of its own). */
bool qf__req_dated(const struct qf_req *r);
/* The index of parameter `name` in the kind (-1: it has none; `remind` is not one). */
int qf__kind_param(const qf_kind_desc *k, const char *name);

/* Compiles one value of `spec` (type, bounds, vocabulary) into `out` (strings in `a`). */
int qf__pval_compile(qf_db *db, const qf_param_spec *spec, json_t *v, qf_arena *a, qf_pval *out,
                     const char *where);
/* Compiles a requirement's parameters (a JSON object): unknown names, types, required ones,
 * defaults, then the kind's own rules. `from` is the provenance of the values given. */
int qf__req_compile(qf_db *db, const qf_kind_desc *k, json_t *params, qf_arena *a,
                    const qf_prov *from, qf_req *out, const char *where);
/* Sets parameter `name` of a compiled requirement to `v` (a tailoring's change), then checks
 * the kind's rules again. The values array is copied first (`r->p` may be shared). */
int qf__req_set(qf_db *db, qf_req *r, const char *name, json_t *v, qf_arena *a,
                const qf_prov *from, const char *where);
/* The resolved parameters as a JSON object (every value, defaults included): what a check
 * function receives and `standards show` prints. New reference. */
json_t *qf__req_params_json(const qf_req *r);

/* Parses a fraction parameter: ">1/2" → num 1, den 2, strict true. */
bool qf__parse_fraction(const char *s, int *num, int *den, bool *strict);
/* Whether `code` is among a list value. */
bool qf__pval_has(const qf_pval *v, const char *code);

#endif
