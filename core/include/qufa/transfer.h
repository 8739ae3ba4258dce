/* qufa — organisational relationship transfers (组织关系转接): letters in and out. */
#ifndef QUFA_TRANSFER_H
#define QUFA_TRANSFER_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_transfer_direction { QF_TRANSFER_IN = 0, QF_TRANSFER_OUT } qf_transfer_direction;
typedef enum qf_transfer_status {
    QF_TRANSFER_PENDING = 0, /* letter issued, receipt not back */
    QF_TRANSFER_COMPLETED,   /* receipt returned */
    QF_TRANSFER_CANCELLED
} qf_transfer_status;
QF_EXTERN const char *qf_transfer_direction_name(qf_transfer_direction d); /* "in", "out" */
QF_EXTERN int qf_transfer_direction_parse(qf_transfer_direction *out, const char *s);
QF_EXTERN const char *qf_transfer_status_name(qf_transfer_status s); /* "pending", … */
QF_EXTERN int qf_transfer_status_parse(qf_transfer_status *out, const char *s);

typedef struct qf_transfer {
    int64_t id;
    int64_t member_id;
    int64_t org_id;            /* our org (the receiving or sending branch) */
    qf_transfer_direction direction;
    qf_date letter_date;       /* the introduction letter's date */
    const char *other_org;     /* the org on the other side (free text) */
    const char *letter_no;     /* 介绍信编号 */
    int valid_days;            /* letter validity, 0 = unknown */
    qf_date receipt_date;      /* when the receipt came back / was sent, QF_DATE_NONE = not yet */
    qf_transfer_status status;
    const char *note;
    const char *dues_paid_to;  /* 党费交至: "YYYY-MM", the month dues are paid up to; NULL = not
                                * recorded */
} qf_transfer;

QF_EXTERN int qf_transfer_create(int64_t *id_out, qf_db *db, const qf_transfer *t);
QF_EXTERN int qf_transfer_update(qf_db *db, const qf_transfer *t);
/* Records the receipt: status becomes completed. */
QF_EXTERN int qf_transfer_receipt(qf_db *db, int64_t id, qf_date receipt_date);
QF_EXTERN int qf_transfer_delete(qf_db *db, int64_t id);
QF_EXTERN int qf_transfer_get(qf_transfer **out, qf_db *db, int64_t id);
QF_EXTERN void qf_transfer_free(qf_transfer *t);

typedef struct qf_transfer_filter {
    unsigned version;
    int64_t member_id; /* 0 = any */
    int64_t org_id;    /* 0 = any */
    int status;        /* -1 = any */
} qf_transfer_filter;
#define QF_TRANSFER_FILTER_VERSION 1
#define QF_TRANSFER_FILTER_INIT {QF_TRANSFER_FILTER_VERSION, 0, 0, -1}

typedef struct qf_transfer_iter qf_transfer_iter;
QF_EXTERN int qf_transfer_list(qf_transfer_iter **out, qf_db *db, const qf_transfer_filter *f);
QF_EXTERN int qf_transfer_next(const qf_transfer **row, qf_transfer_iter *it);
QF_EXTERN void qf_transfer_iter_free(qf_transfer_iter *it);

#ifdef __cplusplus
}
#endif
#endif
