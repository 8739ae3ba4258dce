/*
 * Reports from Lua: qufa.report{…} wraps a core table (qufa/table.h). Rows go straight to the
 * output when one was opened first (output = … or r:open), else they are kept in memory until
 * r:write, which may be called for several files. A row is a table keyed by column key or a
 * list in column order; values are converted by the column's type, and what does not fit is
 * refused by the core with the row and column named.
 *
 * The report's user value holds {cols = the columns in use, base = the table's columns,
 * file = the Lua file handle written to}; each column list is {keys…, index = {key = i},
 * types = {…}}.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

#define REPORT_MT "qufa.report"
#define MAX_CELLS 1000

enum { R_DESCRIBED = 0, R_STREAM, R_MEMORY, R_WRITTEN, R_CLOSED };

typedef struct report_ud {
    qf_table *t;
    int mode;
    luaL_Stream *file; /* R_STREAM to a Lua file: that file (kept alive in the user value) */
} report_ud;

static report_ud *check_report(lua_State *L, int idx)
{
    report_ud *u = luaL_checkudata(L, idx, REPORT_MT);
    if (u->mode == R_CLOSED)
        ql_error(L, QF_EINVALID, "%s", _("report: it is closed"));
    /* Lua marks a closed file by clearing closef; its FILE is gone */
    if (u->mode == R_STREAM && u->file && !u->file->closef)
        ql_error(L, QF_EINVALID, "%s", _("report: the file it writes to was closed"));
    return u;
}

/* ---- names of types, totals, alignments, chart kinds ---------------------------------------- */

static const char *const TYPE_NAMES[] = {"text", "integer", "number", "percent",
                                         "date", "bool",    NULL};
static const char *const TOTAL_NAMES[] = {"none", "sum", "count", "avg", NULL};
static const char *const ALIGN_NAMES[] = {"auto", "left", "center", "right", NULL};
static const char *const KIND_NAMES[] = {"bar", "line", NULL};

/* The index of t[field] in `names` (default `def` when absent), or an error naming both. */
static int opt_enum(lua_State *L, int t, const char *fn, const char *field,
                    const char *const *names, int def)
{
    const char *s = ql_opt_text(L, t, fn, field, NULL);
    if (!s)
        return def;
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; names[i]; i++) {
        if (i)
            luaL_addstring(&b, ", ");
        luaL_addstring(&b, names[i]);
    }
    luaL_pushresult(&b);
    return ql_error(L, QF_EINVALID, _("%s: field '%s': '%s' is unknown (%s)"), fn, field, s,
                      lua_tostring(L, -1));
}

/* ---- columns and charts from Lua tables ------------------------------------------------------ */

static const char *const COLUMN_FIELDS[] = {"key",   "title", "type",     "total",
                                            "width", "align", "decimals", NULL};

/* Reads the list at `idx` into `cols` (strings stay in the Lua table) and pushes the column
 * list {keys…, index = {…}, types = {…}} for the user value. Returns the count. */
static size_t read_columns(lua_State *L, int idx, const char *fn, qf_column *cols)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: field 'columns' must be a list of columns {key = …, title = …}"), fn);
    size_t n = (size_t)lua_rawlen(L, idx);
    if (n == 0 || n > MAX_CELLS)
        ql_error(L, QF_EINVALID, _("%s: field 'columns' needs 1 to %d columns"), fn, MAX_CELLS);
    lua_createtable(L, (int)n, 2);
    int list = lua_gettop(L);
    lua_createtable(L, 0, (int)n);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        char where[64];
        snprintf(where, sizeof where, "%s: columns[%zu]", fn, i + 1);
        if (lua_type(L, -1) != LUA_TTABLE)
            ql_error(L, QF_EINVALID, _("%s: must be a table {key = …, title = …}"), where);
        int c = lua_gettop(L);
        ql_check_fields(L, c, where, COLUMN_FIELDS);
        qf_column col = QF_COLUMN_INIT;
        col.key = ql_opt_text(L, c, where, "key", NULL);
        if (!col.key)
            ql_error(L, QF_EINVALID, _("%s: field 'key' is required"), where);
        col.title = ql_opt_text(L, c, where, "title", col.key);
        col.type = (qf_col_type)opt_enum(L, c, where, "type", TYPE_NAMES, QF_COL_TEXT);
        col.total = (qf_total)opt_enum(L, c, where, "total", TOTAL_NAMES, QF_TOTAL_NONE);
        col.align = (qf_align)opt_enum(L, c, where, "align", ALIGN_NAMES, QF_ALIGN_AUTO);
        col.width = (int)ql_opt_int(L, c, where, "width", 0);
        col.decimals = (int)ql_opt_int(L, c, where, "decimals", -1);
        cols[i] = col;
        /* list[i] = key, index[key] = i, types[i] = type */
        lua_pushstring(L, col.key);
        lua_rawseti(L, list, (lua_Integer)i + 1);
        lua_pushinteger(L, (lua_Integer)i + 1);
        lua_setfield(L, c - 2, col.key); /* the index table, two below the column */
        lua_pushstring(L, TYPE_NAMES[col.type]);
        lua_rawseti(L, c - 1, (lua_Integer)i + 1);
        lua_pop(L, 1);
    }
    lua_setfield(L, list, "types");
    lua_setfield(L, list, "index");
    return n;
}

static const char *const CHART_FIELDS[] = {"kind",   "title",       "category",
                                           "values", "per_section", NULL};

/* Reads chart `i` of the list at `idx`; the value keys go to `values` (NULL-terminated). */
static void read_chart(lua_State *L, int idx, size_t i, const char *fn, qf_chart *ch,
                       const char **values)
{
    lua_rawgeti(L, idx, (lua_Integer)i + 1);
    char where[64];
    snprintf(where, sizeof where, "%s: charts[%zu]", fn, i + 1);
    if (lua_type(L, -1) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: must be a table {title = …, category = …, values = …}"), where);
    int c = lua_gettop(L);
    ql_check_fields(L, c, where, CHART_FIELDS);
    *ch = (qf_chart)QF_CHART_INIT;
    ch->kind = (qf_chart_kind)opt_enum(L, c, where, "kind", KIND_NAMES, QF_CHART_BAR);
    ch->title = ql_opt_text(L, c, where, "title", NULL);
    ch->category = ql_opt_text(L, c, where, "category", NULL);
    ch->per_section = ql_opt_bool(L, c, where, "per_section", false);
    lua_getfield(L, c, "values");
    size_t nv = 0;
    if (lua_type(L, -1) == LUA_TSTRING) {
        values[nv++] = lua_tostring(L, -1);
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        for (size_t k = 0; k < n && nv < QF_CHART_MAX_SERIES + 1; k++) {
            lua_rawgeti(L, -1, (lua_Integer)k + 1);
            if (lua_type(L, -1) != LUA_TSTRING)
                ql_error(L, QF_EINVALID, _("%s: field 'values' must list column keys"), where);
            values[nv++] = lua_tostring(L, -1);
            lua_pop(L, 1); /* kept alive by the list */
        }
    } else if (!lua_isnil(L, -1)) {
        ql_error(L, QF_EINVALID, _("%s: field 'values' must be a column key or a list of them"), where);
    }
    values[nv] = NULL;
    ch->values = values;
    lua_pop(L, 2); /* values, chart (both still referenced by the argument table) */
}

/* Reads the charts list at table t's field "charts" (may be absent) into `charts`. */
static size_t read_charts(lua_State *L, int t, const char *fn, qf_chart *charts,
                          const char *(*values)[QF_CHART_MAX_SERIES + 2], size_t max)
{
    lua_getfield(L, t, "charts");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_type(L, -1) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: field 'charts' must be a list of charts"), fn);
    int list = lua_gettop(L);
    size_t n = (size_t)lua_rawlen(L, list);
    if (n > max)
        ql_error(L, QF_EINVALID, _("%s: more than %d charts"), fn, (int)max);
    for (size_t i = 0; i < n; i++)
        read_chart(L, list, i, fn, &charts[i], values[i]);
    lua_pop(L, 1);
    return n;
}

#define MAX_CHARTS 16

/* ---- output ---------------------------------------------------------------------------------- */

static const char *const OUTPUT_FIELDS[] = {"path", "file", "format", "bom", "header_keys", NULL};

typedef struct output {
    const char *path;
    FILE *file;
    luaL_Stream *stream; /* the Lua file behind `file` */
    qf_table_output_options o;
} output;

/* An output: a file name, or {path = | file = io.stdout, format =, bom =, header_keys =}. A
 * Lua file handle given is stored in the report's user value so it outlives the report. */
static void read_output(lua_State *L, int idx, const char *fn, output *out)
{
    idx = lua_absindex(L, idx);
    out->path = NULL;
    out->file = NULL;
    out->stream = NULL;
    out->o = (qf_table_output_options)QF_TABLE_OUTPUT_OPTIONS_INIT;
    if (lua_type(L, idx) == LUA_TSTRING) {
        out->path = lua_tostring(L, idx);
        return;
    }
    if (lua_type(L, idx) != LUA_TTABLE)
        ql_error(L, QF_EINVALID, _("%s: the output is a file name or {path = …, format = …}, not %s"), fn,
                   luaL_typename(L, idx));
    ql_check_fields(L, idx, fn, OUTPUT_FIELDS);
    out->path = ql_opt_text(L, idx, fn, "path", NULL);
    const char *format = ql_opt_text(L, idx, fn, "format", NULL);
    if (format && qf_table_format_parse(&out->o.format, format) != QF_OK)
        ql_field_error(L, fn, "format", qf_error_last());
    out->o.bom = ql_opt_bool(L, idx, fn, "bom", false);
    out->o.header_keys = ql_opt_bool(L, idx, fn, "header_keys", false);
    lua_getfield(L, idx, "file");
    if (!lua_isnil(L, -1)) {
        luaL_Stream *s = luaL_testudata(L, -1, LUA_FILEHANDLE);
        if (s && s->closef && s->f) {
            out->file = s->f;
            out->stream = s;
        } else
            ql_field_error(L, fn, "file", _("must be an open file (io.stdout, io.open(…))"));
    }
    lua_pop(L, 1);
    if (!!out->path == !!out->file)
        ql_error(L, QF_EINVALID, _("%s: give either 'path' or 'file'"), fn);
    if (out->file && out->o.format == QF_TABLE_AUTO)
        ql_field_error(L, fn, "format", _("is required when writing to a file handle"));
}

/* Keeps the file handle of the output at `idx` (if any) in the user value. */
static void keep_file(lua_State *L, int ud, int idx)
{
    if (lua_type(L, idx) != LUA_TTABLE)
        return;
    lua_getiuservalue(L, ud, 1);
    lua_getfield(L, idx, "file");
    lua_setfield(L, -2, "file");
    lua_pop(L, 1);
}

static void open_output(lua_State *L, report_ud *u, int ud, int idx, const char *fn)
{
    output out;
    read_output(L, idx, fn, &out);
    int rc = out.file ? qf_table_open_stream(u->t, out.file, &out.o)
                      : qf_table_open(u->t, out.path, &out.o);
    if (rc != QF_OK)
        ql_fail(L);
    keep_file(L, ud, idx);
    u->mode = R_STREAM;
    u->file = out.stream;
}

/* ---- qufa.report{…} ----------------------------------------------------------------------------
 */

static const char *const REPORT_FIELDS[] = {"title",  "subtitle", "notes", "columns",
                                            "charts", "output",   NULL};

static int l_report(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    ql_check_fields(L, 1, "report", REPORT_FIELDS);
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    o.title = ql_opt_text(L, 1, "report", "title", NULL);
    if (!o.title)
        return ql_error(L, QF_EINVALID, "%s", _("report: field 'title' is required"));
    o.subtitle = ql_opt_text(L, 1, "report", "subtitle", NULL);
    o.notes = ql_opt_text(L, 1, "report", "notes", NULL);

    report_ud *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->t = NULL;
    u->mode = R_DESCRIBED;
    u->file = NULL;
    luaL_setmetatable(L, REPORT_MT);
    int ud = lua_gettop(L);
    if (qf_table_new(&u->t, &o) != QF_OK)
        return ql_fail(L);

    qf_column *cols = lua_newuserdatauv(L, MAX_CELLS * sizeof *cols, 0);
    lua_getfield(L, 1, "columns");
    if (lua_isnil(L, -1))
        return ql_error(L, QF_EINVALID, "%s", _("report: field 'columns' is required"));
    size_t n = read_columns(L, -1, "report", cols);
    int list = lua_gettop(L);
    for (size_t i = 0; i < n; i++)
        if (qf_table_add_column(u->t, &cols[i]) != QF_OK)
            return ql_fail(L);
    qf_chart charts[MAX_CHARTS];
    const char *values[MAX_CHARTS][QF_CHART_MAX_SERIES + 2];
    size_t nch = read_charts(L, 1, "report", charts, values, MAX_CHARTS);
    for (size_t i = 0; i < nch; i++)
        if (qf_table_add_chart(u->t, &charts[i]) != QF_OK)
            return ql_fail(L);
    /* user value: {base = list, cols = list} */
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, list);
    lua_setfield(L, -2, "base");
    lua_pushvalue(L, list);
    lua_setfield(L, -2, "cols");
    lua_setiuservalue(L, ud, 1);
    lua_settop(L, ud);
    lua_getfield(L, 1, "output");
    if (!lua_isnil(L, -1))
        open_output(L, u, ud, -1, "report");
    lua_settop(L, ud);
    return 1;
}

/* Rows may be added: a report with no output yet keeps them in memory. */
static void rows_allowed(lua_State *L, report_ud *u, const char *fn)
{
    if (u->mode == R_WRITTEN)
        ql_error(L, QF_EINVALID, _("%s: the report was already written; add every row before r:write"), fn);
    if (u->mode == R_DESCRIBED) {
        if (qf_table_open_memory(u->t) != QF_OK)
            ql_fail(L);
        u->mode = R_MEMORY;
    }
}

static void push_cols(lua_State *L, int ud, const char *which)
{
    lua_getiuservalue(L, ud, 1);
    lua_getfield(L, -1, which);
    lua_remove(L, -2);
}

static const char *const SECTION_FIELDS[] = {"title", "columns", "charts", NULL};

/* r:section(title) or r:section{title =, columns =, charts =} */
static int report_section(lua_State *L)
{
    report_ud *u = check_report(L, 1);
    rows_allowed(L, u, "section");
    if (lua_type(L, 2) == LUA_TSTRING) {
        if (qf_table_section(u->t, lua_tostring(L, 2)) != QF_OK)
            return ql_fail(L);
        push_cols(L, 1, "base");
    } else {
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "section", SECTION_FIELDS);
        qf_section_options so = QF_SECTION_OPTIONS_INIT;
        so.title = ql_opt_text(L, 2, "section", "title", NULL);
        if (!so.title)
            return ql_error(L, QF_EINVALID, "%s", _("section: field 'title' is required"));
        qf_column *cols = lua_newuserdatauv(L, MAX_CELLS * sizeof *cols, 0);
        qf_chart charts[MAX_CHARTS];
        const char *values[MAX_CHARTS][QF_CHART_MAX_SERIES + 2];
        lua_getfield(L, 2, "columns");
        if (!lua_isnil(L, -1)) {
            so.ncolumns = read_columns(L, -1, "section", cols);
            so.columns = cols;
        } else {
            push_cols(L, 1, "base");
        }
        int list = lua_gettop(L);
        so.ncharts = read_charts(L, 2, "section", charts, values, MAX_CHARTS);
        so.charts = so.ncharts ? charts : NULL;
        if (qf_table_section_with(u->t, &so) != QF_OK)
            return ql_fail(L);
        lua_pushvalue(L, list);
    }
    lua_getiuservalue(L, 1, 1);
    lua_insert(L, -2);
    lua_setfield(L, -2, "cols");
    lua_settop(L, 1);
    return 1;
}

/* Converts the Lua value at `v` for a column of type `type`; text points into Lua strings
 * (a number written as text is kept alive in the table at `keep`). */
static void to_cell(lua_State *L, int v, const char *type, lua_Integer row, const char *key,
                    int keep, qf_cell *out)
{
    switch (lua_type(L, v)) {
    case LUA_TNIL:
        *out = QF_CELL_EMPTY_VALUE;
        return;
    case LUA_TBOOLEAN:
        *out = QF_CELL_BOOL_VALUE(lua_toboolean(L, v));
        return;
    case LUA_TSTRING:
        *out = QF_CELL_TEXT_VALUE(lua_tostring(L, v));
        return;
    case LUA_TNUMBER:
        if (strcmp(type, "text") == 0) {
            /* a number in a text column reads as Lua writes it */
            lua_pushvalue(L, v);
            const char *text = lua_tostring(L, -1);
            lua_rawseti(L, keep, (lua_Integer)lua_rawlen(L, keep) + 1);
            *out = QF_CELL_TEXT_VALUE(text);
        } else if (lua_isinteger(L, v)) {
            *out = QF_CELL_INT_VALUE(lua_tointeger(L, v));
        } else {
            lua_Number x = lua_tonumber(L, v);
            lua_Integer i;
            /* 3.0 (from arithmetic) in an integer column is 3 */
            if (strcmp(type, "integer") == 0 && lua_numbertointeger(x, &i) && (lua_Number)i == x)
                *out = QF_CELL_INT_VALUE(i);
            else
                *out = QF_CELL_NUMBER_VALUE(x);
        }
        return;
    default:
        ql_error(L, QF_EINVALID, _("row %d, column '%s': a %s cannot go in a cell"), (int)row, key,
                   luaL_typename(L, v));
    }
}

/* r:add{key = value, …} or r:add{v1, v2, …} */
static int report_add(lua_State *L)
{
    report_ud *u = check_report(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    rows_allowed(L, u, "add");
    lua_settop(L, 2);
    push_cols(L, 1, "cols");     /* 3 */
    lua_getfield(L, 3, "index"); /* 4 */
    lua_getfield(L, 3, "types"); /* 5 */
    size_t n = (size_t)lua_rawlen(L, 3);
    lua_Integer row = (lua_Integer)qf_table_row_count(u->t) + 1;
    qf_cell cells[64], *c = cells;
    if (n > sizeof cells / sizeof cells[0])
        c = lua_newuserdatauv(L, n * sizeof *c, 0); /* 6, collected with the call */
    for (size_t i = 0; i < n; i++)
        c[i] = QF_CELL_EMPTY_VALUE;
    lua_newtable(L);
    int keep = lua_gettop(L);
    int by_key = 0, by_pos = 0;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        size_t i;
        if (lua_type(L, -2) == LUA_TSTRING) {
            lua_pushvalue(L, -2);
            if (lua_rawget(L, 4) != LUA_TNUMBER) {
                luaL_Buffer b;
                luaL_buffinit(L, &b);
                for (size_t k = 1; k <= n; k++) {
                    lua_rawgeti(L, 3, (lua_Integer)k);
                    if (k > 1)
                        luaL_addstring(&b, ", ");
                    luaL_addvalue(&b);
                }
                luaL_pushresult(&b);
                return ql_error(L, QF_EINVALID, _("add: row %d: there is no column '%s' (columns: %s)"),
                                  (int)row, lua_tostring(L, -4), lua_tostring(L, -1));
            }
            i = (size_t)lua_tointeger(L, -1) - 1;
            lua_pop(L, 1);
            by_key++;
        } else {
            int isint = 0;
            lua_Integer k = lua_tointegerx(L, -2, &isint);
            if (lua_type(L, -2) != LUA_TNUMBER || !isint || k < 1 || (size_t)k > n)
                return ql_error(L, QF_EINVALID,
                                  _("add: row %d: cell %s is outside the %d columns (give cells "
                                    "by column key or as a list)"),
                                  (int)row, luaL_tolstring(L, -2, NULL), (int)n);
            i = (size_t)k - 1;
            by_pos++;
        }
        if (by_key && by_pos)
            return ql_error(L, QF_EINVALID,
                              _("add: row %d: give the cells by column key or as a list, not "
                                "both"),
                              (int)row);
        lua_rawgeti(L, 3, (lua_Integer)i + 1);
        lua_rawgeti(L, 5, (lua_Integer)i + 1);
        to_cell(L, lua_gettop(L) - 2, lua_tostring(L, -1), row, lua_tostring(L, -2), keep, &c[i]);
        lua_pop(L, 3); /* type, key, value: strings stay alive in the row and column lists */
    }
    if (qf_table_add_row(u->t, c, n) != QF_OK)
        return ql_fail(L);
    lua_settop(L, 1);
    return 1;
}

/* r:open(output): rows go straight to it from now on */
static int report_open(lua_State *L)
{
    report_ud *u = check_report(L, 1);
    if (u->mode != R_DESCRIBED)
        return ql_error(L, QF_EINVALID, "%s",
                          _("open: the report already has an output or rows; open it before "
                            "the first row"));
    open_output(L, u, 1, 2, "open");
    lua_settop(L, 1);
    return 1;
}

/* r:write(output): renders the rows kept in memory (may be called for several files) */
static int report_write(lua_State *L)
{
    report_ud *u = check_report(L, 1);
    if (u->mode == R_STREAM)
        return ql_error(L, QF_EINVALID, "%s",
                          _("write: the rows of this report went straight to its output; "
                            "finish it with r:close()"));
    output out;
    read_output(L, 2, "write", &out);
    if (u->mode == R_DESCRIBED) {
        if (qf_table_open_memory(u->t) != QF_OK)
            return ql_fail(L);
        u->mode = R_MEMORY;
    }
    if (u->mode == R_MEMORY) {
        if (qf_table_close(u->t) != QF_OK)
            return ql_fail(L);
        u->mode = R_WRITTEN;
    }
    int rc = out.file ? qf_table_write_stream(u->t, out.file, &out.o)
                      : qf_table_write(u->t, out.path, &out.o);
    if (rc != QF_OK)
        return ql_fail(L);
    lua_settop(L, 1);
    return 1;
}

static void release(report_ud *u)
{
    qf_table_free(u->t);
    u->t = NULL;
    u->mode = R_CLOSED;
}

/* r:close(): finishes a streamed output (the file appears now); frees the report */
static int report_close(lua_State *L)
{
    report_ud *u = luaL_checkudata(L, 1, REPORT_MT);
    if (u->mode == R_CLOSED)
        return 0;
    if (u->mode == R_STREAM && u->file && !u->file->closef) {
        release(u); /* nothing can be written any more: drop what was begun */
        return ql_error(L, QF_EINVALID, "%s", _("report: the file it writes to was closed"));
    }
    int rc = u->mode == R_STREAM ? qf_table_close(u->t) : QF_OK;
    release(u);
    if (rc != QF_OK)
        return ql_fail(L);
    return 0;
}

/* __close: finished when the scope ends normally, discarded when it ends with an error */
static int report_tbc(lua_State *L)
{
    report_ud *u = luaL_checkudata(L, 1, REPORT_MT);
    if (lua_isnoneornil(L, 2))
        return report_close(L);
    release(u);
    return 0;
}

/* r:discard(): drops the report; an output not finished is removed, nothing is written */
static int report_discard(lua_State *L)
{
    release(luaL_checkudata(L, 1, REPORT_MT));
    return 0;
}

static int report_gc(lua_State *L)
{
    release(luaL_checkudata(L, 1, REPORT_MT));
    return 0;
}

static int report_len(lua_State *L)
{
    report_ud *u = luaL_checkudata(L, 1, REPORT_MT);
    lua_pushinteger(L, u->t ? (lua_Integer)qf_table_row_count(u->t) : 0);
    return 1;
}

static int report_tostring(lua_State *L)
{
    report_ud *u = luaL_checkudata(L, 1, REPORT_MT);
    static const char *const modes[] = {"new", "streaming", "in memory", "written", "closed"};
    lua_pushfstring(L, "qufa.report (%s, %d rows)", modes[u->mode],
                    u->t ? (int)qf_table_row_count(u->t) : 0);
    return 1;
}

static const luaL_Reg REPORT_METHODS[] = {
    {"section", report_section},
    {"add", report_add},
    {"open", report_open},
    {"write", report_write},
    {"close", report_close},
    {"discard", report_discard},
    {NULL, NULL},
};

void ql_open_report(lua_State *L, int dbm, int mod)
{
    (void)dbm;
    luaL_newmetatable(L, REPORT_MT);
    luaL_newlib(L, REPORT_METHODS);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, report_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, report_tbc);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, report_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, report_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, REPORT_MT);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_report);
    lua_setfield(L, mod, "report");
}
