/* Removing a qufa database (qf_db_destroy): what `qufa demo` does before it rebuilds one, and
 * what a test or a script does to start again. Only a qufa database is removed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "backend.h"

/* Everything of a qufa schema on PostgreSQL: its tables (with their triggers and indexes) and
 * the functions compat.sql and the migrations created. The database itself stays. */
static const char SQL_DROP_PG[] =
    "DO $$ DECLARE r record; BEGIN "
    "FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP "
    "EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename); END LOOP; "
    "FOR r IN SELECT p.oid, p.prokind FROM pg_proc p "
    "WHERE p.pronamespace = CAST(current_schema() AS regnamespace) AND (p.proname LIKE "
    "'qf\\_%' OR p.proname IN ('json_valid', 'json_type', 'json_extract', "
    "'json_array_length', 'json_each', 'group_concat', 'date')) LOOP "
    /* (one dropped with CASCADE before its turn is gone by then) */
    "IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = r.oid) THEN "
    "EXECUTE format('DROP %s %s CASCADE', CASE r.prokind WHEN 'a' THEN 'AGGREGATE' "
    "ELSE 'FUNCTION' END, CAST(r.oid AS regprocedure)); END IF; END LOOP; END $$";

static int destroy_file(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return QF_OK; /* nothing to remove */
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = QF_OPEN_READONLY;
    qf_db *db = NULL;
    /* opened first: only what qufa recognises as its own is removed */
    int rc = qf_db_open(&db, path, &o);
    qf_db_free(db);
    if (rc != QF_OK && rc != QF_EINVALID /* an older schema is still a qufa file */)
        return rc;
    if (rc == QF_EINVALID && strstr(qf_error_last(), "open it writable") == NULL)
        return rc;
    char side[4096];
    for (int i = 0; i < 3; i++) {
        static const char *const suffix[] = {"", "-wal", "-shm"};
        snprintf(side, sizeof side, "%s%s", path, suffix[i]);
        if (unlink(side) != 0 && errno != ENOENT)
            return qf__err(QF_ERROR, _("cannot remove %s: %s"), side, strerror(errno));
    }
    return QF_OK;
}

int qf_db_destroy(const char *path)
{
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("database path: required"));
    if (strcmp(path, ":memory:") == 0)
        return QF_OK;
    if (!qf__is_pg_url(path))
        return destroy_file(path);
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = 0; /* an empty schema stays empty: nothing to remove */
    qf_db *db = NULL;
    int rc = qf_db_open(&db, path, &o);
    if (rc == QF_ENOTFOUND)
        return QF_OK;
    if (rc == QF_OK) /* one statement, so all or nothing (not a qufa write: it has no seal) */
        rc = qf__exec(db, SQL_DROP_PG);
    qf_db_free(db);
    return rc;
}
