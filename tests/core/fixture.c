#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "fixture.h"
#include "internal.h"

static char tmpdir[256];
static char dbpath[300];

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
    if (dbpath[0]) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmpdir);
        dbpath[0] = '\0';
    }
    return 0;
}

