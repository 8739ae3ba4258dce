/* Transfers of the organisational relationship (组织关系转接): db:add_transfer,
 * db:transfer, db:transfers, and the transfer record's methods. */
#include "ql.h"

static void push_transfer(lua_State *L, int dbidx, const qf_transfer *t)
{
    ql_new_record(L, dbidx, "transfer", 12);
    ql_set_int(L, "id", t->id);
    ql_set_id(L, "member_id", t->member_id);
    ql_set_id(L, "org_id", t->org_id);
    ql_set_text(L, "direction", qf_transfer_direction_name(t->direction));
    ql_set_date(L, "letter_date", t->letter_date);
    ql_set_text(L, "other_org", t->other_org);
    ql_set_text(L, "letter_no", t->letter_no);
    ql_set_int(L, "valid_days", t->valid_days);
    ql_set_date(L, "receipt_date", t->receipt_date);
    ql_set_text(L, "status", qf_transfer_status_name(t->status));
    ql_set_text(L, "note", t->note);
    ql_set_text(L, "dues_paid_to", t->dues_paid_to);
}

static int push_transfer_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_transfer *t = NULL;
    int rc = qf_transfer_get(&t, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_transfer(L, dbidx, t);
    qf_transfer_free(t);
    return 1;
}

static const char *const FIELDS[] = {"member",    "member_id", "org",          "org_id",
                                     "direction", "letter_date", "other_org",  "letter_no",
                                     "valid_days", "receipt_date", "status",   "note",
                                     "dues_paid_to", NULL};

/* Fills `t` from the table at `i`; fields absent keep what `t` holds. */
static void read_fields(lua_State *L, int i, ql_db *h, const char *fn, qf_transfer *t)
{
    const char *f = ql_has(L, i, "member") ? "member" : "member_id";
    if (ql_has(L, i, f))
        t->member_id = ql_opt_ref(L, i, h, "member", ql_member_lookup, fn, f, true);
    f = ql_has(L, i, "org") ? "org" : "org_id";
    if (ql_has(L, i, f))
        t->org_id = ql_opt_ref(L, i, h, "org", ql_org_lookup, fn, f, true);
    const char *s = ql_opt_text(L, i, fn, "direction", NULL);
    if (s && qf_transfer_direction_parse(&t->direction, s) != QF_OK)
        ql_error(L, QF_EINVALID, "%s: %s", fn, qf_error_last());
    s = ql_opt_text(L, i, fn, "status", NULL);
    if (s && qf_transfer_status_parse(&t->status, s) != QF_OK)
        ql_error(L, QF_EINVALID, "%s: %s", fn, qf_error_last());
    t->letter_date = ql_opt_date(L, i, fn, "letter_date", t->letter_date);
    t->other_org = ql_opt_text(L, i, fn, "other_org", t->other_org);
    t->letter_no = ql_opt_text(L, i, fn, "letter_no", t->letter_no);
    lua_Integer days = ql_opt_int(L, i, fn, "valid_days", t->valid_days);
    if (days < 0 || days > 100000)
        ql_field_error(L, fn, "valid_days", _("must be between 0 and 100000"));
    t->valid_days = (int)days;
    t->receipt_date = ql_opt_date(L, i, fn, "receipt_date", t->receipt_date);
    t->note = ql_opt_text(L, i, fn, "note", t->note);
    t->dues_paid_to = ql_opt_text(L, i, fn, "dues_paid_to", t->dues_paid_to);
}

static void init_transfer(qf_transfer *t)
{
    *t = (qf_transfer){0};
    t->letter_date = QF_DATE_NONE;
    t->receipt_date = QF_DATE_NONE;
}

/* db:add_transfer{member=, org=, direction=, letter_date=, other_org=, letter_no=,
 * valid_days=, dues_paid_to=, note=} -> transfer */
static int db_add_transfer(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "add_transfer");
    ql_check_fields(L, 2, "add_transfer", FIELDS);
    if (!ql_has(L, 2, "direction"))
        ql_field_error(L, "add_transfer", "direction", _("is required (in or out)"));
    qf_transfer t;
    init_transfer(&t);
    read_fields(L, 2, h, "add_transfer", &t);
    int64_t id = 0;
    ql_check(L, qf_transfer_create(&id, h->db, &t));
    return push_transfer_by_id(L, 1, h->db, id);
}

/* db:transfer(id) -> transfer or nil */
static int db_transfer(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    return push_transfer_by_id(L, 1, h->db, (int64_t)luaL_checkinteger(L, 2));
}

static int transfers_next(lua_State *L)
{
    qf_transfer_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_transfer *row;
    int rc = qf_transfer_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_transfer(L, -1, row);
    return 1;
}

static const char *const FILTER[] = {"member", "org", "status", NULL};

/* db:transfers{member=, org=, status=} -> iterator */
static int db_transfers(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_transfer_filter f = QF_TRANSFER_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "transfers", FILTER);
        f.member_id =
            ql_opt_ref(L, 2, h, "member", ql_member_lookup, "transfers", "member", false);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "transfers", "org", false);
        const char *s = ql_opt_text(L, 2, "transfers", "status", NULL);
        qf_transfer_status st;
        if (s && qf_transfer_status_parse(&st, s) != QF_OK)
            return ql_error(L, QF_EINVALID, "transfers: %s", qf_error_last());
        if (s)
            f.status = (int)st;
    }
    qf_transfer_iter *it = NULL;
    ql_check(L, qf_transfer_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_transfer_iter_free, transfers_next);
}

static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    push_transfer_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* t:receipt([date]): the receipt came back; the transfer is completed */
static int transfer_receipt(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "transfer", &id);
    ql_check_writable(L, h, "receipt");
    qf_date d = ql_opt_date_arg(L, 2, "receipt", qf_db_today(h->db));
    ql_check(L, qf_transfer_receipt(h->db, id, d));
    return refresh(L, h, id);
}

/* t:update{…} (same fields as add_transfer, plus status and receipt_date) */
static int transfer_update(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "transfer", &id);
    ql_check_writable(L, h, "update");
    ql_check_fields(L, 2, "update", FIELDS);
    qf_transfer *cur = NULL;
    ql_check(L, qf_transfer_get(&cur, h->db, id));
    ql_push_record_db(L, 1);
    push_transfer(L, -1, cur);
    qf_transfer_free(cur);
    int c = lua_gettop(L);
    qf_transfer t;
    init_transfer(&t);
    t.id = id;
    read_fields(L, c, h, "update", &t);
    read_fields(L, 2, h, "update", &t);
    ql_check(L, qf_transfer_update(h->db, &t));
    return refresh(L, h, id);
}

static int transfer_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "transfer", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_transfer_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

static const luaL_Reg METHODS[] = {
    {"receipt", transfer_receipt},
    {"update", transfer_update},
    {"delete", transfer_delete},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_transfer", db_add_transfer},
    {"transfer", db_transfer},
    {"transfers", db_transfers},
    {NULL, NULL},
};

void ql_open_transfer(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "transfer", METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
