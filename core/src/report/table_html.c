/*
 * HTML renderer: one self-contained file (inline CSS, inline SVG charts, no script, nothing
 * fetched) that a secretary can open, print or send on. Buffered, because charts over all
 * rows come before the tables. Printing repeats each table's header on every page
 * (thead as table-header-group) and keeps rows and charts whole; the totals row is the last
 * body row, not a tfoot, which browsers would repeat on every page too.
 */
#include <stdlib.h>
#include <string.h>
#include "table_internal.h"

static const char CSS[] =
    ":root{--ink:#1f2328;--muted:#57606a;--rule:#c8ced6;--head:#ddebf7;--accent:#c00000}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\","
    "\"PingFang SC\",\"WenQuanYi Micro Hei\",sans-serif;color:var(--ink);margin:24px auto;"
    "max-width:1100px;padding:0 16px;line-height:1.5}\n"
    "h1{font-size:22px;margin:0 0 4px;padding-bottom:6px;border-bottom:3px solid var(--accent)}\n"
    ".subtitle{color:var(--muted);margin:4px 0 16px}\n"
    "h2{font-size:17px;margin:28px 0 8px}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px}\n"
    "th,td{border:1px solid var(--rule);padding:4px 8px;vertical-align:top}\n"
    "thead th{background:var(--head);font-weight:bold;text-align:center}\n"
    "tbody tr:nth-child(even) td{background:#f6f8fa}\n"
    "td.r{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.c{text-align:center}\n"
    "tr.totals td{font-weight:bold;border-top:3px double var(--ink);background:#fff}\n"
    "td.empty{color:var(--muted);font-style:italic;text-align:center}\n"
    ".chart{margin:12px 0 20px;break-inside:avoid;page-break-inside:avoid}\n"
    ".chart svg{max-width:100%;height:auto;font-family:inherit}\n"
    ".chart .bg{fill:#fff}\n"
    ".chart .title{font-size:15px;font-weight:bold;fill:var(--ink)}\n"
    ".chart .legend,.chart .cat,.chart .tick{font-size:12px;fill:var(--muted)}\n"
    ".chart .val{font-size:11px;fill:var(--ink)}\n"
    ".chart .nodata{font-size:14px;fill:var(--muted)}\n"
    ".chart .grid{stroke:#e5e8eb;stroke-width:1}\n"
    ".chart .axis{stroke:var(--ink);stroke-width:1}\n"
    ".chart .line{fill:none;stroke-width:2.5}\n"
    ".notes{color:var(--muted);white-space:pre-line;margin-top:16px;font-size:13px}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{\n"
    "body{margin:0;max-width:none;padding:0;font-size:12px}\n"
    "table{font-size:12px}\n"
    "thead{display:table-header-group}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "h1,h2{break-after:avoid;page-break-after:avoid}\n"
    "thead th,tr.totals td,.chart{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "tbody tr:nth-child(even) td{background:none}\n"
    "}\n";

void qf__html_escape(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            putc(*s, out);
        }
    }
}

/* Escaped cell text with its line breaks kept. */
static void put_multiline(FILE *out, const char *s)
{
    char one[2] = {0, 0};
    for (; *s; s++) {
        if (*s == '\r' && s[1] == '\n')
            continue;
        if (*s == '\n' || *s == '\r') {
            fputs("<br>", out);
            continue;
        }
        one[0] = *s;
        qf__html_escape(out, one);
    }
}

static const char *align_class(qf_align a)
{
    return a == QF_ALIGN_RIGHT ? " class=\"r\"" : a == QF_ALIGN_CENTER ? " class=\"c\"" : "";
}

static void put_row(const qf_table *t, FILE *out, const qf_cell *cells, const char *tr_class)
{
    fprintf(out, "<tr%s>", tr_class);
    for (size_t i = 0; i < t->ncols; i++) {
        char buf[64];
        fprintf(out, "<td%s>", align_class(t->cols[i].align));
        put_multiline(out, qf__cell_str(&t->cols[i], &cells[i], buf));
        fputs("</td>", out);
    }
    fputs("</tr>\n", out);
}

static int put_table(const qf_table *t, FILE *out, const qf__section *s)
{
    fputs("<table>\n<thead><tr>", out);
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].width)
            /* 1ch is about one narrow character; a CJK character is 2 display columns */
            fprintf(out, "<th style=\"min-width:%dch\">", t->cols[i].width);
        else
            fputs("<th>", out);
        qf__html_escape(out, t->cols[i].title);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int64_t r = 0; r < s->nrows; r++)
        put_row(t, out, s->rows[r], "");
    if (!s->nrows) {
        fprintf(out, "<tr><td class=\"empty\" colspan=\"%zu\">", t->ncols);
        qf__html_escape(out, _("No rows"));
        fputs("</td></tr>\n", out);
    }
    if (qf__table_has_totals(t)) {
        qf_cell *totals = calloc(t->ncols, sizeof *totals);
        if (!totals)
            return qf__oom();
        qf__table_totals(t, s, totals);
        put_row(t, out, totals, " class=\"totals\"");
        free(totals);
    }
    fputs("</tbody>\n</table>\n", out);
    return QF_OK;
}

/* Charts over every row of the table (not per section): the rows of all sections in order. */
static int overall_charts(const qf_table *t, FILE *out)
{
    size_t total = 0, have = 0;
    for (size_t c = 0; c < t->ncharts; c++)
        have += !t->charts[c].per_section;
    if (!have)
        return QF_OK;
    /* the rows of the sections with the table's columns (others have their own charts) */
    for (const qf__section *s = t->first; s; s = s->next)
        total += s->own ? 0 : (size_t)s->nrows;
    qf_cell **rows = malloc((total ? total : 1) * sizeof *rows);
    if (!rows)
        return qf__oom();
    size_t k = 0;
    for (const qf__section *s = t->first; s; s = s->next)
        for (int64_t r = 0; !s->own && r < s->nrows; r++)
            rows[k++] = s->rows[r];
    int rc = QF_OK;
    for (size_t c = 0; !rc && c < t->ncharts; c++)
        if (!t->charts[c].per_section)
            rc = qf__svg_chart(out, t, &t->charts[c], rows, total);
    free(rows);
    return rc;
}

static int finish(qf_table *t)
{
    FILE *out = t->out;
    qf__table_use(t, NULL);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            strcmp(qf_language(), "zh") == 0 ? "zh-CN" : "en");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
    qf__html_escape(out, t->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", CSS);
    qf__html_escape(out, t->title);
    fputs("</h1>\n", out);
    if (t->subtitle) {
        fputs("<p class=\"subtitle\">", out);
        qf__html_escape(out, t->subtitle);
        fputs("</p>\n", out);
    }
    fputs("</header>\n", out);
    int rc = overall_charts(t, out);
    for (const qf__section *s = t->first; !rc && s; s = s->next) {
        qf__table_use(t, s);
        fputs("<section>\n", out);
        if (s->title) {
            fputs("<h2>", out);
            qf__html_escape(out, s->title);
            fputs("</h2>\n", out);
        }
        rc = put_table(t, out, s);
        for (size_t c = 0; !rc && c < t->ncharts; c++)
            if (t->charts[c].per_section)
                rc = qf__svg_chart(out, t, &t->charts[c], s->rows, (size_t)s->nrows);
        fputs("</section>\n", out);
    }
    qf__table_use(t, NULL);
    if (rc)
        return rc;
    if (t->notes) {
        fputs("<footer class=\"notes\">", out);
        qf__html_escape(out, t->notes);
        fputs("</footer>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    return qf__table_io_check(t);
}

const qf__renderer qf__render_html = {true, NULL, NULL, NULL, NULL, finish, NULL};
