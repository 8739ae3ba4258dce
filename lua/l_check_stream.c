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
    ql_push_finding_up(L, qf_check_finding(e->branch, e->i++), 2);
    return 1;
}

/* The stream of the check the options at stack index 2 ask for (check_each, check_tally);
 * raises the error. The options' strings stay on the Lua stack until the stream is open: it
 * copies them. */
static each_state *open_each(lua_State *L, ql_db *h, const char *what)
{
    qf_check_options o;
    ql_check_options(L, 2, h, what, &o);
    each_state *e = calloc(1, sizeof *e);
    if (!e) {
        ql_error(L, QF_ENOMEM, "%s", _("out of memory"));
        return NULL;
    }
    int rc = ql_check_judge(&o.custom, &e->judge, h->db);
    if (rc == QF_OK)
        o.payload = e->judge;
    if (rc == QF_OK)
        rc = qf_check_stream_open(&e->s, h->db, &o);
    if (rc != QF_OK) {
        each_free(e);
        ql_fail(L);
        return NULL;
    }
    return e;
}

/* db:check_each{org = …, period = …, standard = …} -> iterator over findings */
static int db_check_each(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    /* the findings' field names and kept texts as upvalues (after the iterator's own), pushed
     * first: a memory error then has no stream to leak */
    int nup = ql_push_finding_upvalues(L);
    each_state *e = open_each(L, h, "check_each");
    return ql_push_iter_with(L, 1, e, each_free, each_next, nup);
}

/* ---- db:check_tally ------------------------------------------------------------------------ */

/* The findings of one group share standard, clause, status, period and whether they repeat a
 * lapse (same_as): the group's key, its fields' bytes separated by NULs. */
static void push_group_key(lua_State *L, luaL_Buffer *b, const qf_finding *f)
{
    luaL_buffinit(L, b);
    luaL_addstring(b, f->standard);
    luaL_addchar(b, '\0');
    luaL_addstring(b, f->clause);
    luaL_addchar(b, '\0');
    luaL_addchar(b, (char)('0' + f->status));
    luaL_addlstring(b, (const char *)&f->period_start, sizeof f->period_start);
    luaL_addlstring(b, (const char *)&f->period_end, sizeof f->period_end);
    luaL_addchar(b, f->same_as ? 's' : '-');
    luaL_pushresult(b);
}

static void push_group(lua_State *L, const qf_finding *f)
{
    lua_createtable(L, 0, 8);
    ql_set_text(L, "standard", f->standard);
    ql_set_text(L, "standard_title", f->standard_title);
    ql_set_text(L, "clause", f->clause);
    ql_set_text(L, "status", qf_finding_status_name(f->status));
    ql_set_date(L, "period_start", f->period_start);
    ql_set_date(L, "period_end", f->period_end);
    lua_pushboolean(L, f->same_as != NULL);
    lua_setfield(L, -2, "same");
    ql_set_int(L, "n", 0);
}

/* The run's totals as core counts them (qf_check_summarize's summary, one truth for every
 * output): check_tally and check_write return them. */
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
    if (t->assessment)
        ql_set_int(L, "assessment", t->assessment);
}

/* Pushes a copy of the table at stack index 2 holding only the check's own options (org,
 * period, standard, since): check_tally and check_write take fields of their own beside them. */
static void push_run_options(lua_State *L)
{
    static const char *const run_fields[] = {"org", "period", "standard", "since"};
    lua_createtable(L, 0, 4);
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, 2, run_fields[i]);
        lua_setfield(L, -2, run_fields[i]);
    }
}

/* db:check_tally{org=, period=, standard=, list = {"fail", …}} -> groups, listed: the check of
 * db:check_each counted in C instead of handed to Lua finding by finding (the compliance report
 * shows counts and only the lapses): `groups` the findings grouped by standard, clause, status,
 * period and same_as, each {standard, standard_title, clause, status, period_start,
 * period_end, same, n} in the order its first finding came; `listed` the findings whose status
 * `list` names, as db:check_each yields them, in its order. */
static int db_check_tally(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    bool list[QF_FINDING_WAIVED + 1] = {false};
    if (lua_istable(L, 2)) {
        static const char *const known[] = {"org", "period", "standard", "since", "list", NULL};
        ql_check_fields(L, 2, "check_tally", known);
        /* `list` is not a check option: read it, then hand the rest to the check */
        lua_getfield(L, 2, "list");
        if (!lua_isnil(L, -1)) {
            if (!lua_istable(L, -1))
                return ql_field_error(L, "check_tally", "list",
                                      _("must be a list of statuses (\"fail\", \"warn\", …)"));
            for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
                qf_finding_status st;
                const char *name = lua_tostring(L, -1);
                if (!name || qf_finding_status_parse(&st, name) != QF_OK)
                    return ql_field_error(L, "check_tally", "list",
                                          _("must be a list of statuses (\"fail\", \"warn\", …)"));
                list[st] = true;
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        push_run_options(L);
        lua_replace(L, 2);
        lua_settop(L, 2);
    }
    each_state *e = open_each(L, h, "check_tally");
    /* an iterator object owns the stream while the tables are built: an error frees it */
    int base = lua_gettop(L);
    ql_push_iter(L, 1, e, each_free, each_next);
    lua_newtable(L);
    int groups = lua_gettop(L);
    lua_newtable(L);
    int listed = lua_gettop(L);
    lua_newtable(L);
    int index = lua_gettop(L); /* group key -> group */
    lua_Integer n_groups = 0, n_listed = 0;
    luaL_Buffer b;
    int rc;
    while ((rc = qf_check_stream_next(&e->branch, e->s)) == QF_OK) {
        for (size_t i = 0; i < qf_check_count(e->branch); i++) {
            const qf_finding *f = qf_check_finding(e->branch, i);
            push_group_key(L, &b, f);
            lua_pushvalue(L, -1);
            if (lua_rawget(L, index) == LUA_TNIL) {
                lua_pop(L, 1);
                push_group(L, f);
                lua_pushvalue(L, -1);
                lua_rawseti(L, groups, ++n_groups);
                lua_pushvalue(L, -2);
                lua_pushvalue(L, -2);
                lua_rawset(L, index);
            }
            lua_remove(L, -2); /* the key */
            lua_getfield(L, -1, "n");
            lua_Integer n = lua_tointeger(L, -1);
            lua_pop(L, 1);
            lua_pushinteger(L, n + 1);
            lua_setfield(L, -2, "n");
            lua_pop(L, 1);
            if ((size_t)f->status < sizeof list / sizeof *list && list[f->status]) {
                ql_push_finding(L, f);
                lua_rawseti(L, listed, ++n_listed);
            }
        }
    }
    if (rc != QF_ITEROVER)
        ql_check(L, rc);
    push_totals(L, qf_check_stream_totals(e->s));
    int totals = lua_gettop(L);
    /* the run ends now, not when the iterator is collected */
    if (luaL_callmeta(L, base + 4, "__close"))
        lua_pop(L, 1);
    lua_pushvalue(L, groups);
    lua_pushvalue(L, listed);
    lua_pushvalue(L, totals);
    return 3;
}

/* ---- db:check_write ----------------------------------------------------------------------- */

/* db:check_write{format = "text"|"json"|"csv", file = io.stdout, color = false, all = false,
 *                org = …, period = …, standard = …, since = …, save = false, note = …}
 * -> the summary with fingerprint, findings, branches (and `assessment`, the id saved, with
 * save = true: the run saved as an assessment as it is written, in one transaction) */
static int db_check_write(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    /* it writes to a file or to the process's output: not for a shared pack's check function */
    ql_check_unrestricted(L, h, "check_write", _("write files"));
    luaL_checktype(L, 2, LUA_TTABLE);
    static const char *const known[] = {"format", "file", "color", "all", "org", "period",
                                        "standard", "since", "save", "note", NULL};
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
    push_run_options(L);
    qf_check_options o;
    ql_check_options(L, lua_gettop(L), h, "check_write", &o);
    o.save = ql_opt_bool(L, 2, "check_write", "save", false);
    o.note = ql_opt_text(L, 2, "check_write", "note", NULL);
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
    {"check_tally", db_check_tally},
    {"check_write", db_check_write},
    {NULL, NULL},
};

void ql_open_check_stream(lua_State *L, int dbm)
{
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
