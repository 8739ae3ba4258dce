/*
 * The audit log on PostgreSQL (see audit.c): one trigger function, qf_audit_row
 * (core/schema/pg/compat.sql), on every audited table. A row's image is row_to_json(row): the
 * same text SQLite's json_object over the columns in order gives, so an entry hashes the same
 * on both backends and the chain, the seals and their verification are shared (audit.c).
 *
 * The SQL built here names tables that come from the catalog (qf_audited_tables), quoted as
 * identifiers; every value is bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit_backend.h"

int qf__audit_pg_tables(qf_db *db, qf_names *out)
{
    static const char sql[] = "SELECT * FROM qf_audited_tables()";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    int rc;
    while ((rc = qf__step(st)) == QF_ROW)
        if ((rc = qf__names_add(out, qf__col_text(st, 0))) != QF_OK)
            break;
    qf__reset(st);
    return rc == QF_DONE ? QF_OK : rc < 0 ? rc : qf__sqlerr(db, rc, "audit");
}

int qf__audit_pg_install(qf_db *db)
{
    return qf__exec(db, "SELECT qf_install_audit()");
}

/* SQL with the table's name in it, "%1$s" where the quoted identifier goes (the name comes
 * from the catalog; doubling any '"' in it makes it one identifier whatever it holds). */
static char *with_table(const char *fmt, const char *table)
{
    char quoted[2 * 64 + 3];
    size_t q = 0;
    quoted[q++] = '"';
    for (const char *p = table; *p && q < sizeof quoted - 3; p++) {
        if (*p == '"')
            quoted[q++] = '"';
        quoted[q++] = *p;
    }
    quoted[q++] = '"';
    quoted[q] = '\0';
    size_t size = strlen(fmt) + 4 * q + 1;
    char *sql = malloc(size);
    if (!sql) {
        qf__oom();
        return NULL;
    }
    /* the format is one of the fixed texts below, each naming the table by %1$s only */
    snprintf(sql, size, fmt, quoted);
    return sql;
}

static const char SQL_LAST_IMAGE[] =
    "(SELECT after FROM audit_log a WHERE a.tbl = ?1 AND a.row_id = t.id "
    "ORDER BY a.seq DESC LIMIT 1)";

int qf__audit_pg_baseline(qf_db *db, const qf_names *tables)
{
    int rc = QF_OK;
    for (size_t i = 0; i < tables->n && rc == QF_OK; i++) {
        /* the image differs from the last logged one (or there is none); seq in id order, as
         * SQLite's INSERT … SELECT numbers them */
        char *sql = with_table(
            "INSERT INTO audit_log (seq, at, actor, action, tbl, row_id, before, after) "
            "SELECT (SELECT coalesce(max(seq), 0) FROM audit_log) + row_number() OVER (ORDER BY "
            "t.id), nullif(current_setting('qufa.at', true), ''), "
            "nullif(current_setting('qufa.actor', true), ''), 'migrate', ?1, t.id, "
            "(SELECT after FROM audit_log a WHERE a.tbl = ?1 AND a.row_id = t.id ORDER BY a.seq "
            "DESC LIMIT 1), CAST(row_to_json(t) AS text) FROM %1$s t "
            "WHERE CAST(row_to_json(t) AS text) IS DISTINCT FROM "
            "(SELECT after FROM audit_log a WHERE a.tbl = ?1 AND a.row_id = t.id "
            "ORDER BY a.seq DESC LIMIT 1)",
            tables->names[i]);
        qf_stmt *st = NULL;
        rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
        free(sql);
        if (rc == QF_OK) {
            qf__bind_textn(st, 1, tables->names[i], -1, QF_STATIC);
            rc = qf__exec_stmt(db, st, "audit");
        }
        qf__finalize(st);
    }
    return rc;
}

/* Names the first field where the live row and its logged image differ. */
static void describe_difference(qf_db *db, const char *table, int64_t row_id, bool unmask,
                                char *buf, size_t size)
{
    char *sql = with_table(
        "SELECT j.key, l.value, j.value FROM %1$s t, audit_log a, "
        "json_each_text(CAST(a.after AS json)) j, json_each_text(row_to_json(t)) l "
        "WHERE t.id = ?2 AND a.seq = (SELECT max(seq) FROM audit_log WHERE tbl = ?1 AND row_id = "
        "?2) AND l.key = j.key AND l.value IS DISTINCT FROM j.value LIMIT 1",
        table);
    qf_stmt *st = NULL;
    buf[0] = '\0';
    if (sql && qf__prepare(&st, db, sql) == QF_OK) {
        qf__bind_textn(st, 1, table, -1, QF_STATIC);
        qf__bind_int64(st, 2, row_id);
        if (qf__step(st) == QF_ROW)
            qf__audit_describe(buf, size, qf__col_text(st, 0), qf__col_text(st, 1),
                               qf__col_text(st, 2), unmask);
    }
    qf__finalize(st);
    free(sql);
}

/* The first row `sql` (naming the table as %1$s, its name bound as ?1) returns: 1 with its
 * first column in *id, 0 when there is none, <0 on error. */
static int first_id(qf_db *db, const char *fmt, const char *table, int64_t *id)
{
    char *sql = with_table(fmt, table);
    qf_stmt *st = NULL;
    int rc = sql ? qf__prepare(&st, db, sql) : qf__oom();
    free(sql);
    if (rc)
        return rc;
    qf__bind_textn(st, 1, table, -1, QF_STATIC);
    rc = qf__step(st);
    if (rc == QF_ROW) {
        *id = qf__col_int64(st, 0);
        rc = 1;
    } else {
        rc = rc == QF_DONE ? 0 : qf__sqlerr(db, rc, "audit verify");
    }
    qf__finalize(st);
    return rc;
}

int qf__audit_pg_verify_table(qf_db *db, const char *table, bool unmask, qf_audit_report *r)
{
    int64_t id = 0;
    /* live rows whose content is not their last logged image */
    char fmt[512];
    snprintf(fmt, sizeof fmt,
             "SELECT t.id FROM %%1$s t WHERE ?1 IS NOT NULL AND CAST(row_to_json(t) AS text) IS "
             "DISTINCT FROM %s ORDER BY t.id LIMIT 1",
             SQL_LAST_IMAGE);
    int rc = first_id(db, fmt, table, &id);
    if (rc == 1) {
        char detail[600];
        describe_difference(db, table, id, unmask, detail, sizeof detail);
        return qf__err(QF_ECORRUPT,
                       _("%s row %lld was changed outside qufa: it differs from its last audit "
                         "entry%s"),
                       table, (long long)id, detail);
    }
    if (rc < 0)
        return rc;
    /* rows the log says exist but are gone */
    rc = first_id(db,
                  "SELECT a.row_id FROM audit_log a WHERE a.tbl = ?1 AND a.action <> 'delete' "
                  "AND a.seq = (SELECT max(seq) FROM audit_log b WHERE b.tbl = a.tbl AND "
                  "b.row_id = a.row_id) AND NOT EXISTS (SELECT 1 FROM %1$s t WHERE t.id = "
                  "a.row_id) LIMIT 1",
                  table, &id);
    if (rc == 1)
        return qf__err(QF_ECORRUPT, _("%s row %lld was deleted outside qufa"), table,
                       (long long)id);
    if (rc < 0)
        return rc;
    rc = first_id(db, "SELECT count(*) FROM %1$s WHERE ?1 IS NOT NULL", table, &id);
    if (rc < 0)
        return rc;
    r->rows += id;
    return QF_OK;
}
