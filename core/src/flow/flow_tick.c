/* qf_flow_tick: what is due, as of a given day, from stored dates alone. It never writes and
 * keeps no state between calls, so "today" can be any day and a gap of years changes nothing
 * but the answer. */
#include <stdlib.h>
#include "flow_internal.h"

int qf_flow_tick(qf_db *db, qf_date today, const qf_tick_options *o, qf_tick_fn fn, void *payload)
{
    qf_tick_options def = QF_TICK_OPTIONS_INIT;
    if (!o)
        o = &def;
    if (o->version != QF_TICK_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("tick: initialise the options with "
                         "QF_TICK_OPTIONS_INIT"));
    if (o->within_days < 0 || o->within_days > 3660)
        return qf__err(QF_EINVALID, _("tick: within must be 0 to 3660 days (%d)"), o->within_days);
    if (today == QF_DATE_NONE)
        today = qf_db_today(db);
    /* the current visit's open rules of every active case: overdue ones whatever their age,
     * the rest when they fall due (or open) within the horizon */
    qf_stmt *st = NULL;
    int rc = qf__prepare(
        &st, db,
        "WITH RECURSIVE tree(id) AS (SELECT ?3 UNION ALL SELECT o.id FROM org o JOIN tree t ON "
        "o.parent_id = t.id) SELECT " QF_DEADLINE_COLS " FROM flow_deadline d JOIN flow_case c "
        "ON c.id = d.case_id JOIN procedure_def p ON p.id = c.def_id WHERE c.state = 'active' "
        "AND d.entry_id = c.entry_id AND d.met IS NULL AND d.due <= ?1 AND "
        "(?2 IS NULL OR c.procedure = ?2) AND (?3 = 0 OR c.org_id IN (SELECT id FROM tree)) "
        "ORDER BY d.due, d.case_id, d.rule");
    if (rc)
        return rc;
    qf__bind_date(st, 1, today + o->within_days);
    qf__bind_text(st, 2, o->procedure);
    qf__bind_int64(st, 3, o->org_id);
    qf_deadline row;
    while ((rc = qf__step(st)) == QF_ROW) {
        qf__flow_deadline_row(st, &row, today);
        int r = fn(payload, &row);
        if (r) {
            qf__finalize(st);
            return r;
        }
    }
    qf__finalize(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(db, rc, "tick");
}
