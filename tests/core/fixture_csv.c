#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fixture_csv.h"

static char dir[64];

const char *fx_csv_write(const char *name, const char *data, size_t len)
{
    static char paths[16][128];
    static unsigned next;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/qufa-csv-XXXXXX");
        if (!mkdtemp(dir))
            fail_msg("mkdtemp failed");
    }
    char *path = paths[next++ % 16];
    snprintf(path, sizeof paths[0], "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        fail_msg("cannot write %s", path);
    return path;
}

int fx_csv_cleanup(void **state)
{
    (void)state;
    if (dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
        dir[0] = '\0';
    }
    return 0;
}

qf_db *fx_open_fresh(void)
{
    qf_db *db = NULL;
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.actor = "tester";
    QF_OK_OR_FAIL(qf_db_open(&db, ":memory:", &o));
    qf_db_set_today(db, fx_date("2017-09-05"));
    return db;
}

char *fx_export(qf_db *db, qf_import_kind kind, const qf_export_options *opts, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        fail_msg("open_memstream failed");
    int rc = qf_export_csv(db, kind, f, opts);
    fclose(f);
    if (rc != QF_OK)
        fail_msg("export -> %d: %s", rc, qf_error_last());
    if (len)
        *len = n;
    return buf;
}
