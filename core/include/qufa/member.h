/* qufa — members: status with a dated history, flags over date ranges, org and group
 * membership over date ranges, free JSON attributes. */
#ifndef QUFA_MEMBER_H
#define QUFA_MEMBER_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_member_status {
    QF_STATUS_NONE = -1,
    QF_STATUS_APPLICANT = 0, /* 入党申请人 */
    QF_STATUS_ACTIVIST,      /* 入党积极分子 */
    QF_STATUS_CANDIDATE,     /* 发展对象 */
    QF_STATUS_PROBATIONARY,  /* 预备党员 */
    QF_STATUS_FULL           /* 正式党员 */
} qf_member_status;

QF_EXTERN const char *qf_member_status_name(qf_member_status s);
QF_EXTERN int qf_member_status_parse(qf_member_status *out, const char *name);

/* Flags held over date ranges: "suspended" (停止党籍), "on_probation_discipline" (留党察看),
 * "mobile" (流动党员); user-defined flags are allowed (lower-case identifiers). */
#define QF_FLAG_SUSPENDED "suspended"
#define QF_FLAG_DISCIPLINE "on_probation_discipline"
#define QF_FLAG_MOBILE "mobile"

typedef struct qf_member {
    int64_t id;
    const char *code;       /* optional unique external number (党员编号), NULL if none */
    const char *name;
    const char *gender;     /* "male", "female" or NULL */
    qf_date birth_date;     /* QF_DATE_NONE if unknown (personal: masked in exports) */
    qf_date joined;         /* 入党日期 (admitted as probationary), QF_DATE_NONE if not yet */
    const char *phone;      /* personal: masked in exports */
    const char *id_number;  /* personal: masked in exports */
    const char *attrs;      /* JSON object text, NULL = {} */

    /* On create: the initial status, since `since`, and the branch and party group the member
     * belongs to from `since`. On get/list: the values on the day asked for (default today). */
    qf_member_status status;
    qf_date since;          /* create: default today; get/list: date the status began */
    int64_t org_id;         /* branch (or any non-group org), 0 = none */
    int64_t group_id;       /* party group (an org of kind group), 0 = none */
} qf_member;

/* A member's personal fields as exports and restricted code see them: "1980-**-**",
 * "139****5678", "110101********1234" ("" for a field that is not set). */
typedef struct qf_member_masked {
    char birth_date[11];
    char phone[64];
    char id_number[64];
} qf_member_masked;
QF_EXTERN void qf_member_mask(const qf_member *m, qf_member_masked *out);

QF_EXTERN int qf_member_create(int64_t *id_out, qf_db *db, const qf_member *m);
/* Replaces the descriptive fields (code, name, gender, dates, phone, id_number, attrs).
 * Status, org and group change only through the dated functions below. */
QF_EXTERN int qf_member_update(qf_db *db, const qf_member *m);
/* Deletes a member and all their history; refused while attendance or positions refer to
 * them (a member who left is ended with qf_member_leave, not deleted). */
QF_EXTERN int qf_member_delete(qf_db *db, int64_t id);
/* The member as of `on` (QF_DATE_NONE = today). */
QF_EXTERN int qf_member_get(qf_member **out, qf_db *db, int64_t id, qf_date on);
QF_EXTERN int qf_member_lookup(qf_member **out, qf_db *db, const char *code, qf_date on);
QF_EXTERN void qf_member_free(qf_member *m);

/* Status history: a new status from `since` (must not be before the current one's start). */
QF_EXTERN int qf_member_set_status(qf_db *db, int64_t id, qf_member_status status, qf_date since,
                                   const char *note);
QF_EXTERN int qf_member_status_on(qf_member_status *out, qf_db *db, int64_t id, qf_date on);

/*
 * Membership of an org over a date range. Joining an org of the same kind (another branch,
 * another group) ends the current one the day before. Leaving ends it on `until` (inclusive).
 */
QF_EXTERN int qf_member_join(qf_db *db, int64_t member_id, int64_t org_id, qf_date since);
QF_EXTERN int qf_member_leave(qf_db *db, int64_t member_id, int64_t org_id, qf_date until);

/* Flags: held from `start` to `end` inclusive (QF_DATE_NONE = open-ended). */
QF_EXTERN int qf_member_set_flag(qf_db *db, int64_t member_id, const char *flag, qf_date start,
                                 qf_date end);
/* Ends an open flag on `end`. */
QF_EXTERN int qf_member_clear_flag(qf_db *db, int64_t member_id, const char *flag, qf_date end);
QF_EXTERN int qf_member_has_flag(bool *out, qf_db *db, int64_t member_id, const char *flag,
                                 qf_date on);

typedef enum qf_member_order {
    QF_MEMBER_ORDER_NAME = 0, /* by name (code point order), then id */
    QF_MEMBER_ORDER_STROKES   /* 姓氏笔画: by the names' stroke counts (qf_name_compare), then id */
} qf_member_order;

typedef struct qf_member_filter {
    unsigned version;
    qf_date on;          /* QF_DATE_NONE = today */
    int64_t org_id;      /* 0 = any; else members of this org on `on` (direct membership) */
    int64_t under;       /* 0 = any; else members of this org or any org below it on `on` */
    unsigned status_mask;/* 0 = any; else bit (1u << status) for each status wanted */
    const char *flag;    /* NULL = any; else only members holding this flag on `on` */
    const char *name;    /* NULL = any; else exact name */
    bool voting;         /* only full members without suspended/discipline flags on `on` */
    int order;           /* version 2: a qf_member_order (the list only; count ignores it) */
} qf_member_filter;
#define QF_MEMBER_FILTER_VERSION 2
#define QF_MEMBER_FILTER_INIT                                                                      \
    {QF_MEMBER_FILTER_VERSION, QF_DATE_NONE, 0, 0, 0, NULL, NULL, false, QF_MEMBER_ORDER_NAME}

typedef struct qf_member_iter qf_member_iter;
/* Members ordered as filter->order says (by name then id unless asked otherwise); rows carry
 * status/org/group as of filter->on. */
QF_EXTERN int qf_member_list(qf_member_iter **out, qf_db *db, const qf_member_filter *filter);
QF_EXTERN int qf_member_next(const qf_member **row, qf_member_iter *it);
QF_EXTERN void qf_member_iter_free(qf_member_iter *it);
/* How many members match (same filter). */
QF_EXTERN int qf_member_count(int64_t *out, qf_db *db, const qf_member_filter *filter);

/* History rows, oldest first. */
typedef struct qf_member_event {
    const char *what;   /* "status", "org", "flag" */
    const char *value;  /* status name, org code, flag name */
    int64_t org_id;     /* for "org" */
    qf_date start;
    qf_date end;        /* QF_DATE_NONE = still current */
    const char *note;
} qf_member_event;
typedef struct qf_member_history qf_member_history;
QF_EXTERN int qf_member_history_list(qf_member_history **out, qf_db *db, int64_t member_id);
QF_EXTERN int qf_member_history_next(const qf_member_event **row, qf_member_history *it);
QF_EXTERN void qf_member_history_free(qf_member_history *it);

#ifdef __cplusplus
}
#endif
#endif
