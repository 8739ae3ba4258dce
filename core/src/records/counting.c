/*
 * The counting model, defined once (docs/counting.md): who is due at an activity, who of them
 * votes, who attended, who attended as 列席. Pure functions over plain inputs, so the engine
 * judges its in-memory snapshot with them and counting_load.c judges rows it reads from the
 * database with the same code.
 */
#include <string.h>
#include "internal.h"
#include "qufa/counting.h"

/* 支部委员会: the posts of a branch committee. A party group leader (党小组长) is appointed in
 * the group and is not a committee member. */
static const char *const COMMITTEE_POSTS[] = {QF_POST_SECRETARY,    QF_POST_DEPUTY_SECRETARY,
                                              QF_POST_ORGANIZATION, QF_POST_PUBLICITY,
                                              QF_POST_DISCIPLINE,   QF_POST_COMMITTEE_MEMBER};

const char *qf_count_role_name(qf_count_role r)
{
    switch (r) {
    case QF_ROLE_VOTING: return "voting";
    case QF_ROLE_NONVOTING: return "nonvoting";
    case QF_ROLE_OBSERVER: return "observer";
    default: return "none";
    }
}

const char *qf_count_body_name(qf_count_body b)
{
    return b == QF_COUNT_COMMITTEE ? "committee" : "members";
}

qf_count_body qf_count_body_for(const char *kind)
{
    return kind && strcmp(kind, QF_KIND_COMMITTEE_MEETING) == 0 ? QF_COUNT_COMMITTEE
                                                                 : QF_COUNT_MEMBERS;
}

bool qf_count_committee_post(const char *post)
{
    for (size_t i = 0; post && i < sizeof COMMITTEE_POSTS / sizeof *COMMITTEE_POSTS; i++)
        if (strcmp(post, COMMITTEE_POSTS[i]) == 0)
            return true;
    return false;
}

bool qf_count_party_member(qf_member_status status)
{
    return status == QF_STATUS_FULL || status == QF_STATUS_PROBATIONARY;
}

qf_count_role qf_count_role_of(const qf_count_person *p, qf_count_body body)
{
    /* a committee meeting counts its committee, whoever else belongs to the org; every other
     * meeting counts the org's party members */
    bool due = body == QF_COUNT_COMMITTEE ? p->holds_post
                                          : p->in_org && qf_count_party_member(p->status);
    if (due)
        return p->status == QF_STATUS_FULL && !p->suspended && !p->discipline
                   ? QF_ROLE_VOTING
                   : QF_ROLE_NONVOTING;
    return p->recorded ? QF_ROLE_OBSERVER : QF_ROLE_NONE;
}

bool qf_count_attended(qf_attendance_state state, bool late_counts)
{
    return state == QF_ATTEND_PRESENT || (late_counts && state == QF_ATTEND_LATE);
}

void qf_count_tally(qf_counts *out, const qf_count_person *people, size_t n, int guests,
                    const qf_count_options *o)
{
    qf_count_options defaults = QF_COUNT_OPTIONS_INIT;
    if (!o)
        o = &defaults;
    memset(out, 0, sizeof *out);
    out->body = o->body;
    out->guests = guests;
    for (size_t i = 0; i < n; i++) {
        const qf_count_person *p = &people[i];
        if (p->recorded)
            out->recorded++;
        qf_count_role role = qf_count_role_of(p, o->body);
        bool came = p->recorded && qf_count_attended(p->state, o->late_counts);
        if (role == QF_ROLE_NONE)
            continue;
        if (role == QF_ROLE_OBSERVER) {
            out->observers += came;
            continue;
        }
        bool voting = role == QF_ROLE_VOTING, full = p->status == QF_STATUS_FULL;
        out->due++;
        out->voting += voting;
        out->full += full;
        out->late += p->recorded && p->state == QF_ATTEND_LATE;
        if (came) {
            out->present++;
            out->present_voting += voting;
            out->present_full += full;
        } else if (p->recorded && p->state == QF_ATTEND_LEAVE) {
            out->leave++;
        } else {
            out->absent++;
            out->unrecorded += !p->recorded;
        }
    }
}
