/* The embedded Lua sources of the module (lua/qufa.lua, lua/sandbox_env.lua). */
#include <string.h>
#include "ql.h"

struct qf_embedded_file {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct qf_embedded_file ql_lua_files[];

const char *ql_embedded(const char *name, size_t *len)
{
    for (const struct qf_embedded_file *f = ql_lua_files; f->name; f++)
        if (strcmp(f->name, name) == 0) {
            *len = f->len;
            return f->data;
        }
    *len = 0;
    return NULL;
}

/* qufa.lua is called with the module table and the registry's method tables, and adds its
 * functions to them. */
void ql_open_helpers(lua_State *L, int mod)
{
    if (ql_load_embedded(L, "qufa.lua", "=qufa.lua") != LUA_OK)
        luaL_error(L, "qufa: cannot load the embedded helpers");
    lua_pushvalue(L, mod);
    lua_newtable(L);
    static const char *const types[] = {"db", "org", "member", "position", "activity",
                                        "artifact", "transfer", NULL};
    for (const char *const *t = types; *t; t++) {
        lua_getfield(L, LUA_REGISTRYINDEX, lua_pushfstring(L, "qufa.methods.%s", *t));
        lua_remove(L, -2);
        lua_setfield(L, -2, *t);
    }
    lua_call(L, 2, 0);
}
