/* Assessments: a saved check result (findings + fingerprint), listed and compared later. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "engine.h"

json_t *qf__finding_json(const qf_finding *f);
json_t *qf__summary_json(const qf_check_summary *s);

static int org_branch_cmp(const void *a, const void *b)
{
    return strcmp(((const qf_org_branch *)a)->org, ((const qf_org_branch *)b)->org);
}

/* Each branch's findings as a JSON array, for an incremental check later (incremental.c): the
 * findings of a result keep the order a branch's own result has (the same sort, restricted to
 * its orgs). NULL (and no error) when a finding's branch is not known: the assessment is then
 * saved without them, and a later check reuses nothing from it. */
static int branch_arrays(json_t ***out, const qf_check_result *r)
{
    *out = NULL;
    if (!r->branches)
        return QF_OK;
    json_t **arrays = calloc(r->n_branches ? r->n_branches : 1, sizeof *arrays);
    if (!arrays)
        return qf__oom();
    for (size_t b = 0; b < r->n_branches; b++)
        if (!(arrays[b] = json_array())) {
            for (size_t k = 0; k < b; k++)
                json_decref(arrays[k]);
            free(arrays);
            return qf__oom();
        }
    for (size_t i = 0; i < r->n; i++) {
        const qf_finding *f = &r->findings[i];
        qf_org_branch key = {.org = f->org ? f->org : ""};
        const qf_org_branch *g = r->n_org_branch ? bsearch(&key, r->org_branch, r->n_org_branch,
                                                           sizeof key, org_branch_cmp)
                                                 : NULL;
        if (!g) {
            for (size_t k = 0; k < r->n_branches; k++)
                json_decref(arrays[k]);
            free(arrays);
            return QF_OK;
        }
        json_array_append_new(arrays[g->branch], qf__finding_json(f));
    }
    *out = arrays;
    return QF_OK;
}

/* ---- the rows of an assessment: written whole (qf_assessment_save) or as a check streams
 * (qf_check_options.save: stream.c) ---------------------------------------------------------- */

static int insert_run(qf_db *db, int64_t id, int64_t audit_seq, const char *standard,
                      bool by_branch)
{
    static const char sql[] = "INSERT INTO assessment_run (assessment_id, audit_seq, standard, "
                              "by_branch) VALUES (?1, ?2, ?3, ?4)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    qf__bind_int64(st, 2, audit_seq);
    qf__bind_text(st, 3, standard);
    qf__bind_int(st, 4, by_branch ? 1 : 0);
    return qf__exec_stmt(db, st, "assessment");
}

/* One branch's findings (a JSON array's text) and fingerprint. */
static int insert_branch(qf_db *db, int64_t id, int64_t branch, const unsigned char fp[24],
                         const char *findings)
{
    static const char sql[] = "INSERT INTO assessment_branch (assessment_id, branch_id, "
                              "fingerprint, findings) VALUES (?1, ?2, ?3, ?4)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    char hex[49];
    qf__hex(fp, 24, hex);
    qf__bind_int64(st, 1, id);
    qf__bind_int64(st, 2, branch);
    qf__bind_textn(st, 3, hex, -1, QF_TRANSIENT);
    qf__bind_textn(st, 4, findings, -1, QF_TRANSIENT);
    return qf__exec_stmt(db, st, "assessment");
}

static int insert_assessment(int64_t *id, qf_db *db, qf_date today, const char *org,
                             const char *period, const char *fingerprint, const char *summary,
                             const char *findings, const char *note)
{
    static const char sql[] =
        "INSERT INTO assessment (created_at, today, org_id, period, fingerprint, summary, "
        "findings, note) VALUES (?1, ?2, (SELECT id FROM org WHERE code = ?3), ?4, ?5, ?6, ?7, ?8)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    char at[QF_UTC_LEN], day[11];
    qf__utc_now(at);
    qf_date_format(today, day);
    qf__bind_textn(st, 1, at, -1, QF_TRANSIENT);
    qf__bind_textn(st, 2, day, -1, QF_TRANSIENT);
    qf__bind_text(st, 3, org);
    qf__bind_text(st, 4, period);
    qf__bind_text(st, 5, fingerprint);
    qf__bind_textn(st, 6, summary, -1, QF_STATIC);
    qf__bind_textn(st, 7, findings, -1, QF_STATIC);
    qf__bind_text(st, 8, note && *note ? note : NULL);
    int rc = qf__exec_stmt(db, st, "assessment");
    *id = rc == QF_OK ? qf__last_insert_id(db) : 0;
    return rc;
}

static int save_branches(qf_db *db, int64_t id, const qf_check_result *r, json_t **arrays)
{
    int rc = insert_run(db, id, r->audit_seq, r->standard, false);
    for (size_t b = 0; rc == QF_OK && b < r->n_branches; b++) {
        char *text = json_dumps(arrays[b], JSON_COMPACT);
        rc = text ? insert_branch(db, id, r->branches[b].id, r->branches[b].fp, text) : qf__oom();
        free(text);
    }
    return rc;
}

int qf_assessment_save(int64_t *id_out, qf_db *db, const qf_check_result *r, const char *note)
{
    int rc = qf__check_text("note", note, false, 2000);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(arr, qf__finding_json(&r->findings[i]));
    qf_check_summary s;
    qf_check_summarize(r, &s);
    json_t *sum = qf__summary_json(&s);
    char *findings = json_dumps(arr, JSON_COMPACT);
    char *summary = json_dumps(sum, JSON_COMPACT);
    json_decref(arr);
    json_decref(sum);
    json_t **arrays = NULL;
    rc = findings && summary ? branch_arrays(&arrays, r) : qf__oom();
    if (rc) {
        free(findings);
        free(summary);
        return rc;
    }
    rc = qf__tx_begin(db);
    if (rc == QF_OK) {
        int64_t id = 0;
        rc = insert_assessment(&id, db, r->today, r->org, r->period, qf_check_fingerprint(r),
                               summary, findings, note);
        if (rc == QF_OK && arrays)
            rc = save_branches(db, id, r, arrays);
        if (rc == QF_OK && id_out)
            *id_out = id;
        rc = qf__tx_end(db, rc);
    }
    for (size_t b = 0; arrays && b < r->n_branches; b++)
        json_decref(arrays[b]);
    free(arrays);
    free(findings);
    free(summary);
    return rc;
}

/* A streamed run's branch, spooled as it is judged: the findings' JSON as in
 * assessment_branch. */
int qf__assessment_spool_branch(qf_spool *s, int64_t branch, const unsigned char fp[24],
                                const qf_check_result *r)
{
    json_t *arr = json_array();
    if (!arr)
        return qf__oom();
    for (size_t i = 0; i < r->n; i++)
        if (json_array_append_new(arr, qf__finding_json(&r->findings[i])) != 0) {
            json_decref(arr);
            return qf__oom();
        }
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (!text)
        return qf__oom();
    int rc = qf__spool_put(s, branch, fp, text);
    free(text);
    return rc;
}

/* The assessment of a streamed run, once it has ended: one transaction, its row whole (one
 * audit entry, as qf_assessment_save), its run row and each spooled branch. The findings stay
 * in the branches' rows (by_branch): one array of them all is what the stream avoids holding. */
int qf__assessment_write_spooled(int64_t *id, qf_db *db, const qf_run *run, const char *note,
                                 const char *fingerprint, const qf_check_summary *s,
                                 qf_spool *spool)
{
    json_t *sum = qf__summary_json(s);
    char *summary = sum ? json_dumps(sum, JSON_COMPACT) : NULL;
    json_decref(sum);
    if (!summary)
        return qf__oom();
    int rc = qf__spool_rewind(spool);
    if (rc == QF_OK)
        rc = qf__tx_begin(db);
    if (rc) {
        free(summary);
        return rc;
    }
    rc = insert_assessment(id, db, run->today, run->org, run->code, fingerprint, summary, "[]",
                           note);
    if (rc == QF_OK)
        rc = insert_run(db, *id, run->audit_seq, run->o->standard, true);
    for (size_t b = 0; rc == QF_OK && b < spool->n; b++) {
        int64_t branch;
        unsigned char fp[24];
        char *text = NULL;
        rc = qf__spool_next(spool, &branch, fp, &text);
        if (rc == QF_OK)
            rc = insert_branch(db, *id, branch, fp, text);
        free(text);
    }
    free(summary);
    return qf__tx_end(db, rc);
}

/* Adds the findings of a JSON array (the text of column `col`) to r (finding_load.c). */
static int add_findings(qf_check_result *r, qf_db *db, qf_stmt *st, int col, int64_t id)
{
    const char *text = qf__col_text(st, col); /* before its length: SQLite's order */
    size_t len = (size_t)qf__col_bytes(st, col);
    int rc = qf__findings_load_json(r, db, text, len);
    return rc == QF_ECORRUPT
               ? qf__err(QF_ECORRUPT, _("assessment %lld is damaged"), (long long)id)
               : rc;
}

/* The findings of an assessment saved as its check streamed: each branch's row, then the
 * order and links of a whole result (qf__result_sort, as qf_check_run ends). */
static int add_branch_findings(qf_check_result *r, qf_db *db, int64_t id)
{
    static const char sql[] =
        "SELECT findings FROM assessment_branch WHERE assessment_id = ?1 ORDER BY branch_id";
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db, sql);
    if (rc)
        return rc;
    qf__bind_int64(st, 1, id);
    int step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW)
        rc = add_findings(r, db, st, 0, id);
    if (rc == QF_OK && step != QF_DONE)
        rc = qf__sqlerr(db, step, "assessment");
    qf__finalize(st);
    if (rc == QF_OK)
        qf__result_sort(r);
    return rc;
}

int qf_assessment_load(qf_check_result **out, qf_db *db, int64_t id)
{
    static const char sql[] =
        "SELECT a.today, o.code, a.period, a.fingerprint, a.findings, "
        "coalesce((SELECT by_branch FROM assessment_run WHERE assessment_id = a.id), 0) FROM "
        "assessment a LEFT JOIN org o ON o.id = a.org_id WHERE a.id = ?1";
    *out = NULL;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("assessment %lld does not exist"), (long long)id);
    }
    qf_check_result *r = calloc(1, sizeof *r);
    if (!r) {
        qf__reset(st);
        return qf__oom();
    }
    r->today = qf__col_date(st, 0);
    r->org = qf__strdup(qf__col_text(st, 1));
    r->period = qf__strdup(qf__col_text(st, 2));
    r->fingerprint = qf__strdup(qf__col_text(st, 3));
    bool by_branch = qf__col_int(st, 5) != 0;
    int rc = by_branch ? QF_OK : add_findings(r, db, st, 4, id);
    qf__reset(st);
    if (rc == QF_OK && by_branch)
        rc = add_branch_findings(r, db, id);
    if (rc) {
        qf_check_result_free(r);
        return rc;
    }
    *out = r;
    return QF_OK;
}

struct qf_assessment_iter {
    qf_db *db;
    qf_stmt *st;
    qf_assessment_info row;
};

int qf_assessment_list(qf_assessment_iter **out, qf_db *db)
{
    qf_assessment_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    int rc = qf__borrow(&it->st, db,
                         "SELECT a.id, a.created_at, a.today, o.code, a.period, a.fingerprint, "
                         "json_extract(a.summary, '$.pass'), json_extract(a.summary, '$.fail'), "
                         "json_extract(a.summary, '$.warn'), json_extract(a.summary, '$.open'), "
                         "a.note FROM assessment a LEFT JOIN org o ON o.id = a.org_id ORDER BY a.id");
    if (rc) {
        free(it);
        return rc;
    }
    *out = it;
    return QF_OK;
}

int qf_assessment_next(const qf_assessment_info **row, qf_assessment_iter *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "assessments: %s", qf__errstr(rc));
    qf_assessment_info *a = &it->row;
    a->id = qf__col_int64(it->st, 0);
    a->created_at = qf__col_text(it->st, 1);
    a->today = qf__col_date(it->st, 2);
    a->org = qf__col_text(it->st, 3);
    a->period = qf__col_text(it->st, 4);
    a->fingerprint = qf__col_text(it->st, 5);
    a->pass = qf__col_int(it->st, 6);
    a->fail = qf__col_int(it->st, 7);
    a->warn = qf__col_int(it->st, 8);
    a->open = qf__col_int(it->st, 9);
    a->note = qf__col_text(it->st, 10);
    *row = a;
    return QF_OK;
}

void qf_assessment_iter_free(qf_assessment_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}

/* ---- diff -------------------------------------------------------------------------------- */

static int key_cmp(const qf_finding *a, const qf_finding *b)
{
    int c;
    if ((c = strcmp(a->org ? a->org : "", b->org ? b->org : "")))
        return c;
    if ((c = strcmp(a->standard, b->standard)))
        return c;
    if ((c = strcmp(a->clause, b->clause)))
        return c;
    if (a->requirement != b->requirement)
        return a->requirement < b->requirement ? -1 : 1;
    if ((c = strcmp(a->subject_type ? a->subject_type : "", b->subject_type ? b->subject_type : "")))
        return c;
    if (a->subject_id != b->subject_id)
        return a->subject_id < b->subject_id ? -1 : 1;
    return strcmp(a->period ? a->period : "", b->period ? b->period : "");
}

static int ptr_cmp(const void *x, const void *y)
{
    return key_cmp(*(const qf_finding *const *)x, *(const qf_finding *const *)y);
}

static const qf_finding **sorted(const qf_check_result *r)
{
    const qf_finding **v = malloc((r->n + 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        v[i] = &r->findings[i];
    qsort(v, r->n, sizeof *v, ptr_cmp);
    return v;
}

int qf_check_diff(const qf_check_result *a, const qf_check_result *b, qf_diff_fn fn, void *payload)
{
    const qf_finding **x = sorted(a), **y = sorted(b);
    int rc = QF_OK;
    if (!x || !y)
        rc = qf__oom();
    size_t i = 0, j = 0;
    while (rc == QF_OK && (i < a->n || j < b->n)) {
        int c = i >= a->n ? 1 : j >= b->n ? -1 : key_cmp(x[i], y[j]);
        if (c < 0)
            rc = fn(payload, QF_CHANGE_GONE, x[i++], NULL);
        else if (c > 0)
            rc = fn(payload, QF_CHANGE_NEW, NULL, y[j++]);
        else {
            if (x[i]->status != y[j]->status)
                rc = fn(payload, QF_CHANGE_STATUS, x[i], y[j]);
            i++;
            j++;
        }
        if (rc)
            rc = qf__err(QF_EUSER, "%s", _("diff stopped by the caller"));
    }
    free(x);
    free(y);
    return rc;
}
