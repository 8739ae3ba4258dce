#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "fixture.h"
#include "internal.h"

static char tmpdir[256];
static char dbpath[1024];

const char *fx_path(void)
{
    return dbpath;
}

qf_date fx_date(const char *s)
{
    qf_date d = QF_DATE_NONE;
    if (qf_date_parse(&d, s) != QF_OK)
        fail_msg("bad fixture date %s: %s", s, qf_error_last());
    return d;
}

qf_datetime fx_datetime(const char *s)
{
    qf_datetime t = QF_DATETIME_NONE;
    if (qf_datetime_parse(&t, s) != QF_OK)
        fail_msg("bad fixture date-time %s: %s", s, qf_error_last());
    return t;
}

/* ---- PostgreSQL (QUFA_TEST_DB_URL) ------------------------------------------------------ */

static const char *pg_base(void)
{
    const char *u = getenv("QUFA_TEST_DB_URL");
    return u && *u ? u : NULL;
}

bool fx_pg(void)
{
    return pg_base() != NULL;
}

void fx_sqlite_only(const char *why)
{
    if (fx_pg()) {
        print_message("[ SKIPPED  ] on PostgreSQL: %s\n", why);
        skip();
    }
}

/* The URL of database `name` on the test server: QUFA_TEST_DB_URL with its database
 * replaced (postgresql://host/db?opts or postgresql:///db?host=/dir). */
static void pg_url(char *out, size_t size, const char *name)
{
    const char *base = pg_base();
    const char *auth = strstr(base, "://");
    auth = auth ? auth + 3 : base;
    const char *query = strchr(auth, '?');
    const char *end = query ? query : auth + strlen(auth);
    const char *slash = memchr(auth, '/', (size_t)(end - auth));
    const char *cut = slash ? slash : end;
    snprintf(out, size, "%.*s/%s%s", (int)(cut - base), base, name, end);
}

static PGconn *admin;          /* to the QUFA_TEST_DB_URL database: creates and drops */
static char template_name[64]; /* migrated once per test program, copied for each test */
static char test_name[64];     /* the current test's database */
static unsigned test_count;

static void pg_admin_sql(const char *sql)
{
    PGresult *res = PQexec(admin, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fprintf(stderr, "fixture: %s: %s", sql, PQerrorMessage(admin));
    PQclear(res);
}

static void pg_drop_template(void)
{
    if (admin && template_name[0]) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", template_name);
        pg_admin_sql(sql);
    }
    PQfinish(admin);
    admin = NULL;
}

static int pg_template(void)
{
    if (template_name[0])
        return 0;
    admin = PQconnectdb(pg_base());
    if (PQstatus(admin) != CONNECTION_OK) {
        fprintf(stderr, "fixture: QUFA_TEST_DB_URL: %s", PQerrorMessage(admin));
        return -1;
    }
    PQsetNoticeProcessor(admin, NULL, NULL);
    snprintf(template_name, sizeof template_name, "qft_%ld_template", (long)getpid());
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", template_name);
    pg_admin_sql(sql);
    atexit(pg_drop_template);
    char url[1024];
    pg_url(url, sizeof url, template_name);
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "tester";
    if (qf_db_open(&db, url, &o) != QF_OK) {
        fprintf(stderr, "fixture: migrating %s: %s\n", url, qf_error_last());
        return -1;
    }
    qf_db_free(db);
    return 0;
}

/* A fresh database for the test, copied from the template; its URL in dbpath. */
static int pg_fresh(void)
{
    if (pg_template())
        return -1;
    snprintf(test_name, sizeof test_name, "qft_%ld_%u", (long)getpid(), ++test_count);
    char sql[192];
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", test_name,
             template_name);
    PGresult *res = PQexec(admin, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "fixture: %s: %s", sql, PQerrorMessage(admin));
    PQclear(res);
    pg_url(dbpath, sizeof dbpath, test_name);
    return ok ? 0 : -1;
}

static void pg_drop_test(void)
{
    if (!test_name[0])
        return;
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", test_name);
    pg_admin_sql(sql);
    test_name[0] = '\0';
}

static int open_test_db(void **state)
{
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "tester";
    if (qf_db_open(&db, dbpath, &o) != QF_OK) {
        fprintf(stderr, "open: %s\n", qf_error_last());
        return -1;
    }
    qf_db_set_today(db, fx_date("2017-09-05"));
    *state = db;
    return 0;
}

/* ---- raw SQL on either backend ------------------------------------------------------------ */

void fx_exec(qf_db *db, const char *sql)
{
    if (qf__exec(db, sql) != QF_OK)
        fail_msg("%s: %s", sql, qf_error_last());
}

static qf_stmt *first_row(qf_db *db, const char *sql)
{
    qf_stmt *st = NULL;
    if (qf__prepare(&st, db, sql) != QF_OK)
        fail_msg("%s: %s", sql, qf_error_last());
    int rc = qf__step(st);
    if (rc != QF_ROW)
        fail_msg("%s: no row (%d: %s)", sql, rc, qf__errmsg(db));
    return st;
}

int64_t fx_sql_int(qf_db *db, const char *sql)
{
    qf_stmt *st = first_row(db, sql);
    int64_t v = qf__col_int64(st, 0);
    qf__finalize(st);
    return v;
}

void fx_sql_text(qf_db *db, const char *sql, char *buf, size_t size)
{
    qf_stmt *st = first_row(db, sql);
    snprintf(buf, size, "%s", qf__col_utext(st, 0) ? qf__col_text(st, 0) : "");
    qf__finalize(st);
}

int64_t fx_insert(qf_db *db, const char *sql, const char *text)
{
    qf_stmt *st = NULL;
    if (qf__prepare(&st, db, sql) != QF_OK)
        fail_msg("%s: %s", sql, qf_error_last());
    if (text)
        qf__bind_textn(st, 1, text, -1, QF_TRANSIENT);
    int rc = qf__step(st);
    if (rc != QF_DONE)
        fail_msg("%s: %d: %s", sql, rc, qf__errmsg(db));
    qf__finalize(st);
    return qf__last_insert_id(db);
}

bool fx_in_tx(qf_db *db)
{
    return qf__in_tx(db);
}

/* ---- SQLite ------------------------------------------------------------------------------- */

/* A database at the current schema, serialized once per test program: every in-memory test
 * database starts from it instead of migrating (which is most of a set-up's cost, and minutes
 * under valgrind). */
static unsigned char *image;
static size_t image_len;

static void use_template(void)
{
    if (image)
        return;
    qf_db *db = NULL;
    if (qf_db_open(&db, ":memory:", NULL) != QF_OK)
        return;
    sqlite3_int64 len = 0;
    unsigned char *bytes = sqlite3_serialize(qf_db_sqlite(db), "main", &len, 0);
    if (bytes) {
        image = malloc((size_t)len);
        if (image) {
            memcpy(image, bytes, (size_t)len);
            image_len = (size_t)len;
            qf__set_memory_template(image, (size_t)len);
        }
        sqlite3_free(bytes);
    }
    qf_db_free(db);
}

int fx_setup_memory(void **state)
{
    if (fx_pg())
        return pg_fresh() ? -1 : open_test_db(state);
    use_template();
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "tester";
    if (qf_db_open(&db, ":memory:", &o) != QF_OK) {
        fprintf(stderr, "open: %s\n", qf_error_last());
        return -1;
    }
    qf_db_set_today(db, fx_date("2017-09-05"));
    *state = db;
    return 0;
}

int fx_setup_file(void **state)
{
    if (fx_pg())
        return pg_fresh() ? -1 : open_test_db(state);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/qufa-test-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/test.db", tmpdir);
    /* the same template, as the file's first bytes (private, like a database qufa creates) */
    use_template();
    if (image) {
        int fd = open(dbpath, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 || write(fd, image, image_len) != (ssize_t)image_len) {
            if (fd >= 0)
                close(fd);
            return -1;
        }
        close(fd);
    }
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "tester";
    if (qf_db_open(&db, dbpath, &o) != QF_OK) {
        fprintf(stderr, "open: %s\n", qf_error_last());
        return -1;
    }
    qf_db_set_today(db, fx_date("2017-09-05"));
    *state = db;
    return 0;
}

int fx_teardown(void **state)
{
    qf_db_free(*state);
    *state = NULL;
    if (fx_pg()) {
        pg_drop_test();
        dbpath[0] = '\0';
        return 0;
    }
    if (dbpath[0]) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
        dbpath[0] = '\0';
    }
    return 0;
}

