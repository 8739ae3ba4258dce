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

/*
 * The texts of the last findings, field by field (WAYS of them each: a branch's findings
 * alternate between a few statuses, kinds, clauses and responsible posts, so the previous
 * finding's alone missed two texts in five). The strings are kept in a table (the userdata's
 * user value), which keeps them alive and so keeps the pointers below valid (Lua does not
 * move strings); a text is compared in C and pushed from that table when its bytes match,
 * instead of being hashed, or for a long text copied and later collected, again.
 */
#define WAYS 16
typedef struct memo_text {
    const char *s; /* the kept string's bytes, NULL for a free way */
    size_t n;
    qf_date day; /* for a date field: the day the text spells */
} memo_text;
typedef struct finding_memo {
    memo_text ways[F_COUNT][WAYS];
    unsigned char next[F_COUNT]; /* the way a miss replaces (the oldest) */
    unsigned char last[F_COUNT]; /* the way used last */
} finding_memo;
static const char MEMO; /* the registry key of the memo userdata */

typedef struct builder {
    lua_State *L;
    int keys, kept; /* stack indexes: the interned field names, the kept strings */
    int up;         /* or the upvalue holding the first field's name (ql_push_finding_up) */
    finding_memo *m;
} builder;

/* The field's name is pushed, then its value, then set: rawset, as findings have no
 * metatable. */
static void key(builder *b, int k)
{
    if (b->up)
        lua_pushvalue(b->L, lua_upvalueindex(b->up + k));
    else
        lua_rawgeti(b->L, b->keys, k + 1);
}

static void set(builder *b)
{
    lua_rawset(b->L, -3);
}

/* Keeps the new string on top (pushed already) in the oldest way of field k. Nothing here can
 * raise: the kept table's array part was made for every way. */
static void keep(builder *b, int k, size_t n, qf_date day)
{
    int w = b->m->next[k];
    b->m->next[k] = (unsigned char)((w + 1) % WAYS);
    b->m->last[k] = (unsigned char)w;
    lua_pushvalue(b->L, -1);
    lua_rawseti(b->L, b->kept, k * WAYS + w + 1);
    b->m->ways[k][w] = (memo_text){lua_tostring(b->L, -1), n, day};
}

static void memo_text_set(builder *b, int k, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    const memo_text *t = b->m->ways[k];
    key(b, k);
    /* the way used last first: most texts repeat the previous finding's */
    int w = b->m->last[k];
    if (!(t[w].s && t[w].n == n && memcmp(t[w].s, s, n) == 0))
        for (w = 0; w < WAYS; w++)
            if (t[w].s && t[w].n == n && t[w].s[0] == s[0] && memcmp(t[w].s, s, n) == 0)
                break;
    if (w < WAYS) {
        b->m->last[k] = (unsigned char)w;
        lua_rawgeti(b->L, b->kept, k * WAYS + w + 1);
        set(b);
        return;
    }
    lua_pushlstring(b->L, s, n);
    keep(b, k, n, QF_DATE_NONE);
    set(b);
}

static void memo_date_set(builder *b, int k, qf_date d)
{
    if (d == QF_DATE_NONE)
        return;
    /* a day has a way of its own (by its number): a branch's findings span a year of
     * half-months, months and quarters, more days than the ways of a text */
    int w = (int)((uint32_t)d % WAYS);
    const memo_text *t = &b->m->ways[k][w];
    key(b, k);
    if (t->s && t->day == d) {
        lua_rawgeti(b->L, b->kept, k * WAYS + w + 1);
        set(b);
        return;
    }
    char buf[11];
    qf_date_format(d, buf);
    lua_pushlstring(b->L, buf, 10);
    b->m->next[k] = (unsigned char)w;
    keep(b, k, 10, d);
    set(b);
}

static void text_set(builder *b, int k, const char *s)
{
    if (!s)
        return;
    key(b, k);
    lua_pushlstring(b->L, s, strlen(s)); /* not lua_pushstring: its cache by address misses */
    set(b);
}

static void int_set(builder *b, int k, int64_t v)
{
    key(b, k);
    lua_pushinteger(b->L, (lua_Integer)v);
    set(b);
}

static void id_set(builder *b, int k, int64_t id)
{
    if (id)
        int_set(b, k, id);
}

/* Pushes this state's memo and its kept strings (made on first use). */
static finding_memo *push_memo(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &MEMO) != LUA_TUSERDATA) {
        lua_pop(L, 1);
        finding_memo *m = lua_newuserdatauv(L, sizeof *m, 1);
        memset(m, 0, sizeof *m);
        lua_createtable(L, F_COUNT * WAYS, 0);
        for (int i = 1; i <= F_COUNT * WAYS; i++) { /* the array part, filled so it stays */
            lua_pushboolean(L, 0);
            lua_rawseti(L, -2, i);
        }
        lua_setiuservalue(L, -2, 1);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &MEMO);
    }
    finding_memo *m = lua_touserdata(L, -1);
    lua_getiuservalue(L, -1, 1);
    lua_remove(L, -2);
    return m;
}

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

/* Pushes the finding's table (the builder says where the names and kept texts are). */
static void build(builder *bp, const qf_finding *f)
{
    builder b = *bp;
    lua_State *L = b.L;
    lua_createtable(L, 0, F_COUNT);
    memo_text_set(&b, F_STANDARD, f->standard);
    memo_text_set(&b, F_STANDARD_TITLE, f->standard_title);
    int_set(&b, F_REV, f->rev);
    memo_text_set(&b, F_CLAUSE, f->clause);
    int_set(&b, F_REQUIREMENT, f->requirement);
    memo_text_set(&b, F_KIND, f->kind);
    memo_text_set(&b, F_STATUS, qf_finding_status_name(f->status));
    memo_text_set(&b, F_SUBJECT_TYPE, f->subject_type);
    id_set(&b, F_SUBJECT_ID, f->subject_id);
    text_set(&b, F_SUBJECT, f->subject);
    id_set(&b, F_ORG_ID, f->org_id);
    memo_text_set(&b, F_ORG, f->org);
    memo_text_set(&b, F_PERIOD, f->period);
    memo_date_set(&b, F_PERIOD_START, f->period_start);
    memo_date_set(&b, F_PERIOD_END, f->period_end);
    text_set(&b, F_MESSAGE, f->message);
    memo_text_set(&b, F_RESPONSIBLE, f->responsible);
    memo_text_set(&b, F_RESPONSIBLE_LABEL, f->responsible_label);
    memo_date_set(&b, F_DUE, f->due);
    if (f->due != QF_DATE_NONE)
        int_set(&b, F_DAYS_LEFT, f->days_left);
    key(&b, F_ACTIVITIES);
    push_ids(L, f->activities, f->n_activities);
    set(&b);
    key(&b, F_ARTIFACTS);
    push_ids(L, f->artifacts, f->n_artifacts);
    set(&b);
    text_set(&b, F_KEY, f->key);
    memo_text_set(&b, F_CAUSE, f->cause);
    text_set(&b, F_SAME_AS, f->same_as);
    memo_text_set(&b, F_MESSAGE_ID, f->message_id);
    memo_text_set(&b, F_CLAUSE_TEXT, f->clause_text);
    memo_date_set(&b, F_DEADLINE, f->deadline);
    if (f->counts) {
        key(&b, F_COUNTS);
        ql_push_counts(L, f->counts);
        set(&b);
    }
    if (f->waiver_id) {
        key(&b, F_WAIVER);
        push_waiver(L, f);
        set(&b);
    }
}

void ql_push_finding(lua_State *L, const qf_finding *f)
{
    ql_shape_keys(L, &FINDING);
    int keys = lua_gettop(L);
    finding_memo *m = push_memo(L);
    builder b = {L, keys, keys + 1, 0, m};
    build(&b, f);
    lua_replace(L, keys); /* the finding takes the keys' place; the kept strings go */
    lua_settop(L, keys);
}

int ql_push_finding_upvalues(lua_State *L)
{
    luaL_checkstack(L, F_COUNT + 8, NULL);
    ql_shape_keys(L, &FINDING);
    int keys = lua_gettop(L);
    for (int k = 1; k <= F_COUNT; k++)
        lua_rawgeti(L, keys, k);
    push_memo(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &MEMO);
    lua_insert(L, -2); /* the memo, then the kept strings */
    lua_remove(L, keys);
    return F_COUNT + 2;
}

void ql_push_finding_up(lua_State *L, const qf_finding *f, int up)
{
    builder b = {L, 0, lua_upvalueindex(up + F_COUNT + 1), up,
                 lua_touserdata(L, lua_upvalueindex(up + F_COUNT))};
    build(&b, f);
}
