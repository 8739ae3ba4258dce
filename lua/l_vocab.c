/* Controlled vocabularies: db:define_kind, db:vocab (iterator), db:label. */
#include "ql.h"

/* db:define_kind(vocab, code, label_zh [, label_en]) registers or relabels a term */
static int db_define_kind(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "define_kind");
    const char *vocab = luaL_checkstring(L, 2);
    const char *code = luaL_checkstring(L, 3);
    const char *zh = luaL_optstring(L, 4, NULL);
    const char *en = luaL_optstring(L, 5, NULL);
    ql_check(L, qf_vocab_define(h->db, vocab, code, zh, en));
    return 0;
}

static int vocab_next(lua_State *L)
{
    qf_term_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_term *t;
    int rc = qf_vocab_next(&t, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 5);
    ql_set_text(L, "vocab", t->vocab);
    ql_set_text(L, "code", t->code);
    ql_set_text(L, "label_zh", t->label_zh);
    ql_set_text(L, "label_en", t->label_en);
    lua_pushboolean(L, t->builtin);
    lua_setfield(L, -2, "builtin");
    return 1;
}

/* db:vocab([vocab]) -> iterator over terms {vocab, code, label_zh, label_en, builtin} */
static int db_vocab(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    const char *vocab = luaL_optstring(L, 2, NULL);
    qf_term_iter *it = NULL;
    ql_check(L, qf_vocab_list(&it, h->db, vocab));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_vocab_iter_free, vocab_next);
}

/* db:label(vocab, code) -> the label in the current language (the code when there is none) */
static int db_label(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    lua_pushstring(L, qf_vocab_label(h->db, luaL_checkstring(L, 2), luaL_checkstring(L, 3)));
    return 1;
}

/* db:check_term(vocab, code) -> true, or false and the message listing the known terms */
static int db_check_term(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    int rc = qf_vocab_check(h->db, luaL_checkstring(L, 2), luaL_checkstring(L, 3));
    if (rc == QF_EINVALID) {
        lua_pushboolean(L, 0);
        lua_pushstring(L, qf_error_last());
        return 2;
    }
    ql_check(L, rc);
    lua_pushboolean(L, 1);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"define_kind", db_define_kind},
    {"vocab", db_vocab},
    {"label", db_label},
    {"check_term", db_check_term},
    {NULL, NULL},
};

void ql_open_vocab(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
