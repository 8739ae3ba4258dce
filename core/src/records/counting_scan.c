/*
 * The counting model over many activities at once (a ledger, the attendance and compliance
 * reports): the activities a filter lists, org by org. The people in the filter's scope — name,
 * statuses, flags and party groups — are read once for the scan (four statements), and each
 * org's memberships, posts, attendance rows and guests in four more, whatever the number of its
 * activities; then each activity's people are found in memory and judged by counting.c, as
 * counting_load.c does with one statement per activity (the results are the same: see
 * tests/core/test_counting.c). Memory grows with the people in scope and one org's
 * attendance, not with the activities.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "activity_internal.h"
#include "arena.h"
#include "people.h"

typedef struct scan_act {
    int64_t id, org_id;
    qf_date day;
    qf_count_body body;
    size_t order; /* position in the filter's order */
} scan_act;

typedef struct span_row { /* a membership of the org, or a post in it */
    int64_t member_id;
    qf_date start, end; /* end QF_DATE_NONE: open */
    bool committee;     /* a post: a committee post */
} span_row;

typedef struct facts_row { /* a person the org's activities name */
    int64_t id;
    const char *code, *name;
} facts_row;

typedef struct status_row {
    int64_t member_id;
    qf_date since;
    qf_member_status status;
} status_row;

typedef struct flag_row {
    int64_t member_id;
    qf_date start, end;
    int bit; /* 1 suspended, 2 on probation (discipline) */
} flag_row;

typedef struct group_row {
    int64_t member_id, org_id, row_id;
    qf_date start, end;
} group_row;

typedef struct att_row {
    int64_t activity_id, member_id;
    qf_attendance_state state;
    const char *reason;
} att_row;

typedef struct guest_row {
    int64_t activity_id;
    int n;
} guest_row;

/* A growable array of T: `n` used of `cap`. */
#define VEC(T)                                                                                     \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }
#define VEC_PUSH(vec)                                                                              \
    (qf__grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v) ? &(vec).v[(vec).n++]   \
                                                                            : NULL)

struct qf_count_scan {
    qf_db *db;
    bool reading; /* the read transaction this scan opened */
    VEC(scan_act) acts;
    size_t next;
    /* the people in scope, for the whole scan */
    qf_arena arena;
    VEC(facts_row) facts;
    VEC(status_row) statuses;
    VEC(flag_row) flags;
    VEC(group_row) groups;
    /* the current org's data, emptied for each org */
    int64_t org_id;
    qf_arena org_arena;
    VEC(span_row) members;
    VEC(span_row) posts;
    VEC(att_row) att;
    VEC(guest_row) guests;
    /* the current activity */
    VEC(qf_count_person) people;
    VEC(qf_attendee) out;
    qf_counts counts;
};

static bool covers(qf_date start, qf_date end, qf_date d)
{
    return start <= d && (end == QF_DATE_NONE || end >= d);
}

/* ---- the activities ---------------------------------------------------------------------- */

static int cmp_act(const void *x, const void *y)
{
    const scan_act *a = x, *b = y;
    if (a->org_id != b->org_id)
        return a->org_id < b->org_id ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static int list_activities(qf_count_scan *s, const qf_activity_filter *f)
{
    qf_activity_iter *it = NULL;
    int rc = qf__activity_list_brief(&it, s->db, f);
    if (rc)
        return rc;
    const qf_activity *a;
    while ((rc = qf_activity_next(&a, it)) == QF_OK) {
        scan_act *x = VEC_PUSH(s->acts);
        if (!x) {
            qf_activity_iter_free(it);
            return qf__oom();
        }
        *x = (scan_act){a->id, a->org_id, qf_datetime_date(a->starts_at),
                        qf_count_body_for(a->kind), s->acts.n - 1};
    }
    qf_activity_iter_free(it);
    if (rc != QF_ITEROVER)
        return rc;
    if (s->acts.n > 1)
        qsort(s->acts.v, s->acts.n, sizeof *s->acts.v, cmp_act);
    return QF_OK;
}

/* ---- one org's people -------------------------------------------------------------------- */

/*
 * ?1 the org, ?2 and ?3 the first and last day of its activities, ?4 and ?5 the same as
 * starts_at bounds (on or after ?4, before ?5). `who` is everyone the org's activities may
 * count: its members and post holders on some day of the range, and everyone recorded.
 */
#define OVERLAP(t) " AND " t ".start <= ?3 AND (" t ".end IS NULL OR " t ".end >= ?2)"
#define ACTS_OF_ORG " a.org_id = ?1 AND a.starts_at >= ?4 AND a.starts_at < ?5"
static const char SQL_MEMBERS[] = "SELECT ms.member_id, ms.start, ms.end FROM membership ms "
                                  "WHERE ms.org_id = ?1" OVERLAP("ms");
static const char SQL_POSTS[] = "SELECT ps.member_id, ps.start, ps.end, ps.post FROM position ps "
                                "WHERE ps.org_id = ?1" OVERLAP("ps");
/* The org's activities as a list the rows are looked up by: SQLite walks it in id order, so
 * the rows come in the order asked without sorting them (a join sorted them afterwards: a
 * third of the scan's time, measured on 100 branches). */
#define ACT_IDS " IN (SELECT a.id FROM activity a WHERE" ACTS_OF_ORG ")"
static const char SQL_ATT[] = "SELECT t.activity_id, t.member_id, t.state, t.reason FROM "
                              "attendance t WHERE t.activity_id" ACT_IDS
                              " ORDER BY t.activity_id, t.member_id";
static const char SQL_GUESTS[] = "SELECT g.activity_id, count(*) FROM guest g WHERE "
                                 "g.activity_id" ACT_IDS
                                 " GROUP BY g.activity_id ORDER BY g.activity_id";

/*
 * The people of the whole scan, read once (their number is the deployment's people in scope,
 * not its activities): name, statuses, the two flags and party groups of everyone who belongs
 * to or holds a post in the orgs in scope — ?1 and the orgs below it (?2 = 1) or ?1 alone
 * (?2 = 0); every member when the filter names no org. Someone recorded at an activity without
 * either (a member of an org out of scope sitting in) is read on the way, alone (WHO_ONE).
 */
#define WHO_SCOPE                                                                                  \
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT o.id FROM org o JOIN sub "                  \
    "ON o.parent_id = sub.id WHERE ?2 = 1), who(member_id) AS (SELECT member_id FROM membership "  \
    "WHERE org_id IN (SELECT id FROM sub) UNION SELECT member_id FROM position WHERE org_id IN "   \
    "(SELECT id FROM sub)) "
#define WHO_ALL "WITH who(member_id) AS (SELECT id FROM member) "
#define WHO_ONE "WITH who(member_id) AS (SELECT ?1) "
#define FACTS                                                                                      \
    "SELECT m.id, m.code, m.name FROM who JOIN member m ON m.id = who.member_id ORDER BY m.id"
#define STATUSES                                                                                   \
    "SELECT s.member_id, s.since, s.status FROM who JOIN member_status s "                         \
    "ON s.member_id = who.member_id ORDER BY s.member_id, s.since"
#define FLAGS                                                                                      \
    "SELECT f.member_id, f.start, f.end, f.flag FROM who JOIN member_flag f "                      \
    "ON f.member_id = who.member_id WHERE f.flag IN (?3, ?4) ORDER BY f.member_id"
#define GROUPS                                                                                     \
    "SELECT x.member_id, x.org_id, x.id, x.start, x.end FROM who JOIN membership x "               \
    "ON x.member_id = who.member_id JOIN org o ON o.id = x.org_id WHERE o.kind = 'group' "         \
    "ORDER BY x.member_id"
static const char *const SQL_PEOPLE[3][4] = {
    {WHO_SCOPE FACTS, WHO_SCOPE STATUSES, WHO_SCOPE FLAGS, WHO_SCOPE GROUPS},
    {WHO_ALL FACTS, WHO_ALL STATUSES, WHO_ALL FLAGS, WHO_ALL GROUPS},
    {WHO_ONE FACTS, WHO_ONE STATUSES, WHO_ONE FLAGS, WHO_ONE GROUPS},
};

/* Prepares `sql` with the org's parameters bound (those it uses). */
static qf_stmt *org_stmt(qf_count_scan *s, const char *sql, qf_date first, qf_date last)
{
    qf_stmt *st = qf__stmt(s->db, sql);
    if (!st)
        return NULL;
    qf__bind_int64(st, 1, s->org_id);
    if (strstr(sql, "?3")) {
        qf__bind_date(st, 2, first);
        qf__bind_date(st, 3, last);
    }
    if (strstr(sql, "?5")) {
        qf__bind_date(st, 4, first);
        qf__bind_date(st, 5, last + 1);
    }
    return st;
}

#define QF_NOMEM 0x7fff /* a row could not be kept (no step returns it) */

/* Resets the statement after its last row: QF_OK when all went well. */
static int finish(qf_count_scan *s, qf_stmt *st, int rc)
{
    qf__reset(st);
    if (rc == QF_NOMEM)
        return qf__oom();
    return rc == QF_DONE ? QF_OK : qf__sqlerr(s->db, rc, "counts");
}

static int read_spans(qf_count_scan *s, const char *sql, qf_date first, qf_date last, bool posts)
{
    qf_stmt *st = org_stmt(s, sql, first, last);
    if (!st)
        return qf_error_last_code();
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        span_row *r = posts ? VEC_PUSH(s->posts) : VEC_PUSH(s->members);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->member_id = qf__col_int64(st, 0);
        r->start = qf__col_date(st, 1);
        r->end = qf__col_type(st, 2) == QF_SQL_NULL ? QF_DATE_NONE : qf__col_date(st, 2);
        r->committee = posts && qf_count_committee_post(qf__col_text(st, 3));
    }
    return finish(s, st, rc);
}

static int read_org(qf_count_scan *s, qf_date first, qf_date last)
{
    int rc = read_spans(s, SQL_MEMBERS, first, last, false);
    if (!rc)
        rc = read_spans(s, SQL_POSTS, first, last, true);
    if (rc)
        return rc;

    qf_stmt *st = org_stmt(s, SQL_ATT, first, last);
    if (!st)
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        att_row *r = VEC_PUSH(s->att);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->activity_id = qf__col_int64(st, 0);
        r->member_id = qf__col_int64(st, 1);
        r->state = QF_ATTEND_PRESENT;
        qf_attendance_state_parse(&r->state, qf__col_text(st, 2));
        r->reason = qf__arena_strdup(&s->org_arena, qf__col_text(st, 3));
        if (qf__col_text(st, 3) && !r->reason)
            return finish(s, st, QF_NOMEM);
    }
    if ((rc = finish(s, st, rc)))
        return rc;

    if (!(st = org_stmt(s, SQL_GUESTS, first, last)))
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        guest_row *r = VEC_PUSH(s->guests);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->activity_id = qf__col_int64(st, 0);
        r->n = qf__col_int(st, 1);
    }
    if ((rc = finish(s, st, rc)))
        return rc;

    return QF_OK;
}

/* Prepares people statement `which` (0 facts, 1 statuses, 2 flags, 3 groups) for filter `f`,
 * or for member `one` alone when it is not 0. */
static qf_stmt *people_stmt(qf_count_scan *s, const qf_activity_filter *f, int which,
                            int64_t one)
{
    int64_t root = f && f->under ? f->under : f ? f->org_id : 0;
    qf_stmt *st = qf__stmt(s->db, SQL_PEOPLE[one ? 2 : root ? 0 : 1][which]);
    if (!st)
        return NULL;
    if (one) {
        qf__bind_int64(st, 1, one);
    } else if (root) {
        qf__bind_int64(st, 1, root);
        qf__bind_int64(st, 2, f->under ? 1 : 0);
    }
    if (which == 2) {
        qf__bind_textn(st, 3, QF_FLAG_SUSPENDED, -1, QF_STATIC);
        qf__bind_textn(st, 4, QF_FLAG_DISCIPLINE, -1, QF_STATIC);
    }
    return st;
}

/* Reads the name, statuses, flags and party groups of everyone in the filter's scope. */
static int read_people(qf_count_scan *s, const qf_activity_filter *f, int64_t one)
{
    qf_stmt *st;
    int rc;
    if (!(st = people_stmt(s, f, 0, one)))
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        facts_row *r = VEC_PUSH(s->facts);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->id = qf__col_int64(st, 0);
        r->code = qf__arena_strdup(&s->arena, qf__col_text(st, 1));
        r->name = qf__arena_strdup(&s->arena, qf__col_text(st, 2));
        if (!r->name || (qf__col_text(st, 1) && !r->code))
            return finish(s, st, QF_NOMEM);
    }
    if ((rc = finish(s, st, rc)))
        return rc;

    if (!(st = people_stmt(s, f, 1, one)))
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        status_row *r = VEC_PUSH(s->statuses);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->member_id = qf__col_int64(st, 0);
        r->since = qf__col_date(st, 1);
        r->status = QF_STATUS_NONE;
        qf_member_status_parse(&r->status, qf__col_text(st, 2));
    }
    if ((rc = finish(s, st, rc)))
        return rc;

    if (!(st = people_stmt(s, f, 2, one)))
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        flag_row *r = VEC_PUSH(s->flags);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->member_id = qf__col_int64(st, 0);
        r->start = qf__col_date(st, 1);
        r->end = qf__col_type(st, 2) == QF_SQL_NULL ? QF_DATE_NONE : qf__col_date(st, 2);
        r->bit = strcmp(qf__col_text(st, 3), QF_FLAG_SUSPENDED) == 0 ? 1 : 2;
    }
    if ((rc = finish(s, st, rc)))
        return rc;

    if (!(st = people_stmt(s, f, 3, one)))
        return qf_error_last_code();
    while ((rc = qf__step(st)) == QF_ROW) {
        group_row *r = VEC_PUSH(s->groups);
        if (!r)
            return finish(s, st, QF_NOMEM);
        r->member_id = qf__col_int64(st, 0);
        r->org_id = qf__col_int64(st, 1);
        r->row_id = qf__col_int64(st, 2);
        r->start = qf__col_date(st, 3);
        r->end = qf__col_type(st, 4) == QF_SQL_NULL ? QF_DATE_NONE : qf__col_date(st, 4);
    }
    return finish(s, st, rc);
}

/* The first index in rows[0..n) (sorted by `key` at `offset`) whose key is >= id. */
static size_t lower_bound(const void *rows, size_t n, size_t size, size_t offset, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t k;
        memcpy(&k, (const char *)rows + mid * size + offset, sizeof k);
        if (k < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
#define FIND(vec, type, field, id)                                                                 \
    lower_bound((vec).v, (vec).n, sizeof(type), offsetof(type, field), id)

static int cmp_id(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_facts(const void *x, const void *y)
{
    return cmp_id(((const facts_row *)x)->id, ((const facts_row *)y)->id);
}

static int cmp_status(const void *x, const void *y)
{
    const status_row *a = x, *b = y;
    int c = cmp_id(a->member_id, b->member_id);
    return c ? c : (a->since > b->since) - (a->since < b->since);
}

static int cmp_flag(const void *x, const void *y)
{
    return cmp_id(((const flag_row *)x)->member_id, ((const flag_row *)y)->member_id);
}

static int cmp_group(const void *x, const void *y)
{
    return cmp_id(((const group_row *)x)->member_id, ((const group_row *)y)->member_id);
}

/* Empties the org's data and reads org `org_id`'s for its activities from acts[i] on. */
static int load_org(qf_count_scan *s, size_t i)
{
    s->org_id = s->acts.v[i].org_id;
    qf_date first = s->acts.v[i].day, last = first;
    for (size_t k = i; k < s->acts.n && s->acts.v[k].org_id == s->org_id; k++) {
        if (s->acts.v[k].day < first)
            first = s->acts.v[k].day;
        if (s->acts.v[k].day > last)
            last = s->acts.v[k].day;
    }
    qf__arena_rewind(&s->org_arena);
    s->members.n = s->posts.n = s->att.n = s->guests.n = 0;
    int rc = read_org(s, first, last);
    /* people recorded here who are not in scope: read each alone, then keep the order */
    bool added = false;
    for (size_t k = 0; !rc && k < s->att.n; k++) {
        int64_t id = s->att.v[k].member_id;
        size_t f = FIND(s->facts, facts_row, id, id);
        if (f < s->facts.n && s->facts.v[f].id == id)
            continue;
        bool seen = false; /* appended by an earlier row, after the sorted part */
        for (size_t j = 0; j < s->facts.n && !seen; j++)
            seen = s->facts.v[j].id == id;
        if (!seen) {
            rc = read_people(s, NULL, id);
            added = true;
        }
    }
    if (added && !rc) {
        qsort(s->facts.v, s->facts.n, sizeof *s->facts.v, cmp_facts);
        qsort(s->statuses.v, s->statuses.n, sizeof *s->statuses.v, cmp_status);
        qsort(s->flags.v, s->flags.n, sizeof *s->flags.v, cmp_flag);
        qsort(s->groups.v, s->groups.n, sizeof *s->groups.v, cmp_group);
    }
    return rc;
}

/* ---- one activity's people --------------------------------------------------------------- */

static qf_count_person *person(qf_count_scan *s, int64_t member_id)
{
    for (size_t i = 0; i < s->people.n; i++) /* a branch's people: a few dozen */
        if (s->people.v[i].member_id == member_id)
            return &s->people.v[i];
    qf_count_person *p = VEC_PUSH(s->people);
    if (p) {
        memset(p, 0, sizeof *p);
        p->member_id = member_id;
        p->status = QF_STATUS_NONE;
    }
    return p;
}

static int judge_activity(qf_count_scan *s, const scan_act *a)
{
    s->people.n = s->out.n = 0;
    qf_date d = a->day;
    for (size_t k = 0; k < s->members.n; k++) {
        const span_row *m = &s->members.v[k];
        if (!covers(m->start, m->end, d))
            continue;
        qf_count_person *p = person(s, m->member_id);
        if (!p)
            return qf__oom();
        p->in_org = true;
    }
    for (size_t k = 0; k < s->posts.n; k++) {
        const span_row *m = &s->posts.v[k];
        if (!covers(m->start, m->end, d))
            continue;
        qf_count_person *p = person(s, m->member_id);
        if (!p)
            return qf__oom();
        /* as counting_load.c: the posts only make a difference to a committee meeting */
        if (a->body == QF_COUNT_COMMITTEE && m->committee)
            p->holds_post = true;
    }
    size_t first = FIND(s->att, att_row, activity_id, a->id);
    for (size_t k = first; k < s->att.n && s->att.v[k].activity_id == a->id; k++) {
        qf_count_person *p = person(s, s->att.v[k].member_id);
        if (!p)
            return qf__oom();
        p->recorded = true;
        p->state = s->att.v[k].state;
    }

    for (size_t i = 0; i < s->people.n; i++) {
        qf_count_person *p = &s->people.v[i];
        for (size_t k = FIND(s->statuses, status_row, member_id, p->member_id);
             k < s->statuses.n && s->statuses.v[k].member_id == p->member_id; k++)
            if (s->statuses.v[k].since <= d)
                p->status = s->statuses.v[k].status; /* ordered by since: the last one wins */
        for (size_t k = FIND(s->flags, flag_row, member_id, p->member_id);
             k < s->flags.n && s->flags.v[k].member_id == p->member_id; k++)
            if (covers(s->flags.v[k].start, s->flags.v[k].end, d)) {
                if (s->flags.v[k].bit == 1)
                    p->suspended = true;
                else
                    p->discipline = true;
            }
    }

    qf_count_options o = QF_COUNT_OPTIONS_INIT;
    o.body = a->body;
    size_t g = FIND(s->guests, guest_row, activity_id, a->id);
    int guests = g < s->guests.n && s->guests.v[g].activity_id == a->id ? s->guests.v[g].n : 0;
    qf_count_tally(&s->counts, s->people.v, s->people.n, guests, &o);

    /* the attendees: those with a role, as qf_attendee_list gives them */
    for (size_t i = 0; i < s->people.n; i++) {
        const qf_count_person *p = &s->people.v[i];
        qf_count_role role = qf_count_role_of(p, a->body);
        if (role == QF_ROLE_NONE)
            continue;
        size_t f = FIND(s->facts, facts_row, id, p->member_id);
        if (f == s->facts.n || s->facts.v[f].id != p->member_id)
            continue; /* not a member row: cannot happen with the foreign keys */
        qf_attendee *x = VEC_PUSH(s->out);
        if (!x)
            return qf__oom();
        memset(x, 0, sizeof *x);
        x->member_id = p->member_id;
        x->code = s->facts.v[f].code;
        x->name = s->facts.v[f].name;
        x->status = p->status;
        x->role = role;
        x->recorded = p->recorded;
        x->state = p->state;
        x->attended = p->recorded && qf_count_attended(p->state, true);
        if (p->recorded) {
            size_t k = first;
            while (k < s->att.n && s->att.v[k].activity_id == a->id &&
                   s->att.v[k].member_id != p->member_id)
                k++;
            x->reason = s->att.v[k].reason;
        }
        /* the party group that day: the latest membership of a group covering it */
        const group_row *best = NULL;
        for (size_t k = FIND(s->groups, group_row, member_id, p->member_id);
             k < s->groups.n && s->groups.v[k].member_id == p->member_id; k++) {
            const group_row *r = &s->groups.v[k];
            if (covers(r->start, r->end, d) &&
                (!best || r->start > best->start ||
                 (r->start == best->start && r->row_id > best->row_id)))
                best = r;
        }
        x->group_id = best ? best->org_id : 0;
    }
    if (s->out.n > 1)
        qsort(s->out.v, s->out.n, sizeof *s->out.v, qf__attendee_cmp);
    return QF_OK;
}

/* ---- the scan ---------------------------------------------------------------------------- */

int qf_count_scan_open(qf_count_scan **out, qf_db *db, const qf_activity_filter *f)
{
    *out = NULL;
    qf_count_scan *s = calloc(1, sizeof *s);
    if (!s)
        return qf__oom();
    s->db = db;
    /* one snapshot of the database for the whole scan */
    s->reading = qf__read_begin(db);
    int rc = list_activities(s, f);
    if (!rc && s->acts.n)
        rc = read_people(s, f, 0);
    if (rc) {
        qf_count_scan_free(s);
        return rc;
    }
    *out = s;
    return QF_OK;
}

int qf_count_scan_next(qf_count_scan *s, qf_count_item *item)
{
    memset(item, 0, sizeof *item);
    if (s->next >= s->acts.n)
        return QF_ITEROVER;
    const scan_act *a = &s->acts.v[s->next];
    int rc = QF_OK;
    if (s->next == 0 || a->org_id != s->org_id)
        rc = load_org(s, s->next);
    if (!rc)
        rc = judge_activity(s, a);
    if (rc)
        return rc;
    s->next++;
    item->activity_id = a->id;
    item->org_id = a->org_id;
    item->counts = &s->counts;
    item->attendees = s->out.v;
    item->n_attendees = s->out.n;
    return QF_OK;
}

void qf_count_scan_free(qf_count_scan *s)
{
    if (!s)
        return;
    qf__read_end(s->db, s->reading);
    free(s->acts.v);
    free(s->members.v);
    free(s->posts.v);
    free(s->facts.v);
    free(s->statuses.v);
    free(s->flags.v);
    free(s->groups.v);
    free(s->att.v);
    free(s->guests.v);
    free(s->people.v);
    free(s->out.v);
    qf__arena_free(&s->arena);
    qf__arena_free(&s->org_arena);
    free(s);
}
