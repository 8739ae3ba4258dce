/*
 * libFuzzer target for reading saved findings back (core/src/engine/finding_load.c): the input
 * becomes the findings of an assessment in an in-memory database, which qf_assessment_load then
 * reads, inside a transaction that is rolled back so every input meets the same database. The
 * column holds JSON only (a CHECK), so text that is not JSON is refused there and goes no
 * further. What the reader promises, checked on every input:
 *   - it reads the findings (QF_OK) or says the assessment is damaged (QF_ECORRUPT, naming it),
 *     never another error, a crash, a leak or undefined behaviour;
 *   - every finding read has its standard and clause, and its texts and evidence can be read
 *     (ASan checks every byte).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static qf_db *db;
static int64_t assessment;
static sqlite3_stmt *update;

static void setup(void)
{
    db = fuzz_open_memory();
    qf_org branch = {0};
    branch.kind = QF_ORG_BRANCH;
    branch.code = "gy1";
    branch.name = "工业标准一部党支部";
    int64_t id = 0;
    CHECK(qf_org_create(&id, db, &branch) == QF_OK);
    /* an assessment of a check with nothing to judge: its findings are the input's */
    qf_check_options co;
    CHECK(qf_check_options_init(&co, db) == QF_OK);
    CHECK(qf_period_parse(&co.period, "2017") == QF_OK);
    qf_check_result *r = NULL;
    CHECK(qf_check_run(&r, db, &co) == QF_OK);
    CHECK(qf_assessment_save(&assessment, db, r, NULL) == QF_OK);
    qf_check_result_free(r);
    CHECK(sqlite3_prepare_v2(qf_db_sqlite(db),
                             "UPDATE assessment SET findings = ?1 WHERE id = ?2", -1, &update,
                             NULL) == SQLITE_OK);
}

/* Reads every text and id of a finding: a pointer into freed or foreign memory is ASan's. */
static size_t touch(const qf_finding *f)
{
    const char *texts[] = {f->standard, f->standard_title, f->clause, f->kind, f->subject_type,
                           f->subject, f->org, f->period, f->message, f->message_id,
                           f->responsible, f->responsible_label, f->key, f->cause, f->same_as,
                           f->clause_text, f->remind, f->waiver_reason, f->waiver_recorded_by,
                           f->waiver_approved_by};
    size_t n = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        n += texts[i] ? strlen(texts[i]) : 0;
    for (size_t i = 0; i < f->n_activities; i++)
        n += (size_t)(f->activities[i] & 1);
    for (size_t i = 0; i < f->n_artifacts; i++)
        n += (size_t)(f->artifacts[i] & 1);
    if (f->counts)
        n += (size_t)f->counts->present;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    CHECK(qf_tx_begin(db) == QF_OK);
    sqlite3_bind_text(update, 1, (const char *)data, (int)size, SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, assessment);
    int step = sqlite3_step(update);
    sqlite3_reset(update);
    if (step == SQLITE_DONE) {
        qf_check_result *r = NULL;
        int rc = qf_assessment_load(&r, db, assessment);
        if (rc == QF_OK) {
            volatile size_t sink = 0;
            for (size_t i = 0; i < qf_check_count(r); i++) {
                const qf_finding *f = qf_check_finding(r, i);
                CHECK(f->standard && f->clause);
                sink += touch(f);
            }
            (void)sink;
        } else {
            CHECK(rc == QF_ECORRUPT);
            CHECK(strstr(qf_error_last(), "damaged") != NULL);
            CHECK(r == NULL);
        }
        qf_check_result_free(r);
    } else {
        CHECK((step & 0xff) == SQLITE_CONSTRAINT); /* not JSON: the column's CHECK */
    }
    CHECK(qf_tx_rollback(db) == QF_OK);
    return 0;
}
