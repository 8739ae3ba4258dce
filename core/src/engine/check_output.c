/* Writing check results: the stable JSON (docs/check-output.md), CSV, and text for people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "csvio.h"
#include "engine.h"

static json_t *ids_json(const int64_t *ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

static json_t *date_json(qf_date d)
{
    if (d == QF_DATE_NONE)
        return json_null();
    char buf[11];
    qf_date_format(d, buf);
    return json_string(buf);
}

json_t *qf__finding_json(const qf_finding *f);
json_t *qf__finding_json(const qf_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "standard", json_string(f->standard));
    json_object_set_new(o, "standard_title", f->standard_title ? json_string(f->standard_title) : json_null());
    json_object_set_new(o, "rev", json_integer(f->rev));
    json_object_set_new(o, "clause", json_string(f->clause));
    json_object_set_new(o, "requirement", json_integer(f->requirement));
    json_object_set_new(o, "kind", json_string(f->kind ? f->kind : ""));
    json_object_set_new(o, "status", json_string(qf_finding_status_name(f->status)));
    json_object_set_new(o, "subject",
                        json_pack("{s:s, s:o, s:s}", "type", f->subject_type ? f->subject_type : "",
                                  "id", f->subject_id ? json_integer(f->subject_id) : json_null(),
                                  "label", f->subject ? f->subject : ""));
    json_object_set_new(o, "org", f->org ? json_string(f->org) : json_null());
    json_object_set_new(o, "period", json_string(f->period ? f->period : ""));
    json_object_set_new(o, "period_start", date_json(f->period_start));
    json_object_set_new(o, "period_end", date_json(f->period_end));
    json_t *evidence =
        json_pack("{s:o, s:o}", "activities", ids_json(f->activities, f->n_activities),
                  "artifacts", ids_json(f->artifacts, f->n_artifacts));
    if (f->counts)
        json_object_set_new(evidence, "counts", qf__counts_json(f->counts));
    json_object_set_new(o, "evidence", evidence);
    json_object_set_new(o, "message", json_string(f->message ? f->message : ""));
    json_object_set_new(o, "responsible", f->responsible ? json_string(f->responsible) : json_null());
    json_object_set_new(o, "due", date_json(f->due));
    json_object_set_new(o, "days_left", f->due != QF_DATE_NONE ? json_integer(f->days_left) : json_null());
    /* format 2: the stable key, the cause, and the message as an id with arguments */
    json_object_set_new(o, "key", f->key ? json_string(f->key) : json_null());
    json_object_set_new(o, "cause", f->cause ? json_string(f->cause) : json_null());
    json_object_set_new(o, "same_as", f->same_as ? json_string(f->same_as) : json_null());
    json_object_set_new(o, "message_ref", qf__msg_json(f->message_msg));
    json_object_set(o, "subject_ref", json_null());
    json_object_set_new(json_object_get(o, "subject"), "ref", qf__msg_json(f->subject_msg));
    json_object_del(o, "subject_ref");
    json_object_set_new(o, "deadline", date_json(f->deadline));
    json_object_set_new(o, "remind", f->remind ? json_string(f->remind) : json_null());
    json_object_set_new(o, "clause_text", f->clause_text ? json_string(f->clause_text) : json_null());
    /* waivers: the waiver that explains the finding (or explained it, `expired`) */
    json_object_set_new(
        o, "waiver",
        f->waiver_id
            ? json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)f->waiver_id,
                        "reason", f->waiver_reason ? f->waiver_reason : "", "recorded_by",
                        f->waiver_recorded_by ? f->waiver_recorded_by : "", "approved_by",
                        f->waiver_approved_by ? f->waiver_approved_by : "", "from",
                        date_json(f->waiver_from), "to", date_json(f->waiver_until),
                        "expired", f->waiver_expired)
            : json_null());
    return o;
}

json_t *qf__summary_json(const qf_check_summary *s);
json_t *qf__summary_json(const qf_check_summary *s)
{
    json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "pass", s->pass, "fail",
                          s->fail, "warn", s->warn, "open", s->open, "na", s->na, "error",
                          s->error, "clauses", s->clauses, "causes", s->causes);
    json_object_set_new(o, "waived", json_integer(s->waived));
    json_object_set_new(o, "score", s->scored ? json_real((double)((int)(s->score * 10 + 0.5)) / 10)
                                              : json_null());
    return o;
}

/* ---- JSON, written piece by piece so a streamed run writes the same bytes ------------------ */

/* Writes `v` as jansson's JSON_INDENT(2) would inside an object nested `depth` levels deep:
 * the text re-indented in one buffer and written with one call (a character at a time through
 * stdio cost more than judging the findings). */
static int write_nested(FILE *out, json_t *v, int depth)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
    if (!text)
        return qf__oom();
    size_t len = 0, lines = 0;
    for (const char *p = text; *p; p++, len++)
        lines += *p == '\n'; /* strings escape their newlines: every one here is layout */
    size_t pad = 2 * (size_t)depth;
    char *buf = malloc(len + lines * pad + 1);
    if (!buf) {
        free(text);
        return qf__oom();
    }
    char *w = buf;
    for (const char *p = text; *p; p++) {
        *w++ = *p;
        if (*p == '\n') {
            memset(w, ' ', pad);
            w += pad;
        }
    }
    fwrite(buf, 1, (size_t)(w - buf), out);
    free(buf);
    free(text);
    return QF_OK;
}

int qf__json_head(FILE *out, const char *period, qf_date today, const char *org)
{
    fputs("{\n  \"qufa_check\": 2,\n  \"period\": ", out); /* the format's version */
    write_nested(out, json_string(period ? period : ""), 1);
    fputs(",\n  \"today\": ", out);
    write_nested(out, date_json(today), 1);
    fputs(",\n  \"org\": ", out);
    write_nested(out, org ? json_string(org) : json_null(), 1);
    fputs(",\n  \"findings\": [", out);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

/* JSON and CSV findings are gathered into one buffer and written in pieces of about this
 * size: a write of 64 KiB is one system call where stdio's own buffer (4 KiB on a pipe or
 * /dev/null) made sixteen, a tenth of `check --format json`'s time (issue 17). */
#define OUTPUT_CHUNK (64 * 1024)

/* Writes what `b` holds once it is a piece, or whatever it holds at the end (`last`). */
static void write_piece(FILE *out, qf_buf *b, bool last)
{
    if (b->len && (last || b->len >= OUTPUT_CHUNK)) {
        fwrite(b->s, 1, b->len, out);
        qf__buf_clear(b);
    }
}

int qf__json_findings(FILE *out, const qf_check_result *r, size_t *written)
{
    /* room for a piece and the finding that ends it (about 2 KB; a larger one grows it) */
    qf_buf b = {NULL, 0, r->n ? OUTPUT_CHUNK + 16 * 1024 : 0};
    if (b.cap && !(b.s = malloc(b.cap)))
        return qf__oom();
    int rc = QF_OK;
    for (size_t i = 0; i < r->n && !rc; i++) {
        rc = qf__finding_json_append(&b, *written ? ",\n    " : "\n    ", &r->findings[i], 2);
        if (!rc)
            ++*written;
        write_piece(out, &b, rc || i + 1 == r->n);
    }
    qf__buf_free(&b);
    if (rc)
        return rc;
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

/* The fingerprint and the summary come after the findings: a streamed run knows them last. */
int qf__json_tail(FILE *out, size_t written, const char *fingerprint, const qf_check_summary *s)
{
    fputs(written ? "\n  ],\n  \"fingerprint\": " : "],\n  \"fingerprint\": ", out);
    write_nested(out, json_string(fingerprint ? fingerprint : ""), 1);
    fputs(",\n  \"summary\": ", out);
    int rc = write_nested(out, qf__summary_json(s), 1);
    fputs("\n}", out);
    if (rc)
        return rc;
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

static int write_json(const qf_check_result *r, FILE *out)
{
    qf_check_summary s;
    qf_check_summarize(r, &s);
    size_t written = 0;
    int rc = qf__json_head(out, r->period, r->today, r->org);
    if (!rc)
        rc = qf__json_findings(out, r, &written);
    if (!rc)
        rc = qf__json_tail(out, written, qf_check_fingerprint(r), &s);
    return rc;
}

int qf_check_json(char **out, const qf_check_result *r)
{
    *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    if (!f)
        return qf__oom();
    int rc = write_json(r, f);
    if (fclose(f) != 0 && !rc)
        rc = qf__oom();
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

int qf_check_write_json(const qf_check_result *r, FILE *out)
{
    int rc = write_json(r, out);
    fputc('\n', out);
    return rc ? rc : ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

/* The ids separated by spaces, cut to `size` as snprintf cuts (the cell's text before). */
static void ids_text(char *buf, size_t size, const int64_t *ids, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n && len + 1 < size; i++) {
        char d[24], *end = d + sizeof d, *p = qf__put_decimal(end, ids[i]);
        if (i)
            *--p = ' ';
        size_t k = (size_t)(end - p);
        if (k > size - 1 - len)
            k = size - 1 - len;
        memcpy(buf + len, p, k);
        len += k;
    }
    buf[len] = '\0';
}

/* `v` in decimal into `buf` (at least 24 bytes) */
static const char *decimal(char *buf, int64_t v)
{
    char d[24], *end = d + sizeof d, *p = qf__put_decimal(end, v);
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    return buf;
}

int qf__csv_head(FILE *out)
{
    static const char *const head[] = {"standard", "clause",  "requirement", "kind",
                                       "status",   "org",     "period",      "subject_type",
                                       "subject_id", "subject", "message",   "responsible",
                                       "due",      "days_left", "activities", "artifacts", "waiver"};
    size_t nh = sizeof head / sizeof head[0];
    for (size_t i = 0; i < nh; i++)
        qf_csv_write_field(out, head[i], i + 1 == nh);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

int qf__csv_rows(FILE *out, const qf_check_result *r)
{
    qf_buf b = {NULL, 0, 0}; /* the rows, written out in pieces */
    int rc = QF_OK;
    for (size_t i = 0; i < r->n && !rc; i++) {
        const qf_finding *f = &r->findings[i];
        char req[24], sid[24] = "", due[11] = "", left[24] = "", acts[400], arts[400];
        char wid[24] = "";
        if (f->waiver_id)
            decimal(wid, f->waiver_id);
        decimal(req, f->requirement);
        if (f->subject_id)
            decimal(sid, f->subject_id);
        if (f->due != QF_DATE_NONE) {
            qf_date_format(f->due, due);
            decimal(left, f->days_left);
        }
        ids_text(acts, sizeof acts, f->activities, f->n_activities);
        ids_text(arts, sizeof arts, f->artifacts, f->n_artifacts);
        const char *row[] = {f->standard, f->clause, req, f->kind, qf_finding_status_name(f->status),
                             f->org, f->period, f->subject_type, sid, f->subject, f->message,
                             f->responsible, due, left, acts, arts, wid};
        size_t nh = sizeof row / sizeof row[0];
        for (size_t k = 0; k < nh && !rc; k++) {
            rc = qf__csv_cell_append(&b, row[k] ? row[k] : "", k + 1 == nh);
            if (rc == QF_EINVALID) { /* not UTF-8 (emitting cleans a message: not expected) */
                char clean[2048];
                qf__text_clean(row[k], clean, sizeof clean);
                rc = qf__csv_cell_append(&b, clean, k + 1 == nh);
            }
        }
        write_piece(out, &b, rc || i + 1 == r->n);
    }
    qf__buf_free(&b);
    if (rc)
        return rc;
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

int qf_check_write_csv(const qf_check_result *r, FILE *out)
{
    int rc = qf__csv_head(out);
    return rc ? rc : qf__csv_rows(out, r);
}

/* ---- text -------------------------------------------------------------------------------- */

static const char *mark(qf_finding_status s)
{
    static const char *const marks[] = {"✓", "✗", "!", "…", "-", "?", "~"};
    return marks[s];
}

static const char *color(qf_finding_status s)
{
    static const char *const colors[] = {"\033[32m", "\033[31m", "\033[33m", "\033[36m",
                                         "\033[90m", "\033[35m", "\033[34m"};
    return colors[s];
}

void qf__text_head(FILE *out, const char *period, qf_date today)
{
    char day[11];
    qf_date_format(today, day);
    fprintf(out, _("Compliance check %s (as of %s)\n"), period ? period : "", day);
}

/* The findings grouped by org and standard; passing ones counted at the end of each standard.
 * A result ends every group it opens, so results written one after the other (the branches of
 * a stream) read as one. */
int qf__text_findings(FILE *out, const qf_check_result *r, const qf_text_options *o)
{
    const char *reset = o->color ? "\033[0m" : "";
    const char *bold = o->color ? "\033[1m" : "";
    const char *org = NULL, *std = NULL;
    int passed_in_std = 0;
    for (size_t i = 0; i <= r->n; i++) {
        const qf_finding *f = i < r->n ? &r->findings[i] : NULL;
        bool new_org = f && (!org || strcmp(org, f->org ? f->org : "") != 0);
        bool new_std = f && (new_org || !std || strcmp(std, f->standard) != 0);
        if ((new_std || !f) && std && passed_in_std && !o->show_pass)
            fprintf(out, _("    %s%d passed%s\n"), o->color ? "\033[32m" : "", passed_in_std,
                    reset);
        if (!f)
            break;
        if (new_org) {
            org = f->org ? f->org : "";
            fprintf(out, "\n%s== %s ==%s\n", bold, org, reset);
        }
        if (new_std) {
            std = f->standard;
            passed_in_std = 0;
            fprintf(out, "\n%s%s %s%s\n", bold, f->standard,
                    f->standard_title ? f->standard_title : "", reset);
        }
        if (f->status == QF_FINDING_PASS && !o->show_pass) {
            passed_in_std++;
            continue;
        }
        /* period and org messages name their subject; activity messages do not */
        bool activity = (f->subject_type && strcmp(f->subject_type, "activity") == 0) ||
                        (f->kind && strcmp(f->kind, "check") == 0);
        fprintf(out, "  %s%s%s %-6s %s%s%s", o->color ? color(f->status) : "", mark(f->status),
                reset, f->clause, activity && f->subject ? f->subject : "",
                activity ? _(": ") : "", f->message ? f->message : "");
        if (f->responsible)
            fprintf(out, _(" [%s]"), f->responsible_label ? f->responsible_label : f->responsible);
        if (f->same_as) {
            /* "GY1-BYT/3.1#1@…": the other finding's standard and clause */
            char ref[200];
            qf__fmt(ref, sizeof ref, "%s", f->same_as);
            char *at = strchr(ref, '#');
            if (at)
                *at = '\0';
            char *slash = strchr(ref, '/');
            if (slash)
                *slash = ' ';
            fprintf(out, _(" (the same lapse as %s)"), ref);
        }
        fputc('\n', out);
    }
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

int qf__text_summary(FILE *out, const qf_check_summary *s)
{
    char rate[32];
    if (s->scored)
        qf__fmt(rate, sizeof rate, "%.1f%%", s->score);
    else
        qf__fmt(rate, sizeof rate, "%s", "—");
    fprintf(out,
            _("\nSummary: %d clauses; %d passed, %d failed, %d warnings (%d distinct lapse(s)), "
              "%d open, %d n/a, %d errors; compliance %s\n"),
            s->clauses, s->pass, s->fail, s->warn, s->causes, s->open, s->na, s->error, rate);
    if (s->waived)
        fprintf(out, _("Waived: %d finding(s) a waiver explains (not counted as failures)\n"),
                s->waived);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("cannot write the output")) : QF_OK;
}

int qf_check_write_text(const qf_check_result *r, FILE *out, const qf_text_options *o)
{
    qf_text_options def = QF_TEXT_OPTIONS_INIT;
    if (!o)
        o = &def;
    qf__text_head(out, r->period, r->today);
    int rc = qf__text_findings(out, r, o);
    if (rc)
        return rc;
    qf_check_summary s;
    qf_check_summarize(r, &s);
    return qf__text_summary(out, &s);
}
