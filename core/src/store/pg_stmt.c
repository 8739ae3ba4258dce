/*
 * Statements on PostgreSQL, behaving as SQLite's do for the code above (stmt.h): bind, step
 * row by row, read columns, reset and run again.
 *
 * A statement of the cache (qf__stmt, qf__borrow) is prepared on the server once per
 * connection (PQprepare) on its first step, when its parameters are bound: a parameter bound to
 * an integer is declared bigint, a blob bytea, text and NULL left for the server to infer from
 * where the parameter stands. A later run with other kinds of values gets a server statement of
 * its own. A statement prepared for one use (qf__prepare) runs with PQexecParams: one round
 * trip, nothing left on the server. Values travel as text, results come back as text; the
 * result of a run is read whole, then stepped through here, so statements interleave freely
 * (an iterator's rows while other statements write) as they do on SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "pg.h"

/* Type oids (catalog/pg_type_d.h is not in libpq-dev). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

#define MAX_VARIANTS 4

typedef struct pgparam {
    char *buf;
    size_t cap;
    int len;
    /* 'i' integer, 'd' double, 't' text, 'b' blob; NULL: 'I' an integer's, 'T' a text's
     * (bound by a helper that knows what it binds), 'n' one of unknown type */
    char kind;
    bool unused;
} pgparam;

typedef struct variant {
    char *sig; /* one type letter per parameter: i, d, t, b, or u (left to the server) */
    char name[16];
} variant;

struct qf_pgstmt {
    qf_db *db;
    qf_pgconn *c;
    char *sql;            /* as PostgreSQL takes it */
    bool persistent;      /* prepared on the server, kept for the connection's life */
    bool returning_id;    /* its rows are the ids of inserted rows, not results */
    bool settings;        /* it sets the transaction's settings: runs again with its writes */
    int nparams;
    pgparam *params;
    variant variants[MAX_VARIANTS];
    int nvariants;
    PGresult *res;
    int row, nrows;
    bool executed;
    int deferred_rc;      /* an error of a run started early (qf__pg_col_count), for the step */
    /* the bytes of bytea and boolean columns of the current row, decoded */
    unsigned char **decoded;
    size_t *decoded_len;
    int ndecoded;
};

int qf__pg_stmt_new(qf_pgstmt **out, qf_db *db, qf_pgconn *c, const char *sql, bool persistent)
{
    *out = NULL;
    qf_pgstmt *st = calloc(1, sizeof *st);
    if (!st)
        return qf__oom();
    st->db = db;
    st->c = c;
    st->persistent = persistent;
    st->sql = qf__pg_translate(c, sql, &st->nparams, &st->returning_id);
    st->settings = st->sql && strstr(st->sql, "set_config(") != NULL;
    if (!st->sql || (st->nparams > 0 && !(st->params = calloc((size_t)st->nparams, sizeof *st->params)))) {
        free(st->sql);
        free(st);
        return qf__oom();
    }
    for (int i = 0; i < st->nparams; i++) {
        st->params[i].kind = 'n';
        /* a number the SQL skips ("?4" without "?3") is declared text: any type would do,
         * and the server cannot infer one */
        st->params[i].unused = !qf__pg_param_used(st->sql, i + 1);
    }
    st->row = -1;
    *out = st;
    return QF_OK;
}

static void drop_decoded(qf_pgstmt *st)
{
    for (int i = 0; i < st->ndecoded; i++) {
        free(st->decoded[i]);
        st->decoded[i] = NULL;
    }
}

void qf__pg_reset(qf_pgstmt *st)
{
    st->deferred_rc = 0;
    drop_decoded(st);
    PQclear(st->res);
    st->res = NULL;
    st->executed = false;
    st->row = -1;
    st->nrows = 0;
}

void qf__pg_clear_bindings(qf_pgstmt *st)
{
    for (int i = 0; i < st->nparams; i++)
        st->params[i].kind = 'n';
}

bool qf__pg_busy(const qf_pgstmt *st)
{
    return st->executed && st->row < st->nrows;
}

void qf__pg_finalize(qf_pgstmt *st)
{
    if (!st)
        return;
    qf__pg_reset(st);
    for (int i = 0; i < st->nvariants; i++) {
        /* a statement of the cache lives as long as the connection: nothing to deallocate
         * but the memory here (server statements go with the session) */
        free(st->variants[i].sig);
    }
    for (int i = 0; i < st->nparams; i++)
        free(st->params[i].buf);
    free(st->params);
    free(st->decoded);
    free(st->decoded_len);
    free(st->sql);
    free(st);
}

/* ---- binding ----------------------------------------------------------------------------- */

static pgparam *param(qf_pgstmt *st, int i)
{
    if (i < 1 || i > st->nparams)
        return NULL;
    return &st->params[i - 1];
}

static int set_bytes(pgparam *p, const void *s, size_t n, char kind)
{
    if (n + 1 > p->cap) {
        size_t cap = n + 1 < 32 ? 32 : n + 1;
        char *b = realloc(p->buf, cap);
        if (!b)
            return SQLITE_NOMEM;
        p->buf = b;
        p->cap = cap;
    }
    if (n)
        memcpy(p->buf, s, n);
    p->buf[n] = '\0';
    p->len = (int)n;
    p->kind = kind;
    return SQLITE_OK;
}

int qf__pg_bind_int64(qf_pgstmt *st, int i, int64_t v)
{
    pgparam *p = param(st, i);
    if (!p)
        return SQLITE_RANGE;
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", (long long)v);
    return set_bytes(p, num, (size_t)n, 'i');
}

int qf__pg_bind_double(qf_pgstmt *st, int i, double v)
{
    pgparam *p = param(st, i);
    if (!p)
        return SQLITE_RANGE;
    char num[40];
    int n = snprintf(num, sizeof num, "%.17g", v);
    return set_bytes(p, num, (size_t)n, 'd');
}

int qf__pg_bind_null(qf_pgstmt *st, int i, char type)
{
    pgparam *p = param(st, i);
    if (!p)
        return SQLITE_RANGE;
    p->kind = type == 'i' ? 'I' : type == 't' ? 'T' : 'n';
    return SQLITE_OK;
}

int qf__pg_bind_text(qf_pgstmt *st, int i, const char *s, int n)
{
    pgparam *p = param(st, i);
    if (!p)
        return SQLITE_RANGE;
    if (!s) {
        p->kind = 'T';
        return SQLITE_OK;
    }
    size_t len = n < 0 ? strlen(s) : (size_t)n;
    /* PostgreSQL text holds no NUL: SQLite would keep the bytes after one, here they go */
    const char *nul = memchr(s, '\0', len);
    if (nul)
        len = (size_t)(nul - s);
    return set_bytes(p, s, len, 't');
}

int qf__pg_bind_blob(qf_pgstmt *st, int i, const void *b, uint64_t n)
{
    pgparam *p = param(st, i);
    if (!p)
        return SQLITE_RANGE;
    if (n > (uint64_t)INT32_MAX)
        return SQLITE_TOOBIG;
    return set_bytes(p, b ? b : "", (size_t)n, 'b');
}

/* ---- running ----------------------------------------------------------------------------- */

/*
 * The type a parameter is declared with. Text is declared text: left to the server, a
 * parameter that also stands alone ("?1 IS NULL OR code = ?1") has no type it can infer. A NULL
 * whose type is unknown (qf__bind_null) is left to the server, which infers it from where it
 * stands (a column it is inserted into, a value it is compared with).
 */
static char sig_letter(char kind)
{
    switch (kind) {
    case 'I':
        return 'i';
    case 'T':
        return 't';
    case 'n':
        return 'u';
    default:
        return kind;
    }
}

static Oid param_type(char kind)
{
    switch (sig_letter(kind)) {
    case 'i':
        return OID_INT8;
    case 'd':
        return OID_FLOAT8;
    case 't':
        return OID_TEXT;
    case 'b':
        return OID_BYTEA;
    default:
        return 0;
    }
}

/* The server could not tell a parameter's type: declares the ones left to it as text, and
 * says whether there were any. */
static bool indeterminate(const PGresult *res, const qf_pgstmt *st, Oid *types)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (!state || (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0))
        return false;
    bool any = false;
    for (int i = 0; i < st->nparams; i++)
        if (types[i] == 0) {
            types[i] = OID_TEXT;
            any = true;
        }
    return any;
}

/* The server statement for these kinds of values, prepared now if there is none yet. */
static int server_statement(qf_pgstmt *st, const char **name, Oid *types)
{
    char sig[st->nparams + 1];
    for (int i = 0; i < st->nparams; i++)
        sig[i] = st->params[i].unused ? 't' : sig_letter(st->params[i].kind);
    sig[st->nparams] = '\0';
    for (int i = 0; i < st->nvariants; i++)
        if (strcmp(st->variants[i].sig, sig) == 0) {
            *name = st->variants[i].name;
            return SQLITE_OK;
        }
    if (st->nvariants == MAX_VARIANTS) {
        *name = NULL; /* run it unprepared: PQexecParams */
        return SQLITE_OK;
    }
    variant *v = &st->variants[st->nvariants];
    snprintf(v->name, sizeof v->name, "qf%u", ++st->c->next_name);
    PGresult *res = PQprepare(st->c->conn, v->name, st->sql, st->nparams, types);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && indeterminate(res, st, types)) {
        /* a NULL of unknown type where the server cannot infer one ("?3 IS NULL OR kind =
         * ?3" with ?3 never bound): text, as it nearly always is (the transaction the failed
         * attempt aborted is recovered first) */
        PQclear(res);
        qf__pg_recover(st->c, st->c->locked);
        res = PQprepare(st->c->conn, v->name, st->sql, st->nparams, types);
    }
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = qf__pg_fail(st->c, res);
        if (getenv("QUFA_PG_TRACE"))
            fprintf(stderr, "pg: %s\n  -> %s\n", st->sql, st->c->errmsg);
        PQclear(res);
        qf__pg_recover(st->c, st->c->locked);
        return rc;
    }
    PQclear(res);
    v->sig = qf__strdup(sig);
    if (!v->sig)
        return SQLITE_NOMEM;
    st->nvariants++;
    *name = v->name;
    return SQLITE_OK;
}

static int execute(qf_pgstmt *st)
{
    int n = st->nparams;
    const char *values[n > 0 ? n : 1];
    int lengths[n > 0 ? n : 1], formats[n > 0 ? n : 1];
    Oid types[n > 0 ? n : 1];
    for (int i = 0; i < n; i++) {
        pgparam *p = &st->params[i];
        values[i] = p->kind == 'n' || p->kind == 'I' || p->kind == 'T' ? NULL : p->buf;
        lengths[i] = p->len;
        formats[i] = p->kind == 'b'; /* bytea travels as binary, the rest as text */
        types[i] = p->unused ? OID_TEXT : param_type(p->kind);
    }
    const char *name = NULL;
    if (st->persistent) {
        int rc = server_statement(st, &name, types);
        if (rc != SQLITE_OK)
            return rc;
    }
    PGresult *res = name ? PQexecPrepared(st->c->conn, name, n, values, lengths, formats, 0)
                         : PQexecParams(st->c->conn, st->sql, n, types, values, lengths, formats, 0);
    if (!name && PQresultStatus(res) == PGRES_FATAL_ERROR && indeterminate(res, st, types)) {
        PQclear(res); /* as in server_statement */
        qf__pg_recover(st->c, st->c->locked);
        res = PQexecParams(st->c->conn, st->sql, n, types, values, lengths, formats, 0);
    }
    ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        int rc = qf__pg_fail(st->c, res);
        if (getenv("QUFA_PG_TRACE"))
            fprintf(stderr, "pg: %s\n  -> %s\n", st->sql, st->c->errmsg);
        PQclear(res);
        qf__pg_recover(st->c, st->c->locked);
        return rc;
    }
    qf__pg_log_sql(st->c, st->sql, n, values, lengths, formats, types,
                   st->settings || strncmp(PQcmdStatus(res), "SELECT", 6) != 0);
    const char *count = PQcmdTuples(res);
    if (*count)
        st->c->changes = atoi(count);
    st->executed = true;
    st->row = -1;
    if (st->returning_id) {
        /* the ids of the inserted rows: the last one is "the last insert id"; no rows are
         * results of the statement as written */
        int rows = PQntuples(res);
        if (rows > 0)
            st->c->last_id = strtoll(PQgetvalue(res, rows - 1, 0), NULL, 10);
        PQclear(res);
        st->nrows = 0;
        return SQLITE_OK;
    }
    st->res = res;
    st->nrows = PQntuples(res);
    int ncol = PQnfields(res);
    if (ncol > st->ndecoded) {
        unsigned char **d = realloc(st->decoded, (size_t)ncol * sizeof *d);
        if (d)
            st->decoded = d;
        size_t *l = d ? realloc(st->decoded_len, (size_t)ncol * sizeof *l) : NULL;
        if (l)
            st->decoded_len = l;
        if (!d || !l)
            return SQLITE_NOMEM;
        for (int i = st->ndecoded; i < ncol; i++)
            st->decoded[i] = NULL;
        st->ndecoded = ncol;
    }
    return SQLITE_OK;
}

int qf__pg_step(qf_pgstmt *st)
{
    if (st->deferred_rc) {
        int rc = st->deferred_rc;
        st->deferred_rc = 0;
        return rc;
    }
    if (st->executed && st->row >= st->nrows)
        qf__pg_reset(st); /* stepped after its end: runs again, as SQLite does */
    if (!st->executed) {
        int rc = execute(st);
        if (rc != SQLITE_OK)
            return rc;
    }
    drop_decoded(st);
    st->row++;
    return st->row < st->nrows ? SQLITE_ROW : SQLITE_DONE;
}

/* ---- columns ----------------------------------------------------------------------------- */

static bool has_value(qf_pgstmt *st, int i)
{
    return st->res && st->row >= 0 && st->row < st->nrows && i >= 0 && i < PQnfields(st->res) &&
           !PQgetisnull(st->res, st->row, i);
}

/* SQLite knows a statement's columns once it is prepared; here they come with the result, so
 * asking before the first step runs the statement now (its bindings are in place by then: it
 * is asked right before stepping), and the first step returns its first row. */
int qf__pg_col_count(qf_pgstmt *st)
{
    if (!st->executed && !st->deferred_rc) {
        int rc = execute(st);
        if (rc != SQLITE_OK)
            st->deferred_rc = rc;
    }
    return st->res ? PQnfields(st->res) : 0;
}

int qf__pg_col_type(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return SQLITE_NULL;
    switch (PQftype(st->res, i)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
    case OID_BOOL:
        return SQLITE_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return SQLITE_FLOAT;
    case OID_NUMERIC: /* sum() of integers is numeric: an integer unless it has a fraction */
        return strpbrk(PQgetvalue(st->res, st->row, i), ".eEN") ? SQLITE_FLOAT : SQLITE_INTEGER;
    case OID_BYTEA:
        return SQLITE_BLOB;
    default:
        return SQLITE_TEXT;
    }
}

int64_t qf__pg_col_int64(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, i);
    Oid t = PQftype(st->res, i);
    if (t == OID_BOOL)
        return v[0] == 't';
    if (t == OID_FLOAT4 || t == OID_FLOAT8 || t == OID_NUMERIC)
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

double qf__pg_col_double(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return 0.0;
    const char *v = PQgetvalue(st->res, st->row, i);
    if (PQftype(st->res, i) == OID_BOOL)
        return v[0] == 't';
    return strtod(v, NULL);
}

/* bytea arrives hex-escaped and a boolean as t/f: what SQLite would give (the bytes; 1 or 0)
 * is decoded once per row and column, with a NUL after it so it reads as text too */
static const unsigned char *decoded(qf_pgstmt *st, int i, size_t *len)
{
    if (!st->decoded[i]) {
        const char *v = PQgetvalue(st->res, st->row, i);
        unsigned char *copy;
        size_t n;
        if (PQftype(st->res, i) == OID_BYTEA) {
            unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
            if (!raw)
                return NULL;
            copy = malloc(n + 1);
            if (copy) {
                memcpy(copy, raw, n);
                copy[n] = '\0';
            }
            PQfreemem(raw);
        } else { /* boolean */
            n = 1;
            copy = malloc(2);
            if (copy) {
                copy[0] = v[0] == 't' ? '1' : '0';
                copy[1] = '\0';
            }
        }
        if (!copy)
            return NULL;
        st->decoded[i] = copy;
        st->decoded_len[i] = n;
    }
    *len = st->decoded_len[i];
    return st->decoded[i];
}

static bool needs_decoding(qf_pgstmt *st, int i)
{
    Oid t = PQftype(st->res, i);
    return t == OID_BYTEA || t == OID_BOOL;
}

const unsigned char *qf__pg_col_text(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return NULL;
    if (needs_decoding(st, i)) {
        size_t len;
        return decoded(st, i, &len);
    }
    return (const unsigned char *)PQgetvalue(st->res, st->row, i);
}

const void *qf__pg_col_blob(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return NULL;
    if (needs_decoding(st, i)) {
        size_t len;
        return decoded(st, i, &len);
    }
    return PQgetvalue(st->res, st->row, i);
}

int qf__pg_col_bytes(qf_pgstmt *st, int i)
{
    if (!has_value(st, i))
        return 0;
    if (needs_decoding(st, i)) {
        size_t len = 0;
        return decoded(st, i, &len) ? (int)len : 0;
    }
    return PQgetlength(st->res, st->row, i);
}
