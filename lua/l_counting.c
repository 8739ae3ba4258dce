/* The counting model in Lua (docs/counting.md): activity:counts(), activity:attendees() and
 * org:counts(on). Every output that shows 应到, 实到 or 列席 reads them. */
#include <stdlib.h>
#include "ql.h"

static void set_bool(lua_State *L, const char *field, bool v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, field);
}

/* A finding of attendance carries its counts: a table per finding, so the field names are
 * interned once per state (ql_shape) and set with rawset. */
enum {
    C_BODY, C_DUE, C_VOTING, C_FULL, C_PRESENT, C_PRESENT_VOTING, C_PRESENT_FULL, C_LATE,
    C_LEAVE, C_ABSENT, C_UNRECORDED, C_OBSERVERS, C_GUESTS, C_RECORDED, C_COUNT
};
static const char *const COUNTS_KEYS[C_COUNT] = {
    "body", "due", "voting", "full", "present", "present_voting", "present_full", "late",
    "leave", "absent", "unrecorded", "observers", "guests", "recorded"};
static const ql_shape COUNTS = {"counts", COUNTS_KEYS, C_COUNT};

void ql_push_counts(lua_State *L, const qf_counts *c)
{
    ql_shape_keys(L, &COUNTS);
    ql_rec r = {L, 0, lua_gettop(L), false};
    lua_createtable(L, 0, C_COUNT);
    ql_rec_text(&r, C_BODY, qf_count_body_name(c->body));
    ql_rec_int(&r, C_DUE, c->due);
    ql_rec_int(&r, C_VOTING, c->voting);
    ql_rec_int(&r, C_FULL, c->full);
    ql_rec_int(&r, C_PRESENT, c->present);
    ql_rec_int(&r, C_PRESENT_VOTING, c->present_voting);
    ql_rec_int(&r, C_PRESENT_FULL, c->present_full);
    ql_rec_int(&r, C_LATE, c->late);
    ql_rec_int(&r, C_LEAVE, c->leave);
    ql_rec_int(&r, C_ABSENT, c->absent);
    ql_rec_int(&r, C_UNRECORDED, c->unrecorded);
    ql_rec_int(&r, C_OBSERVERS, c->observers);
    ql_rec_int(&r, C_GUESTS, c->guests);
    ql_rec_int(&r, C_RECORDED, c->recorded);
    lua_remove(L, -2); /* the keys */
}

static void push_attendee(lua_State *L, const qf_attendee *a)
{
    lua_createtable(L, 0, 11);
    ql_set_int(L, "member_id", a->member_id);
    ql_set_text(L, "code", a->code);
    ql_set_text(L, "name", a->name);
    if (a->status != QF_STATUS_NONE)
        ql_set_text(L, "status", qf_member_status_name(a->status));
    ql_set_id(L, "group_id", a->group_id);
    ql_set_text(L, "role", qf_count_role_name(a->role));
    set_bool(L, "due", a->role == QF_ROLE_VOTING || a->role == QF_ROLE_NONVOTING);
    set_bool(L, "voting", a->role == QF_ROLE_VOTING);
    if (a->recorded)
        ql_set_text(L, "state", qf_attendance_state_name(a->state));
    ql_set_text(L, "reason", a->reason);
    set_bool(L, "attended", a->attended);
}

static int attendees_next(lua_State *L)
{
    qf_attendee_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_attendee *a;
    int rc = qf_attendee_next(&a, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    push_attendee(L, a);
    return 1;
}

/* a:counts([{attendees = true}]) -> {due, voting, present, present_voting, leave, absent,
 * observers, guests, …}, with `attendees` (the list a:attendees() walks) when asked: one
 * reading of the activity's people for both */
static int activity_counts(lua_State *L)
{
    static const char *const OPTS[] = {"attendees", NULL};
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    bool with_list = false;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "counts", OPTS);
        with_list = ql_opt_bool(L, 2, "counts", "attendees", false);
    }
    qf_counts c;
    if (!with_list) {
        ql_check(L, qf_activity_counts(&c, h->db, id));
        ql_push_counts(L, &c);
        return 1;
    }
    qf_attendee_iter *it = NULL;
    ql_check(L, qf_attendee_list(&it, h->db, id));
    /* an iterator object owns `it` (and frees it when collected) while the tables are built:
     * a memory error on the way cannot leak it */
    ql_push_record_db(L, 1);
    int base = lua_gettop(L);
    ql_push_iter(L, base, it, (ql_iter_free_fn)qf_attendee_iter_free, attendees_next);
    ql_check(L, qf_attendee_counts(&c, it));
    ql_push_counts(L, &c);
    lua_newtable(L);
    const qf_attendee *a;
    for (lua_Integer i = 1; qf_attendee_next(&a, it) == QF_OK; i++) {
        push_attendee(L, a);
        lua_rawseti(L, -2, i);
    }
    lua_setfield(L, -2, "attendees");
    lua_replace(L, base);
    lua_settop(L, base);
    return 1;
}

/* a:attendees() -> iterator of {member_id, code, name, status, group_id, role, due, voting,
 * state, reason, attended}: those due, then the observers (列席) */
static int activity_attendees(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    qf_attendee_iter *it = NULL;
    ql_check(L, qf_attendee_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_attendee_iter_free,
                        attendees_next);
}

/* org:counts([on]) -> the counts of a meeting of the org's members on that day (default
 * today) with nothing recorded: due (its 党员), voting, full */
static int org_counts(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    qf_date on = ql_opt_date_arg(L, 2, "counts", QF_DATE_NONE);
    qf_counts c;
    ql_check(L, qf_org_counts(&c, h->db, id, on));
    ql_push_counts(L, &c);
    return 1;
}

static int scan_next(lua_State *L)
{
    qf_count_scan *s = ql_iter_get(L);
    if (!s)
        return 0;
    qf_count_item item;
    int rc = qf_count_scan_next(s, &item);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_pushinteger(L, item.activity_id);
    ql_push_counts(L, item.counts);
    lua_createtable(L, (int)item.n_attendees, 0);
    for (size_t i = 0; i < item.n_attendees; i++) {
        push_attendee(L, &item.attendees[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "attendees");
    return 2;
}

/* db:activity_counts{org=, under=, kind=, from=, to=} -> iterator of (activity id, counts
 * with attendees): a:counts{attendees = true} of every activity db:activities lists with the
 * same filter, read org by org rather than activity by activity (reports over a period) */
static int db_activity_counts(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    ql_activity_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "activity_counts", &f);
    qf_count_scan *s = NULL;
    ql_check(L, qf_count_scan_open(&s, h->db, &f));
    return ql_push_iter(L, 1, s, (ql_iter_free_fn)qf_count_scan_free, scan_next);
}

/* One person's tally, kept in C while the scan runs (a Lua field update per attendee cost more
 * than the scan's own reading, measured on the compliance report of 100 branches). */
typedef struct tally {
    int64_t member_id;
    lua_Integer due, present, leave, absent, observed;
} tally;

/* Tallies by member id: open addressing over a power-of-two table, at most half full. */
typedef struct tallies {
    tally *v;
    size_t cap, n;
} tallies;

static int tallies_gc(lua_State *L)
{
    tallies *t = lua_touserdata(L, 1);
    free(t->v);
    t->v = NULL;
    return 0;
}

/* The tallies as a userdata on the stack: freed by the collector, whatever error comes. */
static tallies *push_tallies(lua_State *L)
{
    tallies *t = lua_newuserdatauv(L, sizeof *t, 0);
    *t = (tallies){0};
    if (luaL_newmetatable(L, "qufa.tallies")) {
        lua_pushcfunction(L, tallies_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    return t;
}

static size_t slot_of(const tallies *t, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u) & (t->cap - 1);
    while (t->v[i].member_id != 0 && t->v[i].member_id != id)
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* The tally of `id`, *fresh = true when it was just made; NULL when out of memory. */
static tally *tally_of(tallies *t, int64_t id, bool *fresh)
{
    if (2 * (t->n + 1) > t->cap) {
        tallies bigger = {calloc(t->cap ? 2 * t->cap : 256, sizeof *t->v),
                          t->cap ? 2 * t->cap : 256, t->n};
        if (!bigger.v)
            return NULL;
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i].member_id != 0)
                bigger.v[slot_of(&bigger, t->v[i].member_id)] = t->v[i];
        free(t->v);
        *t = bigger;
    }
    tally *x = &t->v[slot_of(t, id)];
    *fresh = x->member_id == 0;
    if (*fresh) {
        *x = (tally){.member_id = id};
        t->n++;
    }
    return x;
}

/* db:attendance_totals{org=, under=, kind=, from=, to=} -> {[member id] = {member_id, code,
 * name, due, present, leave, absent, observed}}: each person's tally over the activities the
 * filter lists whose attendance was recorded (an activity with no row is left out, as the
 * attendance report leaves it out): due, of those present (late counts), on leave, absent, and
 * `observed`, the times attended as 列席. One table a person, however many activities. */
static int db_attendance_totals(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    ql_activity_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "attendance_totals", &f);
    qf_count_scan *s = NULL;
    ql_check(L, qf_count_scan_open(&s, h->db, &f));
    /* an iterator object owns the scan while the tables are built: an error frees it */
    int base = lua_gettop(L);
    ql_push_iter(L, 1, s, (ql_iter_free_fn)qf_count_scan_free, scan_next);
    tallies *ts = push_tallies(L);
    lua_newtable(L);
    int totals = lua_gettop(L);
    qf_count_item item;
    int rc;
    while ((rc = qf_count_scan_next(s, &item)) == QF_OK) {
        if (item.counts->recorded == 0)
            continue;
        for (size_t i = 0; i < item.n_attendees; i++) {
            const qf_attendee *a = &item.attendees[i];
            bool due = a->role == QF_ROLE_VOTING || a->role == QF_ROLE_NONVOTING;
            if (!due && !(a->role == QF_ROLE_OBSERVER && a->attended))
                continue;
            bool fresh;
            tally *t = tally_of(ts, a->member_id, &fresh);
            if (!t)
                return ql_error(L, QF_ENOMEM, "%s", _("out of memory"));
            if (fresh) { /* the person's table, made when first met (the totals' order) */
                lua_createtable(L, 0, 8);
                ql_set_int(L, "member_id", a->member_id);
                ql_set_text(L, "code", a->code);
                ql_set_text(L, "name", a->name);
                lua_rawseti(L, totals, a->member_id);
            }
            if (!due) {
                t->observed++;
            } else {
                t->due++;
                if (a->attended)
                    t->present++;
                else if (a->recorded && a->state == QF_ATTEND_LEAVE)
                    t->leave++;
                else
                    t->absent++;
            }
        }
    }
    if (rc != QF_ITEROVER)
        ql_check(L, rc);
    /* the scan ends now (and its read transaction with it), not when it is collected */
    if (luaL_callmeta(L, base + 4, "__close"))
        lua_pop(L, 1);
    for (size_t i = 0; i < ts->cap; i++) {
        const tally *t = &ts->v[i];
        if (t->member_id == 0)
            continue;
        lua_rawgeti(L, totals, t->member_id);
        ql_set_int(L, "due", t->due);
        ql_set_int(L, "present", t->present);
        ql_set_int(L, "leave", t->leave);
        ql_set_int(L, "absent", t->absent);
        ql_set_int(L, "observed", t->observed);
        lua_pop(L, 1);
    }
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
    return 1;
}

static void add_method(lua_State *L, const char *type, const char *name, lua_CFunction fn)
{
    lua_getfield(L, LUA_REGISTRYINDEX, type);
    lua_pushcfunction(L, fn);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void ql_open_counting(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    lua_pushcfunction(L, db_activity_counts);
    lua_setfield(L, -2, "activity_counts");
    lua_pushcfunction(L, db_attendance_totals);
    lua_setfield(L, -2, "attendance_totals");
    lua_pop(L, 1);
    add_method(L, "qufa.methods.activity", "counts", activity_counts);
    add_method(L, "qufa.methods.activity", "attendees", activity_attendees);
    add_method(L, "qufa.methods.org", "counts", org_counts);
}
