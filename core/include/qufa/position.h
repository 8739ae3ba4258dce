/* qufa — posts held by members in an org over a date range (书记, 组织委员, 纪检委员 …). */
#ifndef QUFA_POSITION_H
#define QUFA_POSITION_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Built-in posts; user-defined ones are registered with qf_vocab_define(db, "post", …). */
#define QF_POST_SECRETARY "secretary"
#define QF_POST_DEPUTY_SECRETARY "deputy_secretary"
#define QF_POST_ORGANIZATION "organization"
#define QF_POST_PUBLICITY "publicity"
#define QF_POST_DISCIPLINE "discipline"
#define QF_POST_GROUP_LEADER "group_leader"
#define QF_POST_COMMITTEE_MEMBER "committee_member"

typedef struct qf_position {
    int64_t id;
    int64_t member_id;
    int64_t org_id;
    const char *post;
    qf_date start;
    qf_date end;      /* inclusive; QF_DATE_NONE = still held */
    const char *note;
} qf_position;

/* Refused when the same member already holds the same post in the org on an overlapping day. */
QF_EXTERN int qf_position_create(int64_t *id_out, qf_db *db, const qf_position *p);
QF_EXTERN int qf_position_update(qf_db *db, const qf_position *p);
QF_EXTERN int qf_position_delete(qf_db *db, int64_t id);
QF_EXTERN int qf_position_get(qf_position **out, qf_db *db, int64_t id);
QF_EXTERN void qf_position_free(qf_position *p);
/* Ends a held position on `end` (inclusive). */
QF_EXTERN int qf_position_end(qf_db *db, int64_t id, qf_date end);

typedef struct qf_position_filter {
    unsigned version;
    int64_t org_id;    /* 0 = any */
    int64_t member_id; /* 0 = any */
    const char *post;  /* NULL = any */
    qf_date on;        /* QF_DATE_NONE = any time; else only positions held on that day */
} qf_position_filter;
#define QF_POSITION_FILTER_VERSION 1
#define QF_POSITION_FILTER_INIT {QF_POSITION_FILTER_VERSION, 0, 0, NULL, QF_DATE_NONE}

typedef struct qf_position_iter qf_position_iter;
QF_EXTERN int qf_position_list(qf_position_iter **out, qf_db *db, const qf_position_filter *f);
QF_EXTERN int qf_position_next(const qf_position **row, qf_position_iter *it);
QF_EXTERN void qf_position_iter_free(qf_position_iter *it);

/* Who holds `post` in `org_id` on `on`: *member_id = 0 when nobody does. */
QF_EXTERN int qf_position_holder(int64_t *member_id, qf_db *db, int64_t org_id, const char *post,
                                 qf_date on);

#ifdef __cplusplus
}
#endif
#endif
