/* qufa — reading one worksheet of an Excel workbook (.xlsx, Office Open XML) as rows of text
 * cells, for imports (qf_import_file reads a roster or a ledger kept in Excel). */
#ifndef QUFA_XLSX_H
#define QUFA_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_xlsx qf_xlsx;

/*
 * Opens a workbook and reads the worksheet named `sheet` (NULL: the first visible one, the
 * leftmost tab) whole. Cells come as the text a spreadsheet shows for them: strings (shared
 * or inline) as written, numbers as up to 15 significant digits, a number formatted as a
 * date as YYYY-MM-DD (a date and time as YYYY-MM-DD HH:MM, :SS when the seconds are not
 * zero, a time as HH:MM), booleans as TRUE/FALSE. Formulas give their cached result.
 *
 * QF_EINVALID with "name: what" when the file is not a workbook (not a zip, an .xls or a
 * password-protected file, a zip without a workbook, an .ods), the sheet does not exist
 * (the message lists the sheets), a part is damaged or larger than 256 MiB uncompressed,
 * the sheet has more than 4 million cells or a cell outside the grid (XFD1048576).
 * A cell whose value cannot be read (an error value such as #N/A, a date serial outside
 * 1900..9999, a string that is not valid UTF-8) does not fail the open: the row holding it
 * comes with qf_xlsx_problem() set for that cell, so that the caller can name the column.
 */
QF_EXTERN int qf_xlsx_open_file(qf_xlsx **out, const char *path, const char *sheet);
/* The same from memory (`name` is used in messages); the buffer must outlive the call only. */
QF_EXTERN int qf_xlsx_open_buffer(qf_xlsx **out, const void *data, size_t len, const char *name,
                                  const char *sheet);
/*
 * The next row that has a cell with a value: *cells points at n NUL-terminated strings owned
 * by the reader (valid until the next call), field i being column i (A = 0); empty cells
 * between are "". QF_ITEROVER after the last row.
 */
QF_EXTERN int qf_xlsx_next(const char *const **cells, size_t *n, qf_xlsx *x);
/* Back before the first row. */
QF_EXTERN void qf_xlsx_rewind(qf_xlsx *x);
/* The sheet's row number (1-based) of the row the last qf_xlsx_next returned. */
QF_EXTERN int qf_xlsx_row(const qf_xlsx *x);
/* What is wrong with field i of the last row ("the cell holds the error #N/A"), or NULL. */
QF_EXTERN const char *qf_xlsx_problem(const qf_xlsx *x, size_t i);
/* The number of rows qf_xlsx_next returns in all. */
QF_EXTERN size_t qf_xlsx_rows(const qf_xlsx *x);
/* The name given at open (the file's path) and the sheet's name. */
QF_EXTERN const char *qf_xlsx_name(const qf_xlsx *x);
QF_EXTERN const char *qf_xlsx_sheet(const qf_xlsx *x);
/* The letters of column i (0 = "A", 16383 = "XFD"). */
QF_EXTERN void qf_xlsx_column_name(size_t i, char buf[4]);
QF_EXTERN void qf_xlsx_free(qf_xlsx *x);

/* Do these first bytes of a file look like a zip archive (an .xlsx), or like the OLE2
 * container of an .xls or a password-protected workbook? qf_import_file reads such files
 * with this reader, anything else as CSV. */
QF_EXTERN bool qf_xlsx_sniff(const void *head, size_t len);

#ifdef __cplusplus
}
#endif
#endif
