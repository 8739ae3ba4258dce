/* qufa — CSV: a strict RFC 4180 reader (UTF-8 validated, BOM tolerated) and the all-or-nothing
 * import/export of members and activities. */
#ifndef QUFA_CSV_H
#define QUFA_CSV_H

#include <stdio.h>
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_csv qf_csv;

/* Reads from memory (`name` is used in error messages, e.g. the file name). The buffer must
 * outlive the reader. */
QF_EXTERN int qf_csv_open_buffer(qf_csv **out, const char *data, size_t len, const char *name);
/* Reads a whole file. */
QF_EXTERN int qf_csv_open_file(qf_csv **out, const char *path);
/*
 * Next record: *fields points at n NUL-terminated field strings owned by the reader (valid until
 * the next call). QF_ITEROVER at the end; QF_EINVALID with "file:line:column: what" on a bad
 * quote, invalid UTF-8 or a field longer than 1 MiB. Blank lines are skipped.
 */
QF_EXTERN int qf_csv_next(const char *const **fields, size_t *n, qf_csv *csv);
/* 1-based line and column of the start of the last record returned. */
QF_EXTERN int qf_csv_line(const qf_csv *csv);
QF_EXTERN const char *qf_csv_name(const qf_csv *csv);
QF_EXTERN void qf_csv_free(qf_csv *csv);

/* Writes one CSV field, quoted when needed. */
QF_EXTERN int qf_csv_write_field(FILE *out, const char *s, int last_in_row);
/*
 * The same for a CSV meant to be opened in a spreadsheet (check results, reports): a value a
 * spreadsheet would run as a formula — one that begins with = + - @, a tab or a carriage return
 * and is not a plain number — is written with a leading apostrophe, which spreadsheets take as
 * "text". Text from a shared pack or another branch's file then cannot run as a formula
 * (=HYPERLINK, DDE). Exports that qufa reads back (qf_export_csv) keep values exact instead.
 */
QF_EXTERN int qf_csv_write_cell(FILE *out, const char *s, int last_in_row);

typedef enum qf_import_kind { QF_IMPORT_MEMBERS = 0, QF_IMPORT_ACTIVITIES } qf_import_kind;

typedef struct qf_import_options {
    unsigned version;
    int64_t default_org_id;  /* members/activities without an org column go here (0 = error) */
    /* progress callback every ~1000 rows; return non-zero to stop (import rolled back) */
    int (*progress)(int64_t rows_done, int64_t rows_total, void *payload);
    void *payload;
    /* version 2: the sheet of a workbook to read (NULL: the first visible one); a CSV file
     * has no sheets, and naming one is an error */
    const char *sheet;
} qf_import_options;
#define QF_IMPORT_OPTIONS_VERSION 2
#define QF_IMPORT_OPTIONS_INIT {QF_IMPORT_OPTIONS_VERSION, 0, NULL, NULL, NULL}

/*
 * Imports a CSV file in one transaction: a bad row aborts everything with
 * "file:line:column: what is wrong". Headers may be the English field names or their Chinese
 * labels (see docs/csv.md); unknown columns are an error naming them.
 */
QF_EXTERN int qf_import_csv(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                            const qf_import_options *opts);
/*
 * The same from a sheet of an .xlsx workbook (qufa/xlsx.h says how cells read as text): the
 * same columns, the same rows, all or nothing. The header is the first row with two values
 * or more (a title above the table is skipped). Errors name "file:sheet:row:column" with the
 * column as a letter: "名册.xlsx:党员:7:C: 出生日期: '2017-02-30' is not a valid date …".
 */
QF_EXTERN int qf_import_xlsx(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                             const qf_import_options *opts);
/* A workbook or a CSV file, told apart by content (a zip archive is a workbook), not by the
 * file's extension. */
QF_EXTERN int qf_import_file(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                             const qf_import_options *opts);

typedef struct qf_export_options {
    unsigned version;
    int64_t org_id;       /* 0 = all */
    qf_date from, to;     /* activities only; QF_DATE_NONE = open */
    bool chinese_headers; /* 姓名,性别,… instead of name,gender,… */
    bool bom;             /* write a UTF-8 BOM (for Excel) */
    bool unmask;          /* include personal fields (birth date, phone, id number) in clear */
} qf_export_options;
#define QF_EXPORT_OPTIONS_VERSION 1
#define QF_EXPORT_OPTIONS_INIT \
    {QF_EXPORT_OPTIONS_VERSION, 0, QF_DATE_NONE, QF_DATE_NONE, false, false, false}

/* Writes CSV that qf_import_csv reads back (round trip). */
QF_EXTERN int qf_export_csv(qf_db *db, qf_import_kind kind, FILE *out,
                            const qf_export_options *opts);
/* The same rows as one worksheet of an .xlsx workbook at `path` (created readable by its
 * owner only, complete or not at all), which qf_import_xlsx reads back: dates are date cells,
 * everything else text. `bom` does not apply. */
QF_EXTERN int qf_export_xlsx(qf_db *db, qf_import_kind kind, const char *path,
                             const qf_export_options *opts);

#ifdef __cplusplus
}
#endif
#endif
