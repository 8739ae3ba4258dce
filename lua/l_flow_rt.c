/*
 * Procedures' Lua code runs in a restricted sandbox of its own: a procedure file is shared
 * data like a standards pack, and its functions run again, from the source stored with the
 * revision, whenever a case needs them (long after the file was loaded, perhaps on another
 * machine). So loading runs the file in a fresh restricted state and stores what it declares;
 * a guard re-runs the stored source in another fresh state, checks that it still produces the
 * stored definition (same hash), and calls the function by its reference name.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "l_flow.h"

/* Procedure functions running now (each in its own sandbox), see QL_FLOW_MAX_DEPTH. */
static _Thread_local int depth;

void ql_flow_check_depth(lua_State *L, const char *fn)
{
    if (depth >= QL_FLOW_MAX_DEPTH)
        ql_error(L, QF_EINVALID, _("%s: procedures nested %d deep inside each other's functions; refused"), fn,
                   depth);
}

#define STATE_KEY "qufa.flow.state"
#define DSL_KEY "qufa.flow.dsl"

/* ---- the DSL helpers in every state ------------------------------------------------------ */

/* where(level) -> "file:line" of the function `level` calls up (nil when there is none): the
 * line of each qufa.procedure{…}, for errors found when its definition is checked. */
static int dsl_where(lua_State *L)
{
    lua_Debug ar;
    if (!lua_getstack(L, (int)luaL_checkinteger(L, 1), &ar) || !lua_getinfo(L, "Sl", &ar) ||
        ar.currentline <= 0)
        return 0;
    lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
    return 1;
}

void ql_flow_open_dsl(lua_State *L, int mod)
{
    if (ql_load_embedded(L, "flow_dsl.lua", "=flow_dsl.lua") != LUA_OK)
        ql_error(L, QF_EINVALID, "qufa: cannot load the embedded procedure helpers");
    lua_pushvalue(L, mod);
    lua_newtable(L);
    lua_pushcfunction(L, dsl_where);
    lua_setfield(L, -2, "where");
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, STATE_KEY);
    lua_call(L, 2, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, DSL_KEY);
}

static void push_dsl(lua_State *S, const char *fn)
{
    lua_getfield(S, LUA_REGISTRYINDEX, DSL_KEY);
    lua_getfield(S, -1, fn);
    lua_remove(S, -2);
}

/* Calls the function below `nargs` arguments under the sandbox's limits (reset for the call)
 * through a tiny text chunk: restricted code never gets a way to call without them. */
static int sb_call(ql_sandbox *sb, int nargs, int nresults)
{
    static const char chunk[] = "local f = ... return f(select(2, ...))";
    return ql_sandbox_run(sb, chunk, sizeof chunk - 1, "=procedure", nargs + 1, nresults);
}

/* Pops the error on top of S and sets it as qufa's last error, without the traceback. */
static int take_error(lua_State *S, int code, const char *prefix)
{
    const char *m = ql_error_text(S, -1);
    if (!m)
        m = "?";
    const char *tb = strstr(m, "\nstack traceback:");
    int n = tb ? (int)(tb - m) : (int)strlen(m);
    if (prefix)
        qf_error_set(code, "%s: %.*s", prefix, n, m);
    else
        qf_error_set(code, "%.*s", n, m);
    lua_pop(S, 1);
    return code;
}

static int pcall_dsl(lua_State *S, const char *fn, int nresults)
{
    push_dsl(S, fn);
    if (lua_pcall(S, 0, nresults, 0) != LUA_OK)
        return take_error(S, QF_ENOMEM, NULL);
    return QF_OK;
}

/* Runs a source, leaving the list of its declarations on top of the sandbox's stack. */
static int run_source(ql_sandbox *sb, const char *text, size_t len, const char *name)
{
    lua_State *S = ql_sandbox_state(sb);
    int rc = pcall_dsl(S, "begin_loading", 0);
    if (rc)
        return rc;
    char chunkname[300];
    snprintf(chunkname, sizeof chunkname, "@%s", name);
    int st = ql_sandbox_run(sb, text, len, chunkname, 0, 0);
    rc = pcall_dsl(S, "take_declared", 1);
    if (rc)
        return rc;
    if (st != LUA_OK) {
        lua_pop(S, 1);
        return take_error(S, QF_EINVALID, NULL);
    }
    return QF_OK;
}

/* The `code` of the declaration on top of S, or NULL. */
static const char *decl_code(lua_State *S)
{
    lua_pushliteral(S, "code");
    lua_rawget(S, -2);
    const char *s = lua_type(S, -1) == LUA_TSTRING ? lua_tostring(S, -1) : NULL;
    lua_pop(S, 1); /* the declaration still holds the string */
    return s;
}

static int encode_cf(lua_State *S)
{
    ql_push_table_json(S, 1, lua_tostring(S, 2), "steps/params/…");
    return 1;
}

/* The declaration on top of S becomes JSON (*json, malloc'd); its functions table (nil on
 * failure) replaces it on the stack. */
static int to_json(ql_sandbox *sb, char **json)
{
    lua_State *S = ql_sandbox_state(sb);
    *json = NULL;
    const char *code = decl_code(S);
    char what[120];
    snprintf(what, sizeof what, _("procedure %s"), code ? code : "?");
    push_dsl(S, "to_data");
    lua_insert(S, -2);
    /* on failure the declaration's slot holds nil, so callers pop the same count */
    if (sb_call(sb, 1, 2) != LUA_OK) {
        take_error(S, QF_EINVALID, NULL);
        lua_pushnil(S);
        return QF_EINVALID;
    }
    lua_pushcfunction(S, encode_cf);
    lua_pushvalue(S, -3);
    lua_pushstring(S, what);
    if (lua_pcall(S, 2, 1, 0) != LUA_OK) {
        lua_remove(S, -2);
        lua_remove(S, -2);
        take_error(S, QF_EINVALID, NULL);
        lua_pushnil(S);
        return QF_EINVALID;
    }
    *json = strdup(lua_tostring(S, -1));
    lua_pop(S, 1);
    lua_remove(S, -2); /* the data */
    return *json ? QF_OK : qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
}

/* ---- loading a file ---------------------------------------------------------------------- */

typedef struct loaded {
    char *json;
    char code[80];
    char where[160]; /* "file:line" of its qufa.procedure{…}, or the file */
    int rev;
    qf_load_outcome outcome;
} loaded;

/* The last error, said again with the declaration's place first (as a pack's errors are). */
static int at_place(const loaded *l, int rc)
{
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", qf_error_last());
    return qf_error_set(rc, "%s: %s", l->where, saved);
}

static int load_all(qf_db *db, ql_sandbox *sb, const char *text, size_t len, const char *name,
                    loaded **out, size_t *n_out)
{
    lua_State *S = ql_sandbox_state(sb);
    int rc = run_source(sb, text, len, name);
    if (rc)
        return rc;
    size_t n = lua_rawlen(S, -1);
    if (n == 0)
        return qf_error_set(QF_EINVALID,
                            _("%s declares no procedure (call qufa.procedure{…} in it)"), name);
    loaded *l = calloc(n, sizeof *l);
    if (!l)
        return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    *out = l;
    *n_out = n;
    lua_pushliteral(S, "lines");
    lua_rawget(S, -2); /* where each was declared (flow_dsl.lua) */
    int lines = lua_gettop(S);
    for (size_t i = 0; i < n; i++) {
        if (lua_type(S, lines) == LUA_TTABLE)
            lua_rawgeti(S, lines, (lua_Integer)i + 1);
        else
            lua_pushnil(S);
        snprintf(l[i].where, sizeof l[i].where, "%s",
                 lua_type(S, -1) == LUA_TSTRING ? lua_tostring(S, -1) : name);
        lua_pop(S, 1);
    }
    lua_pop(S, 1);
    for (size_t i = 0; i < n && !rc; i++) {
        lua_rawgeti(S, -1, (lua_Integer)i + 1);
        const char *code = lua_type(S, -1) == LUA_TTABLE ? decl_code(S) : NULL;
        snprintf(l[i].code, sizeof l[i].code, "%s", code ? code : "?");
        for (size_t j = 0; j < i && code; j++)
            if (strcmp(l[j].code, code) == 0)
                rc = qf_error_set(QF_EINVALID, _("%s declares procedure %s twice"), name, code);
        if (!rc && lua_type(S, -1) != LUA_TTABLE)
            rc =
                qf_error_set(QF_EINVALID, _("%s: qufa.procedure #%zu is not a table"), name, i + 1);
        if (!rc && (rc = to_json(sb, &l[i].json)) != QF_OK)
            rc = at_place(&l[i], rc);
        lua_pop(S, 1);
    }
    lua_pop(S, 1);
    if (rc)
        return rc;
    rc = qf_tx_begin(db);
    for (size_t i = 0; i < n && !rc; i++)
        if ((rc = qf_procedure_load(&l[i].rev, &l[i].outcome, db, l[i].json, name, text)))
            rc = rc == QF_EINVALID ? at_place(&l[i], rc) : rc;
    if (rc == QF_OK)
        return qf_tx_commit(db);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", qf_error_last());
    qf_tx_rollback(db);
    return qf_error_set(rc, "%s", saved);
}

int ql_flow_load_source(lua_State *L, qf_db *db, const char *text, size_t len, const char *name)
{
    ql_sandbox *sb = ql_sandbox_new(QL_RESTRICTED, db, NULL);
    if (!sb)
        return ql_error(L, QF_EINVALID, "%s", _("out of memory"));
    loaded *l = NULL;
    size_t n = 0;
    int rc = load_all(db, sb, text, len, name, &l, &n);
    ql_sandbox_free(sb);
    if (rc == QF_OK) {
        static const char *const OUTCOMES[] = {"unchanged", "new", "revised"};
        lua_createtable(L, (int)n, 0);
        for (size_t i = 0; i < n; i++) {
            lua_createtable(L, 0, 3);
            ql_set_text(L, "code", l[i].code);
            ql_set_int(L, "rev", l[i].rev);
            ql_set_text(L, "outcome", OUTCOMES[l[i].outcome]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(l[i].json);
    free(l);
    if (rc)
        return ql_fail(L);
    return 1;
}

/* ---- running a revision's functions ------------------------------------------------------ */

void ql_flow_rt_init(ql_flow_rt *rt, qf_db *db, const char *code, int rev)
{
    memset(rt, 0, sizeof *rt);
    rt->db = db;
    snprintf(rt->code, sizeof rt->code, "%s", code);
    rt->rev = rev;
    rt->fns = LUA_NOREF;
}

void ql_flow_rt_free(ql_flow_rt *rt)
{
    ql_sandbox_free(rt->sb);
    rt->sb = NULL;
}

static int find_and_check(ql_flow_rt *rt, const char *name, const char *hash)
{
    lua_State *S = ql_sandbox_state(rt->sb);
    size_t n = lua_rawlen(S, -1);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(S, -1, (lua_Integer)i);
        const char *code = lua_type(S, -1) == LUA_TTABLE ? decl_code(S) : NULL;
        if (code && strcmp(code, rt->code) == 0) {
            char *json = NULL, again[65];
            int rc = to_json(rt->sb, &json);
            if (!rc)
                rc = qf_procedure_canonical(NULL, again, rt->db, json);
            free(json);
            if (!rc && strcmp(again, hash) != 0)
                rc = qf_error_set(QF_EINVALID,
                                  _("procedure %s revision %d: its stored source %s now gives a "
                                    "different definition (does it depend on the data?)"),
                                  rt->code, rt->rev, name);
            if (rc) {
                lua_pop(S, 2);
                return rc;
            }
            rt->fns = luaL_ref(S, LUA_REGISTRYINDEX);
            lua_pop(S, 1);
            return QF_OK;
        }
        lua_pop(S, 1);
    }
    lua_pop(S, 1);
    return qf_error_set(QF_EINVALID, _("the stored source %s no longer declares procedure %s"),
                        name, rt->code);
}

static int rt_open(ql_flow_rt *rt)
{
    if (rt->sb)
        return QF_OK;
    char *text = NULL, *name = NULL, hash[65];
    int rc = qf_procedure_source(&text, &name, hash, rt->db, rt->code, rt->rev);
    if (rc == QF_ENOTFOUND)
        return qf_error_set(QF_EINVALID, _("%s: its Lua functions cannot run"), qf_error_last());
    if (rc)
        return rc;
    rt->sb = ql_sandbox_new(QL_RESTRICTED, rt->db, NULL);
    if (!rt->sb)
        rc = qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    if (!rc)
        rc = run_source(rt->sb, text, strlen(text), name);
    if (!rc)
        rc = find_and_check(rt, name, hash);
    free(text);
    free(name);
    if (rc)
        ql_flow_rt_free(rt);
    return rc;
}

/* Pushes f = fns[ref] and c = context(raw, db) (raw and db are built by the caller on top),
 * keeping the db handle below them so it outlives the call. Stack: db, f, c. */
static int push_call(ql_flow_rt *rt, const char *ref, const char *what)
{
    lua_State *S = ql_sandbox_state(rt->sb);
    /* stack: raw, db */
    lua_rawgeti(S, LUA_REGISTRYINDEX, rt->fns);
    lua_pushstring(S, ref);
    lua_rawget(S, -2); /* raw: the table is the procedure's, and so would a metamethod be */
    lua_remove(S, -2);
    if (!lua_isfunction(S, -1)) {
        lua_pop(S, 3);
        return qf_error_set(QF_EINVALID,
                            _("procedure %s: the function %s is missing from its "
                              "source"),
                            rt->code, ref);
    }
    lua_insert(S, -3);    /* f, raw, db */
    lua_pushvalue(S, -1); /* f, raw, db, db */
    lua_insert(S, -4);    /* db, f, raw, db */
    push_dsl(S, "context");
    lua_insert(S, -3); /* db, f, context, raw, db */
    if (sb_call(rt->sb, 2, 1) != LUA_OK) {
        take_error(S, QF_EINVALID, what);
        lua_pop(S, 2);
        return QF_EINVALID;
    }
    return QF_OK; /* db, f, c */
}

static void push_raw(lua_State *S, const qf_flow_hook *h)
{
    lua_createtable(S, 0, 5);
    ql_set_int(S, "case_id", h->c->id);
    ql_set_text(S, "step", h->step);
    ql_set_text(S, "to", h->to);
    ql_set_date(S, "date", h->date);
    ql_push_json(S, h->fields);
    lua_setfield(S, -2, "fields");
}

/* Ends a writable handle given to on_complete, so a copy kept in a global cannot write later. */
static void retire_handle(lua_State *S, int idx)
{
    ql_db *dbh = lua_touserdata(S, idx);
    if (dbh) {
        ql_iters_close_all(dbh);
        dbh->db = NULL;
    }
}

int ql_flow_hook(void *payload, qf_flow_hook *h)
{
    ql_flow_rt *rt = payload;
    int rc = rt_open(rt);
    if (rc)
        return rc;
    lua_State *S = ql_sandbox_state(rt->sb);
    char what[300];
    const char *part = h->kind == QF_HOOK_COMPLETE ? "on_complete"
                       : h->kind == QF_HOOK_WHEN   ? _("the transition's guard")
                                                   : _("guard");
    snprintf(what, sizeof what, _("case %lld (%s): step %s: %s failed"), (long long)h->c->id,
             rt->code, h->step, part);
    int top = lua_gettop(S);
    push_raw(S, h);
    bool writable = h->kind == QF_HOOK_COMPLETE;
    /* a procedure is shared code: restricted (members masked, no files), and only
     * on_complete may write */
    ql_push_db(S, rt->db, QL_DB_BORROWED | QL_DB_RESTRICTED | (writable ? 0 : QL_DB_READONLY));
    if ((rc = push_call(rt, h->ref, what)))
        return rc;
    depth++;
    int st = sb_call(rt->sb, 1, 2); /* db, ok, why */
    depth--;
    if (st != LUA_OK) {
        take_error(S, QF_EINVALID, what);
    } else if (h->kind != QF_HOOK_COMPLETE && !lua_toboolean(S, -2)) {
        const char *why = lua_type(S, -1) == LUA_TSTRING ? lua_tostring(S, -1) : "";
        snprintf(h->message, sizeof h->message, "%s", why);
        rc = QF_EUSER;
    }
    if (st != LUA_OK)
        rc = QF_EINVALID;
    if (writable)
        retire_handle(S, top + 1);
    lua_settop(S, top);
    return rc;
}

int ql_flow_on_start(char **out, ql_flow_rt *rt, const char *fields_json, const char *params_json,
                     int64_t member_id, int64_t org_id, qf_date date)
{
    *out = NULL;
    char *def = NULL;
    int rc = qf_procedure_get(&def, NULL, rt->db, rt->code, rt->rev);
    if (rc)
        return rc;
    json_t *parsed = json_loads(def, 0, NULL);
    bool has = json_object_get(parsed, "on_start") != NULL;
    json_decref(parsed);
    free(def);
    if (!has)
        return QF_OK;
    if ((rc = rt_open(rt)))
        return rc;
    lua_State *S = ql_sandbox_state(rt->sb);
    int top = lua_gettop(S);
    lua_createtable(S, 0, 6);
    ql_push_json(S, fields_json);
    lua_setfield(S, -2, "fields");
    ql_push_json(S, params_json);
    lua_setfield(S, -2, "params");
    ql_set_id(S, "member_id", member_id);
    ql_set_id(S, "org_id", org_id);
    ql_set_date(S, "date", date);
    ql_push_db(S, rt->db, QL_DB_SANDBOXED);
    char what[200];
    snprintf(what, sizeof what, _("procedure %s: on_start failed"), rt->code);
    if ((rc = push_call(rt, "on_start", what)))
        return rc;
    lua_pushvalue(S, -1);
    lua_insert(S, -3); /* db, c, f, c */
    depth++;
    int st = sb_call(rt->sb, 1, 1);
    depth--;
    if (st != LUA_OK) {
        take_error(S, QF_EINVALID, what);
        lua_settop(S, top);
        return QF_EINVALID;
    }
    if (lua_isnil(S, -1)) { /* nothing returned: the fields as on_start left them */
        lua_pop(S, 1);
        if (lua_type(S, -1) == LUA_TTABLE) { /* raw: the function may have given it a metatable */
            lua_pushliteral(S, "fields");
            lua_rawget(S, -2);
        } else {
            lua_pushnil(S);
        }
    }
    if (lua_type(S, -1) != LUA_TTABLE) {
        lua_settop(S, top);
        return qf_error_set(QF_EINVALID, _("%s: it must return a table of fields (or nothing)"),
                            what);
    }
    lua_pushcfunction(S, encode_cf);
    lua_insert(S, -2);
    lua_pushstring(S, what);
    if (lua_pcall(S, 2, 1, 0) != LUA_OK) {
        take_error(S, QF_EINVALID, NULL);
        lua_settop(S, top);
        return QF_EINVALID;
    }
    *out = strdup(lua_tostring(S, -1));
    lua_settop(S, top);
    return *out ? QF_OK : qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
}
