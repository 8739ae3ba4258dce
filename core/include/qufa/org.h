/* qufa — organisations: a tree of committee / general_branch / branch / group. */
#ifndef QUFA_ORG_H
#define QUFA_ORG_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_org_kind {
    QF_ORG_COMMITTEE = 0,  /* 党委 / 机关党委 */
    QF_ORG_GENERAL_BRANCH, /* 党总支 */
    QF_ORG_BRANCH,         /* 党支部 */
    QF_ORG_GROUP           /* 党小组 */
} qf_org_kind;

/* "committee", "general_branch", "branch", "group" */
QF_EXTERN const char *qf_org_kind_name(qf_org_kind k);
QF_EXTERN int qf_org_kind_parse(qf_org_kind *out, const char *name);

typedef struct qf_org {
    int64_t id;        /* set by create */
    int64_t parent_id; /* 0: a root */
    qf_org_kind kind;
    const char *code;  /* unique, e.g. "gy1" */
    const char *name;  /* "工业标准一部党支部" */
    const char *attrs; /* JSON object text, NULL = {} */
} qf_org;

/*
 * A child must rank below its parent (a group sits under a branch, a branch under a committee
 * or general branch). Codes are unique, 1–64 characters without spaces.
 */
QF_EXTERN int qf_org_create(int64_t *id_out, qf_db *db, const qf_org *org);
/* Replaces every field of the org with id `org->id`. */
QF_EXTERN int qf_org_update(qf_db *db, const qf_org *org);
/* Refused (QF_ECONSTRAINT) while the org has children, members, positions or activities. */
QF_EXTERN int qf_org_delete(qf_db *db, int64_t id);
QF_EXTERN int qf_org_get(qf_org **out, qf_db *db, int64_t id);
QF_EXTERN int qf_org_lookup(qf_org **out, qf_db *db, const char *code);
QF_EXTERN void qf_org_free(qf_org *org);

typedef struct qf_org_filter {
    unsigned version;
    int64_t parent_id; /* 0: any */
    int64_t under;     /* 0: any; else the org itself and all its descendants */
    int kind;          /* -1: any; else a qf_org_kind */
} qf_org_filter;
#define QF_ORG_FILTER_VERSION 1
#define QF_ORG_FILTER_INIT {QF_ORG_FILTER_VERSION, 0, 0, -1}

typedef struct qf_org_iter qf_org_iter;
/* Orgs in tree order (parents before children, then by code). `filter` may be NULL. */
QF_EXTERN int qf_org_list(qf_org_iter **out, qf_db *db, const qf_org_filter *filter);
/* The row is borrowed: valid until the next call or qf_org_iter_free. QF_ITEROVER at the end. */
QF_EXTERN int qf_org_next(const qf_org **row, qf_org_iter *it);
QF_EXTERN void qf_org_iter_free(qf_org_iter *it);

#ifdef __cplusplus
}
#endif
#endif
