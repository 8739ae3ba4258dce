/*
 * The database handle: open/create, schema migrations, the statement cache, transactions.
 * The same on both backends; what they do differently is in lite.c (SQLite) and pg_db.c
 * (PostgreSQL), behind backend.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "backend.h"
#include "pg.h"

int qf_schema_version(void)
{
    int n = 0;
    while (qf_schema_files[n].name)
        n++;
    return n;
}

/* ---- statement cache ------------------------------------------------------------------- */

static size_t slot_of(const char *key)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 7) % QF_STMT_CACHE_SIZE;
}

/* A statement of the backend in *out; `persistent`: kept for the connection's life. */
static int prepare_into(qf_stmt *out, qf_db *db, const char *sql, bool persistent)
{
    return db->pg ? qf__pg_prepare(out, db, sql, persistent)
                  : qf__lite_prepare(out, db, sql, persistent);
}

qf_stmt *qf__stmt(qf_db *db, const char *sql)
{
    size_t i = slot_of(sql);
    for (size_t probe = 0; probe < QF_STMT_CACHE_SIZE; probe++) {
        qf_stmt_slot *s = &db->cache[(i + probe) % QF_STMT_CACHE_SIZE];
        if (s->key == sql) {
            qf__reset(s->stmt);
            qf__clear_bindings(s->stmt);
            return s->stmt;
        }
        if (!s->key) {
            qf_stmt *st = malloc(sizeof *st);
            if (!st) {
                qf__oom();
                return NULL;
            }
            if (prepare_into(st, db, sql, true) != QF_OK) {
                free(st);
                return NULL;
            }
            s->key = sql;
            s->stmt = st;
            return st;
        }
    }
    qf__err(QF_ERROR, "statement cache full");
    return NULL;
}

int qf__prepare(qf_stmt **out, qf_db *db, const char *sql)
{
    *out = malloc(sizeof **out);
    if (!*out)
        return qf__oom();
    int rc = prepare_into(*out, db, sql, false);
    if (rc != QF_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

void qf__finalize(qf_stmt *st)
{
    if (!st)
        return;
    if (st->lite)
        sqlite3_finalize(st->lite);
    else
        qf__pg_finalize(st->pg);
    free(st);
}

int qf__borrow(qf_stmt **out, qf_db *db, const char *sql)
{
    qf_pooled *free_slot = NULL;
    for (size_t i = 0; i < QF_POOL_SIZE; i++) {
        qf_pooled *p = &db->pool[i];
        if (!p->sql) {
            if (!free_slot)
                free_slot = p;
        } else if (!p->busy && strcmp(p->sql, sql) == 0) {
            p->busy = true;
            *out = p->st;
            return QF_OK;
        }
    }
    int rc;
    if (free_slot && (free_slot->sql = qf__strdup(sql)) != NULL) {
        /* pooled: kept for the connection's life, like the cache's */
        qf_stmt *st = malloc(sizeof *st);
        rc = st ? prepare_into(st, db, sql, true) : qf__oom();
        if (rc != QF_OK) {
            free(st);
            free(free_slot->sql);
            free_slot->sql = NULL;
            return rc;
        }
        free_slot->st = *out = st;
        free_slot->busy = true;
        return QF_OK;
    }
    rc = qf__prepare(out, db, sql);
    return rc;
}

void qf__giveback(qf_db *db, qf_stmt *st)
{
    if (!st)
        return;
    for (size_t i = 0; db && i < QF_POOL_SIZE; i++)
        if (db->pool[i].st == st) {
            qf__reset(st);
            qf__clear_bindings(st);
            db->pool[i].busy = false;
            return;
        }
    qf__finalize(st); /* the pool was full when it was prepared */
}

int qf__exec_stmt(qf_db *db, qf_stmt *st, const char *what)
{
    int rc = qf__step(st);
    if (rc == QF_DONE || rc == QF_ROW) {
        qf__reset(st);
        return QF_OK;
    }
    rc = qf__errcode(db);
    int r = qf__sqlerr(db, rc, what);
    qf__reset(st);
    return r;
}

int qf__exec(qf_db *db, const char *sql)
{
    return db->pg ? qf__pg_db_exec(db, sql) : qf__lite_exec(db, sql);
}

/* ---- the connection --------------------------------------------------------------------- */

int qf__changes(qf_db *db)
{
    return db->pg ? db->pg->changes : sqlite3_changes(db->sql);
}

int64_t qf__last_insert_id(qf_db *db)
{
    return db->pg ? db->pg->last_id : (int64_t)sqlite3_last_insert_rowid(db->sql);
}

int qf__errcode(qf_db *db)
{
    return db->pg ? db->pg->errcode : sqlite3_extended_errcode(db->sql);
}

const char *qf__errmsg(qf_db *db)
{
    return db->pg ? db->pg->errmsg : sqlite3_errmsg(db->sql);
}

const char *qf__errstr(int rc)
{
    return sqlite3_errstr(rc);
}

bool qf__in_tx(qf_db *db)
{
    return db->pg ? PQtransactionStatus(db->pg->conn) != PQTRANS_IDLE
                  : !sqlite3_get_autocommit(db->sql);
}

bool qf__table_exists(qf_db *db, const char *table)
{
    static const char sql[] = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1";
    static const char sql_pg[] =
        "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?1";
    qf_stmt *st = qf__stmt(db, db->pg ? sql_pg : sql);
    if (!st)
        return false;
    qf__bind_textn(st, 1, table, -1, QF_STATIC);
    bool found = qf__step(st) == QF_ROW;
    qf__reset(st);
    return found;
}

/* ---- transactions ---------------------------------------------------------------------- */

static int run_static(qf_db *db, const char *sql, const char *what)
{
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    int rc = qf__step(st);
    if (rc != QF_DONE && rc != QF_ROW) {
        int r = qf__sqlerr(db, qf__errcode(db), what);
        qf__reset(st);
        return r;
    }
    qf__reset(st);
    return QF_OK;
}

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT qf";
static const char SQL_RELEASE[] = "RELEASE qf";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO qf";

static const char SQL_BEGIN_READ[] = "BEGIN";

/* The outermost write transaction: SQLite's BEGIN IMMEDIATE (the file's write lock) or, on
 * PostgreSQL, the schema's writer lock and a serializable transaction. */
static int begin_write(qf_db *db)
{
    return db->pg ? qf__pg_begin_write(db) : run_static(db, SQL_BEGIN, _("begin transaction"));
}

static int end_write(qf_db *db, bool commit)
{
    if (db->pg)
        return qf__pg_end_write(db, commit);
    return run_static(db, commit ? SQL_COMMIT : SQL_ROLLBACK, commit ? _("commit") : "rollback");
}

bool qf__read_begin(qf_db *db)
{
    if (db->depth > 0 || db->reading || qf__in_tx(db))
        return false;
    int rc = db->pg ? qf__pg_begin_read(db) : run_static(db, SQL_BEGIN_READ, "begin read");
    if (rc != QF_OK)
        return false; /* the statements run on their own, as without it */
    db->reading = true;
    return true;
}

/* Ends the read transaction (it wrote nothing: COMMIT only releases the snapshot). */
static void read_close(qf_db *db)
{
    db->reading = false;
    if (qf__in_tx(db) && run_static(db, SQL_COMMIT, "commit") != QF_OK)
        run_static(db, SQL_ROLLBACK, "rollback");
}

void qf__read_end(qf_db *db, bool opened)
{
    if (opened && db->reading && db->depth == 0)
        read_close(db);
}

/* A replica's audit triggers, put in by the first write transaction (sync_replica.c): most
 * replicas are only judged, and creating the triggers was a third of building one. */
static int install_pending_triggers(qf_db *db)
{
    int rc = qf__exec(db, "PRAGMA query_only = OFF");
    if (rc == QF_OK)
        rc = qf__audit_install_triggers(db);
    if (rc == QF_OK)
        db->triggers_pending = false;
    else
        qf__exec(db, "PRAGMA query_only = ON"); /* still no triggers: still no writes */
    return rc;
}

int qf_tx_begin(qf_db *db)
{
    int rc;
    if (db->depth == 0) {
        if (db->reading)
            read_close(db);
        if (db->triggers_pending && (rc = install_pending_triggers(db)) != QF_OK)
            return rc;
        db->conflict = false;
        rc = begin_write(db);
        if (rc)
            return rc;
        rc = qf__audit_begin(db);
        if (rc) {
            end_write(db, false);
            return rc;
        }
    } else {
        rc = run_static(db, SQL_SAVEPOINT, "savepoint");
        if (rc)
            return rc;
    }
    db->depth++;
    return QF_OK;
}

int qf_tx_commit(qf_db *db)
{
    if (db->depth == 0)
        return qf__err(QF_ERROR, "%s", _("commit without a transaction"));
    int rc;
    if (db->depth == 1) {
        rc = qf__audit_seal(db);
        if (rc == QF_OK)
            rc = end_write(db, true);
        if (rc) {
            char saved[512];
            snprintf(saved, sizeof saved, "%s", qf_error_last());
            end_write(db, false);
            db->depth = 0;
            return qf__err(rc, "%s", saved);
        }
    } else {
        rc = run_static(db, SQL_RELEASE, "release");
        if (rc)
            return rc;
    }
    db->depth--;
    return QF_OK;
}

int qf_tx_rollback(qf_db *db)
{
    if (db->depth == 0)
        return qf__err(QF_ERROR, "%s", _("rollback without a transaction"));
    int rc;
    if (db->depth == 1) {
        rc = db->pg || qf__in_tx(db) ? end_write(db, false) : QF_OK;
    } else {
        rc = run_static(db, SQL_ROLLBACK_TO, "rollback");
        if (rc == QF_OK)
            rc = run_static(db, SQL_RELEASE, "release");
    }
    db->depth--;
    return rc;
}

int qf_tx_depth(const qf_db *db)
{
    return db->depth;
}

int qf__tx_begin(qf_db *db)
{
    return qf_tx_begin(db);
}

int qf__tx_end(qf_db *db, int rc)
{
    if (rc == QF_OK)
        return qf_tx_commit(db);
    /* keep the first error's message: the rollback must not overwrite it */
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", qf_error_last());
    qf_tx_rollback(db);
    return qf__err(rc, "%s", saved);
}

int qf_tx_retry(qf_db *db, int attempt, int rc)
{
    /* only a collision, and only the outermost transaction: an inner one is part of its
     * caller's, which must run again as a whole */
    if (rc != QF_EBUSY || !db->conflict || db->depth != 0)
        return rc;
    if (attempt + 1 < QF_TX_ATTEMPTS) {
        /* back off a little longer each time, at random, so two retrying writers part */
        struct timespec pause = {0, (long)(1 + rand() % (2 << attempt)) * 1000000L};
        nanosleep(&pause, NULL);
        return QF_OK;
    }
    char saved[900];
    snprintf(saved, sizeof saved, "%s", qf_error_last());
    return qf__err(rc, _("gave up after %d attempts: %s"), QF_TX_ATTEMPTS, saved);
}

int qf_db_transaction(qf_db *db, qf_tx_fn fn, void *payload)
{
    for (int attempt = 0;; attempt++) {
        int rc = qf_tx_begin(db);
        if (rc == QF_OK) {
            rc = fn(db, payload);
            rc = qf__tx_end(db, rc);
        }
        /* PostgreSQL: a transaction that collided with another was rolled back whole; run it
         * again, a few times */
        if (rc == QF_OK || (rc = qf_tx_retry(db, attempt, rc)) != QF_OK)
            return rc;
    }
}

/* ---- open / close ---------------------------------------------------------------------- */

static int schema_count(const struct qf_embedded_file *files)
{
    int n = 0;
    while (files[n].name)
        n++;
    return n;
}

static int migrate(qf_db *db)
{
    int current = qf_db_schema_version(db);
    int target = qf_schema_version();
    if (current > target)
        return qf__err(QF_EINVALID,
                       _("%s was written by a newer qufa (schema %d; this one knows %d): upgrade "
                         "qufa"),
                       db->path, current, target);
    if (current == target)
        return QF_OK;
    const struct qf_embedded_file *files = db->pg ? qf_schema_pg_files : qf_schema_files;
    /* core/schema/pg/ has one file per file of core/schema/ (tests/core/test_pg_schema.c
     * compares what they make) */
    if (schema_count(files) != target)
        return qf__err(QF_ERROR,
                       _("this qufa was built with %d PostgreSQL schema files for %d SQLite "
                         "ones: add the missing ones to core/schema/pg/"),
                       schema_count(files), target);
    int rc = qf_tx_begin(db);
    if (rc)
        return rc;
    if (db->pg) {
        /* another qufa may have migrated while this one waited for the writer lock */
        current = qf_db_schema_version(db);
        if (current == target)
            return qf__tx_end(db, QF_OK);
        rc = qf__pg_migrate_begin(db);
    }
    for (int v = current; v < target && rc == QF_OK; v++) {
        rc = qf__exec(db, files[v].data);
        if (rc)
            rc = qf__err(QF_ERROR, "schema %s%s: %s", db->pg ? "pg/" : "", files[v].name,
                         qf_error_last());
        if (rc == QF_OK && v == 0)
            rc = qf__audit_begin(db); /* the audit tables exist from the first file on */
        if (rc == QF_OK && db->pg) /* ids as SQLite assigns them, from the next file on */
            rc = qf__exec(db, "SELECT qf_install_ids()");
    }
    if (rc == QF_OK && db->pg)
        rc = qf__pg_migrate_end(db);
    /* Triggers once, after every file: regenerating them after each file re-ran ~1,000 DDL
     * statements per new database (90 ms; most of each test's set-up). What the migrations
     * themselves wrote or changed is logged as a baseline instead. */
    if (rc == QF_OK)
        rc = qf__audit_install_triggers(db);
    if (rc == QF_OK)
        rc = qf__audit_baseline(db);
    if (rc == QF_OK)
        rc = db->pg ? qf__pg_set_schema_version(db, target) : qf__lite_set_schema_version(db, target);
    return qf__tx_end(db, rc);
}

int qf_db_schema_version(qf_db *db)
{
    return db->pg ? qf__pg_schema_version(db) : qf__lite_schema_version(db);
}

static int create_private_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        if (e == EEXIST)
            return QF_OK;
        /* a directory that does not exist is a wrong path (input), the rest the system's */
        if (e == ENOENT)
            return qf__err(QF_EINVALID, _("cannot create %s: its directory does not exist"),
                           path);
        return qf__err(e == ENOTDIR ? QF_EINVALID : QF_ESYSTEM, _("cannot create %s: %s"), path,
                       strerror(e));
    }
    close(fd);
    return QF_OK;
}

/* The URL as shown in messages: a password in it is masked (user:***@host, password=***). */
static char *display_url(const char *url)
{
    char *out = qf__strdup(url);
    if (!out)
        return NULL;
    char *auth = strstr(out, "://");
    if (auth) {
        auth += 3;
        char *at = strchr(auth, '@');
        char *slash = strchr(auth, '/');
        char *colon = strchr(auth, ':');
        if (at && (!slash || at < slash) && colon && colon < at) {
            memmove(colon + 4, at, strlen(at) + 1);
            memcpy(colon + 1, "***", 3);
        }
    }
    for (char *p = strstr(out, "password="); p; p = strstr(p + 1, "password=")) {
        char *v = p + 9, *end = strchr(v, '&');
        size_t rest = end ? strlen(end) : 0;
        memmove(v + 3, end ? end : v + strlen(v), rest + 1);
        memcpy(v, "***", 3);
    }
    return out;
}

/* Opens `path`; an in-memory database starts from `image` (a serialized qufa database) when
 * one is given. */
static int open_db(qf_db **out, const char *path, const qf_open_options *opts, const void *image,
                   size_t image_len)
{
    qf_open_options defaults = QF_OPEN_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("database path: required"));
    bool pg = qf__is_pg_url(path);
    bool memory = !pg && strcmp(path, ":memory:") == 0;
    bool readonly = opts->flags & QF_OPEN_READONLY;
    bool create = (opts->flags & QF_OPEN_CREATE) && !readonly;
    int busy_ms = opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
    if (!memory && !pg) {
        struct stat sb;
        if (stat(path, &sb) != 0) {
            if (!create)
                return qf__err(QF_ENOTFOUND, _("database %s does not exist (create it with 'qufa init')"),
                               path);
            int rc = create_private_file(path);
            if (rc)
                return rc;
        } else if (!S_ISREG(sb.st_mode)) {
            return qf__err(QF_EINVALID, _("%s is not a regular file"), path);
        }
    }

    const char *actor = opts->actor;
    if (!actor || !*actor)
        actor = getenv("USER");
    /* the actor goes into every audit entry: the same rules as qf_db_set_actor */
    if (actor && *actor) {
        int rc = qf__check_text("actor", actor, true, 200);
        if (rc)
            return rc;
    }
    qf_db *db = calloc(1, sizeof *db);
    if (!db)
        return qf__oom();
    db->path = pg ? display_url(path) : qf__strdup(path);
    db->today = QF_DATE_NONE;
    db->actor = qf__strdup(actor && *actor ? actor : "qufa");
    if (!db->path || !db->actor) {
        qf_db_free(db);
        return qf__oom();
    }

    int rc = pg ? qf__pg_db_open(db, path, readonly, busy_ms)
                : qf__lite_open(db, path, readonly, memory, busy_ms, image, image_len);
    int state = rc == QF_OK ? (pg ? qf__pg_state(db) : qf__lite_state(db)) : rc;
    if (state == QF_STATE_OTHER)
        rc = pg ? qf__err(QF_EINVALID,
                          _("%s is a PostgreSQL database whose schema holds something else than "
                            "qufa (give qufa an empty database or schema)"),
                          db->path)
                : qf__err(QF_EINVALID, _("%s is an SQLite database but not a qufa database"),
                          path);
    else if (state < 0)
        rc = state;
    else if (pg && state == QF_STATE_EMPTY && !create)
        rc = qf__err(QF_ENOTFOUND, _("database %s does not exist (create it with 'qufa init')"),
                     db->path);
    if (rc == QF_OK && !pg)
        rc = qf__lite_configure(db, readonly, memory, state);
    if (rc == QF_OK && !readonly)
        rc = migrate(db);
    if (rc == QF_OK && readonly && qf_db_schema_version(db) != qf_schema_version())
        rc = qf__err(QF_EINVALID, _("%s has schema %d; open it writable once to upgrade it"),
                     db->path, qf_db_schema_version(db));
    if (rc) {
        char saved[1024];
        snprintf(saved, sizeof saved, "%s", qf_error_last());
        qf_db_free(db);
        return qf__err(rc, "%s", saved);
    }
    *out = db;
    return QF_OK;
}

int qf_db_open(qf_db **out, const char *path, const qf_open_options *opts)
{
    return open_db(out, path, opts, NULL, 0);
}

int qf__db_open_image(qf_db **out, const void *image, size_t len, const qf_open_options *opts)
{
    return open_db(out, ":memory:", opts, image, len);
}

void qf_db_free(qf_db *db)
{
    if (!db)
        return;
    if (db->sql || db->pg) {
        if (db->sql)
            qf__lite_close(db);
        for (size_t i = 0; i < QF_STMT_CACHE_SIZE; i++)
            qf__finalize(db->cache[i].stmt);
        for (size_t i = 0; i < QF_POOL_SIZE; i++) {
            qf__finalize(db->pool[i].st);
            free(db->pool[i].sql);
        }
        if (db->sql)
            sqlite3_close_v2(db->sql);
        else
            qf__pg_db_close(db);
    }
    for (qf_label *l = db->labels, *next; l; l = next) {
        next = l->next;
        free(l->key);
        free(l->label);
        free(l);
    }
    free(db->path);
    free(db->actor);
    free(db);
}

const char *qf_db_path(const qf_db *db)
{
    return db->path;
}

void qf_db_set_today(qf_db *db, qf_date today)
{
    db->today = today;
    db->today_held = false; /* the caller's day: a hold ending does not take it away */
}

qf_date qf_db_today(const qf_db *db)
{
    return db->today == QF_DATE_NONE ? qf__date_today_clock() : db->today;
}

/*
 * A check or a reminder run reads "today" in many places: the engine once for its windows, and
 * every check function through ctx.today and its member questions. Without an injected day
 * that is the system's, which changes at midnight: a run over a thousand branches that spans
 * it would judge the first branches on one day and the rest, and the functions, on the next.
 * A hold fixes the system's day for the run; nested runs (a check function's own check) share
 * the outermost one.
 */
void qf__db_hold_today(qf_db *db)
{
    if (db->today_holds++ == 0 && db->today == QF_DATE_NONE) {
        db->today = qf__date_today_clock();
        db->today_held = true;
    }
}

void qf__db_release_today(qf_db *db)
{
    if (db->today_holds > 0 && --db->today_holds == 0 && db->today_held) {
        db->today = QF_DATE_NONE;
        db->today_held = false;
    }
}

int qf_db_set_actor(qf_db *db, const char *actor)
{
    int rc = qf__check_text("actor", actor, true, 200);
    if (rc)
        return rc;
    char *copy = qf__strdup(actor);
    if (!copy)
        return qf__oom();
    free(db->actor);
    db->actor = copy;
    return QF_OK;
}

const char *qf_db_actor(const qf_db *db)
{
    return db->actor;
}

struct sqlite3 *qf_db_sqlite(qf_db *db)
{
    return db->sql;
}

const char *qf_db_backend(const qf_db *db)
{
    return db->pg ? "postgresql" : "sqlite";
}

int qf_db_content_hash(qf_db *db, char hex_out[65])
{
    qf_stmt *tables = NULL;
    static const char sql_tables[] = "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                     "name NOT LIKE 'sqlite_%' ORDER BY name";
    /* PostgreSQL: the tables of the current schema, qufa_meta (the schema version) excepted */
    static const char sql_tables_pg[] = "SELECT tablename FROM pg_tables WHERE schemaname = "
                                        "current_schema() AND tablename <> 'qufa_meta' ORDER BY "
                                        "tablename";
    int rc = qf__prepare(&tables, db, db->pg ? sql_tables_pg : sql_tables);
    if (rc)
        return rc;
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    while ((rc = qf__step(tables)) == QF_ROW) {
        const char *name = qf__col_text(tables, 0);
        qf__sha256_update(&c, name, strlen(name) + 1);
        /* table names come from the schema itself, quoted as identifiers */
        /* PostgreSQL returns rows in no set order: by the first column (the id) */
        char *sql = sqlite3_mprintf(db->pg ? "SELECT * FROM \"%w\" ORDER BY 1" : "SELECT * FROM \"%w\"",
                                    name);
        qf_stmt *rows = NULL;
        rc = sql ? qf__prepare(&rows, db, sql) : qf__oom();
        sqlite3_free(sql);
        if (rc)
            break;
        while (qf__step(rows) == QF_ROW)
            qf__sha256_row(&c, rows);
        qf__finalize(rows);
        rc = QF_ROW;
    }
    qf__finalize(tables);
    if (rc != QF_DONE)
        return rc < 0 ? rc : qf__sqlerr(db, rc, "content hash");
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, hex_out);
    return QF_OK;
}

void qf__sha256_row(qf_sha256_ctx *c, qf_stmt *st)
{
    int ncol = qf__col_count(st);
    for (int i = 0; i < ncol; i++) {
        int type = qf__col_type(st, i);
        const void *p = qf__col_blob(st, i);
        int n = qf__col_bytes(st, i);
        unsigned char tag[5] = {(unsigned char)type, (unsigned char)(n >> 24),
                                (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n};
        qf__sha256_update(c, tag, sizeof tag);
        if (p && n > 0)
            qf__sha256_update(c, p, (size_t)n);
    }
}
