/*
 * qufa — report tables and their renderers: terminal text, Markdown, CSV, JSON, Excel (XLSX)
 * and printable HTML with charts.
 *
 * A table is described first (title, columns, charts), then its output is opened, then rows
 * are added (optionally grouped into sections) and the table is closed:
 *
 *     qf_table *t;
 *     qf_table_new(&t, &(qf_table_options){QF_TABLE_OPTIONS_VERSION, "活动台账", NULL, NULL});
 *     qf_column c = QF_COLUMN_INIT;
 *     c.key = "date"; c.title = "日期"; c.type = QF_COL_DATE;
 *     qf_table_add_column(t, &c);
 *     …
 *     qf_table_open(t, "ledger.xlsx", NULL);        // format from the extension
 *     qf_table_section(t, "支部党员大会");             // optional: one XLSX sheet per section
 *     qf_table_cell_date(t, d); qf_table_cell_text(t, "…"); qf_table_row_end(t);
 *     rc = qf_table_close(t);                       // totals, trailer; the file appears now
 *     qf_table_free(t);
 *
 * Memory: CSV, JSON and XLSX are written row by row (XLSX through libxlsxwriter's
 * constant_memory mode), so any number of rows runs in bounded memory. Text, Markdown and
 * HTML keep all rows until qf_table_close because they need every value first (column
 * widths, charts): use them for what a person reads, not for 100,000-row dumps.
 *
 * A file written by path appears only when qf_table_close succeeds (it is written under a
 * temporary name and renamed), so a failed report never leaves half a file behind or
 * clobbers the previous one. Like the database, it is created readable by its owner only
 * (mode 0600): reports carry members' personal data.
 */
#ifndef QUFA_TABLE_H
#define QUFA_TABLE_H

#include <stdbool.h>
#include <stdio.h>
#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_table qf_table;

typedef enum qf_col_type {
    QF_COL_TEXT = 0,
    QF_COL_INTEGER, /* int64 */
    QF_COL_NUMBER,  /* double, shown with `decimals` digits */
    QF_COL_PERCENT, /* a fraction: 0.25 is shown as 25.0% */
    QF_COL_DATE,    /* qf_date; Excel gets a real date */
    QF_COL_BOOL     /* shown as yes/no (是/否) */
} qf_col_type;

typedef enum qf_align {
    QF_ALIGN_AUTO = 0, /* numbers right, yes/no centred, the rest left */
    QF_ALIGN_LEFT,
    QF_ALIGN_CENTER,
    QF_ALIGN_RIGHT
} qf_align;

/* A column's figure in the totals row at the end of each section. */
typedef enum qf_total {
    QF_TOTAL_NONE = 0,
    QF_TOTAL_SUM,   /* integer, number and percent columns */
    QF_TOTAL_COUNT, /* any column: non-empty cells; for a bool column the cells that are true */
    QF_TOTAL_AVG    /* integer, number and percent columns: mean of the non-empty cells */
} qf_total;

typedef struct qf_column {
    unsigned version;
    const char *key;   /* [a-z][a-z0-9_]*, unique; the JSON member name */
    const char *title; /* the header people read, usually Chinese */
    qf_col_type type;
    int width; /* at least this many display columns (a CJK character is 2); 0 = fit */
    qf_align align;
    qf_total total;
    int decimals; /* number and percent columns; -1 = default (2 for numbers, 1 for percent) */
} qf_column;
#define QF_COLUMN_VERSION 1
#define QF_COLUMN_INIT                                                                             \
    {                                                                                              \
        QF_COLUMN_VERSION, NULL, NULL, QF_COL_TEXT, 0, QF_ALIGN_AUTO, QF_TOTAL_NONE, -1            \
    }

typedef struct qf_table_options {
    unsigned version;
    const char *title;    /* required */
    const char *subtitle; /* optional: period, branch … */
    const char *notes;    /* optional: printed after the table; may have several lines */
} qf_table_options;
#define QF_TABLE_OPTIONS_VERSION 1
#define QF_TABLE_OPTIONS_INIT                                                                      \
    {                                                                                              \
        QF_TABLE_OPTIONS_VERSION, NULL, NULL, NULL                                                 \
    }

/* Charts are drawn by the HTML renderer (inline SVG); the other formats ignore them. */
typedef enum qf_chart_kind { QF_CHART_BAR = 0, QF_CHART_LINE } qf_chart_kind;

#define QF_CHART_MAX_SERIES 8

typedef struct qf_chart {
    unsigned version;
    qf_chart_kind kind;
    const char *title;
    const char *category;      /* key of the column that labels the x axis (one point per row) */
    const char *const *values; /* keys of integer/number/percent columns, NULL-terminated */
    bool per_section;          /* one chart under each section instead of one over all rows */
} qf_chart;
#define QF_CHART_VERSION 1
#define QF_CHART_INIT                                                                              \
    {                                                                                              \
        QF_CHART_VERSION, QF_CHART_BAR, NULL, NULL, NULL, false                                    \
    }

typedef enum qf_table_format {
    QF_TABLE_AUTO = 0, /* from the file extension */
    QF_TABLE_TEXT,     /* .txt: aligned columns for a terminal */
    QF_TABLE_MARKDOWN, /* .md */
    QF_TABLE_CSV,      /* .csv: UTF-8, RFC 4180 */
    QF_TABLE_JSON,     /* .json */
    QF_TABLE_XLSX,     /* .xlsx */
    QF_TABLE_HTML      /* .html / .htm: one self-contained printable file */
} qf_table_format;

typedef struct qf_table_output_options {
    unsigned version;
    qf_table_format format; /* QF_TABLE_AUTO: from the path's extension */
    bool bom;               /* CSV: start with a UTF-8 BOM so Excel recognises the encoding */
    bool header_keys;       /* CSV: column keys instead of titles in the header row */
    const char *tmpdir;     /* XLSX: where libxlsxwriter spools rows; default: the system's */
} qf_table_output_options;
#define QF_TABLE_OUTPUT_OPTIONS_VERSION 1
#define QF_TABLE_OUTPUT_OPTIONS_INIT                                                               \
    {                                                                                              \
        QF_TABLE_OUTPUT_OPTIONS_VERSION, QF_TABLE_AUTO, false, false, NULL                         \
    }

/* One value for qf_table_add_row. */
typedef enum qf_cell_kind {
    QF_CELL_EMPTY = 0,
    QF_CELL_TEXT,
    QF_CELL_INT,
    QF_CELL_NUMBER,
    QF_CELL_DATE,
    QF_CELL_BOOL
} qf_cell_kind;

typedef struct qf_cell {
    qf_cell_kind kind;
    union {
        const char *text;
        int64_t i;
        double number;
        qf_date date;
        bool b;
    } v;
} qf_cell;
#define QF_CELL_EMPTY_VALUE ((qf_cell){QF_CELL_EMPTY, {.i = 0}})
#define QF_CELL_TEXT_VALUE(s) ((qf_cell){QF_CELL_TEXT, {.text = (s)}})
#define QF_CELL_INT_VALUE(x) ((qf_cell){QF_CELL_INT, {.i = (x)}})
#define QF_CELL_NUMBER_VALUE(x) ((qf_cell){QF_CELL_NUMBER, {.number = (x)}})
#define QF_CELL_DATE_VALUE(d) ((qf_cell){QF_CELL_DATE, {.date = (d)}})
#define QF_CELL_BOOL_VALUE(x) ((qf_cell){QF_CELL_BOOL, {.b = (x)}})

/* --- describing the table (before the output is opened) --- */

QF_EXTERN int qf_table_new(qf_table **out, const qf_table_options *opts);
/* Columns are copied. At most 1,000. */
QF_EXTERN int qf_table_add_column(qf_table *t, const qf_column *col);
/* The chart is copied; its columns must have been added already. */
QF_EXTERN int qf_table_add_chart(qf_table *t, const qf_chart *chart);

/* --- output --- */

/* Opens `path` for writing; the format comes from opts->format or the extension. */
QF_EXTERN int qf_table_open(qf_table *t, const char *path, const qf_table_output_options *opts);
/* Writes to a stream the caller keeps open (and closes); opts->format is required.
 * XLSX is assembled in a temporary file and copied to `out` by qf_table_close. */
QF_EXTERN int qf_table_open_stream(qf_table *t, FILE *out, const qf_table_output_options *opts);

/* --- rows --- */

/*
 * Starts a section: a worksheet in XLSX, a heading elsewhere, with its own totals row.
 * A table either has no sections or puts every row in one: starting a section after rows
 * were added outside any is an error.
 */
QF_EXTERN int qf_table_section(qf_table *t, const char *title);

/*
 * Cell by cell: each call fills the next column of the current row; qf_table_row_end
 * finishes the row (missing cells at the end are empty). A value must fit its column:
 * integer columns take ints, number and percent columns numbers or ints, date columns dates
 * or "YYYY-MM-DD" text, bool columns bools, text columns text. A rejected value leaves the
 * row as it was. Text is copied.
 */
QF_EXTERN int qf_table_cell_text(qf_table *t, const char *s); /* NULL = empty */
QF_EXTERN int qf_table_cell_int(qf_table *t, int64_t v);
QF_EXTERN int qf_table_cell_number(qf_table *t, double v);
QF_EXTERN int qf_table_cell_date(qf_table *t, qf_date d); /* QF_DATE_NONE = empty */
QF_EXTERN int qf_table_cell_bool(qf_table *t, bool b);
QF_EXTERN int qf_table_cell_empty(qf_table *t);
QF_EXTERN int qf_table_row_end(qf_table *t);

/* A whole row at once (n <= number of columns; the rest are empty). All or nothing. */
QF_EXTERN int qf_table_add_row(qf_table *t, const qf_cell *cells, size_t n);

/*
 * Writes the last totals row and the trailer, and finishes the output (for a path: the file
 * appears under its name). A row still in progress is an error. After an I/O error every
 * call returns QF_ERROR; qf_table_free then discards the output.
 */
QF_EXTERN int qf_table_close(qf_table *t);
/* Frees the table; an output not closed is discarded (a temporary file is removed). */
QF_EXTERN void qf_table_free(qf_table *t);

/*
 * A section with columns (and charts) of its own: the next part of a report that is another
 * table — the failed clauses after a compliance matrix, the figures a chart is drawn from.
 * Its charts are drawn under it (HTML); an XLSX sheet, a Markdown or HTML table, a JSON
 * section ("columns" given in it) and, in CSV, a blank line and a header row of its own
 * show its columns. Sections after it use the table's columns again unless they bring their
 * own. `columns` NULL: the table's columns (then no charts). Columns and charts are copied.
 */
typedef struct qf_section_options {
    unsigned version;
    const char *title; /* required */
    const qf_column *columns;
    size_t ncolumns;
    const qf_chart *charts;
    size_t ncharts;
} qf_section_options;
#define QF_SECTION_OPTIONS_VERSION 1
#define QF_SECTION_OPTIONS_INIT                                                                    \
    {                                                                                              \
        QF_SECTION_OPTIONS_VERSION, NULL, NULL, 0, NULL, 0                                         \
    }
QF_EXTERN int qf_table_section_with(qf_table *t, const qf_section_options *opts);

/* --- keeping the rows, writing them later --- */

/*
 * Instead of an output, keeps every row in memory: add sections and rows as usual, end with
 * qf_table_close, then render the table with qf_table_write as often as wanted, in any
 * format (the same rows as XLSX for the upper level and HTML to print). Memory grows with
 * the rows; open an output first to stream a long table.
 */
QF_EXTERN int qf_table_open_memory(qf_table *t);
/* Renders a table kept in memory and closed to `path` (format from opts or the extension;
 * the file appears only when complete), or to a stream (opts->format required). A failed
 * write leaves the table as it was, ready for another. */
QF_EXTERN int qf_table_write(qf_table *t, const char *path, const qf_table_output_options *opts);
QF_EXTERN int qf_table_write_stream(qf_table *t, FILE *out, const qf_table_output_options *opts);

/* --- information --- */

QF_EXTERN size_t qf_table_column_count(const qf_table *t);
/* Rows added so far, over all sections. */
QF_EXTERN int64_t qf_table_row_count(const qf_table *t);
/* ".xlsx" → QF_TABLE_XLSX (case-insensitive); QF_EINVALID naming the extension otherwise. */
QF_EXTERN int qf_table_format_from_path(qf_table_format *out, const char *path);
/* "text", "markdown" (or "md"), "csv", "json", "xlsx", "html". */
QF_EXTERN int qf_table_format_parse(qf_table_format *out, const char *name);
QF_EXTERN const char *qf_table_format_name(qf_table_format f);

/*
 * Columns a UTF-8 string takes in a terminal: East Asian Wide and Fullwidth characters
 * (汉字, fullwidth forms, most emoji) count 2, combining marks and format characters 0,
 * control characters 0, everything else 1 (including "ambiguous" characters such as “ ”,
 * which most terminals draw narrow). An invalid byte counts 1. NULL is 0.
 */
QF_EXTERN size_t qf_display_width(const char *utf8);

#ifdef __cplusplus
}
#endif
#endif
