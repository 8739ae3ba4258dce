/* The `term` kind: the org's last election (an activity of the kind, or the org's attribute
 * last_election) is not older than the term; the finding turns open `warn` days before the
 * re-election is due. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

static int last_election(qf_eval *e, qf_date before, qf_date *out, int64_t *activity)
{
    static const char sql[] =
        "SELECT id, starts_at FROM activity WHERE org_id = ?1 AND starts_at < ?2 AND kind IN "
        "(SELECT value FROM json_each(?3)) ORDER BY starts_at DESC LIMIT 1";
    *out = QF_DATE_NONE;
    *activity = 0;
    const char *attr = e->org->last_election;
    if (attr)
        qf_date_parse(out, attr);
    const qf_pval *kinds = &e->p[TRM_ACTIVITY];
    json_t *list = json_array();
    for (size_t i = 0; list && i < kinds->n; i++)
        json_array_append_new(list, json_string(kinds->list[i]));
    char *text = list ? json_dumps(list, JSON_COMPACT) : NULL;
    json_decref(list);
    sqlite3_stmt *st = qf__stmt(e->db, sql);
    if (!st || !text) {
        free(text);
        return st ? qf__oom() : qf_error_last_code();
    }
    char end[11];
    qf_date_format(before + 1, end);
    sqlite3_bind_int64(st, 1, e->org->id);
    sqlite3_bind_text(st, 2, end, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        qf_date d = qf_datetime_date(qf__col_datetime(st, 1));
        if (*out == QF_DATE_NONE || d > *out) {
            *out = d;
            *activity = sqlite3_column_int64(st, 0);
        }
        if (e->fp) { /* read beyond the snapshot: part of what the check judged */
            char row[48];
            qf__fmt(row, sizeof row, "term %lld", (long long)*activity);
            qf__fphash_bytes(e->fp, row, strlen(row));
            qf__fphash_int(e->fp, d);
        }
    }
    sqlite3_reset(st);
    free(text);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? QF_OK : qf__sqlerr(e->db, rc, "term");
}

int qf__eval_term(qf_eval *e)
{
    qf_date judged = e->range.end < e->today ? e->range.end : e->today;
    if (e->range.start > e->today || !qf__in_window(e, judged))
        return QF_OK;
    int years = (int)e->p[TRM_YEARS].i;
    int warn = (int)e->p[TRM_WARN].i;
    qf_date last;
    int64_t act;
    int rc = last_election(e, judged, &last, &act);
    if (rc)
        return rc;
    const qf_msg *subject = qf__msg(e->scratch, N_("%s committee term"), "s", e->org->name);
    qf_ob ob = {.subject_type = "org", .subject_id = e->org->id, .subject = subject,
                .period = {QF_PERIOD_DAY, judged, judged}, .due = QF_DATE_NONE,
                .cause = "term"};
    if (act) {
        ob.activities = &act;
        ob.n_activities = 1;
    }
    if (last == QF_DATE_NONE) {
        ob.status = QF_FINDING_FAIL;
        ob.message = qf__msg(e->scratch,
                             N_("no election recorded: record the election activity or set the "
                                "org's attribute last_election (term %d years)"),
                             "d", years);
    } else {
        qf_date due = qf_date_add_months(last, 12 * years);
        ob.due = due; /* kept as the finding's deadline whatever the status */
        if (judged > due) {
            ob.status = QF_FINDING_FAIL;
            ob.message = qf__msg(e->scratch,
                                 N_("last election %s, term %d years: re-election was due by %s, "
                                    "%d day(s) overdue"),
                                 "DdDd", last, years, due, judged - due);
        } else if (due - judged <= warn) {
            ob.status = QF_FINDING_OPEN;
            ob.message = qf__msg(e->scratch,
                                 N_("last election %s, term %d years: re-election due, %s"),
                                 "DdR", last, years, due);
        } else {
            ob.status = QF_FINDING_PASS;
            ob.message = qf__msg(e->scratch,
                                 N_("last election %s, term %d years: next re-election due by %s"),
                                 "DdD", last, years, due);
        }
    }
    if (!ob.subject || !ob.message)
        return qf_error_last_code();
    return qf__emit(e, &ob);
}
