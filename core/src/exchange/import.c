/*
 * qf_import_csv, qf_import_xlsx, qf_import_file: read a member or activity file and write it in
 * one transaction, all or nothing. A CSV file is parsed twice: a first pass counts the records
 * (for progress) and finds any broken quoting or bad UTF-8 before a single write; the second
 * pass imports. A workbook's sheet is read whole when it is opened (xlsx.c) and its rows go
 * through the same row code as CSV records: import_member.c and import_activity.c; cell
 * helpers and messages in import_cells.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "import.h"

#define PROGRESS_EVERY 1000

/* Every accepted header, for the message about an unknown one: "name (姓名), gender (性别) …" */
static void accepted_names(const qf_import *im, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < im->ncols && len < size; k++)
        len += (size_t)snprintf(out + len, size - len, "%s%s (%s)", k ? ", " : "", im->cols[k].name,
                                im->cols[k].label_zh);
}

const char *qf__imp_name(const qf_import *im)
{
    return im->xlsx ? qf_xlsx_name(im->xlsx) : qf_csv_name(im->csv);
}

void qf__imp_where(const qf_import *im, size_t field, char *buf, size_t size)
{
    if (im->xlsx) {
        char col[4];
        qf_xlsx_column_name(field, col);
        snprintf(buf, size, "%s:%s:%d:%s", qf_xlsx_name(im->xlsx), qf_xlsx_sheet(im->xlsx),
                 qf_xlsx_row(im->xlsx), col);
        return;
    }
    int line, col;
    qf__csv_field_pos(im->csv, field, &line, &col);
    snprintf(buf, size, "%s:%d:%d", qf_csv_name(im->csv), line, col);
}

int64_t qf__imp_line(const qf_import *im)
{
    return im->xlsx ? qf_xlsx_row(im->xlsx) : qf_csv_line(im->csv);
}

int qf__imp_fail_field(qf_import *im, size_t field, const char *fmt, ...)
{
    char what[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char where[600];
    qf__imp_where(im, field, where, sizeof where);
    return qf__err(QF_EINVALID, "%s: %s", where, what);
}

/* The next row of the file into im->f and im->n. */
static int next_row(qf_import *im)
{
    if (!im->xlsx)
        return qf_csv_next(&im->f, &im->n, im->csv);
    int rc = qf_xlsx_next(&im->f, &im->n, im->xlsx);
    im->sheet_rows_read += rc == QF_OK;
    return rc;
}

static size_t values_in(const char *const *f, size_t n, const qf_xlsx *x)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += *f[i] || qf_xlsx_problem(x, i);
    return k;
}

/* The header of a sheet: the first row with two values or more, so that a title above the
 * table (one merged cell: "党员名册") is skipped; when no row has two, the first row. */
static int next_header_row(qf_import *im)
{
    int rc;
    while ((rc = next_row(im)) == QF_OK)
        if (values_in(im->f, im->n, im->xlsx) >= 2)
            return QF_OK;
    if (rc != QF_ITEROVER)
        return rc;
    qf_xlsx_rewind(im->xlsx);
    im->sheet_rows_read = 0;
    return next_row(im);
}

/* A cell of a workbook whose value could not be read (an error value, a date out of range,
 * damaged text) fails the row at that cell, under its column's header. */
static int cell_problems(qf_import *im, bool header)
{
    for (size_t i = 0; im->xlsx && i < im->n; i++) {
        const char *problem = qf_xlsx_problem(im->xlsx, i);
        if (!problem)
            continue;
        for (size_t k = 0; !header && k < im->ncols; k++)
            if (im->col[k] == (int)i)
                /* TRANSLATORS: a column's header and what is wrong with its cell */
                return qf__imp_fail_field(im, i, _("%s: %s"), im->header[k], problem);
        return qf__imp_fail_field(im, i, "%s", problem);
    }
    return QF_OK;
}

/* Maps each header cell to a column: English names in any case, or the Chinese label. */
static int read_header(qf_import *im)
{
    int rc = im->xlsx ? next_header_row(im) : next_row(im);
    if (rc == QF_ITEROVER && im->xlsx)
        return qf__err(QF_EINVALID, _("%s: sheet '%s' is empty (expected a header row)"),
                       qf_xlsx_name(im->xlsx), qf_xlsx_sheet(im->xlsx));
    if (rc == QF_ITEROVER)
        return qf__err(QF_EINVALID, _("%s:1:1: the file is empty (expected a header row)"),
                       qf_csv_name(im->csv));
    if (!rc)
        rc = cell_problems(im, true);
    if (rc)
        return rc;
    im->n_header = im->n;
    for (size_t i = 0; i < im->n; i++) {
        qf_list_cursor cur = {im->f[i], (const char *const[]){NULL}};
        const char *text = "";
        size_t len = 0;
        qf__list_next(&cur, &text, &len); /* no separators: just the trimmed cell */
        char *name = qf__arena_alloc(&im->kept, len + 1);
        if (!name)
            return qf__oom();
        memcpy(name, text, len);
        name[len] = '\0';
        if (!*name)
            return qf__imp_fail_field(im, i, _("column %zu has no header"), i + 1);
        size_t k = 0;
        while (k < im->ncols && !qf__ascii_iequal(name, im->cols[k].name) &&
               strcmp(name, im->cols[k].label_zh) != 0)
            k++;
        if (k == im->ncols) {
            char names[700];
            accepted_names(im, names, sizeof names);
            return qf__imp_fail_field(im, i, _("column '%s' is unknown (accepted: %s)"),
                                      qf__imp_show(im, name), names);
        }
        if (im->col[k] >= 0)
            return qf__imp_fail_field(im, i, _("column '%s' repeats column %d ('%s')"), name,
                                      im->col[k] + 1, im->header[k]);
        im->col[k] = (int)i;
        im->header[k] = name;
    }
    for (size_t k = 0; k < im->ncols; k++)
        if (im->cols[k].required && im->col[k] < 0)
            return qf__imp_fail_field(im, 0, _("required column '%s' (%s) is missing"),
                                      im->cols[k].name, im->cols[k].label_zh);
    /* messages about a column the file lacks still need a name for it */
    for (size_t k = 0; k < im->ncols; k++)
        if (!im->header[k])
            im->header[k] = im->cols[k].name;
    return QF_OK;
}

/* A sheet's row ends at its last value: the empty cells after it, up to the header's width,
 * are empty fields (a CSV record always has them). */
static int pad_row(qf_import *im)
{
    if (!im->xlsx || im->n >= im->n_header)
        return QF_OK;
    if (im->padded_cap < im->n_header) {
        const char **p = realloc(im->padded, im->n_header * sizeof *p);
        if (!p)
            return qf__oom();
        im->padded = p;
        im->padded_cap = im->n_header;
    }
    for (size_t i = 0; i < im->n_header; i++)
        im->padded[i] = i < im->n ? im->f[i] : "";
    im->f = im->padded;
    im->n = im->n_header;
    return QF_OK;
}

/* A row must have exactly the header's fields: a shifted row would put values in the wrong
 * columns, which no later check could notice. */
static int check_width(qf_import *im)
{
    if (im->n > im->n_header)
        return qf__imp_fail_field(
            im, im->n_header, _("field %zu ('%s') is beyond the header's %zu columns"),
            im->n_header + 1, qf__imp_show(im, im->f[im->n_header]), im->n_header);
    if (im->n < im->n_header) {
        const char *first_missing = "";
        for (size_t k = 0; k < im->ncols; k++)
            if (im->col[k] == (int)im->n)
                first_missing = im->header[k];
        return qf__imp_fail_field(im, im->n,
                                  _("only %zu fields, but the header has %zu columns (the first "
                                    "missing one is '%s')"),
                                  im->n, im->n_header, first_missing);
    }
    return QF_OK;
}

static int count_records(int64_t *out, qf_csv *csv)
{
    const char *const *f;
    size_t n;
    int64_t count = 0;
    int rc;
    while ((rc = qf_csv_next(&f, &n, csv)) == QF_OK)
        count++;
    if (rc != QF_ITEROVER)
        return rc;
    *out = count;
    return qf__csv_rewind(csv);
}

static int report_progress(qf_import *im, int64_t done, int64_t total)
{
    if (!im->opts->progress || (done % PROGRESS_EVERY != 0 && done != total))
        return QF_OK;
    if (im->opts->progress(done, total, im->opts->payload) != 0)
        return qf__err(QF_EUSER,
                       _("%s: import stopped by the caller after %lld of %lld rows; nothing "
                         "was imported"),
                       qf__imp_name(im), (long long)done, (long long)total);
    return QF_OK;
}

static int import_rows(qf_import *im, int64_t total, int64_t *done)
{
    int rc = im->kind == QF_IMPORT_MEMBERS ? qf__import_members_prepare(im)
                                           : qf__import_activities_prepare(im);
    while (!rc && (rc = next_row(im)) == QF_OK) {
        qf__arena_reset(&im->scratch);
        im->row++;
        rc = cell_problems(im, false);
        if (!rc)
            rc = pad_row(im);
        if (!rc)
            rc = check_width(im);
        if (!rc)
            rc = im->kind == QF_IMPORT_MEMBERS ? qf__import_member_row(im)
                                               : qf__import_activity_row(im);
        if (!rc)
            rc = report_progress(im, ++*done, total);
    }
    return rc == QF_ITEROVER ? QF_OK : rc;
}

static int check_args(qf_db *db, qf_import_kind kind, const char *path,
                      const qf_import_options *opts)
{
    if (!db)
        return qf__err(QF_EINVALID, "%s", _("import: no database"));
    if (kind != QF_IMPORT_MEMBERS && kind != QF_IMPORT_ACTIVITIES)
        return qf__err(QF_EINVALID, _("import: kind %d is unknown"), (int)kind);
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("import: file name required"));
    if (opts->version < 1 || opts->version > QF_IMPORT_OPTIONS_VERSION)
        return qf__err(QF_EINVALID,
                       _("import options: version %u is unknown (initialise them with "
                         "QF_IMPORT_OPTIONS_INIT)"),
                       opts->version);
    if (opts->default_org_id < 0)
        return qf__err(QF_EINVALID, _("import options: default_org_id %lld is not a valid id"),
                       (long long)opts->default_org_id);
    return QF_OK;
}

/* The options as the current version has them: fields added since the caller's version keep
 * their defaults. */
static qf_import_options current(const qf_import_options *opts)
{
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    if (!opts)
        return o;
    o.version = opts->version;
    o.default_org_id = opts->default_org_id;
    o.progress = opts->progress;
    o.payload = opts->payload;
    if (opts->version >= 2)
        o.sheet = opts->sheet;
    return o;
}

static void import_free(qf_import *im)
{
    qf__import_kind_free(im);
    qf__refs_free(&im->refs);
    qf__arena_free(&im->scratch);
    qf__arena_free(&im->kept);
    qf__strmap_free(&im->codes_seen);
    qf_csv_free(im->csv);
    qf_xlsx_free(im->xlsx);
    free(im->padded);
}

typedef enum source { FROM_CSV, FROM_XLSX, BY_CONTENT } source;

/* Is `path` a workbook (a zip, or an .xls / encrypted workbook to refuse clearly)? */
static int sniff(bool *xlsx, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) /* as qf_csv_open_file says it */
        return qf__err(errno == ENOENT ? QF_ENOTFOUND : QF_ERROR, _("%s: cannot open (%s)"), path,
                       strerror(errno));
    unsigned char head[8];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    *xlsx = qf_xlsx_sniff(head, got);
    return QF_OK;
}

static int open_source(qf_import *im, source from, const char *path)
{
    bool xlsx = from == FROM_XLSX;
    if (from == BY_CONTENT) {
        int rc = sniff(&xlsx, path);
        if (rc)
            return rc;
    }
    if (xlsx)
        return qf_xlsx_open_file(&im->xlsx, path, im->opts->sheet);
    if (im->opts->sheet)
        return qf__err(QF_EINVALID,
                       _("%s: a CSV file has no sheets (import options: sheet '%s'); a sheet is "
                         "chosen in an .xlsx workbook"),
                       path, im->opts->sheet);
    return qf_csv_open_file(&im->csv, path);
}

static int import_file(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                       const qf_import_options *given, source from)
{
    if (rows_out)
        *rows_out = 0;
    qf_import_options opts = current(given);
    int rc = check_args(db, kind, path, &opts);
    if (rc)
        return rc;
    qf_import im;
    memset(&im, 0, sizeof im);
    im.db = db;
    im.opts = &opts;
    im.kind = kind;
    im.cols = qf__csv_columns(kind, &im.ncols);
    for (size_t k = 0; k < QF_CSV_MAX_COLUMNS; k++)
        im.col[k] = -1;
    int64_t total = 0, done = 0;
    rc = open_source(&im, from, path);
    if (!rc && im.csv)
        rc = count_records(&total, im.csv);
    if (!rc)
        rc = read_header(&im);
    if (rc) {
        import_free(&im);
        return rc;
    }
    /* the rows after the header */
    if (im.xlsx) {
        total = (int64_t)(qf_xlsx_rows(im.xlsx) - im.sheet_rows_read);
    } else {
        total = total > 0 ? total - 1 : 0; /* the header is not a data row */
    }
    rc = qf_tx_begin(db);
    if (!rc) {
        /* the look-up tables are read inside the transaction: they match what is written */
        rc = qf__tx_end(db, import_rows(&im, total, &done));
    }
    import_free(&im);
    if (rc == QF_OK && rows_out)
        *rows_out = done;
    return rc;
}

int qf_import_csv(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                  const qf_import_options *opts)
{
    return import_file(rows_out, db, kind, path, opts, FROM_CSV);
}

int qf_import_xlsx(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                   const qf_import_options *opts)
{
    return import_file(rows_out, db, kind, path, opts, FROM_XLSX);
}

int qf_import_file(int64_t *rows_out, qf_db *db, qf_import_kind kind, const char *path,
                   const qf_import_options *opts)
{
    return import_file(rows_out, db, kind, path, opts, BY_CONTENT);
}
