/* Internal to the store layer: a PostgreSQL connection and its statements (libpq). */
#ifndef QUFA_PG_H
#define QUFA_PG_H

#include "pq_dyn.h" /* libpq, opened on first use */
#include <stdbool.h>
#include <stdint.h>
#include "stmt.h"

typedef struct qf_pglog qf_pglog;

/* A connection's state beside the PGconn: what SQLite keeps per connection for us. */
typedef struct qf_pgconn {
    PGconn *conn;
    int64_t last_id;     /* RETURNING id of the last INSERT */
    int changes;         /* rows of the last INSERT, UPDATE or DELETE */
    int errcode;         /* SQLite code of the last error */
    char errmsg[1024];   /* its message */
    unsigned next_name;  /* server-side statement names: "qf1", "qf2", … */
    char **id_tables;    /* tables with an id column: an INSERT into one returns it */
    size_t n_id_tables;
    int32_t lock_key;    /* the writer lock of this schema (pg_advisory_lock(QF_PG_LOCK, key)) */
    bool locked;         /* this session holds the writer lock */
    qf_pglog *log;       /* the writes since the innermost savepoint (pg_log.c) */
} qf_pgconn;

/* The first key of the writer lock: "qufa" as an int32 (the second is the schema's oid). */
#define QF_PG_LOCK 0x71756661

/* pg_conn.c */
int qf__pg_open(qf_pgconn **out, const char *url, char *err, size_t errsize);
void qf__pg_close(qf_pgconn *c);
/* Runs SQL without parameters (one or more statements). */
int qf__pg_exec(qf_pgconn *c, const char *sql);
/* Creates qf_stroke_count and qf_strokes_key, 姓氏笔画 order (pg_strokes.c). */
int qf__pg_install_strokes(qf_pgconn *c);
/* Records a failed result (or a lost connection when res is NULL) and returns its code. */
int qf__pg_fail(qf_pgconn *c, const PGresult *res);
/* The SQLite-space code of a SQLSTATE. */
int qf__pg_code(const char *sqlstate);
/* Reloads the list of tables with an id column (after the schema changed). */
int qf__pg_load_id_tables(qf_pgconn *c);
bool qf__pg_has_id(const qf_pgconn *c, const char *table, size_t len);

/* pg_sql.c: SQL written for both dialects, as PostgreSQL takes it. ?N becomes $N (a bare ?
 * the next number); an INSERT into a table with an id column gets "RETURNING id" unless it has
 * a RETURNING of its own. Returns NULL on out of memory. */
char *qf__pg_translate(const qf_pgconn *c, const char *sql, int *nparams, bool *returning_id);
/* Whether parameter n (1-based) of `pg_sql` (translated) appears in it. */
bool qf__pg_param_used(const char *text, int n);

/* pg_log.c: what a failed statement needs to leave the transaction as SQLite would. Every
 * statement that ran is shown to the log (`write`: it changed something, or must run again when
 * the transaction restarts); a failure inside a transaction then recovers it. */
void qf__pg_log_sql(qf_pgconn *c, const char *text, int nparams, const char *const *values,
                    const int *lengths, const int *formats, const Oid *types, bool write);
void qf__pg_recover(qf_pgconn *c, bool serializable);
void qf__pg_log_free(qf_pglog *l);

/* pg_stmt.c */
int qf__pg_stmt_new(qf_pgstmt **out, qf_db *db, qf_pgconn *c, const char *sql, bool persistent);

#endif
