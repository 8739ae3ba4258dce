/* Requirement kinds: their parameters, defaults and validation (shared by catalog and engine). */
#ifndef QUFA_REQKIND_H
#define QUFA_REQKIND_H

#include <jansson.h>
#include "internal.h"

typedef enum qf_param_type {
    QF_P_ACTIVITY_KINDS, /* an activity kind or a list of them */
    QF_P_PERIOD_KIND,    /* half_month, month, … */
    QF_P_INT,
    QF_P_NUMBER,
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
    QF_P_OBJECT,         /* free JSON object (labels) */
    QF_P_NUMBER_ANY      /* a non-negative number */
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

typedef struct qf_kind_spec {
    const char *name;
    qf_req_kind kind;
    const char *doc;
    const qf_param_spec *params;
} qf_kind_spec;

const qf_kind_spec *qf__req_kind(const char *name);
const qf_kind_spec *qf__req_kinds(size_t *n);
/* Validates params (an object) for `spec`; `where` prefixes messages ("ZB-1/4.2 requirement 1"). */
int qf__req_validate(qf_db *db, const qf_kind_spec *spec, json_t *params, const char *where);
/* Whether the kind takes parameter `name` (its own, or `remind`, which every kind takes). */
bool qf__req_has_param(const qf_kind_spec *spec, const char *name);
/* Fills defaults into params (in place). */
void qf__req_fill_defaults(const qf_kind_spec *spec, json_t *params);
/* Parses a fraction parameter: ">1/2" → num 1, den 2, strict true. */
bool qf__parse_fraction(const char *s, int *num, int *den, bool *strict);

#endif
