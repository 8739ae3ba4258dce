/*
 * Markdown renderer (GitHub tables), streaming: it needs no column widths. Characters that
 * Markdown would read as markup are escaped with a backslash (a "|" would end the cell) and
 * line breaks in a cell become <br>, the only way to keep them inside a table row.
 */
#include <stdlib.h>
#include <string.h>
#include "table_internal.h"

static void put_escaped(FILE *out, const char *s, bool in_cell)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r') {
            fputs(in_cell ? "<br>" : " ", out);
        } else if (strchr("\\|*_`[]<>#~", *p)) {
            putc('\\', out);
            putc(*p, out);
        } else {
            putc(*p == '\t' ? ' ' : *p, out);
        }
    }
}

/* A table row; `bold` wraps every non-empty cell in ** (the totals row, as on paper). */
static void put_row(const qf_table *t, const qf_cell *cells, bool bold)
{
    fputs("|", t->out);
    for (size_t i = 0; i < t->ncols; i++) {
        char buf[64];
        const char *s = qf__cell_str(&t->cols[i], &cells[i], buf);
        bool b = bold && *s;
        fputs(b ? " **" : " ", t->out);
        put_escaped(t->out, s, true);
        fputs(b ? "** |" : " |", t->out);
    }
    putc('\n', t->out);
}

static int begin(qf_table *t)
{
    fputs("# ", t->out);
    put_escaped(t->out, t->title, false);
    fputs("\n", t->out);
    if (t->subtitle) {
        fputs("\n", t->out);
        put_escaped(t->out, t->subtitle, false);
        fputs("\n", t->out);
    }
    return qf__table_io_check(t);
}

static int section_begin(qf_table *t, const qf__section *s)
{
    FILE *out = t->out;
    if (s->title) {
        fputs("\n## ", out);
        put_escaped(out, s->title, false);
        fputs("\n", out);
    }
    fputs("\n|", out);
    for (size_t i = 0; i < t->ncols; i++) {
        putc(' ', out);
        put_escaped(out, t->cols[i].title, true);
        fputs(" |", out);
    }
    fputs("\n|", out);
    for (size_t i = 0; i < t->ncols; i++) {
        qf_align a = t->cols[i].align;
        fputs(a == QF_ALIGN_RIGHT ? " ---: |" : a == QF_ALIGN_CENTER ? " :---: |" : " --- |", out);
    }
    putc('\n', out);
    return qf__table_io_check(t);
}

static int row(qf_table *t, const qf__section *s, const qf_cell *cells)
{
    put_row(t, cells, false);
    return qf__table_io_check(t);
}

static int section_end(qf_table *t, const qf__section *s)
{
    if (!qf__table_has_totals(t))
        return QF_OK;
    qf_cell *totals = calloc(t->ncols, sizeof *totals);
    if (!totals)
        return qf__oom();
    qf__table_totals(t, s, totals);
    put_row(t, totals, true);
    free(totals);
    return qf__table_io_check(t);
}

static int finish(qf_table *t)
{
    if (t->notes) {
        /* notes keep their line breaks: a trailing backslash is a Markdown hard break */
        fputs("\n", t->out);
        const char *p = t->notes;
        while (*p) {
            size_t n = strcspn(p, "\r\n");
            char *line = strndup(p, n);
            if (!line)
                return qf__oom();
            put_escaped(t->out, line, false);
            free(line);
            p += n;
            if (*p == '\r' && p[1] == '\n')
                p++;
            if (*p) {
                p++;
                fputs(*p ? "\\\n" : "", t->out);
            }
        }
        fputs("\n", t->out);
    }
    return qf__table_io_check(t);
}

const qf__renderer qf__render_markdown = {false,       begin,  section_begin, row,
                                          section_end, finish, NULL};
