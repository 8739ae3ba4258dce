/* qufa — the counting model: who is due at an activity (应到), who of them has voting rights
 * (有表决权), who attended (实到), who was on leave (请假) or absent (缺席), and who attended
 * without being counted (列席). One definition for the check, the ledger, the listings and the
 * documents; docs/counting.md describes it for readers. */
#ifndef QUFA_COUNTING_H
#define QUFA_COUNTING_H

#include "activity.h"
#include "member.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whose attendance an activity counts. */
typedef enum qf_count_body {
    QF_COUNT_MEMBERS = 0, /* the org's 正式 and 预备 members that day */
    QF_COUNT_COMMITTEE    /* the holders of committee posts in the org that day (支部委员会) */
} qf_count_body;

/* What a person was at an activity. */
typedef enum qf_count_role {
    QF_ROLE_NONE = 0,  /* neither due nor recorded: not part of the activity */
    QF_ROLE_VOTING,    /* due, with voting rights (正式党员 without 停止党籍 or 留党察看) */
    QF_ROLE_NONVOTING, /* due, without voting rights (预备党员; 停止党籍 or 留党察看) */
    QF_ROLE_OBSERVER   /* 列席: recorded but not due (an applicant, activist or candidate, a
                        * member of another org, a member who is not on the committee) */
} qf_count_role;
QF_EXTERN const char *qf_count_role_name(qf_count_role r); /* "voting", "nonvoting", "observer" */
QF_EXTERN const char *qf_count_body_name(qf_count_body b); /* "members", "committee" */

/* Everything the model needs to know about one person on the activity's day. */
typedef struct qf_count_person {
    int64_t member_id;
    qf_member_status status;   /* that day; QF_STATUS_NONE when not known */
    bool in_org;               /* belongs to the activity's org that day */
    bool holds_post;           /* holds a counted (committee) post that day */
    bool suspended;            /* 停止党籍 that day */
    bool discipline;           /* 留党察看 that day */
    bool recorded;             /* has an attendance row */
    qf_attendance_state state; /* the row's state, when recorded */
} qf_count_person;

/* The counts of one activity. due = present + leave + absent, always. */
typedef struct qf_counts {
    qf_count_body body;
    int due;            /* 应到 */
    int voting;         /* of those due, with voting rights (应到会有表决权) */
    int full;           /* of those due, 正式党员 (with or without voting rights) */
    int present;        /* 实到: due and present (late arrivals count unless told otherwise) */
    int present_voting; /* of those present, with voting rights */
    int present_full;   /* of those present, 正式党员 */
    int late;           /* of those due, recorded late (in `present` when late counts) */
    int leave;          /* due and on leave (请假): not present, not an unexcused absence */
    int absent;         /* due, neither present nor on leave: recorded absent, late when late
                         * does not count, or not recorded at all */
    int unrecorded;     /* of `absent`, those with no attendance row */
    int observers;      /* 列席 who attended: never in due or present */
    int guests;         /* invited guests (qf_guest rows): never in due or present */
    int recorded;       /* attendance rows, of anyone */
} qf_counts;

typedef struct qf_count_options {
    unsigned version;
    qf_count_body body;
    bool late_counts; /* late arrivals count as present (the default) */
} qf_count_options;
#define QF_COUNT_OPTIONS_VERSION 1
#define QF_COUNT_OPTIONS_INIT {QF_COUNT_OPTIONS_VERSION, QF_COUNT_MEMBERS, true}

/* ---- the model: pure functions over plain inputs ---------------------------------------- */

/* Whose attendance an activity of `kind` counts: the committee for "committee_meeting", the
 * org's members for every other kind. */
QF_EXTERN qf_count_body qf_count_body_for(const char *kind);
/* Whether `post` is a committee post (书记, 副书记, 组织委员, 宣传委员, 纪检委员, 支部委员). */
QF_EXTERN bool qf_count_committee_post(const char *post);
/* Whether a status makes a party member (正式 or 预备); applicants, activists and candidates
 * are not 党员. */
QF_EXTERN bool qf_count_party_member(qf_member_status status);
/* The person's role under `body`. */
QF_EXTERN qf_count_role qf_count_role_of(const qf_count_person *p, qf_count_body body);
/* Whether a recorded state counts as attending. */
QF_EXTERN bool qf_count_attended(qf_attendance_state state, bool late_counts);
/* Adds up `people` (each member once) under the options (NULL = defaults); `guests` is
 * copied into the counts. */
QF_EXTERN void qf_count_tally(qf_counts *out, const qf_count_person *people, size_t n,
                              int guests, const qf_count_options *o);

/* ---- the model over the database -------------------------------------------------------- */

/* The counts of an activity, from its org's memberships, statuses, flags and posts on its
 * day and its attendance rows. QF_ENOTFOUND for an unknown activity. */
QF_EXTERN int qf_activity_counts(qf_counts *out, qf_db *db, int64_t activity_id);

/* The counts of a meeting of `org_id`'s members held on `on` with nothing recorded yet: who
 * would be due and who of them would vote (a roster's 党员 count). */
QF_EXTERN int qf_org_counts(qf_counts *out, qf_db *db, int64_t org_id, qf_date on);

/* Everyone who counts at an activity: those due (recorded or not), then the observers (列席),
 * each ordered by code, then name. */
typedef struct qf_attendee {
    int64_t member_id;
    const char *code;          /* NULL if none */
    const char *name;
    qf_member_status status;   /* on the activity's day */
    int64_t group_id;          /* party group on the activity's day, 0 = none */
    qf_count_role role;
    bool recorded;             /* an attendance row exists */
    qf_attendance_state state; /* when recorded */
    const char *reason;        /* NULL if none */
    bool attended;             /* counts as attending (late counts) */
} qf_attendee;
typedef struct qf_attendee_iter qf_attendee_iter;
QF_EXTERN int qf_attendee_list(qf_attendee_iter **out, qf_db *db, int64_t activity_id);
QF_EXTERN int qf_attendee_next(const qf_attendee **row, qf_attendee_iter *it);
QF_EXTERN void qf_attendee_iter_free(qf_attendee_iter *it);
/* The counts of the iterator's activity, from the people it read (qf_activity_counts without
 * reading them again), wherever the iteration stands. */
QF_EXTERN int qf_attendee_counts(qf_counts *out, const qf_attendee_iter *it);

/* ---- the model over many activities --------------------------------------------------------
 * The counts and attendees of every activity a filter lists (qf_activity_list's filter), read
 * org by org in a fixed number of statements per org instead of one per activity: for ledgers
 * and reports over a period. The same numbers and lists as qf_activity_counts and
 * qf_attendee_list. Activities come org by org (by org id), each org's in the filter's order
 * (start time, then id); the scan reads one snapshot of the database. */
typedef struct qf_count_scan qf_count_scan;
typedef struct qf_count_item {
    int64_t activity_id;
    int64_t org_id;
    const qf_counts *counts;
    const qf_attendee *attendees; /* in qf_attendee_list's order */
    size_t n_attendees;
} qf_count_item; /* valid until the next call */
QF_EXTERN int qf_count_scan_open(qf_count_scan **out, qf_db *db, const qf_activity_filter *f);
/* The next activity, or QF_ITEROVER. */
QF_EXTERN int qf_count_scan_next(qf_count_scan *s, qf_count_item *item);
QF_EXTERN void qf_count_scan_free(qf_count_scan *s);

#ifdef __cplusplus
}
#endif
#endif
