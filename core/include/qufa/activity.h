/* qufa — activities (三会一课, 主题党日, 半月谈 …) with attendance, guests and agenda. */
#ifndef QUFA_ACTIVITY_H
#define QUFA_ACTIVITY_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Built-in activity kinds (vocabulary "activity_kind"); branches may register their own. */
#define QF_KIND_GENERAL_MEETING "general_meeting"     /* 支部党员大会 */
#define QF_KIND_COMMITTEE_MEETING "committee_meeting" /* 支部委员会 */
#define QF_KIND_GROUP_MEETING "group_meeting"         /* 党小组会 */
#define QF_KIND_LECTURE "lecture"                     /* 党课 */
#define QF_KIND_THEME_DAY "theme_day"                 /* 主题党日 */
#define QF_KIND_LIFE_MEETING "life_meeting"           /* 组织生活会 */
#define QF_KIND_APPRAISAL "appraisal"                 /* 民主评议党员 */
#define QF_KIND_HEART_TALK "heart_talk"               /* 谈心谈话 */
#define QF_KIND_SEMIMONTHLY_TALK "semimonthly_talk"   /* 半月谈 */
#define QF_KIND_ELECTION "election"                   /* 选举大会 (换届) */

typedef struct qf_activity {
    int64_t id;
    int64_t org_id;          /* the org that held it (a branch, or a group for group meetings) */
    const char *kind;
    const char *title;
    const char *topic;       /* topic or business field ("绿色制造") */
    qf_datetime starts_at;
    qf_datetime ends_at;     /* QF_DATETIME_NONE if not recorded */
    const char *place;
    int64_t host_id;         /* member ids, 0 = none */
    int64_t recorder_id;
    int64_t lecturer_id;
    const char *attrs;       /* JSON object text, NULL = {} */
} qf_activity;

typedef enum qf_attendance_state {
    QF_ATTEND_PRESENT = 0,
    QF_ATTEND_ABSENT,
    QF_ATTEND_LEAVE, /* 请假, with a reason */
    QF_ATTEND_LATE
} qf_attendance_state;
QF_EXTERN const char *qf_attendance_state_name(qf_attendance_state s);
QF_EXTERN int qf_attendance_state_parse(qf_attendance_state *out, const char *name);

typedef struct qf_attendance {
    int64_t activity_id;   /* ignored inside qf_activity_parts */
    int64_t member_id;
    qf_attendance_state state;
    const char *reason;    /* NULL if none */
} qf_attendance;

typedef struct qf_guest {
    int64_t id;
    int64_t activity_id;
    const char *name;
    const char *affiliation;
    const char *role;      /* vocabulary "guest_role": expert, representative, … */
} qf_guest;

typedef struct qf_agenda_item {
    int64_t activity_id;
    int seq;               /* 1-based order */
    const char *segment;   /* a code the standards refer to ("study", "expert_briefing") */
    const char *title;     /* what was done */
} qf_agenda_item;

/* Everything recorded with an activity, for one atomic create. Any array may be empty. */
typedef struct qf_activity_parts {
    const qf_attendance *attendance;
    size_t n_attendance;
    const qf_guest *guests;
    size_t n_guests;
    const qf_agenda_item *agenda; /* seq is taken from the array order */
    size_t n_agenda;
} qf_activity_parts;

/* Creates the activity and its parts in one step: all or nothing. `parts` may be NULL. */
QF_EXTERN int qf_activity_create(int64_t *id_out, qf_db *db, const qf_activity *a,
                                 const qf_activity_parts *parts);
QF_EXTERN int qf_activity_update(qf_db *db, const qf_activity *a);
/* Deletes the activity with its attendance, guests, agenda and artifacts. */
QF_EXTERN int qf_activity_delete(qf_db *db, int64_t id);
QF_EXTERN int qf_activity_get(qf_activity **out, qf_db *db, int64_t id);
QF_EXTERN void qf_activity_free(qf_activity *a);

typedef struct qf_activity_filter {
    unsigned version;
    int64_t org_id;      /* 0 = any */
    int64_t under;       /* 0 = any; else this org and every org below it */
    const char *kind;    /* NULL = any */
    qf_date from;        /* QF_DATE_NONE = open; activities starting on or after */
    qf_date to;          /* QF_DATE_NONE = open; activities starting on or before */
} qf_activity_filter;
#define QF_ACTIVITY_FILTER_VERSION 1
#define QF_ACTIVITY_FILTER_INIT \
    {QF_ACTIVITY_FILTER_VERSION, 0, 0, NULL, QF_DATE_NONE, QF_DATE_NONE}

typedef struct qf_activity_iter qf_activity_iter;
/* Activities by start time, then id. */
QF_EXTERN int qf_activity_list(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f);
QF_EXTERN int qf_activity_next(const qf_activity **row, qf_activity_iter *it);
QF_EXTERN void qf_activity_iter_free(qf_activity_iter *it);
/* How many activities of each kind the filter lists (one aggregate), by kind code; the
 * iterator is freed with qf_activity_iter_free and the row is valid until the next call. */
typedef struct qf_kind_count {
    const char *kind;
    int64_t n;
} qf_kind_count;
QF_EXTERN int qf_activity_kinds(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f);
QF_EXTERN int qf_activity_kind_next(const qf_kind_count **row, qf_activity_iter *it);

/* Attendance: set replaces the member's entry. The member must exist. */
QF_EXTERN int qf_attendance_set(qf_db *db, const qf_attendance *a);
QF_EXTERN int qf_attendance_remove(qf_db *db, int64_t activity_id, int64_t member_id);
typedef struct qf_attendance_iter qf_attendance_iter;
QF_EXTERN int qf_attendance_list(qf_attendance_iter **out, qf_db *db, int64_t activity_id);
QF_EXTERN int qf_attendance_next(const qf_attendance **row, qf_attendance_iter *it);
QF_EXTERN void qf_attendance_iter_free(qf_attendance_iter *it);

QF_EXTERN int qf_guest_add(int64_t *id_out, qf_db *db, const qf_guest *g);
QF_EXTERN int qf_guest_remove(qf_db *db, int64_t guest_id);
typedef struct qf_guest_iter qf_guest_iter;
QF_EXTERN int qf_guest_list(qf_guest_iter **out, qf_db *db, int64_t activity_id);
QF_EXTERN int qf_guest_next(const qf_guest **row, qf_guest_iter *it);
QF_EXTERN void qf_guest_iter_free(qf_guest_iter *it);

/* Replaces the whole agenda of an activity (seq from array order). */
QF_EXTERN int qf_agenda_set(qf_db *db, int64_t activity_id, const qf_agenda_item *items, size_t n);
typedef struct qf_agenda_iter qf_agenda_iter;
QF_EXTERN int qf_agenda_list(qf_agenda_iter **out, qf_db *db, int64_t activity_id);
QF_EXTERN int qf_agenda_next(const qf_agenda_item **row, qf_agenda_iter *it);
QF_EXTERN void qf_agenda_iter_free(qf_agenda_iter *it);

#ifdef __cplusplus
}
#endif
#endif
