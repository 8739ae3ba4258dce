/*
 * qufa_probe: what the reliability tests (tests/crash, tests/bad, tests/concurrency) ask of a
 * database file, without going through the code under test more than necessary.
 *
 *   qufa_probe hash DB        qf_db_content_hash: every table, audit log included
 *                             ("the database is unchanged")
 *   qufa_probe state DB       a SHA-256 of the record tables only, without the audit tables
 *                             and without columns holding the wall-clock time of a write
 *                             (loaded_at, created_at, ...), so two runs of the same operation
 *                             give the same state ("the operation is wholly present")
 *   qufa_probe counts DB      rows per table, one "table rows" line each
 *   qufa_probe integrity DB   PRAGMA integrity_check and foreign_key_check; prints "ok"
 *   qufa_probe check DB       integrity, then (when it is ok) the state, in one process
 *
 * Exit status 0, or 1 with the problem on stderr. The database is opened read-only at the
 * SQLite level, so a probe never repairs or checkpoints what it looks at: a hot journal or WAL
 * left by a killed process is read as SQLite would read it, not rewritten.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qufa.h"
#include "internal.h" /* qf__sha256_* */

/* Columns that record when something was written (wall clock), never what was written. */
static const char *const WALL_CLOCK[] = {"loaded_at", "created_at", "updated_at", "at", NULL};

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "qufa_probe: %s: %s\n", what, db ? sqlite3_errmsg(db) : "cannot open");
    return 1;
}

static bool wall_clock(const char *col)
{
    for (const char *const *w = WALL_CLOCK; *w; w++)
        if (strcmp(*w, col) == 0)
            return true;
    return false;
}

/* The SELECT over `table`'s columns that are not wall-clock times ("" if none are left). */
static char *state_select(sqlite3 *db, const char *table)
{
    sqlite3_stmt *cols = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &cols,
                           NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(cols, 1, table, -1, SQLITE_STATIC);
    char *list = sqlite3_mprintf("%s", "");
    while (list && sqlite3_step(cols) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(cols, 0);
        if (wall_clock(c))
            continue;
        char *next = sqlite3_mprintf("%s%s\"%w\"", list, *list ? ", " : "", c);
        sqlite3_free(list);
        list = next;
    }
    sqlite3_finalize(cols);
    if (!list || !*list) {
        char *empty = list ? sqlite3_mprintf("%s", "") : NULL;
        sqlite3_free(list);
        return empty;
    }
    /* tables and their names come from the schema, quoted as identifiers */
    char *sql = sqlite3_mprintf("SELECT %s FROM \"%w\" ORDER BY 1", list, table);
    sqlite3_free(list);
    return sql;
}

static int cmd_state(sqlite3 *db, bool counts_only)
{
    sqlite3_stmt *tables = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                           "'sqlite_%' AND name NOT LIKE 'audit_%' ORDER BY name",
                           -1, &tables, NULL) != SQLITE_OK)
        return fail(db, "schema");
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    int rc = 0;
    while (rc == 0 && sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char *sql = state_select(db, name);
        if (!sql) {
            rc = fail(db, name);
            break;
        }
        qf__sha256_update(&c, name, strlen(name) + 1);
        long long n = 0;
        sqlite3_stmt *rows = NULL;
        if (*sql && sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
            sqlite3_free(sql);
            rc = fail(db, name);
            break;
        }
        sqlite3_free(sql);
        while (rows && sqlite3_step(rows) == SQLITE_ROW) {
            n++;
            qf_stmt row = {rows, NULL}; /* the store layer's view of an SQLite statement */
            qf__sha256_row(&c, &row);
        }
        if (rows && sqlite3_errcode(db) != SQLITE_DONE && sqlite3_errcode(db) != SQLITE_OK &&
            sqlite3_errcode(db) != SQLITE_ROW)
            rc = fail(db, name);
        sqlite3_finalize(rows);
        if (counts_only)
            printf("%s %lld\n", name, n);
    }
    sqlite3_finalize(tables);
    if (rc == 0 && !counts_only) {
        unsigned char d[32];
        char hex[65];
        qf__sha256_final(&c, d);
        for (int i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", d[i]);
        printf("%s\n", hex);
    }
    return rc;
}

/* Prints each row of a check pragma; "ok" rows (integrity_check) are not problems. */
static int check_pragma(sqlite3 *db, const char *sql, int *problems)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(db, sql);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *first = (const char *)sqlite3_column_text(st, 0);
        if (first && strcmp(first, "ok") == 0)
            continue;
        (*problems)++;
        fprintf(stderr, "qufa_probe: %s:", sql);
        for (int i = 0; i < sqlite3_column_count(st); i++)
            fprintf(stderr, " %s", sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "NULL");
        fputc('\n', stderr);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : fail(db, sql);
}

static int cmd_integrity(sqlite3 *db)
{
    int problems = 0;
    if (check_pragma(db, "PRAGMA integrity_check", &problems) ||
        check_pragma(db, "PRAGMA foreign_key_check", &problems))
        return 1;
    if (problems)
        return 1;
    printf("ok\n");
    return 0;
}

/* The content hash as the library computes it, from a read-only handle. */
static int cmd_hash(const char *path)
{
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = QF_OPEN_READONLY;
    qf_db *db = NULL;
    int rc = qf_db_open(&db, path, &o);
    char hex[65];
    if (rc == QF_OK)
        rc = qf_db_content_hash(db, hex);
    if (rc != QF_OK) {
        fprintf(stderr, "qufa_probe: %s: %s\n", path, qf_error_last());
        qf_db_free(db);
        return 1;
    }
    printf("%s\n", hex);
    qf_db_free(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: qufa_probe hash|state|counts|integrity|check DB\n", stderr);
        return 2;
    }
    const char *cmd = argv[1], *path = argv[2];
    if (strcmp(cmd, "hash") == 0)
        return cmd_hash(path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int r = fail(db, path);
        sqlite3_close(db);
        return r;
    }
    sqlite3_busy_timeout(db, 10000);
    int rc;
    if (strcmp(cmd, "state") == 0)
        rc = cmd_state(db, false);
    else if (strcmp(cmd, "counts") == 0)
        rc = cmd_state(db, true);
    else if (strcmp(cmd, "integrity") == 0)
        rc = cmd_integrity(db);
    else if (strcmp(cmd, "check") == 0)
        rc = cmd_integrity(db) || cmd_state(db, false);
    else {
        fprintf(stderr, "qufa_probe: unknown command '%s'\n", cmd);
        rc = 2;
    }
    sqlite3_close(db);
    return rc;
}
