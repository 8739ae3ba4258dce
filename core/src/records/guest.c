/* Guests: people from outside the branch who took part (an expert, a representative of the
 * party committee above), named rather than referenced as members. */
#include <stdio.h>
#include <stdlib.h>
#include "activity_internal.h"
#include "rows.h"

/* `index` is the 1-based position in a create's array, 0 for a single qf_guest_add. */
int qf__guest_validate(qf_db *db, const qf_guest *g, size_t index)
{
    char name[48], aff[48];
    if (index) {
        snprintf(name, sizeof name, "guests[%zu].name", index);
        snprintf(aff, sizeof aff, "guests[%zu].affiliation", index);
    } else {
        snprintf(name, sizeof name, "guest.name");
        snprintf(aff, sizeof aff, "guest.affiliation");
    }
    int rc = qf__check_text(name, g->name, true, 200);
    if (!rc)
        rc = qf__check_text(aff, g->affiliation, false, QF_TITLE_MAX);
    if (!rc)
        rc = qf__check_utf8("guest_role", g->role);
    if (!rc)
        rc = qf_vocab_check(db, "guest_role", g->role);
    return rc;
}

int qf__guest_insert(int64_t *id_out, qf_db *db, int64_t activity_id, const qf_guest *g)
{
    static const char sql[] =
        "INSERT INTO guest (activity_id, name, affiliation, role) VALUES (?1, ?2, ?3, ?4)";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, activity_id);
    qf__bind_textn(st, 2, g->name, -1, QF_STATIC);
    qf__bind_text(st, 3, g->affiliation);
    qf__bind_textn(st, 4, g->role, -1, QF_STATIC);
    int rc = qf__exec_stmt(db, st, "guest");
    if (rc == QF_OK && id_out)
        *id_out = qf__last_insert_id(db);
    return rc;
}

int qf_guest_add(int64_t *id_out, qf_db *db, const qf_guest *g)
{
    int rc = qf__check_id("guest: activity", g->activity_id, true);
    if (!rc)
        rc = qf__guest_validate(db, g, 0);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    rc = qf__guest_insert(id_out, db, g->activity_id, g);
    if (rc == QF_ECONSTRAINT && qf__activity_exists(db, g->activity_id) == 0)
        rc = qf__err(QF_ENOTFOUND, _("activity %lld does not exist"), (long long)g->activity_id);
    return qf__tx_end(db, rc);
}

int qf_guest_remove(qf_db *db, int64_t guest_id)
{
    static const char sql[] = "DELETE FROM guest WHERE id = ?1";
    int rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, guest_id);
    rc = qf__exec_stmt(db, st, "guest");
    if (rc == QF_OK && qf__changes(db) == 0)
        rc = qf__err(QF_ENOTFOUND, _("guest %lld does not exist"), (long long)guest_id);
    return qf__tx_end(db, rc);
}

struct qf_guest_iter {
    qf__rows rows;
    qf_guest row;
};

int qf_guest_list(qf_guest_iter **out, qf_db *db, int64_t activity_id)
{
    *out = NULL;
    int rc = qf__activity_require(db, activity_id);
    if (rc)
        return rc;
    qf_guest_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    rc = qf__rows_open(&it->rows, db,
                     "SELECT id, activity_id, name, affiliation, role FROM guest "
                     "WHERE activity_id = ?1 ORDER BY id");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, activity_id);
    *out = it;
    return QF_OK;
}

int qf_guest_next(const qf_guest **row, qf_guest_iter *it)
{
    int rc = qf__rows_step(&it->rows, "guest");
    if (rc)
        return rc;
    it->row.id = qf__col_int64(it->rows.st, 0);
    it->row.activity_id = qf__col_int64(it->rows.st, 1);
    it->row.name = qf__col_text(it->rows.st, 2);
    it->row.affiliation = qf__col_text(it->rows.st, 3);
    it->row.role = qf__col_text(it->rows.st, 4);
    *row = &it->row;
    return QF_OK;
}

void qf_guest_iter_free(qf_guest_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
