/* Organisations: db:add_org, db:org, db:orgs, and the org record's methods. */
#include "ql.h"

int ql_org_lookup(int64_t *id, qf_db *db, const char *code)
{
    qf_org *o = NULL;
    int rc = qf_org_lookup(&o, db, code);
    if (rc == QF_OK)
        *id = o->id;
    qf_org_free(o);
    return rc;
}

static void push_org(lua_State *L, int dbidx, const qf_org *o)
{
    ql_new_record(L, dbidx, "org", 6);
    ql_set_int(L, "id", o->id);
    ql_set_id(L, "parent_id", o->parent_id);
    ql_set_text(L, "kind", qf_org_kind_name(o->kind));
    ql_set_text(L, "code", o->code);
    ql_set_text(L, "name", o->name);
    ql_set_attrs(L, o->attrs);
}

/* Pushes the org with `id`, or nil when there is none; other failures raise. */
static int push_org_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_org *o = NULL;
    int rc = qf_org_get(&o, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_org(L, dbidx, o);
    qf_org_free(o);
    return 1;
}

static qf_org_kind check_kind(lua_State *L, int t, const char *fn, bool required,
                              qf_org_kind def)
{
    const char *k = ql_opt_text(L, t, fn, "kind", NULL);
    if (!k) {
        if (required)
            ql_field_error(L, fn, "kind", _("is required (committee, general_branch, branch, "
                                            "group)"));
        return def;
    }
    qf_org_kind kind;
    if (qf_org_kind_parse(&kind, k) != QF_OK)
        ql_error(L, QF_EINVALID, "%s: field 'kind': %s", fn, qf_error_last());
    return kind;
}

static const char *const ORG_FIELDS[] = {"kind", "code", "name", "parent", "parent_id", "attrs",
                                         NULL};

/* `parent` and `parent_id` are the same field (a record, id or code); records carry the
 * latter, so a record's own fields can be passed back. */
static int64_t parent_ref(lua_State *L, int t, ql_db *h, const char *fn, int64_t def)
{
    const char *field = ql_has(L, t, "parent") ? "parent" : "parent_id";
    if (!ql_has(L, t, field))
        return def;
    return ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, field, false);
}

/* db:add_org{kind=, code=, name=, parent=, attrs=} -> org */
static int db_add_org(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "add_org");
    ql_check_fields(L, 2, "add_org", ORG_FIELDS);
    qf_org o = {0};
    o.kind = check_kind(L, 2, "add_org", true, QF_ORG_BRANCH);
    o.code = ql_opt_text(L, 2, "add_org", "code", NULL);
    o.name = ql_opt_text(L, 2, "add_org", "name", NULL);
    o.parent_id = parent_ref(L, 2, h, "add_org", 0);
    o.attrs = ql_opt_attrs(L, 2, "add_org", "attrs");
    int64_t id = 0;
    ql_check(L, qf_org_create(&id, h->db, &o));
    return push_org_by_id(L, 1, h->db, id);
}

/* db:org(id | code | record) -> org or nil */
static int db_org(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    if (lua_type(L, 2) == LUA_TSTRING) {
        qf_org *o = NULL;
        int rc = qf_org_lookup(&o, h->db, lua_tostring(L, 2));
        if (rc == QF_ENOTFOUND) {
            lua_pushnil(L);
            return 1;
        }
        ql_check(L, rc);
        push_org(L, 1, o);
        qf_org_free(o);
        return 1;
    }
    int64_t id = ql_ref(L, 2, h, "org", ql_org_lookup, "org", "id", true);
    return push_org_by_id(L, 1, h->db, id);
}

static int orgs_next(lua_State *L)
{
    qf_org_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_org *row;
    int rc = qf_org_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_org(L, -1, row);
    return 1;
}

static const char *const ORGS_FILTER[] = {"under", "parent", "kind", NULL};

/* Pushes the generic-for values over orgs matching the filter table at `t` (0 = none). */
static int push_orgs(lua_State *L, int dbidx, ql_db *h, int t)
{
    qf_org_filter f = QF_ORG_FILTER_INIT;
    if (t) {
        ql_check_fields(L, t, "orgs", ORGS_FILTER);
        f.under = ql_opt_ref(L, t, h, "org", ql_org_lookup, "orgs", "under", false);
        f.parent_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, "orgs", "parent", false);
        if (ql_has(L, t, "kind"))
            f.kind = (int)check_kind(L, t, "orgs", false, QF_ORG_BRANCH);
    }
    qf_org_iter *it = NULL;
    ql_check(L, qf_org_list(&it, h->db, &f));
    return ql_push_iter(L, dbidx, it, (ql_iter_free_fn)qf_org_iter_free, orgs_next);
}

/* db:orgs{under=, parent=, kind=} -> iterator over orgs in tree order */
static int db_orgs(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return push_orgs(L, 1, h, lua_isnoneornil(L, 2) ? 0 : 2);
}

/* org:update{name=, code=, kind=, parent=, attrs=}: changes the given fields, refreshes self */
static int org_update(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    ql_check_writable(L, h, "update");
    ql_check_fields(L, 2, "update", ORG_FIELDS);
    ql_push_record_db(L, 1);
    int dbidx = lua_gettop(L);
    /* the stored row, as a Lua record: its strings stay valid while it is on the stack */
    push_org_by_id(L, dbidx, h->db, id);
    if (lua_isnil(L, -1))
        return ql_error(L, QF_EINVALID, _("update: org %I no longer exists"), (lua_Integer)id);
    int cur = lua_gettop(L);
    qf_org o = {0};
    o.id = id;
    o.kind = check_kind(L, cur, "update", true, QF_ORG_BRANCH);
    o.parent_id = parent_ref(L, cur, h, "update", 0);
    lua_getfield(L, cur, "attrs");
    ql_push_table_json(L, -1, "update", "attrs");
    o.attrs = lua_tostring(L, -1);
    o.kind = check_kind(L, 2, "update", false, o.kind);
    o.code = ql_opt_text(L, 2, "update", "code", ql_opt_text(L, cur, "update", "code", NULL));
    o.name = ql_opt_text(L, 2, "update", "name", ql_opt_text(L, cur, "update", "name", NULL));
    o.parent_id = parent_ref(L, 2, h, "update", o.parent_id);
    const char *attrs = ql_opt_attrs(L, 2, "update", "attrs");
    if (attrs)
        o.attrs = attrs;
    ql_check(L, qf_org_update(h->db, &o));
    push_org_by_id(L, dbidx, h->db, id);
    ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* org:delete(): refused while it has children, members, positions or activities */
static int org_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_org_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

/* org:parent() -> org or nil */
static int org_parent(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    lua_getfield(L, 1, "parent_id");
    int64_t pid = (int64_t)lua_tointeger(L, -1);
    if (!pid) {
        lua_pushnil(L);
        return 1;
    }
    ql_push_record_db(L, 1);
    return push_org_by_id(L, -1, h->db, pid);
}

/* org:children{kind=} -> iterator over direct children */
static int org_children(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    qf_org_filter f = QF_ORG_FILTER_INIT;
    f.parent_id = id;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const fields[] = {"kind", NULL};
        ql_check_fields(L, 2, "children", fields);
        f.kind = (int)check_kind(L, 2, "children", false, QF_ORG_BRANCH);
    }
    ql_push_record_db(L, 1);
    int dbidx = lua_gettop(L);
    qf_org_iter *it = NULL;
    ql_check(L, qf_org_list(&it, h->db, &f));
    return ql_push_iter(L, dbidx, it, (ql_iter_free_fn)qf_org_iter_free, orgs_next);
}

static const luaL_Reg ORG_METHODS[] = {
    {"update", org_update},
    {"delete", org_delete},
    {"parent", org_parent},
    {"children", org_children},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_org", db_add_org},
    {"org", db_org},
    {"orgs", db_orgs},
    {NULL, NULL},
};

void ql_open_org(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "org", ORG_METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
