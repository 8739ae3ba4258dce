/*
 * What flows down from the organ (docs/sync.md): the packs that define the organ's systems and
 * the latest revision of each standard it issued, in the order the organ loaded them. A branch
 * loads them as it loads any pack (qufa sync pull), so a pack that did not change is a no-op and
 * a changed one becomes a new revision there too. Branch standards and tailorings the organ may
 * hold are the branches' own and do not flow down.
 */
#include <stdlib.h>
#include "sync_internal.h"

struct qf_sync_pack_iter {
    qf_db *db;
    sqlite3_stmt *st;
    qf_sync_pack row;
};

int qf_sync_packs(qf_sync_pack_iter **out, qf_db *organ)
{
    static const char sql[] =
        "SELECT src.name, src.sha256, src.text FROM std_source src WHERE src.id IN "
        "(SELECT s.source_id FROM standard s WHERE s.origin = 'issued' AND s.rev = "
        "(SELECT max(t.rev) FROM standard t WHERE t.code = s.code)) OR src.id IN "
        "(SELECT y.source_id FROM std_system y) ORDER BY src.id";
    qf_sync_pack_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = organ;
    int rc = qf__borrow(&it->st, organ, sql);
    if (rc) {
        free(it);
        return rc;
    }
    *out = it;
    return QF_OK;
}

int qf_sync_pack_next(const qf_sync_pack **row, qf_sync_pack_iter *it)
{
    int step = sqlite3_step(it->st);
    if (step == SQLITE_DONE)
        return QF_ITEROVER;
    if (step != SQLITE_ROW)
        return qf__sqlerr(it->db, step, "sync");
    it->row.name = qf__col_text(it->st, 0);
    it->row.sha256 = qf__col_text(it->st, 1);
    it->row.text = qf__col_text(it->st, 2);
    *row = &it->row;
    return QF_OK;
}

void qf_sync_pack_iter_free(qf_sync_pack_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}
