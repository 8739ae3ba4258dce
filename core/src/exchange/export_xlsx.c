/*
 * qf_export_xlsx: the rows of qf_export_csv as one worksheet of an .xlsx workbook, which
 * qf_import_xlsx reads back (the same columns, the same round trip). Dates are real dates
 * (birth date, since, joined as yyyy-mm-dd; start and end as yyyy-mm-dd hh:mm), so that Excel
 * sorts and filters them; every other cell is text, phone and id numbers included (as numbers
 * they would lose digits). Written by libxlsxwriter in constant-memory mode to a private
 * temporary file next to the target, renamed over it only when complete.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "csvio.h"

typedef struct sheet_writer {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *header, *date, *datetime;
    lxw_row_t row;
} sheet_writer;

static int lxw_fail(lxw_error e)
{
    return qf__err(QF_ERROR, _("xlsx: %s"), lxw_strerror(e));
}

/* Is column `k` of `kind` a date (1) or a date and time (2)? */
static int date_column(qf_import_kind kind, size_t k)
{
    if (kind == QF_IMPORT_MEMBERS)
        return k == MC_BIRTH_DATE || k == MC_SINCE || k == MC_JOINED;
    return k == AC_STARTS_AT || k == AC_ENDS_AT ? 2 : 0;
}

/* Display columns `s` takes (a Chinese character two), for the column widths. */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            w += *p >= 0xe0 ? 2 : 1;
    return w;
}

static int write_cell(sheet_writer *w, qf_import_kind kind, size_t k, const char *s)
{
    lxw_col_t col = (lxw_col_t)k;
    if (w->row == 0)
        return worksheet_write_string(w->ws, 0, col, s, w->header);
    int dated = date_column(kind, k);
    qf_datetime t;
    if (dated && qf_datetime_parse(&t, s) == QF_OK) { /* a masked birth date stays text */
        qf_date d = qf_datetime_date(t);
        int y, m, day;
        qf_date_to_ymd(d, &y, &m, &day);
        int minutes = (int)(t - qf_datetime_from_date(d, 0, 0));
        lxw_datetime dt = {y, m, day, minutes / 60, minutes % 60, 0};
        return worksheet_write_datetime(w->ws, w->row, col, &dt,
                                        dated == 2 ? w->datetime : w->date);
    }
    return worksheet_write_string(w->ws, w->row, col, s, NULL);
}

static int xlsx_row(qf_export_out *out, const char *const *cells, size_t n)
{
    sheet_writer *w = out->sheet;
    for (size_t k = 0; k < n && k < QF_CSV_MAX_COLUMNS; k++) {
        if (!cells[k] || !*cells[k])
            continue;
        lxw_error e = write_cell(w, out->kind, k, cells[k]);
        if (e)
            return lxw_fail(e);
    }
    w->row++;
    return QF_OK;
}

static int open_sheet(sheet_writer *w, const char *tmp, qf_import_kind kind,
                      const qf_export_options *opts)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_FALSE};
    w->wb = workbook_new_opt(tmp, &o);
    if (!w->wb)
        return qf__err(QF_ERROR, _("%s: cannot create the workbook"), tmp);
    const char *name = kind == QF_IMPORT_MEMBERS ? (opts->chinese_headers ? "党员" : "members")
                                                 : (opts->chinese_headers ? "活动" : "activities");
    w->ws = workbook_add_worksheet(w->wb, name);
    w->header = workbook_add_format(w->wb);
    w->date = workbook_add_format(w->wb);
    w->datetime = workbook_add_format(w->wb);
    if (!w->ws || !w->header || !w->date || !w->datetime)
        return qf__oom();
    format_set_bold(w->header);
    format_set_num_format(w->date, "yyyy-mm-dd");
    format_set_num_format(w->datetime, "yyyy-mm-dd hh:mm");
    /* the header stays on screen; it is set before any row in constant-memory mode */
    worksheet_freeze_panes(w->ws, 1, 0);
    return QF_OK;
}

/* Column widths can only be set before the rows in constant-memory mode: they come from the
 * header, with room for a date. */
static void set_widths(sheet_writer *w, qf_import_kind kind, const qf_export_options *opts)
{
    size_t n;
    const qf_csv_column *cols = qf__csv_columns(kind, &n);
    for (size_t k = 0; k < n; k++) {
        double hw = text_width(opts->chinese_headers ? cols[k].label_zh : cols[k].name) + 2;
        double dw = date_column(kind, k) == 2 ? 17 : date_column(kind, k) ? 11 : 14;
        worksheet_set_column(w->ws, (lxw_col_t)k, (lxw_col_t)k, hw > dw ? hw : dw, NULL);
    }
}

static int temp_path(char **out, const char *path)
{
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return qf__oom();
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp); /* 0600: the file holds personal data */
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return qf__err(e == ENOENT ? QF_ENOTFOUND : QF_ERROR, _("%s: cannot create (%s)"), path,
                       strerror(e));
    }
    close(fd);
    *out = tmp;
    return QF_OK;
}

int qf_export_xlsx(qf_db *db, qf_import_kind kind, const char *path,
                   const qf_export_options *opts)
{
    static const qf_export_options defaults = QF_EXPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("export: file name required"));
    char *tmp = NULL;
    int rc = temp_path(&tmp, path);
    if (rc)
        return rc;
    sheet_writer w;
    memset(&w, 0, sizeof w);
    rc = open_sheet(&w, tmp, kind == QF_IMPORT_MEMBERS ? kind : QF_IMPORT_ACTIVITIES, opts);
    if (!rc) {
        set_widths(&w, kind == QF_IMPORT_MEMBERS ? kind : QF_IMPORT_ACTIVITIES, opts);
        qf_export_out o = {xlsx_row, NULL, &w, kind};
        rc = qf__export_records(db, kind, &o, opts);
    }
    if (w.wb) {
        lxw_error e = workbook_close(w.wb);
        if (!rc && e)
            rc = lxw_fail(e);
    }
    if (!rc && rename(tmp, path) != 0)
        rc = qf__err(QF_ERROR, _("%s: cannot rename the finished file (%s)"), path,
                     strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}
