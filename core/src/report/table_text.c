/*
 * Text renderer for terminals: columns aligned by display width, so a column of 汉字 lines
 * up with one of ASCII. Buffered: every value must be known to size the columns. Only ASCII
 * is used for rules ("-"), because box-drawing characters are "ambiguous" width and
 * Chinese terminals often draw them two columns wide.
 */
#include <stdlib.h>
#include <string.h>
#include "table_internal.h"

#define GAP "  "

/* Width as printed: line breaks and tabs inside a cell are shown as one space each. */
static size_t text_width(const char *s)
{
    size_t extra = 0;
    for (const char *p = s; *p; p++)
        extra += *p == '\n' || *p == '\r' || *p == '\t';
    return qf_display_width(s) + extra;
}

static void put_flat(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++)
        putc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, out);
}

static void pad(FILE *out, size_t n)
{
    while (n--)
        putc(' ', out);
}

/* One line of cells; nothing after the last non-empty cell (no trailing blanks). */
static void put_line(const qf_table *t, FILE *out, const char *const *texts, const size_t *w)
{
    size_t end = t->ncols;
    while (end > 1 && !*texts[end - 1])
        end--;
    for (size_t i = 0; i < end; i++) {
        const char *s = texts[i];
        size_t sw = text_width(s), room = w[i] > sw ? w[i] - sw : 0;
        size_t left = 0, right = room;
        if (t->cols[i].align == QF_ALIGN_RIGHT)
            left = room, right = 0;
        else if (t->cols[i].align == QF_ALIGN_CENTER)
            left = room / 2, right = room - room / 2;
        if (i)
            fputs(GAP, out);
        pad(out, left);
        put_flat(out, s);
        if (i + 1 < end)
            pad(out, right);
    }
    putc('\n', out);
}

static void put_rule(const qf_table *t, FILE *out, const size_t *w)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (i)
            fputs(GAP, out);
        for (size_t k = 0; k < w[i]; k++)
            putc('-', out);
    }
    putc('\n', out);
}

/* Formats a row's cells into `texts` (pointers into `bufs` or the cells themselves). */
static void row_texts(const qf_table *t, const qf_cell *cells, const char **texts, char (*bufs)[64])
{
    for (size_t i = 0; i < t->ncols; i++)
        texts[i] = qf__cell_str(&t->cols[i], &cells[i], bufs[i]);
}

static void widen(const qf_table *t, size_t *w, const char *const *texts)
{
    for (size_t i = 0; i < t->ncols; i++) {
        size_t sw = text_width(texts[i]);
        if (sw > w[i])
            w[i] = sw;
    }
}

/* Widths of the columns in use: over every section that shares the table's columns (so they
 * line up the same way), or over `own` alone, a section with columns of its own. */
static void widths(qf_table *t, const qf__section *own, size_t *w, const char **texts,
                   char (*bufs)[64], qf_cell *totals)
{
    bool with_totals = qf__table_has_totals(t);
    for (size_t i = 0; i < t->ncols; i++) {
        w[i] = text_width(t->cols[i].title);
        if ((size_t)t->cols[i].width > w[i])
            w[i] = (size_t)t->cols[i].width;
    }
    for (const qf__section *s = own ? own : t->first; s; s = own ? NULL : s->next) {
        if (!own && s->own)
            continue;
        for (int64_t r = 0; r < s->nrows; r++) {
            row_texts(t, s->rows[r], texts, bufs);
            widen(t, w, texts);
        }
        if (with_totals) {
            qf__table_totals(t, s, totals);
            row_texts(t, totals, texts, bufs);
            widen(t, w, texts);
        }
    }
}

static size_t max_columns(const qf_table *t)
{
    size_t n = t->base.ncols;
    for (const qf__section *s = t->first; s; s = s->next)
        if (s->own && s->own->ncols > n)
            n = s->own->ncols;
    return n;
}

static int finish(qf_table *t)
{
    size_t n = max_columns(t);
    size_t *w = calloc(n, sizeof *w), *base_w = calloc(n, sizeof *base_w);
    const char **texts = calloc(n, sizeof *texts);
    char(*bufs)[64] = calloc(n, sizeof *bufs);
    qf_cell *totals = calloc(n, sizeof *totals);
    if (!w || !base_w || !texts || !bufs || !totals) {
        free(w), free(base_w), free(texts), free(bufs), free(totals);
        return qf__oom();
    }
    qf__table_use(t, NULL);
    widths(t, NULL, base_w, texts, bufs, totals);

    FILE *out = t->out;
    put_flat(out, t->title);
    putc('\n', out);
    if (t->subtitle) {
        put_flat(out, t->subtitle);
        putc('\n', out);
    }
    for (const qf__section *s = t->first; s; s = s->next) {
        qf__table_use(t, s);
        if (s->own)
            widths(t, s, w, texts, bufs, totals);
        else
            memcpy(w, base_w, t->ncols * sizeof *w);
        bool with_totals = qf__table_has_totals(t);
        putc('\n', out);
        if (s->title) {
            put_flat(out, s->title);
            putc('\n', out);
        }
        for (size_t i = 0; i < t->ncols; i++)
            texts[i] = t->cols[i].title;
        put_line(t, out, texts, w);
        put_rule(t, out, w);
        for (int64_t r = 0; r < s->nrows; r++) {
            row_texts(t, s->rows[r], texts, bufs);
            put_line(t, out, texts, w);
        }
        if (with_totals) {
            put_rule(t, out, w);
            qf__table_totals(t, s, totals);
            row_texts(t, totals, texts, bufs);
            put_line(t, out, texts, w);
        }
    }
    qf__table_use(t, NULL);
    if (t->notes)
        fprintf(out, "\n%s\n", t->notes);
    free(w), free(base_w), free(texts), free(bufs), free(totals);
    return qf__table_io_check(t);
}

const qf__renderer qf__render_text = {true, NULL, NULL, NULL, NULL, finish, NULL};
