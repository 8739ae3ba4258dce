/* Internal to lua/: the procedure binding's shared parts (l_flow_rt.c, l_flow.c, l_case.c). */
#ifndef QUFA_L_FLOW_H
#define QUFA_L_FLOW_H

#include "ql.h"
#include "sandbox.h"

/*
 * The Lua functions of one procedure revision, re-created in a restricted sandbox from the
 * stored source (opened on first use). Guards see a read-only database; on_complete and
 * on_start a writable / read-only one as documented. `err` keeps the message of a failure.
 */
typedef struct ql_flow_rt {
    qf_db *db;
    char code[80];
    int rev;
    ql_sandbox *sb; /* NULL until a function is needed */
    int fns;        /* registry ref (in the sandbox state) of {ref = function} */
} ql_flow_rt;

void ql_flow_rt_init(ql_flow_rt *rt, qf_db *db, const char *code, int rev);
void ql_flow_rt_free(ql_flow_rt *rt);
/* The qf_flow_hook_fn for qf_case_advance (payload: the ql_flow_rt). */
int ql_flow_hook(void *payload, qf_flow_hook *h);
/* Runs the procedure's on_start, if it has one: `fields_json` in, the fields to record out
 * (malloc'd JSON text, or NULL when there is no on_start). */
int ql_flow_on_start(char **out, ql_flow_rt *rt, const char *fields_json, const char *params_json,
                     int64_t member_id, int64_t org_id, qf_date date);

/* Loads the procedures a Lua source declares (all or nothing) and pushes onto L a list of
 * {code, rev, title, outcome}. Raises on L with the error. */
int ql_flow_load_source(lua_State *L, qf_db *db, const char *text, size_t len, const char *name);

/* How deeply procedure functions are running inside each other: an on_complete may start or
 * advance another case, whose functions run in a sandbox of their own; past QL_FLOW_MAX_DEPTH
 * that is refused, so a procedure cannot recurse until the C stack runs out. */
#define QL_FLOW_MAX_DEPTH 8
/* Raises when another level would exceed the limit. */
void ql_flow_check_depth(lua_State *L, const char *fn);

/* Registers qufa.procedure (flow_dsl.lua) in a state; l_flow.c calls it from ql_open_flow. */
void ql_flow_open_dsl(lua_State *L, int mod);

/* Case records (l_case.c). */
void ql_push_case(lua_State *L, int dbidx, const qf_case *c);
/* The case, or nil when it does not exist. */
int ql_push_case_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id);
void ql_open_case(lua_State *L, int dbm, int mod);

/* Field values from Lua to JSON, by the definition's field declarations (`specs`: the index
 * of a table {name = {type = …}}, or 0): member and org references (records, ids, codes)
 * become ids, "a,b" lists of members are split, and strings from a command line become
 * numbers or booleans where the field wants one. Pushes the JSON text. Fields the
 * declarations do not name pass through, for core to refuse by name. */
void ql_flow_push_fields(lua_State *L, int idx, ql_db *h, int specs, const char *fn);
/* Pushes the stored definition of a procedure revision as a table (nil when there is none). */
int ql_flow_push_definition(lua_State *L, qf_db *db, const char *code, int rev);

#endif
