/* Word documents and zip packages from Lua: qufa.docx(markdown, data, options),
 * qufa.docx_skeleton(), qufa.zip(entries), qufa.write_file(path, data), qufa.sha256(data) and
 * qufa.json_text(table): thin wrappers of qufa/docx.h, qufa/package.h, qf_sha256_hex and
 * jansson. Not in restricted code: it sees only the names sandbox_env.lua lists. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

static const char *const DOCX_FIELDS[] = {"skeleton", "name", NULL};

/* qufa.docx(markdown [, data [, {skeleton = bytes, name = "document.docx"}]]) -> bytes */
static int l_docx(lua_State *L)
{
    size_t md_len;
    const char *md = luaL_checklstring(L, 1, &md_len);
    lua_settop(L, 3);
    const char *json = NULL;
    if (!lua_isnil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_push_table_json(L, 2, "docx", "data"); /* kept on the stack */
        json = lua_tostring(L, -1);
    }
    size_t skel_len = 0;
    const char *skel = NULL;
    qf_docx_options o = QF_DOCX_OPTIONS_INIT;
    o.data_json = json;
    if (!lua_isnil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ql_check_fields(L, 3, "docx", DOCX_FIELDS);
        o.skeleton_name = ql_opt_text(L, 3, "docx", "name", NULL);
        lua_getfield(L, 3, "skeleton");
        if (!lua_isnil(L, -1)) {
            if (lua_type(L, -1) != LUA_TSTRING)
                return ql_field_error(L, "docx", "skeleton",
                                      _("must be the bytes of a .docx (read the file in mode \"rb\")"));
            skel = lua_tolstring(L, -1, &skel_len); /* kept on the stack */
        }
    }
    if (!skel) {
        skel = ql_embedded("document.docx", &skel_len);
        if (!o.skeleton_name)
            o.skeleton_name = "document.docx";
    }
    void *out = NULL;
    size_t n = 0;
    if (qf_docx_render(&out, &n, skel, skel_len, md, md_len, &o) != QF_OK)
        return ql_fail(L);
    lua_pushlstring(L, out, n);
    qf_free(out);
    return 1;
}

/* qufa.docx_skeleton() -> the bytes of the built-in skeleton (scripts/templates/docx/) */
static int l_docx_skeleton(lua_State *L)
{
    size_t len = 0;
    const char *skel = ql_embedded("document.docx", &len);
    lua_pushlstring(L, skel ? skel : "", len);
    return 1;
}

static const char *const ENTRY_FIELDS[] = {"name", "content", "time", NULL};

/* qufa.zip{{name =, content =, time = "YYYY-MM-DD HH:MM"}, …} -> the bytes of the archive */
static int l_zip(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n < 1)
        return luaL_error(L, "%s", _("zip: there is nothing to put in the archive"));
    if (n > 100000)
        return luaL_error(L, _("zip: %I entries are more than an archive of qufa holds"), n);
    qf_zip_entry *e = lua_newuserdatauv(L, (size_t)n * sizeof *e, 0); /* freed by the GC */
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_geti(L, 1, i) != LUA_TTABLE)
            return luaL_error(L, _("zip: entry %I is not a table {name =, content =}"), i);
        int t = lua_gettop(L);
        ql_check_fields(L, t, "zip", ENTRY_FIELDS);
        qf_zip_entry *x = &e[i - 1];
        x->name = ql_opt_text(L, t, "zip", "name", NULL);
        if (!x->name)
            return luaL_error(L, _("zip: entry %I has no name"), i);
        lua_getfield(L, t, "content");
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, _("zip: %s: field 'content' must be a string"), x->name);
        x->data = lua_tolstring(L, -1, &x->len);
        lua_pop(L, 1);
        x->mtime = ql_opt_datetime(L, t, "zip", "time", QF_DATETIME_NONE);
        /* the entry table stays on the stack, and with it the strings it holds */
    }
    void *out = NULL;
    size_t len = 0;
    if (qf_zip_build(&out, &len, e, (size_t)n) != QF_OK)
        return ql_fail(L);
    lua_pushlstring(L, out, len);
    qf_free(out);
    return 1;
}

/* qufa.write_file(path, data) -> true: the whole file or none, mode 0600 */
static int l_write_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t len;
    const char *data = luaL_checklstring(L, 2, &len);
    if (qf_file_write(path, data, len) != QF_OK)
        return ql_fail(L);
    lua_pushboolean(L, 1);
    return 1;
}

/* qufa.sha256(data) -> 64 hex digits */
static int l_sha256(lua_State *L)
{
    size_t len;
    const char *data = luaL_checklstring(L, 1, &len);
    char hex[65];
    qf_sha256_hex(data, len, hex);
    lua_pushstring(L, hex);
    return 1;
}

/* qufa.json_text(table) -> the table as an indented JSON object, keys sorted (a manifest a
 * person can read and a program can parse) */
static int l_json_text(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    ql_push_table_json(L, 1, "json_text", "value");
    json_t *v = json_loads(lua_tostring(L, -1), 0, NULL);
    char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(v);
    if (!text)
        return luaL_error(L, "%s", _("out of memory"));
    lua_pushstring(L, text);
    free(text);
    lua_pushliteral(L, "\n");
    lua_concat(L, 2);
    return 1;
}

void ql_open_docx(lua_State *L, int dbm, int mod)
{
    (void)dbm;
    static const luaL_Reg fns[] = {{"docx", l_docx},         {"docx_skeleton", l_docx_skeleton},
                                   {"zip", l_zip},           {"write_file", l_write_file},
                                   {"sha256", l_sha256},     {"json_text", l_json_text},
                                   {NULL, NULL}};
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, mod, f->name);
    }
}
