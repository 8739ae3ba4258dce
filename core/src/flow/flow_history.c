/* A case's event log read back: start, completed steps with their evidence, cancellation. */
#include <stdlib.h>
#include <string.h>
#include "flow_internal.h"

struct qf_case_history {
    qf_db *db;
    qf_stmt *st;
    int64_t *ids;
    size_t cap;
    qf_case_event row;
};

int qf_case_history_list(qf_case_history **out, qf_db *db, int64_t case_id)
{
    *out = NULL;
    qf_case *c = NULL;
    int rc = qf_case_get(&c, db, case_id);
    qf_case_free(c);
    if (rc)
        return rc;
    qf_case_history *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    rc = qf__prepare(&it->st, db,
                     "SELECT id, seq, action, step, to_step, on_date, actor, note, fields, late "
                     "FROM flow_transition WHERE case_id = ?1 ORDER BY seq");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->st, 1, case_id);
    *out = it;
    return QF_OK;
}

static int load_evidence(qf_case_history *it, int64_t transition)
{
    static const char sql[] =
        "SELECT artifact_id FROM flow_evidence WHERE transition_id = ?1 ORDER BY id";
    qf_stmt *st = qf__stmt(it->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, transition);
    size_t n = 0;
    while (qf__step(st) == QF_ROW) {
        if (n == it->cap) {
            size_t cap = it->cap ? it->cap * 2 : 8;
            int64_t *g = realloc(it->ids, cap * sizeof *g);
            if (!g) {
                qf__reset(st);
                return qf__oom();
            }
            it->ids = g;
            it->cap = cap;
        }
        it->ids[n++] = qf__col_int64(st, 0);
    }
    qf__reset(st);
    it->row.artifacts = n ? it->ids : NULL;
    it->row.n_artifacts = n;
    return QF_OK;
}

int qf_case_history_next(const qf_case_event **row, qf_case_history *it)
{
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "case history: %s", qf__errstr(rc));
    qf_stmt *st = it->st;
    it->row.seq = qf__col_int(st, 1);
    it->row.action = qf__col_text(st, 2);
    it->row.step = qf__col_text(st, 3);
    it->row.to = qf__col_text(st, 4);
    it->row.date = qf__col_date(st, 5);
    it->row.actor = qf__col_text(st, 6);
    it->row.note = qf__col_text(st, 7);
    it->row.fields = qf__col_text(st, 8);
    it->row.late = qf__col_int(st, 9) != 0;
    rc = load_evidence(it, qf__col_int64(st, 0));
    if (rc)
        return rc;
    *row = &it->row;
    return QF_OK;
}

void qf_case_history_free(qf_case_history *it)
{
    if (!it)
        return;
    qf__finalize(it->st);
    free(it->ids);
    free(it);
}
