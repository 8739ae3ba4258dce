/* A PostgreSQL connection: opening it, running plain SQL, and errors in SQLite's code space. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "pg.h"

/* Notices ("relation … does not exist, skipping") are not for qufa's user. */
static void quiet(void *arg, const PGresult *res)
{
    (void)arg;
    (void)res;
}

int qf__pg_open(qf_pgconn **out, const char *url, char *err, size_t errsize)
{
    *out = NULL;
    qf_pgconn *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsize, "out of memory");
        return SQLITE_NOMEM;
    }
    if (qf__pq_load(err, errsize) != 0) {
        free(c);
        return SQLITE_CANTOPEN;
    }
    c->conn = PQconnectdb(url);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        const char *m = c->conn ? PQerrorMessage(c->conn) : "out of memory";
        snprintf(err, errsize, "%s", m);
        size_t n = strlen(err);
        while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
            err[--n] = '\0';
        qf__pg_close(c);
        return SQLITE_CANTOPEN;
    }
    PQsetNoticeReceiver(c->conn, quiet, NULL);
    /* UTF-8 both ways whatever the server's default; SQLite's string comparisons (COLLATE
     * "C" is on every text column of the schema, core/schema/pg/) */
    if (PQsetClientEncoding(c->conn, "UTF8") != 0) {
        snprintf(err, errsize, "%s", PQerrorMessage(c->conn));
        qf__pg_close(c);
        return SQLITE_CANTOPEN;
    }
    int rc = qf__pg_exec(c, "SET client_min_messages = warning; SET intervalstyle = iso_8601");
    if (rc == SQLITE_OK) {
        PGresult *res = PQexec(c->conn, "SELECT CAST(oid AS integer) FROM pg_namespace "
                                        "WHERE nspname = current_schema()");
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
            c->lock_key = (int32_t)atoi(PQgetvalue(res, 0, 0));
        else if (PQresultStatus(res) == PGRES_TUPLES_OK) {
            snprintf(c->errmsg, sizeof c->errmsg,
                     "no schema to work in: the search_path names none that exists");
            rc = c->errcode = SQLITE_CANTOPEN;
        } else
            rc = qf__pg_fail(c, res);
        PQclear(res);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errsize, "%s", c->errmsg);
        qf__pg_close(c);
        return rc;
    }
    *out = c;
    return SQLITE_OK;
}

void qf__pg_close(qf_pgconn *c)
{
    if (!c)
        return;
    if (c->conn)
        PQfinish(c->conn);
    for (size_t i = 0; i < c->n_id_tables; i++)
        free(c->id_tables[i]);
    free(c->id_tables);
    qf__pg_log_free(c->log);
    free(c);
}

int qf__pg_code(const char *state)
{
    if (!state || strlen(state) != 5)
        return SQLITE_ERROR;
    if (strcmp(state, "23505") == 0)
        return SQLITE_CONSTRAINT_UNIQUE;
    if (strcmp(state, "23503") == 0)
        return SQLITE_CONSTRAINT_FOREIGNKEY;
    if (strcmp(state, "23514") == 0)
        return SQLITE_CONSTRAINT_CHECK;
    if (strcmp(state, "23502") == 0)
        return SQLITE_CONSTRAINT_NOTNULL;
    if (strncmp(state, "23", 2) == 0)
        return SQLITE_CONSTRAINT;
    /* serialization failure, deadlock: the transaction was rolled back and may be retried
     * (SQLite's own code for "another writer changed the snapshot") */
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return SQLITE_BUSY_SNAPSHOT;
    if (strcmp(state, "55P03") == 0) /* lock_timeout: another writer held the lock too long */
        return SQLITE_BUSY;
    if (strcmp(state, "57014") == 0)
        return SQLITE_INTERRUPT;
    if (strcmp(state, "25006") == 0) /* read_only_sql_transaction */
        return SQLITE_READONLY;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
        return SQLITE_IOERR;
    if (strcmp(state, "42501") == 0)
        return SQLITE_PERM;
    if (strcmp(state, "53100") == 0)
        return SQLITE_FULL;
    if (strcmp(state, "53200") == 0)
        return SQLITE_NOMEM;
    return SQLITE_ERROR;
}

int qf__pg_fail(qf_pgconn *c, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    if (!primary) {
        /* no result, or one without fields: the connection's own message (lost, refused) */
        primary = PQerrorMessage(c->conn);
        if (!state && PQstatus(c->conn) != CONNECTION_OK)
            state = "08006";
    }
    if (detail)
        snprintf(c->errmsg, sizeof c->errmsg, "%s (%s)", primary, detail);
    else
        snprintf(c->errmsg, sizeof c->errmsg, "%s", primary && *primary ? primary : "error");
    size_t n = strlen(c->errmsg);
    while (n > 0 && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = '\0';
    c->errcode = qf__pg_code(state);
    return c->errcode;
}

int qf__pg_exec(qf_pgconn *c, const char *sql)
{
    PGresult *res = PQexec(c->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int rc = SQLITE_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
        rc = qf__pg_fail(c, res);
    PQclear(res);
    if (rc == SQLITE_OK)
        qf__pg_log_sql(c, sql, 0, NULL, NULL, NULL, NULL, true);
    else
        qf__pg_recover(c, c->locked);
    return rc;
}

int qf__pg_load_id_tables(qf_pgconn *c)
{
    /* (the catalog itself: information_schema's views cost tens of milliseconds per open) */
    PGresult *res = PQexec(c->conn, "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON "
                                    "c.oid = a.attrelid WHERE c.relnamespace = "
                                    "CAST(current_schema() AS regnamespace) AND c.relkind = 'r' "
                                    "AND a.attname = 'id' AND NOT a.attisdropped");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = qf__pg_fail(c, res);
        PQclear(res);
        return rc;
    }
    for (size_t i = 0; i < c->n_id_tables; i++)
        free(c->id_tables[i]);
    free(c->id_tables);
    c->n_id_tables = 0;
    int n = PQntuples(res);
    c->id_tables = calloc(n > 0 ? (size_t)n : 1, sizeof *c->id_tables);
    if (!c->id_tables) {
        PQclear(res);
        return SQLITE_NOMEM;
    }
    for (int i = 0; i < n; i++) {
        c->id_tables[i] = qf__strdup(PQgetvalue(res, i, 0));
        if (!c->id_tables[i]) {
            PQclear(res);
            return SQLITE_NOMEM;
        }
        c->n_id_tables++;
    }
    PQclear(res);
    return SQLITE_OK;
}

bool qf__pg_has_id(const qf_pgconn *c, const char *table, size_t len)
{
    for (size_t i = 0; i < c->n_id_tables; i++)
        if (strlen(c->id_tables[i]) == len && memcmp(c->id_tables[i], table, len) == 0)
            return true;
    return false;
}
