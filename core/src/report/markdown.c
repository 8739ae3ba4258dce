/*
 * Markdown to printable HTML for documents (see qufa/markdown.h for the subset): the sink of
 * markdown_parse.c that writes HTML, every character of the text escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "markdown_internal.h"
#include "qufa/markdown.h"

typedef struct buf {
    char *p;
    size_t len, cap;
    bool oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_escaped(buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ent;
        switch (s[i]) {
        case '&':
            ent = "&amp;";
            break;
        case '<':
            ent = "&lt;";
            break;
        case '>':
            ent = "&gt;";
            break;
        case '"':
            ent = "&quot;";
            break;
        case '\'':
            ent = "&#39;";
            break;
        case '\r':
            ent = "";
            break;
        default:
            continue;
        }
        put(b, s + run, i - run);
        puts_(b, ent);
        run = i + 1;
    }
    put(b, s + run, n - run);
}

/* ---- the HTML sink ------------------------------------------------------------------------- */

typedef struct html {
    buf *b;
    const char *title; /* the raw text of the first heading */
    size_t title_len;
    bool have_title;
} html;

static void h_heading_begin(void *ctx, int level, const char *raw, size_t raw_len)
{
    html *h = ctx;
    char tag[16];
    snprintf(tag, sizeof tag, "<h%d>", level);
    puts_(h->b, tag);
    if (!h->have_title) {
        h->title = raw;
        h->title_len = raw_len;
        h->have_title = true;
    }
}

static void h_heading_end(void *ctx, int level)
{
    html *h = ctx;
    char tag[16];
    snprintf(tag, sizeof tag, "</h%d>\n", level);
    puts_(h->b, tag);
}

static void h_para_begin(void *ctx)
{
    puts_(((html *)ctx)->b, "<p>");
}

static void h_para_end(void *ctx)
{
    puts_(((html *)ctx)->b, "</p>\n");
}

static void h_line_break(void *ctx)
{
    puts_(((html *)ctx)->b, "<br>\n");
}

static void h_list_begin(void *ctx, bool ordered, long start)
{
    html *h = ctx;
    if (ordered && start != 1) {
        char tag[40];
        snprintf(tag, sizeof tag, "<ol start=\"%ld\">\n", start);
        puts_(h->b, tag);
    } else {
        puts_(h->b, ordered ? "<ol>\n" : "<ul>\n");
    }
}

static void h_list_end(void *ctx, bool ordered)
{
    puts_(((html *)ctx)->b, ordered ? "</ol>\n" : "</ul>\n");
}

static void h_item_begin(void *ctx, bool ordered, long number)
{
    (void)ordered;
    (void)number;
    puts_(((html *)ctx)->b, "<li>");
}

static void h_item_end(void *ctx)
{
    puts_(((html *)ctx)->b, "</li>\n");
}

static void h_quote_begin(void *ctx)
{
    puts_(((html *)ctx)->b, "<blockquote><p>");
}

static void h_quote_end(void *ctx)
{
    puts_(((html *)ctx)->b, "</p></blockquote>\n");
}

static void h_table_begin(void *ctx, size_t ncols, const char *align)
{
    (void)ncols;
    (void)align;
    puts_(((html *)ctx)->b, "<table>\n<thead>");
}

static void h_table_end(void *ctx)
{
    puts_(((html *)ctx)->b, "</tbody>\n</table>\n");
}

static void h_row_begin(void *ctx, bool header)
{
    (void)header;
    puts_(((html *)ctx)->b, "<tr>");
}

static void h_row_end(void *ctx, bool header)
{
    html *h = ctx;
    puts_(h->b, "</tr>\n");
    if (header)
        puts_(h->b, "</thead>\n<tbody>\n");
}

static void h_cell_begin(void *ctx, bool header, char align)
{
    html *h = ctx;
    puts_(h->b, header ? "<th" : "<td");
    if (align)
        puts_(h->b, align == 'c' ? " class=\"c\"" : align == 'r' ? " class=\"r\"" : " class=\"l\"");
    puts_(h->b, ">");
}

static void h_cell_end(void *ctx, bool header)
{
    puts_(((html *)ctx)->b, header ? "</th>" : "</td>");
}

static void h_rule(void *ctx)
{
    puts_(((html *)ctx)->b, "<hr>\n");
}

static void h_div_begin(void *ctx, const char *name, size_t len)
{
    html *h = ctx;
    puts_(h->b, "<div class=\"");
    put(h->b, name, len);
    puts_(h->b, "\">\n");
}

static void h_div_end(void *ctx)
{
    puts_(((html *)ctx)->b, "</div>\n");
}

static void h_text(void *ctx, const char *s, size_t n)
{
    put_escaped(((html *)ctx)->b, s, n);
}

static const char *span_tag(qf__md_span span)
{
    return span == QF__MD_STRONG ? "strong" : span == QF__MD_EM ? "em" : "code";
}

static void h_span_begin(void *ctx, qf__md_span span)
{
    html *h = ctx;
    puts_(h->b, "<");
    puts_(h->b, span_tag(span));
    puts_(h->b, ">");
}

static void h_span_end(void *ctx, qf__md_span span)
{
    html *h = ctx;
    puts_(h->b, "</");
    puts_(h->b, span_tag(span));
    puts_(h->b, ">");
}

/* ---- the page ---------------------------------------------------------------------------- */

/* A4 in the layout of GB/T 9704 (党政机关公文格式): margins 37/26/35/28 mm, the title in a
 * song-style face, the text in 仿宋 at 16pt (三号) with 28pt lines, headings indented two
 * characters like the text. */
static const char CSS[] =
    "@page{size:A4;margin:37mm 26mm 35mm 28mm}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#e8e8e8}\n"
    "body{margin:0;color:#000;font-family:FangSong,\"仿宋\",\"FangSong_GB2312\",STFangsong,"
    "\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif;font-size:16pt;line-height:28pt}\n"
    ".page{background:#fff;width:210mm;min-height:297mm;margin:12px auto;"
    "padding:37mm 26mm 35mm 28mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}\n"
    "h1{font-family:\"方正小标宋简体\",\"FZXiaoBiaoSong-B05S\",STZhongsong,\"华文中宋\","
    "\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif;font-size:22pt;line-height:1.5;"
    "font-weight:normal;text-align:center;margin:0 0 28pt}\n"
    "h2{font-family:SimHei,\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt;"
    "font-weight:normal;margin:0;text-indent:2em}\n"
    "h3,h4,h5,h6{font-family:KaiTi,\"楷体\",STKaiti,serif;font-size:16pt;font-weight:normal;"
    "margin:0;text-indent:2em}\n"
    "p{margin:0}\n"
    "ul,ol{margin:0;padding-left:2em}\n"
    "blockquote{margin:0 2em;color:#333}\n"
    "hr{border:0;border-top:1px solid #000;margin:14pt 0}\n"
    "code{font-family:monospace;font-size:90%}\n"
    "table{border-collapse:collapse;width:100%;margin:8pt 0;font-size:12pt;line-height:1.6}\n"
    "th,td{border:1px solid #000;padding:4pt 6pt;vertical-align:middle}\n"
    "th{font-weight:bold;text-align:center}\n"
    ".c{text-align:center}.r{text-align:right}.l{text-align:left}\n"
    "td{height:24pt}\n"
    ".right{text-align:right;margin-top:28pt}\n"
    ".center{text-align:center}\n"
    ".small{font-size:12pt;line-height:20pt}\n"
    ".page-break{break-before:page;page-break-before:always}\n"
    "@media print{html{background:none}.page{width:auto;min-height:0;margin:0;padding:0;"
    "box-shadow:none}tr{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}}\n";

/* Heading text for the <title>: escapes taken literally, emphasis marks dropped. */
static void put_plain(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && qf__md_punct(s[i + 1]))
            i++;
        else if (s[i] == '*' || s[i] == '`')
            continue;
        put_escaped(b, s + i, 1);
    }
}

static bool css_safe(const char *css)
{
    for (const char *p = css; (p = strchr(p, '<')) != NULL; p++)
        if (p[1] == '/' || p[1] == '!')
            return false;
    return true;
}

static void page(buf *out, const html *d, const buf *body, const qf_markdown_options *o)
{
    puts_(out, "<!DOCTYPE html>\n<html lang=\"");
    puts_(out, strcmp(qf_language(), "zh") == 0 ? "zh-CN" : "en");
    puts_(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>");
    if (o && o->title)
        put_escaped(out, o->title, strlen(o->title));
    else if (d->have_title)
        put_plain(out, d->title, d->title_len);
    puts_(out, "</title>\n<style>\n");
    puts_(out, CSS);
    if (o && o->css) {
        puts_(out, o->css);
        puts_(out, "\n");
    }
    puts_(out, "</style>\n</head>\n<body>\n<main class=\"page\">\n");
    put(out, body->p ? body->p : "", body->len);
    puts_(out, "</main>\n</body>\n</html>\n");
}

int qf_markdown_html(char **out, size_t *out_len, const char *md, size_t len,
                     const qf_markdown_options *o)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (o && o->version != QF_MARKDOWN_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("markdown options: use QF_MARKDOWN_OPTIONS_INIT to initialise them"));
    int rc = qf__markdown_check(md, len);
    if (rc)
        return rc;
    if (o && o->css && !css_safe(o->css))
        return qf__err(QF_EINVALID, "%s",
                       _("css: must not contain '</' or '<!' (it would end the style element)"));
    if (o && o->title && qf__check_text("title", o->title, false, 400))
        return qf_error_last_code();
    buf body = {0};
    html h = {.b = &body};
    const qf__md_sink sink = {
        .ctx = &h,
        .heading_begin = h_heading_begin,
        .heading_end = h_heading_end,
        .para_begin = h_para_begin,
        .para_end = h_para_end,
        .line_break = h_line_break,
        .list_begin = h_list_begin,
        .list_end = h_list_end,
        .item_begin = h_item_begin,
        .item_end = h_item_end,
        .quote_begin = h_quote_begin,
        .quote_end = h_quote_end,
        .table_begin = h_table_begin,
        .table_end = h_table_end,
        .row_begin = h_row_begin,
        .row_end = h_row_end,
        .cell_begin = h_cell_begin,
        .cell_end = h_cell_end,
        .rule = h_rule,
        .div_begin = h_div_begin,
        .div_end = h_div_end,
        .text = h_text,
        .span_begin = h_span_begin,
        .span_end = h_span_end,
    };
    rc = qf__markdown_walk(md, len, &sink);
    buf result = {0};
    if (!rc) {
        if (o && o->fragment)
            put(&result, body.p ? body.p : "", body.len);
        else
            page(&result, &h, &body, o);
    }
    bool oom = body.oom || result.oom;
    free(body.p);
    if (rc || oom || !result.p) {
        free(result.p);
        return rc ? rc : qf__oom();
    }
    *out = result.p;
    if (out_len)
        *out_len = result.len;
    return QF_OK;
}
