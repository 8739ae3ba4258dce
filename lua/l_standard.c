/*
 * Standards from Lua: loading pack files (run in the restricted sandbox, collected by the DSL in
 * lua/standards_dsl.lua, turned into JSON here and validated by the core catalog), and reading
 * the catalog back (db:standards, db:standard, db:systems, qufa.requirement_kinds).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"
#include "sandbox.h"
#include "standards.h"

/* ---- Lua table → JSON, with check functions replaced by their source text ------------- */

typedef struct encoder {
    lua_State *L;
    const char *source; /* the pack's text, to quote the lines of each function */
    size_t left;        /* bytes the host may still take, see PACK_MAX */
    char path[512];     /* where we are, for messages: standards[2].clauses[4] */
    char error[700];
} encoder;

/* What a pack may hand the host, counted as 64 bytes per value plus the bytes of its strings:
 * the encoded definition is built in C memory, outside the sandbox's cap, so a pack generating
 * millions of clauses in a loop would otherwise outgrow the host here. The shipped packs take
 * well under a megabyte. */
#define PACK_MAX (16u << 20)
#define PACK_VALUE_BYTES 64

/* Field names whose empty table means an empty list rather than an empty object. */
static bool list_field(const char *key)
{
    static const char *const lists[] = {
        "systems", "standards", "tailorings", "categories", "clauses", "requirements", "import",
        "adds", "set", "not_applicable", "add_clauses", "adopt", "segments", "must_attend",
        "applies_to", "reminders",
        NULL};
    for (const char *const *l = lists; key && *l; l++)
        if (strcmp(*l, key) == 0)
            return true;
    return false;
}

/* The text of lines [first, last] of the source: a check function's own code, so editing it
 * changes the standard's hash (and so its revision). */
static json_t *function_text(encoder *e, int idx)
{
    lua_Debug ar;
    lua_pushvalue(e->L, idx);
    lua_getinfo(e->L, ">S", &ar);
    if (ar.linedefined <= 0 || !e->source)
        return json_string("(function)");
    const char *p = e->source;
    for (int line = 1; line < ar.linedefined && *p; line++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : "";
    }
    const char *end = p;
    for (int line = ar.linedefined; line <= ar.lastlinedefined && *end; line++) {
        const char *nl = strchr(end, '\n');
        end = nl ? nl + 1 : end + strlen(end);
    }
    char head[64];
    snprintf(head, sizeof head, "-- lines %d-%d\n", ar.linedefined, ar.lastlinedefined);
    size_t n = strlen(head) + (size_t)(end - p);
    char *text = malloc(n + 1);
    if (!text)
        return NULL;
    snprintf(text, n + 1, "%s%.*s", head, (int)(end - p), p);
    json_t *j = json_string(text);
    free(text);
    return j;
}

static json_t *encode(encoder *e, int idx, const char *key, int depth);

static json_t *encode_table(encoder *e, int idx, const char *key, int depth)
{
    lua_State *L = e->L;
    idx = lua_absindex(L, idx);
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    lua_Integer count = 0;
    bool all_strings = true;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        if (lua_type(L, -2) != LUA_TSTRING)
            all_strings = false;
        lua_pop(L, 1);
    }
    size_t plen = strlen(e->path);
    if (count == 0)
        return list_field(key) ? json_array() : json_object();
    if (count == n) { /* a sequence */
        json_t *arr = json_array();
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            snprintf(e->path + plen, sizeof e->path - plen, "[%lld]", (long long)i);
            json_t *v = encode(e, -1, key, depth + 1);
            lua_pop(L, 1);
            if (!v) {
                json_decref(arr);
                return NULL;
            }
            json_array_append_new(arr, v);
        }
        e->path[plen] = '\0';
        return arr;
    }
    if (!all_strings) {
        snprintf(e->error, sizeof e->error,
                 _("%s: a table must be either a list {a, b} or have only names as keys"),
                 e->path[0] ? e->path : "pack");
        return NULL;
    }
    json_t *obj = json_object();
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *k = lua_tostring(L, -2);
        snprintf(e->path + plen, sizeof e->path - plen, "%s%s", plen ? "." : "", k);
        json_t *v = encode(e, -1, k, depth + 1);
        if (!v) {
            lua_pop(L, 2);
            json_decref(obj);
            return NULL;
        }
        json_object_set_new(obj, k, v);
        lua_pop(L, 1);
    }
    e->path[plen] = '\0';
    return obj;
}

static json_t *encode(encoder *e, int idx, const char *key, int depth)
{
    lua_State *L = e->L;
    if (depth > 40 || !lua_checkstack(L, 4)) {
        snprintf(e->error, sizeof e->error, _("%s: nested too deeply (a table that contains itself?)"),
                 e->path);
        return NULL;
    }
    size_t cost = PACK_VALUE_BYTES + (lua_type(L, idx) == LUA_TSTRING ? lua_rawlen(L, idx) : 0);
    if (cost > e->left) {
        snprintf(e->error, sizeof e->error,
                 _("%s: the pack is too large (more than %u MiB of definitions)"),
                 e->path[0] ? e->path : "pack", PACK_MAX >> 20);
        return NULL;
    }
    e->left -= cost;
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        json_t *j = json_stringn(s, len);
        if (!j)
            snprintf(e->error, sizeof e->error, _("%s: not valid UTF-8 text"), e->path);
        return j;
    }
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            return json_integer(lua_tointeger(L, idx));
        return json_real(lua_tonumber(L, idx));
    case LUA_TBOOLEAN:
        return json_boolean(lua_toboolean(L, idx));
    case LUA_TTABLE:
        return encode_table(e, idx, key, depth);
    case LUA_TFUNCTION:
        if (key && strcmp(key, "fn") == 0) {
            json_t *text = function_text(e, idx);
            return text ? json_pack("{s:o}", "text", text) : NULL;
        }
        /* fall through */
    default:
        snprintf(e->error, sizeof e->error, _("%s: a %s cannot be stored in a definition"),
                 e->path[0] ? e->path : "pack", luaL_typename(L, idx));
        return NULL;
    }
}

/* ---- running a pack in the sandbox ---------------------------------------------------- */

/* Calls qufa.<name>() of the sandbox's own module instance, in a protected call (it runs no
 * pack code, but may run out of memory): false with the message on the stack on failure. */
static bool call_module(lua_State *L, const char *name, int nresults)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "qufa");
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    lua_remove(L, -2);
    return lua_pcall(L, 0, nresults, 0) == LUA_OK;
}

/* The first line of a sandbox error (the message; the traceback follows). */
static void first_line(char *out, size_t size, const char *msg)
{
    const char *nl = msg ? strchr(msg, '\n') : NULL;
    size_t n = nl ? (size_t)(nl - msg) : (msg ? strlen(msg) : 0);
    if (n >= size)
        n = size - 1;
    memcpy(out, msg ? msg : "", n);
    out[n] = '\0';
}

int ql_pack_collect(ql_sandbox *sb, const char *text, size_t len, const char *name, char *err,
                    size_t err_size)
{
    lua_State *L = ql_sandbox_state(sb);
    char chunkname[300];
    snprintf(chunkname, sizeof chunkname, "@%s", name);
    if (!call_module(L, "_pack_begin", 0)) {
        first_line(err, err_size, lua_tostring(L, -1));
        lua_pop(L, 1);
        return QF_ENOMEM;
    }
    /* compiled once per process: every check run collects the same packs' functions */
    if (ql_sandbox_run_kept(sb, text, len, chunkname, 0, 0) != LUA_OK) {
        first_line(err, err_size, lua_tostring(L, -1));
        lua_pop(L, 1);
        call_module(L, "_pack_end", 1);
        lua_pop(L, 1);
        return QF_EINVALID;
    }
    if (!call_module(L, "_pack_end", 1)) { /* the pack table stays on the stack */
        first_line(err, err_size, lua_tostring(L, -1));
        lua_pop(L, 1);
        return QF_ENOMEM;
    }
    return QF_OK;
}

int ql_pack_load_text(qf_load_report **out, qf_db *db, const char *text, size_t len,
                      const char *name)
{
    *out = NULL;
    ql_sandbox *sb = ql_sandbox_new(QL_RESTRICTED, NULL, NULL);
    if (!sb)
        return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    char err[700];
    int rc = ql_pack_collect(sb, text, len, name, err, sizeof err);
    if (rc != QF_OK) {
        ql_sandbox_free(sb);
        return qf_error_set(rc, "%s", err);
    }
    lua_State *L = ql_sandbox_state(sb);
    encoder e = {.L = L, .source = text, .left = PACK_MAX};
    json_t *pack = encode(&e, -1, NULL, 0);
    lua_pop(L, 1);
    ql_sandbox_free(sb);
    if (!pack)
        return qf_error_set(QF_EINVALID, "%s: %s", name, e.error);
    /* the pack's reminder rules are stored beside its standards (qf_reminder_rules_load) */
    json_t *reminders = json_incref(json_object_get(pack, "reminders"));
    json_object_del(pack, "reminders");
    char *json = json_dumps(pack, JSON_COMPACT);
    char *rules = reminders ? json_dumps(reminders, JSON_COMPACT) : NULL;
    json_decref(pack);
    json_decref(reminders);
    if (!json || (reminders && !rules)) {
        free(json);
        free(rules);
        return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    }
    /* the stored text must be exactly what the sandbox ran */
    char *copy = malloc(len + 1);
    if (!copy) {
        free(json);
        free(rules);
        return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    /* standards and reminder rules: all or nothing */
    rc = qf_tx_begin(db);
    if (rc == QF_OK) {
        rc = qf_catalog_load(out, db, json, name, copy);
        if (rc == QF_OK && rules)
            rc = qf_reminder_rules_load(NULL, db, rules, name, copy);
        if (rc == QF_OK) {
            rc = qf_tx_commit(db);
        } else {
            char saved[1024];
            snprintf(saved, sizeof saved, "%s", qf_error_last());
            qf_tx_rollback(db);
            qf_error_set(rc, "%s", saved);
            qf_load_report_free(*out);
            *out = NULL;
        }
    }
    if (rc != QF_OK)
        rc = qf_error_set(rc, "%s: %s", name, qf_error_last());
    free(copy);
    free(json);
    free(rules);
    return rc;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        qf_error_set(QF_ENOTFOUND, _("cannot read %s"), path);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > (16u << 20)) {
                free(buf);
                fclose(f);
                qf_error_set(QF_EINVALID, _("%s is too large for a pack (16 MiB at most)"), path);
                return NULL;
            }
            char *g = realloc(buf, cap);
            if (!g) {
                free(buf);
                fclose(f);
                qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
                return NULL;
            }
            buf = g;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

int ql_pack_load_file(qf_load_report **out, qf_db *db, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return qf_error_last_code();
    const char *slash = strrchr(path, '/');
    int rc = ql_pack_load_text(out, db, text, len, slash ? slash + 1 : path);
    free(text);
    return rc;
}

/* ---- Lua functions -------------------------------------------------------------------- */

static const char *outcome_name(qf_load_outcome o)
{
    return o == QF_LOAD_NEW ? "new" : o == QF_LOAD_REVISED ? "revised" : "unchanged";
}

/* db:load_standards(path) or db:load_standards{text = …, name = …}
 *   -> list of {what = "standard", code = …, rev = n, outcome = "new"|"revised"|"unchanged"} */
static int db_load_standards(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "load_standards");
    qf_load_report *rep = NULL;
    int rc;
    if (lua_type(L, 2) == LUA_TTABLE) {
        static const char *const known[] = {"text", "name", NULL};
        ql_check_fields(L, 2, "load_standards", known);
        lua_getfield(L, 2, "text");
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        if (!text)
            return ql_field_error(L, "load_standards", "text", _("must be the pack's Lua source"));
        const char *name = ql_opt_text(L, 2, "load_standards", "name", "pack.lua");
        rc = ql_pack_load_text(&rep, h->db, text, len, name);
    } else {
        ql_check_unrestricted(L, h, "load_standards", _("read files"));
        rc = ql_pack_load_file(&rep, h->db, luaL_checkstring(L, 2));
    }
    if (rc != QF_OK)
        return ql_fail(L);
    size_t n = qf_load_report_count(rep);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const qf_load_item *it = qf_load_report_item(rep, i);
        lua_createtable(L, 0, 4);
        ql_set_text(L, "what", it->what);
        ql_set_text(L, "code", it->code);
        ql_set_int(L, "rev", it->rev);
        ql_set_text(L, "outcome", outcome_name(it->outcome));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    qf_load_report_free(rep);
    return 1;
}

static int standards_next(lua_State *L)
{
    qf_standard_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_standard_info *s;
    int rc = qf_standard_next(&s, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 14);
    ql_set_text(L, "code", s->code);
    ql_set_int(L, "rev", s->rev);
    ql_set_text(L, "version", s->version);
    ql_set_text(L, "title", s->title);
    ql_set_text(L, "system", s->system);
    ql_set_text(L, "category", s->category);
    ql_set_text(L, "origin", s->origin);
    ql_set_date(L, "effective", s->effective);
    ql_set_date(L, "expires", s->expires);
    ql_set_text(L, "replaces", s->replaces);
    ql_set_text(L, "source", s->source);
    ql_set_text(L, "hash", s->hash);
    ql_set_int(L, "clauses", s->clauses);
    ql_set_int(L, "requirements", s->requirements);
    return 1;
}

/* for s in db:standards{system = …, code = …, all = true} do … end */
static int db_standards(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_standard_filter f = QF_STANDARD_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"system", "code", "all", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "standards", known);
        f.system = ql_opt_text(L, 2, "standards", "system", NULL);
        f.code = ql_opt_text(L, 2, "standards", "code", NULL);
        f.all_revisions = ql_opt_bool(L, 2, "standards", "all", false);
    }
    qf_standard_iter *it;
    ql_check(L, qf_standard_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_standard_iter_free, standards_next);
}

/* Pushes a resolved standard's JSON (freed here) as a table, or as text with json = true. */
static int push_resolved(lua_State *L, char *json, bool as_json)
{
    if (as_json)
        lua_pushstring(L, json);
    else
        ql_push_json(L, json);
    qf_free(json);
    return 1;
}

/* db:standard({code, …}, opts) -> {[code] = the resolved standard}: the rulebook read once for
 * them all; a code with no standard is left out */
static int standards_resolved(lua_State *L, ql_db *h, int64_t org, qf_date on, bool as_json)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
    /* the codes stay referenced by the list at 2; the array is collected with the stack */
    const char **codes = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *codes, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, 2, i) != LUA_TSTRING)
            return ql_error(L, QF_EINVALID, "%s",
                            _("standard: the list must hold standard codes (strings)"));
        codes[i - 1] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    char *json = NULL;
    ql_check(L, qf_standards_resolve(&json, h->db, codes, (size_t)n, org, on));
    return push_resolved(L, json, as_json);
}

/* db:standard(code, {org = …, on = "YYYY-MM-DD", json = false}) -> the resolved standard (a
 * table, or its JSON text with json = true) or nil; a list of codes gives them all at once */
static int db_standard(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *code = lua_istable(L, 2) ? NULL : luaL_checkstring(L, 2);
    int64_t org = 0;
    qf_date on = QF_DATE_NONE;
    bool as_json = false;
    if (!lua_isnoneornil(L, 3)) {
        static const char *const known[] = {"org", "on", "json", NULL};
        luaL_checktype(L, 3, LUA_TTABLE);
        ql_check_fields(L, 3, "standard", known);
        org = ql_opt_ref(L, 3, h, "org", ql_org_lookup, "standard", "org", false);
        on = ql_opt_date(L, 3, "standard", "on", QF_DATE_NONE);
        as_json = ql_opt_bool(L, 3, "standard", "json", false);
    }
    if (!code)
        return standards_resolved(L, h, org, on, as_json);
    char *json = NULL;
    int rc = qf_standard_resolve(&json, h->db, code, org, on);
    if (rc == QF_ENOTFOUND && !org) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    return push_resolved(L, json, as_json);
}

/* db:systems() -> list of systems with categories and their standards */
static int db_systems(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    char *json = NULL;
    ql_check(L, qf_systems_json(&json, h->db));
    ql_push_json(L, json);
    qf_free(json);
    return 1;
}

/* qufa.requirement_kinds() -> list of {kind, doc, params = {{name, type, required, default, doc}}} */
static int l_requirement_kinds(lua_State *L)
{
    char *json = NULL;
    ql_check(L, qf_requirement_kinds_json(&json));
    ql_push_json(L, json);
    qf_free(json);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"load_standards", db_load_standards},
    {"standards", db_standards},
    {"standard", db_standard},
    {"systems", db_systems},
    {NULL, NULL},
};

void ql_open_standard(lua_State *L, int dbm, int mod)
{
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, l_requirement_kinds);
    lua_setfield(L, mod, "requirement_kinds");
    if (ql_load_embedded(L, "standards_dsl.lua", "=standards_dsl.lua") != LUA_OK)
        ql_error(L, QF_EINVALID, "qufa: cannot load the embedded standards DSL");
    lua_pushvalue(L, mod);
    lua_call(L, 1, 0);
}
