/* The database handle and the module entry point (luaopen_qufa). */
#include <stdio.h>
#include <string.h>
#include "ql.h"
#include "sandbox.h"
#include "standards.h"

ql_db *ql_checkdb(lua_State *L, int idx)
{
    /* every database method starts here: a safe point where a stopped or timed-out run of
     * restricted code ends, so a loop of slow API calls cannot outlast the limits */
    ql_sandbox_poll(L);
    ql_db *h = luaL_testudata(L, idx, QL_DB_MT);
    if (!h)
        ql_error(L, QF_EINVALID, _("expected a qufa database handle (use ':' to call its methods), got %s"),
                   luaL_typename(L, idx));
    if (!h->db)
        ql_error(L, QF_EINVALID, "%s", _("the database is closed"));
    return h;
}

void ql_check_writable(lua_State *L, ql_db *h, const char *fn)
{
    if (h->flags & QL_DB_READONLY)
        ql_error(L, QL_ERESTRICTED, _("%s: the database is read-only here (restricted code cannot write)"),
                   fn);
}

void ql_check_unrestricted(lua_State *L, ql_db *h, const char *fn, const char *what)
{
    if (h->flags & QL_DB_RESTRICTED)
        ql_error(L, QL_ERESTRICTED, _("%s: restricted code cannot %s"), fn, what);
}

ql_db *ql_push_db(lua_State *L, qf_db *db, unsigned flags)
{
    /* every handle made inside a restricted state is restricted, whoever makes it: a feature
     * that forgets the flag cannot hand shared code files, commands or personal data */
    if (lua_getfield(L, LUA_REGISTRYINDEX, QL_RESTRICTED_KEY) != LUA_TNIL)
        flags |= QL_DB_RESTRICTED;
    lua_pop(L, 1);
    ql_db *h = lua_newuserdatauv(L, sizeof *h, 1);
    h->db = NULL;
    h->flags = flags;
    h->iters = NULL;
    h->memo = NULL;
    h->view = NULL;
    lua_newtable(L); /* per-handle record metatables, see l_record.c */
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, QL_DB_MT);
    h->db = db;
    return h;
}

static void close_handle(ql_db *h)
{
    ql_iters_close_all(h);
    ql_memo_free(h->memo);
    h->memo = NULL;
    if (h->db && !(h->flags & QL_DB_BORROWED))
        qf_db_free(h->db);
    h->db = NULL;
}

/* shared by __gc and __close: safe to call twice */
static int db_gc(lua_State *L)
{
    close_handle(luaL_checkudata(L, 1, QL_DB_MT));
    return 0;
}

static int db_close(lua_State *L)
{
    ql_db *h = luaL_checkudata(L, 1, QL_DB_MT);
    if (h->db && (h->flags & QL_DB_BORROWED))
        return ql_error(L, QF_EINVALID, "%s",
                          _("db:close: this database belongs to the qufa host and closes when "
                            "the script ends"));
    close_handle(h);
    return 0;
}

static int db_tostring(lua_State *L)
{
    ql_db *h = luaL_checkudata(L, 1, QL_DB_MT);
    if (h->db)
        lua_pushfstring(L, "qufa.db (%s)", qf_db_path(h->db));
    else
        lua_pushstring(L, "qufa.db (closed)");
    return 1;
}

static int db_path(lua_State *L)
{
    lua_pushstring(L, qf_db_path(ql_checkdb(L, 1)->db));
    return 1;
}

static int db_today(lua_State *L)
{
    ql_push_date(L, qf_db_today(ql_checkdb(L, 1)->db));
    return 1;
}

static int db_set_today(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "set_today");
    qf_db_set_today(h->db, ql_check_date(L, 2, "set_today"));
    return 0;
}

static int db_actor(lua_State *L)
{
    lua_pushstring(L, qf_db_actor(ql_checkdb(L, 1)->db));
    return 1;
}

static int db_set_actor(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "set_actor");
    ql_check(L, qf_db_set_actor(h->db, luaL_checkstring(L, 2)));
    return 0;
}

static int db_schema_version(lua_State *L)
{
    lua_pushinteger(L, qf_db_schema_version(ql_checkdb(L, 1)->db));
    return 1;
}

/* db:transaction(fn, ...): commit when fn returns, roll back and re-raise when it errors. On
 * PostgreSQL a transaction that collided with another (a serialization failure: fn's qufa call
 * or the commit says so) runs fn again from the start, a few times (qf_tx_retry). */
static int db_transaction(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "transaction");
    luaL_checktype(L, 2, LUA_TFUNCTION);
    int nargs = lua_gettop(L) - 2;
    for (int attempt = 0;; attempt++) {
        lua_settop(L, 2 + nargs); /* what a failed attempt left goes */
        ql_check(L, qf_tx_begin(h->db));
        for (int i = 0; i <= nargs; i++)
            lua_pushvalue(L, 2 + i);
        int status = lua_pcall(L, nargs, LUA_MULTRET, 0);
        if (!h->db)
            return ql_error(L, QF_EINVALID, "%s", _("transaction: the database was closed inside it"));
        int rc = status == LUA_OK ? QF_OK : qf_error_last_code();
        if (status != LUA_OK) {
            qf_tx_rollback(h->db);
        } else if ((rc = qf_tx_commit(h->db)) == QF_OK) {
            return lua_gettop(L) - 2 - nargs;
        }
        if (rc != QF_EBUSY)
            return status != LUA_OK ? lua_error(L) : ql_fail(L);
        char before[256];
        snprintf(before, sizeof before, "%s", qf_error_last());
        if (qf_tx_retry(h->db, attempt, rc) == QF_OK)
            continue;
        /* given up after the last attempt (the message says so), or busy without a collision */
        if (status != LUA_OK && strcmp(before, qf_error_last()) == 0)
            return lua_error(L);
        return ql_fail(L);
    }
}

static int db_in_transaction(lua_State *L)
{
    lua_pushinteger(L, qf_tx_depth(ql_checkdb(L, 1)->db));
    return 1;
}

static const char *const OPEN_FIELDS[] = {"today", "actor", "create", "readonly", NULL};

/* qufa.open(path [, {today=, actor=, create=, readonly=}]) */
static int l_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    qf_date today = QF_DATE_NONE;
    o.flags = 0;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "open", OPEN_FIELDS);
        today = ql_opt_date(L, 2, "open", "today", QF_DATE_NONE);
        o.actor = ql_opt_text(L, 2, "open", "actor", NULL);
        if (ql_opt_bool(L, 2, "open", "create", false))
            o.flags |= QF_OPEN_CREATE;
        if (ql_opt_bool(L, 2, "open", "readonly", false))
            o.flags |= QF_OPEN_READONLY;
    }
    /* the handle exists before the database so a memory error cannot leak the connection */
    ql_db *h = ql_push_db(L, NULL, 0);
    qf_db *db = NULL;
    if (qf_db_open(&db, path, &o) != QF_OK)
        return ql_fail(L);
    h->db = db;
    if (o.flags & QF_OPEN_READONLY)
        h->flags |= QL_DB_READONLY;
    if (today != QF_DATE_NONE)
        qf_db_set_today(db, today);
    return 1;
}

/* qufa.destroy(path): removes a qufa database (a file, or a PostgreSQL schema's tables) */
static int l_destroy(lua_State *L)
{
    ql_check(L, qf_db_destroy(luaL_checkstring(L, 1)));
    return 0;
}

/* qufa._(msgid): the translation of an English message in the current language */
static int l_tr(lua_State *L)
{
    lua_pushstring(L, qf_tr(luaL_checkstring(L, 1)));
    return 1;
}

static int l_language(lua_State *L)
{
    lua_pushstring(L, qf_language());
    return 1;
}

static int l_set_language(lua_State *L)
{
    ql_check(L, qf_set_language(luaL_checkstring(L, 1)));
    return 0;
}

static const luaL_Reg DB_METHODS[] = {
    {"path", db_path},
    {"today", db_today},
    {"set_today", db_set_today},
    {"actor", db_actor},
    {"set_actor", db_set_actor},
    {"schema_version", db_schema_version},
    {"transaction", db_transaction},
    {"transaction_depth", db_in_transaction},
    {"close", db_close},
    {NULL, NULL},
};

static const luaL_Reg MODULE[] = {
    {"open", l_open},
    {"destroy", l_destroy},
    {"_", l_tr},
    {"language", l_language},
    {"set_language", l_set_language},
    {NULL, NULL},
};

__attribute__((visibility("default"))) int luaopen_qufa(lua_State *L)
{
    qf_i18n_init(NULL);
    luaL_newlib(L, MODULE);
    int mod = lua_gettop(L);
    lua_pushstring(L, qf_version());
    lua_setfield(L, mod, "version");

    luaL_newmetatable(L, QL_DB_MT);
    int mt = lua_gettop(L);
    lua_pushcfunction(L, db_gc);
    lua_setfield(L, mt, "__gc");
    lua_pushcfunction(L, db_gc);
    lua_setfield(L, mt, "__close");
    lua_pushcfunction(L, db_tostring);
    lua_setfield(L, mt, "__tostring");
    lua_pushliteral(L, QL_DB_MT);
    lua_setfield(L, mt, "__metatable"); /* the methods table stays out of reach */
    luaL_newlib(L, DB_METHODS);
    int dbm = lua_gettop(L);

    ql_open_org(L, dbm, mod);
    ql_open_vocab(L, dbm, mod);
    ql_open_audit(L, dbm, mod);
    ql_open_date(L, dbm, mod);
    ql_open_member(L, dbm, mod);
    ql_open_position(L, dbm, mod);
    ql_open_transfer(L, dbm, mod);
    ql_open_waiver(L, dbm, mod);
    ql_open_appraisal(L, dbm, mod);
    ql_open_standard(L, dbm, mod);
    ql_open_check(L, dbm, mod);
    ql_open_check_stream(L, dbm);
    ql_open_csv(L, dbm, mod);
    ql_open_activity(L, dbm, mod);
    ql_open_counting(L, dbm, mod);
    ql_open_artifact(L, dbm, mod); /* after activity: it adds a:add_artifact, a:artifacts */
    ql_open_report(L, dbm, mod);
    ql_open_template(L, dbm, mod);
    ql_open_docx(L, dbm, mod);
    ql_open_calendar(L, dbm, mod);
    ql_open_flow(L, dbm, mod);
    ql_open_remind(L, dbm, mod);
    ql_open_sync(L, dbm, mod);

    lua_pushvalue(L, dbm);
    lua_setfield(L, LUA_REGISTRYINDEX, "qufa.methods.db");
    lua_setfield(L, mt, "__index");
    lua_pop(L, 1); /* mt */
    ql_open_helpers(L, mod);
    return 1;
}
