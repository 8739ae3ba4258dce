/*
 * The check handed out branch by branch: each branch is judged, its findings sorted and linked
 * (a cause names the org it is about, and a branch's findings are about the branch or one of
 * its party groups, so no cause is shared between branches), handed to the caller, and
 * dropped before the next branch. Only the counts and the running fingerprint are kept for the
 * whole run, so memory is bounded by the largest branch, not by the deployment (issue 17).
 *
 * With `save` the run is also saved as an assessment: each branch's findings are spooled to a
 * temporary file as they are handed out (assessment_spool.c), and the assessment is written
 * in one transaction after the last branch — nothing when the run fails or is freed before.
 */
#include <stdlib.h>
#include <string.h>
#include "engine.h"

struct qf_check_stream {
    qf_db *db;
    qf_check_options opts; /* a copy: the caller's may go before the stream (a Lua iterator) */
    char *standard;
    qf_run run;
    bool open;            /* the run is open (until the last branch or an error) */
    bool reading;         /* this stream opened the read transaction */
    bool saving;          /* `save`: the branches go to `spool`, the assessment at the end */
    qf_spool spool;
    char *note;           /* the assessment's note (a copy) */
    size_t next;          /* the next branch to judge */
    qf_check_result *branch;
    int duplicates;       /* fail and warn findings linked to another (the score's deduction) */
    qf_check_totals totals;
};

/* Adds one branch's summary to the run's: every count adds up, as clauses (org, standard,
 * clause) and causes of different branches are never the same. */
static void add_summary(qf_check_stream *s, const qf_check_summary *b)
{
    qf_check_summary *t = &s->totals.summary;
    t->pass += b->pass;
    t->fail += b->fail;
    t->warn += b->warn;
    t->open += b->open;
    t->na += b->na;
    t->error += b->error;
    t->waived += b->waived;
    t->clauses += b->clauses;
    t->causes += b->causes;
    s->duplicates += b->fail + b->warn - b->causes;
    int judged = t->pass + t->fail + t->warn + t->error - s->duplicates;
    t->scored = judged > 0;
    t->score = judged > 0 ? 100.0 * t->pass / judged : 0.0;
}

static int branch_code(char **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT code FROM org WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    int rc = qf__step(st);
    *out = rc == QF_ROW ? qf__strdup(qf__col_text(st, 0)) : NULL;
    qf__reset(st);
    if (rc != QF_ROW)
        return qf__sqlerr(db, rc, "branch");
    return *out ? QF_OK : qf__oom();
}

/* Ends the run. When saving, writes the assessment if rc is QF_OK (the run's read transaction
 * ended first: writers wait only for this write); returns rc, or the write's error. */
static int stream_end(qf_check_stream *s, int rc)
{
    if (s->reading) {
        qf__read_end(s->db, true);
        s->reading = false;
    }
    if (s->saving) {
        s->saving = false;
        if (rc == QF_OK)
            rc = qf__assessment_write_spooled(&s->totals.assessment, s->db, &s->run, s->note,
                                              s->totals.fingerprint, &s->totals.summary,
                                              &s->spool);
        qf__spool_close(&s->spool);
    }
    if (s->open) {
        qf__run_close(&s->run);
        s->open = false;
    }
    return rc;
}

static int stream_open(qf_check_stream **out, qf_db *db, const qf_check_options *o,
                       const qf_req_filter *filter)
{
    *out = NULL;
    int rc = qf__check_options_valid(o);
    if (rc)
        return rc;
    if (filter && o->version >= 2 && (o->since || (o->version >= 3 && o->save)))
        return qf__err(QF_EINVALID, "%s",
                       _("check: an assessment holds every finding: judge every requirement"));
    qf_check_stream *s = calloc(1, sizeof *s);
    if (!s)
        return qf__oom();
    s->db = db;
    s->opts = *o;
    if (o->standard && !(s->opts.standard = s->standard = qf__strdup(o->standard))) {
        free(s);
        return qf__oom();
    }
    if (o->version >= 3 && o->save) {
        s->opts.note = NULL; /* (the stream's copy is s->note: the caller's may go) */
        if ((rc = qf__check_text("note", o->note, false, 2000)) != QF_OK ||
            (o->note && !(s->note = qf__strdup(o->note)) && (rc = qf__oom()) != QF_OK) ||
            (rc = qf__spool_open(&s->spool)) != QF_OK) {
            free(s->note);
            free(s->standard);
            free(s);
            return rc;
        }
        s->saving = true;
    }
    /* one snapshot for the whole run, as qf_check_run: the fingerprint describes one state */
    s->reading = qf__read_begin(db);
    rc = qf__run_open(&s->run, db, &s->opts, NULL);
    if (rc) {
        stream_end(s, rc);
        free(s->note);
        free(s->standard);
        free(s);
        return rc;
    }
    s->open = true;
    s->run.filter = filter;
    s->totals.version = QF_CHECK_TOTALS_VERSION;
    s->totals.since_note = s->run.since ? qf__since_reason(s->run.since) : NULL;
    s->branch = qf__run_result(&s->run, NULL);
    if (!s->branch) {
        rc = qf_error_last_code();
        qf_check_stream_free(s);
        return rc;
    }
    *out = s;
    return QF_OK;
}

int qf_check_stream_open(qf_check_stream **out, qf_db *db, const qf_check_options *o)
{
    return stream_open(out, db, o, NULL);
}

int qf_check_stream_next(const qf_check_result **branch, qf_check_stream *s)
{
    *branch = NULL;
    if (!s->open)
        return QF_ITEROVER;
    qf_check_result *r = s->branch;
    qf__result_clear(r);
    if (s->next == s->run.n_branches) {
        qf__run_fingerprint(&s->run, s->totals.fingerprint);
        int rc = stream_end(s, QF_OK);
        return rc ? rc : QF_ITEROVER;
    }
    int rc = qf__run_branch(&s->run, r, s->next++);
    if (rc)
        return stream_end(s, rc);
    qf__result_sort(r);
    /* the branch's code: its findings are about it or its groups */
    free(r->org);
    r->org = NULL;
    int64_t id = s->run.branches[s->next - 1];
    if ((rc = branch_code(&r->org, s->db, id)) != QF_OK ||
        (s->saving && (rc = qf__assessment_spool_branch(&s->spool, id, s->run.branch_fp, r)) !=
                          QF_OK))
        return stream_end(s, rc);
    qf_check_summary sum;
    qf_check_summarize(r, &sum);
    add_summary(s, &sum);
    s->totals.findings += r->n;
    s->totals.branches++;
    s->totals.rejudged = s->run.rejudged;
    *branch = r;
    return QF_OK;
}

const char *qf__stream_org(const qf_check_stream *s)
{
    return s->run.org;
}

const char *qf__stream_period(const qf_check_stream *s)
{
    return s->run.code;
}

const qf_check_totals *qf_check_stream_totals(const qf_check_stream *s)
{
    return &s->totals;
}

void qf_check_stream_free(qf_check_stream *s)
{
    if (!s)
        return;
    /* freed before its end: nothing of a save is written */
    stream_end(s, s->saving ? QF_EUSER : QF_OK);
    free(s->note);
    qf_check_result_free(s->branch);
    free(s->standard);
    free(s);
}

int qf_check_each(qf_db *db, const qf_check_options *o, qf_check_branch_fn fn, void *payload,
                  qf_check_totals *totals)
{
    return qf__check_each_judging(db, o, NULL, fn, payload, totals);
}

int qf__check_each_judging(qf_db *db, const qf_check_options *o, const qf_req_filter *filter,
                           qf_check_branch_fn fn, void *payload, qf_check_totals *totals)
{
    qf_check_stream *s = NULL;
    int rc = stream_open(&s, db, o, filter);
    if (rc)
        return rc;
    const qf_check_result *branch;
    while ((rc = qf_check_stream_next(&branch, s)) == QF_OK) {
        int urc = fn(payload, branch);
        if (urc) {
            /* a negative code is the callback's error (its message set); else it asked to stop */
            rc = urc < 0 ? urc : qf__err(QF_EUSER, "%s", _("check: stopped by the caller"));
            break;
        }
    }
    if (rc == QF_ITEROVER) {
        rc = QF_OK;
        if (totals)
            *totals = s->totals;
    }
    qf_check_stream_free(s);
    return rc;
}
