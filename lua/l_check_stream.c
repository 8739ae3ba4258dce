/*
 * The check branch by branch from Lua, in memory bounded by the largest branch (issue 17):
 *
 *   for f in db:check_each{period = "2019"} do … end   -- findings, one branch at a time
 *   local totals = db:check_write{format = "json", file = io.stdout, period = "2019"}
 *
 * db:check_each yields the same finding tables as result:findings() of db:check, in the order
 * of branch codes; db:check_write writes text, JSON or CSV as it goes (the same bytes as
 * result:text(), :json(), :csv()) and returns the summary with the fingerprint and counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"
#include "standards.h"

/* ---- db:check_each ------------------------------------------------------------------------ */

typedef struct each_state {
    qf_check_stream *s;
    void *judge;             /* the check functions' sandboxes, freed after the stream */
    const qf_check_result *branch;
    size_t i;                /* the next finding of `branch` */
} each_state;

static void each_free(void *p)
{
    each_state *e = p;
    qf_check_stream_free(e->s);
    ql_check_judge_free(e->judge);
    free(e);
}

static int each_next(lua_State *L)
{
    each_state *e = ql_iter_get(L);
    if (!e)
        return 0;
    while (!e->branch || e->i == qf_check_count(e->branch)) {
        int rc = qf_check_stream_next(&e->branch, e->s);
        e->i = 0;
        if (rc != QF_OK)
            return ql_iter_end(L, rc);
    }
    ql_push_finding(L, qf_check_finding(e->branch, e->i++));
    return 1;
}

/* db:check_each{org = …, period = …, standard = …} -> iterator over findings */
static int db_check_each(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_check_options o;
    ql_check_options(L, 2, h, "check_each", &o);
    each_state *e = calloc(1, sizeof *e);
    if (!e)
        return ql_error(L, QF_ENOMEM, "%s", _("out of memory"));
    int rc = ql_check_judge(&o.custom, &e->judge, h->db);
    if (rc == QF_OK)
        o.payload = e->judge;
    /* the options' strings stay on the Lua stack until the stream is open: it copies them */
    if (rc == QF_OK)
        rc = qf_check_stream_open(&e->s, h->db, &o);
    if (rc != QF_OK) {
        each_free(e);
        return ql_fail(L);
    }
    return ql_push_iter(L, 1, e, each_free, each_next);
}

/* ---- db:check_write ----------------------------------------------------------------------- */

static void push_totals(lua_State *L, const qf_check_totals *t)
{
    const qf_check_summary *s = &t->summary;
    lua_createtable(L, 0, 12);
    ql_set_int(L, "pass", s->pass);
    ql_set_int(L, "fail", s->fail);
    ql_set_int(L, "warn", s->warn);
    ql_set_int(L, "open", s->open);
    ql_set_int(L, "na", s->na);
    ql_set_int(L, "error", s->error);
    ql_set_int(L, "clauses", s->clauses);
    ql_set_int(L, "causes", s->causes);
    if (s->scored) {
        lua_pushnumber(L, s->score);
        lua_setfield(L, -2, "score");
    }
    ql_set_int(L, "findings", (int64_t)t->findings);
    ql_set_int(L, "branches", (int64_t)t->branches);
    ql_set_text(L, "fingerprint", t->fingerprint);
    ql_set_int(L, "rejudged", (int64_t)t->rejudged);
    if (t->since_note)
        ql_set_text(L, "since_note", t->since_note);
}

/* db:check_write{format = "text"|"json"|"csv", file = io.stdout, color = false, all = false,
 *                org = …, period = …, standard = …} -> the summary with fingerprint, findings,
 * branches */
static int db_check_write(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    /* it writes to a file or to the process's output: not for a shared pack's check function */
    ql_check_unrestricted(L, h, "check_write", _("write files"));
    luaL_checktype(L, 2, LUA_TTABLE);
    static const char *const known[] = {"format", "file", "color", "all", "org", "period",
                                        "standard", "since", NULL};
    ql_check_fields(L, 2, "check_write", known);
    const char *format = ql_opt_text(L, 2, "check_write", "format", "text");
    qf_check_format f;
    if (strcmp(format, "text") == 0)
        f = QF_CHECK_FORMAT_TEXT;
    else if (strcmp(format, "json") == 0)
        f = QF_CHECK_FORMAT_JSON;
    else if (strcmp(format, "csv") == 0)
        f = QF_CHECK_FORMAT_CSV;
    else
        return ql_field_error(L, "check_write", "format", _("is text, json or csv"));
    qf_text_options text = QF_TEXT_OPTIONS_INIT;
    text.color = ql_opt_bool(L, 2, "check_write", "color", false);
    text.show_pass = ql_opt_bool(L, 2, "check_write", "all", false);
    FILE *out = stdout;
    lua_getfield(L, 2, "file");
    if (!lua_isnil(L, -1)) {
        luaL_Stream *s = luaL_testudata(L, -1, LUA_FILEHANDLE);
        if (!s || !s->closef || !s->f)
            return ql_field_error(L, "check_write", "file",
                                  _("must be an open file (io.stdout, io.open(…))"));
        out = s->f;
    }
    lua_pop(L, 1);
    /* the same options as db:check: copy the table without the output's fields */
    lua_createtable(L, 0, 4);
    static const char *const run_fields[] = {"org", "period", "standard", "since"};
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, 2, run_fields[i]);
        lua_setfield(L, -2, run_fields[i]);
    }
    qf_check_options o;
    ql_check_options(L, lua_gettop(L), h, "check_write", &o);
    void *judge = NULL;
    int rc = ql_check_judge(&o.custom, &judge, h->db);
    if (rc != QF_OK)
        return ql_fail(L);
    o.payload = judge;
    qf_check_totals t;
    rc = qf_check_write_each(h->db, &o, f, &text, out, &t);
    ql_check_judge_free(judge);
    if (rc != QF_OK)
        return ql_fail(L);
    push_totals(L, &t);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"check_each", db_check_each},
    {"check_write", db_check_write},
    {NULL, NULL},
};

void ql_open_check_stream(lua_State *L, int dbm)
{
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
