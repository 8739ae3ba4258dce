/* The database handle: open/create, pragmas, schema migrations, statement cache, transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

#define QF_APPLICATION_ID 0x71756661 /* "qufa" */

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

sqlite3_stmt *qf__stmt(qf_db *db, const char *sql)
{
    size_t i = slot_of(sql);
    for (size_t probe = 0; probe < QF_STMT_CACHE_SIZE; probe++) {
        qf_stmt_slot *s = &db->cache[(i + probe) % QF_STMT_CACHE_SIZE];
        if (s->key == sql) {
            sqlite3_reset(s->stmt);
            sqlite3_clear_bindings(s->stmt);
            return s->stmt;
        }
        if (!s->key) {
            int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL);
            if (rc != SQLITE_OK) {
                qf__sqlerr(db, rc, "prepare");
                sqlite3_finalize(s->stmt);
                s->stmt = NULL;
                return NULL;
            }
            s->key = sql;
            return s->stmt;
        }
    }
    qf__err(QF_ERROR, "statement cache full");
    return NULL;
}

int qf__prepare(sqlite3_stmt **out, qf_db *db, const char *sql)
{
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, out, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return qf__sqlerr(db, rc, "prepare");
    }
    return QF_OK;
}

int qf__borrow(sqlite3_stmt **out, qf_db *db, const char *sql)
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
    int rc = qf__prepare(out, db, sql);
    if (rc == QF_OK && free_slot && (free_slot->sql = qf__strdup(sql)) != NULL) {
        free_slot->st = *out;
        free_slot->busy = true;
    }
    return rc;
}

void qf__giveback(qf_db *db, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (size_t i = 0; db && i < QF_POOL_SIZE; i++)
        if (db->pool[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            db->pool[i].busy = false;
            return;
        }
    sqlite3_finalize(st); /* the pool was full when it was prepared */
}

int qf__exec_stmt(qf_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(st);
        return QF_OK;
    }
    rc = sqlite3_extended_errcode(db->sql);
    int r = qf__sqlerr(db, rc, what);
    sqlite3_reset(st);
    return r;
}

int qf__exec(qf_db *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int r = qf__err(QF_ERROR, "%s", msg ? msg : sqlite3_errstr(rc));
        if ((rc & 0xff) == SQLITE_BUSY)
            r = qf__sqlerr(db, rc, "database");
        sqlite3_free(msg);
        return r;
    }
    return QF_OK;
}

/* ---- transactions ---------------------------------------------------------------------- */

static int run_static(qf_db *db, const char *sql, const char *what)
{
    sqlite3_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        int r = qf__sqlerr(db, sqlite3_extended_errcode(db->sql), what);
        sqlite3_reset(st);
        return r;
    }
    sqlite3_reset(st);
    return QF_OK;
}

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT qf";
static const char SQL_RELEASE[] = "RELEASE qf";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO qf";

static const char SQL_BEGIN_READ[] = "BEGIN";

bool qf__read_begin(qf_db *db)
{
    if (db->depth > 0 || db->reading || !sqlite3_get_autocommit(db->sql))
        return false;
    if (run_static(db, SQL_BEGIN_READ, "begin read") != QF_OK)
        return false; /* the statements run on their own, as without it */
    db->reading = true;
    return true;
}

/* Ends the read transaction (it wrote nothing: COMMIT only releases the snapshot). */
static void read_close(qf_db *db)
{
    db->reading = false;
    if (!sqlite3_get_autocommit(db->sql) && run_static(db, SQL_COMMIT, "commit") != QF_OK)
        run_static(db, SQL_ROLLBACK, "rollback");
}

void qf__read_end(qf_db *db, bool opened)
{
    if (opened && db->reading && db->depth == 0)
        read_close(db);
}

int qf_tx_begin(qf_db *db)
{
    int rc;
    if (db->depth == 0) {
        if (db->reading)
            read_close(db);
        rc = run_static(db, SQL_BEGIN, _("begin transaction"));
        if (rc)
            return rc;
        rc = qf__audit_begin(db);
        if (rc) {
            run_static(db, SQL_ROLLBACK, "rollback");
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
            rc = run_static(db, SQL_COMMIT, _("commit"));
        if (rc) {
            char saved[512];
            snprintf(saved, sizeof saved, "%s", qf_error_last());
            run_static(db, SQL_ROLLBACK, "rollback");
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
        rc = sqlite3_get_autocommit(db->sql) ? QF_OK : run_static(db, SQL_ROLLBACK, "rollback");
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

int qf_db_transaction(qf_db *db, qf_tx_fn fn, void *payload)
{
    int rc = qf_tx_begin(db);
    if (rc)
        return rc;
    rc = fn(db, payload);
    return qf__tx_end(db, rc);
}

/* ---- open / close ---------------------------------------------------------------------- */

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
    int rc = qf_tx_begin(db);
    if (rc)
        return rc;
    for (int v = current; v < target && rc == QF_OK; v++) {
        rc = qf__exec(db, qf_schema_files[v].data);
        if (rc)
            rc = qf__err(QF_ERROR, "schema %s: %s", qf_schema_files[v].name, qf_error_last());
        if (rc == QF_OK && v == 0)
            rc = qf__audit_begin(db); /* the audit tables exist from the first file on */
    }
    /* Triggers once, after every file: regenerating them after each file re-ran ~1,000 DDL
     * statements per new database (90 ms; most of each test's set-up). What the migrations
     * themselves wrote or changed is logged as a baseline instead. */
    if (rc == QF_OK)
        rc = qf__audit_install_triggers(db);
    if (rc == QF_OK)
        rc = qf__audit_baseline(db);
    if (rc == QF_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
        rc = qf__exec(db, sql);
    }
    return qf__tx_end(db, rc);
}

int qf_db_schema_version(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* 1: a qufa file, 2: an empty database (to become one), 0: some other SQLite database,
 * <0: error */
static int check_application_id(qf_db *db)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, "PRAGMA application_id", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int r = qf__sqlerr(db, sqlite3_extended_errcode(db->sql), db->path);
        sqlite3_finalize(st);
        return r;
    }
    int id = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (id == QF_APPLICATION_ID)
        return 1;
    if (id != 0)
        return 0;
    /* no id yet: only an empty database may become a qufa database */
    int tables = 0;
    if (sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        tables = sqlite3_column_int(st, 0);
    else {
        int r = qf__sqlerr(db, sqlite3_extended_errcode(db->sql), db->path);
        sqlite3_finalize(st);
        return r;
    }
    sqlite3_finalize(st);
    return tables == 0 ? 2 : 0;
}

static const void *memory_template;
static size_t memory_template_len;

void qf__set_memory_template(const void *image, size_t len)
{
    memory_template = image;
    memory_template_len = len;
}

/* Loads the test template into a fresh in-memory connection. */
static int load_memory_template(qf_db *db)
{
    unsigned char *copy = sqlite3_malloc64(memory_template_len);
    if (!copy)
        return qf__oom();
    memcpy(copy, memory_template, memory_template_len);
    int rc = sqlite3_deserialize(db->sql, "main", copy, (sqlite3_int64)memory_template_len,
                                 (sqlite3_int64)memory_template_len,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    return rc == SQLITE_OK ? QF_OK : qf__sqlerr(db, rc, "template");
}

static int create_private_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return QF_OK;
        return qf__err(QF_ERROR, _("cannot create %s: %s"), path, strerror(errno));
    }
    close(fd);
    return QF_OK;
}

int qf_db_open(qf_db **out, const char *path, const qf_open_options *opts)
{
    qf_open_options defaults = QF_OPEN_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    *out = NULL;
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("database path: required"));
    bool memory = strcmp(path, ":memory:") == 0;
    bool readonly = opts->flags & QF_OPEN_READONLY;
    if (!memory) {
        struct stat sb;
        if (stat(path, &sb) != 0) {
            if (!(opts->flags & QF_OPEN_CREATE) || readonly)
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
    db->path = qf__strdup(path);
    db->today = QF_DATE_NONE;
    db->actor = qf__strdup(actor && *actor ? actor : "qufa");
    if (!db->path || !db->actor) {
        qf_db_free(db);
        return qf__oom();
    }

    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (memory)
        flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
    int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
    if (rc != SQLITE_OK) {
        rc = qf__err(QF_ERROR, _("cannot open %s: %s"), path,
                     db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
        qf_db_free(db);
        return rc;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    /* TRUSTED_SCHEMA stays on: SQLite 3.40's JSON functions are not marked innocuous, and the
     * CHECK constraints and audit triggers use them. Nothing with side effects is reachable from
     * the schema: qufa registers no SQL functions (only the collation QF_STROKES, a pure
     * comparison, and no schema object uses it) and extension loading is off. */
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_busy_timeout(db->sql, opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000);
    if ((rc = qf__register_collations(db->sql)) != QF_OK) {
        qf_db_free(db);
        return rc;
    }

    if (memory && memory_template && (rc = load_memory_template(db)) != QF_OK) {
        qf_db_free(db);
        return rc;
    }
    int id_state = rc = check_application_id(db);
    if (rc == 0)
        rc = qf__err(QF_EINVALID, _("%s is an SQLite database but not a qufa database"), path);
    if (rc < 0) {
        qf_db_free(db);
        return rc;
    }
    rc = qf__exec(db, "PRAGMA foreign_keys = ON");
    if (rc == QF_OK && !readonly && !memory)
        rc = qf__exec(db, "PRAGMA journal_mode = WAL");
    if (rc == QF_OK && !readonly)
        rc = qf__exec(db, "PRAGMA synchronous = NORMAL");
    /* Statement journals and savepoint sub-journals in memory: every audited write needs one
     * (its trigger writes a second row), and as temp files they cost ~170 write() calls per
     * activity with 20 attendance rows, measured; in memory they stay the size of one write. */
    if (rc == QF_OK)
        rc = qf__exec(db, "PRAGMA temp_store = MEMORY");
    /* Only a new file gets its id: setting it is a write, and a write on every open would make
     * each reader (qufa members, audit verify) wait for, and time out behind, a running writer,
     * where WAL lets readers go on. */
    if (rc == QF_OK && !readonly && id_state == 2) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", QF_APPLICATION_ID);
        rc = qf__exec(db, sql);
    }
    if (rc == QF_OK && !readonly)
        rc = migrate(db);
    if (rc == QF_OK && readonly && qf_db_schema_version(db) != qf_schema_version())
        rc = qf__err(QF_EINVALID, _("%s has schema %d; open it writable once to upgrade it"), path,
                     qf_db_schema_version(db));
    if (rc) {
        char saved[1024];
        snprintf(saved, sizeof saved, "%s", qf_error_last());
        qf_db_free(db);
        return qf__err(rc, "%s", saved);
    }
    *out = db;
    return QF_OK;
}

void qf_db_free(qf_db *db)
{
    if (!db)
        return;
    if (db->sql) {
        if (!sqlite3_get_autocommit(db->sql))
            sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
        for (size_t i = 0; i < QF_STMT_CACHE_SIZE; i++)
            sqlite3_finalize(db->cache[i].stmt);
        for (size_t i = 0; i < QF_POOL_SIZE; i++) {
            sqlite3_finalize(db->pool[i].st);
            free(db->pool[i].sql);
        }
        sqlite3_close_v2(db->sql);
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
}

qf_date qf_db_today(const qf_db *db)
{
    return db->today == QF_DATE_NONE ? qf_date_today_system() : db->today;
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

int qf_db_content_hash(qf_db *db, char hex_out[65])
{
    sqlite3_stmt *tables = NULL;
    int rc = qf__prepare(&tables, db,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name");
    if (rc)
        return rc;
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    while ((rc = sqlite3_step(tables)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        qf__sha256_update(&c, name, strlen(name) + 1);
        /* table names come from the schema itself, quoted as identifiers */
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
        sqlite3_stmt *rows = NULL;
        rc = sql ? qf__prepare(&rows, db, sql) : qf__oom();
        sqlite3_free(sql);
        if (rc)
            break;
        while (sqlite3_step(rows) == SQLITE_ROW)
            qf__sha256_row(&c, rows);
        sqlite3_finalize(rows);
        rc = SQLITE_ROW;
    }
    sqlite3_finalize(tables);
    if (rc != SQLITE_DONE)
        return rc < 0 ? rc : qf__sqlerr(db, rc, "content hash");
    unsigned char d[32];
    qf__sha256_final(&c, d);
    qf__hex(d, 32, hex_out);
    return QF_OK;
}

void qf__sha256_row(qf_sha256_ctx *c, sqlite3_stmt *st)
{
    int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol; i++) {
        int type = sqlite3_column_type(st, i);
        const void *p = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        unsigned char tag[5] = {(unsigned char)type, (unsigned char)(n >> 24),
                                (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n};
        qf__sha256_update(c, tag, sizeof tag);
        if (p && n > 0)
            qf__sha256_update(c, p, (size_t)n);
    }
}
