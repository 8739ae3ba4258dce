/*
 * Internal to the sandbox files (sandbox.c, sandbox_run.c, sandbox_watchdog.c,
 * sandbox_string.c, sandbox_table.c): the sandbox itself, the memory account its states share,
 * and the run that restricted code's instructions and time are counted against.
 *
 * A *run* is one outermost execution of restricted code — a check function called by the
 * engine, a reminder rule, a procedure's guard, a pack file being loaded, `run --restricted` —
 * together with everything it sets off: a nested db:check and the check functions it calls in
 * sandboxes of their own, coroutines, metamethods, callbacks from C. All of it counts against
 * the one run's instructions and wall-clock time, and every state made inside a run charges the
 * memory account of the sandbox that started it, so nesting never multiplies the limits.
 */
#ifndef QUFA_SANDBOX_INTERNAL_H
#define QUFA_SANDBOX_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "blockpool.h"
#include "sandbox.h"

/* Bytes held by every state sharing the account, and C memory charged to it
 * (ql_sandbox_charge). One account per sandbox made outside a run; states made inside a run
 * share the account of the run's root. */
struct ql_account {
    size_t used;
    size_t cap; /* 0 = no cap (trusted states) */
    int refs;
};

/* A registration with the watchdog thread (sandbox_watchdog.c). */
typedef struct ql_watch {
    struct ql_watch *next, *prev;
    struct timespec deadline; /* the wall-clock limit: `expired` is set */
    struct timespec hard;     /* the grace period is over too: the process ends */
    atomic_int *expired;
    bool flagged;   /* `expired` was set */
    bool hard_stop; /* grace > 0 */
    double seconds; /* for the message */
    double grace;
    char where[96]; /* the code's chunk name, for the message */
} ql_watch;

typedef struct ql_run {
    struct ql_sandbox *root; /* the sandbox whose code started the run */
    uint64_t count;          /* instructions, and steps of C functions (ql_sandbox_tick) */
    uint64_t max_count;      /* 0 = no cap */
    double seconds;          /* wall-clock limit of this run; 0 = none */
    bool total_bound;        /* `seconds` is what is left of the sandbox's total */
    double total;            /* that total, for the message */
    struct timespec start;
    atomic_int expired; /* set by the watchdog when `seconds` have passed */
    unsigned clock_polls;
    int nesting;  /* calls into other sandboxes in progress inside this run */
    bool killed;  /* a limit stopped the run: every later safe point raises again */
    char msg[200];
    bool watched;
    ql_watch watch;
} ql_run;

struct ql_sandbox {
    ql_account *acct;
    size_t own; /* bytes this state holds (its part of acct->used) */
    lua_State *L;
    ql_level level;
    ql_limits lim;
    double spent;    /* seconds of wall-clock time its runs took (lim.total_seconds) */
    uint64_t stray;  /* instructions run in the state outside any run (host-side helpers) */
    bool closing;    /* ql_sandbox_free: finalisers run without limits */
    ql_exit_fn exit_fn;
    void *exit_payload;
    int env_ref;
    int close_depth; /* coroutine.close calls in progress, one inside another */
    ql_pool pool;    /* small blocks the state freed, for reuse */
    size_t refused;  /* the size of the allocation last refused at the cap, 0 after a success */
};

/* The run in progress on this thread, or NULL. */
extern _Thread_local ql_run *ql__run;

/* The hook runs every QL_HOOK_STEP instructions of restricted code. */
#define QL_HOOK_STEP 1000
/* Calls into other sandboxes nested inside one run (a check function's db:check, whose check
 * functions call db:check …, procedures' functions): each level is a new Lua state on the C
 * stack, so the depth is capped well before the stack could overflow. */
#define QL_NEST_MAX 8

/* sandbox.c */
ql_sandbox *ql__sandbox_of(lua_State *L); /* NULL unless L belongs to a ql_sandbox */

/* sandbox_run.c */
ql_account *ql__account_new(size_t cap);
void ql__account_unref(ql_account *a);
void ql__run_begin(ql_run *r, ql_sandbox *sb, const char *where);
double ql__run_end(ql_run *r); /* seconds the run took */
/* Stops the run with the message of the limit that was hit (idempotent). */
void ql__run_kill(ql_run *r, const char *msg);
/* Stops the run in progress (if any) for the memory cap `cap`: the stop every later safe
 * point, pcall, load and coroutine.resume pass on, as the other limits'. */
void ql__run_kill_memory(size_t cap);
/* Raises the run's stop message from a hook (level 0) or a C function (level 1). */
int ql__run_raise(lua_State *L, ql_run *r, int level);
void ql__count_hook(lua_State *L, lua_Debug *ar);
/* The message of an exhausted total, for a run refused before it starts. */
void ql__total_message(char *out, size_t size, const ql_sandbox *sb);

/* sandbox_watchdog.c: returns false when no watchdog thread could be started (the hook's own
 * clock checks then enforce the time limit, but nothing stops C code that never returns). */
bool ql__watch_start(ql_watch *w, const struct timespec *start, double seconds, double grace,
                     atomic_int *expired, const char *where);
void ql__watch_stop(ql_watch *w);

/* sandbox_string.c, sandbox_table.c: the bounded replacements, set into the library tables
 * on top of the stack (the wrappers' table for string, the table library for table). */
void ql__open_bounded_string(lua_State *L, int wrappers);
void ql__open_bounded_table(lua_State *L, int wrappers);

#endif
