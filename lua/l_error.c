/*
 * Errors qufa raises in Lua: an error object a script can act on without matching text,
 *   local ok, err = pcall(db.add_org, db, {...})
 *   if not ok and err.code == "exists" then ... end
 * with `code` ("invalid", "not_found", "exists", "busy", "constraint", "corrupt", "nomem",
 * "user", "error") and `message` ("script.lua:12: org gy1 already exists"). It still behaves
 * like the message text: tostring(err), err .. "", string.format("%s", err), err:find(...) and
 * err:match(...) all see the message, so scripts written for string errors keep working.
 */
#include <stdarg.h>
#include <string.h>
#include "ql.h"

#define ERROR_MT "qufa.error"

static const struct {
    int code;
    const char *name;
} CODES[] = {{QF_EINVALID, "invalid"},   {QF_ENOTFOUND, "not_found"}, {QF_EEXISTS, "exists"},
             {QF_EBUSY, "busy"},         {QF_EUSER, "user"},          {QF_ENOMEM, "nomem"},
             {QF_ECONSTRAINT, "constraint"}, {QF_ECORRUPT, "corrupt"}, {QF_ERROR, "error"},
             {QL_ERESTRICTED, "restricted"}};

const char *ql_error_code_name(int code)
{
    for (size_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++)
        if (CODES[i].code == code)
            return CODES[i].name;
    return "error";
}

static int error_tostring(lua_State *L)
{
    lua_getfield(L, 1, "message");
    if (lua_type(L, -1) != LUA_TSTRING)
        lua_pushliteral(L, "?");
    return 1;
}

/* a method of strings called on the error: the same method on its message, from the string
 * metatable (in a sandbox, the checked string functions) */
static int error_method(lua_State *L)
{
    lua_getfield(L, 1, "message");
    lua_replace(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int error_index(lua_State *L)
{
    lua_pushliteral(L, "");
    if (luaL_getmetafield(L, -1, "__index") == LUA_TNIL)
        return 0;
    lua_pushvalue(L, 2);
    lua_gettable(L, -2);
    if (!lua_isfunction(L, -1))
        return 0;
    lua_pushcclosure(L, error_method, 1);
    return 1;
}

static int error_concat(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    luaL_tolstring(L, 2, NULL);
    lua_concat(L, 2);
    return 1;
}

static void push_metatable(lua_State *L)
{
    if (luaL_newmetatable(L, ERROR_MT)) {
        lua_pushcfunction(L, error_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushcfunction(L, error_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, error_concat);
        lua_setfield(L, -2, "__concat");
        lua_pushliteral(L, "qufa.error");
        lua_setfield(L, -2, "__name");
        lua_pushliteral(L, "qufa.error"); /* getmetatable(err) gives this, not the table */
        lua_setfield(L, -2, "__metatable");
    }
}

void ql_push_error(lua_State *L, int code, const char *message)
{
    lua_createtable(L, 0, 2);
    lua_pushstring(L, ql_error_code_name(code));
    lua_setfield(L, -2, "code");
    lua_pushstring(L, message ? message : "");
    lua_setfield(L, -2, "message");
    push_metatable(L);
    lua_setmetatable(L, -2);
}

int ql_error(lua_State *L, int code, const char *fmt, ...)
{
    luaL_where(L, 1);
    va_list ap;
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    ql_push_error(L, code, lua_tostring(L, -1));
    return lua_error(L);
}

bool ql_is_error(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
        return false;
    luaL_getmetatable(L, ERROR_MT);
    bool is = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return is;
}

const char *ql_error_text(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER)
        return lua_tostring(L, idx);
    if (ql_is_error(L, idx)) {
        lua_getfield(L, idx, "message");
        const char *s = lua_tostring(L, -1);
        lua_pop(L, 1); /* the string stays alive in the error table */
        return s ? s : "?";
    }
    return NULL;
}
