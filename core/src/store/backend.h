/*
 * Internal to the store layer: what the two backends do differently, behind db.c. lite.c is
 * SQLite (a file, or :memory: for tests), pg_db.c PostgreSQL (a connection URL). Everything
 * above the store layer runs the same on both.
 */
#ifndef QUFA_BACKEND_H
#define QUFA_BACKEND_H

#include "internal.h"

/* Whether `path` names a PostgreSQL database (postgresql://… or postgres://…). */
bool qf__is_pg_url(const char *path);

/* What a database opened for qufa is: */
enum {
    QF_STATE_OTHER = 0, /* something else: refused */
    QF_STATE_QUFA = 1,  /* a qufa database */
    QF_STATE_EMPTY = 2  /* empty: becomes one when opened to create */
};

/* lite.c */
/* `image` (NULL: none), for an in-memory database: the serialized database it starts from */
int qf__lite_open(qf_db *db, const char *path, bool readonly, bool memory, int busy_ms,
                  const void *image, size_t image_len);
int qf__lite_state(qf_db *db);
int qf__lite_configure(qf_db *db, bool readonly, bool memory, int state);
int qf__lite_schema_version(qf_db *db);
int qf__lite_set_schema_version(qf_db *db, int version);
int qf__lite_prepare(qf_stmt *out, qf_db *db, const char *sql, bool persistent);
int qf__lite_exec(qf_db *db, const char *sql);
void qf__lite_close(qf_db *db);

/* pg_db.c */
int qf__pg_db_open(qf_db *db, const char *url, bool readonly, int busy_ms);
int qf__pg_state(qf_db *db);
int qf__pg_schema_version(qf_db *db);
int qf__pg_set_schema_version(qf_db *db, int version);
/* Before the numbered files: the functions SQLite has and PostgreSQL lacks (compat.sql), and
 * the table holding the schema version. After them: the id of every table assigned as SQLite
 * assigns it (the next after the highest). */
int qf__pg_migrate_begin(qf_db *db);
int qf__pg_migrate_end(qf_db *db);
int qf__pg_prepare(qf_stmt *out, qf_db *db, const char *sql, bool persistent);
int qf__pg_db_exec(qf_db *db, const char *sql);
/* The writer's transaction: the schema's writer lock, then BEGIN ISOLATION LEVEL
 * SERIALIZABLE; its end (commit or rollback) releases the lock. A read snapshot: REPEATABLE
 * READ, READ ONLY. */
int qf__pg_begin_write(qf_db *db);
int qf__pg_end_write(qf_db *db, bool commit);
int qf__pg_begin_read(qf_db *db);
void qf__pg_db_close(qf_db *db);

/* embedded files (generated): the PostgreSQL schema, one file per SQLite migration */
extern const struct qf_embedded_file qf_schema_pg_files[];
extern const struct qf_embedded_file qf_schema_pg_compat[];

#endif
