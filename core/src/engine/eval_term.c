/* The `term` kind: the org's last election (an activity of the kind, or the org's attribute
 * last_election) is not older than the term; the finding turns open `warn` days before the
 * re-election is due. */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/*
 * The org's last election before `before` + 1: the latest activity of the kinds, one indexed
 * look-up per kind on activity_org (org_id, kind, starts_at). One statement with
 * `kind IN (SELECT value FROM json_each(?3))` let SQLite walk activity_org_start back through
 * every activity the org ever held (an org with no election: all of them, 1.4% of a whole
 * check). Of two elections at the same minute the later kind in code order, then the higher
 * id, is the last (the single statement took whatever its index gave first).
 */
static int last_election(qf_eval *e, qf_date before, qf_date *out, int64_t *activity)
{
    static const char sql[] =
        "SELECT id, starts_at FROM activity WHERE org_id = ?1 AND kind = ?3 AND starts_at < ?2 "
        "ORDER BY starts_at DESC, id DESC LIMIT 1";
    *out = QF_DATE_NONE;
    *activity = 0;
    const char *attr = e->org->last_election;
    if (attr)
        qf_date_parse(out, attr);
    const qf_pval *kinds = &e->p[TRM_ACTIVITY];
    char end[11];
    qf_date_format(before + 1, end);
    bool found = false;
    qf_datetime best = 0;
    const char *best_kind = NULL;
    int64_t best_id = 0;
    for (size_t i = 0; i < kinds->n; i++) {
        qf_stmt *st = qf__stmt(e->db, sql);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, e->org->id);
        qf__bind_textn(st, 2, end, -1, QF_STATIC);
        qf__bind_textn(st, 3, kinds->list[i], -1, QF_STATIC);
        int rc = qf__step(st);
        if (rc == QF_ROW) {
            qf_datetime at = qf__col_datetime(st, 1);
            int64_t id = qf__col_int64(st, 0);
            int c = !found ? 1
                    : at != best ? (at > best ? 1 : -1)
                    : strcmp(kinds->list[i], best_kind) != 0
                        ? (strcmp(kinds->list[i], best_kind) > 0 ? 1 : -1)
                        : (id > best_id ? 1 : -1);
            if (c > 0) {
                found = true;
                best = at;
                best_kind = kinds->list[i];
                best_id = id;
            }
        }
        qf__reset(st);
        if (rc != QF_ROW && rc != QF_DONE)
            return qf__sqlerr(e->db, rc, "term");
    }
    if (found) {
        qf_date d = qf_datetime_date(best);
        if (*out == QF_DATE_NONE || d > *out) {
            *out = d;
            *activity = best_id;
        }
        if (e->fp) { /* read beyond the snapshot: part of what the check judged */
            char row[48];
            qf__fmt(row, sizeof row, "term %lld", (long long)*activity);
            qf__fphash_bytes(e->fp, row, strlen(row));
            qf__fphash_int(e->fp, d);
        }
    }
    return QF_OK;
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
