/*
 * Loading one branch's data for the engine. Each table is read with one query joined to the
 * branch's orgs and bounded by the date range, using the indexes on (org_id, starts_at) and
 * the child tables' activity_id; the children of the activities some requirement needs and the
 * members' statuses and flags with one query per activity or member (run_children,
 * run_members say why). Cost grows with the branch's own rows, not with the database.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot.h"

#define CMP_FIELD(a, b) ((a) < (b) ? -1 : (a) > (b))


/*
 * The branch and its party groups, as the first table of a join: `org_id IN (SELECT id FROM
 * org …)` made SQLite build and fill a temporary table for the list on every run of the
 * statement, a tenth of the memberships' query; the join walks the two org indexes (the
 * primary key and org_parent) directly. No query here has an ORDER BY: a sorter's temporary
 * B-tree cost more than reading the rows (a quarter of the memberships' query, half of the
 * positions'), so the rows are sorted in C (sort_rows).
 */
#define BRANCH_ORGS "FROM org o JOIN "
#define OF_BRANCH "WHERE (o.id = ?1 OR o.parent_id = ?1) "
/* The branch's activities in the range (alias a) and one of their child tables. */
#define ACTIVITIES_JOIN(child)                                                                 \
    BRANCH_ORGS "activity a ON a.org_id = o.id JOIN " child OF_BRANCH                          \
                "AND a.starts_at >= ?2 AND a.starts_at < ?3"

static const char SQL_ORGS[] =
    "SELECT o.id, o.parent_id, o.code, o.name, o.kind, json_extract(o.attrs, '$.last_election') "
    "FROM org o " OF_BRANCH;
static const char SQL_ACTIVITIES[] =
    "SELECT a.id, a.org_id, a.kind, a.title, a.topic, a.starts_at, a.ends_at, a.lecturer_id "
    BRANCH_ORGS "activity a ON a.org_id = o.id " OF_BRANCH
    "AND a.starts_at >= ?2 AND a.starts_at < ?3";
static const char SQL_ARTIFACTS[] =
    "SELECT x.activity_id, x.id, x.type, x.issued_at "
    ACTIVITIES_JOIN("artifact x ON x.activity_id = a.id ");
static const char SQL_ATTENDANCE[] =
    "SELECT t.activity_id, t.member_id, t.state "
    ACTIVITIES_JOIN("attendance t ON t.activity_id = a.id ");
/* One activity's rows: the same columns as the joins above but the first, its id (?1), which
 * step_all puts in front (see run_children). */
static const char SQL_ARTIFACTS_OF[] =
    "SELECT x.id, x.type, x.issued_at FROM artifact x WHERE x.activity_id = ?1";
static const char SQL_ATTENDANCE_OF[] =
    "SELECT t.member_id, t.state FROM attendance t WHERE t.activity_id = ?1";
static const char SQL_GUESTS_OF[] =
    "SELECT g.role, g.id, g.name FROM guest g WHERE g.activity_id = ?1";
static const char SQL_AGENDA_OF[] =
    "SELECT i.seq, i.segment FROM agenda_item i WHERE i.activity_id = ?1 ORDER BY i.seq";
static const char SQL_GUESTS[] =
    "SELECT g.activity_id, g.role, g.id, g.name "
    ACTIVITIES_JOIN("guest g ON g.activity_id = a.id ");
static const char SQL_AGENDA[] =
    "SELECT i.activity_id, i.seq, i.segment "
    ACTIVITIES_JOIN("agenda_item i ON i.activity_id = a.id ");
/* sorted by member, start (sort_rows) */
static const char SQL_MEMBERSHIPS[] =
    "SELECT ms.member_id, ms.org_id, ms.start, ms.end, m.name "
    BRANCH_ORGS "membership ms ON ms.org_id = o.id JOIN member m ON m.id = ms.member_id "
    OF_BRANCH "AND ms.start < ?3 AND (ms.end IS NULL OR ms.end >= ?2)";
/* One member's statuses and flags, asked for each member of the memberships (run_members);
 * the rows are (member_id, since, status) and (member_id, flag, start, end), the member's id
 * (?1) put in front by step_all. */
static const char SQL_STATUSES_OF[] =
    "SELECT s.since, s.status FROM member_status s WHERE s.member_id = ?1 ORDER BY s.since";
static const char SQL_FLAGS_OF[] =
    "SELECT f.flag, f.start, f.end FROM member_flag f WHERE f.member_id = ?1 "
    "AND f.start < ?3 AND (f.end IS NULL OR f.end >= ?2)";
/* The same rows of the members whose ids are from ?1 to ?4 (?2 for the statuses), those of
 * other branches among them left out in C (run_members). */
static const char SQL_STATUSES_IN[] =
    "SELECT s.member_id, s.since, s.status FROM member_status s "
    "WHERE s.member_id >= ?1 AND s.member_id <= ?2 ORDER BY s.member_id, s.since";
static const char SQL_FLAGS_IN[] =
    "SELECT f.member_id, f.flag, f.start, f.end FROM member_flag f "
    "WHERE f.member_id >= ?1 AND f.member_id <= ?4 AND f.start < ?3 "
    "AND (f.end IS NULL OR f.end >= ?2)";
/* sorted by org, post, start (sort_rows) */
static const char SQL_POSITIONS[] =
    "SELECT p.member_id, p.org_id, p.post, p.start, p.end, m.name "
    BRANCH_ORGS "position p ON p.org_id = o.id JOIN member m ON m.id = p.member_id "
    OF_BRANCH "AND p.start < ?3 AND (p.end IS NULL OR p.end >= ?2)";

/* Small string interning: kinds, types, roles and posts repeat on every row. */
typedef struct intern {
    const char *strs[256];
    size_t n;
} intern;

static const char *intern_str(qf_snapshot *s, intern *in, const unsigned char *text)
{
    if (!text)
        return NULL;
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->strs[i], (const char *)text) == 0)
            return in->strs[i];
    const char *copy = qf__arena_strdup(&s->arena, (const char *)text);
    if (copy && in->n < 256)
        in->strs[in->n++] = copy;
    return copy;
}

typedef struct loader {
    qf_snapshot *s;
    qf_db *db;
    qf_fphash *fp;
    intern names;
    char from[11], to[11];
} loader;

/*
 * One column of a result row, read once: the fingerprint and the row's reader both use it
 * (reading each column twice through the API, once for each, cost a sixth of the load).
 * `s` is valid until the next step; `i` is 0 unless the column is an integer.
 */
typedef struct col {
    int type;
    int64_t i;
    const char *s;
    int n;
} col;
#define MAX_COLS 8

/* Rows being read into a growing array of `elem` bytes, and the sum of their hashes. */
typedef struct rows_acc {
    char *arr;
    size_t n, cap, elem;
    qf_fphash sum;
} rows_acc;

/* Fills `out` from a row: QF_OK, an error, or ROW_SKIP for a row that is not the branch's (read
 * by a range, see run_members). */
typedef int (*row_fn)(loader *L, const col *c, void *out);
#define ROW_SKIP 1

/*
 * Steps `st` (bound) to its end, calling `row` per result row; resets it. With `lead` the rows
 * start with that integer, the statement's columns following it: a query of one activity's or
 * one member's rows leaves out the id it was asked for (its ?1) rather than read it back from
 * every row (the row and its hash are the same).
 */
static int step_all(loader *L, qf_stmt *st, const int64_t *lead, rows_acc *acc, row_fn row)
{
    int rc;
    int first = lead ? 1 : 0;
    int ncol = qf__col_count(st) + first;
    if (ncol > MAX_COLS)
        ncol = MAX_COLS; /* the queries above have at most eight */
    col c[MAX_COLS];
    if (lead)
        c[0] = (col){QF_SQL_INTEGER, *lead, NULL, 0};
    while ((rc = qf__step(st)) == QF_ROW) {
        if (acc->n == acc->cap) {
            size_t cap = acc->cap ? acc->cap * 2 : 64;
            char *grown = realloc(acc->arr, cap * acc->elem);
            if (!grown) {
                qf__reset(st);
                return qf__oom();
            }
            acc->arr = grown;
            acc->cap = cap;
        }
        for (int i = first; i < ncol; i++) {
            c[i].type = qf__col_read(st, i - first, &c[i].i, &c[i].s, &c[i].n);
        }
        rc = row(L, c, acc->arr + acc->n * acc->elem);
        if (rc == ROW_SKIP) /* not the branch's: neither kept nor in the fingerprint */
            continue;
        if (rc != QF_OK) {
            qf__reset(st);
            return rc;
        }
        if (L->fp) { /* fingerprint: every column of every row kept, in any order */
            qf_fphash h;
            qf__fphash_init(&h);
            for (int i = 0; i < ncol; i++) {
                if (c[i].type == QF_SQL_INTEGER)
                    qf__fphash_int(&h, c[i].i);
                else if (c[i].s)
                    qf__fphash_bytes(&h, c[i].s, (size_t)c[i].n);
                else
                    qf__fphash_int(&h, INT64_MIN); /* NULL, not "" */
            }
            qf__fphash_add(&acc->sum, &h);
        }
        acc->n++;
    }
    qf__reset(st);
    if (rc != QF_DONE)
        return qf__sqlerr(L->db, rc, "check");
    return QF_OK;
}

/* Moves the rows into the arena (one free releases the snapshot) and feeds their hash sum to
 * the fingerprint: the sum, so the digest does not depend on the order SQLite returns rows in
 * (an index or a query plan may change it; the inputs are the same). */
static int finish(loader *L, rows_acc *acc, void **array, size_t *count)
{
    if (L->fp) {
        unsigned char d[24];
        qf__fphash_digest(&acc->sum, d);
        qf__fphash_bytes(L->fp, d, sizeof d);
    }
    void *final = acc->n ? qf__arena_alloc(&L->s->arena, acc->n * acc->elem) : NULL;
    if (acc->n && !final) {
        free(acc->arr);
        return qf__oom();
    }
    if (acc->n)
        memcpy(final, acc->arr, acc->n * acc->elem);
    free(acc->arr);
    *array = final;
    *count = acc->n;
    return QF_OK;
}

/* Runs one query for the branch and range into an array of `elem` bytes. */
static int run(loader *L, const char *sql, void **array, size_t *count, size_t elem, row_fn row)
{
    qf_stmt *st = qf__stmt(L->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, L->s->branch_id);
    qf__bind_textn(st, 2, L->from, -1, QF_STATIC);
    qf__bind_textn(st, 3, L->to, -1, QF_STATIC);
    rows_acc acc = {NULL, 0, 0, elem, {0, 0, 0, 0, {0}}};
    int rc = step_all(L, st, NULL, &acc, row);
    if (rc) {
        free(acc.arr);
        return rc;
    }
    return finish(L, &acc, array, count);
}

static void need_one(snap_need_kinds *k, const char *kind)
{
    if (k->all || !kind)
        return;
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->kinds[i], kind) == 0)
            return;
    if (k->n == SNAP_NEED_MAX)
        k->all = true; /* too many to list: load them all */
    else
        k->kinds[k->n++] = kind;
}

void qf__snap_need_add(snap_need_kinds *k, const char *const *kinds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        need_one(k, kinds[i]);
}

static bool kind_needed(const snap_need_kinds *k, const char *kind)
{
    if (k->all)
        return true;
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->kinds[i], kind) == 0)
            return true;
    return false;
}

/*
 * An activity child table (artifacts, attendance, guests, agenda): with every kind needed, one
 * query joined to the branch's activities (`sql_all`); with some, `sql_one` for each activity of
 * those kinds (most of a branch's rows belong to activities no requirement looks at: the
 * shipped packs judge the attendance of a fifth of them); with none, nothing. One query per
 * branch joined to its activities of those kinds (`a.kind IN (SELECT value FROM json_each(?4))`)
 * was tried: the same rows cost 4% more of a whole check's instructions, as SQLite fills a
 * temporary table for the list of kinds (and one for the orgs) on every run, more than the
 * dozen statement runs per branch it saves.
 */
static int run_children(loader *L, const snap_need_kinds *need, const char *sql_all,
                        const char *sql_one, void **array, size_t *count, size_t elem, row_fn row)
{
    if (!need || need->all)
        return run(L, sql_all, array, count, elem, row);
    rows_acc acc = {NULL, 0, 0, elem, {0, 0, 0, 0, {0}}};
    int rc = QF_OK;
    qf_stmt *st = NULL; /* looked up once: step_all resets it after each activity */
    for (size_t i = 0; rc == QF_OK && i < L->s->n_activities; i++) {
        const snap_activity *a = &L->s->activities[i];
        if (!kind_needed(need, a->kind))
            continue;
        if (!st && !(st = qf__stmt(L->db, sql_one))) {
            rc = qf_error_last_code();
            break;
        }
        qf__bind_int64(st, 1, a->id);
        rc = step_all(L, st, &a->id, &acc, row);
    }
    if (rc) {
        free(acc.arr);
        return rc;
    }
    return finish(L, &acc, array, count);
}

/* Whether the member has one of the memberships the snapshot holds (sorted by member). */
static int cmp_membership_member(const void *key, const void *elem)
{
    int64_t id = *(const int64_t *)key, m = ((const snap_membership *)elem)->member_id;
    return CMP_FIELD(id, m);
}

static bool branch_member(const qf_snapshot *s, int64_t member_id)
{
    return s->n_memberships && bsearch(&member_id, s->memberships, s->n_memberships,
                                       sizeof *s->memberships, cmp_membership_member);
}

/* The members' statuses or flags: the statement of one member, or of a range of ids. */
typedef struct member_rows {
    const char *one, *in;
    bool dated;               /* the statements bind the date range */
    row_fn row, row_in;       /* row_in skips the rows of other branches' members */
} member_rows;

/*
 * Statuses or flags of the members the memberships hold (every member with a membership row of
 * the branch's orgs in the range), in member order. One query per table with the memberships
 * as a subquery repeated their look-ups for each of the two tables (a branch whose members have
 * no flags paid 190,000 instructions for none); joined through membership from the branch's
 * orgs (no IN list) it still took 1.4 times the per-member queries for the statuses and 1.8
 * times for the flags (SQLite alone, 100 branches). So: when the branch's member ids are
 * dense (at most twice as many ids from the lowest to the highest as members: a branch whose
 * members were entered together), one query of the id range, the rows of other branches'
 * members in it read and left out (they enter neither the snapshot nor the fingerprint);
 * otherwise one query per member.
 */
static int run_members(loader *L, const member_rows *q, void **array, size_t *count, size_t elem)
{
    rows_acc acc = {NULL, 0, 0, elem, {0, 0, 0, 0, {0}}};
    const qf_snapshot *s = L->s;
    size_t members = 0;
    for (size_t i = 0; i < s->n_memberships; i++)
        members += i == 0 || s->memberships[i].member_id != s->memberships[i - 1].member_id;
    int rc = QF_OK;
    if (members > 1 && (uint64_t)(s->memberships[s->n_memberships - 1].member_id -
                                  s->memberships[0].member_id) < 2 * (uint64_t)members) {
        qf_stmt *st = qf__stmt(L->db, q->in);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, s->memberships[0].member_id);
        if (q->dated) {
            qf__bind_textn(st, 2, L->from, -1, QF_STATIC);
            qf__bind_textn(st, 3, L->to, -1, QF_STATIC);
            qf__bind_int64(st, 4, s->memberships[s->n_memberships - 1].member_id);
        } else {
            qf__bind_int64(st, 2, s->memberships[s->n_memberships - 1].member_id);
        }
        rc = step_all(L, st, NULL, &acc, q->row_in);
    } else {
        int64_t last = 0;
        qf_stmt *st = NULL;
        for (size_t i = 0; rc == QF_OK && i < s->n_memberships; i++) {
            int64_t member = s->memberships[i].member_id;
            if (i && member == last)
                continue;
            last = member;
            if (!st && !(st = qf__stmt(L->db, q->one))) {
                rc = qf_error_last_code();
                break;
            }
            qf__bind_int64(st, 1, member);
            if (q->dated) {
                qf__bind_textn(st, 2, L->from, -1, QF_STATIC);
                qf__bind_textn(st, 3, L->to, -1, QF_STATIC);
            }
            rc = step_all(L, st, &member, &acc, q->row);
        }
    }
    if (rc) {
        free(acc.arr);
        return rc;
    }
    return finish(L, &acc, array, count);
}

/* The same layouts qf__col_date and qf__col_datetime read (validated on the way in). */
static int two(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

static qf_date date_of(const col *c)
{
    if (!c->s || c->n < 10)
        return QF_DATE_NONE;
    return qf_date_from_ymd(two(c->s) * 100 + two(c->s + 2), two(c->s + 5), two(c->s + 8));
}

static qf_datetime datetime_of(const col *c)
{
    qf_date d = date_of(c);
    if (d == QF_DATE_NONE)
        return QF_DATETIME_NONE;
    if (c->n >= 16)
        return qf_datetime_from_date(d, two(c->s + 11), two(c->s + 14));
    return qf_datetime_from_date(d, 0, 0);
}

static const char *dup(loader *L, const col *c)
{
    return c->s ? qf__arena_strdup(&L->s->arena, c->s) : NULL;
}

static int row_org(loader *L, const col *c, void *out)
{
    snap_org *o = out;
    o->id = c[0].i;
    o->parent_id = c[1].i;
    o->code = dup(L, &c[2]);
    o->name = dup(L, &c[3]);
    o->kind = QF_ORG_BRANCH;
    qf_org_kind_parse(&o->kind, c[4].s);
    o->last_election = dup(L, &c[5]);
    return QF_OK;
}

static int row_activity(loader *L, const col *c, void *out)
{
    snap_activity *a = out;
    memset(a, 0, sizeof *a);
    a->id = c[0].i;
    a->org_id = c[1].i;
    a->kind = intern_str(L->s, &L->names, (const unsigned char *)c[2].s);
    a->title = dup(L, &c[3]);
    a->topic = dup(L, &c[4]);
    a->starts = datetime_of(&c[5]);
    a->ends = datetime_of(&c[6]);
    a->lecturer_id = c[7].i;
    a->day = qf_datetime_date(a->starts);
    return QF_OK;
}

static int row_artifact(loader *L, const col *c, void *out)
{
    snap_artifact *x = out;
    x->activity_id = c[0].i;
    x->id = c[1].i;
    x->type = intern_str(L->s, &L->names, (const unsigned char *)c[2].s);
    x->issued = datetime_of(&c[3]);
    return QF_OK;
}

/* The schema's CHECK allows exactly these four; by their letters rather than by strcmp, as
 * there are more attendance rows than all the others together. */
static qf_attendance_state state_of(const char *s)
{
    if (!s)
        return QF_ATTEND_ABSENT;
    switch (s[0]) {
    case 'p': return QF_ATTEND_PRESENT;
    case 'l': return s[1] == 'e' ? QF_ATTEND_LEAVE : QF_ATTEND_LATE;
    default: return QF_ATTEND_ABSENT;
    }
}

static int row_attendance(loader *L, const col *c, void *out)
{
    snap_attendance *t = out;
    t->activity_id = c[0].i;
    t->member_id = c[1].i;
    t->state = state_of(c[2].s);
    (void)L;
    return QF_OK;
}

static int row_guest(loader *L, const col *c, void *out)
{
    snap_guest *g = out;
    g->activity_id = c[0].i;
    g->role = intern_str(L->s, &L->names, (const unsigned char *)c[1].s);
    g->id = c[2].i;
    g->name = dup(L, &c[3]);
    return QF_OK;
}

static int row_agenda(loader *L, const col *c, void *out)
{
    snap_agenda *g = out;
    g->activity_id = c[0].i;
    g->seq = (int)c[1].i;
    g->segment = intern_str(L->s, &L->names, (const unsigned char *)c[2].s);
    return QF_OK;
}

static int row_membership(loader *L, const col *c, void *out)
{
    snap_membership *m = out;
    m->member_id = c[0].i;
    m->org_id = c[1].i;
    m->start = date_of(&c[2]);
    m->end = date_of(&c[3]);
    m->member_name = dup(L, &c[4]);
    return QF_OK;
}

static int row_status(loader *L, const col *c, void *out)
{
    snap_status *s = out;
    s->member_id = c[0].i;
    s->since = date_of(&c[1]);
    s->status = QF_STATUS_NONE;
    qf_member_status_parse(&s->status, c[2].s);
    (void)L;
    return QF_OK;
}

static int row_flag(loader *L, const col *c, void *out)
{
    snap_flag *f = out;
    f->member_id = c[0].i;
    f->flag = intern_str(L->s, &L->names, (const unsigned char *)c[1].s);
    f->start = date_of(&c[2]);
    f->end = date_of(&c[3]);
    return QF_OK;
}

static int row_status_in(loader *L, const col *c, void *out)
{
    return branch_member(L->s, c[0].i) ? row_status(L, c, out) : ROW_SKIP;
}

static int row_flag_in(loader *L, const col *c, void *out)
{
    return branch_member(L->s, c[0].i) ? row_flag(L, c, out) : ROW_SKIP;
}

static int row_position(loader *L, const col *c, void *out)
{
    snap_position *p = out;
    p->member_id = c[0].i;
    p->org_id = c[1].i;
    p->post = intern_str(L->s, &L->names, (const unsigned char *)c[2].s);
    p->start = date_of(&c[3]);
    p->end = date_of(&c[4]);
    p->member_name = dup(L, &c[5]);
    return QF_OK;
}

static int cmp_activity_id(const void *key, const void *elem)
{
    int64_t id = *(const int64_t *)key, a = ((const snap_activity *)elem)->id;
    return CMP_FIELD(id, a);
}

/* The activity with the id (the activities are sorted by id). */
static snap_activity *find_activity(qf_snapshot *s, int64_t id)
{
    return s->n_activities ? bsearch(&id, s->activities, s->n_activities, sizeof *s->activities,
                                      cmp_activity_id)
                           : NULL;
}

/*
 * Child rows (attendance, artifacts, guests, agenda) are read by a nested loop over the
 * activities, so each activity's rows arrive together, in no particular activity order: no
 * ORDER BY, whose temporary B-tree cost more than the rest of the load. `link` records each
 * activity's slice; should rows ever not arrive grouped, they are sorted first.
 */
typedef struct child_view {
    void *rows;
    size_t n, size;
    size_t activity_off; /* offsetof the row's activity_id */
    int (*cmp)(const void *, const void *);
} child_view;

static int64_t child_activity(const child_view *v, size_t i)
{
    int64_t id;
    memcpy(&id, (const char *)v->rows + i * v->size + v->activity_off, sizeof id);
    return id;
}

static bool grouped(qf_snapshot *s, const child_view *v, size_t first_off, size_t count_off)
{
    snap_activity *a = NULL;
    int64_t last = 0;
    for (size_t i = 0; i < v->n; i++) {
        int64_t id = child_activity(v, i);
        if (i == 0 || id != last) /* rows come an activity at a time: search once per run */
            a = find_activity(s, last = id);
        if (!a)
            continue;
        size_t *first = (size_t *)((char *)a + first_off), *count = (size_t *)((char *)a + count_off);
        if (*count == 0)
            *first = i;
        else if (*first + *count != i)
            return false;
        (*count)++;
    }
    return true;
}

static void link(qf_snapshot *s, child_view *v, size_t first_off, size_t count_off)
{
    if (grouped(s, v, first_off, count_off))
        return;
    for (size_t i = 0; i < s->n_activities; i++) {
        *(size_t *)((char *)&s->activities[i] + count_off) = 0;
    }
    qsort(v->rows, v->n, v->size, v->cmp);
    grouped(s, v, first_off, count_off);
}

static int cmp_activity(const void *x, const void *y)
{
    const snap_activity *a = x, *b = y;
    return CMP_FIELD(a->id, b->id);
}
static int cmp_artifact(const void *x, const void *y)
{
    const snap_artifact *a = x, *b = y;
    return a->activity_id != b->activity_id ? CMP_FIELD(a->activity_id, b->activity_id)
                                            : CMP_FIELD(a->issued, b->issued);
}
static int cmp_attendance(const void *x, const void *y)
{
    const snap_attendance *a = x, *b = y;
    return CMP_FIELD(a->activity_id, b->activity_id);
}
static int cmp_guest(const void *x, const void *y)
{
    const snap_guest *a = x, *b = y;
    return CMP_FIELD(a->activity_id, b->activity_id);
}
static int cmp_agenda(const void *x, const void *y)
{
    const snap_agenda *a = x, *b = y;
    return a->activity_id != b->activity_id ? CMP_FIELD(a->activity_id, b->activity_id)
                                            : CMP_FIELD(a->seq, b->seq);
}

/* NULL before any text, then bytewise: SQLite's BINARY collation, as the ORDER BY was. */
static int cmp_text(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Groups by code (the branch goes first, see sort_orgs). */
static int cmp_org(const void *x, const void *y)
{
    const snap_org *a = x, *b = y;
    int c = cmp_text(a->code, b->code);
    return c ? c : CMP_FIELD(a->id, b->id);
}

/* The branch first, then its groups by code; without the branch the load fails anyway. */
static void sort_orgs(qf_snapshot *s)
{
    for (size_t i = 1; i < s->n_orgs; i++)
        if (s->orgs[i].id == s->branch_id) {
            snap_org branch = s->orgs[i];
            s->orgs[i] = s->orgs[0];
            s->orgs[0] = branch;
        }
    if (s->n_orgs > 2)
        qsort(s->orgs + 1, s->n_orgs - 1, sizeof *s->orgs, cmp_org);
}

/* By member and start (the statuses' and the counting's member order); the rest of the row
 * breaks ties, so the order never depends on the plan that read the rows. */
static int cmp_membership(const void *x, const void *y)
{
    const snap_membership *a = x, *b = y;
    if (a->member_id != b->member_id)
        return CMP_FIELD(a->member_id, b->member_id);
    if (a->start != b->start)
        return CMP_FIELD(a->start, b->start);
    if (a->org_id != b->org_id)
        return CMP_FIELD(a->org_id, b->org_id);
    return CMP_FIELD(a->end, b->end);
}

/* By org, post and start, then the rest of the row. */
static int cmp_position(const void *x, const void *y)
{
    const snap_position *a = x, *b = y;
    if (a->org_id != b->org_id)
        return CMP_FIELD(a->org_id, b->org_id);
    int c = cmp_text(a->post, b->post);
    if (c)
        return c;
    if (a->start != b->start)
        return CMP_FIELD(a->start, b->start);
    if (a->member_id != b->member_id)
        return CMP_FIELD(a->member_id, b->member_id);
    return CMP_FIELD(a->end, b->end);
}

/* An activity's artifacts by date (messages name the earliest). */
static void sort_artifacts(qf_snapshot *s)
{
    for (size_t i = 0; i < s->n_activities; i++) {
        snap_activity *a = &s->activities[i];
        if (a->n_art > 1)
            qsort(s->artifacts + a->art0, a->n_art, sizeof *s->artifacts, cmp_artifact);
    }
}

int qf__snapshot_load(qf_snapshot *s, qf_db *db, int64_t branch_id, qf_date from, qf_date to,
                      qf_fphash *fp, const snap_need *need)
{
    memset(s, 0, sizeof *s);
    s->branch_id = branch_id;
    s->from = from;
    s->to = to;
    loader L = {.s = s, .db = db, .fp = fp};
    qf_date_format(from, L.from);
    qf_date_format(to + 1, L.to); /* exclusive upper bound on the text form */
    int rc;
    if ((rc = run(&L, SQL_ORGS, (void **)&s->orgs, &s->n_orgs, sizeof *s->orgs, row_org)) ||
        (rc = run(&L, SQL_ACTIVITIES, (void **)&s->activities, &s->n_activities,
                  sizeof *s->activities, row_activity))) {
        qf__snapshot_free(s);
        return rc;
    }
    sort_orgs(s);
    /* by id, for find_activity; the per-activity child queries then come in id order too */
    if (s->n_activities > 1)
        qsort(s->activities, s->n_activities, sizeof *s->activities, cmp_activity);
    if ((rc = run_children(&L, need ? &need->artifacts : NULL, SQL_ARTIFACTS, SQL_ARTIFACTS_OF,
                           (void **)&s->artifacts, &s->n_artifacts, sizeof *s->artifacts,
                           row_artifact)) ||
        (rc = run_children(&L, need ? &need->attendance : NULL, SQL_ATTENDANCE,
                           SQL_ATTENDANCE_OF, (void **)&s->attendance, &s->n_attendance,
                           sizeof *s->attendance, row_attendance)) ||
        (rc = run_children(&L, need ? &need->guests : NULL, SQL_GUESTS, SQL_GUESTS_OF,
                           (void **)&s->guests, &s->n_guests, sizeof *s->guests, row_guest)) ||
        (rc = run_children(&L, need ? &need->agenda : NULL, SQL_AGENDA, SQL_AGENDA_OF,
                           (void **)&s->agenda, &s->n_agenda, sizeof *s->agenda, row_agenda)) ||
        (rc = run(&L, SQL_MEMBERSHIPS, (void **)&s->memberships, &s->n_memberships,
                  sizeof *s->memberships, row_membership))) {
        qf__snapshot_free(s);
        return rc;
    }
    /* by member before run_members, which asks once per member */
    if (s->n_memberships > 1)
        qsort(s->memberships, s->n_memberships, sizeof *s->memberships, cmp_membership);
    static const member_rows statuses = {SQL_STATUSES_OF, SQL_STATUSES_IN, false, row_status,
                                         row_status_in};
    static const member_rows flags = {SQL_FLAGS_OF, SQL_FLAGS_IN, true, row_flag, row_flag_in};
    if ((rc = run_members(&L, &statuses, (void **)&s->statuses, &s->n_statuses,
                          sizeof *s->statuses)) ||
        (rc = run_members(&L, &flags, (void **)&s->flags, &s->n_flags, sizeof *s->flags)) ||
        (rc = run(&L, SQL_POSITIONS, (void **)&s->positions, &s->n_positions,
                  sizeof *s->positions, row_position))) {
        qf__snapshot_free(s);
        return rc;
    }
    if (s->n_positions > 1)
        qsort(s->positions, s->n_positions, sizeof *s->positions, cmp_position);
    if (s->n_orgs == 0 || s->orgs[0].id != branch_id) {
        qf__snapshot_free(s);
        return qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)branch_id);
    }
    child_view arts = {s->artifacts, s->n_artifacts, sizeof *s->artifacts,
                       offsetof(snap_artifact, activity_id), cmp_artifact};
    child_view atts = {s->attendance, s->n_attendance, sizeof *s->attendance,
                       offsetof(snap_attendance, activity_id), cmp_attendance};
    child_view guests = {s->guests, s->n_guests, sizeof *s->guests,
                         offsetof(snap_guest, activity_id), cmp_guest};
    child_view agenda = {s->agenda, s->n_agenda, sizeof *s->agenda,
                         offsetof(snap_agenda, activity_id), cmp_agenda};
    link(s, &arts, offsetof(snap_activity, art0), offsetof(snap_activity, n_art));
    link(s, &atts, offsetof(snap_activity, att0), offsetof(snap_activity, n_att));
    link(s, &guests, offsetof(snap_activity, guest0), offsetof(snap_activity, n_guest));
    link(s, &agenda, offsetof(snap_activity, agenda0), offsetof(snap_activity, n_agenda));
    sort_artifacts(s);
    return QF_OK;
}

void qf__snapshot_free(qf_snapshot *s)
{
    qf__arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}

const snap_org *qf__snap_org(const qf_snapshot *s, int64_t id)
{
    for (size_t i = 0; i < s->n_orgs; i++)
        if (s->orgs[i].id == id)
            return &s->orgs[i];
    return NULL;
}

qf_member_status qf__snap_status(const qf_snapshot *s, int64_t member_id, qf_date d)
{
    /* statuses are sorted by member then date: binary search the member's first row */
    size_t lo = 0, hi = s->n_statuses;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->statuses[mid].member_id < member_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    qf_member_status st = QF_STATUS_NONE;
    for (size_t i = lo; i < s->n_statuses && s->statuses[i].member_id == member_id; i++)
        if (s->statuses[i].since <= d)
            st = s->statuses[i].status;
    return st;
}

bool qf__snap_has_flag(const qf_snapshot *s, int64_t member_id, const char *flag, qf_date d)
{
    for (size_t i = 0; i < s->n_flags; i++) {
        const snap_flag *f = &s->flags[i];
        if (f->member_id == member_id && strcmp(f->flag, flag) == 0 && f->start <= d &&
            (f->end == QF_DATE_NONE || f->end >= d))
            return true;
    }
    return false;
}

bool qf__snap_member_of(const qf_snapshot *s, int64_t member_id, int64_t org_id, qf_date d)
{
    for (size_t i = 0; i < s->n_memberships; i++) {
        const snap_membership *m = &s->memberships[i];
        if (m->member_id == member_id && m->org_id == org_id && m->start <= d &&
            (m->end == QF_DATE_NONE || m->end >= d))
            return true;
    }
    return false;
}
