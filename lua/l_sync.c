/* Sync between a branch and its organ (docs/sync.md): db:sync_push, db:sync_branches,
 * db:sync_acked, db:sync_replica. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

/* The test hook of docs/sync.md: QUFA_SYNC_KILL_AFTER=N kills the process (SIGKILL, as a
 * power cut would) once the push has written N entries into the organ's open transaction. */
static int kill_hook(void *ud, int64_t written)
{
    int64_t n = *(int64_t *)ud;
    if (n > 0 && written >= n)
        raise(SIGKILL);
    return 0;
}

static const char *const PUSH_FIELDS[] = {"as", "batch", "max_seals", NULL};

/* branch:sync_push(organ [, {as=, batch=, max_seals=}]) -> {seals, entries, skipped, acked_seq,
 * batches} */
static int db_sync_push(lua_State *L)
{
    ql_db *branch = ql_checkdb(L, 1);
    ql_db *organ = ql_checkdb(L, 2);
    ql_check_unrestricted(L, branch, "sync_push", _("push records to another database"));
    ql_check_writable(L, organ, "sync_push");
    qf_sync_options o = QF_SYNC_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 3)) {
        ql_check_fields(L, 3, "sync_push", PUSH_FIELDS);
        o.branch = ql_opt_text(L, 3, "sync_push", "as", NULL);
        o.batch_seals = ql_opt_int(L, 3, "sync_push", "batch", 0);
        o.max_seals = ql_opt_int(L, 3, "sync_push", "max_seals", 0);
    }
    const char *kill_after = getenv("QUFA_SYNC_KILL_AFTER");
    int64_t kill_n = kill_after ? strtoll(kill_after, NULL, 10) : 0;
    if (kill_n > 0) {
        o.progress = kill_hook;
        o.progress_ud = &kill_n;
    }
    qf_sync_report r = {0, 0, 0, 0, 0};
    ql_check(L, qf_sync_push(&r, branch->db, organ->db, &o));
    lua_createtable(L, 0, 5);
    ql_set_int(L, "seals", r.seals);
    ql_set_int(L, "entries", r.entries);
    ql_set_int(L, "skipped", r.skipped);
    ql_set_int(L, "acked_seq", r.acked_seq);
    ql_set_int(L, "batches", r.batches);
    return 1;
}

/* db:sync_default_name() -> the code a push goes under by default */
static int db_sync_default_name(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    char *name = NULL;
    ql_check(L, qf_sync_default_name(&name, h->db));
    lua_pushstring(L, name);
    free(name);
    return 1;
}

/* organ:sync_branches() -> list of {name, acked_seq, acked_hash, seals, first_push, last_push} */
static int db_sync_branches(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_sync_iter *it = NULL;
    ql_check(L, qf_sync_branches(&it, h->db));
    lua_newtable(L);
    const qf_sync_branch *b;
    int rc, i = 0;
    while ((rc = qf_sync_next(&b, it)) == QF_OK) {
        lua_createtable(L, 0, 6);
        ql_set_text(L, "name", b->name);
        ql_set_int(L, "acked_seq", b->acked_seq);
        ql_set_text(L, "acked_hash", b->acked_hash);
        ql_set_int(L, "seals", b->seals);
        ql_set_text(L, "first_push", b->first_push);
        ql_set_text(L, "last_push", b->last_push);
        lua_rawseti(L, -2, ++i);
    }
    qf_sync_iter_free(it);
    if (rc != QF_ITEROVER)
        return ql_check(L, rc);
    return 1;
}

/* organ:sync_acked(name) -> seq, hash */
static int db_sync_acked(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *name = luaL_checkstring(L, 2);
    int64_t seq = 0;
    char hash[65];
    ql_check(L, qf_sync_acked(&seq, hash, h->db, name));
    lua_pushinteger(L, seq);
    lua_pushstring(L, hash);
    return 2;
}

/* organ:sync_replica(name) -> a database (in memory) holding the branch's records */
static int db_sync_replica(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *name = luaL_checkstring(L, 2);
    ql_check_unrestricted(L, h, "sync_replica",
                          _("read a branch's audit log (its row images hold personal fields in "
                            "clear)"));
    qf_db *r = NULL;
    ql_check(L, qf_sync_replica(&r, h->db, name));
    ql_push_db(L, r, 0);
    return 1;
}

/* organ:sync_packs() -> list of {name, sha256, text}: what a branch pulls */
static int db_sync_packs(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_sync_pack_iter *it = NULL;
    ql_check(L, qf_sync_packs(&it, h->db));
    lua_newtable(L);
    const qf_sync_pack *p;
    int rc, i = 0;
    while ((rc = qf_sync_pack_next(&p, it)) == QF_OK) {
        lua_createtable(L, 0, 5);
        ql_set_text(L, "name", p->name);
        ql_set_text(L, "sha256", p->sha256);
        ql_set_text(L, "text", p->text);
        /* standards = {CODE = HASH}, systems = {CODE, ...}: what the pack is the latest of */
        lua_newtable(L);
        lua_newtable(L);
        int nsys = 0;
        const char *line = p->owns ? p->owns : "";
        while (*line) {
            const char *end = strchr(line, '\n');
            size_t n = end ? (size_t)(end - line) : strlen(line);
            if (n > 7 && strncmp(line, "system:", 7) == 0) {
                lua_pushlstring(L, line + 7, n - 7);
                lua_rawseti(L, -2, ++nsys);
            } else {
                const char *eq = memchr(line, '=', n);
                if (eq) {
                    lua_pushlstring(L, line, (size_t)(eq - line));
                    lua_pushlstring(L, eq + 1, n - (size_t)(eq - line) - 1);
                    lua_rawset(L, -4);
                }
            }
            line += n + (end ? 1 : 0);
        }
        lua_setfield(L, -3, "systems");
        lua_setfield(L, -2, "standards");
        lua_rawseti(L, -2, ++i);
    }
    qf_sync_pack_iter_free(it);
    if (rc != QF_ITEROVER)
        return ql_check(L, rc);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"sync_packs", db_sync_packs},
    {"sync_push", db_sync_push},
    {"sync_default_name", db_sync_default_name},
    {"sync_branches", db_sync_branches},
    {"sync_acked", db_sync_acked},
    {"sync_replica", db_sync_replica},
    {NULL, NULL},
};

void ql_open_sync(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
