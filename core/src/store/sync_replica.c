/*
 * A branch's replica: a new in-memory database at this qufa's schema into which the organ's
 * copy of the branch's audit log is replayed: every entry and seal written verbatim into the
 * replica's own audit_log and audit_seal, and each entry's row image applied to its table. The
 * replica then holds exactly the branch's records (the bytes of stored files aside: file
 * contents are not audited and are not pushed), and qf_audit_verify on it checks the chain and
 * every row against its last image once more. The organ's commands judge a replica with the
 * same engine and counting model as the branch's own file: one truth.
 *
 * The replica is always SQLite (a scratch database in memory), whatever the organ's backend;
 * the organ's database is only read through sync_entry and sync_seal. It lives in the store
 * layer because it builds SQLite statements for the replica's own tables (identifiers quoted
 * with sqlite3_mprintf's %w) — the one place outside the drivers that needs the SQLite API.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "../exchange/sync_internal.h"

/* The row writers' SQL per audited table, made once per process from the empty replica's
 * tables (every replica has this qufa's schema) and kept with its image (below). */
typedef struct table_sql {
    char *name;
    char *put; /* INSERT OR REPLACE INTO t (cols) SELECT json_extract(?1, '$."c"'), … */
    char *del; /* DELETE FROM t WHERE id = ?1 */
} table_sql;

typedef struct tables {
    table_sql *t; /* sorted by name */
    size_t n;
} tables;

static void tables_free(tables *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        free(ts->t[i].name);
        sqlite3_free(ts->t[i].put);
        sqlite3_free(ts->t[i].del);
    }
    free(ts->t);
    ts->t = NULL;
    ts->n = 0;
}

static int make_writer(qf_db *r, table_sql *tw)
{
    qf_stmt *cols = NULL;
    int rc = qf__prepare(&cols, r, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    if (rc)
        return rc;
    qf__bind_textn(cols, 1, tw->name, -1, QF_STATIC);
    char *names = sqlite3_mprintf("%s", ""), *values = sqlite3_mprintf("%s", "");
    bool first = true;
    while (names && values && qf__step(cols) == QF_ROW) {
        const char *c = qf__col_text(cols, 0);
        char *n2 = sqlite3_mprintf("%s%s\"%w\"", names, first ? "" : ", ", c);
        /* the path names the key as a quoted JSON member ("$.\"name\"") */
        char *v2 = sqlite3_mprintf("%s%sjson_extract(?1, '$.\"%w\"')", values, first ? "" : ", ",
                                   c);
        sqlite3_free(names);
        sqlite3_free(values);
        names = n2;
        values = v2;
        first = false;
    }
    qf__finalize(cols);
    tw->put = names && values ? sqlite3_mprintf("INSERT OR REPLACE INTO \"%w\" (%s) SELECT %s",
                                                tw->name, names, values)
                              : NULL;
    tw->del = sqlite3_mprintf("DELETE FROM \"%w\" WHERE id = ?1", tw->name);
    sqlite3_free(names);
    sqlite3_free(values);
    return tw->put && tw->del ? QF_OK : qf__oom();
}

/* The audited tables (those with an INTEGER PRIMARY KEY id, except audit_*), as audit.c. */
static int load_tables(qf_db *r, tables *ts)
{
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, r,
                         "SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name "
                         "NOT LIKE 'sqlite_%' AND s.name NOT LIKE 'audit_%' AND EXISTS (SELECT 1 "
                         "FROM pragma_table_info(s.name) c WHERE c.name = 'id' AND c.pk = 1 AND "
                         "upper(c.type) = 'INTEGER') ORDER BY s.name");
    if (rc)
        return rc;
    size_t cap = 0;
    while (rc == QF_OK && qf__step(st) == QF_ROW) {
        if (ts->n == cap) {
            cap = cap ? cap * 2 : 64;
            table_sql *more = realloc(ts->t, cap * sizeof *more);
            if (!more) {
                rc = qf__oom();
                break;
            }
            ts->t = more;
        }
        table_sql *tw = &ts->t[ts->n];
        memset(tw, 0, sizeof *tw);
        tw->name = qf__strdup(qf__col_text(st, 0));
        if (!tw->name) {
            rc = qf__oom();
            break;
        }
        ts->n++;
    }
    qf__finalize(st);
    for (size_t i = 0; rc == QF_OK && i < ts->n; i++)
        rc = make_writer(r, &ts->t[i]);
    return rc;
}

/* One replica's row writers: statements prepared from the tables' SQL when a table is first
 * written (a branch's log writes a few of the schema's tables; preparing every writer for
 * every replica was an eighth of building one). */
typedef struct writers {
    const tables *ts;
    qf_stmt **put, **del; /* ts->n each, NULL until used */
} writers;

static void writers_free(writers *w)
{
    for (size_t i = 0; w->put && i < w->ts->n; i++) {
        qf__finalize(w->put[i]);
        qf__finalize(w->del[i]);
    }
    free(w->put);
    free(w->del);
}

static int writers_init(writers *w, const tables *ts)
{
    w->ts = ts;
    w->put = calloc(ts->n ? ts->n : 1, sizeof *w->put);
    w->del = calloc(ts->n ? ts->n : 1, sizeof *w->del);
    if (w->put && w->del)
        return QF_OK;
    free(w->put);
    free(w->del);
    w->put = w->del = NULL;
    return qf__oom();
}

static int table_sql_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const table_sql *)elem)->name);
}

/* The statement that writes (or deletes) a row of `table` in replica r: NULL with the error
 * set when preparing failed, NULL with *known false when the schema has no such table. */
static qf_stmt *writer_for(qf_db *r, writers *w, const char *table, bool delete, bool *known)
{
    const table_sql *t =
        table && w->ts->n ? bsearch(table, w->ts->t, w->ts->n, sizeof *t, table_sql_cmp) : NULL;
    *known = t != NULL;
    if (!t)
        return NULL;
    size_t i = (size_t)(t - w->ts->t);
    qf_stmt **slot = delete ? &w->del[i] : &w->put[i];
    if (!*slot && qf__prepare(slot, r, delete ? t->del : t->put) != QF_OK)
        return NULL;
    return *slot;
}

/* Empties a freshly migrated database into the empty replica: its triggers go (the replayed
 * entries are the log), and the rows its own migrations wrote (their images are in the
 * branch's log too). */
static int clear_replica(qf_db *r, const tables *ts)
{
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, r,
                         "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE "
                         "'qf\\_audit\\_%' ESCAPE '\\'");
    if (rc)
        return rc;
    char **names = NULL;
    size_t n = 0, cap = 0;
    while (rc == QF_OK && qf__step(st) == QF_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 128;
            char **more = realloc(names, cap * sizeof *more);
            if (!more) {
                rc = qf__oom();
                break;
            }
            names = more;
        }
        names[n] = qf__strdup(qf__col_text(st, 0));
        if (!names[n++])
            rc = qf__oom();
    }
    qf__finalize(st);
    for (size_t i = 0; i < n; i++) {
        if (rc == QF_OK) {
            char *sql = sqlite3_mprintf("DROP TRIGGER \"%w\"", names[i]);
            rc = sql ? qf__exec(r, sql) : qf__oom();
            sqlite3_free(sql);
        }
        free(names[i]);
    }
    free(names);
    for (size_t i = 0; rc == QF_OK && i < ts->n; i++) {
        char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", ts->t[i].name);
        rc = sql ? qf__exec(r, sql) : qf__oom();
        sqlite3_free(sql);
    }
    if (rc == QF_OK)
        rc = qf__exec(r, "DELETE FROM audit_log; DELETE FROM audit_seal; DELETE FROM audit_ctx");
    return rc;
}

/* Binds column `i` of `from` (the organ's statement: SQLite or PostgreSQL) as parameter `k`
 * of `to` (the in-memory replica), by its type. */
static int copy_value(qf_stmt *to, int k, qf_stmt *from, int i)
{
    switch (qf__col_type(from, i)) {
    case QF_SQL_NULL: return qf__bind_null(to, k);
    case QF_SQL_INTEGER: return qf__bind_int64(to, k, qf__col_int64(from, i));
    case QF_SQL_FLOAT: return qf__bind_double(to, k, qf__col_double(from, i));
    case QF_SQL_BLOB:
        return qf__bind_blob(to, k, qf__col_blob(from, i), (uint64_t)qf__col_bytes(from, i),
                             QF_TRANSIENT);
    default:
        return qf__bind_textn(to, k, qf__col_text(from, i), qf__col_bytes(from, i), QF_TRANSIENT);
    }
}

static int replay_entry(qf_db *r, writers *w, qf_stmt *log, qf_stmt *from,
                        const char *name)
{
    int64_t seq = qf__col_int64(from, 0);
    const char *action = qf__col_text(from, 3);
    const char *table = qf__col_text(from, 4);
    int64_t row_id = qf__col_int64(from, 5);
    const char *after = qf__col_text(from, 7);
    for (int i = 0; i < 8; i++)
        if (copy_value(log, i + 1, from, i) != QF_OK)
            return qf__sqlerr(r, qf__errcode(r), "sync replica");
    int rc = qf__exec_stmt(r, log, "sync replica");
    if (rc)
        return rc;
    bool delete = action && strcmp(action, "delete") == 0, known;
    qf_stmt *tw = writer_for(r, w, table, delete, &known);
    if (!known)
        return qf__err(QF_ECORRUPT,
                       _("sync: branch %s: audit entry %lld writes table '%s', which this qufa "
                         "does not have (upgrade qufa at the organ)"),
                       name, (long long)seq, table ? table : "?");
    if (!tw)
        return qf_error_last_code();
    if (delete) {
        qf__bind_int64(tw, 1, row_id);
        return qf__exec_stmt(r, tw, "sync replica");
    }
    if (!after)
        return qf__err(QF_ECORRUPT, _("sync: branch %s: audit entry %lld (%s) has no row image"),
                       name, (long long)seq, action ? action : "?");
    qf__bind_textn(tw, 1, after, -1, QF_STATIC);
    rc = qf__exec_stmt(r, tw, "sync replica");
    qf__clear_bindings(tw);
    return rc;
}

static int replay(qf_db *r, qf_db *organ, const char *name, const tables *ts)
{
    static const char sql_entries[] = "SELECT seq, at, actor, action, tbl, row_id, before, after "
                                      "FROM sync_entry WHERE branch = ?1 ORDER BY seq";
    static const char sql_seals[] = "SELECT first_seq, last_seq, at, prev_hash, hash FROM "
                                    "sync_seal WHERE branch = ?1 ORDER BY last_seq";
    writers w = {0};
    int rc = writers_init(&w, ts);
    if (rc == QF_OK)
        rc = qf__exec(r, "PRAGMA foreign_keys = OFF");
    qf_stmt *log = NULL, *seal = NULL, *from = NULL;
    if (rc == QF_OK)
        rc = qf__prepare(&log, r, "INSERT INTO audit_log (seq, at, actor, action, tbl, row_id, "
                                  "before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (rc == QF_OK)
        rc = qf__prepare(&seal, r, "INSERT INTO audit_seal (first_seq, last_seq, at, prev_hash, "
                                   "hash) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (rc == QF_OK)
        rc = qf__exec(r, "BEGIN");
    if (rc == QF_OK && !(from = qf__stmt(organ, sql_entries)))
        rc = qf_error_last_code();
    if (rc == QF_OK) {
        qf__bind_text(from, 1, name);
        int step;
        while (rc == QF_OK && (step = qf__step(from)) == QF_ROW)
            rc = replay_entry(r, &w, log, from, name);
        if (rc == QF_OK && step != QF_DONE)
            rc = qf__sqlerr(organ, step, "sync replica");
        qf__reset(from);
    }
    if (rc == QF_OK && !(from = qf__stmt(organ, sql_seals)))
        rc = qf_error_last_code();
    if (rc == QF_OK) {
        qf__bind_text(from, 1, name);
        int step;
        while (rc == QF_OK && (step = qf__step(from)) == QF_ROW) {
            for (int i = 0; i < 5; i++)
                copy_value(seal, i + 1, from, i);
            rc = qf__exec_stmt(r, seal, "sync replica");
        }
        if (rc == QF_OK && step != QF_DONE)
            rc = qf__sqlerr(organ, step, "sync replica");
        qf__reset(from);
    }
    if (rc == QF_OK)
        rc = qf__exec(r, "COMMIT");
    qf__finalize(log);
    qf__finalize(seal);
    writers_free(&w);
    /* the replica works as any database from here, keys checked; its audit triggers are put
     * in by its first write transaction (qf_tx_begin), which most replicas — judged, never
     * written — do not have: until then it is query-only, so no write can go unaudited */
    if (rc == QF_OK)
        rc = qf__exec(r, "PRAGMA foreign_keys = ON");
    if (rc == QF_OK)
        rc = qf__exec(r, "PRAGMA query_only = ON");
    if (rc == QF_OK)
        r->triggers_pending = true;
    return rc;
}

/* An empty replica (this qufa's schema, no audit triggers, no rows), serialized: each replica
 * starts as a copy of it instead of migrating a new database from nothing, which was 40% of
 * building a branch's replica (docs/performance.md); with it, its tables' row writers' SQL.
 * Made once per process, on first use, and kept for the process's life; the lock makes the
 * first use safe from several threads. */
static pthread_mutex_t empty_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *empty_image;
static size_t empty_len;
static tables empty_tables;

static int make_empty_image(const qf_open_options *o)
{
    qf_db *r = NULL;
    int rc = qf_db_open(&r, ":memory:", o);
    tables ts = {NULL, 0};
    if (rc == QF_OK)
        rc = load_tables(r, &ts);
    if (rc == QF_OK)
        rc = clear_replica(r, &ts);
    sqlite3_int64 len = 0;
    unsigned char *image = rc == QF_OK ? sqlite3_serialize(r->sql, "main", &len, 0) : NULL;
    if (rc == QF_OK && !image)
        rc = qf__oom();
    unsigned char *copy = rc == QF_OK ? malloc((size_t)len) : NULL;
    if (rc == QF_OK && !copy)
        rc = qf__oom();
    if (rc == QF_OK) {
        memcpy(copy, image, (size_t)len);
        empty_image = copy;
        empty_len = (size_t)len;
        empty_tables = ts;
    } else {
        tables_free(&ts);
    }
    sqlite3_free(image);
    qf_db_free(r);
    return rc;
}

static int open_empty_replica(qf_db **out, const qf_open_options *o)
{
    pthread_mutex_lock(&empty_lock);
    int rc = empty_image ? QF_OK : make_empty_image(o);
    pthread_mutex_unlock(&empty_lock);
    return rc ? rc : qf__db_open_image(out, empty_image, empty_len, o);
}

int qf_sync_replica(qf_db **out, qf_db *organ, const char *name)
{
    *out = NULL;
    static const char sql_has[] = "SELECT 1 FROM sync_branch WHERE name = ?1";
    qf_stmt *st = qf__stmt(organ, sql_has);
    if (!st)
        return qf_error_last_code();
    qf__bind_text(st, 1, name);
    int step = qf__step(st);
    qf__reset(st);
    if (step == QF_DONE)
        return qf__err(QF_ENOTFOUND, _("sync: the organ holds no branch '%s' (see 'qufa sync "
                                       "status')"),
                       name ? name : "");
    if (step != QF_ROW)
        return qf__sqlerr(organ, step, "sync");
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = qf_db_actor(organ);
    qf_db *r = NULL;
    int rc = open_empty_replica(&r, &o);
    if (rc)
        return rc;
    qf_db_set_today(r, qf_db_today(organ));
    bool opened = qf__read_begin(organ); /* entries and seals from one state of the organ */
    rc = replay(r, organ, name, &empty_tables);
    qf__read_end(organ, opened);
    if (rc) {
        char saved[1024];
        snprintf(saved, sizeof saved, "%s", qf_error_last());
        qf_db_free(r);
        return qf__err(rc, "%s", saved);
    }
    *out = r;
    return QF_OK;
}
