/* Internal to import*.c: the state of one import and the helpers that read a row's cells and
 * report errors at their place: file:line:column in a CSV file, file:sheet:row:column in a
 * workbook (the column as a letter, as the spreadsheet shows it). */
#ifndef QUFA_IMPORT_H
#define QUFA_IMPORT_H

#include "csvio.h"

typedef struct qf_import {
    qf_db *db;
    qf_csv *csv;   /* the rows come from a CSV file, */
    qf_xlsx *xlsx; /* or from a sheet of a workbook */
    size_t sheet_rows_read; /* rows of the sheet read so far (the header and any title) */
    const qf_import_options *opts;
    qf_import_kind kind;
    const qf_csv_column *cols;
    size_t ncols;
    int col[QF_CSV_MAX_COLUMNS]; /* field index of each column in the file, -1 if absent */
    const char *header[QF_CSV_MAX_COLUMNS]; /* the header as the file spells it (messages) */
    size_t n_header;                        /* fields in the header row */

    const char *const *f; /* the current row */
    size_t n;
    const char **padded; /* a sheet's row shorter than the header, with "" to its width */
    size_t padded_cap;
    int64_t row; /* 1-based number of the data row, for duplicate stamps */

    qf_refs refs;
    qf_arena scratch; /* per-row copies (trimmed cells, list entries), reset every row */

    /* members: the codes of this file so far (code -> line), keys in `kept` */
    qf_strmap codes_seen;
    qf_arena kept;

    /* activities: the parts of the current row, reused from row to row */
    qf_attendance *att;
    size_t n_att, cap_att;
    qf_guest *guests;
    size_t n_guests, cap_guests;
    qf_agenda_item *agenda;
    size_t n_agenda, cap_agenda;
} qf_import;

/* Where field `field` of the current row is: "file:line:column" (CSV, the column counted in
 * characters) or "file:sheet:row:C" (a workbook). */
void qf__imp_where(const qf_import *im, size_t field, char *buf, size_t size);
/* The line (CSV) or row (workbook) of the current row. */
int64_t qf__imp_line(const qf_import *im);
const char *qf__imp_name(const qf_import *im);

/* The cell of `column` as written, or NULL when the file has no such column. */
const char *qf__imp_raw(const qf_import *im, int column);
/* The cell trimmed of blanks (a copy in the scratch arena); NULL when the column is absent,
 * "" when the cell is empty. Parsed fields (dates, codes, names) are read this way so that a
 * stray space in a spreadsheet cell does not matter. */
const char *qf__imp_trimmed(qf_import *im, int column);
/* Is the cell absent or empty? */
bool qf__imp_empty(const qf_import *im, int column);

/* QF_EINVALID "file:line:col: <header>: <what>" pointing at `column`'s cell. */
int qf__imp_fail(qf_import *im, int column, const char *fmt, ...) QF_PRINTF(3, 4);
/* QF_EINVALID "file:line:col: <what>" pointing at field `field` of the current record (the
 * header before the first row); the number of fields points right after the last one. */
int qf__imp_fail_field(qf_import *im, size_t field, const char *fmt, ...) QF_PRINTF(3, 4);
/* Re-reports the error a core call just set, at the cell of the field its message starts
 * with ("joined: …" points at the joined column), else at the row's first field. */
int qf__imp_locate(qf_import *im, int rc);
/* The same at a given column (for core checks called with the file's header as field name). */
int qf__imp_locate_at(qf_import *im, int rc, int column);
/* A value quoted for a message: at most ~60 bytes, cut on a character boundary. */
const char *qf__imp_show(qf_import *im, const char *value);

/* Orgs, groups and members named in a cell by code or by name. */
int qf__imp_org(const qf_ref_org **out, qf_import *im, int column, const char *text);
int qf__imp_group(const qf_ref_org **out, qf_import *im, int column, const char *text,
                  const qf_ref_org *org);
int qf__imp_member(qf_ref_member **out, qf_import *im, int column, const char *text);

/* Per kind: loading what the rows need, one row, and cleaning up. */
int qf__import_members_prepare(qf_import *im);
int qf__import_member_row(qf_import *im);
int qf__import_activities_prepare(qf_import *im);
int qf__import_activity_row(qf_import *im);
void qf__import_kind_free(qf_import *im);

#endif
