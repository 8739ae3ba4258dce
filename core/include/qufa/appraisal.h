/* qufa — 民主评议党员 results: one grade per member and year (优秀 / 合格 / 基本合格 / 不合格),
 * kept by the branch that appraised the member. */
#ifndef QUFA_APPRAISAL_H
#define QUFA_APPRAISAL_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_appraisal_result {
    QF_APPRAISAL_EXCELLENT = 0,       /* 优秀 */
    QF_APPRAISAL_QUALIFIED,           /* 合格 */
    QF_APPRAISAL_BASICALLY_QUALIFIED, /* 基本合格 */
    QF_APPRAISAL_UNQUALIFIED          /* 不合格 */
} qf_appraisal_result;

/* "excellent", "qualified", "basically_qualified", "unqualified" */
QF_EXTERN const char *qf_appraisal_result_name(qf_appraisal_result r);
/* The grade in the reader's language (优秀 …). */
QF_EXTERN const char *qf_appraisal_result_label(qf_appraisal_result r);
/* Accepts the code or the Chinese grade (优秀, 合格, 基本合格, 不合格). */
QF_EXTERN int qf_appraisal_result_parse(qf_appraisal_result *out, const char *s);

typedef struct qf_appraisal {
    int64_t id;
    int64_t member_id;
    /* The branch that appraised the member. On set, 0 = the appraisal meeting's org, else the
     * branch the member belonged to on the appraisal day. */
    int64_t org_id;
    int year;                   /* the year appraised */
    qf_appraisal_result result;
    int64_t activity_id;        /* the appraisal meeting (kind appraisal), 0 = not recorded */
    const char *note;
} qf_appraisal;

/*
 * Records the member's result for the year, replacing an earlier one for the same year. The
 * appraisal day is the meeting's day, else the year's last day (or today, if earlier). Refused
 * (QF_ECONSTRAINT) when the member was not a party member (full or probationary) that day, or
 * did not belong to org_id; QF_EINVALID for a year after today's, a meeting that is not an
 * appraisal or lies in the future, or a party group as org_id.
 */
QF_EXTERN int qf_appraisal_set(int64_t *id_out, qf_db *db, const qf_appraisal *a);
/* QF_ENOTFOUND when the member has no result for the year. */
QF_EXTERN int qf_appraisal_get(qf_appraisal **out, qf_db *db, int64_t member_id, int year);
QF_EXTERN int qf_appraisal_delete(qf_db *db, int64_t member_id, int year);
QF_EXTERN void qf_appraisal_free(qf_appraisal *a);

typedef struct qf_appraisal_filter {
    unsigned version;
    int64_t org_id;      /* 0 = any */
    int64_t member_id;   /* 0 = any */
    int64_t activity_id; /* 0 = any */
    int year;            /* 0 = any */
} qf_appraisal_filter;
#define QF_APPRAISAL_FILTER_VERSION 1
#define QF_APPRAISAL_FILTER_INIT {QF_APPRAISAL_FILTER_VERSION, 0, 0, 0, 0}

typedef struct qf_appraisal_iter qf_appraisal_iter;
/* Results by year, then member name (stroke order of the surname), then id. */
QF_EXTERN int qf_appraisal_list(qf_appraisal_iter **out, qf_db *db, const qf_appraisal_filter *f);
QF_EXTERN int qf_appraisal_next(const qf_appraisal **row, qf_appraisal_iter *it);
QF_EXTERN void qf_appraisal_iter_free(qf_appraisal_iter *it);

#ifdef __cplusplus
}
#endif
#endif
