/*
 * The Markdown of a document as the structure a .docx skeleton renders (docx.c): a list of
 * blocks, each a paragraph with a Word style and runs of text, a table with column widths and
 * cells, or a page break. The skeleton's word/document.xml turns them into WordprocessingML
 * with the template engine, so a branch can change what each block becomes; the styles named
 * here are defined in its word/styles.xml.
 *
 * Why a structure rather than WordprocessingML written here: the template engine never prints
 * a value unescaped, so the XML of the body has to come from the skeleton itself, and a
 * skeleton that owns every tag can be corrected or restyled without touching C.
 *
 *     {"title": "关于召开支部党员大会的通知", "ends_with_table": false,
 *      "blocks": [{"p": {"style": "Title", "marker": "", "page_break_before": false,
 *                        "runs": [RUN…]}, "table": false, "page_break": false},
 *                 {"p": false, "table": {"cols": [{"width": 1474}, …],
 *                                        "rows": [{"header": true, "cells": [CELL…]}, …]},
 *                  "page_break": false},
 *                 {"p": false, "table": false, "page_break": true}]}
 *     RUN  = {"text": "…", "bold": false, "italic": false, "code": false, "br": false}
 *     CELL = {"style": "TableHeading", "align": "center", "width": 1474, "runs": [RUN…]}
 *
 * Every key is present in every object (false or "" when it does not apply): a template name
 * is looked up outwards through the enclosing contexts when the innermost one lacks it, and a
 * run must never pick up "bold" from somewhere else.
 *
 * Paragraph styles: Title (# …), Heading1–Heading3 (## … and deeper), Normal, Closing
 * (::: right, the signature and date), Centered (::: center), Small (::: small), any other
 * class name as it is (a branch may add that style to its skeleton), Quote (> …), ListItem
 * (its marker "1." or "•" apart from the runs), Rule (---). Each line of a paragraph is a
 * paragraph of its own, as a typist enters a Chinese document line by line; a list item's
 * continuation line is a run with "br". `::: page-break` sets "page_break_before" on the next
 * paragraph, or is a block of its own before a table. Table cells: TableHeading (the header row) and
 * TableText, aligned as the |:---:| line says (the header centred unless told otherwise).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "markdown_internal.h"
#include "qufa/markdown.h"

/* The GB/T 9704 text block: A4 (210 mm) less margins of 28 and 26 mm = 156 mm, in twips
 * (1/1440 inch). Column widths share it out; a skeleton with other margins still gets a table
 * as wide as its text, because the skeleton sets the table's width to 100 %. */
#define TEXT_WIDTH_TWIPS 8845
#define MIN_WEIGHT 4    /* columns: the least share, in display columns of text */
#define MAX_WEIGHT 40   /* longer text wraps rather than squeezing the other columns */
#define BLANK_WEIGHT 12 /* a column left empty in every row is for handwriting (签到) */

typedef struct bsink {
    json_t *root, *blocks;
    json_t *runs;      /* of the paragraph or cell being filled; NULL outside */
    const char *style; /* of the paragraph being filled, for its next line */
    bool oom;
    int bold, italic, code;
    bool pending_br; /* the next run starts on a new line (a list item's continuation) */
    bool page_break; /* ::: page-break: the next paragraph starts a page */
    const char *divs[QF__MD_MAX_DIVS]; /* each div's paragraph style; NULL: none */
    char custom[QF__MD_MAX_DIVS][40];  /* a class of the branch's own, as its style name */
    int ndivs;
    bool in_quote, in_item;
    int heading;            /* level of the heading being filled, 0 outside */
    bool have_title;
    /* the table being filled */
    json_t *table, *rows, *cells;
    size_t ncols, col;
    size_t weight[QF__MD_MAX_COLS];
    bool filled[QF__MD_MAX_COLS]; /* some body cell of the column has text */
    bool body_rows;
} bsink;

static json_t *keep(bsink *b, json_t *v)
{
    if (!v)
        b->oom = true;
    return v;
}

static void set(bsink *b, json_t *obj, const char *key, json_t *v)
{
    if (!v || !obj || json_object_set_new(obj, key, v) != 0)
        b->oom = true;
}

static void append(bsink *b, json_t *arr, json_t *v)
{
    if (!v || !arr || json_array_append_new(arr, v) != 0)
        b->oom = true;
}

/* The style of a div's paragraphs: a known class's, else the class name itself (kept in buf). */
static const char *div_style(const char *name, size_t len, char *buf, size_t size)
{
    static const struct {
        const char *cls, *style;
    } known[] = {{"right", "Closing"}, {"center", "Centered"}, {"small", "Small"}};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strlen(known[i].cls) == len && memcmp(known[i].cls, name, len) == 0)
            return known[i].style;
    snprintf(buf, size, "%.*s", (int)len, name);
    return buf;
}

/* The style of a plain paragraph here: the innermost div's, else Normal. */
static const char *para_style(const bsink *b)
{
    for (int i = b->ndivs - 1; i >= 0; i--)
        if (b->divs[i])
            return b->divs[i];
    return "Normal";
}

static json_t *block(bsink *b, json_t *p, json_t *table, bool page_break)
{
    json_t *blk = keep(b, json_object());
    set(b, blk, "p", p ? p : json_false());
    set(b, blk, "table", table ? table : json_false());
    set(b, blk, "page_break", json_boolean(page_break));
    append(b, b->blocks, blk);
    return blk;
}

/* A new paragraph block of `style`; its runs receive the text that follows. */
static void open_para(bsink *b, const char *style, const char *marker)
{
    json_t *p = keep(b, json_object());
    b->runs = keep(b, json_array());
    set(b, p, "style", json_string(style));
    set(b, p, "marker", json_string(marker));
    set(b, p, "page_break_before", json_boolean(b->page_break));
    set(b, p, "runs", json_incref(b->runs));
    block(b, p, NULL, false);
    b->page_break = false;
    b->style = style;
    b->pending_br = false;
}

static void close_para(bsink *b)
{
    json_decref(b->runs);
    b->runs = NULL;
}

static void s_heading_begin(void *ctx, int level, const char *raw, size_t raw_len)
{
    (void)raw;
    (void)raw_len;
    bsink *b = ctx;
    static const char *const styles[] = {"Title", "Heading1", "Heading2", "Heading3"};
    open_para(b, styles[level > 4 ? 3 : level - 1], "");
    b->heading = level;
}

/* The first heading's text, for the document's title (docProps/core.xml). */
static void s_heading_end(void *ctx, int level)
{
    (void)level;
    bsink *b = ctx;
    if (!b->have_title && b->runs) {
        size_t total = 0, i;
        json_t *r;
        json_array_foreach(b->runs, i, r) total += json_string_length(json_object_get(r, "text"));
        char *t = malloc(total + 1);
        if (!t) {
            b->oom = true;
        } else {
            size_t at = 0;
            json_array_foreach(b->runs, i, r)
            {
                json_t *x = json_object_get(r, "text");
                memcpy(t + at, json_string_value(x), json_string_length(x));
                at += json_string_length(x);
            }
            t[at] = '\0';
            set(b, b->root, "title", json_stringn(t, at));
            free(t);
        }
        b->have_title = true;
    }
    b->heading = 0;
    close_para(b);
}

static void s_para_begin(void *ctx)
{
    bsink *b = ctx;
    open_para(b, para_style(b), "");
}

static void s_para_end(void *ctx)
{
    close_para(ctx);
}

static void s_line_break(void *ctx)
{
    bsink *b = ctx;
    if (b->in_item) {
        b->pending_br = true;
        return;
    }
    const char *style = b->style;
    close_para(b);
    open_para(b, style, "");
}

static void s_list_begin(void *ctx, bool ordered, long start)
{
    (void)ctx;
    (void)ordered;
    (void)start;
}

static void s_list_end(void *ctx, bool ordered)
{
    (void)ctx;
    (void)ordered;
}

static void s_item_begin(void *ctx, bool ordered, long number)
{
    bsink *b = ctx;
    char marker[32];
    if (ordered)
        snprintf(marker, sizeof marker, "%ld.", number);
    else
        snprintf(marker, sizeof marker, "\xe2\x80\xa2"); /* • */
    open_para(b, "ListItem", marker);
    b->in_item = true;
}

static void s_item_end(void *ctx)
{
    bsink *b = ctx;
    b->in_item = false;
    close_para(b);
}

static void s_quote_begin(void *ctx)
{
    bsink *b = ctx;
    b->in_quote = true;
    open_para(b, "Quote", "");
}

static void s_quote_end(void *ctx)
{
    bsink *b = ctx;
    b->in_quote = false;
    close_para(b);
}

static void s_table_begin(void *ctx, size_t ncols, const char *align)
{
    (void)align;
    bsink *b = ctx;
    if (b->page_break) /* a table cannot start a page by itself: a break before it */
        block(b, NULL, NULL, true);
    b->page_break = false;
    b->table = keep(b, json_object());
    b->rows = keep(b, json_array());
    set(b, b->table, "rows", json_incref(b->rows));
    block(b, NULL, b->table, false);
    b->ncols = ncols;
    b->body_rows = false;
    for (size_t c = 0; c < ncols; c++) {
        b->weight[c] = MIN_WEIGHT;
        b->filled[c] = false;
    }
}

/* Shares the text width out by each column's widest text, and gives every cell its width. */
static void s_table_end(void *ctx)
{
    bsink *b = ctx;
    size_t total = 0, width[QF__MD_MAX_COLS];
    for (size_t c = 0; c < b->ncols; c++) {
        if (b->body_rows && !b->filled[c] && b->weight[c] < BLANK_WEIGHT)
            b->weight[c] = BLANK_WEIGHT;
        total += b->weight[c];
    }
    json_t *cols = keep(b, json_array());
    size_t used = 0;
    for (size_t c = 0; c < b->ncols; c++) {
        width[c] = c + 1 == b->ncols ? TEXT_WIDTH_TWIPS - used
                                     : TEXT_WIDTH_TWIPS * b->weight[c] / (total ? total : 1);
        used += width[c];
        json_t *col = keep(b, json_object());
        set(b, col, "width", json_integer((json_int_t)width[c]));
        append(b, cols, col);
    }
    set(b, b->table, "cols", cols);
    size_t i, k;
    json_t *row, *cell;
    json_array_foreach(b->rows, i, row)
    {
        json_array_foreach(json_object_get(row, "cells"), k, cell)
            set(b, cell, "width", json_integer((json_int_t)(k < b->ncols ? width[k] : 0)));
    }
    json_decref(b->rows);
    b->rows = NULL;
    b->table = NULL;
}

static void s_row_begin(void *ctx, bool header)
{
    bsink *b = ctx;
    json_t *row = keep(b, json_object());
    b->cells = keep(b, json_array());
    set(b, row, "header", json_boolean(header));
    set(b, row, "cells", json_incref(b->cells));
    append(b, b->rows, row);
    b->col = 0;
    if (!header)
        b->body_rows = true;
}

static void s_row_end(void *ctx, bool header)
{
    (void)header;
    bsink *b = ctx;
    json_decref(b->cells);
    b->cells = NULL;
}

static void s_cell_begin(void *ctx, bool header, char align)
{
    bsink *b = ctx;
    json_t *cell = keep(b, json_object());
    b->runs = keep(b, json_array());
    const char *a = align == 'c' ? "center" : align == 'r' ? "right" : align == 'l' ? "left"
                                                                : header     ? "center"
                                                                             : "left";
    set(b, cell, "style", json_string(header ? "TableHeading" : "TableText"));
    set(b, cell, "align", json_string(a));
    set(b, cell, "runs", json_incref(b->runs));
    append(b, b->cells, cell);
    b->style = NULL;
    b->pending_br = false;
}

static void s_cell_end(void *ctx, bool header)
{
    bsink *b = ctx;
    if (b->col < b->ncols && b->runs) {
        size_t w = 0, i;
        json_t *r;
        json_array_foreach(b->runs, i, r) w += qf_display_width(json_string_value(json_object_get(r, "text")));
        if (w > MAX_WEIGHT)
            w = MAX_WEIGHT;
        if (w > b->weight[b->col])
            b->weight[b->col] = w;
        if (!header && w > 0)
            b->filled[b->col] = true;
    }
    b->col++;
    close_para(b);
}

static void s_rule(void *ctx)
{
    bsink *b = ctx;
    open_para(b, "Rule", "");
    close_para(b);
}

static void s_div_begin(void *ctx, const char *name, size_t len)
{
    bsink *b = ctx;
    if (b->ndivs == QF__MD_MAX_DIVS) /* the reader opens no more than that */
        return;
    if (len == 10 && memcmp(name, "page-break", 10) == 0) {
        /* the next paragraph carries it (a break of its own would leave an empty line at the
           top of the new page); a break at the very end is dropped */
        b->page_break = true;
        b->divs[b->ndivs++] = NULL;
        return;
    }
    b->divs[b->ndivs] = div_style(name, len, b->custom[b->ndivs], sizeof b->custom[0]);
    b->ndivs++;
}

static void s_div_end(void *ctx)
{
    bsink *b = ctx;
    if (b->ndivs > 0)
        b->ndivs--;
}

static void s_text(void *ctx, const char *s, size_t n)
{
    bsink *b = ctx;
    if (!b->runs || !n)
        return;
    bool bold = b->bold > 0, italic = b->italic > 0, code = b->code > 0;
    /* the same formatting as the run before: one run (escapes arrive a character at a time) */
    size_t last = json_array_size(b->runs);
    json_t *prev = last ? json_array_get(b->runs, last - 1) : NULL;
    if (prev && !b->pending_br && json_is_true(json_object_get(prev, "bold")) == bold &&
        json_is_true(json_object_get(prev, "italic")) == italic &&
        json_is_true(json_object_get(prev, "code")) == code) {
        json_t *t = json_object_get(prev, "text");
        size_t old = json_string_length(t);
        char *joined = malloc(old + n + 1);
        if (!joined) {
            b->oom = true;
            return;
        }
        memcpy(joined, json_string_value(t), old);
        size_t at = old;
        for (size_t i = 0; i < n; i++)
            if (s[i] != '\r')
                joined[at++] = s[i];
        if (json_string_setn_nocheck(t, joined, at) != 0)
            b->oom = true;
        free(joined);
        return;
    }
    char *clean = malloc(n + 1);
    if (!clean) {
        b->oom = true;
        return;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\r')
            clean[at++] = s[i];
    json_t *run = keep(b, json_object());
    set(b, run, "text", json_stringn_nocheck(clean, at));
    free(clean);
    set(b, run, "bold", json_boolean(bold));
    set(b, run, "italic", json_boolean(italic));
    set(b, run, "code", json_boolean(code));
    set(b, run, "br", json_boolean(b->pending_br));
    b->pending_br = false;
    append(b, b->runs, run);
}

static int *span_count(bsink *b, qf__md_span span)
{
    return span == QF__MD_STRONG ? &b->bold : span == QF__MD_EM ? &b->italic : &b->code;
}

static void s_span_begin(void *ctx, qf__md_span span)
{
    (*span_count(ctx, span))++;
}

static void s_span_end(void *ctx, qf__md_span span)
{
    (*span_count(ctx, span))--;
}

int qf__markdown_blocks(json_t **out, const char *md, size_t len)
{
    *out = NULL;
    int rc = qf__markdown_check(md, len);
    if (rc)
        return rc;
    bsink b = {0};
    b.root = json_object();
    b.blocks = json_array();
    if (!b.root || !b.blocks) {
        json_decref(b.root);
        json_decref(b.blocks);
        return qf__oom();
    }
    set(&b, b.root, "title", json_string(""));
    set(&b, b.root, "blocks", json_incref(b.blocks));
    const qf__md_sink sink = {
        .ctx = &b,
        .heading_begin = s_heading_begin,
        .heading_end = s_heading_end,
        .para_begin = s_para_begin,
        .para_end = s_para_end,
        .line_break = s_line_break,
        .list_begin = s_list_begin,
        .list_end = s_list_end,
        .item_begin = s_item_begin,
        .item_end = s_item_end,
        .quote_begin = s_quote_begin,
        .quote_end = s_quote_end,
        .table_begin = s_table_begin,
        .table_end = s_table_end,
        .row_begin = s_row_begin,
        .row_end = s_row_end,
        .cell_begin = s_cell_begin,
        .cell_end = s_cell_end,
        .rule = s_rule,
        .div_begin = s_div_begin,
        .div_end = s_div_end,
        .text = s_text,
        .span_begin = s_span_begin,
        .span_end = s_span_end,
    };
    rc = qf__markdown_walk(md, len, &sink);
    /* Word keeps a paragraph after a table at the end of a document: the skeleton adds an
       empty one of no height rather than leave Word (or WPS) to decide */
    size_t nb = json_array_size(b.blocks);
    set(&b, b.root, "ends_with_table",
        json_boolean(nb && json_is_object(json_object_get(json_array_get(b.blocks, nb - 1), "table"))));
    json_decref(b.blocks);
    json_decref(b.runs);
    json_decref(b.rows);
    json_decref(b.cells);
    if (rc || b.oom) {
        json_decref(b.root);
        return rc ? rc : qf__oom();
    }
    *out = b.root;
    return QF_OK;
}

int qf_markdown_blocks(char **out, size_t *out_len, const char *md, size_t len)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    json_t *root = NULL;
    int rc = qf__markdown_blocks(&root, md, len);
    if (rc)
        return rc;
    char *s = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!s)
        return qf__oom();
    *out = s;
    if (out_len)
        *out_len = strlen(s);
    return QF_OK;
}
