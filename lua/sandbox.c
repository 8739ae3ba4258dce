/* Trusted and restricted Lua states (see sandbox.h for what each level allows). */
#include "sandbox.h"
#include <lualib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ql.h"
#include "sandbox_internal.h"

/* ---- memory ---------------------------------------------------------------------------- */

/* With ptr NULL, osize is a type tag, not a size. Fail only when the cap would be exceeded:
 * shrinking always succeeds. The cap is the account's, shared with every state made inside the
 * runs of the sandbox that owns the account (sandbox_internal.h). */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ql_sandbox *sb = ud;
    ql_account *a = sb->acct;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        ql_pool_release(&sb->pool, ptr, old);
        sb->own -= old;
        a->used -= old;
        return NULL;
    }
    if (a->cap && nsize > old && (a->used > a->cap || nsize - old > a->cap - a->used)) {
        /* Lua answers a refusal with a full collection and asks again: refused a second time,
         * the memory is really in use, and the run stops as for its other limits. Without
         * that, pcall, load and coroutine.resume would hand "not enough memory" back to the
         * code as a value, and it would go on at the cap. */
        if (sb->refused == nsize - old)
            ql__run_kill_memory(a->cap);
        sb->refused = nsize - old;
        return NULL;
    }
    void *p = ptr ? ql_pool_resize(&sb->pool, ptr, old, nsize) : ql_pool_alloc(&sb->pool, nsize);
    if (!p)
        return NULL;
    if (nsize > old)
        sb->refused = 0;
    sb->own = sb->own - old + nsize;
    a->used = a->used - old + nsize;
    return p;
}

ql_sandbox *ql__sandbox_of(lua_State *L)
{
    void *ud = NULL;
    return lua_getallocf(L, &ud) == sb_alloc ? ud : NULL;
}

static ql_sandbox *sandbox_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- pcall and xpcall ------------------------------------------------------------------ */

/* pcall/xpcall that cannot swallow the stop: once a limit is hit, the error passes through
 * (also when the function returned normally because a coroutine caught the stop). */
static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
    ql_run *r = ql__run;
    if (r && r->killed)
        return luaL_error(L, "%s", r->msg);
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int sb_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

/*
 * The message handler restricted code gives xpcall, run so that limits still hold. Lua calls a
 * message handler with hooks off when the error was raised inside a hook — which is where the
 * limits raise theirs — so a handler that loops could never be stopped. After a stop, the
 * handler is not called at all (the stop's message is the result); otherwise it runs in a
 * coroutine of its own, whose hooks are armed whatever the state of the caller's. A handler
 * that fails gives "error in error handling", as in Lua.
 */
static int run_handler(lua_State *L)
{
    ql_run *r = ql__run;
    if (r && r->killed) {
        lua_pushstring(L, r->msg);
        return 1;
    }
    lua_settop(L, 1);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 2);
    int nres = 0;
    int st = lua_resume(co, L, 1, &nres);
    if (st == LUA_OK && nres > 0) {
        lua_settop(co, 1);
        lua_xmove(co, L, 1);
    } else if (st == LUA_OK) {
        lua_pushnil(L);
    } else if (st == LUA_YIELD) {
        lua_pushstring(L, _("xpcall: a message handler cannot yield"));
    } else if (r && r->killed) {
        lua_pushstring(L, r->msg); /* stopped inside the handler */
    } else {
        lua_pushliteral(L, "error in error handling"); /* as Lua says when a handler fails */
    }
    return 1;
}

static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, run_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); /* f, msgh, true, f, args… */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
    return finish_pcall(L, status, 2);
}

/* A __gc metamethod runs with hooks off (during collection or lua_close), where no limit can
 * stop it: refuse it. Objects are only marked for finalisation at setmetatable time, so adding
 * __gc to the metatable later has no effect. */
static int sb_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        bool has_gc = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (has_gc)
            return luaL_error(L, "%s",
                              _("setmetatable: __gc metamethods are not allowed in restricted "
                                "code"));
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "%s", _("cannot change a protected metatable"));
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* print for restricted code: what a shared pack prints reaches the user's terminal, so
 * control sequences are shown escaped rather than interpreted (see l_escape.c). */
static int sb_print(lua_State *L)
{
    ql_sandbox_poll(L);
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stdout);
        ql_write_escaped(stdout, s, len, true);
        lua_pop(L, 1);
        ql_sandbox_tick(L, len / 16);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
}

/* ---- library functions whose work grows with their arguments ----------------------------- */

static size_t bytes_of(lua_State *L, int from, int to)
{
    size_t n = 0;
    for (int i = from; i <= to; i++) {
        int t = lua_type(L, i);
        n += t == LUA_TSTRING || t == LUA_TTABLE ? lua_rawlen(L, i) + 1 : 1;
    }
    return n;
}

/* Calls the library function (upvalue 1) after a safe point, and charges its work (the size of
 * its arguments and results) to the run. Each such call can take a while in C (upper() of a
 * 30 MB string, sort() of a million numbers, unpack() of a million values), and a loop of
 * them runs hundreds of calls between two hook calls: the safe point before each call is what
 * lets the time limit stop such a loop at once. None of these functions yields. */
static int sized_call(lua_State *L)
{
    ql_sandbox_poll(L);
    int n = lua_gettop(L);
    size_t in = bytes_of(L, 1, n);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    int r = lua_gettop(L);
    ql_sandbox_tick(L, (in + bytes_of(L, 1, r)) / 64);
    return r;
}

/* Wraps lib[name] for each name in the space-separated list (lib on top of the stack). */
static void wrap_sized(lua_State *L, const char *names)
{
    char name[32];
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, " ");
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
        if (lua_getfield(L, -1, name) != LUA_TFUNCTION) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushcclosure(L, sized_call, 1);
        lua_setfield(L, -2, name);
    }
}

/* ---- coroutine.close ------------------------------------------------------------------- */

/* Lua 5.4.4 does not count a closing coroutine's __close handlers against the C stack limit:
 * a handler that closes another suspended coroutine, whose handler closes another, and so on
 * (a chain of a few thousand) overflows the C stack and the process dies (fixed upstream in
 * 5.4.6 by lua_closethread). Nested closes are counted here and refused well before that. */
#define CLOSE_DEPTH_MAX 100

static int sb_coclose(lua_State *L)
{
    ql_sandbox *sb = sandbox_of(L);
    if (sb->close_depth >= CLOSE_DEPTH_MAX)
        return luaL_error(L, _("coroutine.close: more than %d coroutines closing one inside "
                               "another"),
                          CLOSE_DEPTH_MAX);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    sb->close_depth++;
    int st = lua_pcall(L, n, LUA_MULTRET, 0);
    sb->close_depth--;
    if (st != LUA_OK)
        return lua_error(L); /* e.g. closing a running coroutine; or a limit's stop */
    return lua_gettop(L);
}

/* Replaces coroutine.close in the coroutine library table on top of the stack. */
static void guard_coclose(lua_State *L)
{
    lua_getfield(L, -1, "close");
    lua_pushcclosure(L, sb_coclose, 1);
    lua_setfield(L, -2, "close");
}

/* ---- os.exit for trusted scripts ------------------------------------------------------- */

static int sb_exit(lua_State *L)
{
    ql_sandbox *sb = sandbox_of(L);
    int code;
    if (lua_isnoneornil(L, 1) || lua_isboolean(L, 1))
        code = lua_isnoneornil(L, 1) || lua_toboolean(L, 1) ? 0 : 1;
    else
        code = (int)luaL_checkinteger(L, 1);
    sb->exit_fn(code, sb->exit_payload);
    return 0; /* not reached */
}

void ql_sandbox_on_exit(ql_sandbox *sb, ql_exit_fn fn, void *payload)
{
    if (sb->level != QL_TRUSTED)
        return;
    lua_State *L = sb->L;
    sb->exit_fn = fn;
    sb->exit_payload = payload;
    if (lua_getglobal(L, "os") == LUA_TTABLE) {
        lua_pushcfunction(L, sb_exit);
        lua_setfield(L, -2, "exit");
    }
    lua_pop(L, 1);
}

/* ---- building the states --------------------------------------------------------------- */

/* Runs inside lua_pcall: a memory error while building becomes a status, not an abort. */
static int build_trusted(lua_State *L)
{
    qf_db *db = lua_touserdata(L, 1);
    luaL_openlibs(L);
    lua_getglobal(L, LUA_COLIBNAME);
    guard_coclose(L);
    lua_pop(L, 1);
    luaL_requiref(L, "qufa", luaopen_qufa, 1);
    lua_pop(L, 1);
    if (db) {
        ql_push_db(L, db, QL_DB_BORROWED);
        lua_setglobal(L, "db");
    }
    return 0;
}

static int build_restricted(lua_State *L)
{
    qf_db *db = lua_touserdata(L, 1);
    ql_sandbox *sb = sandbox_of(L);
    lua_pushboolean(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, QL_RESTRICTED_KEY);
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    /* the functions restricted code may call whose work grows with their arguments */
    static const char *const sized[][2] = {
        {LUA_GNAME, "tostring tonumber select load"},
        {LUA_STRLIBNAME, "byte char lower upper reverse sub"},
        {LUA_TABLIBNAME, "concat pack sort unpack"},
        {LUA_UTF8LIBNAME, "char codepoint len offset"},
    };
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        if (l->func == luaopen_coroutine)
            guard_coclose(L);
        for (size_t i = 0; i < sizeof sized / sizeof sized[0]; i++)
            if (strcmp(sized[i][0], l->name) == 0)
                wrap_sized(L, sized[i][1]);
        lua_pop(L, 1);
    }
    if (ql_load_embedded(L, "sandbox_env.lua", "=sandbox_env") != LUA_OK)
        return luaL_error(L, "sandbox: cannot load the environment builder");
    lua_pushglobaltable(L);
    /* the wrappers */
    lua_newtable(L);
    lua_pushcfunction(L, sb_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, sb_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, -2, "print");
    /* bounded replacements of the library functions that loop in C (sandbox_string.c,
     * sandbox_table.c) */
    lua_newtable(L);
    ql__open_bounded_string(L, lua_gettop(L));
    lua_setfield(L, -2, "string");
    lua_newtable(L);
    ql__open_bounded_table(L, lua_gettop(L));
    lua_setfield(L, -2, "table");
    luaL_requiref(L, "qufa", luaopen_qufa, 0);
    if (db)
        ql_push_db(L, db, QL_DB_SANDBOXED);
    else
        lua_pushnil(L);
    lua_call(L, 4, 1);
    sb->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/* An error outside any protected call: nothing sensible is left to do. */
static int panic(lua_State *L)
{
    fprintf(stderr, "qufa: unprotected Lua error: %s\n",
            lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
    abort();
}

/* set by the host before any sandbox is made (QUFA_TIME_LIMIT), read when one is made */
static double default_seconds;

void ql_sandbox_set_time_limit(double seconds)
{
    default_seconds = seconds > 0 ? seconds : 0;
}

ql_sandbox *ql_sandbox_new(ql_level level, qf_db *db, const ql_limits *limits)
{
    ql_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return NULL;
    ql_limits def = QL_LIMITS_INIT;
    sb->level = level;
    sb->env_ref = LUA_NOREF;
    if (level == QL_RESTRICTED) {
        sb->lim = def;
        if (!limits && default_seconds > 0) {
            sb->lim.seconds = default_seconds;
            if (sb->lim.total_seconds < default_seconds)
                sb->lim.total_seconds = default_seconds;
        }
        if (limits) /* fields a caller of an older version did not know keep their defaults */
            memcpy(&sb->lim, limits,
                   limits->version < 2 ? offsetof(ql_limits, total_seconds) : sizeof *limits);
        sb->lim.version = QL_LIMITS_VERSION;
    }
    /* made by restricted code (through an API that runs code of its own, such as db:check):
     * its memory is the run's, and its runs are part of the run */
    ql_run *r = ql__run;
    if (level == QL_RESTRICTED && r) {
        sb->acct = r->root->acct;
        sb->acct->refs++;
    } else {
        sb->acct = ql__account_new(level == QL_RESTRICTED ? sb->lim.memory : 0);
    }
    if (!sb->acct) {
        free(sb);
        return NULL;
    }
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        ql_pool_clear(&sb->pool);
        ql__account_unref(sb->acct);
        free(sb);
        return NULL;
    }
    lua_State *L = sb->L;
    lua_atpanic(L, panic);
    /* Generational collection: the API makes short-lived tables by the thousand (a record per
     * row of an iterator, the arguments of every check function), which a young collection frees
     * while they are still in the cache; measured, iterating activities from Lua took 8% less
     * time and 4% fewer instructions than with the incremental collector. */
    lua_gc(L, LUA_GCGEN, 0, 0);
    lua_pushcfunction(L, level == QL_RESTRICTED ? build_restricted : build_trusted);
    lua_pushlightuserdata(L, db);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        /* out of memory (or, inside a run, over the run's memory cap): the caller says so */
        sb->closing = true;
        lua_close(L);
        ql_pool_clear(&sb->pool);
        ql__account_unref(sb->acct);
        free(sb);
        return NULL;
    }
    /* The count hook is what enforces every limit of running Lua code, and coroutines inherit
     * it; it is set even without instruction or time limits, as the watchdog's flag and a
     * stopped run are seen there too. */
    if (level == QL_RESTRICTED)
        lua_sethook(L, ql__count_hook, LUA_MASKCOUNT, QL_HOOK_STEP);
    return sb;
}

void ql_sandbox_free(ql_sandbox *sb)
{
    if (!sb)
        return;
    /* closing runs finalisers (the API's, never restricted code's): never cut them short */
    sb->closing = true;
    lua_sethook(sb->L, NULL, 0, 0);
    lua_close(sb->L);
    ql_pool_clear(&sb->pool);
    ql__account_unref(sb->acct);
    free(sb);
}

lua_State *ql_sandbox_state(ql_sandbox *sb)
{
    return sb->L;
}

ql_level ql_sandbox_level(const ql_sandbox *sb)
{
    return sb->level;
}

void ql_sandbox_set_global(ql_sandbox *sb, const char *name)
{
    lua_State *L = sb->L;
    if (sb->level == QL_RESTRICTED) {
        /* into the table of provided names (the env's __index), so it is write-protected */
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->env_ref);
        lua_getmetatable(L, -1);
        lua_getfield(L, -1, "__index");
        lua_pushvalue(L, -4);
        lua_setfield(L, -2, name);
        lua_pop(L, 4);
    } else {
        lua_setglobal(L, name);
    }
}

/* ---- running code ---------------------------------------------------------------------- */

static int tostring_protected(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* Pushes "file:line: " of the innermost Lua function on the stack ("" when there is none). */
static void push_lua_where(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

/* The message handler: "chunk:line: message" plus a traceback. An error object that is not a
 * string is converted in a protected call (its __tostring may itself fail or loop), and gets
 * the place it was raised from. */
static int message_handler(lua_State *L)
{
    /* {exit = code, message = text}: a host command (trusted) asking to end with a code,
     * passed through; from restricted code it is an error object like any other */
    if (lua_type(L, 1) == LUA_TTABLE && sandbox_of(L)->level == QL_TRUSTED) {
        lua_pushliteral(L, "exit");
        bool is_exit = lua_rawget(L, 1) == LUA_TNUMBER && lua_isinteger(L, -1);
        lua_pop(L, 1);
        if (is_exit) {
            lua_settop(L, 1);
            return 1;
        }
    }
    const char *msg = ql_error_text(L, 1); /* a string, or a qufa error (placed when raised) */
    if (!msg) {
        bool has_tostring = luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL;
        if (has_tostring)
            lua_pop(L, 1);
        lua_pushcfunction(L, tostring_protected);
        lua_pushvalue(L, 1);
        if (has_tostring && lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, _("(error object is a %s value)"), luaL_typename(L, 1));
        push_lua_where(L);
        lua_insert(L, -2);
        lua_concat(L, 2);
        msg = lua_tostring(L, -1);
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Replaces whatever the call left above `base` by one message "chunk: what". */
static int refuse(lua_State *L, int base, const char *chunk, const char *what)
{
    lua_settop(L, base);
    lua_pushfstring(L, "%s: %s", chunk, what);
    return LUA_ERRRUN;
}

/*
 * Calls the function at base + 1 with its arguments under the limits. From outside a run (the
 * host calling a check function, loading a pack …) the call starts a run; from inside one
 * (restricted code reached an API that runs restricted code of its own) it is part of it, and
 * nested at most QL_NEST_MAX deep.
 */
static int call_limited(ql_sandbox *sb, int base, int nargs, int nresults)
{
    lua_State *L = sb->L;
    /* where the code comes from, for messages without a line (a memory error gets no message
     * handler; a run refused or stopped after it returned) */
    lua_Debug ar;
    lua_pushvalue(L, base + 1);
    lua_getinfo(L, ">S", &ar);
    bool limited = sb->level == QL_RESTRICTED;
    ql_run *outer = ql__run, run;
    if (limited && !outer) {
        if (sb->lim.total_seconds > 0 && sb->spent >= sb->lim.total_seconds) {
            char msg[200];
            ql__total_message(msg, sizeof msg, sb);
            return refuse(L, base, ar.short_src, msg);
        }
        ql__run_begin(&run, sb, ar.short_src);
    } else if (limited) {
        if (outer->killed)
            return refuse(L, base, ar.short_src, outer->msg);
        if (outer->nesting >= QL_NEST_MAX) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     _("restricted code nested more than %d deep (a check or procedure run by "
                       "code run by a check or procedure …): refused"),
                     QL_NEST_MAX);
            return refuse(L, base, ar.short_src, msg);
        }
        outer->nesting++;
    }
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base + 1);
    int st = lua_pcall(L, nargs, nresults, base + 1);
    lua_remove(L, base + 1);
    if (limited) {
        ql_run *r = ql__run;
        if (st == LUA_ERRMEM && sb->acct->cap) {
            char msg[200];
            snprintf(msg, sizeof msg, _("memory limit exceeded (%llu bytes): the code was stopped"),
                     (unsigned long long)sb->acct->cap);
            st = refuse(L, base, ar.short_src, msg);
        } else if (r->killed && st == LUA_OK) {
            /* the stop was caught (by a coroutine's resume) and the code returned: the stop is
             * what ended it */
            st = refuse(L, base, ar.short_src, r->msg);
        } else if (r->killed && (!lua_isstring(L, -1) || !strstr(lua_tostring(L, -1), r->msg))) {
            /* an error of its own after the stop (raised before the next safe point, or while
             * the message handler converted the error): both are said, the stop first */
            lua_pushfstring(L, "%s: %s; %s", ar.short_src, r->msg,
                            lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
            lua_replace(L, -2);
        }
        if (!outer)
            sb->spent += ql__run_end(&run);
        else
            outer->nesting--;
    }
    return st;
}

static int run_loaded(ql_sandbox *sb, int base, int nargs, int nresults)
{
    lua_State *L = sb->L;
    if (sb->level == QL_RESTRICTED) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, sb->env_ref);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    lua_insert(L, base + 1);
    return call_limited(sb, base, nargs, nresults);
}

int ql_sandbox_call(ql_sandbox *sb, int nargs, int nresults)
{
    int base = lua_gettop(sb->L) - nargs - 1;
    return call_limited(sb, base, nargs, nresults);
}

static int run_chunk(ql_sandbox *sb, const char *chunk, size_t len, const char *name, int nargs,
                     int nresults, bool kept)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    int st =
        kept ? ql_load_source(L, chunk, len, name) : luaL_loadbufferx(L, chunk, len, name, "t");
    if (st != LUA_OK) {
        lua_insert(L, base + 1);
        lua_settop(L, base + 1);
        return st;
    }
    return run_loaded(sb, base, nargs, nresults);
}

int ql_sandbox_run(ql_sandbox *sb, const char *chunk, size_t len, const char *name, int nargs,
                   int nresults)
{
    return run_chunk(sb, chunk, len, name, nargs, nresults, false);
}

int ql_sandbox_run_kept(ql_sandbox *sb, const char *chunk, size_t len, const char *name,
                        int nargs, int nresults)
{
    return run_chunk(sb, chunk, len, name, nargs, nresults, true);
}

int ql_sandbox_run_file(ql_sandbox *sb, const char *path, int nargs, int nresults)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    /* luaL_loadfilex reads the file in C: the sandboxed code gets no file access from this */
    int st = luaL_loadfilex(L, path, "t");
    if (st != LUA_OK) {
        lua_insert(L, base + 1);
        lua_settop(L, base + 1);
        return st;
    }
    return run_loaded(sb, base, nargs, nresults);
}
