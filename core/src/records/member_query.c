/* Members read "as of" a day: get, lookup, the filtered list and its count. One SQL statement
 * answers each, however many members match (attendance and quorum checks call it per activity). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"

/* ---- reading as of a day --------------------------------------------------------------- */

/*
 * One row per member with the status, branch and group on day ?1. Each "as of" value is the
 * id of the one row that applies, found by a correlated subquery on an index (member_status
 * (member_id, since), membership(member_id, start)), so a list is one statement whose cost
 * grows with the members it returns, never one query per member from C.
 */
/* The org and the group are read straight from the subquery that picks the membership row
 * (joining the row back by id cost a look-up per member and place). */
#define PLACE(kind_test)                                                                           \
    "(SELECT x.org_id FROM membership x JOIN org o ON o.id = x.org_id WHERE x.member_id = m.id"   \
    " AND o.kind " kind_test " AND x.start <= ?1 AND (x.end IS NULL OR x.end >= ?1)"               \
    " ORDER BY x.start DESC, x.id DESC LIMIT 1)"
#define MEMBER_COLS                                                                                \
    "m.id, m.code, m.name, m.gender, m.birth_date, m.joined, m.phone, m.id_number, m.attrs, "      \
    "st.status, st.since, " PLACE("<> 'group'") ", " PLACE("= 'group'")
#define JOIN_STATUS                                                                                \
    " LEFT JOIN member_status st ON st.id = (SELECT s.id FROM member_status s"                     \
    " WHERE s.member_id = m.id AND s.since <= ?1 ORDER BY s.since DESC LIMIT 1)"
#define JOIN_ALL JOIN_STATUS

void qf__member_read_own(qf_stmt *st, qf_member *m)
{
    m->id = qf__col_int64(st, 0);
    m->code = qf__col_text(st, 1);
    m->name = qf__col_text(st, 2);
    m->gender = qf__col_text(st, 3);
    m->birth_date = qf__col_date(st, 4);
    m->joined = qf__col_date(st, 5);
    m->phone = qf__col_text(st, 6);
    m->id_number = qf__col_text(st, 7);
    m->attrs = qf__col_text(st, 8);
}

static void read_row(qf_stmt *st, qf_member *m)
{
    qf__member_read_own(st, m);
    m->status = QF_STATUS_NONE;
    if (qf__col_type(st, 9) != QF_SQL_NULL)
        qf_member_status_parse(&m->status, qf__col_text(st, 9));
    m->since = qf__col_date(st, 10);
    m->org_id = qf__col_id(st, 11);
    m->group_id = qf__col_id(st, 12);
}

static int get_one(qf_member **out, qf_db *db, qf_stmt *st, qf_date on, const char *key)
{
    int rc = qf__people_check_day("on", on, true);
    if (rc) {
        qf__reset(st);
        return rc;
    }
    qf__bind_date(st, 1, on);
    rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc == QF_DONE)
            return qf__err(QF_ENOTFOUND, _("member %s does not exist"), key);
        return qf__sqlerr(db, rc, "member");
    }
    qf_member row;
    read_row(st, &row);
    const char **fields[] = {&row.code,  &row.name,      &row.gender,
                             &row.phone, &row.id_number, &row.attrs};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 6);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

int qf_member_get(qf_member **out, qf_db *db, int64_t id, qf_date on)
{
    static const char sql[] = "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL " WHERE m.id = ?2";
    *out = NULL;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 2, id);
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    return get_one(out, db, st, on == QF_DATE_NONE ? qf_db_today(db) : on, key);
}

int qf_member_lookup(qf_member **out, qf_db *db, const char *code, qf_date on)
{
    static const char sql[] = "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL " WHERE m.code = ?2";
    *out = NULL;
    int rc = qf__check_text("code", code, true, 64);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 2, code, -1, QF_STATIC);
    return get_one(out, db, st, on == QF_DATE_NONE ? qf_db_today(db) : on, code);
}

void qf_member_free(qf_member *m)
{
    free(m);
}

/* ---- list and count -------------------------------------------------------------------- */

/*
 * Parameters: ?1 on, ?2 org_id, ?3 under, ?4 status_mask, ?5 flag, ?6 name, ?7 voting.
 * With an org or subtree the statement starts from that org's membership rows (index
 * membership_org) and looks members up by id; without one it reads member in name order.
 * The scope is the subtree of `under`, or the org itself; when both are given, direct
 * membership of org_id is required on top.
 */
#define SCOPE_CTE                                                                                  \
    "WITH RECURSIVE sub(id) AS (SELECT CASE WHEN ?3 <> 0 THEN ?3 ELSE ?2 END"                      \
    " UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id WHERE ?3 <> 0) "
#define SCOPE_WHERE                                                                                \
    " WHERE m.id IN (SELECT x.member_id FROM membership x WHERE x.org_id IN (SELECT id FROM sub)"  \
    " AND x.start <= ?1 AND (x.end IS NULL OR x.end >= ?1))"                                       \
    " AND (?2 = 0 OR ?3 = 0 OR EXISTS (SELECT 1 FROM membership y WHERE y.member_id = m.id"        \
    " AND y.org_id = ?2 AND y.start <= ?1 AND (y.end IS NULL OR y.end >= ?1)))"
#define HOLDS_FLAG(test)                                                                           \
    "EXISTS (SELECT 1 FROM member_flag f WHERE f.member_id = m.id AND f.flag " test                \
    " AND f.start <= ?1 AND (f.end IS NULL OR f.end >= ?1))"
/* flags that take away the vote on the day: 停止党籍, 留党察看 */
#define HOLDS_ASKED_FLAG HOLDS_FLAG("= ?5")
#define HOLDS_BARRING_FLAG HOLDS_FLAG("IN ('" QF_FLAG_SUSPENDED "', '" QF_FLAG_DISCIPLINE "')")
#define FILTERS                                                                                    \
    " AND (?4 = 0 OR ((?4 >> CASE st.status WHEN 'applicant' THEN 0 WHEN 'activist' THEN 1"        \
    " WHEN 'candidate' THEN 2 WHEN 'probationary' THEN 3 WHEN 'full' THEN 4 END) & 1) = 1)"        \
    " AND (?5 IS NULL OR " HOLDS_ASKED_FLAG ")"                                                    \
    " AND (?6 IS NULL OR m.name = ?6)"                                                             \
    " AND (?7 = 0 OR (st.status = 'full' AND NOT " HOLDS_BARRING_FLAG "))"

/* One org without `under` (the usual question: who belonged to this branch that day): the
 * scope is that org's membership rows, with no walk down the tree. */
#define ORG_WHERE                                                                                  \
    " WHERE m.id IN (SELECT x.member_id FROM membership x WHERE x.org_id = ?2"                     \
    " AND x.start <= ?1 AND (x.end IS NULL OR x.end >= ?1))"

#define BY_NAME " ORDER BY m.name, m.id"
#define BY_STROKES " ORDER BY m.name COLLATE QF_STROKES, m.id"
static const char SQL_LIST_ALL[] =
    "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL " WHERE 1 = 1" FILTERS BY_NAME;
static const char SQL_LIST_SCOPED[] =
    SCOPE_CTE "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL SCOPE_WHERE FILTERS BY_NAME;
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM member m" JOIN_STATUS " WHERE 1 = 1" FILTERS;
static const char SQL_COUNT_SCOPED[] =
    SCOPE_CTE "SELECT count(*) FROM member m" JOIN_STATUS SCOPE_WHERE FILTERS;
static const char SQL_LIST_ORG[] =
    "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL ORG_WHERE FILTERS BY_NAME;
static const char SQL_COUNT_ORG[] = "SELECT count(*) FROM member m" JOIN_STATUS ORG_WHERE FILTERS;
/* the same lists in 姓氏笔画 order (rosters, sign-in sheets) */
static const char SQL_STROKES_ALL[] =
    "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL " WHERE 1 = 1" FILTERS BY_STROKES;
static const char SQL_STROKES_SCOPED[] =
    SCOPE_CTE "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL SCOPE_WHERE FILTERS BY_STROKES;
static const char SQL_STROKES_ORG[] =
    "SELECT " MEMBER_COLS " FROM member m" JOIN_ALL ORG_WHERE FILTERS BY_STROKES;

/* A version 1 filter has no `order` field. */
static int order_of(const qf_member_filter *f)
{
    return f->version >= 2 ? f->order : QF_MEMBER_ORDER_NAME;
}

/* The statement for a filter's scope (all members, one org, or a subtree) and order. */
static const char *list_sql(const qf_member_filter *f)
{
    if (order_of(f) == QF_MEMBER_ORDER_STROKES)
        return f->under ? SQL_STROKES_SCOPED : f->org_id ? SQL_STROKES_ORG : SQL_STROKES_ALL;
    return f->under ? SQL_LIST_SCOPED : f->org_id ? SQL_LIST_ORG : SQL_LIST_ALL;
}

static const char *count_sql(const qf_member_filter *f)
{
    return f->under ? SQL_COUNT_SCOPED : f->org_id ? SQL_COUNT_ORG : SQL_COUNT_ALL;
}

int qf__member_filter_check(qf_db *db, const qf_member_filter *f, qf_date *on, bool orgs_known)
{
    *on = f->on == QF_DATE_NONE ? qf_db_today(db) : f->on;
    int rc = qf__people_check_day("on", *on, true);
    if (!rc && f->org_id && !orgs_known)
        rc = qf__people_org(db, "org_id", f->org_id, NULL, NULL);
    if (!rc && f->under && !orgs_known)
        rc = qf__people_org(db, "under", f->under, NULL, NULL);
    if (!rc && (f->status_mask >> (QF_STATUS_FULL + 1)) != 0)
        rc = qf__err(QF_EINVALID, _("status_mask: 0x%x has bits for unknown statuses"),
                     f->status_mask);
    /* an unknown flag would match nobody; a typo should say so instead */
    if (!rc && f->flag)
        rc = qf_vocab_check(db, "flag", f->flag);
    if (!rc)
        rc = qf__check_text("name", f->name, false, 200);
    if (!rc && (f->version < 1 || f->version > QF_MEMBER_FILTER_VERSION))
        rc = qf__err(QF_EINVALID, _("member filter: version %u is unknown"), f->version);
    if (!rc && order_of(f) != QF_MEMBER_ORDER_NAME && order_of(f) != QF_MEMBER_ORDER_STROKES)
        rc = qf__err(QF_EINVALID, _("order: %d is unknown (name, strokes)"), order_of(f));
    return rc;
}

static void bind_filter(qf_stmt *st, const qf_member_filter *f, qf_date on)
{
    qf__bind_date(st, 1, on);
    qf__bind_int64(st, 2, f->org_id);
    qf__bind_int64(st, 3, f->under);
    qf__bind_int64(st, 4, f->status_mask);
    qf__bind_text(st, 5, f->flag);
    qf__bind_text(st, 6, f->name);
    qf__bind_int(st, 7, f->voting ? 1 : 0);
}

struct qf_member_iter {
    qf_db *db;
    qf_people_cursor cur; /* borrowed from the statement cache when free (a hot path) */
    qf_member row;
};

int qf_member_list(qf_member_iter **out, qf_db *db, const qf_member_filter *filter)
{
    qf_member_filter def = QF_MEMBER_FILTER_INIT;
    const qf_member_filter *f = filter ? filter : &def;
    qf_date on;
    *out = NULL;
    int rc = qf__member_filter_check(db, f, &on, false);
    if (rc)
        return rc;
    qf_member_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    rc = qf__people_cursor_open(&it->cur, db, list_sql(f));
    if (!rc) {
        bind_filter(it->cur.st, f, on);
        rc = qf__people_cursor_start(&it->cur, db, "member");
    }
    if (rc) {
        qf_member_iter_free(it);
        return rc;
    }
    *out = it;
    return QF_OK;
}

int qf_member_next(const qf_member **row, qf_member_iter *it)
{
    int rc = qf__people_cursor_next(&it->cur, it->db, "member");
    if (rc)
        return rc;
    read_row(it->cur.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_member_iter_free(qf_member_iter *it)
{
    if (!it)
        return;
    qf__people_cursor_close(&it->cur);
    free(it);
}

int qf_member_count(int64_t *out, qf_db *db, const qf_member_filter *filter)
{
    qf_member_filter def = QF_MEMBER_FILTER_INIT;
    const qf_member_filter *f = filter ? filter : &def;
    qf_date on;
    int rc = qf__member_filter_check(db, f, &on, false);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, count_sql(f));
    if (!st)
        return qf_error_last_code();
    bind_filter(st, f, on);
    rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        return qf__sqlerr(db, rc, "member");
    }
    *out = qf__col_int64(st, 0);
    qf__reset(st);
    return QF_OK;
}
