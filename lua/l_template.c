/* Templates and Markdown pages from Lua: qufa.render(template, data, options) and
 * qufa.markdown_html(markdown, options), thin wrappers of qufa/template.h and markdown.h. */
#include <string.h>
#include "ql.h"

static const char *const RENDER_FIELDS[] = {"name", "escape", "max_output", NULL};

/* qufa.render(text, data [, {name =, escape = "none"|"html"|"markdown"|"xml", max_output =}]) */
static int l_render(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    lua_settop(L, 3); /* the data's JSON goes above the arguments */
    const char *json = NULL;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_push_table_json(L, 2, "render", "data"); /* kept on the stack */
        json = lua_tostring(L, -1);
    }
    const char *name = "template";
    qf_template_options o = QF_TEMPLATE_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        ql_check_fields(L, 3, "render", RENDER_FIELDS);
        name = ql_opt_text(L, 3, "render", "name", name);
        const char *esc = ql_opt_text(L, 3, "render", "escape", "none");
        if (strcmp(esc, "html") == 0)
            o.escape = QF_ESCAPE_HTML;
        else if (strcmp(esc, "markdown") == 0)
            o.escape = QF_ESCAPE_MARKDOWN;
        else if (strcmp(esc, "xml") == 0)
            o.escape = QF_ESCAPE_XML;
        else if (strcmp(esc, "none") != 0)
            return ql_field_error(L, "render", "escape",
                                  _("must be \"none\", \"html\", \"markdown\" or \"xml\""));
        lua_Integer max = ql_opt_int(L, 3, "render", "max_output", 0);
        if (max < 0)
            return ql_field_error(L, "render", "max_output", _("must not be negative"));
        o.max_output = (size_t)max;
    }
    qf_template *t = NULL;
    if (qf_template_parse(&t, name, text, len) != QF_OK)
        return ql_fail(L);
    char *out = NULL;
    size_t n = 0;
    int rc = qf_template_render(&out, &n, t, json, &o);
    qf_template_free(t);
    if (rc != QF_OK)
        return ql_fail(L);
    lua_pushlstring(L, out, n);
    qf_free(out);
    return 1;
}

static const char *const PAGE_FIELDS[] = {"title", "css", "fragment", NULL};

/* qufa.markdown_html(text [, {title =, css =, fragment =}]) */
static int l_markdown_html(lua_State *L)
{
    size_t len;
    const char *md = luaL_checklstring(L, 1, &len);
    qf_markdown_options o = QF_MARKDOWN_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "markdown_html", PAGE_FIELDS);
        o.title = ql_opt_text(L, 2, "markdown_html", "title", NULL);
        o.css = ql_opt_text(L, 2, "markdown_html", "css", NULL);
        o.fragment = ql_opt_bool(L, 2, "markdown_html", "fragment", false);
    }
    char *out = NULL;
    size_t n = 0;
    if (qf_markdown_html(&out, &n, md, len, &o) != QF_OK)
        return ql_fail(L);
    lua_pushlstring(L, out, n);
    qf_free(out);
    return 1;
}

void ql_open_template(lua_State *L, int dbm, int mod)
{
    (void)dbm;
    lua_pushcfunction(L, l_render);
    lua_setfield(L, mod, "render");
    lua_pushcfunction(L, l_markdown_html);
    lua_setfield(L, mod, "markdown_html");
}
