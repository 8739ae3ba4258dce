/* Artifacts (the evidence an activity leaves): db:add_artifact, a:add_artifact, db:artifact,
 * db:artifacts, a:artifacts, and the artifact record's methods. */
#include "ql.h"

static void push_artifact(lua_State *L, int dbidx, const qf_artifact *x)
{
    ql_new_record(L, dbidx, "artifact", 12);
    ql_set_int(L, "id", x->id);
    ql_set_id(L, "activity_id", x->activity_id);
    ql_set_id(L, "member_id", x->member_id);
    ql_set_id(L, "org_id", x->org_id);
    ql_set_text(L, "type", x->type);
    ql_set_text(L, "title", x->title);
    ql_set_datetime(L, "issued_at", x->issued_at);
    ql_set_text(L, "sha256", x->sha256);
    if (x->size >= 0)
        ql_set_int(L, "size", x->size);
    ql_set_text(L, "path", x->path);
    ql_set_text(L, "mime", x->mime);
    ql_set_attrs(L, x->attrs);
}

static int push_artifact_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_artifact *x = NULL;
    int rc = qf_artifact_get(&x, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_artifact(L, dbidx, x);
    qf_artifact_free(x);
    return 1;
}

static const char *const FIELDS[] = {"activity", "activity_id", "member", "member_id", "org",
                                     "org_id", "type", "title", "issued_at", "content", "file",
                                     "path", "mime", "attrs", NULL};

static int activity_lookup(int64_t *id, qf_db *db, const char *code)
{
    (void)db;
    (void)id;
    return qf_error_set(QF_EINVALID, _("activities have no code: '%s' (pass a record or an id)"),
                        code);
}

/* The owner fields: exactly one of activity, member, org (checked by the core). */
static void read_owner(lua_State *L, int t, ql_db *h, const char *fn, qf_artifact *x)
{
    const char *f = ql_has(L, t, "activity") ? "activity" : "activity_id";
    if (ql_has(L, t, f))
        x->activity_id = ql_opt_ref(L, t, h, "activity", activity_lookup, fn, f, true);
    f = ql_has(L, t, "member") ? "member" : "member_id";
    if (ql_has(L, t, f))
        x->member_id = ql_opt_ref(L, t, h, "member", ql_member_lookup, fn, f, true);
    f = ql_has(L, t, "org") ? "org" : "org_id";
    if (ql_has(L, t, f))
        x->org_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, f, true);
}

static void read_meta(lua_State *L, int t, const char *fn, qf_artifact *x)
{
    x->type = ql_opt_text(L, t, fn, "type", x->type);
    x->title = ql_opt_text(L, t, fn, "title", x->title);
    x->issued_at = ql_opt_datetime(L, t, fn, "issued_at", x->issued_at);
    x->mime = ql_opt_text(L, t, fn, "mime", x->mime);
}

static void init_artifact(qf_artifact *x)
{
    *x = (qf_artifact){0};
    x->issued_at = QF_DATETIME_NONE;
    x->size = -1;
}

/* Creates from the field table at `t`; with `activity_id` set, the owner is that activity. */
static int add_artifact(lua_State *L, int dbidx, ql_db *h, int t, int64_t activity_id,
                        const char *fn)
{
    ql_check_writable(L, h, fn);
    ql_check_fields(L, t, fn, FIELDS);
    qf_artifact x;
    init_artifact(&x);
    if (activity_id) {
        if (ql_has(L, t, "activity") || ql_has(L, t, "activity_id") || ql_has(L, t, "member") ||
            ql_has(L, t, "member_id") || ql_has(L, t, "org") || ql_has(L, t, "org_id"))
            return ql_error(L, QF_EINVALID, _("%s: the activity owns this artifact; do not name another "
                                   "owner"),
                              fn);
        x.activity_id = activity_id;
    } else {
        read_owner(L, t, h, fn, &x);
    }
    read_meta(L, t, fn, &x);
    x.path = ql_opt_text(L, t, fn, "path", NULL);
    x.attrs = ql_opt_attrs(L, t, fn, "attrs");
    const char *file = ql_opt_text(L, t, fn, "file", NULL);
    if (file || x.path) /* both read a file (its bytes, or its hash and size) */
        ql_check_unrestricted(L, h, fn, _("read files"));
    size_t len = 0;
    const char *content = NULL;
    lua_getfield(L, t, "content");
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            ql_field_error(L, fn, "content", _("must be a string (the bytes)"));
        content = lua_tolstring(L, -1, &len);
    }
    /* the string stays on the stack while the core copies it */
    int given = (content != NULL) + (file != NULL) + (x.path != NULL);
    if (given > 1)
        return ql_error(L, QF_EINVALID, _("%s: give only one of content, file and path"), fn);
    int64_t id = 0;
    if (file)
        ql_check(L, qf_artifact_add_file(&id, h->db, &x, file));
    else
        ql_check(L, qf_artifact_create(&id, h->db, &x, content, len));
    return push_artifact_by_id(L, dbidx, h->db, id);
}

/* db:add_artifact{activity= | member= | org=, type=, title=, issued_at=, content= | file= |
 * path=, mime=, attrs=} -> artifact */
static int db_add_artifact(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return add_artifact(L, 1, h, 2, 0, "add_artifact");
}

/* a:add_artifact{type=, …} -> artifact owned by the activity */
static int activity_add_artifact(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    ql_push_record_db(L, 1);
    int dbidx = lua_gettop(L);
    return add_artifact(L, dbidx, h, 2, id, "add_artifact");
}

/* db:artifact(id) -> artifact or nil */
static int db_artifact(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return push_artifact_by_id(L, 1, h->db, (int64_t)luaL_checkinteger(L, 2));
}

static int artifacts_next(lua_State *L)
{
    qf_artifact_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_artifact *row;
    int rc = qf_artifact_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_artifact(L, -1, row);
    return 1;
}

static const char *const FILTER[] = {"activity", "member", "org", "type", NULL};

/* db:artifacts{activity=, member=, org=, type=} -> iterator */
static int db_artifacts(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_artifact_filter f = QF_ARTIFACT_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "artifacts", FILTER);
        f.activity_id =
            ql_opt_ref(L, 2, h, "activity", activity_lookup, "artifacts", "activity", false);
        f.member_id = ql_opt_ref(L, 2, h, "member", ql_member_lookup, "artifacts", "member", false);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "artifacts", "org", false);
        f.type = ql_opt_text(L, 2, "artifacts", "type", NULL);
    }
    qf_artifact_iter *it = NULL;
    ql_check(L, qf_artifact_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_artifact_iter_free, artifacts_next);
}

/* a:artifacts{type=} -> the activity's artifacts */
static int activity_artifacts(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "activity", &id);
    qf_artifact_filter f = QF_ARTIFACT_FILTER_INIT;
    f.activity_id = id;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const fields[] = {"type", NULL};
        ql_check_fields(L, 2, "artifacts", fields);
        f.type = ql_opt_text(L, 2, "artifacts", "type", NULL);
    }
    ql_push_record_db(L, 1);
    qf_artifact_iter *it = NULL;
    ql_check(L, qf_artifact_list(&it, h->db, &f));
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_artifact_iter_free,
                        artifacts_next);
}

/* Frees the core's buffer when the userdata is collected (or an error unwinds). */
static int buffer_gc(lua_State *L)
{
    void **p = lua_touserdata(L, 1);
    qf_free(*p);
    *p = NULL;
    return 0;
}

/* x:content() -> the stored bytes, or nil when none are stored (external path or none) */
static int artifact_content(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "artifact", &id);
    void **holder = lua_newuserdatauv(L, sizeof *holder, 0);
    *holder = NULL;
    if (luaL_newmetatable(L, "qufa.buffer")) {
        lua_pushcfunction(L, buffer_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    size_t len = 0;
    int rc = qf_artifact_content(holder, &len, h->db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    lua_pushlstring(L, *holder, len);
    qf_free(*holder);
    *holder = NULL;
    return 1;
}

static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    push_artifact_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* x:update{type=, title=, issued_at=, mime=, attrs=} (metadata only) */
static int artifact_update(lua_State *L)
{
    static const char *const fields[] = {"type", "title", "issued_at", "mime", "attrs", NULL};
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "artifact", &id);
    ql_check_writable(L, h, "update");
    ql_check_fields(L, 2, "update", fields);
    qf_artifact *cur = NULL;
    ql_check(L, qf_artifact_get(&cur, h->db, id));
    ql_push_record_db(L, 1);
    push_artifact(L, -1, cur);
    qf_artifact_free(cur);
    int c = lua_gettop(L);
    qf_artifact x;
    init_artifact(&x);
    x.id = id;
    read_owner(L, c, h, "update", &x);
    read_meta(L, c, "update", &x);
    x.sha256 = ql_opt_text(L, c, "update", "sha256", NULL);
    x.size = ql_opt_int(L, c, "update", "size", -1);
    x.path = ql_opt_text(L, c, "update", "path", NULL);
    read_meta(L, 2, "update", &x);
    const char *attrs = ql_opt_attrs(L, 2, "update", "attrs");
    if (!attrs) {
        lua_getfield(L, c, "attrs");
        ql_push_table_json(L, -1, "update", "attrs");
        attrs = lua_tostring(L, -1);
    }
    x.attrs = attrs;
    ql_check(L, qf_artifact_update(h->db, &x));
    return refresh(L, h, id);
}

static int artifact_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "artifact", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_artifact_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

static const luaL_Reg METHODS[] = {
    {"content", artifact_content},
    {"update", artifact_update},
    {"delete", artifact_delete},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_artifact", db_add_artifact},
    {"artifact", db_artifact},
    {"artifacts", db_artifacts},
    {NULL, NULL},
};

static const luaL_Reg ACTIVITY_METHODS[] = {
    {"add_artifact", activity_add_artifact},
    {"artifacts", activity_artifacts},
    {NULL, NULL},
};

void ql_open_artifact(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "artifact", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "qufa.methods.activity");
    luaL_setfuncs(L, ACTIVITY_METHODS, 0);
    lua_pop(L, 1);
}
