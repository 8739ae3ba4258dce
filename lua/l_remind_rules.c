/* Reminders from Lua: the custom rules (qufa.reminder) judged for a run — the running
 * script's own in its state, and those stored with packs in a restricted sandbox per pack,
 * with a read-only database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "l_remind.h"
#include "sandbox.h"
#include "standards.h"


static const char *keep(ql_strings *s, const char *text)
{
    if (!text)
        return NULL;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **g = realloc(s->items, cap * sizeof *g);
        if (!g)
            return NULL;
        s->items = g;
        s->cap = cap;
    }
    char *copy = strdup(text);
    if (copy)
        s->items[s->n++] = copy;
    return copy;
}

static void strings_free(ql_strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
}

static bool add_rule(ql_judged *j, const char *code)
{
    for (size_t i = 0; i < j->n_rules; i++)
        if (strcmp(j->rules[i], code) == 0)
            return false; /* judged already (a script's rule overrides a pack's) */
    if (j->n_rules == j->cap_rules) {
        size_t cap = j->cap_rules ? j->cap_rules * 2 : 16;
        const char **g = realloc(j->rules, cap * sizeof *g);
        if (!g)
            return false;
        j->rules = g;
        j->cap_rules = cap;
    }
    j->rules[j->n_rules++] = keep(&j->text, code);
    return true;
}

static bool judged_already(const ql_judged *j, const char *code)
{
    for (size_t i = 0; i < j->n_rules; i++)
        if (strcmp(j->rules[i], code) == 0)
            return true;
    return false;
}

static const char *field_text(lua_State *L, int t, const char *field, ql_judged *j)
{
    lua_getfield(L, t, field);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? keep(&j->text, lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

/* The list of items on top of `L` (what qufa._reminder_items returned) into j; an error
 * message in `err` when an item is malformed. */
static bool take_items(lua_State *L, const char *rule, ql_judged *j, char *err, size_t size)
{
    int list = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);
        int t = lua_gettop(L);
        if (j->n == j->cap) {
            size_t cap = j->cap ? j->cap * 2 : 32;
            qf_remind_item *g = realloc(j->items, cap * sizeof *g);
            if (!g) {
                snprintf(err, size, "%s", _("out of memory"));
                return false;
            }
            j->items = g;
            j->cap = cap;
        }
        qf_remind_item *it = &j->items[j->n];
        memset(it, 0, sizeof *it);
        it->rule = keep(&j->text, rule);
        it->subject_type = field_text(L, t, "subject_type", j);
        lua_getfield(L, t, "subject_id");
        it->subject_id = (int64_t)lua_tointeger(L, -1);
        lua_getfield(L, t, "org_id");
        it->org_id = (int64_t)lua_tointeger(L, -1);
        lua_pop(L, 2);
        it->subject = field_text(L, t, "subject", j);
        it->title = field_text(L, t, "title", j);
        it->message = field_text(L, t, "message", j);
        it->leads = field_text(L, t, "leads", j);
        it->responsible = field_text(L, t, "responsible", j);
        it->due = QF_DATE_NONE;
        lua_getfield(L, t, "due");
        if (!lua_isnil(L, -1)) {
            const char *due = lua_tostring(L, -1);
            if (!due || qf_date_parse(&it->due, due) != QF_OK) {
                snprintf(err, size, _("reminder %s: the due date of %s: %s"), rule,
                         it->subject ? it->subject : "?",
                         due ? qf_error_last() : _("must be a date"));
                lua_settop(L, list);
                return false;
            }
        }
        lua_settop(L, list);
        j->n++;
    }
    return true;
}

/* Keeps "reminder CODE: message" (its first line) for result:errors(). */
static void note_error(lua_State *L, ql_judged *j, const char *rule, const char *msg)
{
    char first[600];
    const char *nl = msg ? strchr(msg, '\n') : NULL;
    snprintf(first, sizeof first, "%.*s", nl ? (int)(nl - msg) : (int)strlen(msg ? msg : "?"),
             msg ? msg : "?");
    lua_rawgeti(L, LUA_REGISTRYINDEX, j->errors);
    lua_pushfstring(L, _("reminder %s: %s"), rule, first);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

/* Pushes qufa.<name> of the state's own module. */
static void push_module_fn(lua_State *L, const char *name)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "qufa");
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
    lua_remove(L, -2);
}

/* The rules the running script declared, judged in its own state with a read-only db. */
static void judge_script_rules(lua_State *L, qf_db *db, int64_t scope, ql_judged *j)
{
    int top = lua_gettop(L);
    push_module_fn(L, "_script_reminders");
    if (!lua_isfunction(L, -1)) {
        lua_settop(L, top);
        return;
    }
    lua_call(L, 0, 1);
    int rules = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, rules);
    char today[11];
    qf_date_format(qf_db_today(db), today);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, rules, i);
        lua_getfield(L, -1, "code");
        char code[80];
        snprintf(code, sizeof code, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
        lua_pop(L, 1);
        push_module_fn(L, "_reminder_items");
        lua_insert(L, -2);
        ql_push_db(L, db, QL_DB_BORROWED | QL_DB_READONLY);
        if (scope)
            lua_pushinteger(L, scope);
        else
            lua_pushnil(L);
        lua_pushstring(L, today);
        char err[600] = "";
        if (lua_pcall(L, 4, 1, 0) != LUA_OK) {
            note_error(L, j, code, ql_error_text(L, -1));
        } else if (!take_items(L, code, j, err, sizeof err)) {
            note_error(L, j, code, err);
        } else {
            add_rule(j, code);
        }
        lua_settop(L, rules);
    }
    lua_settop(L, top);
}

/* Rules stored from packs, judged in a restricted sandbox per pack source. */
static int judge_pack_rules(lua_State *L, qf_db *db, int64_t scope, ql_judged *j)
{
    qf_reminder_rule_iter *it = NULL;
    int rc = qf_reminder_rule_list(&it, db);
    if (rc)
        return rc;
    /* collect first: the sandboxes read the database while this iterator is open otherwise */
    ql_strings codes = {0}, shas = {0}, names = {0};
    const qf_reminder_rule *row;
    while ((rc = qf_reminder_rule_next(&row, it)) == QF_OK) {
        keep(&codes, row->code);
        keep(&shas, row->source_sha ? row->source_sha : "");
        keep(&names, row->source_name ? row->source_name : "");
    }
    qf_reminder_rule_iter_free(it);
    if (rc != QF_ITEROVER) {
        strings_free(&codes);
        strings_free(&shas);
        strings_free(&names);
        return rc;
    }
    char today[11];
    qf_date_format(qf_db_today(db), today);
    for (size_t i = 0; i < codes.n; i++) {
        const char *code = codes.items[i];
        if (judged_already(j, code) || !shas.items[i][0])
            continue;
        bool first = true;
        for (size_t k = 0; k < i; k++)
            first = first && strcmp(shas.items[k], shas.items[i]) != 0;
        if (!first)
            continue; /* its pack was judged with an earlier rule */
        char *text = NULL, *name = NULL;
        if (qf_catalog_source(&text, &name, db, shas.items[i]) != QF_OK) {
            note_error(L, j, code, qf_error_last());
            continue;
        }
        ql_sandbox *sb = ql_sandbox_new(QL_RESTRICTED, db, NULL);
        char err[700];
        if (!sb) {
            free(text);
            free(name);
            return qf_error_set(QF_ENOMEM, "%s", _("out of memory"));
        }
        lua_State *S = ql_sandbox_state(sb);
        if (ql_pack_collect(sb, text, strlen(text), name, err, sizeof err) != QF_OK) {
            note_error(L, j, code, err);
        } else {
            int pack = lua_gettop(S);
            /* every rule of this pack */
            for (size_t k = i; k < codes.n; k++) {
                if (strcmp(shas.items[k], shas.items[i]) != 0 || judged_already(j, codes.items[k]))
                    continue;
                push_module_fn(S, "_pack_reminder_items");
                lua_pushvalue(S, pack);
                lua_pushstring(S, codes.items[k]);
                ql_push_db(S, db, QL_DB_SANDBOXED);
                if (scope)
                    lua_pushinteger(S, scope);
                else
                    lua_pushnil(S);
                lua_pushstring(S, today);
                if (ql_sandbox_call(sb, 5, 1) != LUA_OK)
                    note_error(L, j, codes.items[k], lua_tostring(S, -1));
                else if (!take_items(S, codes.items[k], j, err, sizeof err))
                    note_error(L, j, codes.items[k], err);
                else
                    add_rule(j, codes.items[k]);
                lua_settop(S, pack);
            }
        }
        ql_sandbox_free(sb);
        free(text);
        free(name);
    }
    strings_free(&codes);
    strings_free(&shas);
    strings_free(&names);
    return QF_OK;
}

int ql_remind_judge_rules(lua_State *L, qf_db *db, int64_t scope, ql_judged *j)
{
    memset(j, 0, sizeof *j);
    lua_newtable(L);
    j->errors = luaL_ref(L, LUA_REGISTRYINDEX);
    judge_script_rules(L, db, scope, j);
    return judge_pack_rules(L, db, scope, j);
}

void ql_remind_judged_free(ql_judged *j)
{
    free(j->items);
    free(j->rules);
    strings_free(&j->text);
}
