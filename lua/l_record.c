/* Records (tables with a per-handle metatable) and streaming iterators. */
#include <stdio.h>
#include <string.h>
#include "ql.h"
#include "sandbox.h"

/* ---- record types ---------------------------------------------------------------------- */

void ql_define_record_type(lua_State *L, const char *type, const luaL_Reg *methods)
{
    char key[64];
    snprintf(key, sizeof key, "qufa.methods.%s", type);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, key);
}

static int record_tostring(lua_State *L)
{
    /* "org #2 gy1 工业标准一部党支部": type, id, then the identifying fields present */
    luaL_getmetafield(L, 1, "__type");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_pushvalue(L, -2);
    luaL_addvalue(&b);
    static const char *const keys[] = {"id", "code", "name", "title", "post", "starts_at", NULL};
    for (const char *const *k = keys; *k; k++) {
        lua_pushstring(L, *k);
        int t = lua_rawget(L, 1);
        if (t == LUA_TSTRING || t == LUA_TNUMBER) {
            luaL_addstring(&b, strcmp(*k, "id") == 0 ? " #" : " ");
            luaL_addvalue(&b);
        } else {
            lua_pop(L, 1);
        }
    }
    luaL_pushresult(&b);
    return 1;
}

/* The handle's metatable for `type`, created on first use and kept in its user value. */
void ql_push_record_mt(lua_State *L, int dbidx, const char *type)
{
    dbidx = lua_absindex(L, dbidx);
    lua_getiuservalue(L, dbidx, 1);
    if (lua_getfield(L, -1, type) == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 5);
    lua_getfield(L, LUA_REGISTRYINDEX, lua_pushfstring(L, "qufa.methods.%s", type));
    lua_remove(L, -2);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, dbidx);
    lua_setfield(L, -2, "__db");
    lua_pushstring(L, type);
    lua_setfield(L, -2, "__type");
    lua_pushfstring(L, "qufa.%s", type);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__name");
    /* locked: restricted code must not reach the shared methods table through a record */
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, record_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, type);
    lua_remove(L, -2);
}

void ql_new_record(lua_State *L, int dbidx, const char *type, int nfields)
{
    dbidx = lua_absindex(L, dbidx);
    lua_createtable(L, 0, nfields);
    ql_push_record_mt(L, dbidx, type);
    lua_setmetatable(L, -2);
}

ql_db *ql_check_record(lua_State *L, int arg, const char *type, int64_t *id)
{
    bool ok = lua_type(L, arg) == LUA_TTABLE && lua_getmetatable(L, arg);
    if (ok) {
        lua_getfield(L, -1, "__type");
        ok = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), type) == 0;
        lua_pop(L, 1);
        if (ok) {
            lua_getfield(L, -1, "__db");
            lua_replace(L, -2);
        } else {
            lua_pop(L, 1);
        }
    }
    if (!ok)
        ql_error(L, QF_EINVALID, _("expected a %s record (use ':' to call its methods), got %s"), type,
                   luaL_typename(L, arg));
    ql_db *h = ql_checkdb(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, arg, "id");
    int isint = 0;
    *id = (int64_t)lua_tointegerx(L, -1, &isint);
    lua_pop(L, 1);
    if (!isint || *id <= 0)
        ql_error(L, QF_EINVALID, _("this %s record has no id (was it deleted?)"), type);
    return h;
}

void ql_push_record_db(lua_State *L, int arg)
{
    lua_getmetatable(L, arg);
    lua_getfield(L, -1, "__db");
    lua_remove(L, -2);
}

void ql_set_text(lua_State *L, const char *field, const char *s)
{
    ql_push_text(L, s);
    lua_setfield(L, -2, field);
}

void ql_set_int(lua_State *L, const char *field, int64_t v)
{
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, field);
}

void ql_set_id(lua_State *L, const char *field, int64_t id)
{
    ql_push_id(L, id);
    lua_setfield(L, -2, field);
}

void ql_set_date(lua_State *L, const char *field, qf_date d)
{
    ql_push_date(L, d);
    lua_setfield(L, -2, field);
}

void ql_set_datetime(lua_State *L, const char *field, qf_datetime t)
{
    ql_push_datetime(L, t);
    lua_setfield(L, -2, field);
}

void ql_set_attrs(lua_State *L, const char *json)
{
    ql_push_json(L, json);
    lua_setfield(L, -2, "attrs");
}

/* ---- records built with interned keys ------------------------------------------------- */

void ql_shape_keys(lua_State *L, const ql_shape *shape)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, shape) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_createtable(L, shape->n, 0);
    for (int i = 0; i < shape->n; i++) {
        lua_pushstring(L, shape->keys[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, shape);
}

void ql_shape_begin(lua_State *L, int dbidx, const ql_shape *shape, ql_rec *r)
{
    dbidx = lua_absindex(L, dbidx);
    ql_push_record_mt(L, dbidx, shape->type);
    ql_shape_keys(L, shape);
    r->L = L;
    r->keys = lua_gettop(L);
    r->mt = r->keys - 1;
    r->owned = true;
    lua_createtable(L, 0, shape->n);
}

void ql_shape_begin_at(lua_State *L, int mt, int keys, const ql_shape *shape, ql_rec *r)
{
    r->L = L;
    r->mt = mt;
    r->keys = keys;
    r->owned = false;
    lua_createtable(L, 0, shape->n);
}

void ql_shape_end(ql_rec *r)
{
    lua_State *L = r->L;
    lua_pushvalue(L, r->mt);
    lua_setmetatable(L, -2);
    if (r->owned) { /* the metatable and the keys sit below the record */
        lua_replace(L, r->mt);
        lua_pop(L, 1);
    }
}

/* Pushes the key; the caller pushes the value and calls set (the record is below them).
 * rawset: a record's metatable has no __newindex to consult. */
static void key(ql_rec *r, int k)
{
    lua_rawgeti(r->L, r->keys, k + 1);
}

static void set(ql_rec *r)
{
    lua_rawset(r->L, -3);
}

void ql_rec_text(ql_rec *r, int k, const char *s)
{
    if (!s)
        return;
    key(r, k);
    lua_pushstring(r->L, s);
    set(r);
}

void ql_rec_int(ql_rec *r, int k, int64_t v)
{
    key(r, k);
    lua_pushinteger(r->L, (lua_Integer)v);
    set(r);
}

void ql_rec_id(ql_rec *r, int k, int64_t id)
{
    if (!id)
        return;
    key(r, k);
    lua_pushinteger(r->L, (lua_Integer)id);
    set(r);
}

void ql_rec_date(ql_rec *r, int k, qf_date d)
{
    if (d == QF_DATE_NONE)
        return;
    char buf[11];
    qf_date_format(d, buf);
    key(r, k);
    lua_pushlstring(r->L, buf, 10);
    set(r);
}

void ql_rec_datetime(ql_rec *r, int k, qf_datetime t)
{
    if (t == QF_DATETIME_NONE)
        return;
    char buf[17];
    qf_datetime_format(t, buf);
    key(r, k);
    lua_pushlstring(r->L, buf, 16);
    set(r);
}

void ql_rec_datetime_memo(ql_rec *r, int k, qf_datetime t, int memo_value, int memo_text)
{
    if (t == QF_DATETIME_NONE)
        return;
    lua_State *L = r->L;
    key(r, k);
    if (lua_type(L, memo_value) == LUA_TNUMBER && lua_tointeger(L, memo_value) == t) {
        lua_pushvalue(L, memo_text);
    } else {
        char buf[17];
        qf_datetime_format(t, buf);
        lua_pushlstring(L, buf, 16);
        lua_pushvalue(L, -1);
        lua_replace(L, memo_text);
        lua_pushinteger(L, (lua_Integer)t);
        lua_replace(L, memo_value);
    }
    set(r);
}

void ql_rec_attrs(ql_rec *r, int k, const char *json)
{
    key(r, k);
    ql_push_json(r->L, json);
    set(r);
}

void ql_replace_record(lua_State *L, int dst)
{
    dst = lua_absindex(L, dst);
    /* clear, then copy: fields that became nil must disappear */
    lua_pushnil(L);
    while (lua_next(L, dst)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, dst);
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, dst);
    }
    lua_pop(L, 1);
}

/* ---- reference arguments --------------------------------------------------------------- */

int64_t ql_ref(lua_State *L, int idx, ql_db *h, const char *type, ql_lookup_fn lookup,
               const char *fn, const char *field, bool required)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TNONE:
        if (required)
            ql_field_error(L, fn, field, _("is required"));
        return 0;
    case LUA_TNUMBER: {
        int isint = 0;
        lua_Integer id = lua_tointegerx(L, idx, &isint);
        if (!isint || id <= 0)
            ql_field_error(L, fn, field, _("must be a positive integer id"));
        return (int64_t)id;
    }
    case LUA_TSTRING: {
        int64_t id = 0;
        if (lookup(&id, h->db, lua_tostring(L, idx)) != QF_OK)
            ql_error(L, qf_error_last_code(), _("%s: field '%s': %s"), fn, field, qf_error_last());
        return id;
    }
    case LUA_TTABLE: {
        bool ok = lua_getmetatable(L, idx);
        if (ok) {
            lua_getfield(L, -1, "__type");
            ok = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), type) == 0;
            lua_pop(L, 2);
        }
        if (ok) {
            lua_getfield(L, idx, "id");
            int isint = 0;
            lua_Integer id = lua_tointegerx(L, -1, &isint);
            lua_pop(L, 1);
            if (isint && id > 0)
                return (int64_t)id;
        }
        break;
    }
    default:
        break;
    }
    return ql_error(L, QF_EINVALID, _("%s: field '%s' must be a %s record, id or code, got %s"), fn, field,
                      type, luaL_typename(L, idx));
}

int64_t ql_opt_ref(lua_State *L, int t, ql_db *h, const char *type, ql_lookup_fn lookup,
                   const char *fn, const char *field, bool required)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, field);
    lua_rawget(L, t);
    int64_t id = ql_ref(L, -1, h, type, lookup, fn, field, required);
    lua_pop(L, 1);
    return id;
}

/* ---- iterators ------------------------------------------------------------------------- */

struct ql_iter {
    ql_iter *next;
    ql_iter **pprev;
    void *it;
    ql_iter_free_fn free_fn;
    ql_account *charged; /* restricted code's memory account, see QL_ITER_BYTES */
};

/* What an open iterator holds in C memory (its prepared statement and row), roughly: in
 * restricted code it counts against the memory cap, since iterators opened and never finished
 * would otherwise pile up statements where no limit sees them. */
#define QL_ITER_BYTES 8192

static void iter_close(ql_iter *i)
{
    if (i->it) {
        i->free_fn(i->it);
        i->it = NULL;
    }
    ql_sandbox_uncharge(i->charged, QL_ITER_BYTES);
    i->charged = NULL;
    if (i->pprev) {
        *i->pprev = i->next;
        if (i->next)
            i->next->pprev = i->pprev;
        i->pprev = NULL;
        i->next = NULL;
    }
}

void ql_iters_close_all(ql_db *h)
{
    while (h->iters)
        iter_close(h->iters);
}

static int iter_gc(lua_State *L)
{
    iter_close(luaL_checkudata(L, 1, QL_ITER_MT));
    return 0;
}

int ql_push_iter(lua_State *L, int dbidx, void *it, ql_iter_free_fn free_fn, lua_CFunction next)
{
    return ql_push_iter_with(L, dbidx, it, free_fn, next, 0);
}

int ql_push_iter_with(lua_State *L, int dbidx, void *it, ql_iter_free_fn free_fn,
                      lua_CFunction next, int nup)
{
    dbidx = lua_absindex(L, dbidx);
    ql_db *h = lua_touserdata(L, dbidx);
    /* the userdata is created before it owns `it`, so a memory error here cannot leak it */
    ql_iter *i = lua_newuserdatauv(L, sizeof *i, 1);
    memset(i, 0, sizeof *i);
    if (luaL_newmetatable(L, QL_ITER_MT)) {
        lua_pushcfunction(L, iter_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, iter_gc);
        lua_setfield(L, -2, "__close");
    }
    lua_setmetatable(L, -2);
    i->it = it;
    i->free_fn = free_fn;
    /* may raise "memory limit exceeded": the iterator is owned by now, __gc frees it */
    i->charged = ql_sandbox_charge(L, QL_ITER_BYTES);
    i->next = h->iters;
    if (h->iters)
        h->iters->pprev = &i->next;
    i->pprev = &h->iters;
    h->iters = i;
    lua_pushvalue(L, dbidx); /* keeps the handle alive while the iterator lives */
    lua_setiuservalue(L, -2, 1);
    /* ... extras ud -> ... ud ud extras -> ... ud closure(ud, extras) -> closure ud */
    lua_insert(L, -(nup + 1));
    lua_pushvalue(L, -(nup + 1));
    lua_insert(L, -(nup + 1));
    lua_pushcclosure(L, next, nup + 1);
    lua_insert(L, -2);
    lua_pushnil(L);
    lua_insert(L, -2);
    lua_pushnil(L);
    lua_insert(L, -2);
    return 4;
}

void *ql_iter_get(lua_State *L)
{
    ql_iter *i = lua_touserdata(L, lua_upvalueindex(1));
    if (!i->it) {
        /* finished, closed by `break`, or the handle was closed under it */
        lua_getiuservalue(L, lua_upvalueindex(1), 1);
        ql_db *h = lua_touserdata(L, -1);
        lua_pop(L, 1);
        if (h && !h->db)
            ql_error(L, QF_EINVALID, "%s", _("the database was closed while iterating"));
    }
    return i->it;
}

void ql_iter_push_db(lua_State *L)
{
    lua_getiuservalue(L, lua_upvalueindex(1), 1);
}

int ql_iter_end(lua_State *L, int rc)
{
    ql_iter *i = lua_touserdata(L, lua_upvalueindex(1));
    if (rc < 0 && rc != QF_ITEROVER) {
        lua_pushstring(L, qf_error_last());
        iter_close(i);
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    iter_close(i);
    return 0;
}

void ql_copy_text(char *buf, size_t size, const char *s)
{
    if (!size)
        return;
    size_t n = s ? strlen(s) : 0;
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] starts the character that does not fit */
    }
    if (n)
        memcpy(buf, s, n);
    buf[n] = '\0';
}
