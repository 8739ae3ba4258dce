/* Trusted and restricted Lua states (see sandbox.h for what each level allows). */
#include "sandbox.h"
#include <lualib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "blockpool.h"
#include "ql.h"

/* The hook runs every HOOK_STEP instructions: cheap enough, and fine-grained enough that a
 * killed script stops within microseconds. */
#define HOOK_STEP 1000
/* Worst-case steps we let the backtracking matcher take (about a second). */
#define PATTERN_BUDGET 2e8
#define PATTERN_MAX 512


struct ql_sandbox {
    size_t used; /* bytes held by the state (the allocator's ud is the sandbox) */
    lua_State *L;
    ql_level level;
    ql_limits lim;
    uint64_t count;
    struct timespec start;
    bool killed;
    char kill_msg[160];
    ql_exit_fn exit_fn;
    void *exit_payload;
    int env_ref;
    int close_depth; /* coroutine.close calls in progress, one inside another */
    ql_pool pool;    /* small blocks the state freed, for reuse */
};

/* ---- memory ---------------------------------------------------------------------------- */

/* With ptr NULL, osize is a type tag, not a size. Fail only when the cap would be exceeded:
 * shrinking always succeeds. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ql_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        ql_pool_release(&sb->pool, ptr, old);
        sb->used -= old;
        return NULL;
    }
    if (sb->lim.memory && nsize > old && nsize - old > sb->lim.memory - sb->used)
        return NULL;
    void *p = ptr ? ql_pool_resize(&sb->pool, ptr, old, nsize) : ql_pool_alloc(&sb->pool, nsize);
    if (!p)
        return NULL;
    sb->used = sb->used - old + nsize;
    return p;
}

static ql_sandbox *sandbox_of(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- instruction and time limits ------------------------------------------------------- */

static double elapsed(const ql_sandbox *sb)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - sb->start.tv_sec) + (now.tv_nsec - sb->start.tv_nsec) / 1e9;
}

/* Once killed, every later hook call raises again, so a script cannot catch its way out. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    ql_sandbox *sb = sandbox_of(L);
    sb->count += HOOK_STEP;
    if (!sb->killed) {
        if (sb->lim.instructions && sb->count > sb->lim.instructions) {
            sb->killed = true;
            snprintf(sb->kill_msg, sizeof sb->kill_msg,
                     _("instruction limit exceeded (%llu instructions): the code was stopped"),
                     (unsigned long long)sb->lim.instructions);
        } else if (sb->lim.seconds > 0 && elapsed(sb) > sb->lim.seconds) {
            sb->killed = true;
            snprintf(sb->kill_msg, sizeof sb->kill_msg,
                     _("time limit exceeded (%.1f s): the code was stopped"), sb->lim.seconds);
        }
    }
    if (sb->killed) {
        /* level 0 in a hook is the Lua function that was running: its file and line */
        luaL_where(L, 0);
        lua_pushstring(L, sb->kill_msg);
        lua_concat(L, 2);
        lua_error(L);
    }
}

/* pcall/xpcall that cannot swallow the kill: after the limit, the error passes through. */
static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        ql_sandbox *sb = sandbox_of(L);
        if (sb->killed)
            return luaL_error(L, "%s", sb->kill_msg);
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

static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
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

/* ---- string function caps -------------------------------------------------------------- */

static size_t skip_set(const char *p, size_t lp, size_t i)
{
    i++; /* '[' */
    if (i < lp && p[i] == '^')
        i++;
    do {
        if (i >= lp)
            return lp;
        if (p[i++] == '%')
            i++;
    } while (i < lp && p[i] != ']');
    return i + 1;
}

/*
 * An upper bound on the matcher's work: each repetition item (* + - ?), balance (%b) or back
 * reference can backtrack over the whole subject, so the steps grow like n^(items + 1), or
 * n^items when the pattern is anchored. Exact enough to refuse the blow-ups (("a*"):rep(20))
 * while allowing ordinary patterns on ordinary text.
 */
static double pattern_cost(const char *p, size_t lp, size_t n, bool can_anchor, int *items)
{
    size_t i = 0;
    int q = 0;
    bool anchored = false;
    if (can_anchor && lp > 0 && p[0] == '^') {
        anchored = true;
        i = 1;
    }
    while (i < lp) {
        char c = p[i];
        if (c == '(' || c == ')') {
            i++;
            continue;
        }
        if (c == '%' && i + 1 < lp && (p[i + 1] == 'b' || (p[i + 1] >= '1' && p[i + 1] <= '9'))) {
            q++;
            i += p[i + 1] == 'b' ? 4 : 2;
            continue;
        }
        if (c == '%' && i + 1 < lp && p[i + 1] == 'f') {
            i = skip_set(p, lp, i + 2);
            continue;
        }
        if (c == '%')
            i += 2;
        else if (c == '[')
            i = skip_set(p, lp, i);
        else
            i++;
        if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?')) {
            q++;
            i++;
        }
    }
    *items = q;
    return pow((double)n + 1.0, q + (anchored ? 0 : 1));
}

static void check_subject(lua_State *L, const char *fn, size_t len)
{
    ql_sandbox *sb = sandbox_of(L);
    if (sb->lim.subject && len > sb->lim.subject)
        luaL_error(L, _("string.%s: the string is %I bytes; restricted code may pass at most %I"),
                   fn, (lua_Integer)len, (lua_Integer)sb->lim.subject);
}

static void check_pattern(lua_State *L, const char *fn, bool can_anchor)
{
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    check_subject(L, fn, ls);
    if (strcmp(fn, "find") == 0 && lua_toboolean(L, 4))
        return; /* plain search: no pattern */
    if (lp > PATTERN_MAX)
        luaL_error(L, _("string.%s: the pattern is %I bytes; restricted code may use at most %d"),
                   fn, (lua_Integer)lp, PATTERN_MAX);
    int items = 0;
    if (pattern_cost(p, lp, ls, can_anchor, &items) > PATTERN_BUDGET)
        luaL_error(L,
                   _("string.%s: pattern too complex for a %I-byte string in restricted code "
                     "(%d repetitions could backtrack for minutes); simplify the pattern or "
                     "shorten the string"),
                   fn, (lua_Integer)ls, items);
}

/* Calls the original function (upvalue 1) with this call's arguments. */
static int call_original(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int sb_find(lua_State *L)
{
    check_pattern(L, "find", true);
    return call_original(L);
}

static int sb_match(lua_State *L)
{
    check_pattern(L, "match", true);
    return call_original(L);
}

static int sb_gmatch(lua_State *L)
{
    check_pattern(L, "gmatch", false);
    return call_original(L);
}

static int sb_gsub(lua_State *L)
{
    check_pattern(L, "gsub", true);
    return call_original(L);
}

static int sb_rep(lua_State *L)
{
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    ql_sandbox *sb = sandbox_of(L);
    size_t cap = sb->lim.memory ? sb->lim.memory / 4 : (size_t)64 << 20;
    if (n > 0 && l + lsep > 0 && (size_t)n > cap / (l + lsep))
        return luaL_error(L,
                          _("string.rep: the result would exceed %I bytes, the most restricted "
                            "code may build at once"),
                          (lua_Integer)cap);
    return call_original(L);
}

static int sb_format(lua_State *L)
{
    size_t lf;
    luaL_checklstring(L, 1, &lf);
    check_subject(L, "format", lf);
    return call_original(L);
}

/* print for restricted code: what a shared pack prints reaches the user's terminal, so
 * control sequences are shown escaped rather than interpreted (see l_escape.c). */
static int sb_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stdout);
        ql_write_escaped(stdout, s, len, true);
        lua_pop(L, 1);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
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
    for (const luaL_Reg *l = libs; l->name; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        if (l->func == luaopen_coroutine)
            guard_coclose(L);
        lua_pop(L, 1);
    }
    size_t len;
    const char *src = ql_embedded("sandbox_env.lua", &len);
    if (!src || luaL_loadbufferx(L, src, len, "=sandbox_env", "t") != LUA_OK)
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
    lua_newtable(L);
    static const luaL_Reg strwrap[] = {{"find", sb_find},     {"match", sb_match},
                                       {"gmatch", sb_gmatch}, {"gsub", sb_gsub},
                                       {"rep", sb_rep},       {"format", sb_format},
                                       {NULL, NULL}};
    lua_getglobal(L, "string");
    for (const luaL_Reg *w = strwrap; w->name; w++) {
        lua_getfield(L, -1, w->name);
        lua_pushcclosure(L, w->func, 1);
        lua_setfield(L, -3, w->name);
    }
    lua_pop(L, 1);
    lua_setfield(L, -2, "string");
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

ql_sandbox *ql_sandbox_new(ql_level level, qf_db *db, const ql_limits *limits)
{
    ql_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return NULL;
    ql_limits def = QL_LIMITS_INIT;
    sb->level = level;
    sb->env_ref = LUA_NOREF;
    if (level == QL_RESTRICTED)
        sb->lim = limits ? *limits : def;
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        ql_pool_clear(&sb->pool);
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
        fprintf(stderr, "qufa: %s\n", lua_tostring(L, -1));
        lua_close(L);
        ql_pool_clear(&sb->pool);
        free(sb);
        return NULL;
    }
    if (level == QL_RESTRICTED && (sb->lim.instructions || sb->lim.seconds > 0))
        lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
    return sb;
}

void ql_sandbox_free(ql_sandbox *sb)
{
    if (!sb)
        return;
    /* lift the limits so closing (which runs finalisers) is never cut short */
    sb->killed = false;
    sb->lim.instructions = 0;
    sb->lim.seconds = 0;
    lua_close(sb->L);
    ql_pool_clear(&sb->pool);
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

/* Calls the function at base + 1 with its arguments under the limits. */
static int call_limited(ql_sandbox *sb, int base, int nargs, int nresults)
{
    lua_State *L = sb->L;
    /* where the code comes from, for a memory error (which gets no message handler) */
    lua_Debug ar;
    lua_pushvalue(L, base + 1);
    lua_getinfo(L, ">S", &ar);
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base + 1);
    sb->count = 0;
    sb->killed = false;
    clock_gettime(CLOCK_MONOTONIC, &sb->start);
    int st = lua_pcall(L, nargs, nresults, base + 1);
    lua_remove(L, base + 1);
    if (st == LUA_ERRMEM && sb->lim.memory) {
        lua_pop(L, 1);
        lua_pushfstring(L, _("%s: memory limit exceeded (%I bytes): the code was stopped"),
                        ar.short_src, (lua_Integer)sb->lim.memory);
    }
    sb->killed = false;
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

int ql_sandbox_run(ql_sandbox *sb, const char *chunk, size_t len, const char *name, int nargs,
                   int nresults)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    int st = luaL_loadbufferx(L, chunk, len, name, "t");
    if (st != LUA_OK) {
        lua_insert(L, base + 1);
        lua_settop(L, base + 1);
        return st;
    }
    return run_loaded(sb, base, nargs, nresults);
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
