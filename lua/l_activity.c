/* Activities: db:add_activity (with attendance, guests and agenda in one step),
 * db:activity, db:activities, org:activities, and the activity record's methods. */
#include <string.h>
#include "ql.h"

enum {
    A_ID, A_ORG_ID, A_KIND, A_TITLE, A_TOPIC, A_STARTS_AT, A_ENDS_AT, A_PLACE, A_HOST_ID,
    A_RECORDER_ID, A_LECTURER_ID, A_ATTRS, A_COUNT
};
static const char *const ACTIVITY_KEYS[A_COUNT] = {
    "id",      "org_id",      "kind",        "title",       "topic", "starts_at",
    "ends_at", "place",       "host_id",     "recorder_id", "lecturer_id", "attrs"};
static const ql_shape ACTIVITY = {"activity", ACTIVITY_KEYS, A_COUNT};

/* `memo`: the upvalue index of the iterator's memo slots (start value and string, end value and
 * string), or 0 */
static void fill_activity(ql_rec *r, const qf_activity *a, int memo)
{
    ql_rec_int(r, A_ID, a->id);
    ql_rec_id(r, A_ORG_ID, a->org_id);
    ql_rec_text(r, A_KIND, a->kind);
    ql_rec_text(r, A_TITLE, a->title);
    ql_rec_text(r, A_TOPIC, a->topic);
    if (memo) {
        ql_rec_datetime_memo(r, A_STARTS_AT, a->starts_at, lua_upvalueindex(memo),
                             lua_upvalueindex(memo + 1));
        ql_rec_datetime_memo(r, A_ENDS_AT, a->ends_at, lua_upvalueindex(memo + 2),
                             lua_upvalueindex(memo + 3));
    } else {
        ql_rec_datetime(r, A_STARTS_AT, a->starts_at);
        ql_rec_datetime(r, A_ENDS_AT, a->ends_at);
    }
    ql_rec_text(r, A_PLACE, a->place);
    ql_rec_id(r, A_HOST_ID, a->host_id);
    ql_rec_id(r, A_RECORDER_ID, a->recorder_id);
    ql_rec_id(r, A_LECTURER_ID, a->lecturer_id);
    ql_rec_attrs(r, A_ATTRS, a->attrs);
    ql_shape_end(r);
}

static void push_activity(lua_State *L, int dbidx, const qf_activity *a)
{
    ql_rec r;
    ql_shape_begin(L, dbidx, &ACTIVITY, &r);
    fill_activity(&r, a, 0);
}

static int push_activity_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_activity *a = NULL;
    int rc = qf_activity_get(&a, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_activity(L, dbidx, a);
    qf_activity_free(a);
    return 1;
}

static const char *const FIELDS[] = {
    "org",      "org_id",      "kind",     "title",       "topic",    "starts_at",
    "ends_at",  "place",       "host",     "host_id",     "recorder", "recorder_id",
    "lecturer", "lecturer_id", "attrs",    "attendance",  "guests",   "agenda",
    NULL};

static const char *pick(lua_State *L, int t, const char *a, const char *b)
{
    return ql_has(L, t, a) ? a : b;
}

/* Fills `a` from the table at `t`; fields absent keep what `a` holds. */
static void read_fields(lua_State *L, int t, ql_db *h, const char *fn, qf_activity *a)
{
    const char *f = pick(L, t, "org", "org_id");
    if (ql_has(L, t, f))
        a->org_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, f, true);
    a->kind = ql_opt_text(L, t, fn, "kind", a->kind);
    a->title = ql_opt_text(L, t, fn, "title", a->title);
    a->topic = ql_opt_text(L, t, fn, "topic", a->topic);
    a->starts_at = ql_opt_datetime(L, t, fn, "starts_at", a->starts_at);
    a->ends_at = ql_opt_datetime(L, t, fn, "ends_at", a->ends_at);
    a->place = ql_opt_text(L, t, fn, "place", a->place);
    static const char *const roles[][2] = {
        {"host", "host_id"}, {"recorder", "recorder_id"}, {"lecturer", "lecturer_id"}};
    int64_t *ids[] = {&a->host_id, &a->recorder_id, &a->lecturer_id};
    for (int i = 0; i < 3; i++) {
        f = pick(L, t, roles[i][0], roles[i][1]);
        if (ql_has(L, t, f))
            *ids[i] = ql_opt_ref(L, t, h, "member", ql_member_lookup, fn, f, false);
    }
}

static qf_attendance_state check_state(lua_State *L, const char *fn, const char *s)
{
    qf_attendance_state st;
    if (!s)
        ql_error(L, QF_EINVALID, _("%s: field 'state' is required (present, absent, leave, late)"), fn);
    if (qf_attendance_state_parse(&st, s) != QF_OK)
        ql_error(L, QF_EINVALID, "%s: %s", fn, qf_error_last());
    return st;
}

enum part { ATTENDANCE, GUESTS, AGENDA };

static const char *const PART_FIELDS[3][4] = {
    {"member", "state", "reason", NULL},
    {"name", "affiliation", "role", NULL},
    {"segment", "title", NULL, NULL},
};
static const size_t PART_SIZE[3] = {sizeof(qf_attendance), sizeof(qf_guest),
                                    sizeof(qf_agenda_item)};

/* Reads the list in field `field` of the table at `t` into an array held by a userdata left on
 * the stack (so a raised error frees it); strings point into the list's tables. */
static size_t read_list(lua_State *L, int t, ql_db *h, const char *fn, const char *field,
                        enum part kind, void **out)
{
    lua_getfield(L, t, field);
    size_t n = 0;
    if (!lua_isnil(L, -1)) {
        if (!lua_istable(L, -1))
            ql_field_error(L, fn, field, _("must be a list of tables"));
        n = (size_t)lua_rawlen(L, -1);
    }
    char *arr = lua_newuserdatauv(L, n ? n * PART_SIZE[kind] : 1, 0);
    lua_insert(L, -2);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        int it = lua_gettop(L);
        const char *ctx = lua_pushfstring(L, "%s: %s[%d]", fn, field, (int)i + 1);
        if (!lua_istable(L, it))
            ql_error(L, QF_EINVALID, _("%s must be a table"), ctx);
        ql_check_fields(L, it, ctx, PART_FIELDS[kind]);
        void *slot = arr + i * PART_SIZE[kind];
        if (kind == ATTENDANCE) {
            qf_attendance *a = slot;
            *a = (qf_attendance){0};
            a->member_id = ql_opt_ref(L, it, h, "member", ql_member_lookup, ctx, "member", true);
            a->state = check_state(L, ctx, ql_opt_text(L, it, ctx, "state", NULL));
            a->reason = ql_opt_text(L, it, ctx, "reason", NULL);
        } else if (kind == GUESTS) {
            qf_guest *g = slot;
            *g = (qf_guest){0};
            g->name = ql_opt_text(L, it, ctx, "name", NULL);
            g->affiliation = ql_opt_text(L, it, ctx, "affiliation", NULL);
            g->role = ql_opt_text(L, it, ctx, "role", NULL);
        } else {
            qf_agenda_item *g = slot;
            *g = (qf_agenda_item){0};
            g->seq = (int)i + 1;
            g->segment = ql_opt_text(L, it, ctx, "segment", NULL);
            g->title = ql_opt_text(L, it, ctx, "title", NULL);
        }
        lua_pop(L, 2);
    }
    lua_pop(L, 1); /* the list; the array stays */
    *out = arr;
    return n;
}

static void init_activity(qf_activity *a)
{
    *a = (qf_activity){0};
    a->starts_at = QF_DATETIME_NONE;
    a->ends_at = QF_DATETIME_NONE;
}

/* db:add_activity{org=, kind=, title=, starts_at=, …, attendance=, guests=, agenda=} */
static int db_add_activity(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "add_activity");
    ql_check_fields(L, 2, "add_activity", FIELDS);
    qf_activity a;
    init_activity(&a);
    read_fields(L, 2, h, "add_activity", &a);
    if (!a.org_id)
        ql_field_error(L, "add_activity", "org", _("is required"));
    if (a.starts_at == QF_DATETIME_NONE)
        ql_field_error(L, "add_activity", "starts_at", _("is required"));
    a.attrs = ql_opt_attrs(L, 2, "add_activity", "attrs");
    qf_activity_parts parts;
    void *arr;
    parts.n_attendance = read_list(L, 2, h, "add_activity", "attendance", ATTENDANCE, &arr);
    parts.attendance = arr;
    parts.n_guests = read_list(L, 2, h, "add_activity", "guests", GUESTS, &arr);
    parts.guests = arr;
    parts.n_agenda = read_list(L, 2, h, "add_activity", "agenda", AGENDA, &arr);
    parts.agenda = arr;
    int64_t id = 0;
    ql_check(L, qf_activity_create(&id, h->db, &a, &parts));
    return push_activity_by_id(L, 1, h->db, id);
}

/* db:activity(id) -> activity or nil */
static int db_activity(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    int64_t id = (int64_t)luaL_checkinteger(L, 2);
    if (h->view) {
        /* a check function's: the branch's activities are read once (a fresh table each time,
         * so what one function does to its record is not seen by the next) */
        const qf_activity *a = NULL;
        bool answered = false;
        int rc = qf_check_view_activity(&a, &answered, h->view, id);
        if (answered) {
            if (rc == QF_ENOTFOUND) {
                lua_pushnil(L);
                return 1;
            }
            ql_check(L, rc);
            push_activity(L, 1, a);
            return 1;
        }
    }
    return push_activity_by_id(L, 1, h->db, id);
}

/* Upvalues: the iterator, the record metatable and the shape's keys (resolved once), then the
 * memo of the previous row's start and end (value, string, value, string). */
static int activities_next(lua_State *L)
{
    qf_activity_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_activity *row;
    int rc = qf_activity_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_rec r;
    ql_shape_begin_at(L, lua_upvalueindex(2), lua_upvalueindex(3), &ACTIVITY, &r);
    fill_activity(&r, row, 4);
    return 1;
}

static const char *const FILTER[] = {"org", "under", "kind", "from", "to", NULL};

void ql_activity_filter(lua_State *L, int t, ql_db *h, const char *fn, qf_activity_filter *f)
{
    if (!t)
        return;
    ql_check_fields(L, t, fn, FILTER);
    f->org_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, "org", false);
    f->under = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, "under", false);
    f->kind = ql_opt_text(L, t, fn, "kind", NULL);
    f->from = ql_opt_date(L, t, fn, "from", QF_DATE_NONE);
    f->to = ql_opt_date(L, t, fn, "to", QF_DATE_NONE);
}

static int push_activities(lua_State *L, int dbidx, ql_db *h, const qf_activity_filter *f)
{
    qf_activity_iter *it = NULL;
    dbidx = lua_absindex(L, dbidx);
    ql_push_record_mt(L, dbidx, "activity");
    ql_shape_keys(L, &ACTIVITY);
    for (int i = 0; i < 4; i++)
        lua_pushnil(L);
    ql_check(L, qf_activity_list(&it, h->db, f));
    return ql_push_iter_with(L, dbidx, it, (ql_iter_free_fn)qf_activity_iter_free,
                             activities_next, 6);
}

/* db:activities{org=, under=, kind=, from=, to=} -> iterator by start time */
static int db_activities(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    ql_activity_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "activities", &f);
    return push_activities(L, 1, h, &f);
}

/* db:activity_kinds{org=, under=, kind=, from=, to=} -> {[kind] = how many}: the activities
 * db:activities would list, counted by kind in one aggregate */
static int db_activity_kinds(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    ql_activity_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "activity_kinds", &f);
    qf_activity_iter *it = NULL;
    ql_check(L, qf_activity_kinds(&it, h->db, &f));
    lua_newtable(L);
    const qf_kind_count *k;
    int rc;
    /* nothing here raises a Lua error while the iterator is open (short of memory) */
    while ((rc = qf_activity_kind_next(&k, it)) == QF_OK) {
        lua_pushinteger(L, (lua_Integer)k->n);
        lua_setfield(L, -2, k->kind);
    }
    qf_activity_iter_free(it);
    if (rc != QF_ITEROVER)
        return ql_fail(L);
    return 1;
}

/* org:activities{kind=, from=, to=} -> the org's own activities */
static int org_activities(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    if (!lua_isnoneornil(L, 2) && (ql_has(L, 2, "org") || ql_has(L, 2, "under")))
        return ql_error(L, QF_EINVALID, "%s", _("activities: an org's activities are its own; use "
                                     "db:activities for another org"));
    ql_activity_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "activities", &f);
    f.org_id = id;
    ql_push_record_db(L, 1);
    return push_activities(L, lua_gettop(L), h, &f);
}

static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    push_activity_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* a:update{…} (the activity's own fields; parts change through their methods) */
static int activity_update(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "update");
    ql_check_fields(L, 2, "update", FIELDS);
    static const char *const parts[] = {"attendance", "guests", "agenda", NULL};
    for (const char *const *p = parts; *p; p++)
        if (ql_has(L, 2, *p))
            return ql_error(L, QF_EINVALID, _("update: '%s' changes through set_attendance, add_guest or "
                                   "set_agenda"),
                              *p);
    ql_push_record_db(L, 1);
    push_activity_by_id(L, lua_gettop(L), h->db, id);
    if (lua_isnil(L, -1))
        return ql_error(L, QF_EINVALID, _("update: activity %I no longer exists"), (lua_Integer)id);
    int cur = lua_gettop(L);
    qf_activity a;
    init_activity(&a);
    a.id = id;
    read_fields(L, cur, h, "update", &a);
    read_fields(L, 2, h, "update", &a);
    const char *attrs = ql_opt_attrs(L, 2, "update", "attrs");
    if (!attrs) {
        lua_getfield(L, cur, "attrs");
        ql_push_table_json(L, -1, "update", "attrs");
        attrs = lua_tostring(L, -1);
    }
    a.attrs = attrs;
    ql_check(L, qf_activity_update(h->db, &a));
    return refresh(L, h, id);
}

/* a:delete(): with its attendance, guests, agenda and artifacts */
static int activity_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_activity_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

/* a:set_attendance(member, state [, reason]) */
static int activity_set_attendance(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "set_attendance");
    qf_attendance a = {0};
    a.activity_id = id;
    a.member_id = ql_ref(L, 2, h, "member", ql_member_lookup, "set_attendance", "member", true);
    a.state = check_state(L, "set_attendance", luaL_checkstring(L, 3));
    a.reason = luaL_optstring(L, 4, NULL);
    ql_check(L, qf_attendance_set(h->db, &a));
    lua_settop(L, 1);
    return 1;
}

/* a:remove_attendance(member) */
static int activity_remove_attendance(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "remove_attendance");
    int64_t m = ql_ref(L, 2, h, "member", ql_member_lookup, "remove_attendance", "member", true);
    ql_check(L, qf_attendance_remove(h->db, id, m));
    lua_settop(L, 1);
    return 1;
}

static int attendance_next(lua_State *L)
{
    qf_attendance_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_attendance *row;
    int rc = qf_attendance_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    int dbidx = lua_gettop(L);
    ql_db *h = lua_touserdata(L, dbidx);
    lua_createtable(L, 0, 4);
    ql_set_int(L, "member_id", row->member_id);
    ql_set_text(L, "state", qf_attendance_state_name(row->state));
    ql_set_text(L, "reason", row->reason);
    /* the member as of today; the row's strings stay valid: no other call on this iterator */
    ql_push_member_by_id(L, dbidx, h->db, row->member_id, QF_DATE_NONE);
    lua_setfield(L, -2, "member");
    return 1;
}

/* a:attendance() -> iterator over {member, member_id, state, reason} */
static int activity_attendance(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    qf_attendance_iter *it = NULL;
    ql_check(L, qf_attendance_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_attendance_iter_free,
                        attendance_next);
}

static void push_guest(lua_State *L, const qf_guest *g)
{
    lua_createtable(L, 0, 4);
    ql_set_int(L, "id", g->id);
    ql_set_text(L, "name", g->name);
    ql_set_text(L, "affiliation", g->affiliation);
    ql_set_text(L, "role", g->role);
}

/* a:add_guest{name=, affiliation=, role=} -> guest {id, name, affiliation, role} */
static int activity_add_guest(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "add_guest");
    ql_check_fields(L, 2, "add_guest", PART_FIELDS[GUESTS]);
    qf_guest g = {0};
    g.activity_id = id;
    g.name = ql_opt_text(L, 2, "add_guest", "name", NULL);
    g.affiliation = ql_opt_text(L, 2, "add_guest", "affiliation", NULL);
    g.role = ql_opt_text(L, 2, "add_guest", "role", NULL);
    ql_check(L, qf_guest_add(&g.id, h->db, &g));
    push_guest(L, &g);
    return 1;
}

/* a:remove_guest(guest | id) */
static int activity_remove_guest(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "remove_guest");
    lua_Integer gid;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "id");
        gid = luaL_checkinteger(L, -1);
    } else {
        gid = luaL_checkinteger(L, 2);
    }
    ql_check(L, qf_guest_remove(h->db, (int64_t)gid));
    return 0;
}

static int guests_next(lua_State *L)
{
    qf_guest_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_guest *row;
    int rc = qf_guest_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    push_guest(L, row);
    return 1;
}

/* a:guests() -> iterator over {id, name, affiliation, role} */
static int activity_guests(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    qf_guest_iter *it = NULL;
    ql_check(L, qf_guest_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_guest_iter_free, guests_next);
}

/* a:set_agenda{{segment=, title=}, …}: replaces the whole agenda */
static int activity_set_agenda(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_check_writable(L, h, "set_agenda");
    luaL_checktype(L, 2, LUA_TTABLE);
    /* read_list wants the list in a field: wrap it */
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "agenda");
    void *arr;
    size_t n = read_list(L, lua_gettop(L), h, "set_agenda", "agenda", AGENDA, &arr);
    ql_check(L, qf_agenda_set(h->db, id, arr, n));
    lua_settop(L, 1);
    return 1;
}

static int agenda_next(lua_State *L)
{
    qf_agenda_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_agenda_item *row;
    int rc = qf_agenda_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 3);
    ql_set_int(L, "seq", row->seq);
    ql_set_text(L, "segment", row->segment);
    ql_set_text(L, "title", row->title);
    return 1;
}

/* a:agenda() -> iterator over {seq, segment, title} */
static int activity_agenda(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    qf_agenda_iter *it = NULL;
    ql_check(L, qf_agenda_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_agenda_iter_free, agenda_next);
}

/* a:org() -> the org that held it */
static int activity_org(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    lua_getfield(L, 1, "org_id");
    int64_t org = (int64_t)lua_tointeger(L, -1);
    ql_push_record_db(L, 1);
    lua_getfield(L, -1, "org");
    lua_insert(L, -2);
    lua_pushinteger(L, (lua_Integer)org);
    (void)h;
    lua_call(L, 2, 1);
    return 1;
}

static const luaL_Reg METHODS[] = {
    {"update", activity_update},
    {"delete", activity_delete},
    {"set_attendance", activity_set_attendance},
    {"remove_attendance", activity_remove_attendance},
    {"attendance", activity_attendance},
    {"add_guest", activity_add_guest},
    {"remove_guest", activity_remove_guest},
    {"guests", activity_guests},
    {"set_agenda", activity_set_agenda},
    {"agenda", activity_agenda},
    {"org", activity_org},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_activity", db_add_activity},
    {"activity", db_activity},
    {"activities", db_activities},
    {"activity_kinds", db_activity_kinds},
    {NULL, NULL},
};

void ql_open_activity(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "activity", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "qufa.methods.org");
    lua_pushcfunction(L, org_activities);
    lua_setfield(L, -2, "activities");
    lua_pop(L, 1);
}
