/* The audit log: db:audit_verify and db:audit (iterator over entries). */
#include "ql.h"

/* db:audit_verify() -> true, report | false, message, report */
static int db_audit_verify(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    /* entries are sealed when the outermost transaction commits: inside one, this
     * transaction's own writes would be reported as unsealed */
    if (qf_tx_depth(h->db) > 0)
        return ql_error(L, QF_EINVALID, "%s",
                          _("audit_verify: cannot verify inside a transaction (its entries are "
                            "sealed when it commits; a 'qufa run' script is one transaction)"));
    qf_audit_report r = {0, 0, 0, 0};
    int rc = qf_audit_verify(h->db, &r);
    if (rc != QF_OK && rc != QF_ECORRUPT)
        return ql_fail(L);
    int n = 1;
    lua_pushboolean(L, rc == QF_OK);
    if (rc != QF_OK) {
        lua_pushstring(L, qf_error_last());
        n++;
    }
    lua_createtable(L, 0, 4);
    ql_set_int(L, "entries", r.entries);
    ql_set_int(L, "seals", r.seals);
    ql_set_int(L, "rows", r.rows);
    ql_set_int(L, "problems", r.problems);
    return n + 1;
}

static int audit_next(lua_State *L)
{
    qf_audit_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_audit_entry *e;
    int rc = qf_audit_next(&e, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 8);
    ql_set_int(L, "seq", e->seq);
    ql_set_text(L, "at", e->at);
    ql_set_text(L, "actor", e->actor);
    ql_set_text(L, "action", e->action);
    ql_set_text(L, "table", e->table);
    ql_set_int(L, "row_id", e->row_id);
    if (e->before) {
        ql_push_json(L, e->before);
        lua_setfield(L, -2, "before");
    }
    if (e->after) {
        ql_push_json(L, e->after);
        lua_setfield(L, -2, "after");
    }
    return 1;
}

static const char *const AUDIT_FILTER[] = {"table", "row", "after_seq", "limit", NULL};

/* db:audit{table=, row=, after_seq=, limit=} -> iterator over entries, oldest first */
static int db_audit(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_unrestricted(L, h, "audit",
                          _("read the audit log (its row images hold personal fields in clear)"));
    qf_audit_filter f = QF_AUDIT_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "audit", AUDIT_FILTER);
        f.table = ql_opt_text(L, 2, "audit", "table", NULL);
        f.row_id = ql_opt_int(L, 2, "audit", "row", 0);
        f.after_seq = ql_opt_int(L, 2, "audit", "after_seq", 0);
        f.limit = ql_opt_int(L, 2, "audit", "limit", 0);
    }
    qf_audit_iter *it = NULL;
    ql_check(L, qf_audit_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_audit_iter_free, audit_next);
}

static const luaL_Reg DB_METHODS[] = {
    {"audit_verify", db_audit_verify},
    {"audit", db_audit},
    {NULL, NULL},
};

void ql_open_audit(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
