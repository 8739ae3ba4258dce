#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fixture.h"

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

int fx_setup_memory(void **state)
{
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

