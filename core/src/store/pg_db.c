/*
 * The PostgreSQL backend: a qufa database is a schema (the connection's current_schema(),
 * "public" unless the URL sets search_path) holding the same tables as a qufa file, created by
 * core/schema/pg/ (one file per SQLite migration, same names) and migrated the same way.
 *
 * What SQLite gives for free and PostgreSQL does not:
 * - the schema version and "this is a qufa database" (PRAGMA user_version, application_id):
 *   the table qufa_meta;
 * - functions the SQL uses (json_extract, json_each, group_concat, …): compat.sql;
 * - ids assigned as the next after the highest (INTEGER PRIMARY KEY): a trigger per table, so
 *   ids are the same as on SQLite whatever failed before (an identity column would skip the
 *   numbers a rolled-back insert took);
 * - one writer at a time (BEGIN IMMEDIATE): the writer lock, an advisory lock per schema taken
 *   before each write transaction and released after it. Write transactions run SERIALIZABLE,
 *   so nothing another session wrote meanwhile is lost either; a serialization failure
 *   (someone writing without the lock) rolls the transaction back with a code that says retry.
 *   The audit chain is one sequence of seals, so writes are serial anyway: the lock makes them
 *   wait their turn instead of failing and retrying.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend.h"
#include "pg.h"

bool qf__is_pg_url(const char *path)
{
    return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

/* A libpq failure as a qufa error: `what` names the step. */
static int fail(qf_db *db, int code, const char *what)
{
    return qf__sqlerr(db, code, what);
}

static int exec(qf_db *db, const char *sql, const char *what)
{
    int rc = qf__pg_exec(db->pg, sql);
    return rc == SQLITE_OK ? QF_OK : fail(db, rc, what);
}

int qf__pg_db_open(qf_db *db, const char *url, bool readonly, int busy_ms)
{
    char err[512];
    int rc = qf__pg_open(&db->pg, url, err, sizeof err);
    if (rc != SQLITE_OK)
        return qf__err(rc == SQLITE_NOMEM ? QF_ENOMEM : QF_ERROR, _("cannot open %s: %s"),
                       db->path, err);
    /* how long to wait for another writer's lock: the busy timeout, as on SQLite */
    char ms[32];
    snprintf(ms, sizeof ms, "%dms", busy_ms);
    const char *values[1] = {ms};
    PGresult *res = PQexecParams(db->pg->conn, "SELECT set_config('lock_timeout', $1, false)", 1,
                                 NULL, values, NULL, NULL, 0);
    rc = PQresultStatus(res) == PGRES_TUPLES_OK ? QF_OK
                                                 : fail(db, qf__pg_fail(db->pg, res), db->path);
    PQclear(res);
    if (rc == QF_OK && readonly)
        rc = exec(db, "SET default_transaction_read_only = on", db->path);
    if (rc == QF_OK && qf__pg_load_id_tables(db->pg) != SQLITE_OK)
        rc = fail(db, db->pg->errcode, db->path);
    return rc;
}

void qf__pg_db_close(qf_db *db)
{
    qf_pgconn *c = db->pg;
    if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
        qf__pg_exec(c, "ROLLBACK");
    /* the writer lock goes with the session */
    qf__pg_close(c);
    db->pg = NULL;
}

/* One value of a query without parameters: 1 with it in buf, 0 when there is no row or it is
 * NULL, <0 with the error set. */
static int one_value(qf_db *db, const char *sql, char *buf, size_t size)
{
    PGresult *res = PQexec(db->pg->conn, sql);
    int rc;
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = fail(db, qf__pg_fail(db->pg, res), db->path);
    else if (PQntuples(res) == 0 || PQgetisnull(res, 0, 0))
        rc = 0;
    else {
        snprintf(buf, size, "%s", PQgetvalue(res, 0, 0));
        rc = 1;
    }
    PQclear(res);
    return rc;
}

static const char SQL_META_EXISTS[] =
    "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'qufa_meta'";

int qf__pg_state(qf_db *db)
{
    char v[64];
    int rc = one_value(db, SQL_META_EXISTS, v, sizeof v);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        rc = one_value(db, "SELECT value FROM qufa_meta WHERE key = 'application'", v, sizeof v);
        if (rc < 0)
            return rc;
        return rc == 1 && strcmp(v, "qufa") == 0 ? QF_STATE_QUFA : QF_STATE_OTHER;
    }
    /* no qufa_meta: only a schema without tables, views or sequences becomes a qufa database */
    rc = one_value(db,
                   "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                   "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN "
                   "('r', 'p', 'v', 'm', 'S', 'f')",
                   v, sizeof v);
    if (rc < 0)
        return rc;
    return strcmp(v, "0") == 0 ? QF_STATE_EMPTY : QF_STATE_OTHER;
}

int qf__pg_schema_version(qf_db *db)
{
    char v[64];
    int rc = one_value(db, SQL_META_EXISTS, v, sizeof v);
    if (rc <= 0)
        return rc < 0 ? -1 : 0;
    rc = one_value(db, "SELECT value FROM qufa_meta WHERE key = 'schema_version'", v, sizeof v);
    return rc < 0 ? -1 : rc == 0 ? 0 : atoi(v);
}

int qf__pg_set_schema_version(qf_db *db, int version)
{
    static const char sql[] = "INSERT INTO qufa_meta (key, value) VALUES ('schema_version', ?1) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    char v[16];
    snprintf(v, sizeof v, "%d", version);
    qf__bind_textn(st, 1, v, -1, QF_TRANSIENT);
    return qf__exec_stmt(db, st, "schema");
}

int qf__pg_migrate_begin(qf_db *db)
{
    int rc = qf__pg_exec(db->pg, qf_schema_pg_compat[0].data);
    if (rc != SQLITE_OK)
        return qf__err(QF_ERROR, "schema pg/%s: %s", qf_schema_pg_compat[0].name,
                       db->pg->errmsg);
    if ((rc = qf__pg_install_strokes(db->pg)) != SQLITE_OK)
        return qf__err(QF_ERROR, "schema pg/strokes: %s", db->pg->errmsg);
    return exec(db,
                "CREATE TABLE IF NOT EXISTS qufa_meta (key text COLLATE \"C\" PRIMARY KEY, "
                "value text NOT NULL);"
                "INSERT INTO qufa_meta (key, value) VALUES ('application', 'qufa') "
                "ON CONFLICT (key) DO NOTHING",
                "schema");
}

int qf__pg_migrate_end(qf_db *db)
{
    /* an INSERT into a table with an id now returns it (pg_sql.c) */
    return qf__pg_load_id_tables(db->pg) == SQLITE_OK ? QF_OK : fail(db, db->pg->errcode, "schema");
}

int qf__pg_prepare(qf_stmt *out, qf_db *db, const char *sql, bool persistent)
{
    out->lite = NULL;
    return qf__pg_stmt_new(&out->pg, db, db->pg, sql, persistent);
}

int qf__pg_db_exec(qf_db *db, const char *sql)
{
    int rc = qf__pg_exec(db->pg, sql);
    if (rc == SQLITE_OK)
        return QF_OK;
    if ((rc & 0xff) == SQLITE_BUSY)
        return qf__sqlerr(db, rc, "database");
    return qf__err(QF_ERROR, "%s", db->pg->errmsg);
}

/* The writer lock of this schema: wait for it (up to lock_timeout), or take it again. */
static int writer_lock(qf_db *db, bool take)
{
    qf_pgconn *c = db->pg;
    char k1[16], k2[16];
    snprintf(k1, sizeof k1, "%d", QF_PG_LOCK);
    snprintf(k2, sizeof k2, "%d", (int)c->lock_key);
    const char *values[2] = {k1, k2};
    PGresult *res = PQexecParams(c->conn,
                                 take ? "SELECT pg_advisory_lock(CAST($1 AS integer), "
                                        "CAST($2 AS integer))"
                                      : "SELECT pg_advisory_unlock(CAST($1 AS integer), "
                                        "CAST($2 AS integer))",
                                 2, NULL, values, NULL, NULL, 0);
    int rc = QF_OK;
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = fail(db, qf__pg_fail(c, res), _("begin transaction"));
    else
        c->locked = take;
    PQclear(res);
    return rc;
}

int qf__pg_begin_write(qf_db *db)
{
    int rc = writer_lock(db, true);
    if (rc)
        return rc;
    rc = exec(db, "BEGIN ISOLATION LEVEL SERIALIZABLE", _("begin transaction"));
    if (rc) {
        char saved[1024];
        snprintf(saved, sizeof saved, "%s", qf_error_last());
        writer_lock(db, false);
        return qf__err(rc, "%s", saved);
    }
    return QF_OK;
}

int qf__pg_end_write(qf_db *db, bool commit)
{
    qf_pgconn *c = db->pg;
    int rc = QF_OK;
    if (PQtransactionStatus(c->conn) != PQTRANS_IDLE)
        rc = commit ? exec(db, "COMMIT", _("commit")) : exec(db, "ROLLBACK", "rollback");
    if (c->locked) {
        char saved[1024];
        snprintf(saved, sizeof saved, "%s", qf_error_last());
        int unlocked = writer_lock(db, false);
        if (rc)
            qf__err(rc, "%s", saved);
        else
            rc = unlocked;
    }
    return rc;
}

int qf__pg_begin_read(qf_db *db)
{
    return exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin read");
}
