/* 民主评议党员 results (db:set_appraisal, db:appraisal, db:appraisals, appraisal:delete) and
 * the stroke order of names (qufa.strokes, qufa.name_compare, qufa.sort_names). */
#include <string.h>
#include "ql.h"

static void push_appraisal(lua_State *L, int dbidx, const qf_appraisal *a)
{
    ql_new_record(L, dbidx, "appraisal", 8);
    ql_set_int(L, "id", a->id);
    ql_set_id(L, "member_id", a->member_id);
    ql_set_id(L, "org_id", a->org_id);
    ql_set_int(L, "year", a->year);
    ql_set_text(L, "result", qf_appraisal_result_name(a->result));
    ql_set_text(L, "result_label", qf_appraisal_result_label(a->result));
    ql_set_id(L, "activity_id", a->activity_id);
    ql_set_text(L, "note", a->note);
}

static int push_appraisal_of(lua_State *L, int dbidx, qf_db *db, int64_t member, int year)
{
    qf_appraisal *a = NULL;
    int rc = qf_appraisal_get(&a, db, member, year);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_appraisal(L, dbidx, a);
    qf_appraisal_free(a);
    return 1;
}

static int activity_lookup(int64_t *id, qf_db *db, const char *code)
{
    (void)db;
    (void)id;
    return qf_error_set(QF_EINVALID, _("activities have no code: '%s' (pass a record or an id)"),
                        code);
}

static int year_of(lua_State *L, int t, const char *fn, bool required)
{
    lua_Integer y = ql_opt_int(L, t, fn, "year", 0);
    if (required && y == 0)
        ql_field_error(L, fn, "year", _("is required"));
    if (y < 0 || y > 9999)
        ql_field_error(L, fn, "year", _("must be a year such as 2017"));
    return (int)y;
}

static const char *const FIELDS[] = {"member", "year", "result", "activity", "org", "note", NULL};

/* db:set_appraisal{member=, year=, result=, activity=, org=, note=} -> appraisal */
static int db_set_appraisal(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "set_appraisal");
    ql_check_fields(L, 2, "set_appraisal", FIELDS);
    qf_appraisal a = {0};
    a.member_id = ql_opt_ref(L, 2, h, "member", ql_member_lookup, "set_appraisal", "member", true);
    a.year = year_of(L, 2, "set_appraisal", true);
    const char *result = ql_opt_text(L, 2, "set_appraisal", "result", NULL);
    if (!result)
        ql_field_error(L, "set_appraisal", "result",
                       _("is required (excellent, qualified, basically_qualified, unqualified)"));
    if (qf_appraisal_result_parse(&a.result, result) != QF_OK)
        return luaL_error(L, "set_appraisal: %s", qf_error_last());
    a.activity_id =
        ql_opt_ref(L, 2, h, "activity", activity_lookup, "set_appraisal", "activity", false);
    a.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "set_appraisal", "org", false);
    a.note = ql_opt_text(L, 2, "set_appraisal", "note", NULL);
    ql_check(L, qf_appraisal_set(NULL, h->db, &a));
    return push_appraisal_of(L, 1, h->db, a.member_id, a.year);
}

/* db:appraisal(member, year) -> appraisal or nil */
static int db_appraisal(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    int64_t member = ql_ref(L, 2, h, "member", ql_member_lookup, "appraisal", "member", true);
    lua_Integer year = luaL_checkinteger(L, 3);
    return push_appraisal_of(L, 1, h->db, member, (int)year);
}

static int appraisals_next(lua_State *L)
{
    qf_appraisal_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_appraisal *row;
    int rc = qf_appraisal_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_appraisal(L, -1, row);
    return 1;
}

static const char *const FILTER[] = {"org", "member", "activity", "year", NULL};

/* db:appraisals{org=, member=, activity=, year=} -> iterator (by year, then name in stroke
 * order) */
static int db_appraisals(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_appraisal_filter f = QF_APPRAISAL_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "appraisals", FILTER);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "appraisals", "org", false);
        f.member_id =
            ql_opt_ref(L, 2, h, "member", ql_member_lookup, "appraisals", "member", false);
        f.activity_id =
            ql_opt_ref(L, 2, h, "activity", activity_lookup, "appraisals", "activity", false);
        f.year = year_of(L, 2, "appraisals", false);
    }
    qf_appraisal_iter *it = NULL;
    ql_check(L, qf_appraisal_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_appraisal_iter_free, appraisals_next);
}

/* appraisal:delete() */
static int appraisal_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "appraisal", &id);
    ql_check_writable(L, h, "delete");
    lua_getfield(L, 1, "member_id");
    lua_getfield(L, 1, "year");
    int64_t member = (int64_t)luaL_checkinteger(L, -2);
    int year = (int)luaL_checkinteger(L, -1);
    ql_check(L, qf_appraisal_delete(h->db, member, year));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

/* ---- names in stroke order ------------------------------------------------------------- */

/* qufa.strokes(char) -> integer: the stroke count of the first character (0: not an
 * ideograph) */
static int l_strokes(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp = 0;
    if (n >= 3 && (p[0] & 0xF0) == 0xE0)
        cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    else if (n >= 4 && (p[0] & 0xF8) == 0xF0)
        cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
             ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    lua_pushinteger(L, qf_strokes(cp));
    return 1;
}

/* qufa.name_compare(a, b) -> integer (<0, 0, >0) */
static int l_name_compare(lua_State *L)
{
    size_t an, bn;
    const char *a = luaL_checklstring(L, 1, &an);
    const char *b = luaL_checklstring(L, 2, &bn);
    int c = qf_name_compare_n(a, an, b, bn);
    lua_pushinteger(L, c < 0 ? -1 : c > 0 ? 1 : 0);
    return 1;
}

static const luaL_Reg METHODS[] = {
    {"delete", appraisal_delete},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"set_appraisal", db_set_appraisal},
    {"appraisal", db_appraisal},
    {"appraisals", db_appraisals},
    {NULL, NULL},
};

static const luaL_Reg MODULE[] = {
    {"strokes", l_strokes},
    {"name_compare", l_name_compare},
    {NULL, NULL},
};

void ql_open_appraisal(lua_State *L, int dbm, int mod)
{
    ql_define_record_type(L, "appraisal", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_pushvalue(L, mod);
    luaL_setfuncs(L, MODULE, 0);
    lua_pop(L, 1);
}
