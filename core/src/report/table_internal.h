/* Internal to the table module: the model shared by table*.c and the renderer interface. */
#ifndef QUFA_TABLE_INTERNAL_H
#define QUFA_TABLE_INTERNAL_H

#include "arena.h"
#include "internal.h"
#include "qufa/table.h"

#define QF__MAX_COLUMNS 1000
#define QF__MAX_CELL_CHARS 32767 /* an Excel cell holds no more; every format keeps the limit */

/* Rows kept for buffered renderers, and the text of the row in progress (reset after each
 * row), live in arenas (arena.h). Pointers stay valid until reset/free. */
typedef qf_arena qf__arena;

typedef struct qf__col {
    char *key, *title;
    qf_col_type type;
    int width;      /* minimum display columns, 0 = none */
    qf_align align; /* resolved: never QF_ALIGN_AUTO */
    qf_total total;
    int decimals; /* resolved for number/percent */
} qf__col;

typedef struct qf__chart {
    qf_chart_kind kind;
    char *title;
    size_t category;
    size_t values[QF_CHART_MAX_SERIES];
    size_t nvalues;
    bool per_section;
} qf__chart;

/* Columns with the charts drawn over them: the table's own, or a section's
 * (qf_table_section_with). */
typedef struct qf__colset {
    qf__col *cols;
    size_t ncols, cols_cap;
    qf__chart *charts;
    size_t ncharts;
} qf__colset;

/* Running totals of one column in one section. */
typedef struct qf__acc {
    int64_t isum;    /* integer columns */
    double sum;      /* number and percent columns */
    int64_t count;   /* non-empty cells (for COUNT on bool: true cells) */
    int64_t nvalues; /* non-empty cells, for the average */
} qf__acc;

typedef struct qf__section {
    struct qf__section *next;
    char *title; /* NULL for the implicit section of a table without sections */
    int64_t nrows;
    qf__acc *acc;   /* one per column */
    qf_cell **rows; /* buffered renderers only: cells live in the table's doc arena */
    size_t rows_cap;
    size_t index;     /* 0-based position among the sections */
    qf__colset *own;  /* columns of its own, or NULL for the table's */
} qf__section;

typedef struct qf__renderer {
    /* Buffered renderers get only finish(), with every section and row kept in memory. */
    bool buffered;
    int (*begin)(qf_table *t);
    int (*section_begin)(qf_table *t, const qf__section *s);
    int (*row)(qf_table *t, const qf__section *s, const qf_cell *cells);
    int (*section_end)(qf_table *t, const qf__section *s);
    int (*finish)(qf_table *t);
    void (*discard)(qf_table *t); /* frees t->rstate; may be called after an error */
} qf__renderer;

typedef enum qf__state { QF__DESCRIBE = 0, QF__OPEN, QF__CLOSED, QF__FAILED } qf__state;

struct qf_table {
    char *title, *subtitle, *notes;
    qf__colset base; /* the table's columns and charts */
    /* The columns in use: the table's, or those of the section being written or rendered
     * (qf__table_use). Renderers read only these. */
    qf__col *cols;
    size_t ncols;
    qf__chart *charts;
    size_t ncharts;
    bool memory;      /* opened with qf_table_open_memory: rows kept for qf_table_write */

    qf__state state;
    qf_table_format format;
    qf_table_output_options oopts;
    const qf__renderer *r;
    void *rstate;

    FILE *out;      /* where text formats write */
    bool own_out;   /* opened by qf_table_open (closed by us) */
    char *path;     /* qf_table_open: the final name */
    char *tmp_path; /* the temporary file renamed to path, or XLSX's spool for streams */
    FILE *stream;   /* qf_table_open_stream with XLSX: where the workbook is copied */
    bool own_stream; /* the stream is a device qf_table_open opened (closed by us) */

    qf__section *first, *last; /* streaming renderers keep only the current one */
    size_t nsections;
    int64_t nrows;

    qf_cell *row; /* the row in progress */
    size_t row_cap;
    size_t ncell;
    qf__arena row_arena;
    qf__arena doc_arena;
};

/* table.c: ends the rows (last totals, renderer's finish) and frees the model */
int qf__table_finish_rows(qf_table *t);
void qf__table_release(qf_table *t);
/* Makes the columns (and charts) of section `s` the ones in use; NULL: the table's own. */
void qf__table_use(qf_table *t, const qf__section *s);

/* table_output.c: the output of qf_table_open / _open_stream, also used by qf_table_write */
int qf__table_output_open(qf_table *t, const char *path, FILE *stream,
                          const qf_table_output_options *opts, qf_table_format f);
/* Flushes, closes and renames (or copies the XLSX spool to the stream). */
int qf__table_output_finish(qf_table *t);
/* Forgets the output after qf_table_write: renderer state, temporary file, names. */
void qf__table_output_reset(qf_table *t);

/* table_value.c: formatting and totals shared by the renderers */
/* A cell as text for people; `buf` holds the result when the value is not text already. */
const char *qf__cell_str(const qf__col *c, const qf_cell *v, char buf[64]);
/* The numeric value of an int or number cell (charts), false for anything else. */
bool qf__cell_num(const qf_cell *v, double *out);
/* Fixed-point with `decimals` digits, '.' whatever the locale, no "-0.00". */
void qf__fmt_fixed(char *buf, size_t size, double v, int decimals);
bool qf__table_has_totals(const qf_table *t);
/* The totals row of a section as cells: the figure of each column, and the word "Total" in
 * the first column when that column has no figure of its own. */
void qf__table_totals(const qf_table *t, const qf__section *s, qf_cell *cells);
const char *qf__col_type_name(qf_col_type type); /* "text", "integer" … (JSON, messages) */
const char *qf__yes_no(bool b);

/* table_output.c: the renderers by format */
extern const qf__renderer qf__render_text, qf__render_markdown, qf__render_csv, qf__render_json,
    qf__render_xlsx, qf__render_html, qf__render_memory;
/* Maps a failed write on t->out to QF_ERROR (the caller then marks the table failed). */
int qf__table_io_check(qf_table *t);

/* table_xlsx_name.c: a valid, unique worksheet name for `wanted` (see there for the rules) */
#define QF__SHEET_NAME_SIZE 128
void qf__xlsx_sheet_name(char out[QF__SHEET_NAME_SIZE], const char *wanted, char *const *used,
                         size_t nused);

/* table_svg.c: a chart over the given rows as inline SVG */
int qf__svg_chart(FILE *out, const qf_table *t, const qf__chart *ch, qf_cell *const *rows,
                  size_t nrows);

/* html escaping shared by the HTML and SVG writers */
void qf__html_escape(FILE *out, const char *s);

#endif
