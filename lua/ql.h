/* Internal to lua/: helpers shared by the binding files (l_*.c), the sandbox and the host.
 *
 * Conventions (see docs/lua-api.md for the user's view):
 * - A database handle is a full userdata "qufa.db" (struct ql_db). A handle is either owned
 *   (qufa.open) or borrowed (the host's or a sandbox's view of a qf_db it does not own).
 * - Records are plain tables whose metatable (one per handle and record type, created lazily
 *   and kept in the handle's user value) carries __index = the type's methods and __db = the
 *   handle, so a method finds its database without a global.
 * - Iterators are C closures over a "qufa.iter" userdata that is also returned as the 4th
 *   value of the generic for, so `break` or an error closes the core iterator at once.
 */
#ifndef QUFA_QL_H
#define QUFA_QL_H

#include <lauxlib.h>
#include <lua.h>
#include <stdbool.h>
#include <stdio.h>
#include "qufa.h"

#define _(s) qf_tr(s)
#define N_(s) (s)

#define QL_DB_MT "qufa.db"
#define QL_ITER_MT "qufa.iter"

enum {
    QL_DB_BORROWED = 0x1,  /* the qf_db belongs to someone else: close() is refused */
    QL_DB_READONLY = 0x2,  /* every write method raises (restricted sandboxes) */
    QL_DB_RESTRICTED = 0x4 /* sandboxed code (shared packs): personal fields of members come
                            * masked as in exports, and nothing reads or writes files or the
                            * audit log (whose row images hold personal fields in clear) */
};
/* Registry key set in restricted states (sandbox.c): ql_push_db makes every handle there
 * QL_DB_RESTRICTED. */
#define QL_RESTRICTED_KEY "qufa.restricted"
/* The handle restricted code gets (the sandbox's `db`, a check function's ctx.db). */
#define QL_DB_SANDBOXED (QL_DB_BORROWED | QL_DB_READONLY | QL_DB_RESTRICTED)

typedef struct ql_iter ql_iter;

typedef struct ql_memo ql_memo;

typedef struct ql_db {
    qf_db *db;      /* NULL once closed */
    unsigned flags; /* QL_DB_* */
    ql_iter *iters; /* open iterators, closed with the handle */
    ql_memo *memo;  /* list results kept for the handle's life, or NULL (see ql_memo_new) */
    /* while a check function runs (l_check.c): the branch the engine holds, which answers
     * members, count_members, member, holder and activity when it can (qf_check_view), else
     * NULL */
    qf_check_view *view;
} ql_db;

/*
 * Answers kept by a read-only handle that lives for one check run (l_check.c): check
 * functions ask the same questions for a branch again and again (two of the shipped packs'
 * functions list the branch's members for the same day), and nothing can change the data
 * while the run lasts. Only db:members uses it so far. Freed with the handle.
 */
ql_memo *ql_memo_new(void);
void ql_memo_free(ql_memo *m);

/* ---- errors (l_util.c) ---------------------------------------------------------------- */
/* Raises qf_error_last() as a Lua error with the caller's position. Never returns. */
int ql_fail(lua_State *L);
/* Errors as objects with a code (lua/l_error.c): raises {code = …, message = "where: text"}.
 * `code` is a qf_error_code or QL_ERESTRICTED (restricted code tried something it may not). */
#define QL_ERESTRICTED (-100)
int ql_error(lua_State *L, int code, const char *fmt, ...);
void ql_push_error(lua_State *L, int code, const char *message);
const char *ql_error_code_name(int code);
bool ql_is_error(lua_State *L, int idx);
/* The text of an error value: a string, or a qufa error's message; NULL for anything else
 * (the value must stay on the stack while the text is used). */
const char *ql_error_text(lua_State *L, int idx);
/* Raises when rc is a failure code; returns rc otherwise. */
int ql_check(lua_State *L, int rc);
/* Raises "fn: message" for an invalid argument table field. Never returns. */
int ql_field_error(lua_State *L, const char *fn, const char *field, const char *what);

/* ---- table arguments (l_util.c) ------------------------------------------------------- */
/* Checks that argument `arg` is a table with no keys outside `known` (NULL-terminated). */
void ql_check_fields(lua_State *L, int arg, const char *fn, const char *const *known);
/* True when field is present (not nil). */
bool ql_has(lua_State *L, int t, const char *field);
/* Typed optional fields; `def` when absent. Strings stay valid while the table holds them. */
const char *ql_opt_text(lua_State *L, int t, const char *fn, const char *field, const char *def);
lua_Integer ql_opt_int(lua_State *L, int t, const char *fn, const char *field, lua_Integer def);
bool ql_opt_bool(lua_State *L, int t, const char *fn, const char *field, bool def);
qf_date ql_opt_date(lua_State *L, int t, const char *fn, const char *field, qf_date def);
qf_datetime ql_opt_datetime(lua_State *L, int t, const char *fn, const char *field,
                            qf_datetime def);
/* attrs: a table encoded as a JSON object; the JSON string is pushed onto the stack (keeping
 * it alive) and returned, or NULL (nothing pushed) when the field is absent. */
const char *ql_opt_attrs(lua_State *L, int t, const char *fn, const char *field);

/* Positional arguments. */
qf_date ql_check_date(lua_State *L, int arg, const char *fn);
qf_date ql_opt_date_arg(lua_State *L, int arg, const char *fn, qf_date def);

/* ---- values ---------------------------------------------------------------------------- */
void ql_push_date(lua_State *L, qf_date d);         /* nil for QF_DATE_NONE */
void ql_push_datetime(lua_State *L, qf_datetime t); /* nil for QF_DATETIME_NONE */
void ql_push_text(lua_State *L, const char *s);     /* nil for NULL */
void ql_push_id(lua_State *L, int64_t id);          /* nil for 0 */

/* Writes n bytes of text for a terminal (l_escape.c): control characters (but tab, and
 * newline when keep_newlines) and invalid UTF-8 become \xNN. */
void ql_write_escaped(FILE *f, const char *text, size_t n, bool keep_newlines);

/* JSON (l_json.c): text of a JSON object -> table (empty table for NULL/empty text). */
void ql_push_json(lua_State *L, const char *json);
/* Table at `idx` -> JSON text pushed as a Lua string; raises "fn: field: why" if impossible. */
void ql_push_table_json(lua_State *L, int idx, const char *fn, const char *field);

/* ---- database handles (l_db.c) -------------------------------------------------------- */
/* The handle at `idx`, raising when it is not one or is closed. */
ql_db *ql_checkdb(lua_State *L, int idx);
/* Raises "fn: the database is read-only here" for a read-only handle. */
void ql_check_writable(lua_State *L, ql_db *h, const char *fn);
/* Raises "fn: restricted code cannot <what>" for a QL_DB_RESTRICTED handle. */
void ql_check_unrestricted(lua_State *L, ql_db *h, const char *fn, const char *what);
/* Pushes a handle for `db` (the host's and the sandbox's way in). */
ql_db *ql_push_db(lua_State *L, qf_db *db, unsigned flags);

/* ---- records (l_record.c) ------------------------------------------------------------- */
/* Creates the methods table of a record type (registry "qufa.methods.<type>") from `methods`. */
void ql_define_record_type(lua_State *L, const char *type, const luaL_Reg *methods);
/* Pushes a new empty record table of `type` bound to the handle at `dbidx`. */
void ql_new_record(lua_State *L, int dbidx, const char *type, int nfields);
/* For methods: argument 1 must be a record of `type`; pushes nothing. Returns its handle
 * (raising when closed) and its id. */
ql_db *ql_check_record(lua_State *L, int arg, const char *type, int64_t *id);
/* Pushes the handle owning the record at `arg` (after ql_check_record). */
void ql_push_record_db(lua_State *L, int arg);
/* Sets t[field] for the record on top of the stack. */
void ql_set_text(lua_State *L, const char *field, const char *s);
/* Copies `s` into buf, cut at a UTF-8 character boundary when it does not fit (never inside a
 * character, so what is cut stays valid text). */
void ql_copy_text(char *buf, size_t size, const char *s);
void ql_set_int(lua_State *L, const char *field, int64_t v);
void ql_set_id(lua_State *L, const char *field, int64_t id);
void ql_set_date(lua_State *L, const char *field, qf_date d);
void ql_set_datetime(lua_State *L, const char *field, qf_datetime t);
void ql_set_attrs(lua_State *L, const char *json);
/* The handle's metatable for records of `type` (pushed). */
void ql_push_record_mt(lua_State *L, int dbidx, const char *type);

/*
 * Building records on hot paths (iterators): the field names of a record type are interned
 * once per Lua state (an array in the registry keyed by the shape's address) and set with
 * rawset, so a row costs no key hashing, no metatable look-up and no __newindex check.
 * Values that are absent (NULL text, 0 id, no date) are left out, as with ql_set_*.
 *
 *     ql_rec r;
 *     ql_shape_begin(L, dbidx, &SHAPE, &r);   -- or ql_shape_begin_at with cached indexes
 *     ql_rec_int(&r, F_ID, a->id); …
 *     ql_shape_end(&r);                       -- the record is left on top
 */
typedef struct ql_shape {
    const char *type;         /* record type, for the metatable */
    const char *const *keys;  /* field names */
    int n;                    /* how many */
} ql_shape;
typedef struct ql_rec {
    lua_State *L;
    int mt, keys; /* absolute stack indexes (or upvalue pseudo-indexes) */
    bool owned;   /* ql_shape_begin pushed them below the record */
} ql_rec;
/* Pushes the shape's key array. */
void ql_shape_keys(lua_State *L, const ql_shape *shape);
/* Pushes the metatable, the keys and a new record table. */
void ql_shape_begin(lua_State *L, int dbidx, const ql_shape *shape, ql_rec *r);
/* A new record table, with the metatable and keys already at `mt` and `keys`. */
void ql_shape_begin_at(lua_State *L, int mt, int keys, const ql_shape *shape, ql_rec *r);
/* Sets the metatable; leaves only the record (above what was there before begin). */
void ql_shape_end(ql_rec *r);
void ql_rec_text(ql_rec *r, int k, const char *s);
void ql_rec_int(ql_rec *r, int k, int64_t v);
void ql_rec_id(ql_rec *r, int k, int64_t id);
void ql_rec_date(ql_rec *r, int k, qf_date d);
void ql_rec_datetime(ql_rec *r, int k, qf_datetime t);
void ql_rec_attrs(ql_rec *r, int k, const char *json);
/* ql_rec_datetime for an iterator: the value and string of the previous row are kept at
 * `memo_value` and `memo_text` (upvalues, nil at first), and the string is reused when the value
 * repeats. Listings in time order repeat start and end times often (an organ's branches hold
 * the same theme day at the same hour); formatting and interning the string again cost a
 * tenth of a row. */
void ql_rec_datetime_memo(ql_rec *r, int k, qf_datetime t, int memo_value, int memo_text);

/* Replaces the contents of the record at `dst` by the record on top (popped). */
void ql_replace_record(lua_State *L, int dst);

/*
 * Reference arguments: a record of `type`, an integer id or a code string. `nil` gives 0
 * unless required. A code is resolved with `lookup` (returns QF_OK and the id, or an error).
 */
typedef int (*ql_lookup_fn)(int64_t *id, qf_db *db, const char *code);
int64_t ql_ref(lua_State *L, int idx, ql_db *h, const char *type, ql_lookup_fn lookup,
               const char *fn, const char *field, bool required);
/* The same for table fields. */
int64_t ql_opt_ref(lua_State *L, int t, ql_db *h, const char *type, ql_lookup_fn lookup,
                   const char *fn, const char *field, bool required);

/* ---- iterators (l_record.c) ----------------------------------------------------------- */
typedef void (*ql_iter_free_fn)(void *it);
/* Pushes the four generic-for values (next closure, nil, nil, closer) for core iterator `it`
 * over the handle at `dbidx`. `next` reads the iterator from upvalue 1 with ql_iter_get. */
int ql_push_iter(lua_State *L, int dbidx, void *it, ql_iter_free_fn free_fn, lua_CFunction next);
/* The same with `nup` extra values on top of the stack (popped) as upvalues 2..nup+1 of
 * `next`, e.g. a record metatable and shape keys resolved once for the whole iteration. */
int ql_push_iter_with(lua_State *L, int dbidx, void *it, ql_iter_free_fn free_fn,
                      lua_CFunction next, int nup);
/* Inside a next function: the core iterator, or NULL when it is finished or closed. */
void *ql_iter_get(lua_State *L);
/* Inside a next function: pushes the handle the iterator belongs to. */
void ql_iter_push_db(lua_State *L);
/* Inside a next function: ends the iteration (frees the core iterator); returns 0 for `return`.
 * With rc < 0 (not QF_ITEROVER) it raises the core error instead. */
int ql_iter_end(lua_State *L, int rc);
/* Closes every iterator of a handle (the handle is closing). */
void ql_iters_close_all(ql_db *h);

/* Code -> id lookups for reference arguments (l_org.c …). */
int ql_org_lookup(int64_t *id, qf_db *db, const char *code);
int ql_member_lookup(int64_t *id, qf_db *db, const char *code);

/* Members (l_member.c), for the files that hand out members (holders, attendance). */
void ql_push_member(lua_State *L, int dbidx, const qf_member *m);
/* The member as of `on` (QF_DATE_NONE = today), or nil when there is none. */
int ql_push_member_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id, qf_date on);
/* The same through the handle `h`: from its check view when that can answer. */
int ql_push_member_of(lua_State *L, int dbidx, ql_db *h, int64_t id, qf_date on);

/* ---- the per-concept files register their functions ----------------------------------- */
/* Each adds its db methods to the table at `dbm` and module functions to the table at `mod`,
 * and defines its record types. */
void ql_open_org(lua_State *L, int dbm, int mod);
void ql_open_vocab(lua_State *L, int dbm, int mod);
void ql_open_audit(lua_State *L, int dbm, int mod);
void ql_open_sync(lua_State *L, int dbm, int mod);
void ql_open_date(lua_State *L, int dbm, int mod);
void ql_open_member(lua_State *L, int dbm, int mod);
void ql_open_position(lua_State *L, int dbm, int mod);
void ql_open_transfer(lua_State *L, int dbm, int mod);
void ql_open_waiver(lua_State *L, int dbm, int mod);
void ql_open_appraisal(lua_State *L, int dbm, int mod);
void ql_open_activity(lua_State *L, int dbm, int mod);
void ql_open_counting(lua_State *L, int dbm, int mod); /* after activity and org */
/* Reads an activity filter {org=, under=, kind=, from=, to=} from the table at `t` (0: none)
 * for function `fn` (l_activity.c). */
void ql_activity_filter(lua_State *L, int t, ql_db *h, const char *fn, qf_activity_filter *f);
/* The counting model's answer as the table activity:counts() returns (l_counting.c). */
void ql_push_counts(lua_State *L, const qf_counts *c);
void ql_open_artifact(lua_State *L, int dbm, int mod);
void ql_open_report(lua_State *L, int dbm, int mod);
void ql_open_template(lua_State *L, int dbm, int mod);
void ql_open_docx(lua_State *L, int dbm, int mod);
void ql_open_calendar(lua_State *L, int dbm, int mod);
void ql_open_flow(lua_State *L, int dbm, int mod);
void ql_open_remind(lua_State *L, int dbm, int mod);

/* The module entry point (l_db.c). */
int luaopen_qufa(lua_State *L);

/* Embedded Lua sources of lua/ (qufa.lua, sandbox_env.lua): text and length, or NULL. */
const char *ql_embedded(const char *name, size_t *len);
/* Loads embedded file `name` as a chunk named `chunkname`, as
 * luaL_loadbufferx does (LUA_OK and the function pushed, or the error); compiled once per
 * process and loaded from its bytecode after that (l_chunk.c). */
int ql_load_embedded(lua_State *L, const char *name, const char *chunkname);
/* Loads `text` as a text chunk named `chunkname`, as luaL_loadbufferx does, from bytecode kept
 * for the process when the same name and bytes were loaded before (l_chunk.c). */
int ql_load_source(lua_State *L, const char *text, size_t len, const char *chunkname);

/* Loads the embedded pure-Lua helpers (lua/qufa.lua) into the module table at `mod`. */
void ql_open_helpers(lua_State *L, int mod);

#endif
