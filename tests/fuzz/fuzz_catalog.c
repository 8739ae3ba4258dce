/*
 * libFuzzer target for the standard-definition loader: qf_catalog_load on arbitrary text, into
 * an in-memory database that holds a branch (gy1 under jg, with two party groups) and the
 * shipped regulations and organ packs (so tailorings and adoptions have something to target).
 * Each input runs inside a transaction that is rolled back, so every input meets the same
 * database. What the loader promises, checked on every input:
 *   - a refusal is an input error (QF_EINVALID, QF_ENOTFOUND, QF_EEXISTS or QF_ECONSTRAINT) with
 *     a message, never QF_ERROR (an SQL failure) or a crash — and it wrote nothing: the audit
 *     log, which every write to a catalog table adds to, has not grown (cheaper than a content
 *     hash, which cost most of the time of a run);
 *   - what was loaded loads again as "unchanged" (the canonical form and its hash are stable);
 *   - every standard loaded resolves for the branch (tailorings applied), and the systems list.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static qf_db *db;
static int64_t branch;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Rows in the audit log and the catalog tables. */
static int64_t written(void)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM std_source) + "
        "(SELECT count(*) FROM std_system) + (SELECT count(*) FROM standard) + "
        "(SELECT count(*) FROM std_tailoring)";
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(qf_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int64_t org(int64_t parent, qf_org_kind kind, const char *code, const char *name)
{
    qf_org o = {0};
    o.parent_id = parent;
    o.kind = kind;
    o.code = code;
    o.name = name;
    int64_t id = 0;
    CHECK(qf_org_create(&id, db, &o) == QF_OK);
    return id;
}

static void preload(const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", FUZZ_SEED_DIR, name);
    char *json = slurp(path);
    if (!json) {
        fprintf(stderr, "fuzz_catalog: cannot read %s\n", path);
        abort();
    }
    qf_load_report *r = NULL;
    CHECK(qf_catalog_load(&r, db, json, name, NULL) == QF_OK);
    qf_load_report_free(r);
    free(json);
}

static void setup(void)
{
    db = fuzz_open_memory();
    int64_t jg = org(0, QF_ORG_COMMITTEE, "jg", "机关党委");
    branch = org(jg, QF_ORG_BRANCH, "gy1", "工业标准一部党支部");
    org(branch, QF_ORG_GROUP, "gy1-g1", "第一党小组");
    org(branch, QF_ORG_GROUP, "gy1-g2", "第二党小组");
    preload("pack-regulations.json");
    preload("pack-organ-system.json");
}

static bool input_error(int rc)
{
    return rc == QF_EINVALID || rc == QF_ENOTFOUND || rc == QF_EEXISTS || rc == QF_ECONSTRAINT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    char *json = malloc(size + 1);
    if (!json)
        abort();
    memcpy(json, data, size);
    json[size] = '\0';
    CHECK(qf_tx_begin(db) == QF_OK);
    int64_t before = written();
    qf_load_report *r = NULL;
    int rc = qf_catalog_load(&r, db, json, "fuzz.lua", NULL);
    if (rc != QF_OK) {
        CHECK(input_error(rc));
        CHECK(qf_error_last()[0] != '\0');
        CHECK(r == NULL);
        CHECK(written() == before); /* a refused pack wrote nothing */
    } else {
        /* the same pack again: every item unchanged */
        qf_load_report *again = NULL;
        CHECK(qf_catalog_load(&again, db, json, "fuzz.lua", NULL) == QF_OK);
        CHECK(qf_load_report_count(again) == qf_load_report_count(r));
        for (size_t i = 0; i < qf_load_report_count(again); i++) {
            const qf_load_item *it = qf_load_report_item(again, i);
            CHECK(it->outcome == QF_LOAD_UNCHANGED);
            if (strcmp(it->what, "standard") == 0) {
                char *resolved = NULL;
                rc = qf_standard_resolve(&resolved, db, it->code, branch, qf_db_today(db));
                CHECK(rc == QF_OK || input_error(rc));
                qf_free(resolved);
            }
        }
        qf_load_report_free(again);
        char *systems = NULL;
        CHECK(qf_systems_json(&systems, db) == QF_OK);
        qf_free(systems);
    }
    qf_load_report_free(r);
    CHECK(qf_tx_rollback(db) == QF_OK);
    free(json);
    return 0;
}
