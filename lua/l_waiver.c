/* Waivers (情况说明): db:add_waiver, db:waiver, db:waivers, and the waiver record's end_on(). */
#include "ql.h"

static void push_waiver(lua_State *L, int dbidx, const qf_waiver *w)
{
    ql_new_record(L, dbidx, "waiver", 16);
    ql_set_int(L, "id", w->id);
    ql_set_text(L, "target", w->target);
    ql_set_text(L, "subject", w->subject);
    ql_set_id(L, "org_id", w->org_id);
    ql_set_text(L, "org", w->org);
    ql_set_text(L, "standard", w->standard);
    ql_set_text(L, "clause", w->clause);
    if (w->requirement)
        ql_set_int(L, "requirement", w->requirement);
    ql_set_text(L, "reason", w->reason);
    ql_set_text(L, "recorded_by", w->recorded_by);
    ql_set_text(L, "approved_by", w->approved_by);
    ql_set_date(L, "from", w->from);
    ql_set_date(L, "to", w->until);
    ql_set_text(L, "recorded_on", w->recorded_on);
    ql_set_date(L, "ended", w->ended);
    ql_set_text(L, "end_note", w->end_note);
}

static int push_waiver_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_waiver *w = NULL;
    int rc = qf_waiver_get(&w, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_waiver(L, dbidx, w);
    qf_waiver_free(w);
    return 1;
}

static const char *const FIELDS[] = {"target", "subject", "reason", "recorded_by",
                                     "approved_by", "from", "to", NULL};

/* db:add_waiver{target=, subject=, reason=, approved_by=, to=, recorded_by=, from=} (to: the last day; `until` is a Lua keyword)
 * -> waiver */
static int db_add_waiver(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "add_waiver");
    luaL_checktype(L, 2, LUA_TTABLE);
    ql_check_fields(L, 2, "add_waiver", FIELDS);
    qf_waiver w = {0};
    w.target = ql_opt_text(L, 2, "add_waiver", "target", NULL);
    w.subject = ql_opt_text(L, 2, "add_waiver", "subject", NULL);
    w.reason = ql_opt_text(L, 2, "add_waiver", "reason", NULL);
    w.recorded_by = ql_opt_text(L, 2, "add_waiver", "recorded_by", NULL);
    w.approved_by = ql_opt_text(L, 2, "add_waiver", "approved_by", NULL);
    w.from = ql_opt_date(L, 2, "add_waiver", "from", QF_DATE_NONE);
    w.until = ql_opt_date(L, 2, "add_waiver", "to", QF_DATE_NONE);
    int64_t id = 0;
    ql_check(L, qf_waiver_create(&id, h->db, &w));
    return push_waiver_by_id(L, 1, h->db, id);
}

/* db:waiver(id) -> waiver or nil */
static int db_waiver(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return push_waiver_by_id(L, 1, h->db, (int64_t)luaL_checkinteger(L, 2));
}

static int waivers_next(lua_State *L)
{
    qf_waiver_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_waiver *row;
    int rc = qf_waiver_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_waiver(L, -1, row);
    return 1;
}

static const char *const FILTER[] = {"org", "holds_on", "ends_by", "ends_from", NULL};

/* db:waivers{org=, holds_on=, ends_by=, ends_from=} -> iterator */
static int db_waivers(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_waiver_filter f = QF_WAIVER_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "waivers", FILTER);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "waivers", "org", false);
        f.holds_on = ql_opt_date(L, 2, "waivers", "holds_on", QF_DATE_NONE);
        f.ends_by = ql_opt_date(L, 2, "waivers", "ends_by", QF_DATE_NONE);
        f.ends_from = ql_opt_date(L, 2, "waivers", "ends_from", QF_DATE_NONE);
    }
    qf_waiver_iter *it = NULL;
    ql_check(L, qf_waiver_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_waiver_iter_free, waivers_next);
}

/* w:end_on([date [, note]]): the waiver's last day becomes `date` (default today); `end` is a
 * Lua keyword */
static int waiver_end(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "waiver", &id);
    ql_check_writable(L, h, "end_on");
    qf_date day = ql_opt_date_arg(L, 2, "end_on", QF_DATE_NONE);
    const char *note = luaL_optstring(L, 3, NULL);
    ql_check(L, qf_waiver_end(h->db, id, day, note));
    ql_push_record_db(L, 1);
    push_waiver_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

static const luaL_Reg METHODS[] = {
    {"end_on", waiver_end},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_waiver", db_add_waiver},
    {"waiver", db_waiver},
    {"waivers", db_waivers},
    {NULL, NULL},
};

void ql_open_waiver(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "waiver", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
