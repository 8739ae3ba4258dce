/*
 * The limits of restricted code while it runs: memory accounts, runs (instructions and
 * wall-clock time), the count hook, and the safe points C functions offer (tick, poll, charge).
 * See sandbox_internal.h for what a run is.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"
#include "sandbox_internal.h"

_Thread_local ql_run *ql__run;

/* ---- memory accounts ------------------------------------------------------------------- */

ql_account *ql__account_new(size_t cap)
{
    ql_account *a = calloc(1, sizeof *a);
    if (a) {
        a->cap = cap;
        a->refs = 1;
    }
    return a;
}

void ql__account_unref(ql_account *a)
{
    if (a && --a->refs == 0)
        free(a);
}

static bool fits(const ql_account *a, size_t n)
{
    return !a->cap || (a->used <= a->cap && n <= a->cap - a->used);
}

ql_account *ql_sandbox_charge(lua_State *L, size_t n)
{
    ql_sandbox *sb = ql__sandbox_of(L);
    if (!sb || sb->level != QL_RESTRICTED)
        return NULL;
    ql_account *a = sb->acct;
    if (!fits(a, n)) {
        /* what is unreachable may hold charged memory (iterators, results): their finalisers
         * give it back. Lua's own emergency collection runs no finalisers. */
        lua_gc(L, LUA_GCCOLLECT);
        if (!fits(a, n)) {
            ql__run_kill_memory(a->cap);
            char msg[200];
            snprintf(msg, sizeof msg, _("memory limit exceeded (%llu bytes): the code was stopped"),
                     (unsigned long long)a->cap);
            luaL_error(L, "%s", msg);
        }
    }
    a->used += n;
    return a;
}

void ql_sandbox_uncharge(ql_account *a, size_t n)
{
    if (a)
        a->used -= n < a->used ? n : a->used;
}

/* ---- runs ------------------------------------------------------------------------------ */

static double since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void ql__total_message(char *out, size_t size, const ql_sandbox *sb)
{
    snprintf(out, size,
             _("time limit exceeded (%g s in all for this code in one command): the code was "
               "stopped"),
             sb->lim.total_seconds);
}

void ql__run_begin(ql_run *r, ql_sandbox *sb, const char *where)
{
    r->root = sb;
    r->count = 0;
    r->max_count = sb->lim.instructions;
    r->seconds = sb->lim.seconds;
    r->total_bound = false;
    r->total = sb->lim.total_seconds;
    if (sb->lim.total_seconds > 0) {
        double left = sb->lim.total_seconds - sb->spent;
        if (r->seconds <= 0 || left < r->seconds) {
            r->seconds = left > 0 ? left : 1e-3;
            r->total_bound = true;
        }
    }
    atomic_init(&r->expired, 0);
    r->clock_polls = 0;
    r->nesting = 0;
    r->killed = false;
    r->msg[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    r->watched = r->seconds > 0 &&
                 ql__watch_start(&r->watch, &r->start, r->seconds, sb->lim.grace, &r->expired,
                                 where);
    ql__run = r;
}

double ql__run_end(ql_run *r)
{
    if (r->watched)
        ql__watch_stop(&r->watch);
    r->watched = false;
    ql__run = NULL;
    return since(&r->start);
}

void ql__run_kill(ql_run *r, const char *msg)
{
    if (r->killed)
        return;
    r->killed = true;
    snprintf(r->msg, sizeof r->msg, "%s", msg);
}

void ql__run_kill_memory(size_t cap)
{
    ql_run *r = ql__run;
    if (!r)
        return;
    char msg[200];
    snprintf(msg, sizeof msg, _("memory limit exceeded (%llu bytes): the code was stopped"),
             (unsigned long long)cap);
    ql__run_kill(r, msg);
}

static void kill_for_time(ql_run *r)
{
    char msg[200];
    if (r->total_bound)
        ql__total_message(msg, sizeof msg, r->root);
    else
        snprintf(msg, sizeof msg, _("time limit exceeded (%.1f s): the code was stopped"),
                 r->root->lim.seconds);
    ql__run_kill(r, msg);
}

/* Checks the limits; true when the run is (now) stopped. The watchdog's flag is one load; the
 * clock is read every 16th time as well, for when no watchdog thread could be started. */
static bool over_limits(ql_run *r)
{
    if (r->killed)
        return true;
    if (r->max_count && r->count > r->max_count) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 _("instruction limit exceeded (%llu instructions): the code was stopped"),
                 (unsigned long long)r->max_count);
        ql__run_kill(r, msg);
    } else if (atomic_load_explicit(&r->expired, memory_order_relaxed) ||
               (r->seconds > 0 && (++r->clock_polls & 15) == 0 && since(&r->start) > r->seconds)) {
        kill_for_time(r);
    }
    return r->killed;
}

int ql__run_raise(lua_State *L, ql_run *r, int level)
{
    luaL_where(L, level);
    lua_pushstring(L, r->msg);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Once stopped, every later hook call raises again, so a script cannot catch its way out. */
void ql__count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    ql_run *r = ql__run;
    if (!r) {
        /* Lua code running in a restricted state outside any run: only the host's own helpers
         * should (the DSL's bookkeeping); whatever it is, it gets no more than one run's worth
         * of instructions over the sandbox's life */
        ql_sandbox *sb = ql__sandbox_of(L);
        if (!sb || sb->closing || !sb->lim.instructions)
            return;
        sb->stray += QL_HOOK_STEP;
        if (sb->stray > sb->lim.instructions) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     _("instruction limit exceeded (%llu instructions): the code was stopped"),
                     (unsigned long long)sb->lim.instructions);
            luaL_where(L, 0);
            lua_pushstring(L, msg);
            lua_concat(L, 2);
            lua_error(L);
        }
        return;
    }
    r->count += QL_HOOK_STEP;
    if (over_limits(r))
        ql__run_raise(L, r, 0); /* level 0 in a hook: the Lua function that was running */
}

void ql_sandbox_tick(lua_State *L, uint64_t steps)
{
    ql_run *r = ql__run;
    if (!r)
        return;
    r->count += steps;
    if (over_limits(r))
        ql__run_raise(L, r, 1);
}

void ql_sandbox_poll(lua_State *L)
{
    ql_run *r = ql__run;
    if (r && over_limits(r))
        ql__run_raise(L, r, 1);
}

bool ql_sandbox_running(void)
{
    return ql__run != NULL;
}

bool ql_sandbox_restricted(lua_State *L)
{
    ql_sandbox *sb = ql__sandbox_of(L);
    return sb && sb->level == QL_RESTRICTED;
}
