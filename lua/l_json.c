/* attrs: JSON objects in the database, Lua tables in scripts (jansson does the text).
 * A table whose keys are exactly 1..n (n >= 1) becomes an array, any other table an object with
 * string keys; JSON null reads back as nil. Nesting is capped so a cyclic table is an error. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include "ql.h"

#define QL_JSON_MAX_DEPTH 32

static void push_value(lua_State *L, json_t *v, int depth);

static void push_object(lua_State *L, json_t *o, int depth)
{
    lua_createtable(L, 0, (int)json_object_size(o));
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (json_is_null(v))
            continue;
        push_value(L, v, depth + 1);
        lua_setfield(L, -2, k);
    }
}

static void push_value(lua_State *L, json_t *v, int depth)
{
    luaL_checkstack(L, 3, "json");
    if (depth > QL_JSON_MAX_DEPTH) {
        lua_pushnil(L);
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        push_object(L, v, depth);
        break;
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        lua_createtable(L, (int)n, 0);
        for (size_t i = 0; i < n; i++) {
            push_value(L, json_array_get(v, i), depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    }
    case JSON_STRING:
        lua_pushlstring(L, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        lua_pushinteger(L, (lua_Integer)json_integer_value(v));
        break;
    case JSON_REAL:
        lua_pushnumber(L, json_real_value(v));
        break;
    case JSON_TRUE:
        lua_pushboolean(L, 1);
        break;
    case JSON_FALSE:
        lua_pushboolean(L, 0);
        break;
    default:
        lua_pushnil(L);
    }
}

void ql_push_json(lua_State *L, const char *text)
{
    /* most records' attrs are the empty object: parsing it cost a tenth of iterating a row */
    if (!text || !*text || (text[0] == '{' && text[1] == '}' && !text[2])) {
        lua_newtable(L);
        return;
    }
    json_t *o = json_loads(text, JSON_DECODE_ANY, NULL);
    if (o && (json_is_object(o) || json_is_array(o)))
        push_value(L, o, 0);
    else
        lua_newtable(L);
    json_decref(o);
}

/* Converting a table may fail halfway; the partial tree is kept in a userdata so an error
 * raised by Lua (which does not return) still frees it through __gc. */
typedef struct json_holder {
    json_t *root;
} json_holder;

static int holder_gc(lua_State *L)
{
    json_holder *h = lua_touserdata(L, 1);
    json_decref(h->root);
    h->root = NULL;
    return 0;
}

typedef struct encode_ctx {
    lua_State *L;
    const char *fn;
    const char *field;
} encode_ctx;

static json_t *encode(encode_ctx *c, int idx, int depth);

static int fail(encode_ctx *c, const char *what)
{
    return ql_error(c->L, QF_EINVALID, _("%s: field '%s': %s"), c->fn, c->field, what);
}

/* 1..n with no other keys */
static bool is_sequence(lua_State *L, int idx, lua_Integer *n_out)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        int isint = 0;
        lua_Integer k = lua_tointegerx(L, -1, &isint);
        if (lua_type(L, -1) != LUA_TNUMBER || !isint || k < 1 || k > n) {
            lua_pop(L, 1);
            return false;
        }
        count++;
    }
    *n_out = n;
    return n > 0 && count == n;
}

static json_t *encode_table(encode_ctx *c, int idx, int depth, json_t *holder_slot)
{
    lua_State *L = c->L;
    lua_Integer n = 0;
    if (is_sequence(L, idx, &n)) {
        json_t *a = holder_slot;
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            json_t *v = encode(c, lua_gettop(L), depth + 1);
            json_array_append_new(a, v);
            lua_pop(L, 1);
        }
        return a;
    }
    json_t *o = holder_slot;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            fail(c, _("keys must be strings (or the table a list 1..n)"));
        const char *k = lua_tostring(L, -2);
        json_t *v = encode(c, lua_gettop(L), depth + 1);
        if (json_object_set_new(o, k, v) != 0)
            fail(c, _("a key is not valid UTF-8"));
        lua_pop(L, 1);
    }
    return o;
}

/* The value at idx; nested values are attached to their parent as soon as they exist, and
 * the root is held by the holder, so nothing leaks when a nested conversion raises. */
static json_t *encode(encode_ctx *c, int idx, int depth)
{
    lua_State *L = c->L;
    luaL_checkstack(L, 4, "json");
    if (depth > QL_JSON_MAX_DEPTH)
        fail(c, _("nested too deeply (or the table contains itself)"));
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            return json_integer((json_int_t)lua_tointeger(L, idx));
        if (!isfinite(lua_tonumber(L, idx)))
            fail(c, _("numbers must be finite"));
        return json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        json_t *v = json_stringn(s, len);
        if (!v)
            fail(c, _("a string is not valid UTF-8"));
        return v;
    }
    case LUA_TTABLE: {
        lua_Integer n = 0;
        json_t *slot = is_sequence(L, idx, &n) ? json_array() : json_object();
        /* park the container in a fresh holder until it is attached to its parent */
        json_holder *h = lua_newuserdatauv(L, sizeof *h, 0);
        h->root = slot;
        luaL_setmetatable(L, "qufa.jsonholder");
        encode_table(c, idx, depth, slot);
        h->root = NULL; /* ownership passes to the caller */
        lua_pop(L, 1);
        return slot;
    }
    default:
        fail(c, lua_pushfstring(L, _("%s values cannot be stored"), luaL_typename(L, idx)));
        return NULL;
    }
}

void ql_push_table_json(lua_State *L, int idx, const char *fn, const char *field)
{
    idx = lua_absindex(L, idx);
    if (luaL_newmetatable(L, "qufa.jsonholder")) {
        lua_pushcfunction(L, holder_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    encode_ctx c = {L, fn, field};
    /* the top level is always an object: attrs are JSON objects */
    json_holder *top = lua_newuserdatauv(L, sizeof *top, 0);
    top->root = json_object();
    luaL_setmetatable(L, "qufa.jsonholder");
    if (!top->root)
        ql_error(L, QF_EINVALID, "%s", _("out of memory"));
    lua_Integer n = 0;
    if (is_sequence(L, idx, &n))
        fail(&c, _("must be a table with named fields (a JSON object), not a list"));
    encode_table(&c, idx, 0, top->root);
    char *text = json_dumps(top->root, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text)
        ql_error(L, QF_EINVALID, "%s", _("out of memory"));
    lua_pushstring(L, text);
    free(text);
    lua_remove(L, -2); /* the holder; its __gc frees the tree */
}
