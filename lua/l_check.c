/*
 * The compliance check from Lua: db:check{…} returns a result object; `check` requirements are
 * judged by their Lua functions, re-created from the stored pack source in a restricted sandbox
 * with a read-only database (one sandbox per distinct source, kept for the run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"
#include "sandbox.h"
#include "standards.h"

#define RESULT_MT "qufa.check_result"

/* ---- check functions -------------------------------------------------------------------- */

typedef struct loaded_pack {
    char sha[65];
    ql_sandbox *sb;
    int pack_ref; /* the collected pack in the sandbox's registry */
    char error[600];
    unsigned long used; /* the judge's clock when last used */
} loaded_pack;

/* The packs whose check functions a run calls, each in a sandbox of its own. At most
 * MAX_LIVE are alive at once: a deployment where every branch has a pack of its own would
 * otherwise hold thousands of Lua states; the least recently used one is closed to make room
 * and made again if it is needed again (branches are judged one after the other, so that is
 * rare). */
#define MAX_LIVE 32
typedef struct judge {
    qf_db *db;
    loaded_pack packs[MAX_LIVE];
    int n;
    unsigned long clock;
} judge;

/*
 * The check functions running on this thread, outermost first. A check function may run a
 * check of its own (ctx.db:check{…}); one that asks for a check that would run a function in
 * progress again — the same standard (or every standard), the same branch (or every branch)
 * and a period that overlaps — would start itself again inside itself for ever: that is
 * refused as a cycle, and the function's finding is an error. Other nesting is capped by the
 * sandbox (QL_NEST_MAX), which is what bounds this stack.
 */
typedef struct running_fn {
    qf_db *db;
    int64_t org_id;
    qf_date start, end;
    const char *standard;
    const char *period;
} running_fn;
#define RUNNING_MAX 16
static _Thread_local running_fn running[RUNNING_MAX];
static _Thread_local int n_running;

static void judge_free(judge *j)
{
    for (int i = 0; i < j->n; i++)
        ql_sandbox_free(j->packs[i].sb);
    j->n = 0;
}

static loaded_pack *pack_for(judge *j, const char *sha)
{
    j->clock++;
    for (int i = 0; i < j->n; i++)
        if (strcmp(j->packs[i].sha, sha) == 0) {
            j->packs[i].used = j->clock;
            return &j->packs[i];
        }
    loaded_pack *p;
    if (j->n < MAX_LIVE) {
        p = &j->packs[j->n++];
    } else {
        p = &j->packs[0];
        for (int i = 1; i < j->n; i++)
            if (j->packs[i].used < p->used)
                p = &j->packs[i];
        ql_sandbox_free(p->sb);
    }
    memset(p, 0, sizeof *p);
    p->used = j->clock;
    snprintf(p->sha, sizeof p->sha, "%s", sha);
    p->pack_ref = LUA_NOREF;
    char *text = NULL, *name = NULL;
    if (qf_catalog_source(&text, &name, j->db, sha) != QF_OK) {
        snprintf(p->error, sizeof p->error, "%s", qf_error_last());
        return p;
    }
    p->sb = ql_sandbox_new(QL_RESTRICTED, j->db, NULL);
    if (!p->sb) {
        snprintf(p->error, sizeof p->error, "%s", _("out of memory"));
    } else if (ql_pack_collect(p->sb, text, strlen(text), name, p->error, sizeof p->error) ==
               QF_OK) {
        p->pack_ref = luaL_ref(ql_sandbox_state(p->sb), LUA_REGISTRYINDEX);
        p->error[0] = '\0';
    }
    free(text);
    free(name);
    return p;
}

/* Pushes db:<method>(id[, {on = day}]) of the run's read-only handle (at `cache`). */
static void push_record(lua_State *L, int cache, const char *method, int64_t id, qf_date on)
{
    lua_getfield(L, cache, "db");
    lua_getfield(L, -1, method);
    lua_insert(L, -2);
    lua_pushinteger(L, id);
    int nargs = 2;
    if (on != QF_DATE_NONE) {
        lua_createtable(L, 0, 1);
        ql_push_date(L, on);
        lua_setfield(L, -2, "on");
        nargs++;
    }
    lua_call(L, nargs, 1);
}

/*
 * Pushes day `d` as its text from the run cache's "days" at `days` (day number -> text; nil
 * for no day): every call hands out today and its period's two days, which repeat from call to
 * call, and formatting and interning them again was a sixth of building the arguments. The
 * table is started afresh once it holds DAYS_KEPT days, so a long run does not grow it.
 */
#define DAYS_KEPT 512
static void push_day(lua_State *L, int cache, int days, qf_date d)
{
    if (d == QF_DATE_NONE) {
        lua_pushnil(L);
        return;
    }
    if (lua_rawgeti(L, days, d) == LUA_TSTRING)
        return;
    lua_pop(L, 1);
    lua_getfield(L, cache, "n_days");
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (n >= DAYS_KEPT) { /* the old table stays where it is on the stack, unused */
        lua_createtable(L, 0, DAYS_KEPT);
        lua_replace(L, days);
        lua_pushvalue(L, days);
        lua_setfield(L, cache, "days");
        n = 0;
    }
    lua_pushinteger(L, n + 1);
    lua_setfield(L, cache, "n_days");
    char buf[11];
    qf_date_format(d, buf);
    lua_pushlstring(L, buf, 10);
    lua_pushvalue(L, -1);
    lua_rawseti(L, days, d);
}

static void push_period(lua_State *L, int cache, int days, const qf_custom_call *c)
{
    lua_createtable(L, 0, 3);
    ql_set_text(L, "code", c->period);
    push_day(L, cache, days, c->period_start);
    lua_setfield(L, -2, "start");
    push_day(L, cache, days, c->period_end);
    lua_setfield(L, -2, "finish");
}

/*
 * What every call of one check run shares, kept in the sandbox's registry: one read-only db
 * handle (its records' metatables are made once, not per call), the org records by id, each
 * requirement's decoded parameters (by their JSON text, which tailoring may make differ
 * between branches) and each requirement's function. Building these per call cost as much as
 * the check functions themselves.
 */
#define RUN_CACHE "qufa.check_run"

static void push_run_cache(lua_State *L, qf_db *db)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, RUN_CACHE) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    ql_db *h = ql_push_db(L, db, QL_DB_SANDBOXED);
    h->memo = ql_memo_new(); /* NULL when out of memory: the lists are then not kept */
    lua_setfield(L, -2, "db");
    lua_newtable(L);
    lua_setfield(L, -2, "orgs");
    lua_newtable(L);
    lua_setfield(L, -2, "params");
    lua_newtable(L);
    lua_setfield(L, -2, "fns");
    lua_newtable(L);
    lua_setfield(L, -2, "days");
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, RUN_CACHE);
}

/*
 * Pushes the org record for `id` from the cache (or loads it once). The cache holds at most
 * ORGS_KEPT records and is started afresh when full: a branch's calls come together (its own
 * record and its groups'), and keeping every org of the run made a whole-deployment check's
 * memory grow with the deployment (issue 17: about 1 KiB of Lua heap a branch, seen with
 * valgrind's massif).
 */
#define ORGS_KEPT 64
static void push_cached_org(lua_State *L, int cache, qf_db *db, int64_t id)
{
    (void)db;
    lua_getfield(L, cache, "orgs");
    if (lua_rawgeti(L, -1, id) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_getfield(L, cache, "n_orgs");
        lua_Integer n = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (n >= ORGS_KEPT) {
            lua_pop(L, 1);
            lua_createtable(L, 0, ORGS_KEPT);
            lua_pushvalue(L, -1);
            lua_setfield(L, cache, "orgs");
            n = 0;
        }
        lua_pushinteger(L, n + 1);
        lua_setfield(L, cache, "n_orgs");
        push_record(L, cache, "org", id, QF_DATE_NONE);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, id);
    }
    lua_remove(L, -2);
}

/* Pushes the decoded parameters of this requirement (`key`: STANDARD/CLAUSE#N), decoding only
 * when they changed. */
static void push_cached_params(lua_State *L, int cache, const qf_custom_call *c, const char *key)
{
    lua_getfield(L, cache, "params");
    lua_pushstring(L, key);
    if (lua_rawget(L, -2) == LUA_TTABLE) {
        lua_getfield(L, -1, "json");
        bool same = lua_tostring(L, -1) && strcmp(lua_tostring(L, -1), c->params_json) == 0;
        lua_pop(L, 1);
        if (same) {
            lua_getfield(L, -1, "value");
            lua_remove(L, -2);
            lua_remove(L, -2);
            return;
        }
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);
    lua_pushstring(L, c->params_json);
    lua_setfield(L, -2, "json");
    ql_push_json(L, c->params_json);
    lua_getfield(L, -1, "args");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_setfield(L, -2, "args");
    } else {
        lua_pop(L, 1);
    }
    lua_setfield(L, -2, "value");
    lua_pushstring(L, key);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    lua_getfield(L, -1, "value");
    lua_remove(L, -2);
    lua_remove(L, -2);
}

/* Builds the function's arguments (subject, ctx) inside a protected call. */
static int push_args(lua_State *L)
{
    const qf_custom_call *c = lua_touserdata(L, 1);
    qf_db *db = lua_touserdata(L, 2);
    ql_db **handle = lua_touserdata(L, 3);
    const char *key = lua_touserdata(L, 4);
    lua_settop(L, 0);
    push_run_cache(L, db);
    int cache = lua_gettop(L);
    lua_getfield(L, cache, "days");
    int days = lua_gettop(L);
    /* the run's handle answers member questions from the branch being judged (until the
     * function returns: judge_call takes the view away again) */
    lua_getfield(L, cache, "db");
    ql_db *h = lua_touserdata(L, -1);
    lua_pop(L, 1);
    *handle = h;
    h->view = c->view;
    qf_date judged = c->period_end < qf_db_today(db) ? c->period_end : qf_db_today(db);
    if (strcmp(c->subject_type, "activity") == 0)
        push_record(L, cache, "activity", c->subject_id, QF_DATE_NONE);
    else if (strcmp(c->subject_type, "member") == 0)
        push_record(L, cache, "member", c->subject_id, judged);
    else if (strcmp(c->subject_type, "org") == 0)
        push_cached_org(L, cache, db, c->subject_id);
    else
        push_period(L, cache, days, c);
    lua_createtable(L, 0, 8);
    push_cached_params(L, cache, c, key);
    lua_getfield(L, -1, "args");
    lua_setfield(L, -3, "args");
    lua_setfield(L, -2, "params");
    push_period(L, cache, days, c);
    lua_setfield(L, -2, "period");
    push_cached_org(L, cache, db, c->org_id);
    lua_setfield(L, -2, "org");
    push_day(L, cache, days, qf_db_today(db));
    lua_setfield(L, -2, "today");
    lua_getfield(L, cache, "db");
    lua_setfield(L, -2, "db");
    ql_set_text(L, "standard", c->standard);
    ql_set_text(L, "clause", c->clause);
    lua_remove(L, days);
    lua_remove(L, cache);
    return 2;
}

/* STANDARD/CLAUSE#N, cut to `size` as snprintf would: what the run cache knows a
 * requirement's function and parameters by (snprintf was a tenth of push_args' own time; the
 * binding uses the public API only, so not core's qf__put_decimal) */
static void requirement_key(char *out, size_t size, const qf_custom_call *c)
{
    char num[24];
    int n = c->requirement, i = (int)sizeof num;
    unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
    num[--i] = '\0';
    do
        num[--i] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (n < 0)
        num[--i] = '-';
    const char *parts[] = {c->standard, "/", c->clause, "#", num + i};
    size_t at = 0;
    for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
        for (const char *q = parts[p] ? parts[p] : ""; *q && at + 1 < size; q++)
            out[at++] = *q;
    out[at] = '\0';
}

static void first_line(char *out, size_t size, const char *msg)
{
    const char *nl = msg ? strchr(msg, '\n') : NULL;
    size_t n = nl ? (size_t)(nl - msg) : (msg ? strlen(msg) : 0);
    if (n >= size)
        n = size - 1;
    memcpy(out, msg ? msg : "", n);
    out[n] = '\0';
}

/* Pushes the requirement's function as _find_fn finds it in the pack (nil if it is gone), and
 * keeps a function in the run cache under `key` once the cache exists. The walk reads tables
 * the pack made (their metamethods are the pack's code): it runs under the limits, and an
 * error leaves its message instead (returns false). */
static bool find_fn(lua_State *L, loaded_pack *p, const qf_custom_call *c, const char *key)
{
    int base = lua_gettop(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "qufa");
    lua_getfield(L, -1, "_find_fn");
    lua_replace(L, base + 1);
    lua_settop(L, base + 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->pack_ref);
    lua_pushstring(L, c->standard);
    lua_pushstring(L, c->clause);
    lua_pushinteger(L, c->requirement);
    if (ql_sandbox_call(p->sb, 4, 1) != LUA_OK)
        return false;
    if (lua_isfunction(L, -1)) {
        if (lua_getfield(L, LUA_REGISTRYINDEX, RUN_CACHE) == LUA_TTABLE &&
            lua_getfield(L, -1, "fns") == LUA_TTABLE) {
            lua_pushvalue(L, base + 1);
            lua_setfield(L, -2, key);
        }
        lua_settop(L, base + 1);
    }
    return true;
}

/*
 * The function returns: true | false | a status ("pass", "fail", "warn", "open", "n/a"),
 * then optionally a message and a table {cause = "…"} (what the lapse is). nil counts as pass.
 */
static int judge_call(void *payload, const qf_custom_call *c, qf_custom_verdict *out)
{
    judge *j = payload;
    if (!c->source_sha)
        return qf_error_set(QF_EINVALID,
                            _("standard %s was loaded without its Lua source: reload its pack"),
                            c->standard);
    loaded_pack *p = pack_for(j, c->source_sha);
    if (p->error[0])
        return qf_error_set(QF_ERROR, "%s", p->error);
    lua_State *L = ql_sandbox_state(p->sb);
    int top = lua_gettop(L);
    /* the function, found in the pack once per run and requirement */
    char key[160];
    requirement_key(key, sizeof key, c);
    if (lua_getfield(L, LUA_REGISTRYINDEX, RUN_CACHE) == LUA_TTABLE &&
        lua_getfield(L, -1, "fns") == LUA_TTABLE && lua_getfield(L, -1, key) == LUA_TFUNCTION) {
        lua_replace(L, top + 1);
        lua_settop(L, top + 1);
    } else {
        lua_settop(L, top);
        if (!find_fn(L, p, c, key)) {
            char msg[400];
            first_line(msg, sizeof msg, lua_tostring(L, -1));
            lua_settop(L, top);
            return qf_error_set(QF_ERROR, "%s", msg);
        }
    }
    if (!lua_isfunction(L, -1)) {
        lua_settop(L, top);
        return qf_error_set(QF_ERROR,
                            _("the check function of %s/%s#%d is no longer in its pack source"),
                            c->standard, c->clause, c->requirement);
    }
    /* the function is alone above `top` */
    /* its arguments, built in a protected call (reading records may fail) */
    ql_db *h = NULL;
    lua_pushcfunction(L, push_args);
    lua_pushlightuserdata(L, (void *)c);
    lua_pushlightuserdata(L, j->db);
    lua_pushlightuserdata(L, &h);
    lua_pushlightuserdata(L, key);
    if (lua_pcall(L, 4, 2, 0) != LUA_OK) {
        char msg[400];
        first_line(msg, sizeof msg, ql_error_text(L, -1));
        if (h)
            h->view = NULL;
        lua_settop(L, top);
        return qf_error_set(QF_ERROR, "%s", msg);
    }
    if (n_running == RUNNING_MAX) {
        h->view = NULL;
        lua_settop(L, top);
        return qf_error_set(QF_ERROR, _("check functions nested more than %d deep"), RUNNING_MAX);
    }
    running[n_running++] = (running_fn){j->db, c->org_id, c->period_start, c->period_end,
                                        c->standard, c->period};
    int st = ql_sandbox_call(p->sb, 2, 3);
    n_running--;
    h->view = NULL;
    if (st != LUA_OK) {
        first_line(out->message, sizeof out->message, lua_tostring(L, -1));
        lua_settop(L, top);
        return qf_error_set(QF_ERROR, "%s", out->message);
    }
    /* status, message, {cause = "…"} */
    int rc = QF_OK;
    int t = lua_type(L, -3);
    if (t == LUA_TNIL || (t == LUA_TBOOLEAN && lua_toboolean(L, -3)))
        out->status = QF_FINDING_PASS;
    else if (t == LUA_TBOOLEAN)
        out->status = QF_FINDING_FAIL;
    else if (t == LUA_TSTRING) {
        if (qf_finding_status_parse(&out->status, lua_tostring(L, -3)) != QF_OK ||
            out->status == QF_FINDING_ERROR || out->status == QF_FINDING_WAIVED)
            rc = qf_error_set(QF_EINVALID,
                              _("%s/%s: the check function returned '%s' (use true, false, "
                                "\"pass\", \"fail\", \"warn\", \"open\" or \"n/a\")"),
                              c->standard, c->clause, lua_tostring(L, -3));
    } else {
        rc = qf_error_set(QF_EINVALID,
                          _("%s/%s: the check function returned a %s (use true or false, then a "
                            "message)"),
                          c->standard, c->clause, luaL_typename(L, -3));
    }
    const char *msg = lua_type(L, -2) == LUA_TSTRING || lua_type(L, -2) == LUA_TNUMBER
                          ? lua_tostring(L, -2)
                          : NULL;
    ql_copy_text(out->message, sizeof out->message,
                 msg ? msg : out->status == QF_FINDING_PASS ? _("met") : _("not met"));
    if (lua_type(L, -1) == LUA_TTABLE && lua_getfield(L, -1, "cause") == LUA_TSTRING)
        ql_copy_text(out->cause, sizeof out->cause, lua_tostring(L, -1));
    lua_settop(L, top);
    return rc;
}

int ql_check_judge(qf_custom_fn *fn, void **payload, qf_db *db)
{
    judge *j = calloc(1, sizeof *j);
    if (!j)
        return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
    j->db = db;
    *fn = judge_call;
    *payload = j;
    return QF_OK;
}

void ql_check_judge_free(void *payload)
{
    if (!payload)
        return;
    judge_free(payload);
    free(payload);
}

/* ---- the result object ------------------------------------------------------------------ */

typedef struct result_ud {
    qf_check_result *r;
    ql_account *charged; /* restricted code's memory account the result counts against */
    size_t bytes;
} result_ud;

static qf_check_result *check_result(lua_State *L, int idx)
{
    result_ud *u = luaL_checkudata(L, idx, RESULT_MT);
    if (!u->r)
        ql_error(L, QF_EINVALID, "%s", _("the check result was freed"));
    return u->r;
}

/* What a result holds in C memory, roughly: restricted code's results count against its memory
 * cap, since a loop of db:check calls would otherwise pile them up where no limit sees them.
 * The result keeps the database it was judged from (its user value), for finding:explain(). */
#define RESULT_BYTES(r) (4096 + 512 * qf_check_count(r))

static void push_result(lua_State *L, qf_check_result *r, int dbidx)
{
    dbidx = lua_absindex(L, dbidx);
    result_ud *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->r = NULL;
    u->charged = NULL;
    u->bytes = 0;
    luaL_setmetatable(L, RESULT_MT);
    lua_pushvalue(L, dbidx);
    lua_setiuservalue(L, -2, 1);
    u->r = r; /* owned from here: a failed charge below frees it through __gc */
    u->bytes = RESULT_BYTES(r);
    u->charged = ql_sandbox_charge(L, u->bytes);
}

/* db:explain(key) -> the explanation (docs/check-output.md#why-a-finding) as a table, with
 * `json` its JSON text and `text` the same for people */
static int db_explain(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *key = luaL_checkstring(L, 2);
    judge j = {.db = h->db};
    qf_check_options o;
    qf_check_options_init(&o, h->db);
    o.custom = judge_call;
    o.payload = &j;
    qf_explain *x = NULL;
    int rc = qf_check_explain(&x, h->db, key, &o);
    judge_free(&j);
    if (rc != QF_OK)
        return ql_fail(L);
    char *json = NULL, *text = NULL;
    size_t len = 0;
    rc = qf_explain_json(&json, x);
    FILE *f = rc ? NULL : open_memstream(&text, &len);
    if (f) {
        rc = qf_explain_write_text(x, f);
        fclose(f);
    }
    qf_explain_free(x);
    if (rc != QF_OK || !f) {
        qf_free(json);
        free(text);
        return rc ? ql_fail(L) : ql_error(L, QF_ENOMEM, "%s", _("out of memory"));
    }
    ql_push_json(L, json);
    lua_pushstring(L, json);
    lua_setfield(L, -2, "json");
    qf_free(json);
    lua_pushlstring(L, text, len);
    free(text);
    lua_setfield(L, -2, "text");
    return 1;
}

/* f:explain() == db:explain(f.key), the db being the result's */
static int finding_explain(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushcfunction(L, db_explain);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_getfield(L, 1, "key");
    lua_call(L, 2, 1);
    return 1;
}

/* for f in result:findings{status = "fail"} do … end (a filter is optional) */
static int findings_next(lua_State *L)
{
    qf_check_result *r = check_result(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    const char *want = lua_tostring(L, lua_upvalueindex(3));
    qf_finding_status ws = QF_FINDING_PASS;
    if (want)
        qf_finding_status_parse(&ws, want);
    while ((size_t)i < qf_check_count(r)) {
        const qf_finding *f = qf_check_finding(r, (size_t)i++);
        if (want && f->status != ws)
            continue;
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(2));
        ql_push_finding(L, f);
        /* f:explain(): why it was given, from the database the result was judged from */
        lua_getiuservalue(L, lua_upvalueindex(1), 1);
        if (!lua_isnil(L, -1)) {
            lua_pushcclosure(L, finding_explain, 1);
            lua_setfield(L, -2, "explain");
        } else {
            lua_pop(L, 1);
        }
        return 1;
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(2));
    return 0;
}

static int result_findings(lua_State *L)
{
    check_result(L, 1);
    const char *status = NULL;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"status", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "findings", known);
        status = ql_opt_text(L, 2, "findings", "status", NULL);
        qf_finding_status s;
        if (status && qf_finding_status_parse(&s, status) != QF_OK)
            return ql_fail(L);
    }
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    if (status)
        lua_pushstring(L, status);
    else
        lua_pushnil(L);
    lua_pushcclosure(L, findings_next, 3);
    return 1;
}

static int result_summary(lua_State *L)
{
    qf_check_summary s;
    qf_check_summarize(check_result(L, 1), &s);
    lua_createtable(L, 0, 8);
    ql_set_int(L, "pass", s.pass);
    ql_set_int(L, "fail", s.fail);
    ql_set_int(L, "warn", s.warn);
    ql_set_int(L, "open", s.open);
    ql_set_int(L, "na", s.na);
    ql_set_int(L, "error", s.error);
    ql_set_int(L, "clauses", s.clauses);
    ql_set_int(L, "causes", s.causes);
    ql_set_int(L, "waived", s.waived);
    if (s.scored) { /* nil when nothing was judged */
        lua_pushnumber(L, s.score);
        lua_setfield(L, -2, "score");
    }
    return 1;
}

/* result:rejudged() -> branches judged anew, branches of the run */
static int result_rejudged(lua_State *L)
{
    size_t branches;
    size_t n = qf_check_rejudged(check_result(L, 1), &branches);
    lua_pushinteger(L, (lua_Integer)n);
    lua_pushinteger(L, (lua_Integer)branches);
    return 2;
}

static int result_json(lua_State *L)
{
    char *json = NULL;
    ql_check(L, qf_check_json(&json, check_result(L, 1)));
    lua_pushstring(L, json);
    qf_free(json);
    return 1;
}

/* Renders through a memory stream so text and CSV come back as Lua strings. */
static int render(lua_State *L, int (*fn)(const qf_check_result *, FILE *, const void *),
                  const qf_check_result *r, const void *opts)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ql_error(L, QF_EINVALID, "%s", _("out of memory"));
    int rc = fn(r, f, opts);
    fclose(f);
    if (rc != QF_OK) {
        free(buf);
        return ql_fail(L);
    }
    lua_pushlstring(L, buf, len);
    free(buf);
    return 1;
}

static int write_text(const qf_check_result *r, FILE *f, const void *o)
{
    return qf_check_write_text(r, f, o);
}

static int write_csv(const qf_check_result *r, FILE *f, const void *o)
{
    (void)o;
    return qf_check_write_csv(r, f);
}

/* result:text{color = false, all = false} */
static int result_text(lua_State *L)
{
    qf_check_result *r = check_result(L, 1);
    qf_text_options o = QF_TEXT_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"color", "all", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "text", known);
        o.color = ql_opt_bool(L, 2, "text", "color", false);
        o.show_pass = ql_opt_bool(L, 2, "text", "all", false);
    }
    return render(L, write_text, r, &o);
}

static int result_csv(lua_State *L)
{
    return render(L, write_csv, check_result(L, 1), NULL);
}

/* result:save(note) -> assessment id */
static int result_save(lua_State *L)
{
    qf_check_result *r = check_result(L, 1);
    ql_db *h = ql_checkdb(L, 2);
    ql_check_writable(L, h, "save");
    int64_t id = 0;
    ql_check(L, qf_assessment_save(&id, h->db, r, luaL_optstring(L, 3, NULL)));
    lua_pushinteger(L, id);
    return 1;
}

static int result_index(lua_State *L)
{
    qf_check_result *r = check_result(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "period") == 0)
        lua_pushstring(L, qf_check_period(r));
    else if (strcmp(k, "fingerprint") == 0)
        lua_pushstring(L, qf_check_fingerprint(r));
    else if (strcmp(k, "today") == 0)
        ql_push_date(L, qf_check_today(r));
    else {
        luaL_getmetatable(L, RESULT_MT);
        lua_getfield(L, -1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

static int result_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)qf_check_count(check_result(L, 1)));
    return 1;
}

static int result_gc(lua_State *L)
{
    result_ud *u = luaL_checkudata(L, 1, RESULT_MT);
    qf_check_result_free(u->r);
    u->r = NULL;
    ql_sandbox_uncharge(u->charged, u->bytes);
    u->charged = NULL;
    return 0;
}

/* ---- db methods --------------------------------------------------------------------------- */

static void check_not_running(lua_State *L, qf_db *db, const qf_check_options *o)
{
    for (int i = 0; i < n_running; i++) {
        const running_fn *r = &running[i];
        if (r->db == db && (!o->standard || strcmp(o->standard, r->standard) == 0) &&
            (!o->org_id || o->org_id == r->org_id) && o->period.start <= r->end &&
            r->start <= o->period.end)
            luaL_error(L,
                       _("check: the check function of %s for %s is running already: asking for "
                         "a check that runs it again is refused as a cycle"),
                       r->standard, r->period);
    }
}

/* The options of db:check and db:check_each at `idx` ({org = …, period = "2017", standard =
 * "BYT"}, or nil), with the run's check functions left to the caller; a check that would run a
 * check function already running (a cycle) is refused. */
void ql_check_options(lua_State *L, int idx, ql_db *h, const char *fn, qf_check_options *o)
{
    qf_check_options_init(o, h->db);
    if (!lua_isnoneornil(L, idx)) {
        static const char *const known[] = {"org", "period", "standard", "since", NULL};
        luaL_checktype(L, idx, LUA_TTABLE);
        ql_check_fields(L, idx, fn, known);
        o->org_id = ql_opt_ref(L, idx, h, "org", ql_org_lookup, fn, "org", false);
        const char *period = ql_opt_text(L, idx, fn, "period", NULL);
        if (period && qf_period_parse(&o->period, period) != QF_OK)
            ql_field_error(L, fn, "period", qf_error_last());
        o->standard = ql_opt_text(L, idx, fn, "standard", NULL);
        /* an incremental check: the id of a saved assessment (docs/check-output.md) */
        o->since = ql_opt_int(L, idx, fn, "since", 0);
        if (o->since < 0)
            ql_field_error(L, fn, "since", _("is the id of a saved assessment"));
    }
    check_not_running(L, h->db, o);
}

/* db:check{org = …, period = "2017", standard = "BYT"} -> result */
static int db_check(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_check_options o;
    ql_check_options(L, 2, h, "check", &o);
    judge j = {.db = h->db};
    o.custom = judge_call;
    o.payload = &j;
    qf_check_result *r = NULL;
    int rc = qf_check_run(&r, h->db, &o);
    judge_free(&j);
    if (rc != QF_OK)
        return ql_fail(L);
    push_result(L, r, 1);
    return 1;
}

static int assessments_next(lua_State *L)
{
    qf_assessment_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_assessment_info *a;
    int rc = qf_assessment_next(&a, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 10);
    ql_set_int(L, "id", a->id);
    ql_set_text(L, "created_at", a->created_at);
    ql_set_date(L, "today", a->today);
    ql_set_text(L, "org", a->org);
    ql_set_text(L, "period", a->period);
    ql_set_text(L, "fingerprint", a->fingerprint);
    ql_set_int(L, "pass", a->pass);
    ql_set_int(L, "fail", a->fail);
    ql_set_int(L, "warn", a->warn);
    ql_set_int(L, "open", a->open);
    ql_set_text(L, "note", a->note);
    return 1;
}

static int db_assessments(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_assessment_iter *it;
    ql_check(L, qf_assessment_list(&it, h->db));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_assessment_iter_free, assessments_next);
}

/* db:assessment(id) -> result or nil */
static int db_assessment(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_check_result *r = NULL;
    int rc = qf_assessment_load(&r, h->db, luaL_checkinteger(L, 2));
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_result(L, r, 1);
    return 1;
}

static int diff_one(void *payload, qf_change change, const qf_finding *a, const qf_finding *b)
{
    lua_State *L = payload;
    static const char *const names[] = {"new", "gone", "status"};
    lua_createtable(L, 0, 3);
    ql_set_text(L, "change", names[change]);
    if (a) {
        ql_push_finding(L, a);
        lua_setfield(L, -2, "a");
    }
    if (b) {
        ql_push_finding(L, b);
        lua_setfield(L, -2, "b");
    }
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* qufa.diff(a, b) -> list of {change = "new"|"gone"|"status", a = finding, b = finding} */
static int l_diff(lua_State *L)
{
    qf_check_result *a = check_result(L, 1), *b = check_result(L, 2);
    lua_newtable(L);
    ql_check(L, qf_check_diff(a, b, diff_one, L));
    return 1;
}

static const luaL_Reg RESULT_METHODS[] = {
    {"findings", result_findings}, {"summary", result_summary}, {"json", result_json},
    {"text", result_text},         {"csv", result_csv},         {"save", result_save},
    {"rejudged", result_rejudged}, {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"check", db_check},
    {"assessments", db_assessments},
    {"assessment", db_assessment},
    {"explain", db_explain},
    {NULL, NULL},
};

void ql_open_check(lua_State *L, int dbm, int mod)
{
    luaL_newmetatable(L, RESULT_MT);
    lua_pushcfunction(L, result_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, result_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, result_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, result_gc);
    lua_setfield(L, -2, "__close");
    luaL_newlib(L, RESULT_METHODS);
    lua_setfield(L, -2, "methods");
    lua_pushliteral(L, RESULT_MT);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, l_diff);
    lua_setfield(L, mod, "diff");
}
