/* Writing a check while it runs: each branch's findings are written as soon as the branch is
 * judged and dropped after, in the same bytes as the whole result's writers (check_output.c);
 * the summary (and, in JSON, the fingerprint) come last. `qufa check` writes this way, so its
 * memory does not grow with the deployment (issue 17: 868 MiB of text at 10,000 branches). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

typedef struct writer {
    FILE *out;
    qf_check_format format;
    qf_text_options text;
    size_t written; /* JSON: findings written so far (the separator before the next) */
} writer;

static int write_branch(void *payload, const qf_check_result *branch)
{
    writer *w = payload;
    int rc;
    switch (w->format) {
    case QF_CHECK_FORMAT_JSON: rc = qf__json_findings(w->out, branch, &w->written); break;
    case QF_CHECK_FORMAT_CSV: rc = qf__csv_rows(w->out, branch); break;
    default: rc = qf__text_findings(w->out, branch, &w->text); break;
    }
    return rc;
}

int qf_check_write_each(qf_db *db, const qf_check_options *o, qf_check_format format,
                        const qf_text_options *text, FILE *out, qf_check_totals *totals)
{
    int rc = qf__check_options_valid(o);
    if (rc)
        return rc;
    if ((unsigned)format > QF_CHECK_FORMAT_CSV)
        return qf__err(QF_EINVALID, _("check: output format %d is unknown"), (int)format);
    qf_text_options def = QF_TEXT_OPTIONS_INIT;
    writer w = {.out = out, .format = format, .text = text ? *text : def};
    /* the head needs the org's code and today before the first branch: open the run first */
    qf_check_stream *s = NULL;
    if ((rc = qf_check_stream_open(&s, db, o)))
        return rc;
    const char *org = qf__stream_org(s);
    switch (format) {
    case QF_CHECK_FORMAT_JSON: rc = qf__json_head(out, qf__stream_period(s), qf_db_today(db), org); break;
    case QF_CHECK_FORMAT_CSV: rc = qf__csv_head(out); break;
    default: qf__text_head(out, qf__stream_period(s), qf_db_today(db)); break;
    }
    const qf_check_result *branch;
    while (rc == QF_OK && (rc = qf_check_stream_next(&branch, s)) == QF_OK)
        rc = write_branch(&w, branch);
    if (rc == QF_ITEROVER) {
        const qf_check_totals *t = qf_check_stream_totals(s);
        switch (format) {
        case QF_CHECK_FORMAT_JSON:
            rc = qf__json_tail(out, w.written, t->fingerprint, &t->summary);
            fputc('\n', out);
            break;
        case QF_CHECK_FORMAT_CSV: rc = QF_OK; break;
        default: rc = qf__text_summary(out, &t->summary); break;
        }
        if (totals)
            *totals = *t;
    }
    qf_check_stream_free(s);
    if (rc == QF_OK && (fflush(out) != 0 || ferror(out)))
        rc = qf__err(QF_ERROR, "%s", _("cannot write the output"));
    return rc;
}
