/* The two levels Lua code runs at.
 *
 * trusted    — a user's own script: the full standard library plus `qufa` and `db`.
 * restricted — standards packs shared between branches: an allow-list environment in its own
 *              lua_State (no io, os, require, package, debug, dofile/loadfile, collectgarbage,
 *              rawset, string.dump; `load` of text only, into the sandbox), write-protected
 *              globals and library tables, a locked string metatable, a memory cap enforced by
 *              the allocator (and for C memory held on the code's behalf, by ql_sandbox_charge),
 *              an instruction and wall-clock limit per run enforced by a count hook that
 *              coroutines and message handlers inherit and by a watchdog thread, bounded
 *              replacements for the library functions that loop in C (the pattern functions,
 *              string.rep, table.insert/remove/move), and a read-only database.
 *
 * Limits are per *run*: one outermost execution of restricted code with everything it sets off,
 * nested checks in sandboxes of their own included (see sandbox_internal.h).
 */
#ifndef QUFA_SANDBOX_H
#define QUFA_SANDBOX_H

#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "qufa.h"

typedef enum ql_level { QL_TRUSTED = 0, QL_RESTRICTED = 1 } ql_level;

typedef struct ql_limits {
    unsigned version;
    size_t memory;         /* bytes the state (and those made inside its runs) may hold; 0 = no cap */
    uint64_t instructions; /* VM instructions (and C steps) per run; 0 = no cap */
    double seconds;        /* wall-clock seconds per run; 0 = no cap */
    size_t subject;        /* max bytes of a string given to a pattern function or format */
    /* version 2 */
    double total_seconds; /* wall-clock seconds of all the sandbox's runs together; 0 = no cap */
    double grace; /* seconds past `seconds` that code stuck in C may take to reach a safe point
                   * before the watchdog ends the process; 0 = never */
} ql_limits;
#define QL_LIMITS_VERSION 2
/* Defaults for restricted code: 64 MiB, 200 M instructions, 10 s, 256 KiB subjects, 60 s for
 * all runs of one sandbox (one pack in one command), 5 s of grace. */
#define QL_LIMITS_INIT {QL_LIMITS_VERSION, 64u << 20, 200000000u, 10.0, 256u << 10, 60.0, 5.0}

typedef struct ql_sandbox ql_sandbox;
typedef struct ql_account ql_account;

/*
 * The wall-clock seconds per run of sandboxes made with the default limits (limits NULL) from
 * now on, in place of QL_LIMITS_INIT's 10 s; the total of one sandbox's runs is raised to at
 * least as much. For the qufa command's QUFA_TIME_LIMIT: the user, who is trusted, may give
 * packs more time on a slow machine; restricted code cannot reach it. 0 restores the default.
 */
void ql_sandbox_set_time_limit(double seconds);

/*
 * A new Lua state at `level`. `db` (may be NULL) becomes the global `db`: writable for
 * trusted code, read-only for restricted code; it is borrowed and must outlive the sandbox.
 * `limits` NULL uses QL_LIMITS_INIT; trusted states ignore the limits.
 * Returns NULL only when out of memory.
 */
ql_sandbox *ql_sandbox_new(ql_level level, qf_db *db, const ql_limits *limits);
void ql_sandbox_free(ql_sandbox *sb);
lua_State *ql_sandbox_state(ql_sandbox *sb);
ql_level ql_sandbox_level(const ql_sandbox *sb);

/*
 * ql_sandbox_new inside a run (restricted code calling an API that runs restricted code of its
 * own, such as db:check) makes a state that charges the memory account of the run's root, and
 * whose code runs as part of that run.
 */

/*
 * Loads a text chunk (`name` as in error messages, e.g. "@pack.lua") into the sandbox's
 * environment and calls it with the values on top of the stack as arguments (nargs). Returns
 * LUA_OK with the results on the stack (nresults, or all with LUA_MULTRET), or an error status
 * with the message and traceback pushed as one string. Called from outside a run, the call is
 * a run of its own (limits counted afresh, the sandbox's total time permitting); called while
 * restricted code runs (an API it called runs code of its own), it is part of that run.
 */
int ql_sandbox_run(ql_sandbox *sb, const char *chunk, size_t len, const char *name, int nargs,
                   int nresults);
/* The same, the text compiled once per process: a text run before (the same `name` and bytes)
 * is loaded from the bytecode kept for it (ql_load_source, l_chunk.c). For texts run again and
 * again in one process, such as a pack's by every check run. */
int ql_sandbox_run_kept(ql_sandbox *sb, const char *chunk, size_t len, const char *name,
                        int nargs, int nresults);
/* The same for a file (read by the sandbox's owner, never by the sandboxed code). */
int ql_sandbox_run_file(ql_sandbox *sb, const char *path, int nargs, int nresults);

/*
 * Calls the function below the `nargs` arguments on top of the stack (one already defined by
 * code the sandbox ran, e.g. a standard's check function) under the same limits and the same
 * message handler, as a run of its own or as part of the run in progress, as ql_sandbox_run.
 * Results or the error message as for ql_sandbox_run.
 */
int ql_sandbox_call(ql_sandbox *sb, int nargs, int nresults);

/* ---- for C functions that restricted code can reach --------------------------------------- */

/* Charges `steps` (about one VM instruction's worth each) of work done in C to the run in
 * progress and raises the limit's error when the run is over its instructions or time (or was
 * stopped). Call it from loops whose length restricted code controls. No effect outside a run. */
void ql_sandbox_tick(lua_State *L, uint64_t steps);
/* A safe point: raises when the run in progress was stopped or its time is up (API functions
 * call it on entry, so a loop of slow API calls is stopped too). */
void ql_sandbox_poll(lua_State *L);
/* True while restricted code runs on this thread. */
bool ql_sandbox_running(void);
/* True when L is (a thread of) a restricted state. */
bool ql_sandbox_restricted(lua_State *L);
/* C memory held for restricted code in L (a check result, an iterator's statement) counts
 * against its memory cap: returns the account charged (NULL when L is not restricted), after a
 * full collection if that is what makes it fit; raises "memory limit exceeded" otherwise.
 * Give it back with ql_sandbox_uncharge(account, bytes) (NULL is ignored). */
ql_account *ql_sandbox_charge(lua_State *L, size_t bytes);
void ql_sandbox_uncharge(ql_account *a, size_t bytes);

/* Pops the value on top of the stack into the global `name` of the code the sandbox runs (the
 * sandbox environment for restricted code, where it becomes a protected name). */
void ql_sandbox_set_global(ql_sandbox *sb, const char *name);

/*
 * Trusted level only: os.exit(code) calls `fn` (which must not return) instead of exiting
 * directly, so the host can commit or roll back the script's savepoint first. `code` is
 * 0 for true/nil, 1 for false, else the integer given.
 */
typedef void (*ql_exit_fn)(int code, void *payload);
void ql_sandbox_on_exit(ql_sandbox *sb, ql_exit_fn fn, void *payload);

#endif
