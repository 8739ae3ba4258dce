/*
 * The check view: a check function's member questions (ctx.db:members, :count_members,
 * :member, :holder) answered from the branch the engine already holds, instead of a statement
 * per question (issue 17: member lists, with a correlated subquery per member for status, org
 * and group, were a tenth of a whole-pack check).
 *
 * The answers are the database's (member_query.c, position.c), row for row: a question is
 * answered only when the snapshot holds everything it depends on —
 *   - the org is the branch or one of its groups, and the day is inside the loaded range: the
 *     snapshot then holds every membership of that org on that day, every status of those
 *     members, and every flag and post of that day;
 *   - no `under` (a subtree walk);
 *   - a member record's own fields (code, gender, birth date, phone, attrs ...) are read once
 *     per branch, on the first list, in one statement, which also counts each member's
 *     memberships: the org a record shows is the latest membership that applies, in any org,
 *     so a member with memberships the snapshot lacks (elsewhere, or ended before the range)
 *     has them read too (a count needs none of this);
 *   - a post with two holders starting the same day is settled by the rows' ids, which the
 *     snapshot does not read: not answered.
 * Anything else is left to the database (*answered = false). The checks of the filter are
 * member_query.c's own (qf__member_filter_check), so bad input fails with the same error.
 * tests/core/test_check_view.c asks every question both ways on generated branches.
 */
#include <stdlib.h>
#include <string.h>
#include "check_view.h"
#include "people.h"

/* The snapshot's members (their ids as a JSON array: one statement, a primary-key look-up
 * each), with how many memberships each has that start before the range ends (an index range,
 * no table row): when that is the number the snapshot holds for the member, every membership
 * that can apply on a day of the range is in the snapshot, and their rows are not read. */
static const char SQL_PEOPLE[] =
    "SELECT m.id, m.code, m.name, m.gender, m.birth_date, m.joined, m.phone, m.id_number, "
    "m.attrs, (SELECT count(*) FROM membership x WHERE x.member_id = m.id AND x.start < ?2) "
    "FROM member m WHERE m.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) "
    "ORDER BY m.id";
/* The same by a range of ids, for a branch whose members' ids are dense (entered together):
 * one range of the primary key instead of a look-up per id of a JSON list; the other
 * branches' members in the range are left out as they come (their count is read for nothing,
 * at most as many as the branch's own). */
static const char SQL_PEOPLE_RANGE[] =
    "SELECT m.id, m.code, m.name, m.gender, m.birth_date, m.joined, m.phone, m.id_number, "
    "m.attrs, (SELECT count(*) FROM membership x WHERE x.member_id = m.id AND x.start < ?2) "
    "FROM member m WHERE m.id BETWEEN ?1 AND ?3 ORDER BY m.id";
/* One member's memberships, for a member with others (outside the branch, or ended before the
 * range), or with two of one kind starting the same day (their ids then decide). */
static const char SQL_PLACES_OF[] =
    "SELECT x.id, x.org_id, x.start, x.end FROM membership x WHERE x.member_id = ?1";

void qf__check_view_init(qf_check_view *v, qf_db *db, const qf_snapshot *s)
{
    memset(v, 0, sizeof *v);
    v->db = db;
    v->snap = s;
}

void qf__check_view_free(qf_check_view *v)
{
    if (!v)
        return;
    qf__arena_free(&v->arena);
    for (size_t i = 0; i < v->n_acts; i++)
        qf_activity_free(v->acts[i]);
    free(v->people);
    free(v->places);
    free(v->rows);
    free(v->foreign);
    memset(v, 0, sizeof *v);
}

/* Whether org `id` is a party group: from the snapshot, else looked up once. */
static int org_is_group(qf_check_view *v, int64_t id, bool *group)
{
    const snap_org *o = qf__snap_org(v->snap, id);
    if (o) {
        *group = o->kind == QF_ORG_GROUP;
        return QF_OK;
    }
    for (size_t i = 0; i < v->n_foreign; i++)
        if (v->foreign[i].id == id) {
            *group = v->foreign[i].group;
            return QF_OK;
        }
    qf_org_kind kind = QF_ORG_BRANCH;
    int rc = qf__people_org(v->db, "org_id", id, &kind, NULL);
    if (rc)
        return rc;
    if (!qf__grow((void **)&v->foreign, &v->cap_foreign, v->n_foreign + 1, sizeof *v->foreign))
        return qf__oom();
    v->foreign[v->n_foreign++] = (view_org){id, kind == QF_ORG_GROUP};
    *group = kind == QF_ORG_GROUP;
    return QF_OK;
}

/* The snapshot's member ids as a JSON array (memberships are sorted by member). */
static char *member_ids_json(const qf_snapshot *s)
{
    size_t cap = 3 + s->n_memberships * 21, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[n++] = '[';
    int64_t last = 0;
    for (size_t i = 0; i < s->n_memberships; i++) {
        if (s->memberships[i].member_id == last)
            continue;
        last = s->memberships[i].member_id;
        if (n > 1)
            out[n++] = ',';
        /* not snprintf: it was a tenth of the load */
        char digits[24];
        const char *p = qf__put_decimal(digits + sizeof digits, last);
        size_t k = (size_t)(digits + sizeof digits - p);
        memcpy(out + n, p, k);
        n += k;
    }
    out[n++] = ']';
    out[n] = '\0';
    return out;
}

static int add_place(qf_check_view *v, size_t *cap, view_place place)
{
    if (!qf__grow((void **)&v->places, cap, v->n_places + 1, sizeof *v->places))
        return qf__oom();
    v->places[v->n_places++] = place;
    return QF_OK;
}

/* The snapshot's memberships of the member at s->memberships[*j] on (sorted by member) as
 * places, when they are all it has that can apply in the range (`total` of its memberships
 * start before the range ends) and no two of one kind start the same day; false otherwise
 * (nothing added). Advances *j past the member. */
static bool places_from_snapshot(qf_check_view *v, size_t *cap, view_person *p, size_t *j,
                                 int64_t total)
{
    const qf_snapshot *s = v->snap;
    while (*j < s->n_memberships && s->memberships[*j].member_id < p->base.id)
        (*j)++;
    size_t first = *j;
    while (*j < s->n_memberships && s->memberships[*j].member_id == p->base.id)
        (*j)++;
    if ((int64_t)(*j - first) != total)
        return false;
    for (size_t a = first; a < *j; a++) {
        const snap_org *oa = qf__snap_org(s, s->memberships[a].org_id);
        if (!oa)
            return false;
        for (size_t b = a + 1; b < *j; b++) {
            const snap_org *ob = qf__snap_org(s, s->memberships[b].org_id);
            if (!ob || (s->memberships[a].start == s->memberships[b].start &&
                        (oa->kind == QF_ORG_GROUP) == (ob->kind == QF_ORG_GROUP)))
                return false;
        }
    }
    p->place0 = v->n_places;
    for (size_t a = first; a < *j; a++) {
        const snap_membership *ms = &s->memberships[a];
        if (add_place(v, cap,
                      (view_place){.org_id = ms->org_id, .start = ms->start, .end = ms->end}) !=
            QF_OK)
            return false;
        p->n_places++;
    }
    return true;
}

/* Reads the member's memberships from the database (ids included). */
static int places_from_db(qf_check_view *v, size_t *cap, view_person *p)
{
    qf_stmt *st = qf__stmt(v->db, SQL_PLACES_OF);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, p->base.id);
    p->place0 = v->n_places;
    p->n_places = 0;
    int rc;
    while ((rc = qf__step(st)) == QF_ROW) {
        view_place x = {.id = qf__col_int64(st, 0),
                        .org_id = qf__col_int64(st, 1),
                        .start = qf__col_date(st, 2),
                        .end = qf__col_date(st, 3)};
        if (add_place(v, cap, x) != QF_OK) {
            qf__reset(st);
            return QF_ENOMEM;
        }
        p->n_places++;
    }
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(v->db, rc, "membership");
}

/* Whether the snapshot's member ids are dense enough to be read as a range: at most twice as
 * many ids from the lowest to the highest as members (the snapshot's own test for statuses). */
static bool ids_dense(const qf_snapshot *s, int64_t *lo, int64_t *hi)
{
    if (!s->n_memberships)
        return false;
    size_t n = 0;
    int64_t last = 0;
    for (size_t i = 0; i < s->n_memberships; i++)
        if (s->memberships[i].member_id != last) {
            last = s->memberships[i].member_id;
            n++;
        }
    *lo = s->memberships[0].member_id;
    *hi = s->memberships[s->n_memberships - 1].member_id;
    return *hi - *lo < 2 * (int64_t)n;
}

/* Whether member `id` is one of the snapshot's; *k walks the memberships (sorted by member) as
 * the ids come in order. */
static bool snapshot_has(const qf_snapshot *s, size_t *k, int64_t id)
{
    while (*k < s->n_memberships && s->memberships[*k].member_id < id)
        (*k)++;
    return *k < s->n_memberships && s->memberships[*k].member_id == id;
}

static int load(qf_check_view *v)
{
    int64_t lo = 0, hi = 0;
    bool range = ids_dense(v->snap, &lo, &hi);
    v->people_by_range = range;
    char *ids = range ? NULL : member_ids_json(v->snap);
    if (!range && !ids)
        return qf__oom();
    qf_stmt *st = qf__stmt(v->db, range ? SQL_PEOPLE_RANGE : SQL_PEOPLE);
    if (!st) {
        free(ids);
        return qf_error_last_code();
    }
    if (range) {
        qf__bind_int64(st, 1, lo);
        qf__bind_int64(st, 3, hi);
    } else {
        qf__bind_textn(st, 1, ids, -1, QF_STATIC);
    }
    qf__bind_date(st, 2, v->snap->to + 1); /* exclusive, as the snapshot reads them */
    size_t k = 0; /* where snapshot_has is in the memberships */
    size_t cap_people = 0, cap_places = 0, j = 0;
    bool *fetch = NULL; /* per person: its memberships are read from the database */
    size_t cap_fetch = 0;
    int rc;
    qf_arena *a = &v->arena;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (range && !snapshot_has(v->snap, &k, qf__col_int64(st, 0)))
            continue;
        if (!qf__grow((void **)&v->people, &cap_people, v->n_people + 1, sizeof *v->people) ||
            !qf__grow((void **)&fetch, &cap_fetch, v->n_people + 1, sizeof *fetch)) {
            rc = QF_ENOMEM;
            break;
        }
        view_person *p = &v->people[v->n_people];
        memset(p, 0, sizeof *p);
        qf_member *m = &p->base;
        qf_member row = {0}; /* the texts borrowed from the statement, copied into the arena */
        qf__member_read_own(st, &row);
        *m = row;
        m->code = qf__arena_strdup(a, row.code);
        m->name = qf__arena_strdup(a, row.name);
        m->gender = qf__arena_strdup(a, row.gender);
        m->phone = qf__arena_strdup(a, row.phone);
        m->id_number = qf__arena_strdup(a, row.id_number);
        m->attrs = qf__arena_strdup(a, row.attrs);
        if ((row.code && !m->code) || (row.name && !m->name) || (row.gender && !m->gender) ||
            (row.phone && !m->phone) || (row.id_number && !m->id_number) ||
            (row.attrs && !m->attrs)) {
            rc = QF_ENOMEM;
            break;
        }
        fetch[v->n_people] = !places_from_snapshot(v, &cap_places, p, &j, qf__col_int64(st, 9));
        v->n_people++;
    }
    qf__reset(st);
    free(ids);
    if (rc == QF_DONE) {
        /* the others' memberships, after the statement is done */
        rc = QF_OK;
        for (size_t i = 0; rc == QF_OK && i < v->n_people; i++)
            if (fetch[i])
                rc = places_from_db(v, &cap_places, &v->people[i]);
    } else if (rc != QF_ENOMEM) {
        rc = qf__sqlerr(v->db, rc, "member");
    }
    free(fetch);
    if (rc == QF_ENOMEM)
        return qf__oom();
    /* a foreign org's kind is looked up with another statement */
    for (size_t i = 0; rc == QF_OK && i < v->n_places; i++)
        rc = org_is_group(v, v->places[i].org_id, &v->places[i].group);
    return rc;
}

/* Loads what the snapshot lacks on the first question; false when it cannot be had (the
 * question then goes to the database, which reports the failure itself). */
static bool ready(qf_check_view *v)
{
    if (v->loaded == 0)
        v->loaded = load(v) == QF_OK ? 1 : -1;
    return v->loaded == 1;
}

static const view_person *person(const qf_check_view *v, int64_t id)
{
    size_t lo = 0, hi = v->n_people;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->people[mid].base.id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n_people && v->people[lo].base.id == id ? &v->people[lo] : NULL;
}

/* A member record alone is one statement from the database (about a fifth of the load): the
 * view loads the branch's members for records once this many have been asked for. */
#define MEMBER_ASKS_LOAD 8

static bool covers(qf_date start, qf_date end, qf_date d)
{
    return start <= d && (end == QF_DATE_NONE || end >= d);
}

/* The status row that applies on `d` (the latest `since` on or before it), from the
 * snapshot, which holds every status of its members. */
static void status_on(const qf_snapshot *s, int64_t id, qf_date d, qf_member_status *status,
                      qf_date *since)
{
    *status = QF_STATUS_NONE;
    *since = QF_DATE_NONE;
    size_t lo = 0, hi = s->n_statuses;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->statuses[mid].member_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->n_statuses && s->statuses[i].member_id == id; i++)
        if (s->statuses[i].since <= d) {
            *status = s->statuses[i].status;
            *since = s->statuses[i].since;
        }
}

/* The member as member_query.c reads it on `d`: its status then, and the latest membership
 * that applies (start, then id) among non-group orgs and among groups. */
static qf_member as_of(const qf_check_view *v, const view_person *p, qf_date d)
{
    qf_member m = p->base;
    status_on(v->snap, m.id, d, &m.status, &m.since);
    const view_place *org = NULL, *group = NULL;
    for (size_t i = p->place0; i < p->place0 + p->n_places; i++) {
        const view_place *x = &v->places[i];
        if (!covers(x->start, x->end, d))
            continue;
        const view_place **best = x->group ? &group : &org;
        if (!*best || x->start > (*best)->start ||
            (x->start == (*best)->start && x->id > (*best)->id))
            *best = x;
    }
    m.org_id = org ? org->org_id : 0;
    m.group_id = group ? group->org_id : 0;
    return m;
}

static bool in_branch(const qf_snapshot *s, int64_t org_id)
{
    return org_id && qf__snap_org(s, org_id) != NULL;
}

static bool in_range(const qf_snapshot *s, qf_date d)
{
    return d >= s->from && d <= s->to;
}

/* member_query.c's FILTERS on one member (scope aside): what the snapshot holds is enough. */
static bool matches(const qf_check_view *v, int64_t id, const char *name, qf_member_status status,
                    const qf_member_filter *f, qf_date d)
{
    if (f->status_mask &&
        (status == QF_STATUS_NONE || !((f->status_mask >> (unsigned)status) & 1u)))
        return false;
    if (f->flag && !qf__snap_has_flag(v->snap, id, f->flag, d))
        return false;
    if (f->name && (!name || strcmp(name, f->name) != 0))
        return false;
    if (f->voting) {
        /* one truth: who votes is the counting model's (counting.c), as in the SQL filter */
        qf_count_person cp = {.member_id = id,
                              .status = status,
                              .in_org = true,
                              .suspended = qf__snap_has_flag(v->snap, id, QF_FLAG_SUSPENDED, d),
                              .discipline = qf__snap_has_flag(v->snap, id, QF_FLAG_DISCIPLINE, d)};
        if (qf_count_role_of(&cp, QF_COUNT_MEMBERS) != QF_ROLE_VOTING)
            return false;
    }
    return true;
}

/* ORDER BY m.name, m.id (BINARY: byte order, as strcmp; "C" on PostgreSQL) */
static int by_name(const void *pa, const void *pb)
{
    const qf_member *a = pa, *b = pb;
    int c = !a->name || !b->name ? (a->name != NULL) - (b->name != NULL) : strcmp(a->name, b->name);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* ORDER BY m.name COLLATE QF_STROKES, m.id */
static int by_strokes(const void *pa, const void *pb)
{
    const qf_member *a = pa, *b = pb;
    int c = !a->name || !b->name ? (a->name != NULL) - (b->name != NULL)
                                 : qf_name_compare(a->name, b->name);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* Selects the filter's members: into v->rows when `rows` (the members' own fields are then
 * loaded), else only counted in v->n_rows (a count needs nothing the snapshot lacks);
 * *answered false when the view cannot answer. */
static int select_members(qf_check_view *v, const qf_member_filter *filter, bool rows,
                          bool *answered)
{
    *answered = false;
    if (!v)
        return QF_OK;
    v->n_rows = 0;
    qf_member_filter def = QF_MEMBER_FILTER_INIT;
    const qf_member_filter *f = filter ? filter : &def;
    if (f->under || !in_branch(v->snap, f->org_id))
        return QF_OK;
    qf_date d;
    int rc = qf__member_filter_check(v->db, f, &d, true);
    if (rc) {
        *answered = true;
        return rc;
    }
    if (!in_range(v->snap, d) || (rows && !ready(v)))
        return QF_OK;
    const qf_snapshot *s = v->snap;
    int64_t last = 0;
    for (size_t i = 0; i < s->n_memberships; i++) {
        const snap_membership *ms = &s->memberships[i];
        /* sorted by member: a member in the org twice that day is listed once */
        if (ms->org_id != f->org_id || !covers(ms->start, ms->end, d) || ms->member_id == last)
            continue;
        last = ms->member_id;
        qf_member_status status;
        qf_date since;
        status_on(s, ms->member_id, d, &status, &since);
        if (!matches(v, ms->member_id, ms->member_name, status, f, d))
            continue;
        if (rows) {
            const view_person *p = person(v, ms->member_id);
            if (!p)
                return QF_OK; /* cannot happen: the load reads the snapshot's members */
            if (!qf__grow((void **)&v->rows, &v->cap_rows, v->n_rows + 1, sizeof *v->rows))
                return qf__oom();
            v->rows[v->n_rows] = as_of(v, p, d);
        }
        v->n_rows++;
    }
    *answered = true;
    return QF_OK;
}

int qf_check_view_members(const qf_member **rows, size_t *n, bool *answered, qf_check_view *v,
                          const qf_member_filter *filter)
{
    *rows = NULL;
    *n = 0;
    int rc = select_members(v, filter, true, answered);
    if (rc || !*answered)
        return rc;
    bool strokes = filter && filter->version >= 2 && filter->order == QF_MEMBER_ORDER_STROKES;
    if (v->n_rows > 1)
        qsort(v->rows, v->n_rows, sizeof *v->rows, strokes ? by_strokes : by_name);
    *rows = v->rows;
    *n = v->n_rows;
    return QF_OK;
}

int qf_check_view_count(int64_t *n, bool *answered, qf_check_view *v,
                        const qf_member_filter *filter)
{
    *n = 0;
    int rc = select_members(v, filter, false, answered);
    if (!rc && *answered)
        *n = (int64_t)v->n_rows;
    return rc;
}

int qf_check_view_member(const qf_member **row, bool *answered, qf_check_view *v, int64_t id,
                         qf_date on)
{
    *row = NULL;
    *answered = false;
    if (!v)
        return QF_OK;
    if (on == QF_DATE_NONE)
        on = qf_db_today(v->db);
    int rc = qf__people_check_day("on", on, true);
    if (rc) {
        *answered = true;
        return rc;
    }
    /* one record is one statement from the database; the view loads every member's once a
     * branch has asked for a few (a check function per member asks for each) */
    if (!in_range(v->snap, on) || (v->loaded == 0 && ++v->member_asks < MEMBER_ASKS_LOAD) ||
        !ready(v))
        return QF_OK;
    const view_person *p = person(v, id);
    if (!p)
        return QF_OK;
    v->one = as_of(v, p, on);
    *row = &v->one;
    *answered = true;
    return QF_OK;
}

int qf_check_view_holder(int64_t *member_id, bool *answered, qf_check_view *v, int64_t org_id,
                         const char *post, qf_date on)
{
    *member_id = 0;
    *answered = false;
    if (!v || !post || !in_branch(v->snap, org_id))
        return QF_OK;
    if (on == QF_DATE_NONE)
        on = qf_db_today(v->db);
    /* position.c's checks, in its order (the org is known to exist) */
    int rc = qf__people_check_day("on", on, true);
    if (!rc)
        rc = qf_vocab_check(v->db, "post", post);
    if (rc) {
        *answered = true;
        return rc;
    }
    if (!in_range(v->snap, on))
        return QF_OK;
    /* ORDER BY start DESC, id DESC LIMIT 1: the latest start; a tie between two members is
     * settled by ids the snapshot does not hold */
    const snap_position *best = NULL;
    bool tie = false;
    for (size_t i = 0; i < v->snap->n_positions; i++) {
        const snap_position *p = &v->snap->positions[i];
        if (p->org_id != org_id || !p->post || strcmp(p->post, post) != 0 ||
            !covers(p->start, p->end, on))
            continue;
        if (!best || p->start > best->start) {
            best = p;
            tie = false;
        } else if (p->start == best->start && p->member_id != best->member_id) {
            tie = true;
        }
    }
    if (tie)
        return QF_OK;
    *member_id = best ? best->member_id : 0;
    *answered = true;
    return QF_OK;
}

int qf_check_view_activity(const qf_activity **row, bool *answered, qf_check_view *v, int64_t id)
{
    *row = NULL;
    *answered = false;
    if (!v)
        return QF_OK;
    *answered = true;
    for (size_t i = 0; i < v->n_acts; i++)
        if (v->acts[i]->id == id) {
            *row = v->acts[i];
            return QF_OK;
        }
    qf_activity *a = NULL;
    int rc = qf_activity_get(&a, v->db, id);
    if (rc)
        return rc;
    /* a free slot while there is one, then the oldest */
    size_t slot = v->n_acts < VIEW_ACTIVITIES ? v->n_acts++ : v->next_act;
    qf_activity_free(v->acts[slot]);
    v->acts[slot] = a;
    v->next_act = (slot + 1) % VIEW_ACTIVITIES;
    *row = a;
    return QF_OK;
}
