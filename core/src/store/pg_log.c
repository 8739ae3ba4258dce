/*
 * A failed statement leaves a transaction as SQLite leaves it: usable, with everything before
 * the statement in place. qufa relies on that (a write refused by a foreign key is followed by
 * queries that find which reference was missing, then by the rollback of its savepoint). On
 * PostgreSQL an error aborts the whole transaction, so the connection keeps the writes made
 * since the innermost savepoint (or since BEGIN) and, when a statement fails inside a
 * transaction, rolls back to that savepoint (or restarts the transaction) and runs them again.
 *
 * Running them again gives the same rows: ids and audit sequence numbers are the next after
 * the highest (core/schema/pg/compat.sql), the writer lock keeps other writers out, and the
 * actor and time of the audit log are set again with the values the transaction began with.
 * This costs nothing until a statement fails; a savepoint around every statement would cost a
 * subtransaction per write (and PostgreSQL slows down every session once one transaction holds
 * more than 64 of them). Serialization failures are not recovered: the transaction must start
 * again from its beginning (qf_db_transaction does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "pg.h"

typedef struct qf_pgwrite {
    char *sql;
    int nparams;
    char **values;
    int *lengths, *formats;
    Oid *types;
} qf_pgwrite;

struct qf_pglog {
    qf_pgwrite *w;
    size_t n, cap;
    size_t *levels; /* where each open savepoint's writes begin */
    size_t nlevels, levels_cap;
    bool recovering;
};

static void write_free(qf_pgwrite *w)
{
    for (int i = 0; i < w->nparams; i++)
        free(w->values[i]);
    free(w->values);
    free(w->lengths);
    free(w->formats);
    free(w->types);
    free(w->sql);
}

static void truncate_to(qf_pglog *l, size_t n)
{
    while (l->n > n)
        write_free(&l->w[--l->n]);
}

void qf__pg_log_free(qf_pglog *l)
{
    if (!l)
        return;
    truncate_to(l, 0);
    free(l->w);
    free(l->levels);
    free(l);
}

static qf_pglog *log_of(qf_pgconn *c)
{
    if (!c->log)
        c->log = calloc(1, sizeof *c->log);
    return c->log;
}

/* The transaction ended (or began): nothing to keep. */
static void reset(qf_pglog *l)
{
    truncate_to(l, 0);
    l->nlevels = 0;
}

static bool starts(const char *text, const char *word)
{
    while (*text == ' ' || *text == '\n' || *text == '\t')
        text++;
    return strncmp(text, word, strlen(word)) == 0;
}

/* Transaction control keeps the log in step; true when `sql` was that. */
static bool control(qf_pglog *l, const char *text)
{
    if (starts(text, "BEGIN") || starts(text, "COMMIT") ||
        (starts(text, "ROLLBACK") && !starts(text, "ROLLBACK TO"))) {
        reset(l);
        return true;
    }
    if (starts(text, "SAVEPOINT")) {
        if (l->nlevels == l->levels_cap) {
            size_t cap = l->levels_cap ? l->levels_cap * 2 : 8;
            size_t *p = realloc(l->levels, cap * sizeof *p);
            if (!p)
                return true; /* no room to remember: a later failure will not be recovered */
            l->levels = p;
            l->levels_cap = cap;
        }
        l->levels[l->nlevels++] = l->n;
        return true;
    }
    if (starts(text, "RELEASE")) { /* its writes now belong to the level around it */
        if (l->nlevels > 0)
            l->nlevels--;
        return true;
    }
    if (starts(text, "ROLLBACK TO")) { /* its writes are undone; the savepoint stays */
        truncate_to(l, l->nlevels > 0 ? l->levels[l->nlevels - 1] : 0);
        return true;
    }
    return false;
}

void qf__pg_log_sql(qf_pgconn *c, const char *text, int nparams, const char *const *values,
                    const int *lengths, const int *formats, const Oid *types, bool write)
{
    qf_pglog *l = log_of(c);
    if (!l || l->recovering || control(l, text) || !write ||
        PQtransactionStatus(c->conn) != PQTRANS_INTRANS)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        qf_pgwrite *p = realloc(l->w, cap * sizeof *p);
        if (!p)
            return;
        l->w = p;
        l->cap = cap;
    }
    qf_pgwrite *w = &l->w[l->n];
    memset(w, 0, sizeof *w);
    w->sql = qf__strdup(text);
    w->nparams = nparams;
    if (nparams > 0) {
        w->values = calloc((size_t)nparams, sizeof *w->values);
        w->lengths = calloc((size_t)nparams, sizeof *w->lengths);
        w->formats = calloc((size_t)nparams, sizeof *w->formats);
        w->types = calloc((size_t)nparams, sizeof *w->types);
    }
    bool ok = w->sql && (nparams == 0 || (w->values && w->lengths && w->formats && w->types));
    for (int i = 0; ok && i < nparams; i++) {
        w->lengths[i] = lengths[i];
        w->formats[i] = formats[i];
        w->types[i] = types[i];
        if (values[i]) {
            w->values[i] = malloc((size_t)lengths[i] + 1);
            if (!w->values[i]) {
                ok = false;
                break;
            }
            memcpy(w->values[i], values[i], (size_t)lengths[i]);
            w->values[i][lengths[i]] = '\0';
        }
    }
    if (!ok) {
        write_free(w);
        return;
    }
    l->n++;
}

static bool replay_write(qf_pgconn *c, const qf_pgwrite *w)
{
    PGresult *res = PQexecParams(c->conn, w->sql, w->nparams, w->types,
                                 (const char *const *)w->values, w->lengths, w->formats, 0);
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static bool simple(qf_pgconn *c, const char *command)
{
    PGresult *res = PQexec(c->conn, command);
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

void qf__pg_recover(qf_pgconn *c, bool serializable)
{
    qf_pglog *l = log_of(c);
    if (!l || l->recovering || PQtransactionStatus(c->conn) != PQTRANS_INERROR)
        return;
    /* a serialization failure or a deadlock: only a new transaction can go on */
    if (c->errcode == SQLITE_BUSY_SNAPSHOT)
        return;
    l->recovering = true;
    size_t from = 0;
    bool ok;
    if (l->nlevels > 0) {
        from = l->levels[l->nlevels - 1];
        ok = simple(c, "ROLLBACK TO SAVEPOINT qf");
    } else {
        /* no savepoint: the transaction starts again (under the writer lock, nobody else
         * wrote meanwhile); its first logged statement sets the audit log's actor and time */
        ok = simple(c, "ROLLBACK") &&
             (serializable ? simple(c, "BEGIN ISOLATION LEVEL SERIALIZABLE")
                           : simple(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    }
    for (size_t i = from; ok && i < l->n; i++)
        ok = replay_write(c, &l->w[i]);
    if (!ok) /* the transaction stays aborted: its caller rolls it back */
        truncate_to(l, from);
    l->recovering = false;
}
