/*
 * The counting model over the database: the people of an activity (the org's members that day,
 * the holders of its posts, everyone with an attendance row) with their status, flags and
 * posts on the activity's day, read in two statements and judged by counting.c — the same
 * functions the engine calls on its snapshot.
 */
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "people.h"

typedef struct count_row {
    qf_count_person p;
    qf_attendee a;
} count_row;

typedef struct count_set {
    qf_arena arena;
    count_row *rows;
    size_t n, cap;
    qf_count_body body;
    int guests;
} count_set;

/*
 * ?1 org, ?2 day, ?3 activity (0: none), ?4 and ?5 the two flags that take voting rights away.
 * `who` is everyone the activity may count — the org's members that day (in_org 1), the
 * holders of its posts, everyone recorded — once each; their status, flags and party group on
 * the day come from correlated subqueries on the indexes member_status(member_id, since),
 * member_flag(member_id, flag) and membership(member_id, start), as in member_query.c. (One
 * subquery answers both flags, and membership of the org comes with `who`: a look-up per
 * person less for each, measured a fifth of the statement.)
 */
#define ON_DAY(t) " AND " t ".start <= ?2 AND (" t ".end IS NULL OR " t ".end >= ?2)"
static const char SQL_PEOPLE[] =
    "WITH who(member_id, in_org) AS ("
    "SELECT member_id, 1 FROM membership ms WHERE ms.org_id = ?1" ON_DAY("ms")
    " UNION ALL SELECT member_id, 0 FROM position ps WHERE ps.org_id = ?1" ON_DAY("ps")
    " UNION ALL SELECT member_id, 0 FROM attendance WHERE activity_id = ?3), "
    "people(member_id, in_org) AS (SELECT member_id, max(in_org) FROM who GROUP BY member_id) "
    "SELECT m.id, m.code, m.name, "
    "(SELECT s.status FROM member_status s WHERE s.member_id = m.id AND s.since <= ?2 "
    "ORDER BY s.since DESC LIMIT 1), "
    "p.in_org, "
    "(SELECT max(CASE WHEN f.flag = ?4 THEN 1 ELSE 0 END) + "
    "2 * max(CASE WHEN f.flag = ?5 THEN 1 ELSE 0 END) FROM member_flag f "
    "WHERE f.member_id = m.id AND f.flag IN (?4, ?5)" ON_DAY("f") "), "
    "(SELECT x.org_id FROM membership x JOIN org o ON o.id = x.org_id WHERE x.member_id = m.id "
    "AND o.kind = 'group'" ON_DAY("x") " ORDER BY x.start DESC, x.id DESC LIMIT 1), "
    "t.state, t.reason "
    "FROM people p JOIN member m ON m.id = p.member_id "
    "LEFT JOIN attendance t ON t.activity_id = ?3 AND t.member_id = m.id "
    "ORDER BY m.id";
static const char SQL_POSTS[] =
    "SELECT member_id, post FROM position ps WHERE ps.org_id = ?1" ON_DAY("ps");
static const char SQL_GUESTS[] = "SELECT count(*) FROM guest WHERE activity_id = ?1";
static const char SQL_ACTIVITY[] = "SELECT org_id, kind, starts_at FROM activity WHERE id = ?1";

static void set_free(count_set *s)
{
    free(s->rows);
    qf__arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}

static count_row *set_add(count_set *s)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        count_row *grown = realloc(s->rows, cap * sizeof *grown);
        if (!grown)
            return NULL;
        s->rows = grown;
        s->cap = cap;
    }
    count_row *r = &s->rows[s->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static count_row *set_find(count_set *s, int64_t member_id)
{
    size_t lo = 0, hi = s->n; /* rows come ordered by member id */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->rows[mid].p.member_id == member_id)
            return &s->rows[mid];
        if (s->rows[mid].p.member_id < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int read_people(count_set *s, qf_db *db, int64_t org_id, qf_date day, int64_t activity_id)
{
    qf_stmt *st = qf__stmt(db, SQL_PEOPLE);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    qf__bind_date(st, 2, day);
    qf__bind_int64(st, 3, activity_id);
    qf__bind_textn(st, 4, QF_FLAG_SUSPENDED, -1, QF_STATIC);
    qf__bind_textn(st, 5, QF_FLAG_DISCIPLINE, -1, QF_STATIC);
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        count_row *r = set_add(s);
        if (!r) {
            qf__reset(st);
            return qf__oom();
        }
        r->p.member_id = r->a.member_id = qf__col_int64(st, 0);
        r->a.code = qf__arena_strdup(&s->arena, qf__col_text(st, 1));
        r->a.name = qf__arena_strdup(&s->arena, qf__col_text(st, 2));
        r->p.status = QF_STATUS_NONE;
        if (qf__col_type(st, 3) != QF_SQL_NULL)
            qf_member_status_parse(&r->p.status, qf__col_text(st, 3));
        r->p.in_org = qf__col_int(st, 4) != 0;
        int flags = qf__col_int(st, 5); /* NULL (none) reads as 0 */
        r->p.suspended = (flags & 1) != 0;
        r->p.discipline = (flags & 2) != 0;
        r->a.group_id = qf__col_id(st, 6);
        r->p.recorded = qf__col_type(st, 7) != QF_SQL_NULL;
        if (r->p.recorded)
            qf_attendance_state_parse(&r->p.state, qf__col_text(st, 7));
        r->a.reason = qf__arena_strdup(&s->arena, qf__col_text(st, 8));
        if (!r->a.name || (qf__col_text(st, 1) && !r->a.code) ||
            (qf__col_text(st, 8) && !r->a.reason)) {
            qf__reset(st);
            return qf__oom();
        }
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "counts");
}

static int read_posts(count_set *s, qf_db *db, int64_t org_id, qf_date day)
{
    qf_stmt *st = qf__stmt(db, SQL_POSTS);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org_id);
    qf__bind_date(st, 2, day);
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        count_row *r = set_find(s, qf__col_int64(st, 0));
        if (r && qf_count_committee_post(qf__col_text(st, 1)))
            r->p.holds_post = true;
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "counts");
}

static int count_guests(count_set *s, qf_db *db, int64_t activity_id)
{
    qf_stmt *st = qf__stmt(db, SQL_GUESTS);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    int rc = qf__step(st);
    if (rc == QF_ROW)
        s->guests = qf__col_int(st, 0);
    qf__reset(st);
    return rc == QF_ROW ? QF_OK : qf__sqlerr(db, rc, "counts");
}

/* Loads and classifies the people of a meeting of `org_id` on `day` counted as `body`, with the
 * rows of `activity_id` (0: nothing recorded). */
static int load(count_set *s, qf_db *db, int64_t org_id, qf_date day, qf_count_body body,
                int64_t activity_id)
{
    memset(s, 0, sizeof *s);
    s->body = body;
    bool opened = qf__read_begin(db);
    int rc = read_people(s, db, org_id, day, activity_id);
    if (!rc && body == QF_COUNT_COMMITTEE)
        rc = read_posts(s, db, org_id, day);
    if (!rc && activity_id)
        rc = count_guests(s, db, activity_id);
    qf__read_end(db, opened);
    if (rc) {
        set_free(s);
        return rc;
    }
    for (size_t i = 0; i < s->n; i++) {
        count_row *r = &s->rows[i];
        r->a.status = r->p.status;
        r->a.role = qf_count_role_of(&r->p, body);
        r->a.recorded = r->p.recorded;
        r->a.state = r->p.state;
        r->a.attended = r->p.recorded && qf_count_attended(r->p.state, true);
    }
    return QF_OK;
}

/* The activity's org, day and body. */
static int activity_facts(qf_db *db, int64_t activity_id, int64_t *org_id, qf_date *day,
                          qf_count_body *body)
{
    qf_stmt *st = qf__stmt(db, SQL_ACTIVITY);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc == QF_DONE)
            return qf__err(QF_ENOTFOUND, _("activity %lld does not exist"),
                           (long long)activity_id);
        return qf__sqlerr(db, rc, "activity");
    }
    *org_id = qf__col_int64(st, 0);
    *body = qf_count_body_for(qf__col_text(st, 1));
    *day = qf_datetime_date(qf__col_datetime(st, 2));
    qf__reset(st);
    return QF_OK;
}

static int load_activity(count_set *s, qf_db *db, int64_t activity_id)
{
    int64_t org_id = 0;
    qf_date day = QF_DATE_NONE;
    qf_count_body body = QF_COUNT_MEMBERS;
    int rc = activity_facts(db, activity_id, &org_id, &day, &body);
    return rc ? rc : load(s, db, org_id, day, body, activity_id);
}

static int tally(qf_counts *out, const count_set *s)
{
    /* the rows are the model's plain inputs: one array of people, then the tally */
    qf_count_person *people = s->n ? malloc(s->n * sizeof *people) : NULL;
    if (s->n && !people)
        return qf__oom();
    for (size_t i = 0; i < s->n; i++)
        people[i] = s->rows[i].p;
    qf_count_options o = QF_COUNT_OPTIONS_INIT;
    o.body = s->body;
    qf_count_tally(out, people, s->n, s->guests, &o);
    free(people);
    return QF_OK;
}

int qf_activity_counts(qf_counts *out, qf_db *db, int64_t activity_id)
{
    memset(out, 0, sizeof *out);
    count_set s;
    int rc = load_activity(&s, db, activity_id);
    if (rc)
        return rc;
    rc = tally(out, &s);
    set_free(&s);
    return rc;
}

int qf_org_counts(qf_counts *out, qf_db *db, int64_t org_id, qf_date on)
{
    memset(out, 0, sizeof *out);
    if (on == QF_DATE_NONE)
        on = qf_db_today(db);
    int rc = qf__people_check_day("on", on, true);
    if (!rc)
        rc = qf__people_org(db, "org", org_id, NULL, NULL);
    if (rc)
        return rc;
    count_set s;
    rc = load(&s, db, org_id, on, QF_COUNT_MEMBERS, 0);
    if (rc)
        return rc;
    rc = tally(out, &s);
    set_free(&s);
    return rc;
}

/* ---- the attendees ------------------------------------------------------------------------ */

struct qf_attendee_iter {
    count_set set;
    size_t next;
};

static int role_rank(qf_count_role r)
{
    return r == QF_ROLE_OBSERVER ? 1 : 0; /* those due, then 列席 */
}

static int cmp_attendee(const void *x, const void *y)
{
    return qf__attendee_cmp(&((const count_row *)x)->a, &((const count_row *)y)->a);
}

int qf__attendee_cmp(const void *x, const void *y)
{
    const qf_attendee *a = x, *b = y;
    int ra = role_rank(a->role), rb = role_rank(b->role);
    if (ra != rb)
        return ra - rb;
    /* members with a code first, by code; then by name, then id */
    if (!a->code != !b->code)
        return a->code ? -1 : 1;
    int c = a->code ? strcmp(a->code, b->code) : 0;
    if (!c)
        c = strcmp(a->name, b->name);
    if (!c)
        c = a->member_id < b->member_id ? -1 : a->member_id > b->member_id;
    return c;
}

int qf_attendee_list(qf_attendee_iter **out, qf_db *db, int64_t activity_id)
{
    *out = NULL;
    qf_attendee_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    int rc = load_activity(&it->set, db, activity_id);
    if (rc) {
        free(it);
        return rc;
    }
    /* drop the people who are neither due nor recorded (another org's post holders) */
    size_t kept = 0;
    for (size_t i = 0; i < it->set.n; i++)
        if (it->set.rows[i].a.role != QF_ROLE_NONE)
            it->set.rows[kept++] = it->set.rows[i];
    it->set.n = kept;
    if (kept > 1)
        qsort(it->set.rows, kept, sizeof *it->set.rows, cmp_attendee);
    *out = it;
    return QF_OK;
}

int qf_attendee_next(const qf_attendee **row, qf_attendee_iter *it)
{
    if (it->next >= it->set.n)
        return QF_ITEROVER;
    *row = &it->set.rows[it->next++].a;
    return QF_OK;
}

int qf_attendee_counts(qf_counts *out, const qf_attendee_iter *it)
{
    /* the people dropped from the list were neither due nor recorded: the tally skips them */
    return tally(out, &it->set);
}

void qf_attendee_iter_free(qf_attendee_iter *it)
{
    if (!it)
        return;
    set_free(&it->set);
    free(it);
}
