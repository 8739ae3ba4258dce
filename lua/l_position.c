/* Positions (posts held over date ranges): db:appoint, db:position, db:positions, db:holder,
 * and the position record's methods. The end date is the record field `end_date` (input also
 * accepts `finish`): `p.finish` would hide the p:finish() method. */
#include "ql.h"

static void push_position(lua_State *L, int dbidx, const qf_position *p)
{
    ql_new_record(L, dbidx, "position", 7);
    ql_set_int(L, "id", p->id);
    ql_set_id(L, "member_id", p->member_id);
    ql_set_id(L, "org_id", p->org_id);
    ql_set_text(L, "post", p->post);
    ql_set_date(L, "start", p->start);
    ql_set_date(L, "end_date", p->end);
    ql_set_text(L, "note", p->note);
}

static int push_position_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_position *p = NULL;
    int rc = qf_position_get(&p, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_position(L, dbidx, p);
    qf_position_free(p);
    return 1;
}

static const char *const FIELDS[] = {"member", "member_id", "org",    "org_id", "post",
                                     "start",  "finish",    "end_date", "note", NULL};

static const char *either(lua_State *L, int t, const char *a, const char *b)
{
    return ql_has(L, t, a) ? a : b;
}

/* Fills `p` from the table at `t`; fields absent keep what `p` holds. */
static void read_fields(lua_State *L, int t, ql_db *h, const char *fn, qf_position *p)
{
    const char *f = either(L, t, "member", "member_id");
    if (ql_has(L, t, f))
        p->member_id = ql_opt_ref(L, t, h, "member", ql_member_lookup, fn, f, true);
    f = either(L, t, "org", "org_id");
    if (ql_has(L, t, f))
        p->org_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, f, true);
    p->post = ql_opt_text(L, t, fn, "post", p->post);
    p->start = ql_opt_date(L, t, fn, "start", p->start);
    f = either(L, t, "finish", "end_date");
    p->end = ql_opt_date(L, t, fn, f, p->end);
    p->note = ql_opt_text(L, t, fn, "note", p->note);
}

/* db:appoint{member=, org=, post=, start=, finish=, note=} -> position */
static int db_appoint(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "appoint");
    ql_check_fields(L, 2, "appoint", FIELDS);
    qf_position p = {0};
    p.start = QF_DATE_NONE;
    p.end = QF_DATE_NONE;
    read_fields(L, 2, h, "appoint", &p);
    if (!p.member_id)
        ql_field_error(L, "appoint", "member", _("is required"));
    if (!p.org_id)
        ql_field_error(L, "appoint", "org", _("is required"));
    if (p.start == QF_DATE_NONE)
        p.start = qf_db_today(h->db);
    int64_t id = 0;
    ql_check(L, qf_position_create(&id, h->db, &p));
    return push_position_by_id(L, 1, h->db, id);
}

/* db:position(id) -> position or nil */
static int db_position(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    int64_t id = (int64_t)luaL_checkinteger(L, 2);
    return push_position_by_id(L, 1, h->db, id);
}

static int positions_next(lua_State *L)
{
    qf_position_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_position *row;
    int rc = qf_position_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_position(L, -1, row);
    return 1;
}

static const char *const FILTER[] = {"org", "member", "post", "on", NULL};

/* db:positions{org=, member=, post=, on=} -> iterator */
static int db_positions(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_position_filter f = QF_POSITION_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "positions", FILTER);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "positions", "org", false);
        f.member_id =
            ql_opt_ref(L, 2, h, "member", ql_member_lookup, "positions", "member", false);
        f.post = ql_opt_text(L, 2, "positions", "post", NULL);
        f.on = ql_opt_date(L, 2, "positions", "on", QF_DATE_NONE);
    }
    qf_position_iter *it = NULL;
    ql_check(L, qf_position_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_position_iter_free, positions_next);
}

/* db:holder(org, post [, on]) -> member or nil */
static int db_holder(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    int64_t org = ql_ref(L, 2, h, "org", ql_org_lookup, "holder", "org", true);
    const char *post = luaL_checkstring(L, 3);
    qf_date on = ql_opt_date_arg(L, 4, "holder", qf_db_today(h->db));
    int64_t member = 0;
    bool answered = false;
    if (h->view)
        ql_check(L, qf_check_view_holder(&member, &answered, h->view, org, post, on));
    if (!answered)
        ql_check(L, qf_position_holder(&member, h->db, org, post, on));
    if (!member) {
        lua_pushnil(L);
        return 1;
    }
    return ql_push_member_of(L, 1, h, member, on);
}

static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    push_position_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* p:finish(date): the post is held until date (inclusive) */
static int position_finish(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "position", &id);
    ql_check_writable(L, h, "finish");
    ql_check(L, qf_position_end(h->db, id, ql_opt_date_arg(L, 2, "finish", qf_db_today(h->db))));
    return refresh(L, h, id);
}

/* p:update{post=, start=, finish=, note=, member=, org=} */
static int position_update(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "position", &id);
    ql_check_writable(L, h, "update");
    ql_check_fields(L, 2, "update", FIELDS);
    ql_push_record_db(L, 1);
    push_position_by_id(L, lua_gettop(L), h->db, id);
    if (lua_isnil(L, -1))
        return ql_error(L, QF_EINVALID, _("update: position %I no longer exists"), (lua_Integer)id);
    int cur = lua_gettop(L);
    qf_position p = {0};
    p.id = id;
    p.start = QF_DATE_NONE;
    p.end = QF_DATE_NONE;
    read_fields(L, cur, h, "update", &p);
    read_fields(L, 2, h, "update", &p);
    ql_check(L, qf_position_update(h->db, &p));
    return refresh(L, h, id);
}

static int position_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "position", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_position_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

/* p:member() -> the holder (as of today) */
static int position_member(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "position", &id);
    lua_getfield(L, 1, "member_id");
    int64_t member = (int64_t)lua_tointeger(L, -1);
    ql_push_record_db(L, 1);
    return ql_push_member_by_id(L, lua_gettop(L), h->db, member, QF_DATE_NONE);
}

static const luaL_Reg METHODS[] = {
    {"finish", position_finish}, {"update", position_update}, {"delete", position_delete},
    {"member", position_member}, {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"appoint", db_appoint},
    {"position", db_position},
    {"positions", db_positions},
    {"holder", db_holder},
    {NULL, NULL},
};

void ql_open_position(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "position", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
