/* The workday calendar on the database handle: db:calendar_import, db:is_workday,
 * db:add_workdays, db:calendar_add, db:count_workdays, db:calendar, db:calendar_has_year. */
#include <string.h>
#include "ql.h"

/* db:calendar_import(path) or db:calendar_import{text=, name=} -> report */
static int db_calendar_import(lua_State *L)
{
    static const char *const FIELDS[] = {"text", "name", NULL};
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "calendar_import");
    qf_calendar_report r;
    if (lua_type(L, 2) == LUA_TTABLE) {
        ql_check_fields(L, 2, "calendar_import", FIELDS);
        const char *text = ql_opt_text(L, 2, "calendar_import", "text", NULL);
        if (!text)
            ql_field_error(L, "calendar_import", "text", _("is required (the calendar's lines)"));
        ql_check(L, qf_calendar_import(&r, h->db, text,
                                       ql_opt_text(L, 2, "calendar_import", "name", NULL)));
    } else {
        ql_check_unrestricted(L, h, "calendar_import", _("read files"));
        ql_check(L, qf_calendar_import_file(&r, h->db, luaL_checkstring(L, 2)));
    }
    lua_createtable(L, 0, 7);
    ql_set_int(L, "first_year", r.first_year);
    ql_set_int(L, "last_year", r.last_year);
    ql_set_int(L, "days_off", r.days_off);
    ql_set_int(L, "days_work", r.days_work);
    ql_set_int(L, "lines", r.lines);
    ql_set_int(L, "replaced", r.replaced);
    ql_set_int(L, "deadlines", r.deadlines);
    return 1;
}

/* db:is_workday(date) -> boolean */
static int db_is_workday(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    bool w;
    ql_check(L, qf_calendar_is_workday(&w, h->db, ql_check_date(L, 2, "is_workday")));
    lua_pushboolean(L, w);
    return 1;
}

/* db:add_workdays(date, n) -> date */
static int db_add_workdays(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_date d = ql_check_date(L, 2, "add_workdays");
    lua_Integer n = luaL_checkinteger(L, 3);
    if (n < -100000 || n > 100000)
        return ql_error(L, QF_EINVALID, "%s", _("add_workdays: at most 100000 working days"));
    qf_date out;
    ql_check(L, qf_calendar_add_workdays(&out, h->db, d, (int)n));
    ql_push_date(L, out);
    return 1;
}

/* db:calendar_add(date, duration) -> date ("5wd" through the calendar, "1m" as qufa.add) */
static int db_calendar_add(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_date d = ql_check_date(L, 2, "calendar_add");
    qf_duration dur;
    if (qf_duration_parse(&dur, luaL_checkstring(L, 3)) != QF_OK)
        return ql_error(L, QF_EINVALID, "calendar_add: %s", qf_error_last());
    qf_date out;
    ql_check(L, qf_calendar_add(&out, h->db, d, dur));
    ql_push_date(L, out);
    return 1;
}

/* db:count_workdays(from, to) -> integer (both days included) */
static int db_count_workdays(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_date a = ql_check_date(L, 2, "count_workdays");
    qf_date b = ql_check_date(L, 3, "count_workdays");
    if (b - a > 366 * 20)
        return ql_error(L, QF_EINVALID, "%s", _("count_workdays: at most 20 years at a time"));
    int n;
    ql_check(L, qf_calendar_count_workdays(&n, h->db, a, b));
    lua_pushinteger(L, n);
    return 1;
}

static int calendar_next(lua_State *L)
{
    qf_calendar_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_calendar_day *d;
    int rc = qf_calendar_next(&d, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 3);
    ql_set_date(L, "day", d->day);
    ql_set_text(L, "kind", qf_day_kind_name(d->kind));
    ql_set_text(L, "name", d->name);
    return 1;
}

/* db:calendar{from=, to=} -> iterator of the calendar's entries {day, kind, name} */
static int db_calendar(lua_State *L)
{
    static const char *const FIELDS[] = {"from", "to", NULL};
    ql_db *h = ql_checkdb(L, 1);
    qf_date from = qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1);
    qf_date to = qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31);
    if (!lua_isnoneornil(L, 2)) {
        ql_check_fields(L, 2, "calendar", FIELDS);
        from = ql_opt_date(L, 2, "calendar", "from", from);
        to = ql_opt_date(L, 2, "calendar", "to", to);
    }
    qf_calendar_iter *it = NULL;
    ql_check(L, qf_calendar_list(&it, h->db, from, to));
    return ql_push_iter(L, 1, it, (ql_iter_free_fn)qf_calendar_iter_free, calendar_next);
}

/* db:calendar_has_year(year) -> boolean (false: that year counts weekends only) */
static int db_calendar_has_year(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    lua_Integer y = luaL_checkinteger(L, 2);
    if (y < QF_DATE_MIN_YEAR || y > QF_DATE_MAX_YEAR)
        return ql_error(L, QF_EINVALID, _("calendar_has_year: year %d is out of range (%d-%d)"), (int)y,
                          QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    bool has;
    ql_check(L, qf_calendar_has_year(&has, h->db, (int)y));
    lua_pushboolean(L, has);
    return 1;
}

static const luaL_Reg DB_METHODS[] = {
    {"calendar_import", db_calendar_import},     {"is_workday", db_is_workday},
    {"add_workdays", db_add_workdays},           {"calendar_add", db_calendar_add},
    {"count_workdays", db_count_workdays},       {"calendar", db_calendar},
    {"calendar_has_year", db_calendar_has_year}, {NULL, NULL},
};

void ql_open_calendar(lua_State *L, int dbm, int mod)
{
    (void)mod;
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
}
