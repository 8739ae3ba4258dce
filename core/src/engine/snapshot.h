/* Internal: everything the engine needs about one branch over a date range, loaded in a few
 * indexed queries (never one query per record) and judged in memory. */
#ifndef QUFA_SNAPSHOT_H
#define QUFA_SNAPSHOT_H

#include <jansson.h>
#include "arena.h"
#include "fphash.h"
#include "internal.h"

typedef struct snap_org {
    int64_t id;
    int64_t parent_id;
    const char *code, *name;
    qf_org_kind kind;
    const char *last_election; /* attrs.last_election, NULL if none */
} snap_org;

typedef struct snap_artifact {
    int64_t id, activity_id;
    const char *type;
    qf_datetime issued; /* QF_DATETIME_NONE if not recorded */
} snap_artifact;

typedef struct snap_attendance {
    int64_t activity_id, member_id;
    qf_attendance_state state;
} snap_attendance;

typedef struct snap_guest {
    int64_t activity_id, id;
    const char *role, *name; /* name: for an explanation (check --explain) */
} snap_guest;

typedef struct snap_agenda {
    int64_t activity_id;
    int seq;
    const char *segment;
} snap_agenda;

typedef struct snap_activity {
    int64_t id, org_id, lecturer_id;
    const char *kind, *title, *topic;
    qf_datetime starts, ends;
    qf_date day;
    /* ranges into the child arrays (sorted by activity id) */
    size_t art0, n_art, att0, n_att, guest0, n_guest, agenda0, n_agenda;
} snap_activity;

typedef struct snap_membership {
    int64_t member_id, org_id;
    const char *member_name;
    qf_date start, end; /* end QF_DATE_NONE = open */
} snap_membership;

typedef struct snap_status {
    int64_t member_id;
    qf_date since;
    qf_member_status status;
} snap_status;

typedef struct snap_flag {
    int64_t member_id;
    const char *flag;
    qf_date start, end;
} snap_flag;

typedef struct snap_position {
    int64_t member_id, org_id;
    const char *post, *member_name;
    qf_date start, end;
} snap_position;

typedef struct qf_snapshot {
    qf_arena arena;
    int64_t branch_id;
    qf_date from, to;
    snap_org *orgs;                size_t n_orgs;   /* [0] is the branch */
    snap_activity *activities;     size_t n_activities; /* sorted by id */
    snap_artifact *artifacts;      size_t n_artifacts;
    snap_attendance *attendance;   size_t n_attendance;
    snap_guest *guests;            size_t n_guests;
    snap_agenda *agenda;           size_t n_agenda;
    snap_membership *memberships;  size_t n_memberships;
    snap_status *statuses;         size_t n_statuses; /* sorted by member, since */
    snap_flag *flags;              size_t n_flags;
    snap_position *positions;      size_t n_positions;
} qf_snapshot;

/* Activity kinds whose rows of one child table are needed: all, or these (strings that
 * outlive the load). */
#define SNAP_NEED_MAX 16
typedef struct snap_need_kinds {
    bool all;
    const char *kinds[SNAP_NEED_MAX];
    size_t n;
} snap_need_kinds;
/* What the requirements being judged read of each activity's children: the engine loads only
 * those (an activity whose kind no artifact requirement names has no artifacts loaded). */
typedef struct snap_need {
    snap_need_kinds artifacts, attendance, guests, agenda;
} snap_need;
/* Adds the kinds of a requirement's "activity" parameter. */
void qf__snap_need_add(snap_need_kinds *k, const char *const *kinds, size_t n);

/* Loads the branch (and its groups) for activities starting in [from, to]; every row read is
 * fed to `fp` (the fingerprint) when it is not NULL. `need` NULL loads every child row. */
int qf__snapshot_load(qf_snapshot *s, qf_db *db, int64_t branch_id, qf_date from, qf_date to,
                      qf_fphash *fp, const snap_need *need);
void qf__snapshot_free(qf_snapshot *s);

const snap_org *qf__snap_org(const qf_snapshot *s, int64_t id);
/* Status of a member on a day (QF_STATUS_NONE before the first). */
qf_member_status qf__snap_status(const qf_snapshot *s, int64_t member_id, qf_date d);
bool qf__snap_has_flag(const qf_snapshot *s, int64_t member_id, const char *flag, qf_date d);
/* Whether the member belongs to `org_id` on `d`. */
bool qf__snap_member_of(const qf_snapshot *s, int64_t member_id, int64_t org_id, qf_date d);

#endif
