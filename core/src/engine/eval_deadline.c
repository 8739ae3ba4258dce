/* The `deadline` requirement kind: the cases of a procedure in the branch met their steps'
 * deadlines. A step completed late fails (or warns, for a rule that is only a warning); a
 * pending rule whose date has passed fails as long as it stays pending; one still running is
 * open with its due date. Cases live outside the snapshot, so their rows are read here and
 * fed to the run's fingerprint. */
#include <stdio.h>
#include <string.h>
#include "engine.h"

static bool step_wanted(const qf_pval *steps, const char *step)
{
    return !steps->set || qf__pval_has(steps, step);
}

static const qf_msg *rule_text(qf_eval *e, sqlite3_stmt *st)
{
    const char *label = qf__col_text(st, 12);
    const char *dur = qf__col_text(st, 10), *anchor = qf__col_text(st, 11);
    if (label)
        return qf__msg(e->scratch, "%s", "s", label);
    if (strcmp(anchor, "entered") == 0)
        return qf__msg(e->scratch, N_("within %s of entering the step"), "s", dur);
    if (strcmp(anchor, "start") == 0)
        return qf__msg(e->scratch, N_("within %s of the start"), "s", dur);
    return qf__msg(e->scratch, N_("within %s of %s"), "ss", dur, anchor);
}

int qf__eval_deadline(qf_eval *e)
{
    const char *procedure = e->p[DLN_PROCEDURE].s;
    bool warnings = e->p[DLN_WARNINGS].i != 0;
    sqlite3_stmt *st = NULL;
    int rc = qf__prepare(
        &st, e->db,
        "WITH RECURSIVE tree(id) AS (SELECT ?2 UNION ALL SELECT o.id FROM org o JOIN tree t ON "
        "o.parent_id = t.id) SELECT c.id, c.member_id, c.org_id, m.name, o.name, d.step, "
        "(SELECT json_extract(s.value, '$.title') FROM json_each(p.def, '$.steps') s WHERE "
        "json_extract(s.value, '$.code') = d.step), d.due, d.met, d.interrupting, d.duration, "
        "d.anchor, d.label, d.kind, c.state = 'active' AND d.entry_id = c.entry_id, "
        "json_extract(p.def, '$.title'), d.id FROM flow_deadline d JOIN flow_case c ON "
        "c.id = d.case_id JOIN procedure_def p ON p.id = c.def_id JOIN org o ON o.id = c.org_id "
        "LEFT JOIN member m ON m.id = c.member_id WHERE c.procedure = ?1 AND d.kind = 'within' "
        "AND c.org_id IN (SELECT id FROM tree) ORDER BY d.due, d.id");
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, procedure, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, e->org->id);
    while (rc == QF_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *step = qf__col_text(st, 5);
        bool interrupting = sqlite3_column_int(st, 9) != 0;
        if (!step_wanted(&e->p[DLN_STEPS], step) || (!interrupting && !warnings))
            continue;
        if (e->fp) {
            char row[64];
            qf__fmt(row, sizeof row, "deadline %lld %s", (long long)sqlite3_column_int64(st, 16),
                     qf__col_text(st, 8) ? qf__col_text(st, 8) : "-");
            qf__fphash_bytes(e->fp, row, strlen(row));
            qf__fphash_bytes(e->fp, qf__col_text(st, 7), strlen(qf__col_text(st, 7)));
        }
        qf_date due = qf__col_date(st, 7), met = qf__col_date(st, 8);
        bool current = sqlite3_column_int(st, 14) != 0;
        if (met == QF_DATE_NONE && !current)
            continue; /* the case was cancelled before the step was done */
        qf_date judged;
        if (met != QF_DATE_NONE)
            judged = met;
        else if (due < e->today)
            judged = e->range.end < e->today ? e->range.end : e->today;
        else
            judged = e->today;
        bool in_range =
            met != QF_DATE_NONE
                ? met >= e->range.start && met <= e->range.end
                : (due < e->today ? due <= e->range.end && e->today >= e->range.start
                                  : e->today >= e->range.start && e->today <= e->range.end);
        if (!in_range || !qf__in_window(e, judged < e->range.start ? e->range.start : judged))
            continue;
        int64_t case_id = sqlite3_column_int64(st, 0), member = qf__col_id(st, 1);
        const char *who = member ? qf__col_text(st, 3) : qf__col_text(st, 4);
        const char *title = qf__col_text(st, 6);
        const qf_msg *subject =
            qf__msg(e->scratch, N_("%s: %s case %lld, step %s"), "ssls", who ? who : "?",
                    qf__col_text(st, 15), (long long)case_id, title ? title : step);
        const qf_msg *rule = rule_text(e, st);
        qf_ob f = {.subject_type = member ? "member" : "org",
                   .subject_id = member ? member : qf__col_id(st, 2),
                   .subject = subject,
                   .org_id = qf__col_id(st, 2),
                   .period = {QF_PERIOD_DAY, due, due},
                   .due = due,
                   .cause = qf__cause(e, "deadline", step)};
        qf_finding_status missed = interrupting ? QF_FINDING_FAIL : QF_FINDING_WARN;
        if (met != QF_DATE_NONE) {
            f.status = met <= due ? QF_FINDING_PASS : missed;
            if (met <= due)
                f.message = qf__msg(e->scratch, N_("%s: completed on %s, due by %s (%s)"), "MDDM",
                                    subject, met, due, rule);
            else
                f.message = qf__msg(e->scratch,
                                    N_("%s: completed on %s, %d day(s) after its deadline %s (%s)"),
                                    "MDdDM", subject, met, met - due, due, rule);
        } else if (due < e->today) {
            f.status = missed;
            f.message = qf__msg(e->scratch, N_("%s: not completed; due by %s (%s), %d day(s) overdue"),
                                "MDMd", subject, due, rule, e->today - due);
        } else {
            f.status = QF_FINDING_OPEN;
            f.message = qf__msg(e->scratch, N_("%s: not completed yet, %s (%s)"), "MRM", subject,
                                due, rule);
        }
        if (!f.subject || !f.message) {
            rc = qf_error_last_code();
            break;
        }
        rc = qf__emit(e, &f);
    }
    sqlite3_finalize(st);
    return rc;
}
