/* The two levels Lua code runs at.
 *
 * trusted    — a user's own script: the full standard library plus `qufa` and `db`.
 * restricted — standards packs shared between branches: an allow-list environment in its own
 *              lua_State (no io, os, require, package, debug, dofile/loadfile, collectgarbage,
 *              rawset, string.dump; `load` of text only, into the sandbox), write-protected
 *              globals and library tables, a locked string metatable, a memory cap enforced by
 *              the allocator, an instruction and wall-clock limit enforced by a count hook that
 *              coroutines inherit, size and complexity caps on string pattern functions (the
 *              hook cannot interrupt C), and a read-only database.
 */
#ifndef QUFA_SANDBOX_H
#define QUFA_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>
#include "qufa.h"

typedef enum ql_level { QL_TRUSTED = 0, QL_RESTRICTED = 1 } ql_level;

typedef struct ql_limits {
    unsigned version;
    size_t memory;         /* bytes the state may hold; 0 = no cap */
    uint64_t instructions; /* VM instructions per run; 0 = no cap */
    double seconds;        /* wall-clock seconds per run; 0 = no cap */
    size_t subject;        /* max bytes of a string given to a pattern function or format */
} ql_limits;
#define QL_LIMITS_VERSION 1
/* Defaults for restricted code: 64 MiB, 200 M instructions, 10 s, 256 KiB subjects. */
#define QL_LIMITS_INIT {QL_LIMITS_VERSION, 64u << 20, 200000000u, 10.0, 256u << 10}

typedef struct ql_sandbox ql_sandbox;

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
 * Loads a text chunk (`name` as in error messages, e.g. "@pack.lua") into the sandbox's
 * environment and calls it with the values on top of the stack as arguments (nargs). Returns
 * LUA_OK with the results on the stack (nresults, or all with LUA_MULTRET), or an error status
 * with the message and traceback pushed as one string. Limits are reset for each run.
 */
int ql_sandbox_run(ql_sandbox *sb, const char *chunk, size_t len, const char *name, int nargs,
                   int nresults);
/* The same for a file (read by the sandbox's owner, never by the sandboxed code). */
int ql_sandbox_run_file(ql_sandbox *sb, const char *path, int nargs, int nresults);

/*
 * Calls the function below the `nargs` arguments on top of the stack (one already defined by
 * code the sandbox ran, e.g. a standard's check function) under the same limits, reset for this
 * call, and the same message handler. Results or the error message as for ql_sandbox_run.
 */
int ql_sandbox_call(ql_sandbox *sb, int nargs, int nresults);

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
