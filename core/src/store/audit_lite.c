/*
 * The audit log on SQLite (see audit.c): triggers generated from each record table's own
 * columns, the baseline after a migration, and the comparison of live rows with their last
 * logged images. A row's image is json_object('c1', t."c1", …) over its columns in order; on
 * PostgreSQL row_to_json gives the same text (audit_pg.c), so an entry hashes the same on both.
 *
 * The SQL here is built from the schema's own table and column names (never from user
 * values), quoted as identifiers (%w) and literals (%Q).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "audit_backend.h"

static const char SQL_TABLES[] =
    "SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' "
    "AND s.name NOT LIKE 'audit_%' AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) c "
    "WHERE c.name = 'id' AND c.pk = 1 AND upper(c.type) = 'INTEGER') ORDER BY s.name";

/* Appends json_object('c1', P."c1", ...) for table `t` with row prefix P (NEW/OLD/t). */
static char *json_expr(qf_db *db, const char *table, const char *prefix)
{
    qf_stmt *cols = NULL;
    if (qf__prepare(&cols, db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid"))
        return NULL;
    qf__bind_textn(cols, 1, table, -1, QF_STATIC);
    char *expr = sqlite3_mprintf("json_object(");
    bool first = true;
    while (expr && qf__step(cols) == QF_ROW) {
        const char *c = qf__col_text(cols, 0);
        char *next = sqlite3_mprintf("%s%s%Q, %s.\"%w\"", expr, first ? "" : ", ", c, prefix, c);
        sqlite3_free(expr);
        expr = next;
        first = false;
    }
    qf__finalize(cols);
    if (expr) {
        char *next = sqlite3_mprintf("%s)", expr);
        sqlite3_free(expr);
        expr = next;
    }
    if (!expr)
        qf__oom();
    return expr;
}

static int create_triggers_for(qf_db *db, const char *t)
{
    char *nj = json_expr(db, t, "NEW");
    char *oj = json_expr(db, t, "OLD");
    if (!nj || !oj) {
        sqlite3_free(nj);
        sqlite3_free(oj);
        return qf_error_last_code() ? qf_error_last_code() : qf__oom();
    }
    static const char ctx[] =
        "(SELECT at FROM audit_ctx WHERE id = 1), (SELECT actor FROM audit_ctx WHERE id = 1)";
    char *sql = sqlite3_mprintf(
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_i\";"
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_u\";"
        "DROP TRIGGER IF EXISTS \"qf_audit_%w_d\";"
        "CREATE TRIGGER \"qf_audit_%w_i\" AFTER INSERT ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'insert', %Q, NEW.id, NULL, %s); END;"
        "CREATE TRIGGER \"qf_audit_%w_u\" AFTER UPDATE ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'update', %Q, NEW.id, %s, %s); END;"
        "CREATE TRIGGER \"qf_audit_%w_d\" AFTER DELETE ON \"%w\" BEGIN "
        "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
        "VALUES (%s, 'delete', %Q, OLD.id, %s, NULL); END;",
        t, t, t, t, t, ctx, t, nj, t, t, ctx, t, oj, nj, t, t, ctx, t, oj);
    sqlite3_free(nj);
    sqlite3_free(oj);
    if (!sql)
        return qf__oom();
    int rc = qf__exec(db, sql);
    sqlite3_free(sql);
    return rc;
}

int qf__audit_lite_tables(qf_db *db, qf_names *out)
{
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db, SQL_TABLES);
    if (rc)
        return rc;
    /* collected first: creating triggers while stepping over sqlite_schema is not allowed */
    while (rc == QF_OK && (rc = qf__step(st)) == QF_ROW)
        rc = qf__names_add(out, qf__col_text(st, 0));
    qf__finalize(st);
    return rc == QF_DONE ? QF_OK : rc == QF_OK ? QF_OK : rc < 0 ? rc : qf__sqlerr(db, rc, "audit");
}

int qf__audit_lite_install(qf_db *db, const qf_names *tables)
{
    int rc = QF_OK;
    for (size_t i = 0; i < tables->n && rc == QF_OK; i++)
        rc = create_triggers_for(db, tables->names[i]);
    return rc;
}

int qf__audit_lite_baseline(qf_db *db, const qf_names *tables)
{
    int rc = QF_OK;
    for (size_t i = 0; i < tables->n && rc == QF_OK; i++) {
        const char *t = tables->names[i];
        char *expr = json_expr(db, t, "t");
        /* the image differs from the last logged one (or there is none) */
        char *sql = expr ? sqlite3_mprintf(
                               "INSERT INTO audit_log (at, actor, action, tbl, row_id, before, after) "
                               "SELECT (SELECT at FROM audit_ctx WHERE id = 1), "
                               "(SELECT actor FROM audit_ctx WHERE id = 1), 'migrate', %Q, t.id, "
                               "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
                               "ORDER BY a.seq DESC LIMIT 1), %s FROM \"%w\" t WHERE %s IS NOT "
                               "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
                               "ORDER BY a.seq DESC LIMIT 1)",
                               t, t, expr, t, expr, t)
                         : NULL;
        rc = sql ? qf__exec(db, sql) : qf_error_last_code() ? qf_error_last_code() : qf__oom();
        sqlite3_free(sql);
        sqlite3_free(expr);
    }
    return rc;
}

/* Names the first field where the live row and its logged image differ. */
static void describe_difference(qf_db *db, const char *table, int64_t row_id, bool unmask,
                                char *buf, size_t size)
{
    char *expr = json_expr(db, table, "t");
    char *sql = expr ? sqlite3_mprintf(
                           "SELECT j.key, json_extract(%s, '$.\"' || j.key || '\"'), j.value "
                           "FROM \"%w\" t, audit_log a, json_each(a.after) j WHERE t.id = ?1 AND "
                           "a.seq = (SELECT max(seq) FROM audit_log WHERE tbl = %Q AND row_id = ?1) "
                           "AND json_extract(%s, '$.\"' || j.key || '\"') IS NOT j.value LIMIT 1",
                           expr, table, table, expr)
                     : NULL;
    qf_stmt *st = NULL;
    buf[0] = '\0';
    if (sql && qf__prepare(&st, db, sql) == QF_OK) {
        qf__bind_int64(st, 1, row_id);
        if (qf__step(st) == QF_ROW)
            qf__audit_describe(buf, size, qf__col_text(st, 0), qf__col_text(st, 1),
                               qf__col_text(st, 2), unmask);
        qf__finalize(st);
    }
    sqlite3_free(sql);
    sqlite3_free(expr);
}

int qf__audit_lite_verify_table(qf_db *db, const char *table, bool unmask, qf_audit_report *r)
{
    char *expr = json_expr(db, table, "t");
    if (!expr)
        return qf_error_last_code();
    /* live rows whose content is not their last logged image */
    char *sql = sqlite3_mprintf(
        "SELECT t.id, (SELECT count(*) FROM \"%w\") FROM \"%w\" t WHERE %s IS NOT "
        "(SELECT after FROM audit_log a WHERE a.tbl = %Q AND a.row_id = t.id "
        "ORDER BY a.seq DESC LIMIT 1) ORDER BY t.id LIMIT 1",
        table, table, expr, table);
    sqlite3_free(expr);
    qf_stmt *st = NULL;
    int rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (qf__step(st) == QF_ROW) {
        int64_t id = qf__col_int64(st, 0);
        char detail[600];
        describe_difference(db, table, id, unmask, detail, sizeof detail);
        rc = qf__err(QF_ECORRUPT,
                     _("%s row %lld was changed outside qufa: it differs from its last audit "
                       "entry%s"),
                     table, (long long)id, detail);
    }
    qf__finalize(st);
    if (rc)
        return rc;

    /* rows the log says exist but are gone */
    sql = sqlite3_mprintf(
        "SELECT a.row_id FROM audit_log a WHERE a.tbl = %Q AND a.action <> 'delete' AND a.seq = "
        "(SELECT max(seq) FROM audit_log b WHERE b.tbl = a.tbl AND b.row_id = a.row_id) AND NOT "
        "EXISTS (SELECT 1 FROM \"%w\" t WHERE t.id = a.row_id) LIMIT 1",
        table, table);
    rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (qf__step(st) == QF_ROW)
        rc = qf__err(QF_ECORRUPT, _("%s row %lld was deleted outside qufa"), table,
                     (long long)qf__col_int64(st, 0));
    qf__finalize(st);
    if (rc)
        return rc;

    sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
    rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    sqlite3_free(sql);
    if (rc)
        return rc;
    if (qf__step(st) == QF_ROW)
        r->rows += qf__col_int64(st, 0);
    qf__finalize(st);
    return QF_OK;
}

