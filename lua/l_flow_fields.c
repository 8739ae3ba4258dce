/* Field values from Lua (records, ids, codes, command-line strings) to the JSON core checks,
 * guided by the definition's field declarations. */
#include <stdlib.h>
#include <string.h>
#include "l_flow.h"

/* Pushes one member/org reference as an integer id. */
static void push_ref(lua_State *L, int v, ql_db *h, bool org, const char *fn, const char *field)
{
    int64_t id = ql_ref(L, v, h, org ? "org" : "member", org ? ql_org_lookup : ql_member_lookup, fn,
                        field, true);
    lua_pushinteger(L, (lua_Integer)id);
}

/* A list of members: a table, or "D001,D002" (commas, 、 or spaces) from a command line. */
static void push_members(lua_State *L, int v, ql_db *h, const char *fn, const char *field)
{
    v = lua_absindex(L, v);
    lua_newtable(L);
    int out = lua_gettop(L);
    lua_Integer n = 0;
    if (lua_type(L, v) == LUA_TSTRING) {
        const char *s = lua_tostring(L, v);
        while (*s) {
            size_t skip = strspn(s, ", \t");
            if (strncmp(s + skip, "、", 3) == 0)
                skip += 3;
            if (skip) {
                s += skip;
                continue;
            }
            size_t len = strcspn(s, ", \t");
            const char *dun = strstr(s, "、");
            if (dun && (size_t)(dun - s) < len)
                len = (size_t)(dun - s);
            lua_pushlstring(L, s, len);
            const char *item = lua_tostring(L, -1);
            bool digits = strspn(item, "0123456789") == len;
            if (digits) { /* a command line gives ids as digits */
                lua_pop(L, 1);
                lua_pushinteger(L, (lua_Integer)strtoll(s, NULL, 10));
            }
            push_ref(L, -1, h, false, fn, field);
            lua_rawseti(L, out, ++n);
            lua_pop(L, 1);
            s += len;
        }
        return;
    }
    if (lua_type(L, v) != LUA_TTABLE) {
        push_ref(L, v, h, false, fn, field); /* raises with the type */
        return;
    }
    lua_Integer len = (lua_Integer)lua_rawlen(L, v);
    for (lua_Integer i = 1; i <= len; i++) {
        lua_rawgeti(L, v, i);
        push_ref(L, -1, h, false, fn, field);
        lua_rawseti(L, out, ++n);
        lua_pop(L, 1);
    }
}

/* Converts the value on top for a field of `type` (replacing it). */
static void convert(lua_State *L, const char *type, ql_db *h, const char *fn, const char *field)
{
    int v = lua_gettop(L);
    if (strcmp(type, "member") == 0 || strcmp(type, "org") == 0) {
        if (lua_type(L, v) == LUA_TSTRING &&
            strspn(lua_tostring(L, v), "0123456789") == lua_rawlen(L, v) && lua_rawlen(L, v) > 0)
            lua_pushinteger(L, (lua_Integer)strtoll(lua_tostring(L, v), NULL, 10));
        else
            lua_pushvalue(L, v);
        push_ref(L, -1, h, strcmp(type, "org") == 0, fn, field);
        lua_remove(L, -2);
    } else if (strcmp(type, "members") == 0) {
        push_members(L, v, h, fn, field);
    } else if ((strcmp(type, "integer") == 0 || strcmp(type, "number") == 0) &&
               lua_type(L, v) == LUA_TSTRING) {
        if (lua_stringtonumber(L, lua_tostring(L, v)) == 0)
            lua_pushvalue(L, v); /* core says it is not a number */
    } else if (strcmp(type, "boolean") == 0 && lua_type(L, v) == LUA_TSTRING) {
        const char *s = lua_tostring(L, v);
        if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "是"))
            lua_pushboolean(L, 1);
        else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "否"))
            lua_pushboolean(L, 0);
        else
            lua_pushvalue(L, v);
    } else {
        lua_pushvalue(L, v);
    }
    lua_remove(L, v);
}

void ql_flow_push_fields(lua_State *L, int idx, ql_db *h, int specs, const char *fn)
{
    idx = lua_absindex(L, idx);
    if (specs)
        specs = lua_absindex(L, specs);
    if (lua_type(L, idx) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: field 'fields' must be a table of name = value"), fn);
    lua_newtable(L);
    int out = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            ql_error(L, QF_EINVALID, _("%s: fields have names"), fn);
        const char *key = lua_tostring(L, -2);
        const char *type = NULL;
        if (specs) {
            if (lua_getfield(L, specs, key) == LUA_TTABLE) {
                lua_getfield(L, -1, "type");
                type = lua_tostring(L, -1); /* held by the definition table */
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        if (type)
            convert(L, type, h, fn, key);
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, out);
    }
    ql_push_table_json(L, out, fn, "fields");
    lua_remove(L, out);
}
