/* Internal: the check view (qf_check_view in qufa/check.h) over one loaded branch. The engine
 * makes one per branch it judges and hands it to every check function called for that branch;
 * what the snapshot does not hold about members (their own fields, their memberships outside
 * the branch) is read on the first question, in one statement. */
#ifndef QUFA_CHECK_VIEW_H
#define QUFA_CHECK_VIEW_H

#include "snapshot.h"

/* A membership of a member the view holds, in any org (the org and group a member record
 * shows are the latest membership that applies on the day, wherever it is). */
typedef struct view_place {
    int64_t id, org_id;
    qf_date start, end;
    bool group;
} view_place;

typedef struct view_person {
    qf_member base; /* the member's own fields; status, org and group are per day */
    size_t place0, n_places;
} view_person;

/* An org outside the branch that a member also belongs to, and whether it is a group. */
typedef struct view_org {
    int64_t id;
    bool group;
} view_org;

/* How many activities a view keeps: a branch's check functions ask for the same few together
 * (one activity judged by several clauses); a function that walks many is not held in memory. */
#define VIEW_ACTIVITIES 16

struct qf_check_view {
    qf_db *db;
    const qf_snapshot *snap;
    int loaded;      /* 0 not yet, 1 loaded, -1 the load failed (nothing answered) */
    int member_asks; /* member records asked for before the load */
    bool people_by_range; /* the load read the members by a range of ids (dense), not a list */
    qf_arena arena;
    view_person *people; /* sorted by id */
    size_t n_people;
    view_place *places;
    size_t n_places;
    view_org *foreign; /* kinds of the orgs outside the branch, looked up once */
    size_t n_foreign, cap_foreign;
    qf_activity *acts[VIEW_ACTIVITIES]; /* activities read, the oldest replaced when full */
    size_t n_acts, next_act;
    qf_member *rows; /* the last answer */
    size_t n_rows, cap_rows;
    qf_member one;
};

void qf__check_view_init(qf_check_view *v, qf_db *db, const qf_snapshot *s);
void qf__check_view_free(qf_check_view *v);

#endif
