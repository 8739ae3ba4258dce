/* Errors and argument reading shared by the binding files: table fields with type checks that
 * name the field, unknown-field detection, dates, and plain value pushers. */
#include <string.h>
#include "ql.h"

int ql_fail(lua_State *L)
{
    /* the message is copied by lua_pushfstring before anything can overwrite it */
    return ql_error(L, qf_error_last_code(), "%s", qf_error_last());
}

int ql_check(lua_State *L, int rc)
{
    if (rc < 0 && rc != QF_ITEROVER)
        ql_fail(L);
    return rc;
}

int ql_field_error(lua_State *L, const char *fn, const char *field, const char *what)
{
    return ql_error(L, QF_EINVALID, _("%s: field '%s' %s"), fn, field, what);
}

void ql_check_fields(lua_State *L, int arg, const char *fn, const char *const *known)
{
    arg = lua_absindex(L, arg);
    if (lua_type(L, arg) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: expected a table of fields, got %s"), fn, luaL_typename(L, arg));
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            ql_error(L, QF_EINVALID, _("%s: unexpected %s key in the field table (fields have names)"), fn,
                       luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        bool ok = false;
        for (const char *const *p = known; *p && !ok; p++)
            ok = strcmp(*p, k) == 0;
        if (!ok) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            for (const char *const *p = known; *p; p++) {
                if (p != known)
                    luaL_addstring(&b, ", ");
                luaL_addstring(&b, *p);
            }
            luaL_pushresult(&b);
            ql_error(L, QF_EINVALID, _("%s: unknown field '%s' (known: %s)"), fn, k, lua_tostring(L, -1));
        }
    }
}

/* Pushes t[field] without metamethods: an argument table's __index cannot inject values. */
static int get_field(lua_State *L, int t, const char *field)
{
    lua_pushstring(L, field);
    return lua_rawget(L, t < 0 && t > LUA_REGISTRYINDEX ? t - 1 : t);
}

bool ql_has(lua_State *L, int t, const char *field)
{
    int type = get_field(L, t, field);
    lua_pop(L, 1);
    return type != LUA_TNIL;
}

const char *ql_opt_text(lua_State *L, int t, const char *fn, const char *field, const char *def)
{
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    if (type != LUA_TSTRING)
        ql_field_error(L, fn, field, _("must be a string"));
    const char *s = lua_tostring(L, -1);
    lua_pop(L, 1); /* still referenced by the table */
    return s;
}

lua_Integer ql_opt_int(lua_State *L, int t, const char *fn, const char *field, lua_Integer def)
{
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    int isint = 0;
    lua_Integer v = lua_tointegerx(L, -1, &isint);
    if (type != LUA_TNUMBER || !isint)
        ql_field_error(L, fn, field, _("must be an integer"));
    lua_pop(L, 1);
    return v;
}

bool ql_opt_bool(lua_State *L, int t, const char *fn, const char *field, bool def)
{
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    if (type != LUA_TBOOLEAN)
        ql_field_error(L, fn, field, _("must be true or false"));
    bool v = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return v;
}

qf_date ql_opt_date(lua_State *L, int t, const char *fn, const char *field, qf_date def)
{
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    if (type != LUA_TSTRING)
        ql_field_error(L, fn, field, _("must be a string \"YYYY-MM-DD\""));
    qf_date d;
    if (qf_date_parse(&d, lua_tostring(L, -1)) != QF_OK)
        ql_error(L, qf_error_last_code(), _("%s: field '%s': %s"), fn, field, qf_error_last());
    lua_pop(L, 1);
    return d;
}

qf_datetime ql_opt_datetime(lua_State *L, int t, const char *fn, const char *field,
                            qf_datetime def)
{
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    if (type != LUA_TSTRING)
        ql_field_error(L, fn, field, _("must be a string \"YYYY-MM-DD HH:MM\""));
    qf_datetime v;
    if (qf_datetime_parse(&v, lua_tostring(L, -1)) != QF_OK)
        ql_error(L, qf_error_last_code(), _("%s: field '%s': %s"), fn, field, qf_error_last());
    lua_pop(L, 1);
    return v;
}

const char *ql_opt_attrs(lua_State *L, int t, const char *fn, const char *field)
{
    t = lua_absindex(L, t);
    int type = get_field(L, t, field);
    if (type == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    if (type != LUA_TTABLE)
        ql_field_error(L, fn, field, _("must be a table"));
    ql_push_table_json(L, -1, fn, field);
    lua_remove(L, -2);
    return lua_tostring(L, -1);
}

qf_date ql_check_date(lua_State *L, int arg, const char *fn)
{
    if (lua_type(L, arg) != LUA_TSTRING)
        ql_error(L, QF_EINVALID, _("%s: argument #%d must be a date string \"YYYY-MM-DD\", got %s"), fn, arg,
                   luaL_typename(L, arg));
    qf_date d;
    if (qf_date_parse(&d, lua_tostring(L, arg)) != QF_OK)
        ql_error(L, qf_error_last_code(), "%s: %s", fn, qf_error_last());
    return d;
}

qf_date ql_opt_date_arg(lua_State *L, int arg, const char *fn, qf_date def)
{
    return lua_isnoneornil(L, arg) ? def : ql_check_date(L, arg, fn);
}

void ql_push_date(lua_State *L, qf_date d)
{
    if (d == QF_DATE_NONE) {
        lua_pushnil(L);
        return;
    }
    char buf[11];
    qf_date_format(d, buf);
    lua_pushstring(L, buf);
}

void ql_push_datetime(lua_State *L, qf_datetime t)
{
    if (t == QF_DATETIME_NONE) {
        lua_pushnil(L);
        return;
    }
    char buf[17];
    qf_datetime_format(t, buf);
    lua_pushstring(L, buf);
}

void ql_push_text(lua_State *L, const char *s)
{
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
}

void ql_push_id(lua_State *L, int64_t id)
{
    if (id)
        lua_pushinteger(L, (lua_Integer)id);
    else
        lua_pushnil(L);
}
