/* Case records and their methods: case:advance{…} (evidence, fields, guards and on_complete in
 * one savepoint), case:cancel{…}, case:history(), case:deadlines(), case:definition(). */
#include <stdlib.h>
#include <string.h>
#include "l_flow.h"

void ql_push_case(lua_State *L, int dbidx, const qf_case *c)
{
    ql_new_record(L, dbidx, "case", 15);
    ql_set_int(L, "id", c->id);
    ql_set_text(L, "procedure", c->procedure);
    ql_set_int(L, "rev", c->rev);
    ql_set_text(L, "title", c->title);
    ql_set_id(L, "member_id", c->member_id);
    ql_set_id(L, "org_id", c->org_id);
    ql_set_text(L, "state", qf_case_state_name(c->state));
    ql_set_text(L, "step", c->step);
    ql_set_text(L, "step_title", c->step_title);
    ql_set_date(L, "entered", c->entered);
    ql_set_date(L, "started", c->started);
    ql_set_date(L, "ended", c->ended);
    ql_push_json(L, c->params);
    lua_setfield(L, -2, "params");
    ql_push_json(L, c->fields);
    lua_setfield(L, -2, "fields");
    ql_set_text(L, "note", c->note);
}

int ql_push_case_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id)
{
    qf_case *c = NULL;
    int rc = qf_case_get(&c, db, id);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    ql_push_case(L, dbidx, c);
    qf_case_free(c);
    return 1;
}

int ql_flow_push_definition(lua_State *L, qf_db *db, const char *code, int rev)
{
    char *def = NULL;
    int found = 0;
    int rc = qf_procedure_get(&def, &found, db, code, rev);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    lua_pushstring(L, def); /* keeps the text while it is converted */
    qf_free(def);
    ql_push_json(L, lua_tostring(L, -1));
    lua_remove(L, -2);
    ql_set_int(L, "rev", found);
    return 1;
}

static int no_code(int64_t *id, qf_db *db, const char *code)
{
    (void)id;
    (void)db;
    return qf_error_set(QF_EINVALID, _("'%s': an artifact is given by its record or id"), code);
}

/* ---- advance ------------------------------------------------------------------------------- */

static const char *const ADVANCE_FIELDS[] = {"step",   "to",        "date",  "note",
                                             "fields", "artifacts", "files", NULL};

typedef struct file_arg {
    const char *type;
    const char *path;
    const char *title;
} file_arg;

/* The step's required artifact types that the artifacts given do not cover yet. */
static size_t open_types(lua_State *L, ql_db *h, int step, const int64_t *ids, size_t n_ids,
                         const char **open, size_t max)
{
    size_t n = 0;
    lua_getfield(L, step, "artifacts");
    for (lua_Integer i = 1; lua_istable(L, -1) && i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        const char *need = lua_tostring(L, -1);
        lua_pop(L, 1); /* the definition table holds the string */
        bool given = false;
        for (size_t k = 0; k < n_ids && !given; k++) {
            qf_artifact *a = NULL;
            if (qf_artifact_get(&a, h->db, ids[k]) == QF_OK)
                given = strcmp(a->type, need) == 0;
            qf_artifact_free(a);
        }
        if (!given && need && n < max)
            open[n++] = need;
    }
    lua_pop(L, 1);
    return n;
}

/* Reads `artifacts` (records or ids) and `files` ({type=, path=, title=} or "TYPE=PATH"; a
 * file without a type gets the one type the step still needs). Arrays live in userdata and
 * strings in a table, all left on the stack until the caller is done. */
static void read_evidence(lua_State *L, int t, ql_db *h, int step, int64_t **ids, size_t *n_ids,
                          file_arg **files, size_t *n_files)
{
    lua_newtable(L); /* keeps the strings of TYPE=PATH items */
    int keep = lua_gettop(L);
    *n_ids = 0;
    if (lua_getfield(L, t, "artifacts") != LUA_TNIL && lua_type(L, -1) != LUA_TTABLE)
        ql_field_error(L, "advance", "artifacts", _("must be a list of artifacts or ids"));
    size_t n = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
    *ids = lua_newuserdatauv(L, (n + 1) * sizeof **ids, 0);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -2, (lua_Integer)i + 1);
        (*ids)[i] = ql_ref(L, -1, h, "artifact", no_code, "advance", "artifacts", true);
        lua_pop(L, 1);
    }
    *n_ids = n;
    lua_rawseti(L, keep, 1); /* the ids */
    lua_pop(L, 1);
    if (lua_getfield(L, t, "files") != LUA_TNIL && lua_type(L, -1) != LUA_TTABLE)
        ql_field_error(L, "advance", "files", _("must be a list of {type=, path=}"));
    int list = lua_gettop(L);
    n = lua_istable(L, list) ? lua_rawlen(L, list) : 0;
    *files = lua_newuserdatauv(L, (n + 1) * sizeof **files, 0);
    memset(*files, 0, (n + 1) * sizeof **files);
    lua_rawseti(L, keep, 2);
    const char *open[64];
    size_t n_open = open_types(L, h, step, *ids, *n_ids, open, 64);
    for (size_t i = 0; i < n; i++) {
        file_arg *f = &(*files)[i];
        lua_rawgeti(L, list, (lua_Integer)i + 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            const char *s = lua_tostring(L, -1);
            const char *eq = strchr(s, '=');
            f->path = s;
            if (eq) {
                lua_pushlstring(L, s, (size_t)(eq - s));
                f->type = lua_tostring(L, -1);
                lua_rawseti(L, keep, (lua_Integer)(2 * i + 3));
                lua_pushstring(L, eq + 1);
                f->path = lua_tostring(L, -1);
                lua_rawseti(L, keep, (lua_Integer)(2 * i + 4));
            }
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            f->type = ql_opt_text(L, -1, "advance", "type", NULL);
            f->path = ql_opt_text(L, -1, "advance", "path", NULL);
            f->title = ql_opt_text(L, -1, "advance", "title", NULL);
            if (!f->path)
                ql_field_error(L, "advance", "files", _("needs path= for each file"));
        } else {
            ql_field_error(L, "advance", "files", _("must be a list of {type=, path=}"));
        }
        lua_pop(L, 1); /* the list holds it */
        if (f->type)
            continue;
        if (n_open != 1) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            for (size_t k = 0; k < n_open; k++) {
                if (k)
                    luaL_addstring(&b, ", ");
                luaL_addstring(&b, open[k]);
            }
            if (!n_open)
                luaL_addstring(&b, "-");
            luaL_pushresult(&b);
            ql_error(L, QF_EINVALID,
                       _("advance: file %s: which artifact type is it? (the step still needs: "
                         "%s); give it as TYPE=FILE"),
                       f->path, lua_tostring(L, -1));
        }
        f->type = open[0];
        n_open = 0;
    }
    *n_files = n;
    /* the list stays on the stack (above `keep`): its strings are the paths */
}

typedef struct adv_args {
    qf_db *db;
    const qf_case *c;
    qf_advance_options *a;
    const file_arg *files;
    size_t n_files;
    int64_t *all;
} adv_args;

static int do_advance(qf_db *db, void *payload)
{
    adv_args *x = payload;
    size_t n = x->a->n_artifacts;
    for (size_t i = 0; i < x->n_files; i++) {
        qf_artifact meta = {0};
        meta.member_id = x->c->member_id;
        meta.org_id = x->c->member_id ? 0 : x->c->org_id;
        meta.type = x->files[i].type;
        meta.title = x->files[i].title;
        meta.issued_at = QF_DATETIME_NONE;
        int rc = qf_artifact_add_file(&x->all[n++], db, &meta, x->files[i].path);
        if (rc)
            return rc;
    }
    x->a->artifacts = x->all;
    x->a->n_artifacts = n;
    ql_flow_rt rt;
    ql_flow_rt_init(&rt, db, x->c->procedure, x->c->rev);
    x->a->hook = ql_flow_hook;
    x->a->payload = &rt;
    int rc = qf_case_advance(db, x->c->id, x->a);
    ql_flow_rt_free(&rt);
    return rc;
}

static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    ql_push_case_by_id(L, lua_gettop(L), h->db, id);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* case:advance{step=, to=, date=, note=, fields=, artifacts=, files=} -> the case */
static int case_advance(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    ql_check_writable(L, h, "advance");
    ql_flow_check_depth(L, "advance");
    ql_check_fields(L, 2, "advance", ADVANCE_FIELDS);
    if (ql_has(L, 2, "files"))
        ql_check_unrestricted(L, h, "advance", _("read files"));
    qf_advance_options a = QF_ADVANCE_OPTIONS_INIT;
    a.step = ql_opt_text(L, 2, "advance", "step", NULL);
    if (!a.step)
        ql_field_error(L, "advance", "step", _("is required: the step that was completed"));
    a.to = ql_opt_text(L, 2, "advance", "to", NULL);
    a.date = ql_opt_date(L, 2, "advance", "date", QF_DATE_NONE);
    a.note = ql_opt_text(L, 2, "advance", "note", NULL);
    qf_case *c = NULL;
    ql_check(L, qf_case_get(&c, h->db, id));
    qf_case cur = {.id = c->id, .rev = c->rev, .member_id = c->member_id, .org_id = c->org_id};
    lua_settop(L, 2);
    lua_pushstring(L, c->procedure); /* 3: keeps the code */
    qf_case_free(c);
    cur.procedure = lua_tostring(L, 3);
    ql_flow_push_definition(L, h->db, cur.procedure, cur.rev); /* 4 */
    /* 5: the step's declaration (empty for an unknown step: core names the mistake) */
    lua_newtable(L);
    lua_getfield(L, 4, "steps");
    for (lua_Integer i = 1; lua_istable(L, -1) && i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "code");
        bool match = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), a.step) == 0;
        lua_pop(L, 1);
        if (match) {
            lua_replace(L, 5);
            break;
        }
        lua_pop(L, 1);
    }
    lua_settop(L, 5);
    if (ql_has(L, 2, "fields")) {
        lua_getfield(L, 2, "fields");
        lua_getfield(L, 5, "fields");
        ql_flow_push_fields(L, -2, h, lua_istable(L, -1) ? -1 : 0, "advance");
        a.fields = lua_tostring(L, -1); /* stays on the stack */
    }
    int64_t *ids;
    file_arg *files;
    size_t n_files;
    read_evidence(L, 2, h, 5, &ids, &a.n_artifacts, &files, &n_files);
    int64_t *all = lua_newuserdatauv(L, (a.n_artifacts + n_files + 1) * sizeof *all, 0);
    memcpy(all, ids, a.n_artifacts * sizeof *all);
    /* everything that can raise is done: the transaction below ends before we raise */
    adv_args x = {h->db, &cur, &a, files, n_files, all};
    ql_check(L, qf_db_transaction(h->db, do_advance, &x));
    return refresh(L, h, id);
}

/* case:cancel{date=, note=} -> the case */
static int case_cancel(lua_State *L)
{
    static const char *const FIELDS[] = {"date", "note", NULL};
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    ql_check_writable(L, h, "cancel");
    qf_date d = QF_DATE_NONE;
    const char *note = NULL;
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "cancel", FIELDS);
        d = ql_opt_date(L, 2, "cancel", "date", QF_DATE_NONE);
        note = ql_opt_text(L, 2, "cancel", "note", NULL);
    }
    ql_check(L, qf_case_cancel(h->db, id, d, note));
    return refresh(L, h, id);
}

static int case_refresh(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    return refresh(L, h, id);
}

static int case_definition(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    lua_getfield(L, 1, "procedure");
    lua_getfield(L, 1, "rev");
    return ql_flow_push_definition(L, h->db, luaL_checkstring(L, -2), (int)lua_tointeger(L, -1));
}

static int history_next(lua_State *L)
{
    qf_case_history *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_case_event *e;
    int rc = qf_case_history_next(&e, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 10);
    ql_set_int(L, "seq", e->seq);
    ql_set_text(L, "action", e->action);
    ql_set_text(L, "step", e->step);
    ql_set_text(L, "to", e->to);
    ql_set_date(L, "date", e->date);
    ql_set_text(L, "actor", e->actor);
    ql_set_text(L, "note", e->note);
    ql_push_json(L, e->fields);
    lua_setfield(L, -2, "fields");
    lua_pushboolean(L, e->late);
    lua_setfield(L, -2, "late");
    lua_createtable(L, (int)e->n_artifacts, 0);
    for (size_t i = 0; i < e->n_artifacts; i++) {
        lua_pushinteger(L, (lua_Integer)e->artifacts[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "artifacts");
    return 1;
}

/* case:history() -> iterator of {seq, action, step, to, date, actor, note, fields, late,
 * artifacts} */
static int case_history(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    qf_case_history *it = NULL;
    ql_check(L, qf_case_history_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, -1, it, (ql_iter_free_fn)qf_case_history_free, history_next);
}

void ql_flow_push_deadline(lua_State *L, const qf_deadline *d);
void ql_flow_push_deadline(lua_State *L, const qf_deadline *d)
{
    lua_createtable(L, 0, 17);
    ql_set_int(L, "case_id", d->case_id);
    ql_set_text(L, "procedure", d->procedure);
    ql_set_id(L, "member_id", d->member_id);
    ql_set_id(L, "org_id", d->org_id);
    ql_set_text(L, "step", d->step);
    ql_set_text(L, "step_title", d->step_title);
    ql_set_int(L, "rule", d->rule);
    ql_set_text(L, "kind", d->kind == QF_DEADLINE_WITHIN ? "within" : "not_before");
    lua_pushboolean(L, d->interrupting);
    lua_setfield(L, -2, "interrupting");
    ql_set_text(L, "anchor", d->anchor);
    ql_set_date(L, "anchor_date", d->anchor_date);
    ql_set_text(L, "duration", d->duration);
    ql_set_date(L, "due", d->due);
    ql_set_date(L, "met", d->met);
    ql_set_text(L, "label", d->label);
    ql_set_text(L, "state", qf_due_state_name(d->state));
    ql_set_int(L, "days_left", d->days_left);
}

static int deadlines_next(lua_State *L)
{
    qf_deadline_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_deadline *d;
    int rc = qf_deadline_next(&d, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_flow_push_deadline(L, d);
    return 1;
}

/* case:deadlines() -> iterator of every time rule of the case, by due date */
static int case_deadlines(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "case", &id);
    qf_deadline_iter *it = NULL;
    ql_check(L, qf_case_deadlines(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, -1, it, (ql_iter_free_fn)qf_deadline_iter_free, deadlines_next);
}

static const luaL_Reg METHODS[] = {
    {"advance", case_advance},
    {"cancel", case_cancel},
    {"refresh", case_refresh},
    {"definition", case_definition},
    {"history", case_history},
    {"deadlines", case_deadlines},
    {NULL, NULL},
};

void ql_open_case(lua_State *L, int dbm, int mod)
{
    (void)dbm;
    (void)mod;
    ql_define_record_type(L, "case", METHODS);
}
