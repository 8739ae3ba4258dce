/* Internal to lua/: loading standards packs and judging with their check functions. */
#ifndef QUFA_QL_STANDARDS_H
#define QUFA_QL_STANDARDS_H

#include "ql.h"
#include "sandbox.h"

/* Runs a pack's source in `sb` with the DSL collecting; on success the collected pack table is
 * left on the sandbox's stack. On error returns QF_EINVALID with "file:line: message" in err. */
int ql_pack_collect(ql_sandbox *sb, const char *text, size_t len, const char *name, char *err,
                    size_t err_size);
/* Loads a pack into the catalog (restricted sandbox, JSON, qf_catalog_load). */
int ql_pack_load_text(qf_load_report **out, qf_db *db, const char *text, size_t len,
                      const char *name);
int ql_pack_load_file(qf_load_report **out, qf_db *db, const char *path);

/* A judge for the check's `check` requirements (their Lua functions, re-created from the
 * stored pack sources), for runs other than db:check (reminders). */
int ql_check_judge(qf_custom_fn *fn, void **payload, qf_db *db);
void ql_check_judge_free(void *payload);

void ql_open_standard(lua_State *L, int dbm, int mod);
void ql_open_check(lua_State *L, int dbm, int mod);
/* The check from Lua (l_check.c): a finding as a table, and db:check's options at `idx`. */
void ql_push_finding(lua_State *L, const qf_finding *f);
/* The same for an iterator that hands out many (db:check_each): ql_push_finding_upvalues
 * pushes what building a finding needs (the field names, the kept texts) and returns how many
 * values, to be made the iterator's upvalues from number `up` on; ql_push_finding_up then
 * finds them there instead of in the registry. */
int ql_push_finding_upvalues(lua_State *L);
void ql_push_finding_up(lua_State *L, const qf_finding *f, int up);
void ql_check_options(lua_State *L, int idx, ql_db *h, const char *fn, qf_check_options *o);
/* db:check_each and db:check_write: the check branch by branch (l_check_stream.c). */
void ql_open_check_stream(lua_State *L, int dbm);
void ql_open_csv(lua_State *L, int dbm, int mod);

#endif
