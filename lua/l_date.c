/* Dates, periods and durations: qufa.date, qufa.datetime, qufa.period, qufa.add,
 * qufa.weekday. Every function validates strictly and returns canonical strings. */
#include "ql.h"

/* qufa.date("2017-05-10") -> "2017-05-10" (raises on 2017-02-30) */
static int l_date(lua_State *L)
{
    ql_push_date(L, ql_check_date(L, 1, "date"));
    return 1;
}

/* qufa.datetime("2017-05-10 14:30") -> "2017-05-10 14:30" */
static int l_datetime(lua_State *L)
{
    qf_datetime t;
    if (qf_datetime_parse(&t, luaL_checkstring(L, 1)) != QF_OK)
        return ql_error(L, QF_EINVALID, "datetime: %s", qf_error_last());
    ql_push_datetime(L, t);
    return 1;
}

static void push_period(lua_State *L, const qf_period *p)
{
    char code[64];
    qf_period_format(p, code, sizeof code);
    char label[96];
    qf_period_label(p, label, sizeof label);
    lua_createtable(L, 0, 5);
    ql_set_text(L, "kind", qf_period_kind_name(p->kind));
    ql_set_text(L, "code", code);
    ql_set_date(L, "start", p->start);
    ql_set_date(L, "finish", p->end);
    ql_set_text(L, "label", label); /* "2017年第三季度" / "Q3 2017", for titles */
}

/* qufa.period("2017-Q3") or qufa.period("quarter", "2017-08-01")
 * -> {kind=, code=, start=, finish=} */
static int l_period(lua_State *L)
{
    qf_period p;
    if (lua_isnoneornil(L, 2)) {
        if (qf_period_parse(&p, luaL_checkstring(L, 1)) != QF_OK)
            return ql_error(L, QF_EINVALID, "period: %s", qf_error_last());
    } else {
        qf_period_kind k;
        if (qf_period_kind_parse(&k, luaL_checkstring(L, 1)) != QF_OK)
            return ql_error(L, QF_EINVALID, "period: %s", qf_error_last());
        p = qf_period_containing(k, ql_check_date(L, 2, "period"));
    }
    push_period(L, &p);
    return 1;
}

/* qufa.next_period("2017-Q3") -> the period after; qufa.prev_period likewise */
static int step_period(lua_State *L, int dir)
{
    qf_period p;
    if (qf_period_parse(&p, luaL_checkstring(L, 1)) != QF_OK)
        return ql_error(L, QF_EINVALID, "period: %s", qf_error_last());
    if (p.kind == QF_PERIOD_RANGE)
        return ql_error(L, QF_EINVALID, "%s", _("period: a range has no next or previous period"));
    p = dir > 0 ? qf_period_next(p) : qf_period_prev(p);
    push_period(L, &p);
    return 1;
}

static int l_next_period(lua_State *L)
{
    return step_period(L, 1);
}

static int l_prev_period(lua_State *L)
{
    return step_period(L, -1);
}

/* qufa.add("2017-05-10", "1m") -> "2017-06-10" */
static int l_add(lua_State *L)
{
    qf_date d = ql_check_date(L, 1, "add");
    qf_duration dur;
    if (qf_duration_parse(&dur, luaL_checkstring(L, 2)) != QF_OK)
        return ql_error(L, QF_EINVALID, "add: %s", qf_error_last());
    if (dur.unit == QF_DUR_WORKDAYS) /* holidays live in a database's calendar */
        return ql_error(L, QF_EINVALID, "%s", _("add: working days need a workday calendar: use "
                                     "db:calendar_add(date, duration)"));
    qf_date out;
    if (qf_date_add_duration(&out, d, dur) != QF_OK)
        return ql_error(L, QF_EINVALID, "add: %s", qf_error_last());
    if (out < qf_date_from_ymd(QF_DATE_MIN_YEAR, 1, 1) ||
        out > qf_date_from_ymd(QF_DATE_MAX_YEAR, 12, 31))
        return ql_error(L, QF_EINVALID, _("add: the result is outside the years %d-%d"), QF_DATE_MIN_YEAR,
                          QF_DATE_MAX_YEAR);
    ql_push_date(L, out);
    return 1;
}

/* qufa.days("2017-05-01", "2017-05-10") -> 9 (second minus first) */
static int l_days(lua_State *L)
{
    qf_date a = ql_check_date(L, 1, "days");
    qf_date b = ql_check_date(L, 2, "days");
    lua_pushinteger(L, (lua_Integer)b - a);
    return 1;
}

/* qufa.weekday("2017-05-10") -> 3 (1 = Monday … 7 = Sunday) */
static int l_weekday(lua_State *L)
{
    lua_pushinteger(L, qf_date_weekday(ql_check_date(L, 1, "weekday")));
    return 1;
}

static const luaL_Reg MODULE[] = {
    {"date", l_date},
    {"datetime", l_datetime},
    {"period", l_period},
    {"next_period", l_next_period},
    {"prev_period", l_prev_period},
    {"add", l_add},
    {"days", l_days},
    {"weekday", l_weekday},
    {NULL, NULL},
};

void ql_open_date(lua_State *L, int dbm, int mod)
{
    (void)dbm;
    lua_pushvalue(L, mod);
    luaL_setfuncs(L, MODULE, 0);
    lua_pop(L, 1);
}
