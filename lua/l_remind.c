/*
 * Reminders from Lua: db:remind{…} runs the reminders (custom rules of scripts and packs are
 * judged in l_remind_rules.c, `check` functions through the check's judge), delivers each
 * firing one to the hooks registered with qufa.on_reminder and to an --exec command
 * (l_remind_exec.c), and returns a result object; db:reminders / db:reminder read the ledger,
 * whose records can be acknowledged and snoozed; db:remind_settings / db:set_remind_setting
 * read and change the lead times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "l_remind.h"
#include "standards.h"

#define RESULT_MT "qufa.remind_result"
#define HOOKS_KEY "qufa.reminder_hooks"

/* ---- reminder records ---------------------------------------------------------------- */

static void set_dates(lua_State *L, const char *field, const qf_date *days, size_t n)
{
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        ql_push_date(L, days[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, field);
}

static void set_bool(lua_State *L, const char *field, bool v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, -2, field);
}

/* A reminder record bound to the handle at `dbidx`. */
static void push_reminder(lua_State *L, int dbidx, const qf_reminder *r)
{
    ql_new_record(L, dbidx, "reminder", 40);
    ql_set_int(L, "id", r->id);
    ql_set_text(L, "key", r->key);
    ql_set_text(L, "source", r->source);
    ql_set_text(L, "rule", r->rule);
    ql_set_text(L, "title", r->title);
    ql_set_text(L, "message", r->message);
    ql_set_date(L, "due", r->due);
    ql_set_int(L, "days_left", r->days_left);
    ql_set_text(L, "state", qf_reminder_state_name(r->state));
    set_bool(L, "overdue", r->overdue);
    ql_set_date(L, "snoozed_until", r->snoozed_until);
    ql_set_text(L, "subject_type", r->subject_type);
    ql_set_id(L, "subject_id", r->subject_id);
    ql_set_text(L, "subject", r->subject);
    ql_set_id(L, "org_id", r->org_id);
    ql_set_text(L, "org", r->org);
    ql_set_text(L, "org_name", r->org_name);
    ql_set_text(L, "responsible", r->responsible);
    ql_set_text(L, "responsible_label", r->responsible_label);
    ql_set_id(L, "holder_id", r->holder_id);
    ql_set_text(L, "holder", r->holder);
    ql_set_text(L, "leads", r->leads);
    ql_set_date(L, "next_fire", r->next_fire);
    ql_set_date(L, "first_seen", r->first_seen);
    ql_set_date(L, "resolved", r->resolved);
    ql_set_int(L, "sequence", r->sequence);
    ql_set_text(L, "note", r->note);
    set_bool(L, "shown", r->shown);
    set_bool(L, "firing", r->firing);
    ql_set_text(L, "fire_lead", r->fire_lead);
    set_bool(L, "late", r->late);
    set_dates(L, "missed", r->missed, r->n_missed);
    set_bool(L, "delivered", r->delivered);
    ql_set_text(L, "delivery_error", r->delivery_error);
    set_bool(L, "resolved_now", r->resolved_now);
    set_dates(L, "fire_days", r->fire_days, r->n_fire_days);
}

/* reminder:ack([note]) -> the reminder as it is now */
static int reminder_ack(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "reminder", &id);
    ql_check_writable(L, h, "ack");
    ql_check(L, qf_reminder_ack(h->db, id, luaL_optstring(L, 2, NULL)));
    qf_reminder *r = NULL;
    ql_check(L, qf_reminder_get(&r, h->db, id));
    ql_push_record_db(L, 1);
    push_reminder(L, -1, r);
    qf_reminder_free(r);
    ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* reminder:snooze(duration [, note]) -> the reminder as it is now */
static int reminder_snooze(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "reminder", &id);
    ql_check_writable(L, h, "snooze");
    ql_check(L, qf_reminder_snooze(h->db, id, luaL_checkstring(L, 2), luaL_optstring(L, 3, NULL)));
    qf_reminder *r = NULL;
    ql_check(L, qf_reminder_get(&r, h->db, id));
    ql_push_record_db(L, 1);
    push_reminder(L, -1, r);
    qf_reminder_free(r);
    ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

static int fires_next(lua_State *L)
{
    qf_reminder_fire_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_reminder_fire *f;
    int rc = qf_reminder_fire_next(&f, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 4);
    ql_set_text(L, "lead", f->lead);
    ql_set_date(L, "fire_on", f->fire_on);
    ql_set_date(L, "fired_on", f->fired_on);
    set_bool(L, "late", f->late);
    return 1;
}

/* for f in reminder:fires() do … end */
static int reminder_fires(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "reminder", &id);
    qf_reminder_fire_iter *it;
    ql_check(L, qf_reminder_fires(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, -1, it, (ql_iter_free_fn)qf_reminder_fire_iter_free, fires_next);
}

static const luaL_Reg REMINDER_METHODS[] = {
    {"ack", reminder_ack},
    {"snooze", reminder_snooze},
    {"fires", reminder_fires},
    {NULL, NULL},
};

/* ---- the ledger -------------------------------------------------------------------------- */

static int reminders_next(lua_State *L)
{
    qf_reminder_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_reminder *r;
    int rc = qf_reminder_next(&r, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_iter_push_db(L);
    push_reminder(L, -1, r);
    return 1;
}

/* for r in db:reminders{state =, active =, org =, source =} do … end */
static int db_reminders(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_reminder_filter f = QF_REMINDER_FILTER_INIT;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"state", "active", "org", "source", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "reminders", known);
        const char *state = ql_opt_text(L, 2, "reminders", "state", NULL);
        if (state) {
            qf_reminder_state s;
            if (qf_reminder_state_parse(&s, state) != QF_OK)
                return ql_field_error(L, "reminders", "state", qf_error_last());
            f.state = (int)s;
        }
        f.active = ql_opt_bool(L, 2, "reminders", "active", false);
        f.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "reminders", "org", false);
        f.source = ql_opt_text(L, 2, "reminders", "source", NULL);
    }
    qf_reminder_iter *it;
    ql_check(L, qf_reminder_list(&it, h->db, &f));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_reminder_iter_free, reminders_next);
}

/* db:reminder(id) -> reminder or nil */
static int db_reminder(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_reminder *r = NULL;
    int rc = qf_reminder_get(&r, h->db, luaL_checkinteger(L, 2));
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    push_reminder(L, 1, r);
    qf_reminder_free(r);
    return 1;
}

/* db:remind_settings() -> list of {key, value, default, set, doc, note} */
static int db_remind_settings(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    char *json = NULL;
    ql_check(L, qf_remind_settings_json(&json, h->db));
    ql_push_json(L, json);
    qf_free(json);
    return 1;
}

/* db:set_remind_setting(key, value | nil [, note]) */
static int db_set_remind_setting(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "set_remind_setting");
    ql_check(L, qf_remind_setting_set(h->db, luaL_checkstring(L, 2), luaL_optstring(L, 3, NULL),
                                      luaL_optstring(L, 4, NULL)));
    return 0;
}

/* ---- delivery ---------------------------------------------------------------------------- */

typedef struct delivery {
    lua_State *L;
    int dbidx;
    const char *exec;
    bool hooks;
} delivery;

/* Calls each function registered with qufa.on_reminder with the reminder record. */
static int call_hooks(delivery *d, const qf_reminder *r)
{
    lua_State *L = d->L;
    int top = lua_gettop(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, HOOKS_KEY) != LUA_TTABLE) {
        lua_settop(L, top);
        return QF_OK;
    }
    int hooks = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, hooks);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, hooks, i);
        push_reminder(L, d->dbidx, r);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
            const char *msg = ql_error_text(L, -1);
            int rc = qf_error_set(QF_ERROR, _("the on_reminder hook failed: %s"), msg ? msg : "?");
            lua_settop(L, top);
            return rc;
        }
    }
    lua_settop(L, top);
    return QF_OK;
}

static int deliver(void *payload, const qf_reminder *r)
{
    delivery *d = payload;
    int rc = d->hooks ? call_hooks(d, r) : QF_OK;
    if (rc == QF_OK && d->exec)
        rc = ql_remind_exec(d->exec, r);
    return rc;
}

static bool has_hooks(lua_State *L)
{
    bool any = lua_getfield(L, LUA_REGISTRYINDEX, HOOKS_KEY) == LUA_TTABLE && lua_rawlen(L, -1) > 0;
    lua_pop(L, 1);
    return any;
}

/* qufa.on_reminder(fn): fn(reminder) is called for every reminder db:remind{} fires */
static int l_on_reminder(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (lua_getfield(L, LUA_REGISTRYINDEX, HOOKS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, HOOKS_KEY);
    }
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* ---- the result object ----------------------------------------------------------------- */

typedef struct result_ud {
    qf_remind_result *r;
} result_ud;

static qf_remind_result *check_result(lua_State *L, int idx)
{
    result_ud *u = luaL_checkudata(L, idx, RESULT_MT);
    if (!u->r)
        ql_error(L, QF_EINVALID, "%s", _("the reminder result was freed"));
    return u->r;
}

/* for r in result:reminders{shown = true, state = "fired"} do … end */
static int result_reminders_next(lua_State *L)
{
    qf_remind_result *r = check_result(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    int shown = lua_toboolean(L, lua_upvalueindex(3));
    const char *state = lua_tostring(L, lua_upvalueindex(4));
    while ((size_t)i < qf_remind_count(r)) {
        const qf_reminder *x = qf_remind_reminder(r, (size_t)i++);
        if ((shown && !x->shown) || (state && strcmp(state, qf_reminder_state_name(x->state)) != 0))
            continue;
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(2));
        lua_getiuservalue(L, lua_upvalueindex(1), 1); /* the db handle */
        push_reminder(L, -1, x);
        return 1;
    }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(2));
    return 0;
}

static int result_reminders(lua_State *L)
{
    check_result(L, 1);
    bool shown = false;
    const char *state = NULL;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"shown", "state", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "reminders", known);
        shown = ql_opt_bool(L, 2, "reminders", "shown", false);
        state = ql_opt_text(L, 2, "reminders", "state", NULL);
        qf_reminder_state s;
        if (state && qf_reminder_state_parse(&s, state) != QF_OK)
            return ql_fail(L);
    }
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushboolean(L, shown);
    if (state)
        lua_pushstring(L, state);
    else
        lua_pushnil(L);
    lua_pushcclosure(L, result_reminders_next, 4);
    return 1;
}

static int result_summary(lua_State *L)
{
    qf_remind_summary s;
    qf_remind_summarize(check_result(L, 1), &s);
    lua_createtable(L, 0, 11);
    ql_set_int(L, "shown", s.shown);
    ql_set_int(L, "firing", s.firing);
    ql_set_int(L, "delivered", s.delivered);
    ql_set_int(L, "failed", s.failed);
    ql_set_int(L, "late", s.late);
    ql_set_int(L, "overdue", s.overdue);
    ql_set_int(L, "active", s.active);
    ql_set_int(L, "acknowledged", s.acknowledged);
    ql_set_int(L, "snoozed", s.snoozed);
    ql_set_int(L, "satisfied_now", s.satisfied_now);
    ql_set_int(L, "expired_now", s.expired_now);
    return 1;
}

static int result_json(lua_State *L)
{
    char *json = NULL;
    ql_check(L, qf_remind_json(&json, check_result(L, 1)));
    lua_pushstring(L, json);
    qf_free(json);
    return 1;
}

static int result_ics(lua_State *L)
{
    char *ics = NULL;
    ql_check(L, qf_remind_ics(&ics, check_result(L, 1)));
    lua_pushstring(L, ics);
    qf_free(ics);
    return 1;
}

/* result:text{color = false, all = false} */
static int result_text(lua_State *L)
{
    qf_remind_result *r = check_result(L, 1);
    qf_remind_text_options o = QF_REMIND_TEXT_OPTIONS_INIT;
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"color", "all", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "text", known);
        o.color = ql_opt_bool(L, 2, "text", "color", false);
        o.all = ql_opt_bool(L, 2, "text", "all", false);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ql_error(L, QF_EINVALID, "%s", _("out of memory"));
    int rc = qf_remind_write_text(r, f, &o);
    fclose(f);
    if (rc != QF_OK) {
        free(buf);
        return ql_fail(L);
    }
    lua_pushlstring(L, buf, len);
    free(buf);
    return 1;
}

/* result:errors() -> the custom rules that could not be judged, as messages */
static int result_errors(lua_State *L)
{
    check_result(L, 1);
    lua_getiuservalue(L, 1, 2);
    return 1;
}

static int result_index(lua_State *L)
{
    qf_remind_result *r = check_result(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "today") == 0)
        ql_push_date(L, qf_remind_today(r));
    else if (strcmp(k, "within") == 0)
        lua_pushinteger(L, qf_remind_within(r));
    else if (strcmp(k, "last_run") == 0)
        ql_push_date(L, qf_remind_last_run(r));
    else if (strcmp(k, "dry_run") == 0)
        lua_pushboolean(L, qf_remind_dry_run(r));
    else {
        luaL_getmetatable(L, RESULT_MT);
        lua_getfield(L, -1, "methods");
        lua_getfield(L, -1, k);
    }
    return 1;
}

static int result_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)qf_remind_count(check_result(L, 1)));
    return 1;
}

static int result_gc(lua_State *L)
{
    result_ud *u = luaL_checkudata(L, 1, RESULT_MT);
    qf_remind_result_free(u->r);
    u->r = NULL;
    return 0;
}

/* ---- db:remind ------------------------------------------------------------------------- */

/* "30", "14d", "2w", "1m": days from today */
static int within_days(lua_State *L, qf_db *db, const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end != s && *end == '\0')
        return (int)n;
    qf_duration d;
    qf_date until;
    if (qf_duration_parse(&d, s) != QF_OK ||
        qf_calendar_add(&until, db, qf_db_today(db), d) != QF_OK)
        return ql_field_error(L, "remind", "within", qf_error_last());
    return until - qf_db_today(db);
}

/* db:remind{org =, within = "30d", dry_run = false, exec = "command", hooks = true}
 *   -> result */
static int db_remind(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "remind");
    /* a procedure's on_complete (restricted, writable) must not run commands (exec) or hooks */
    ql_check_unrestricted(L, h, "remind", _("send reminders (they run commands and hooks)"));
    qf_remind_options o = QF_REMIND_OPTIONS_INIT;
    delivery d = {.L = L, .dbidx = 1, .hooks = true};
    if (!lua_isnoneornil(L, 2)) {
        static const char *const known[] = {"org", "within", "dry_run", "exec", "hooks", NULL};
        luaL_checktype(L, 2, LUA_TTABLE);
        ql_check_fields(L, 2, "remind", known);
        o.org_id = ql_opt_ref(L, 2, h, "org", ql_org_lookup, "remind", "org", false);
        lua_getfield(L, 2, "within");
        if (lua_isinteger(L, -1))
            o.within_days = (int)lua_tointeger(L, -1);
        else if (lua_type(L, -1) == LUA_TSTRING)
            o.within_days = within_days(L, h->db, lua_tostring(L, -1));
        else if (!lua_isnil(L, -1))
            return ql_field_error(L, "remind", "within", _("must be days (30) or a duration (\"2w\")"));
        lua_pop(L, 1);
        o.dry_run = ql_opt_bool(L, 2, "remind", "dry_run", false);
        d.exec = ql_opt_text(L, 2, "remind", "exec", NULL);
        d.hooks = ql_opt_bool(L, 2, "remind", "hooks", true);
    }
    /* the custom rules, judged now: the script's own, then those stored with packs */
    ql_judged j;
    int rc = ql_remind_judge_rules(L, h->db, o.org_id, &j);
    o.items = j.items;
    o.n_items = j.n;
    o.rules = j.rules;
    o.n_rules = j.n_rules;
    /* nothing to deliver to (no command, no hook): firing is recording, in one transaction */
    if (d.exec || (d.hooks && has_hooks(L))) {
        o.deliver = deliver;
        o.deliver_payload = &d;
    }
    void *judge = NULL;
    if (rc == QF_OK)
        rc = ql_check_judge(&o.custom, &judge, h->db);
    o.custom_payload = judge;
    qf_remind_result *r = NULL;
    if (rc == QF_OK)
        rc = qf_remind_run(&r, h->db, &o);
    ql_check_judge_free(judge);
    ql_remind_judged_free(&j);
    if (rc != QF_OK) {
        luaL_unref(L, LUA_REGISTRYINDEX, j.errors);
        return ql_fail(L);
    }
    result_ud *u = lua_newuserdatauv(L, sizeof *u, 2);
    u->r = r;
    luaL_setmetatable(L, RESULT_MT);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, j.errors);
    lua_setiuservalue(L, -2, 2);
    luaL_unref(L, LUA_REGISTRYINDEX, j.errors);
    return 1;
}

static const luaL_Reg RESULT_METHODS[] = {
    {"reminders", result_reminders}, {"summary", result_summary}, {"json", result_json},
    {"text", result_text},           {"ics", result_ics},         {"errors", result_errors},
    {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"remind", db_remind},
    {"reminders", db_reminders},
    {"reminder", db_reminder},
    {"remind_settings", db_remind_settings},
    {"set_remind_setting", db_set_remind_setting},
    {NULL, NULL},
};

void ql_open_remind(lua_State *L, int dbm, int mod)
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
    ql_define_record_type(L, "reminder", REMINDER_METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, l_on_reminder);
    lua_setfield(L, mod, "on_reminder");
}
