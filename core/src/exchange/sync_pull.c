/*
 * What flows down from the organ (docs/sync.md): the packs that define the organ's systems and
 * the latest revision of each standard it issued, in the order the organ loaded them. A branch
 * loads them as it loads any pack (qufa sync pull), so a pack that did not change is a no-op and
 * a changed one becomes a new revision there too. Branch standards and tailorings the organ may
 * hold are the branches' own and do not flow down.
 */
#include <stdlib.h>
#include <string.h>
#include "sync_internal.h"

struct qf_sync_pack_iter {
    qf_db *db;
    qf_stmt *st;
    qf_sync_pack row;
    char *owns;
};

/* "CODE=HASH" of each issued standard whose latest revision at the organ comes from the
 * source, and "system:CODE" of each system it defines, one a line. */
static int owned_by(char **out, qf_db *organ, int64_t source_id)
{
    static const char sql_std[] =
        "SELECT s.code, s.hash FROM standard s WHERE s.source_id = ?1 AND s.origin = 'issued' "
        "AND s.rev = (SELECT max(t.rev) FROM standard t WHERE t.code = s.code) ORDER BY s.code";
    static const char sql_sys[] = "SELECT code FROM std_system WHERE source_id = ?1 ORDER BY code";
    size_t len = 0, cap = 256;
    char *buf = malloc(cap);
    if (!buf)
        return qf__oom();
    buf[0] = '\0';
    int rc = QF_OK;
    for (int k = 0; k < 2 && rc == QF_OK; k++) {
        qf_stmt *st = k == 0 ? qf__stmt(organ, sql_std) : qf__stmt(organ, sql_sys);
        if (!st) {
            rc = qf_error_last_code();
            break;
        }
        qf__bind_int64(st, 1, source_id);
        int step;
        while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
            const char *code = qf__col_text(st, 0) ? qf__col_text(st, 0) : "";
            const char *hash = k == 0 && qf__col_text(st, 1) ? qf__col_text(st, 1) : "";
            size_t need = len + strlen(code) + strlen(hash) + 16;
            if (need > cap) {
                while (cap < need)
                    cap *= 2;
                char *more = realloc(buf, cap);
                if (!more) {
                    rc = qf__oom();
                    break;
                }
                buf = more;
            }
            len += (size_t)snprintf(buf + len, cap - len, k == 0 ? "%s=%s\n" : "system:%s%s\n",
                                    code, hash);
        }
        qf__reset(st);
    }
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    return QF_OK;
}

int qf_sync_packs(qf_sync_pack_iter **out, qf_db *organ)
{
    static const char sql[] =
        "SELECT src.name, src.sha256, src.text, src.id FROM std_source src WHERE src.id IN "
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
    int step = qf__step(it->st);
    if (step == QF_DONE)
        return QF_ITEROVER;
    if (step != QF_ROW)
        return qf__sqlerr(it->db, step, "sync");
    it->row.name = qf__col_text(it->st, 0);
    it->row.sha256 = qf__col_text(it->st, 1);
    it->row.text = qf__col_text(it->st, 2);
    free(it->owns);
    it->owns = NULL;
    int rc = owned_by(&it->owns, it->db, qf__col_int64(it->st, 3));
    if (rc)
        return rc;
    it->row.owns = it->owns;
    *row = &it->row;
    return QF_OK;
}

void qf_sync_pack_iter_free(qf_sync_pack_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it->owns);
    free(it);
}
