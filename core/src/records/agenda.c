/* The agenda: the ordered segments of an activity ("study", "expert_briefing", "discussion"),
 * which standards refer to by code. */
#include <stdio.h>
#include <stdlib.h>
#include "activity_internal.h"
#include "rows.h"

int qf__agenda_validate(const qf_agenda_item *items, size_t n)
{
    if (n && !items)
        return qf__err(QF_EINVALID, _("agenda: %zu items announced but none given"), n);
    for (size_t i = 0; i < n; i++) {
        char field[48];
        snprintf(field, sizeof field, "agenda[%zu].segment", i + 1);
        int rc = qf__check_utf8(field, items[i].segment);
        if (!rc)
            rc = qf__check_code(field, items[i].segment);
        if (rc)
            return rc;
        snprintf(field, sizeof field, "agenda[%zu].title", i + 1);
        rc = qf__check_text(field, items[i].title, false, QF_NOTE_MAX);
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf__agenda_insert_all(qf_db *db, int64_t activity_id, const qf_agenda_item *items, size_t n)
{
    static const char sql[] =
        "INSERT INTO agenda_item (activity_id, seq, segment, title) VALUES (?1, ?2, ?3, ?4)";
    if (n == 0)
        return QF_OK;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    for (size_t i = 0; i < n; i++) {
        qf__bind_int64(st, 1, activity_id);
        qf__bind_int64(st, 2, (int64_t)(i + 1)); /* seq from the array order */
        qf__bind_textn(st, 3, items[i].segment, -1, QF_STATIC);
        qf__bind_text(st, 4, items[i].title);
        int rc = qf__exec_stmt(db, st, "agenda");
        if (rc)
            return rc;
    }
    return QF_OK;
}

int qf_agenda_set(qf_db *db, int64_t activity_id, const qf_agenda_item *items, size_t n)
{
    static const char sql_clear[] = "DELETE FROM agenda_item WHERE activity_id = ?1";
    int rc = qf__agenda_validate(items, n);
    if (rc)
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    /* checked explicitly: an empty agenda for a missing activity would otherwise "succeed" */
    rc = qf__activity_require(db, activity_id);
    qf_stmt *st = rc ? NULL : qf__stmt(db, sql_clear);
    if (!rc && !st)
        rc = qf_error_last_code();
    if (!rc) {
        qf__bind_int64(st, 1, activity_id);
        rc = qf__exec_stmt(db, st, "agenda");
    }
    if (!rc)
        rc = qf__agenda_insert_all(db, activity_id, items, n);
    return qf__tx_end(db, rc);
}

struct qf_agenda_iter {
    qf__rows rows;
    qf_agenda_item row;
};

int qf_agenda_list(qf_agenda_iter **out, qf_db *db, int64_t activity_id)
{
    *out = NULL;
    int rc = qf__activity_require(db, activity_id);
    if (rc)
        return rc;
    qf_agenda_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    rc = qf__rows_open(&it->rows, db,
                     "SELECT activity_id, seq, segment, title FROM agenda_item "
                     "WHERE activity_id = ?1 ORDER BY seq");
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->rows.st, 1, activity_id);
    *out = it;
    return QF_OK;
}

int qf_agenda_next(const qf_agenda_item **row, qf_agenda_iter *it)
{
    int rc = qf__rows_step(&it->rows, "agenda");
    if (rc)
        return rc;
    it->row.activity_id = qf__col_int64(it->rows.st, 0);
    it->row.seq = qf__col_int(it->rows.st, 1);
    it->row.segment = qf__col_text(it->rows.st, 2);
    it->row.title = qf__col_text(it->rows.st, 3);
    *row = &it->row;
    return QF_OK;
}

void qf_agenda_iter_free(qf_agenda_iter *it)
{
    if (!it)
        return;
    qf__rows_close(&it->rows);
    free(it);
}
