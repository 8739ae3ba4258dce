/*
 * A finding as a Lua table (db:check_each, result:findings, diff callbacks). A whole-deployment
 * check hands out a hundred thousand of them, and most of their texts repeat from one finding
 * to the next (the standard, its title, the clause and its text, the org, the period, the
 * responsible post): the field names are interned once (ql_shape) and each repeated text is
 * reused from the previous finding instead of being hashed or copied again (issue 17: building
 * the tables was a quarter of `check_each`).
 */
#include <string.h>
#include "ql.h"
#include "standards.h"

enum {
    F_STANDARD, F_STANDARD_TITLE, F_REV, F_CLAUSE, F_REQUIREMENT, F_KIND, F_STATUS,
    F_SUBJECT_TYPE, F_SUBJECT_ID, F_SUBJECT, F_ORG_ID, F_ORG, F_PERIOD, F_PERIOD_START,
    F_PERIOD_END, F_MESSAGE, F_RESPONSIBLE, F_RESPONSIBLE_LABEL, F_DUE, F_DAYS_LEFT,
    F_ACTIVITIES, F_ARTIFACTS, F_KEY, F_CAUSE, F_SAME_AS, F_MESSAGE_ID, F_CLAUSE_TEXT,
    F_DEADLINE, F_COUNTS, F_WAIVER, F_COUNT
};
static const char *const FINDING_KEYS[F_COUNT] = {
    "standard", "standard_title", "rev", "clause", "requirement", "kind", "status",
    "subject_type", "subject_id", "subject", "org_id", "org", "period", "period_start",
    "period_end", "message", "responsible", "responsible_label", "due", "days_left",
    "activities", "artifacts", "key", "cause", "same_as", "message_id", "clause_text",
    "deadline", "counts", "waiver"};
/* findings are plain tables: the type names no metatable */
static const ql_shape FINDING = {"finding", FINDING_KEYS, F_COUNT};
static const char MEMO; /* the registry key of the texts of the previous finding */

static void push_ids(lua_State *L, const int64_t *ids, size_t n)
{
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushinteger(L, ids[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_waiver(lua_State *L, const qf_finding *f)
{
    lua_createtable(L, 0, 7);
    ql_set_int(L, "id", f->waiver_id);
    ql_set_text(L, "reason", f->waiver_reason);
    ql_set_text(L, "recorded_by", f->waiver_recorded_by);
    ql_set_text(L, "approved_by", f->waiver_approved_by);
    ql_set_date(L, "from", f->waiver_from);
    ql_set_date(L, "to", f->waiver_until);
    lua_pushboolean(L, f->waiver_expired);
    lua_setfield(L, -2, "expired");
}

void ql_push_finding(lua_State *L, const qf_finding *f)
{
    ql_shape_keys(L, &FINDING);
    int keys = lua_gettop(L);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &MEMO) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 2 * F_COUNT, 0);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &MEMO);
    }
    int memo = lua_gettop(L);
    ql_rec r = {L, 0, keys, false};
    lua_createtable(L, 0, F_COUNT);
    ql_rec_text_memo(&r, F_STANDARD, f->standard, memo);
    ql_rec_text_memo(&r, F_STANDARD_TITLE, f->standard_title, memo);
    ql_rec_int(&r, F_REV, f->rev);
    ql_rec_text_memo(&r, F_CLAUSE, f->clause, memo);
    ql_rec_int(&r, F_REQUIREMENT, f->requirement);
    ql_rec_text_memo(&r, F_KIND, f->kind, memo);
    ql_rec_text_memo(&r, F_STATUS, qf_finding_status_name(f->status), memo);
    ql_rec_text_memo(&r, F_SUBJECT_TYPE, f->subject_type, memo);
    ql_rec_id(&r, F_SUBJECT_ID, f->subject_id);
    ql_rec_text(&r, F_SUBJECT, f->subject);
    ql_rec_id(&r, F_ORG_ID, f->org_id);
    ql_rec_text_memo(&r, F_ORG, f->org, memo);
    ql_rec_text_memo(&r, F_PERIOD, f->period, memo);
    ql_rec_date_memo(&r, F_PERIOD_START, f->period_start, memo, F_COUNT);
    ql_rec_date_memo(&r, F_PERIOD_END, f->period_end, memo, F_COUNT);
    ql_rec_text(&r, F_MESSAGE, f->message);
    ql_rec_text_memo(&r, F_RESPONSIBLE, f->responsible, memo);
    ql_rec_text_memo(&r, F_RESPONSIBLE_LABEL, f->responsible_label, memo);
    ql_rec_date_memo(&r, F_DUE, f->due, memo, F_COUNT);
    if (f->due != QF_DATE_NONE)
        ql_rec_int(&r, F_DAYS_LEFT, f->days_left);
    lua_rawgeti(L, keys, F_ACTIVITIES + 1);
    push_ids(L, f->activities, f->n_activities);
    lua_rawset(L, -3);
    lua_rawgeti(L, keys, F_ARTIFACTS + 1);
    push_ids(L, f->artifacts, f->n_artifacts);
    lua_rawset(L, -3);
    ql_rec_text(&r, F_KEY, f->key);
    ql_rec_text_memo(&r, F_CAUSE, f->cause, memo);
    ql_rec_text(&r, F_SAME_AS, f->same_as);
    ql_rec_text_memo(&r, F_MESSAGE_ID, f->message_id, memo);
    ql_rec_text_memo(&r, F_CLAUSE_TEXT, f->clause_text, memo);
    ql_rec_date_memo(&r, F_DEADLINE, f->deadline, memo, F_COUNT);
    if (f->counts) {
        lua_rawgeti(L, keys, F_COUNTS + 1);
        ql_push_counts(L, f->counts);
        lua_rawset(L, -3);
    }
    if (f->waiver_id) {
        lua_rawgeti(L, keys, F_WAIVER + 1);
        push_waiver(L, f);
        lua_rawset(L, -3);
    }
    lua_replace(L, keys); /* the finding takes the keys' place; the memo goes */
    lua_settop(L, keys);
}
