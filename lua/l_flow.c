/* Procedures on the database handle: db:flow_load, db:procedures, db:procedure, db:flow_params,
 * db:flow_set_param, db:flow_start, db:case, db:cases, db:flow_due. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "l_flow.h"

void ql_flow_push_deadline(lua_State *L, const qf_deadline *d); /* l_case.c */

/* Reads a whole file into a Lua string (pushed). */
static void push_file(lua_State *L, const char *path, const char *fn)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        ql_error(L, QF_EINVALID, _("%s: cannot read %s: %s"), fn, path, strerror(errno));
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        luaL_addlstring(&b, buf, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        ql_error(L, QF_EINVALID, _("%s: cannot read %s"), fn, path);
    luaL_pushresult(&b);
}

/* db:flow_load(path) or db:flow_load{source=, name=} -> {{code, rev, outcome}, …} */
static int db_flow_load(lua_State *L)
{
    static const char *const FIELDS[] = {"source", "name", NULL};
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "flow_load");
    const char *name;
    if (lua_type(L, 2) == LUA_TTABLE) {
        ql_check_fields(L, 2, "flow_load", FIELDS);
        name = ql_opt_text(L, 2, "flow_load", "name", "(source)");
        lua_getfield(L, 2, "source");
        if (lua_type(L, -1) != LUA_TSTRING)
            ql_field_error(L, "flow_load", "source", _("must be the Lua text of the procedures"));
    } else {
        const char *path = luaL_checkstring(L, 2);
        ql_check_unrestricted(L, h, "flow_load", _("read files"));
        const char *slash = strrchr(path, '/');
        name = slash ? slash + 1 : path;
        push_file(L, path, "flow_load");
    }
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    if (strlen(text) != len)
        return ql_error(L, QF_EINVALID, _("flow_load: %s contains a NUL byte; not a Lua source"), name);
    return ql_flow_load_source(L, h->db, text, len, name);
}

static int procedures_next(lua_State *L)
{
    qf_procedure_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_procedure_info *p;
    int rc = qf_procedure_next(&p, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 11);
    ql_set_text(L, "code", p->code);
    ql_set_int(L, "rev", p->rev);
    ql_set_text(L, "version", p->version);
    ql_set_text(L, "title", p->title);
    ql_set_text(L, "subject", p->subject);
    ql_set_text(L, "hash", p->hash);
    ql_set_text(L, "source", p->source_name);
    ql_set_text(L, "loaded_at", p->loaded_at);
    ql_set_int(L, "steps", p->steps);
    ql_set_int(L, "open_cases", p->open_cases);
    return 1;
}

/* db:procedures{code=, all=} -> iterator of the latest (or every) revision */
static int db_procedures(lua_State *L)
{
    static const char *const FIELDS[] = {"code", "all", NULL};
    ql_db *h = ql_checkdb(L, 1);
    qf_procedure_filter f = QF_PROCEDURE_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "procedures", FIELDS);
        f.code = ql_opt_text(L, 2, "procedures", "code", NULL);
        f.all_revisions = ql_opt_bool(L, 2, "procedures", "all", false);
    }
    qf_procedure_iter *it = NULL;
    ql_check(L, qf_procedure_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_procedure_iter_free, procedures_next);
}

/* db:procedure(code [, rev]) -> the stored definition as a table (with rev), or nil */
static int db_procedure(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *code = luaL_checkstring(L, 2);
    int rev = (int)luaL_optinteger(L, 3, 0);
    return ql_flow_push_definition(L, h->db, code, rev);
}

/* db:flow_params(code [, rev]) -> {name = {value, default, corrected, type, doc, source}} */
static int db_flow_params(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *code = luaL_checkstring(L, 2);
    int rev = (int)luaL_optinteger(L, 3, 0);
    char *json = NULL;
    ql_check(L, qf_procedure_params(&json, h->db, code, rev, NULL, true));
    lua_pushstring(L, json);
    qf_free(json);
    ql_push_json(L, lua_tostring(L, -1));
    return 1;
}

/* db:flow_set_param(code, name, value [, note]): value nil removes the correction */
static int db_flow_set_param(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "flow_set_param");
    const char *code = luaL_checkstring(L, 2);
    const char *name = luaL_checkstring(L, 3);
    const char *note = luaL_optstring(L, 5, NULL);
    const char *value = NULL;
    if (!lua_isnoneornil(L, 4)) {
        /* a scalar as JSON: wrap it in a table, encode, take the value's text back */
        lua_createtable(L, 0, 1);
        lua_pushvalue(L, 4);
        lua_setfield(L, -2, "v");
        ql_push_table_json(L, -1, "flow_set_param", name);
        const char *obj = lua_tostring(L, -1);
        size_t n = strlen(obj);
        lua_pushlstring(L, obj + 5, n - 6); /* {"v":…} */
        value = lua_tostring(L, -1);
    }
    ql_check(L, qf_procedure_set_param(h->db, code, name, value, note));
    return 0;
}

/* ---- cases --------------------------------------------------------------------------------- */

static const char *const START_FIELDS[] = {"procedure", "rev",    "member", "org", "date",
                                           "params",    "fields", "note",   NULL};

/* db:flow_start{procedure=, rev=, member=, org=, date=, params=, fields=, note=} -> case */
static int db_flow_start(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "flow_start");
    ql_flow_check_depth(L, "flow_start");
    ql_check_fields(L, 2, "flow_start", START_FIELDS);
    lua_settop(L, 2);
    qf_start_options s = QF_START_OPTIONS_INIT;
    s.procedure = ql_opt_text(L, 2, "flow_start", "procedure", NULL);
    if (!s.procedure)
        ql_field_error(L, "flow_start", "procedure", _("is required (a procedure code)"));
    s.rev = (int)ql_opt_int(L, 2, "flow_start", "rev", 0);
    s.member_id = ql_opt_ref(L, 2, h, "member", ql_member_lookup, "flow_start", "member", false);
    s.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "flow_start", "org", false);
    s.date = ql_opt_date(L, 2, "flow_start", "date", QF_DATE_NONE);
    s.note = ql_opt_text(L, 2, "flow_start", "note", NULL);
    ql_flow_push_definition(L, h->db, s.procedure, s.rev); /* 3 */
    if (lua_isnil(L, 3)) {
        if (s.rev)
            return ql_error(L, QF_EINVALID, _("flow_start: procedure %s has no revision %d"), s.procedure,
                              s.rev);
        return ql_error(L, QF_EINVALID,
                          _("flow_start: there is no procedure %s (load it with 'qufa flow "
                            "load')"),
                          s.procedure);
    }
    lua_getfield(L, 3, "rev");
    int rev = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (ql_has(L, 2, "params")) {
        lua_getfield(L, 2, "params");
        if (!lua_istable(L, -1))
            ql_field_error(L, "flow_start", "params", _("must be a table of name = value"));
        ql_push_table_json(L, -1, "flow_start", "params");
        s.params = lua_tostring(L, -1);
    }
    if (ql_has(L, 2, "fields")) {
        lua_getfield(L, 2, "fields");
        lua_getfield(L, 3, "fields");
        ql_flow_push_fields(L, -2, h, lua_istable(L, -1) ? -1 : 0, "flow_start");
        s.fields = lua_tostring(L, -1);
    }
    /* no more raising until the C resources below are released */
    qf_date day = s.date == QF_DATE_NONE ? qf_db_today(h->db) : s.date;
    int64_t org = s.org_id;
    if (!org && s.member_id) {
        qf_member *m = NULL;
        if (qf_member_get(&m, h->db, s.member_id, day) == QF_OK)
            org = m->org_id;
        qf_member_free(m);
    }
    char *params = NULL, *fields = NULL;
    int64_t id = 0;
    ql_flow_rt rt;
    ql_flow_rt_init(&rt, h->db, s.procedure, rev);
    int rc = qf_procedure_params(&params, h->db, s.procedure, rev, s.params, false);
    if (!rc)
        rc = ql_flow_on_start(&fields, &rt, s.fields, params, s.member_id, org, day);
    ql_flow_rt_free(&rt);
    if (!rc) {
        if (fields)
            s.fields = fields;
        s.rev = rev;
        rc = qf_case_start(&id, h->db, &s);
    }
    free(params);
    free(fields);
    ql_check(L, rc);
    return ql_push_case_by_id(L, 1, h->db, id);
}

/* db:case(id) -> case or nil */
static int db_case(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return ql_push_case_by_id(L, 1, h->db, (int64_t)luaL_checkinteger(L, 2));
}

static int cases_next(lua_State *L)
{
    qf_case_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_case *c;
    int rc = qf_case_next(&c, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    ql_push_case(L, -1, c);
    return 1;
}

/* db:cases{procedure=, member=, org=, state=} -> iterator */
static int db_cases(lua_State *L)
{
    static const char *const FIELDS[] = {"procedure", "member", "org", "state", NULL};
    ql_db *h = ql_checkdb(L, 1);
    qf_case_filter f = QF_CASE_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "cases", FIELDS);
        f.procedure = ql_opt_text(L, 2, "cases", "procedure", NULL);
        f.member_id = ql_opt_ref(L, 2, h, "member", ql_member_lookup, "cases", "member", false);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "cases", "org", false);
        const char *st = ql_opt_text(L, 2, "cases", "state", NULL);
        qf_case_state cs;
        if (st && qf_case_state_parse(&cs, st) != QF_OK)
            return ql_error(L, QF_EINVALID, "cases: %s", qf_error_last());
        if (st)
            f.state = (int)cs;
    }
    qf_case_iter *it = NULL;
    ql_check(L, qf_case_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_case_iter_free, cases_next);
}

static int collect_due(void *payload, const qf_deadline *d)
{
    lua_State *L = payload;
    ql_flow_push_deadline(L, d);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* db:flow_due{within=, org=, procedure=, today=} -> list of time rules due, by date */
static int db_flow_due(lua_State *L)
{
    static const char *const FIELDS[] = {"within", "org", "procedure", "today", NULL};
    ql_db *h = ql_checkdb(L, 1);
    qf_tick_options o = QF_TICK_OPTIONS_INIT;
    qf_date today = qf_db_today(h->db);
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "flow_due", FIELDS);
        today = ql_opt_date(L, 2, "flow_due", "today", today);
        o.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "flow_due", "org", false);
        o.procedure = ql_opt_text(L, 2, "flow_due", "procedure", NULL);
        lua_getfield(L, 2, "within");
        if (lua_type(L, -1) == LUA_TNUMBER) {
            o.within_days = (int)luaL_checkinteger(L, -1);
        } else if (lua_type(L, -1) == LUA_TSTRING) {
            qf_duration dur;
            qf_date until;
            if (qf_duration_parse(&dur, lua_tostring(L, -1)) != QF_OK ||
                qf_calendar_add(&until, h->db, today, dur) != QF_OK)
                return ql_error(L, QF_EINVALID, "flow_due: within: %s", qf_error_last());
            o.within_days = until - today;
        } else if (!lua_isnil(L, -1)) {
            ql_field_error(L, "flow_due", "within",
                           _("must be days or a duration such as \"30d\""));
        }
        lua_pop(L, 1);
    }
    lua_newtable(L);
    int rc = qf_flow_tick(h->db, today, &o, collect_due, L);
    ql_check(L, rc);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"flow_load", db_flow_load},
    {"procedures", db_procedures},
    {"procedure", db_procedure},
    {"flow_params", db_flow_params},
    {"flow_set_param", db_flow_set_param},
    {"flow_start", db_flow_start},
    {"case", db_case},
    {"cases", db_cases},
    {"flow_due", db_flow_due},
    {NULL, NULL},
};

void ql_open_flow(lua_State *L, int dbm, int mod)
{
    ql_open_case(L, dbm, mod);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    ql_flow_open_dsl(L, mod);
}
