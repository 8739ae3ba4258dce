/*
 * CSV renderer, streaming. One header row, then one record per row: the file stays a
 * rectangle that spreadsheets and scripts read directly. A table with sections gets a first
 * column naming the section of each row (a heading row would break that rectangle), and
 * each section's totals row carries the section name and the word "Total".
 */
#include <stdlib.h>
#include "table_internal.h"

typedef struct csv_state {
    bool header_done;
    bool sectioned;
    bool other_columns; /* the last section had columns of its own */
} csv_state;

static int begin(qf_table *t)
{
    t->rstate = calloc(1, sizeof(csv_state));
    if (!t->rstate)
        return qf__oom();
    if (t->oopts.bom)
        fputs("\xef\xbb\xbf", t->out);
    return qf__table_io_check(t);
}

/* Reports are read in spreadsheets: formula-like text is written as text (qf_csv_write_cell). */
static int field(qf_table *t, const char *s, bool last)
{
    int rc = qf_csv_write_cell(t->out, s, last);
    if (rc == QF_EINVALID) /* values were validated on the way in */
        rc = QF_ERROR;
    return rc;
}

static int write_cells(qf_table *t, const qf__section *s, const qf_cell *cells)
{
    csv_state *st = t->rstate;
    int rc = QF_OK;
    if (st->sectioned)
        rc = field(t, s->title, false);
    for (size_t i = 0; !rc && i < t->ncols; i++) {
        char buf[64];
        rc = field(t, qf__cell_str(&t->cols[i], &cells[i], buf), i + 1 == t->ncols);
    }
    return rc;
}

/* The header is written when the first section starts: only then is it known whether the
 * table has sections (the model allows all rows in titled sections, or none). A section with
 * columns of its own, and the first section after one, start with a blank line and their
 * own header: the file is then several rectangles, each with its header. */
static int section_begin(qf_table *t, const qf__section *s)
{
    csv_state *st = t->rstate;
    bool other = s->own != NULL;
    if (st->header_done && !other && !st->other_columns)
        return QF_OK;
    if (st->header_done)
        fputs("\r\n", t->out);
    st->other_columns = other;
    st->header_done = true;
    st->sectioned = s->title != NULL;
    int rc = QF_OK;
    if (st->sectioned)
        rc = field(t, t->oopts.header_keys ? "section" : _("Section"), false);
    for (size_t i = 0; !rc && i < t->ncols; i++)
        rc = field(t, t->oopts.header_keys ? t->cols[i].key : t->cols[i].title, i + 1 == t->ncols);
    return rc;
}

static int row(qf_table *t, const qf__section *s, const qf_cell *cells)
{
    return write_cells(t, s, cells);
}

static int section_end(qf_table *t, const qf__section *s)
{
    if (!qf__table_has_totals(t))
        return QF_OK;
    qf_cell *totals = calloc(t->ncols, sizeof *totals);
    if (!totals)
        return qf__oom();
    qf__table_totals(t, s, totals);
    int rc = write_cells(t, s, totals);
    free(totals);
    return rc;
}

static int finish(qf_table *t)
{
    return qf__table_io_check(t);
}

static void discard(qf_table *t)
{
    free(t->rstate);
    t->rstate = NULL;
}

const qf__renderer qf__render_csv = {false,       begin,  section_begin, row,
                                     section_end, finish, discard};
