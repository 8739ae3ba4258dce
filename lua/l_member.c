/* Members: db:add_member, db:member, db:members, db:count_members, the member record's
 * dated changes (status, membership, flags), history, and org:members. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ql.h"

int ql_member_lookup(int64_t *id, qf_db *db, const char *code)
{
    qf_member *m = NULL;
    int rc = qf_member_lookup(&m, db, code, QF_DATE_NONE);
    if (rc == QF_OK)
        *id = m->id;
    qf_member_free(m);
    return rc;
}

enum {
    M_ID, M_CODE, M_NAME, M_GENDER, M_BIRTH_DATE, M_JOINED, M_PHONE, M_ID_NUMBER, M_ATTRS,
    M_STATUS, M_SINCE, M_ORG_ID, M_GROUP_ID, M_COUNT
};
static const char *const MEMBER_KEYS[M_COUNT] = {
    "id",        "code",  "name",   "gender", "birth_date", "joined",  "phone",
    "id_number", "attrs", "status", "since",  "org_id",     "group_id"};
static const ql_shape MEMBER = {"member", MEMBER_KEYS, M_COUNT};

/* The record; personal fields masked when `masked`. */
static void fill_member(ql_rec *r, const qf_member *m, bool masked)
{
    ql_rec_int(r, M_ID, m->id);
    ql_rec_text(r, M_CODE, m->code);
    ql_rec_text(r, M_NAME, m->name);
    ql_rec_text(r, M_GENDER, m->gender);
    if (masked) {
        /* a shared pack sees what an export shows, never the personal fields in clear */
        qf_member_masked mm;
        qf_member_mask(m, &mm);
        ql_rec_text(r, M_BIRTH_DATE, mm.birth_date[0] ? mm.birth_date : NULL);
        ql_rec_text(r, M_PHONE, mm.phone[0] ? mm.phone : NULL);
        ql_rec_text(r, M_ID_NUMBER, mm.id_number[0] ? mm.id_number : NULL);
    } else {
        ql_rec_date(r, M_BIRTH_DATE, m->birth_date);
        ql_rec_text(r, M_PHONE, m->phone);
        ql_rec_text(r, M_ID_NUMBER, m->id_number);
    }
    ql_rec_date(r, M_JOINED, m->joined);
    ql_rec_attrs(r, M_ATTRS, m->attrs);
    ql_rec_text(r, M_STATUS,
                m->status == QF_STATUS_NONE ? NULL : qf_member_status_name(m->status));
    ql_rec_date(r, M_SINCE, m->since);
    ql_rec_id(r, M_ORG_ID, m->org_id);
    ql_rec_id(r, M_GROUP_ID, m->group_id);
    ql_shape_end(r);
}

static void push_member(lua_State *L, int dbidx, const qf_member *m, bool masked)
{
    ql_rec r;
    ql_shape_begin(L, lua_absindex(L, dbidx), &MEMBER, &r);
    fill_member(&r, m, masked);
}

void ql_push_member(lua_State *L, int dbidx, const qf_member *m)
{
    const ql_db *h = luaL_testudata(L, dbidx, QL_DB_MT);
    push_member(L, dbidx, m, h && (h->flags & QL_DB_RESTRICTED));
}

/* Pushes the member as of `on`, or nil when there is none; other failures raise. */
int ql_push_member_by_id(lua_State *L, int dbidx, qf_db *db, int64_t id, qf_date on)
{
    qf_member *m = NULL;
    int rc = qf_member_get(&m, db, id, on);
    if (rc == QF_ENOTFOUND) {
        lua_pushnil(L);
        return 1;
    }
    ql_check(L, rc);
    ql_push_member(L, dbidx, m);
    qf_member_free(m);
    return 1;
}

int ql_push_member_of(lua_State *L, int dbidx, ql_db *h, int64_t id, qf_date on)
{
    const qf_member *m = NULL;
    bool answered = false;
    if (h->view) {
        ql_check(L, qf_check_view_member(&m, &answered, h->view, id, on));
        if (answered) {
            ql_push_member(L, dbidx, m);
            return 1;
        }
    }
    return ql_push_member_by_id(L, dbidx, h->db, id, on);
}

static qf_member_status check_status(lua_State *L, const char *fn, const char *s)
{
    qf_member_status st;
    if (qf_member_status_parse(&st, s) != QF_OK)
        ql_error(L, QF_EINVALID, "%s: %s", fn, qf_error_last());
    return st;
}

static const char *const ADD_FIELDS[] = {"name", "code", "gender", "birth_date", "joined",
                                         "phone", "id_number", "attrs", "status", "since",
                                         "org", "org_id", "group", "group_id", NULL};

/* `org`/`org_id` and `group`/`group_id` are the same field: records carry the _id form. */
static int64_t org_field(lua_State *L, int t, ql_db *h, const char *fn, const char *a,
                         const char *b)
{
    const char *field = ql_has(L, t, a) ? a : b;
    return ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, field, false);
}

/* db:add_member{name=, status=, since=, org=, group=, …} -> member (as of since or today) */
static int db_add_member(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    ql_check_writable(L, h, "add_member");
    ql_check_fields(L, 2, "add_member", ADD_FIELDS);
    qf_member m = {0};
    m.name = ql_opt_text(L, 2, "add_member", "name", NULL);
    m.code = ql_opt_text(L, 2, "add_member", "code", NULL);
    m.gender = ql_opt_text(L, 2, "add_member", "gender", NULL);
    m.birth_date = ql_opt_date(L, 2, "add_member", "birth_date", QF_DATE_NONE);
    m.joined = ql_opt_date(L, 2, "add_member", "joined", QF_DATE_NONE);
    m.phone = ql_opt_text(L, 2, "add_member", "phone", NULL);
    m.id_number = ql_opt_text(L, 2, "add_member", "id_number", NULL);
    m.attrs = ql_opt_attrs(L, 2, "add_member", "attrs");
    const char *status = ql_opt_text(L, 2, "add_member", "status", NULL);
    m.status = status ? check_status(L, "add_member", status) : QF_STATUS_NONE;
    m.since = ql_opt_date(L, 2, "add_member", "since", QF_DATE_NONE);
    m.org_id = org_field(L, 2, h, "add_member", "org", "org_id");
    m.group_id = org_field(L, 2, h, "add_member", "group", "group_id");
    int64_t id = 0;
    ql_check(L, qf_member_create(&id, h->db, &m));
    /* The record as db:member(id) reads it as of `since` or today, whichever is later (a
     * member whose status starts after today is shown as of that start), made from what was
     * written rather than read back: a new member is the fields given (an empty text stored as
     * none), the status from `since`, and the org and group joined that day. */
    qf_member r = m;
    r.id = id;
    const char **texts[] = {&r.code, &r.gender, &r.phone, &r.id_number};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (*texts[i] && !**texts[i])
            *texts[i] = NULL;
    if (!r.attrs || !*r.attrs)
        r.attrs = "{}";
    r.since = r.status == QF_STATUS_NONE ? QF_DATE_NONE
              : m.since == QF_DATE_NONE  ? qf_db_today(h->db)
                                         : m.since;
    ql_push_member(L, 1, &r);
    return 1;
}

static const char *const GET_OPTIONS[] = {"on", NULL};

/* db:member(id | code | record [, {on=}]) -> member or nil */
static int db_member(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_date on = QF_DATE_NONE;
    if (!lua_isnoneornil(L, 3)) {
        ql_check_fields(L, 3, "member", GET_OPTIONS);
        on = ql_opt_date(L, 3, "member", "on", QF_DATE_NONE);
    }
    if (lua_type(L, 2) == LUA_TSTRING) {
        qf_member *m = NULL;
        int rc = qf_member_lookup(&m, h->db, lua_tostring(L, 2), on);
        if (rc == QF_ENOTFOUND) {
            lua_pushnil(L);
            return 1;
        }
        ql_check(L, rc);
        ql_push_member(L, 1, m);
        qf_member_free(m);
        return 1;
    }
    int64_t id = ql_ref(L, 2, h, "member", ql_member_lookup, "member", "id", true);
    return ql_push_member_of(L, 1, h, id, on);
}

static const char *const FILTER_FIELDS[] = {"org", "under", "on", "status", "flag", "name",
                                            "voting", "order", NULL};

/* Reads a members filter table at `t` (0: none) into `f`. */
static void read_filter(lua_State *L, int t, ql_db *h, const char *fn, qf_member_filter *f)
{
    if (!t)
        return;
    ql_check_fields(L, t, fn, FILTER_FIELDS);
    f->org_id = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, "org", false);
    f->under = ql_opt_ref(L, t, h, "org", ql_org_lookup, fn, "under", false);
    f->on = ql_opt_date(L, t, fn, "on", QF_DATE_NONE);
    f->flag = ql_opt_text(L, t, fn, "flag", NULL);
    f->name = ql_opt_text(L, t, fn, "name", NULL);
    f->voting = ql_opt_bool(L, t, fn, "voting", false);
    const char *order = ql_opt_text(L, t, fn, "order", "name");
    if (strcmp(order, "strokes") == 0)
        f->order = QF_MEMBER_ORDER_STROKES;
    else if (strcmp(order, "name") != 0)
        ql_field_error(L, fn, "order", _("must be \"name\" or \"strokes\" (姓氏笔画)"));
    lua_getfield(L, t, "status");
    if (lua_type(L, -1) == LUA_TSTRING) {
        f->status_mask = 1u << check_status(L, fn, lua_tostring(L, -1));
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                ql_field_error(L, fn, "status", _("must be a status or a list of statuses"));
            f->status_mask |= 1u << check_status(L, fn, lua_tostring(L, -1));
            lua_pop(L, 1);
        }
        if (n == 0)
            ql_field_error(L, fn, "status", _("must be a status or a list of statuses"));
    } else if (!lua_isnil(L, -1)) {
        ql_field_error(L, fn, "status", _("must be a status or a list of statuses"));
    }
    lua_pop(L, 1);
}

/* ---- kept member lists (see ql_memo in ql.h) ------------------------------------------ */

typedef struct memo_list {
    struct memo_list *next;
    char key[200];
    qf_member *rows; /* strings owned by the list */
    size_t n;
    int users; /* iterators walking it: it is not dropped under them */
} memo_list;

/* The most recent lists, newest first. A check asks about one branch at a time, so a few
 * suffice; keeping every list made each look-up walk them all (a whole-deployment check grew
 * as the square of the branches). */
#define MEMO_KEEP 16
struct ql_memo {
    memo_list *lists;
};

ql_memo *ql_memo_new(void)
{
    return calloc(1, sizeof(ql_memo));
}

static void free_rows(qf_member *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)rows[i].code);
        free((char *)rows[i].name);
        free((char *)rows[i].gender);
        free((char *)rows[i].phone);
        free((char *)rows[i].id_number);
        free((char *)rows[i].attrs);
    }
    free(rows);
}

void ql_memo_free(ql_memo *m)
{
    if (!m)
        return;
    for (memo_list *l = m->lists, *next; l; l = next) {
        next = l->next;
        free_rows(l->rows, l->n);
        free(l);
    }
    free(m);
}

static char *dup_or_null(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

/* Reads the whole list into a new memo entry; NULL (nothing kept) when out of memory.
 * Raises when the list itself fails. */
static memo_list *memo_fill(lua_State *L, ql_db *h, const qf_member_filter *f, const char *key)
{
    /* the branch being judged answers from what the engine holds when it can */
    const qf_member *view_rows = NULL;
    size_t view_n = 0, view_pos = 0;
    bool from_view = false;
    if (h->view)
        ql_check(L, qf_check_view_members(&view_rows, &view_n, &from_view, h->view, f));
    qf_member_iter *it = NULL;
    if (!from_view)
        ql_check(L, qf_member_list(&it, h->db, f));
    memo_list *l = calloc(1, sizeof *l);
    size_t cap = 0;
    bool ok = l != NULL;
    const qf_member *row;
    int rc = QF_ITEROVER;
    while (ok && (from_view ? (rc = view_pos < view_n ? (row = &view_rows[view_pos++], QF_OK)
                                                      : QF_ITEROVER)
                            : (rc = qf_member_next(&row, it))) == QF_OK) {
        if (l->n == cap) {
            cap = cap ? 2 * cap : 32;
            qf_member *grown = realloc(l->rows, cap * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            l->rows = grown;
        }
        qf_member *m = &l->rows[l->n++];
        *m = *row;
        m->code = dup_or_null(row->code, &ok);
        m->name = dup_or_null(row->name, &ok);
        m->gender = dup_or_null(row->gender, &ok);
        m->phone = dup_or_null(row->phone, &ok);
        m->id_number = dup_or_null(row->id_number, &ok);
        m->attrs = dup_or_null(row->attrs, &ok);
    }
    qf_member_iter_free(it);
    if (ok && rc != QF_ITEROVER) {
        free_rows(l->rows, l->n);
        free(l);
        ql_check(L, rc);
    }
    if (!ok) {
        if (l)
            free_rows(l->rows, l->n);
        free(l);
        return NULL;
    }
    snprintf(l->key, sizeof l->key, "%s", key);
    l->next = h->memo->lists;
    h->memo->lists = l;
    /* drop idle lists beyond the newest MEMO_KEEP */
    int kept = 0;
    for (memo_list **pp = &h->memo->lists; *pp;) {
        memo_list *m = *pp;
        if (++kept > MEMO_KEEP && m->users == 0) {
            *pp = m->next;
            free_rows(m->rows, m->n);
            free(m);
        } else {
            pp = &m->next;
        }
    }
    return l;
}

typedef struct memo_iter {
    memo_list *list;
    size_t pos;
} memo_iter;

static void memo_iter_free(void *p)
{
    memo_iter *it = p;
    it->list->users--;
    free(it);
}

/* Upvalues as members_next; the rows come from a kept list. */
static int memo_next(lua_State *L)
{
    memo_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    if (it->pos == it->list->n)
        return ql_iter_end(L, QF_ITEROVER);
    ql_rec r;
    ql_shape_begin_at(L, lua_upvalueindex(2), lua_upvalueindex(3), &MEMBER, &r);
    fill_member(&r, &it->list->rows[it->pos++], lua_toboolean(L, lua_upvalueindex(4)));
    return 1;
}

/* Upvalues: the iterator, the record metatable and the shape's keys (resolved once), and
 * whether personal fields are masked (the handle is restricted). */
static int members_next(lua_State *L)
{
    qf_member_iter *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_member *row;
    int rc = qf_member_next(&row, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    ql_rec r;
    ql_shape_begin_at(L, lua_upvalueindex(2), lua_upvalueindex(3), &MEMBER, &r);
    fill_member(&r, row, lua_toboolean(L, lua_upvalueindex(4)));
    return 1;
}

static int push_members(lua_State *L, int dbidx, ql_db *h, const qf_member_filter *f)
{
    qf_member_iter *it = NULL;
    dbidx = lua_absindex(L, dbidx);
    ql_push_record_mt(L, dbidx, "member");
    ql_shape_keys(L, &MEMBER);
    lua_pushboolean(L, (h->flags & QL_DB_RESTRICTED) != 0);
    if (h->memo) {
        char key[200];
        qf_date on = f->on == QF_DATE_NONE ? qf_db_today(h->db) : f->on;
        snprintf(key, sizeof key, "%lld|%lld|%d|%u|%d|%d|%s|%s", (long long)f->org_id,
                 (long long)f->under, (int)on, f->status_mask, f->voting ? 1 : 0, f->order,
                 f->flag ? f->flag : "\x1f", f->name ? f->name : "\x1f");
        memo_list *l = NULL;
        for (memo_list *m = h->memo->lists; m && !l; m = m->next)
            if (strcmp(m->key, key) == 0)
                l = m;
        if (!l && strlen(key) < sizeof key - 1)
            l = memo_fill(L, h, f, key);
        if (l) {
            memo_iter *mi = malloc(sizeof *mi);
            if (mi) {
                mi->list = l;
                mi->pos = 0;
                l->users++;
                return ql_push_iter_with(L, dbidx, mi, memo_iter_free, memo_next, 3);
            }
        }
    }
    ql_check(L, qf_member_list(&it, h->db, f));
    return ql_push_iter_with(L, dbidx, it, (ql_iter_free_fn)qf_member_iter_free, members_next,
                             3);
}

/* db:members{org=, under=, on=, status=, flag=, name=, voting=, order=} -> iterator by name
 * (order = "strokes": in 姓氏笔画 order) */
static int db_members(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    read_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "members", &f);
    return push_members(L, 1, h, &f);
}

/* db:count_members{…} -> integer (counted in SQL) */
static int db_count_members(lua_State *L)
{
    ql_db *h = ql_checkdb(L, 1);
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    read_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "count_members", &f);
    int64_t n = 0;
    bool answered = false;
    if (h->view)
        ql_check(L, qf_check_view_count(&n, &answered, h->view, &f));
    if (!answered)
        ql_check(L, qf_member_count(&n, h->db, &f));
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* org:members{on=, status=, flag=, name=, voting=} -> the org's direct members */
static int org_members(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "org", &id);
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    if (!lua_isnoneornil(L, 2) && (ql_has(L, 2, "org") || ql_has(L, 2, "under")))
        return ql_error(L, QF_EINVALID, "%s", _("members: an org's members are its own; use db:members "
                                     "for another org"));
    read_filter(L, lua_isnoneornil(L, 2) ? 0 : 2, h, "members", &f);
    f.org_id = id;
    ql_push_record_db(L, 1);
    return push_members(L, lua_gettop(L), h, &f);
}

/* Re-reads the member at arg 1 as of today into the record itself; returns it. */
static int refresh(lua_State *L, ql_db *h, int64_t id)
{
    ql_push_record_db(L, 1);
    ql_push_member_by_id(L, lua_gettop(L), h->db, id, QF_DATE_NONE);
    if (!lua_isnil(L, -1))
        ql_replace_record(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* m:update{name=, code=, gender=, birth_date=, joined=, phone=, id_number=, attrs=}
 * (false clears an optional field) */
static int member_update(lua_State *L)
{
    static const char *const fields[] = {"name",  "code",      "gender", "birth_date", "joined",
                                         "phone", "id_number", "attrs",  NULL};
    static const char *const dated[] = {"status", "since", "org", "org_id", "group", "group_id",
                                        NULL};
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "update");
    luaL_checktype(L, 2, LUA_TTABLE);
    for (const char *const *d = dated; *d; d++)
        if (ql_has(L, 2, *d))
            return ql_error(L, QF_EINVALID, _("update: field '%s' changes only with a date: use "
                                   "set_status, join or leave"),
                              *d);
    ql_check_fields(L, 2, "update", fields);
    qf_member *cur = NULL;
    ql_check(L, qf_member_get(&cur, h->db, id, QF_DATE_NONE));
    ql_push_record_db(L, 1);
    /* the stored values in clear, also for restricted code's on_complete: this table is only
     * the base of the update (masked values written back would overwrite the real ones) */
    push_member(L, -1, cur, false);
    qf_member_free(cur);
    int c = lua_gettop(L);
    /* start from the stored values; a field given as false is cleared */
    for (const char *const *f = fields; *f; f++) {
        lua_getfield(L, 2, *f);
        if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
            lua_pushnil(L);
            lua_setfield(L, c, *f);
        } else if (!lua_isnil(L, -1) && strcmp(*f, "attrs") != 0) {
            lua_pushvalue(L, -1);
            lua_setfield(L, c, *f);
        }
        lua_pop(L, 1);
    }
    qf_member m = {0};
    m.id = id;
    m.name = ql_opt_text(L, c, "update", "name", NULL);
    m.code = ql_opt_text(L, c, "update", "code", NULL);
    m.gender = ql_opt_text(L, c, "update", "gender", NULL);
    m.birth_date = ql_opt_date(L, c, "update", "birth_date", QF_DATE_NONE);
    m.joined = ql_opt_date(L, c, "update", "joined", QF_DATE_NONE);
    m.phone = ql_opt_text(L, c, "update", "phone", NULL);
    m.id_number = ql_opt_text(L, c, "update", "id_number", NULL);
    lua_getfield(L, 2, "attrs");
    if (lua_isnil(L, -1) || lua_isboolean(L, -1)) {
        lua_pop(L, 1);
        lua_getfield(L, c, "attrs");
    }
    if (lua_isboolean(L, -1))
        lua_newtable(L);
    ql_push_table_json(L, -1, "update", "attrs");
    m.attrs = lua_tostring(L, -1);
    m.status = QF_STATUS_NONE;
    ql_check(L, qf_member_update(h->db, &m));
    return refresh(L, h, id);
}

/* m:delete(): refused while attendance or positions refer to the member */
static int member_delete(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "delete");
    ql_check(L, qf_member_delete(h->db, id));
    lua_pushnil(L);
    lua_setfield(L, 1, "id");
    return 0;
}

/* m:set_status(status [, since [, note]]) */
static int member_set_status(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "set_status");
    qf_member_status st = check_status(L, "set_status", luaL_checkstring(L, 2));
    qf_date since = ql_opt_date_arg(L, 3, "set_status", qf_db_today(h->db));
    ql_check(L, qf_member_set_status(h->db, id, st, since, luaL_optstring(L, 4, NULL)));
    return refresh(L, h, id);
}

/* m:join(org [, since]) */
static int member_join(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "join");
    int64_t org = ql_ref(L, 2, h, "org", ql_org_lookup, "join", "org", true);
    qf_date since = ql_opt_date_arg(L, 3, "join", qf_db_today(h->db));
    ql_check(L, qf_member_join(h->db, id, org, since));
    return refresh(L, h, id);
}

/* m:leave(org [, until]) */
static int member_leave(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "leave");
    int64_t org = ql_ref(L, 2, h, "org", ql_org_lookup, "leave", "org", true);
    qf_date until = ql_opt_date_arg(L, 3, "leave", qf_db_today(h->db));
    ql_check(L, qf_member_leave(h->db, id, org, until));
    return refresh(L, h, id);
}

/* m:set_flag(flag [, start [, finish]]) */
static int member_set_flag(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "set_flag");
    const char *flag = luaL_checkstring(L, 2);
    qf_date start = ql_opt_date_arg(L, 3, "set_flag", qf_db_today(h->db));
    qf_date finish = ql_opt_date_arg(L, 4, "set_flag", QF_DATE_NONE);
    ql_check(L, qf_member_set_flag(h->db, id, flag, start, finish));
    return refresh(L, h, id);
}

/* m:clear_flag(flag [, finish]) */
static int member_clear_flag(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    ql_check_writable(L, h, "clear_flag");
    const char *flag = luaL_checkstring(L, 2);
    qf_date finish = ql_opt_date_arg(L, 3, "clear_flag", qf_db_today(h->db));
    ql_check(L, qf_member_clear_flag(h->db, id, flag, finish));
    return refresh(L, h, id);
}

/* m:has_flag(flag [, on]) -> boolean */
static int member_has_flag(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    bool has = false;
    qf_date on = ql_opt_date_arg(L, 3, "has_flag", qf_db_today(h->db));
    ql_check(L, qf_member_has_flag(&has, h->db, id, luaL_checkstring(L, 2), on));
    lua_pushboolean(L, has);
    return 1;
}

/* m:status_on(date) -> status or nil */
static int member_status_on(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    qf_member_status st = QF_STATUS_NONE;
    ql_check(L, qf_member_status_on(&st, h->db, id, ql_check_date(L, 2, "status_on")));
    ql_push_text(L, st == QF_STATUS_NONE ? NULL : qf_member_status_name(st));
    return 1;
}

static int history_next(lua_State *L)
{
    qf_member_history *it = ql_iter_get(L);
    if (!it)
        return 0;
    const qf_member_event *e;
    int rc = qf_member_history_next(&e, it);
    if (rc != QF_OK)
        return ql_iter_end(L, rc);
    lua_createtable(L, 0, 6);
    ql_set_text(L, "what", e->what);
    ql_set_text(L, "value", e->value);
    ql_set_id(L, "org_id", e->org_id);
    ql_set_date(L, "start", e->start);
    ql_set_date(L, "finish", e->end);
    ql_set_text(L, "note", e->note);
    return 1;
}

/* m:history() -> iterator over {what, value, org_id, start, finish, note}, oldest first */
static int member_history(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    qf_member_history *it = NULL;
    ql_check(L, qf_member_history_list(&it, h->db, id));
    ql_push_record_db(L, 1);
    return ql_push_iter(L, lua_gettop(L), it, (ql_iter_free_fn)qf_member_history_free,
                        history_next);
}

/* member:age([on]) -> the years completed on `on` (default today), nil without a birth date.
 * Computed from the stored date, so restricted code (which sees the date masked) can still
 * apply an age rule. */
static int member_age(lua_State *L)
{
    int64_t id;
    ql_db *h = ql_check_record(L, 1, "member", &id);
    qf_date on = ql_opt_date_arg(L, 2, "age", qf_db_today(h->db));
    qf_member *m = NULL;
    ql_check(L, qf_member_get(&m, h->db, id, QF_DATE_NONE));
    qf_date born = m->birth_date;
    qf_member_free(m);
    if (born == QF_DATE_NONE) {
        lua_pushnil(L);
        return 1;
    }
    int by, bm, bd, y, mo, d;
    qf_date_to_ymd(born, &by, &bm, &bd);
    qf_date_to_ymd(on, &y, &mo, &d);
    lua_pushinteger(L, y - by - (mo < bm || (mo == bm && d < bd) ? 1 : 0));
    return 1;
}

static const luaL_Reg MEMBER_METHODS[] = {
    {"update", member_update},         {"delete", member_delete},
    {"set_status", member_set_status}, {"join", member_join},
    {"leave", member_leave},           {"set_flag", member_set_flag},
    {"clear_flag", member_clear_flag}, {"has_flag", member_has_flag},
    {"status_on", member_status_on},   {"history", member_history},
    {"age", member_age},               {NULL, NULL},
};

static const luaL_Reg DB_METHODS[] = {
    {"add_member", db_add_member},
    {"member", db_member},
    {"members", db_members},
    {"count_members", db_count_members},
    {NULL, NULL},
};

void ql_open_member(lua_State *L, int dbm, int mod)
{
    (void)mod;
    ql_define_record_type(L, "member", MEMBER_METHODS);
    lua_pushvalue(L, dbm);
    luaL_setfuncs(L, DB_METHODS, 0);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "qufa.methods.org");
    lua_pushcfunction(L, org_members);
    lua_setfield(L, -2, "members");
    lua_pop(L, 1);
}
