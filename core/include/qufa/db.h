/* qufa — the database handle: open/create, schema migrations, transactions, "today", actor. */
#ifndef QUFA_DB_H
#define QUFA_DB_H

#include <stdbool.h>
#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_db qf_db;

#define QF_OPEN_CREATE 0x1   /* create the file (mode 0600) if it does not exist */
#define QF_OPEN_READONLY 0x2 /* no writes; the schema must already be current */

typedef struct qf_open_options {
    unsigned version;        /* QF_OPEN_OPTIONS_VERSION */
    unsigned flags;          /* QF_OPEN_* */
    int busy_timeout_ms;     /* how long to wait for another writer; default 5000 */
    const char *actor;       /* who is writing, recorded in the audit log; default "$USER" */
} qf_open_options;

#define QF_OPEN_OPTIONS_VERSION 1
#define QF_OPEN_OPTIONS_INIT {QF_OPEN_OPTIONS_VERSION, QF_OPEN_CREATE, 5000, NULL}

/*
 * Opens (and with QF_OPEN_CREATE creates) a qufa database: WAL journal, foreign keys on,
 * synchronous=NORMAL, SQLITE_DBCONFIG_DEFENSIVE, trusted_schema off; migrates the schema to
 * the current version inside one transaction. A file written by a newer qufa is refused.
 * `path` ":memory:" gives a private in-memory database (tests).
 *
 * `path` may instead be a PostgreSQL connection URL (postgresql://… or postgres://…, e.g.
 * "postgres:///qufa?host=/run/postgresql"): the database must exist; its current schema
 * (public unless the URL sets search_path) is the qufa database, created by QF_OPEN_CREATE
 * when it is empty. Everything else works the same (docs/postgresql.md); the busy timeout
 * bounds the wait for another writer.
 */
QF_EXTERN int qf_db_open(qf_db **out, const char *path, const qf_open_options *opts);
/* Closes the database (rolling back an unfinished transaction). Accepts NULL. */
QF_EXTERN void qf_db_free(qf_db *db);
/*
 * Removes a qufa database: a file with its -wal and -shm (none there is not an error), or on
 * PostgreSQL the tables and functions of its schema (the server's database stays). Refuses
 * anything that is not a qufa database. Close every handle on it first.
 */
QF_EXTERN int qf_db_destroy(const char *path);

/* The schema version this library writes, and the one the open file has. */
QF_EXTERN int qf_schema_version(void);
QF_EXTERN int qf_db_schema_version(qf_db *db);
QF_EXTERN const char *qf_db_path(const qf_db *db);

/* "Today" for every rule that depends on it; defaults to the system date, which a check (an
 * open stream included) or a reminder run reads once when it starts and keeps until it ends. */
QF_EXTERN void qf_db_set_today(qf_db *db, qf_date today);
QF_EXTERN qf_date qf_db_today(const qf_db *db);
/* Who is writing (recorded in the audit log). The string is copied. */
QF_EXTERN int qf_db_set_actor(qf_db *db, const char *actor);
QF_EXTERN const char *qf_db_actor(const qf_db *db);

/*
 * Transactions nest: the outermost begin starts a transaction, inner ones are savepoints.
 * commit releases the innermost level; rollback undoes everything since its matching begin.
 * Every write function is atomic on its own, so these are only needed to group writes.
 */
QF_EXTERN int qf_tx_begin(qf_db *db);
QF_EXTERN int qf_tx_commit(qf_db *db);
QF_EXTERN int qf_tx_rollback(qf_db *db);
QF_EXTERN int qf_tx_depth(const qf_db *db);

/*
 * Run `fn` inside a transaction: committed when it returns QF_OK, rolled back otherwise. On
 * PostgreSQL, when the transaction collided with another one (a serialization failure: a
 * session writing without qufa's writer lock changed what it read) it is run again from the
 * start, up to 8 times; then QF_EBUSY, "gave up after 8 attempts: …". `fn` must be safe to run
 * again (it is called once per attempt).
 */
typedef int (*qf_tx_fn)(qf_db *db, void *payload);
QF_EXTERN int qf_db_transaction(qf_db *db, qf_tx_fn fn, void *payload);

/*
 * For a caller running its own transaction (qf_tx_begin … qf_tx_commit) after it failed with
 * `rc` (and was rolled back) on attempt `attempt` (0 for the first): QF_OK when it should run
 * it again (a collision, see above; after a short random pause growing with each attempt),
 * else `rc`, after the last attempt with the message "gave up after N attempts: …".
 */
QF_EXTERN int qf_tx_retry(qf_db *db, int attempt, int rc);

/*
 * Escape hatch for trusted extensions and benchmarks: the underlying sqlite3 connection.
 * Writes made through it bypass validation; the audit triggers still record them.
 */
struct sqlite3;
QF_EXTERN struct sqlite3 *qf_db_sqlite(qf_db *db);

/* "sqlite" or "postgresql": what the database is stored in. */
QF_EXTERN const char *qf_db_backend(const qf_db *db);

/* Fills `buf` with a digest of the record tables' content (tests: "byte-identical content"). */
QF_EXTERN int qf_db_content_hash(qf_db *db, char hex_out[65]);

#ifdef __cplusplus
}
#endif
#endif
