/*
 * The statement layer: one call set for SQL statements over both backends, SQLite (the embedded
 * default: a branch's file) and PostgreSQL (an organ's server, through libpq).
 *
 * The calls mirror the SQLite ones the code was written with (prepare, bind, step, column,
 * reset), with SQLite's result codes as the common code space: QF_ROW / QF_DONE from a step, an
 * SQLite (extended) error code otherwise, whatever the backend. On SQLite each call is one
 * inline test and the SQLite call itself (measured: no difference in the benchmarks of
 * docs/performance.md); on PostgreSQL it goes to store/pg_stmt.c.
 *
 * SQL is written once, in the subset both dialects accept, with numbered parameters ?1, ?2, …
 * (translated to $1, $2, … when prepared on PostgreSQL). What the dialects do differently lives
 * in the store layer: the functions PostgreSQL lacks are created on its side
 * (core/schema/pg/compat.sql), everything else is written in the common subset (see
 * docs/internals.md, "SQL in both dialects").
 *
 * tools/store_convert.py rewrites code written against the sqlite3 API into these calls.
 */
#ifndef QUFA_STMT_H
#define QUFA_STMT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct qf_db qf_db;
typedef struct qf_pgstmt qf_pgstmt;

/* A statement of either backend: exactly one of the two is set. */
typedef struct qf_stmt {
    sqlite3_stmt *lite;
    qf_pgstmt *pg;
} qf_stmt;

/* Results of qf__step, and column types: SQLite's values, whatever the backend. */
#define QF_ROW SQLITE_ROW
#define QF_DONE SQLITE_DONE
#define QF_SQL_INTEGER SQLITE_INTEGER
#define QF_SQL_FLOAT SQLITE_FLOAT
#define QF_SQL_TEXT SQLITE_TEXT
#define QF_SQL_BLOB SQLITE_BLOB
#define QF_SQL_NULL SQLITE_NULL
/* How a bound text or blob is kept: QF_STATIC when the caller keeps it alive until the
 * statement is reset or rebound, QF_TRANSIENT to have it copied. PostgreSQL always copies. */
#define QF_STATIC SQLITE_STATIC
#define QF_TRANSIENT SQLITE_TRANSIENT

#if defined(__GNUC__)
#define QF_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define QF_LIKELY(x) (x)
#endif

/* PostgreSQL (store/pg_stmt.c) */
int qf__pg_step(qf_pgstmt *st);
void qf__pg_reset(qf_pgstmt *st);
void qf__pg_clear_bindings(qf_pgstmt *st);
void qf__pg_finalize(qf_pgstmt *st);
bool qf__pg_busy(const qf_pgstmt *st);
int qf__pg_bind_int64(qf_pgstmt *st, int i, int64_t v);
int qf__pg_bind_double(qf_pgstmt *st, int i, double v);
int qf__pg_bind_null(qf_pgstmt *st, int i, char type);
int qf__pg_bind_text(qf_pgstmt *st, int i, const char *s, int n);
int qf__pg_bind_blob(qf_pgstmt *st, int i, const void *p, uint64_t n);
int64_t qf__pg_col_int64(qf_pgstmt *st, int i);
double qf__pg_col_double(qf_pgstmt *st, int i);
const unsigned char *qf__pg_col_text(qf_pgstmt *st, int i);
const void *qf__pg_col_blob(qf_pgstmt *st, int i);
int qf__pg_col_bytes(qf_pgstmt *st, int i);
int qf__pg_col_type(qf_pgstmt *st, int i);
int qf__pg_col_count(qf_pgstmt *st);

/* ---- stepping ---------------------------------------------------------------------------- */

/* QF_ROW (a row is ready), QF_DONE, or an error code (qf__sqlerr turns it into a message). */
static inline int qf__step(qf_stmt *st)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_step(st->lite) : qf__pg_step(st->pg);
}
/* Back to the start; bindings stay. */
static inline void qf__reset(qf_stmt *st)
{
    if (QF_LIKELY(st->lite != NULL))
        sqlite3_reset(st->lite);
    else
        qf__pg_reset(st->pg);
}
static inline void qf__clear_bindings(qf_stmt *st)
{
    if (QF_LIKELY(st->lite != NULL))
        sqlite3_clear_bindings(st->lite);
    else
        qf__pg_clear_bindings(st->pg);
}
/* Whether the statement has been stepped and not reset or run to its end. */
static inline bool qf__stmt_busy(qf_stmt *st)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_stmt_busy(st->lite) != 0 : qf__pg_busy(st->pg);
}
/* Frees a statement from qf__prepare (never one from qf__stmt or qf__borrow). NULL is fine. */
void qf__finalize(qf_stmt *st);

/* ---- binding (parameters count from 1) --------------------------------------------------- */

static inline int qf__bind_int64(qf_stmt *st, int i, int64_t v)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_int64(st->lite, i, (sqlite3_int64)v)
                                       : qf__pg_bind_int64(st->pg, i, v);
}
static inline int qf__bind_int(qf_stmt *st, int i, int v)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_int(st->lite, i, v)
                                       : qf__pg_bind_int64(st->pg, i, v);
}
static inline int qf__bind_double(qf_stmt *st, int i, double v)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_double(st->lite, i, v)
                                       : qf__pg_bind_double(st->pg, i, v);
}
static inline int qf__bind_null(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_null(st->lite, i)
                                       : qf__pg_bind_null(st->pg, i, 'u');
}
/* A NULL that stands for an integer (an id) or a text: PostgreSQL needs the type where the
 * parameter gives it none ("?2 IS NULL OR org_id = ?2"). */
static inline int qf__bind_null_int(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_null(st->lite, i)
                                       : qf__pg_bind_null(st->pg, i, 'i');
}
static inline int qf__bind_null_text(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_null(st->lite, i)
                                       : qf__pg_bind_null(st->pg, i, 't');
}
/* `n` bytes of `s` (-1: up to its NUL); `how` is QF_STATIC or QF_TRANSIENT. */
static inline int qf__bind_textn(qf_stmt *st, int i, const char *s, int n, void (*how)(void *))
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_text(st->lite, i, s, n, how)
                                       : qf__pg_bind_text(st->pg, i, s, n);
}
static inline int qf__bind_blob(qf_stmt *st, int i, const void *p, uint64_t n,
                                void (*how)(void *))
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_bind_blob64(st->lite, i, p, n, how)
                                       : qf__pg_bind_blob(st->pg, i, p, n);
}

/* ---- reading the current row (columns count from 0) ------------------------------------- */

static inline int64_t qf__col_int64(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? (int64_t)sqlite3_column_int64(st->lite, i)
                                       : qf__pg_col_int64(st->pg, i);
}
static inline int qf__col_int(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_int(st->lite, i)
                                       : (int)qf__pg_col_int64(st->pg, i);
}
static inline double qf__col_double(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_double(st->lite, i)
                                       : qf__pg_col_double(st->pg, i);
}
/* The value as text (NULL for SQL NULL), valid until the next step or reset. */
static inline const unsigned char *qf__col_utext(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_text(st->lite, i)
                                       : qf__pg_col_text(st->pg, i);
}
/* The same as a C string (the usual way to read one). */
static inline const char *qf__col_text(qf_stmt *st, int i)
{
    return (const char *)qf__col_utext(st, i);
}
static inline const void *qf__col_blob(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_blob(st->lite, i)
                                       : qf__pg_col_blob(st->pg, i);
}
/* Bytes of the text or blob just read from column i. */
static inline int qf__col_bytes(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_bytes(st->lite, i)
                                       : qf__pg_col_bytes(st->pg, i);
}
/* QF_SQL_INTEGER, QF_SQL_FLOAT, QF_SQL_TEXT, QF_SQL_BLOB or QF_SQL_NULL. */
static inline int qf__col_type(qf_stmt *st, int i)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_type(st->lite, i)
                                       : qf__pg_col_type(st->pg, i);
}
/* Column i of the current row read at once, for loops over every column of many rows (the
 * check's snapshot): returns its type, with an integer's value in *iv, or a text's (a blob's,
 * a real's as text) bytes in *s and *n — *s NULL for SQL NULL. On SQLite one column call and
 * the value's own accessors instead of a column call each for the type, text and length (each
 * one enters the statement's mutex and checks for a failed allocation). */
static inline int qf__col_read(qf_stmt *st, int i, int64_t *iv, const char **s, int *n)
{
    int t;
    if (QF_LIKELY(st->lite != NULL)) {
        sqlite3_value *v = sqlite3_column_value(st->lite, i);
        t = sqlite3_value_type(v);
        if (t == SQLITE_INTEGER) {
            *iv = (int64_t)sqlite3_value_int64(v);
            *s = NULL;
            *n = 0;
        } else {
            *iv = 0;
            *s = (const char *)sqlite3_value_text(v);
            *n = sqlite3_value_bytes(v);
        }
        return t;
    }
    t = qf__pg_col_type(st->pg, i);
    if (t == QF_SQL_INTEGER) {
        *iv = qf__pg_col_int64(st->pg, i);
        *s = NULL;
        *n = 0;
    } else {
        *iv = 0;
        *s = (const char *)qf__pg_col_text(st->pg, i);
        *n = qf__pg_col_bytes(st->pg, i);
    }
    return t;
}
static inline int qf__col_count(qf_stmt *st)
{
    return QF_LIKELY(st->lite != NULL) ? sqlite3_column_count(st->lite) : qf__pg_col_count(st->pg);
}

/* ---- the connection ---------------------------------------------------------------------- */

/* Rows changed by the last INSERT, UPDATE or DELETE (not counting what triggers did). */
int qf__changes(qf_db *db);
/* The id of the row the last INSERT added (PostgreSQL: its RETURNING id, added when prepared). */
int64_t qf__last_insert_id(qf_db *db);
/* The error code and message of the last failed call on this connection. */
int qf__errcode(qf_db *db);
const char *qf__errmsg(qf_db *db);
/* A fixed English text for an error code. */
const char *qf__errstr(int rc);
/* Whether a transaction is open on the connection (a write, a read snapshot or a script's). */
bool qf__in_tx(qf_db *db);

#endif
