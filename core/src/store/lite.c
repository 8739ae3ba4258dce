/* The SQLite backend: a file (or :memory:), its pragmas, its schema version and identity. */
#include <stdio.h>
#include <string.h>
#include "backend.h"

#define QF_APPLICATION_ID 0x71756661 /* "qufa" */

static const void *memory_template;
static size_t memory_template_len;

void qf__set_memory_template(const void *image, size_t len)
{
    memory_template = image;
    memory_template_len = len;
}

/* Loads a serialized database (the test template, or the image given to qf__db_open_image)
 * into a fresh in-memory connection. */
static int load_memory_image(qf_db *db, const void *image, size_t len)
{
    unsigned char *copy = sqlite3_malloc64(len);
    if (!copy)
        return qf__oom();
    memcpy(copy, image, len);
    int rc = sqlite3_deserialize(db->sql, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    return rc == SQLITE_OK ? QF_OK : qf__sqlerr(db, rc, "template");
}

/* The collation QF_STROKES: 姓氏笔画 order (base/strokes.c) */
static int collate_strokes(void *unused, int alen, const void *a, int blen, const void *b)
{
    (void)unused;
    return qf_name_compare_n(a, (size_t)alen, b, (size_t)blen);
}

int qf__lite_open(qf_db *db, const char *path, bool readonly, bool memory, int busy_ms,
                  const void *image, size_t image_len)
{
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (memory)
        flags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
    int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
    if (rc != SQLITE_OK)
        return qf__sqlerr(db, rc, "open");
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    /* TRUSTED_SCHEMA stays on: SQLite 3.40's JSON functions are not marked innocuous, and the
     * CHECK constraints and audit triggers use them. Nothing with side effects is reachable from
     * the schema: qufa registers no SQL functions (only the collation QF_STROKES, a pure
     * comparison, and no schema object uses it) and extension loading is off. */
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    sqlite3_db_config(db->sql, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_busy_timeout(db->sql, busy_ms);
    rc = sqlite3_create_collation(db->sql, "QF_STROKES", SQLITE_UTF8, NULL, collate_strokes);
    if (rc != SQLITE_OK)
        return qf__err(QF_ERROR, "collation QF_STROKES: %s", sqlite3_errmsg(db->sql));
    if (memory && image)
        return load_memory_image(db, image, image_len);
    if (memory && memory_template)
        return load_memory_image(db, memory_template, memory_template_len);
    return QF_OK;
}

void qf__lite_close(qf_db *db)
{
    if (!sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

/* A pragma's integer value, or <0 with the error set. */
static int pragma_int(qf_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int r = qf__sqlerr(db, sqlite3_extended_errcode(db->sql), db->path);
        sqlite3_finalize(st);
        return r;
    }
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int qf__lite_state(qf_db *db)
{
    int id = pragma_int(db, "PRAGMA application_id");
    if (id < 0)
        return id;
    if (id == QF_APPLICATION_ID)
        return QF_STATE_QUFA;
    if (id != 0)
        return QF_STATE_OTHER;
    /* no id yet: only an empty database may become a qufa database */
    int tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
    if (tables < 0)
        return tables;
    return tables == 0 ? QF_STATE_EMPTY : QF_STATE_OTHER;
}

int qf__lite_configure(qf_db *db, bool readonly, bool memory, int state)
{
    int rc = qf__lite_exec(db, "PRAGMA foreign_keys = ON");
    if (rc == QF_OK && !readonly && !memory)
        rc = qf__lite_exec(db, "PRAGMA journal_mode = WAL");
    if (rc == QF_OK && !readonly)
        rc = qf__lite_exec(db, "PRAGMA synchronous = NORMAL");
    /* Statement journals and savepoint sub-journals in memory: every audited write needs one
     * (its trigger writes a second row), and as temp files they cost ~170 write() calls per
     * activity with 20 attendance rows, measured; in memory they stay the size of one write. */
    if (rc == QF_OK)
        rc = qf__lite_exec(db, "PRAGMA temp_store = MEMORY");
    /* Only a new file gets its id: setting it is a write, and a write on every open would make
     * each reader (qufa members, audit verify) wait for, and time out behind, a running writer,
     * where WAL lets readers go on. */
    if (rc == QF_OK && !readonly && state == QF_STATE_EMPTY) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", QF_APPLICATION_ID);
        rc = qf__lite_exec(db, sql);
    }
    return rc;
}

int qf__lite_schema_version(qf_db *db)
{
    int v = pragma_int(db, "PRAGMA user_version");
    return v < 0 ? -1 : v;
}

int qf__lite_set_schema_version(qf_db *db, int version)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    return qf__lite_exec(db, sql);
}

int qf__lite_prepare(qf_stmt *out, qf_db *db, const char *sql, bool persistent)
{
    out->pg = NULL;
    out->lite = NULL;
    int rc = persistent ? sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                             &out->lite, NULL)
                        : sqlite3_prepare_v2(db->sql, sql, -1, &out->lite, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(out->lite);
        out->lite = NULL;
        return qf__sqlerr(db, rc, "prepare");
    }
    return QF_OK;
}

int qf__lite_exec(qf_db *db, const char *sql)
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
