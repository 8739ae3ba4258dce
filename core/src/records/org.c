/* Organisations: a tree of committee / general_branch / branch / group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "rows.h"

static const char *const KIND_NAMES[] = {"committee", "general_branch", "branch", "group"};

const char *qf_org_kind_name(qf_org_kind k)
{
    return (unsigned)k <= QF_ORG_GROUP ? KIND_NAMES[k] : "?";
}

int qf_org_kind_parse(qf_org_kind *out, const char *name)
{
    for (int k = 0; k <= QF_ORG_GROUP; k++)
        if (name && strcmp(name, KIND_NAMES[k]) == 0) {
            *out = (qf_org_kind)k;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("org kind '%.40s' is unknown (committee, general_branch, branch, group)"),
                   name ? name : "");
}

static int check_code(const char *code)
{
    int rc = qf__check_text("code", code, true, 64);
    if (rc)
        return rc;
    for (const char *p = code; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            return qf__err(QF_EINVALID, _("code: '%s' must not contain spaces"), code);
    return QF_OK;
}

/* A child ranks strictly below its parent: committee > general_branch > branch > group. */
static int check_parent(qf_db *db, const qf_org *o)
{
    static const char sql[] = "SELECT kind FROM org WHERE id = ?1";
    if (!o->parent_id) {
        if (o->kind == QF_ORG_GROUP)
            return qf__err(QF_EINVALID, _("org %s: a party group needs a parent branch"), o->code);
        return QF_OK;
    }
    if (o->parent_id == o->id)
        return qf__err(QF_EINVALID, _("org %s: cannot be its own parent"), o->code);
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, o->parent_id);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("org %s: parent org %lld does not exist"), o->code,
                       (long long)o->parent_id);
    }
    qf_org_kind pk = QF_ORG_COMMITTEE;
    qf_org_kind_parse(&pk, qf__col_text(st, 0));
    qf__reset(st);
    if (pk >= o->kind && !(pk == QF_ORG_COMMITTEE && o->kind == QF_ORG_COMMITTEE))
        return qf__err(QF_EINVALID, _("org %s: a %s cannot be placed under a %s"), o->code,
                       qf_org_kind_name(o->kind), qf_org_kind_name(pk));
    return QF_OK;
}

static int validate(qf_db *db, const qf_org *o)
{
    if ((unsigned)o->kind > QF_ORG_GROUP)
        return qf__err(QF_EINVALID, _("org kind %d is unknown"), (int)o->kind);
    int rc = check_code(o->code);
    if (!rc)
        rc = qf__check_text("name", o->name, true, 400);
    if (!rc)
        rc = qf__check_json_object(db, "attrs", o->attrs);
    if (!rc)
        rc = check_parent(db, o);
    return rc;
}

int qf_org_create(int64_t *id_out, qf_db *db, const qf_org *o)
{
    static const char sql[] =
        "INSERT INTO org (parent_id, kind, code, name, attrs) VALUES (?1, ?2, ?3, ?4, ?5)";
    int rc = validate(db, o);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_id(st, 1, o->parent_id);
    qf__bind_textn(st, 2, qf_org_kind_name(o->kind), -1, QF_STATIC);
    qf__bind_textn(st, 3, o->code, -1, QF_STATIC);
    qf__bind_textn(st, 4, o->name, -1, QF_STATIC);
    qf__bind_attrs(st, 5, o->attrs);
    rc = qf__exec_stmt(db, st, "org");
    if (rc == QF_EEXISTS)
        rc = qf__err(QF_EEXISTS, _("org code '%s' is already taken"), o->code);
    if (rc == QF_OK && id_out)
        *id_out = qf__last_insert_id(db);
    return qf__tx_end(db, rc);
}

/* Refuses to move an org below one of its own descendants. */
static int check_no_cycle(qf_db *db, const qf_org *o)
{
    static const char sql[] =
        "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT parent_id FROM org, up "
        "WHERE org.id = up.id AND parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = ?2";
    if (!o->parent_id)
        return QF_OK;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, o->parent_id);
    qf__bind_int64(st, 2, o->id);
    int cycle = qf__step(st) == QF_ROW;
    qf__reset(st);
    if (cycle)
        return qf__err(QF_EINVALID, _("org %s: cannot be moved below its own descendant"), o->code);
    return QF_OK;
}

int qf_org_update(qf_db *db, const qf_org *o)
{
    static const char sql[] = "UPDATE org SET parent_id = ?1, kind = ?2, code = ?3, name = ?4, "
                              "attrs = ?5 WHERE id = ?6";
    int rc = validate(db, o);
    if (!rc)
        rc = check_no_cycle(db, o);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_id(st, 1, o->parent_id);
    qf__bind_textn(st, 2, qf_org_kind_name(o->kind), -1, QF_STATIC);
    qf__bind_textn(st, 3, o->code, -1, QF_STATIC);
    qf__bind_textn(st, 4, o->name, -1, QF_STATIC);
    qf__bind_attrs(st, 5, o->attrs);
    qf__bind_int64(st, 6, o->id);
    rc = qf__exec_stmt(db, st, "org");
    if (rc == QF_EEXISTS)
        rc = qf__err(QF_EEXISTS, _("org code '%s' is already taken"), o->code);
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)o->id);
    return qf__tx_end(db, rc);
}

int qf_org_delete(qf_db *db, int64_t id)
{
    static const char sql_refs[] =
        "SELECT (SELECT count(*) FROM org WHERE parent_id = ?1) AS children, "
        "(SELECT count(*) FROM membership WHERE org_id = ?1) AS members, "
        "(SELECT count(*) FROM position WHERE org_id = ?1) AS positions, "
        "(SELECT count(*) FROM activity WHERE org_id = ?1) AS activities";
    static const char sql[] = "DELETE FROM org WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql_refs);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) == QF_ROW) {
        static const char *what[] = {N_("child orgs"), N_("memberships"), N_("positions"),
                                     N_("activities")};
        for (int i = 0; i < 4; i++) {
            int n = qf__col_int(st, i);
            if (n) {
                qf__reset(st);
                return qf__err(QF_ECONSTRAINT, _("org %lld still has %d %s; remove them first"),
                               (long long)id, n, _(what[i]));
            }
        }
    }
    qf__reset(st);
    int rc = qf__tx_begin(db);
    if (rc)
        return rc;
    st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, id);
    rc = qf__exec_stmt(db, st, "org");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("org %lld does not exist"), (long long)id);
    return qf__tx_end(db, rc);
}

#define ORG_COLUMNS "id, parent_id, kind, code, name, attrs"

static void read_row(qf_stmt *st, qf_org *o)
{
    o->id = qf__col_int64(st, 0);
    o->parent_id = qf__col_id(st, 1);
    o->kind = QF_ORG_COMMITTEE;
    qf_org_kind_parse(&o->kind, qf__col_text(st, 2));
    o->code = qf__col_text(st, 3);
    o->name = qf__col_text(st, 4);
    o->attrs = qf__col_text(st, 5);
}

static int get_one(qf_org **out, qf_db *db, qf_stmt *st, const char *key)
{
    *out = NULL;
    int rc = qf__step(st);
    if (rc != QF_ROW) {
        qf__reset(st);
        if (rc == QF_DONE)
            return qf__err(QF_ENOTFOUND, _("org %s does not exist"), key);
        return qf__sqlerr(db, rc, "org");
    }
    qf_org row;
    read_row(st, &row);
    const char **fields[] = {&row.code, &row.name, &row.attrs};
    *out = qf__record_dup(&row, sizeof row, (const char **const *)fields, 3);
    qf__reset(st);
    return *out ? QF_OK : qf__oom();
}

int qf_org_get(qf_org **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT " ORG_COLUMNS " FROM org WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    return get_one(out, db, st, key);
}

int qf_org_lookup(qf_org **out, qf_db *db, const char *code)
{
    static const char sql[] = "SELECT " ORG_COLUMNS " FROM org WHERE code = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, code);
    return get_one(out, db, st, code ? code : "");
}

void qf_org_free(qf_org *org)
{
    free(org);
}

struct qf_org_iter {
    qf__rows rows;
    qf_org row;
};

int qf_org_list(qf_org_iter **out, qf_db *db, const qf_org_filter *f)
{
    qf_org_filter def = QF_ORG_FILTER_INIT;
    if (!f)
        f = &def;
    qf_org_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    /* depth-first over the tree, children ordered by code. The walk starts at `under`, or else
     * at `parent` (its children are in its subtree, in the same order): starting at the roots
     * walked and sorted the whole tree to return one branch's groups (3,100 orgs: a million
     * instructions per call, measured) */
    int rc = qf__rows_open(&it->rows, db,
        "WITH RECURSIVE t(id, path) AS ("
        " SELECT id, code FROM org WHERE (?2 = 0 AND parent_id IS NULL) OR id = ?2"
        " UNION ALL SELECT o.id, t.path || '\x1f' || o.code FROM org o JOIN t ON o.parent_id = t.id)"
        " SELECT o.id, o.parent_id, o.kind, o.code, o.name, o.attrs FROM t JOIN org o ON o.id = t.id"
        " WHERE (?1 = 0 OR o.parent_id = ?1) AND (?3 IS NULL OR o.kind = ?3) ORDER BY t.path");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, f->parent_id);
    qf__bind_int64(it->rows.st, 2, f->under ? f->under : f->parent_id);
    if (f->kind >= 0)
        qf__bind_textn(it->rows.st, 3, qf_org_kind_name((qf_org_kind)f->kind), -1, QF_STATIC);
    *out = it;
    return QF_OK;
}

int qf_org_next(const qf_org **row, qf_org_iter *it)
{
    int rc = qf__rows_step(&it->rows, "org");
    if (rc)
        return rc;
    read_row(it->rows.st, &it->row);
    *row = &it->row;
    return QF_OK;
}

void qf_org_iter_free(qf_org_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
