/* Imports and exports of records from Lua: db:import_csv, db:import (CSV or an .xlsx
 * workbook, by content), db:export_csv and db:export_xlsx. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"
#include "standards.h"

static qf_import_kind check_kind(lua_State *L, int arg, const char *fn)
{
    const char *s = luaL_checkstring(L, arg);
    if (strcmp(s, "members") == 0)
        return QF_IMPORT_MEMBERS;
    if (strcmp(s, "activities") == 0)
        return QF_IMPORT_ACTIVITIES;
    luaL_argerror(L, arg, lua_pushfstring(L, _("%s: '%s' is neither members nor activities"), fn, s));
    return QF_IMPORT_MEMBERS;
}

/* db:import_csv("members" | "activities", path [, {org = …}]) -> rows imported */
static int db_import_csv(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "import_csv");
    ql_check_unrestricted(L, h, "import_csv", _("read files"));
    qf_import_kind kind = check_kind(L, 2, "import_csv");
    const char *path = luaL_checkstring(L, 3);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 4)) {
        static const char *const known[] = {"org", NULL};
        luaL_checktype(L, 4, LUA_TTABLE);
        ql_check_fields(L, 4, "import_csv", known);
        o.default_org_id = ql_opt_ref(L, 4, h, "org", ql_org_lookup, "import_csv", "org", false);
    }
    int64_t rows = 0;
    ql_check(L, qf_import_csv(&rows, h->db, kind, path, &o));
    lua_pushinteger(L, rows);
    return 1;
}

/* db:import("members" | "activities", path [, {org =, sheet =}]) -> rows imported: a CSV
 * file or a sheet of an .xlsx workbook, told apart by content */
static int db_import(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "import");
    ql_check_unrestricted(L, h, "import", _("read files"));
    qf_import_kind kind = check_kind(L, 2, "import");
    const char *path = luaL_checkstring(L, 3);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 4)) {
        static const char *const known[] = {"org", "sheet", NULL};
        luaL_checktype(L, 4, LUA_TTABLE);
        ql_check_fields(L, 4, "import", known);
        o.default_org_id = ql_opt_ref(L, 4, h, "org", ql_org_lookup, "import", "org", false);
        o.sheet = ql_opt_text(L, 4, "import", "sheet", NULL);
    }
    int64_t rows = 0;
    ql_check(L, qf_import_file(&rows, h->db, kind, path, &o));
    lua_pushinteger(L, rows);
    return 1;
}

/* Export options shared by export_csv and export_xlsx, from the table at `idx`. */
static void export_options(lua_State *L, ql_db *h, int idx, const char *fn, qf_export_options *o)
{
    o->org_id = ql_opt_ref(L, idx, h, "org", ql_org_lookup, fn, "org", false);
    o->from = ql_opt_date(L, idx, fn, "from", QF_DATE_NONE);
    o->to = ql_opt_date(L, idx, fn, "to", QF_DATE_NONE);
    o->chinese_headers = ql_opt_bool(L, idx, fn, "chinese_headers", false);
    o->unmask = ql_opt_bool(L, idx, fn, "unmask", false);
    if (o->unmask)
        ql_check_unrestricted(L, h, fn, _("unmask personal fields"));
}

/* db:export_xlsx("members" | "activities", path [, {org =, from =, to =, chinese_headers =,
 * unmask =}]) -> true */
static int db_export_xlsx(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_import_kind kind = check_kind(L, 2, "export_xlsx");
    const char *path = luaL_checkstring(L, 3);
    ql_check_unrestricted(L, h, "export_xlsx", _("write files"));
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 4)) {
        static const char *const known[] = {"org", "from", "to", "chinese_headers", "unmask",
                                            NULL};
        luaL_checktype(L, 4, LUA_TTABLE);
        ql_check_fields(L, 4, "export_xlsx", known);
        export_options(L, h, 4, "export_xlsx", &o);
    }
    ql_check(L, qf_export_xlsx(h->db, kind, path, &o));
    lua_pushboolean(L, 1);
    return 1;
}

/* db:export_csv("members" | "activities" [, {path =, org =, from =, to =, chinese_headers =,
 * bom =, unmask =}]) -> the CSV text, or true when written to `path` */
static int db_export_csv(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_import_kind kind = check_kind(L, 2, "export_csv");
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    const char *path = NULL;
    if (!lua_isnoneornil(L, 3)) {
        static const char *const known[] = {"path", "org", "from", "to", "chinese_headers",
                                            "bom", "unmask", NULL};
        luaL_checktype(L, 3, LUA_TTABLE);
        ql_check_fields(L, 3, "export_csv", known);
        path = ql_opt_text(L, 3, "export_csv", "path", NULL);
        if (path)
            ql_check_unrestricted(L, h, "export_csv", _("write files"));
        export_options(L, h, 3, "export_csv", &o);
        o.bom = ql_opt_bool(L, 3, "export_csv", "bom", false);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = path ? fopen(path, "w") : open_memstream(&buf, &len);
    if (!f)
        return ql_error(L, QF_EINVALID, _("export_csv: cannot write %s: %s"), path ? path : "-",
                          strerror(errno));
    int rc = qf_export_csv(h->db, kind, f, &o);
    fclose(f);
    if (rc != QF_OK) {
        free(buf);
        if (path)
            remove(path);
        return ql_fail(L);
    }
    if (path)
        lua_pushboolean(L, 1);
    else
        lua_pushlstring(L, buf, len);
    free(buf);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"import_csv", db_import_csv},
    {"import", db_import},
    {"export_csv", db_export_csv},
    {"export_xlsx", db_export_xlsx},
    {NULL, NULL},
};

void ql_open_csv(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
