/*
 * qf_xlsx: one worksheet of a workbook as rows of text cells (see qufa/xlsx.h). Opening reads
 * the whole sheet (xlsx_sheet.c) and closes the zip; rows are then built from the cells one
 * at a time, with "" for the empty cells between.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xlsx_internal.h"

struct qf_xlsx {
    char *name;
    char *sheet;
    xlsx_strings ss;
    xlsx_sheet sh;
    size_t rows;    /* rows with a value */
    size_t next;    /* the first cell of the next row */
    int row;        /* the sheet row of the last row returned (1-based) */
    const char **fields;
    const char **problems;
    size_t nfields, cap;
};

void qf_xlsx_column_name(size_t i, char buf[4])
{
    char tmp[4];
    size_t n = 0;
    i++;
    while (i > 0 && n < 3) {
        tmp[n++] = (char)('A' + (i - 1) % 26);
        i = (i - 1) / 26;
    }
    for (size_t k = 0; k < n; k++)
        buf[k] = tmp[n - 1 - k];
    buf[n] = '\0';
}

bool qf_xlsx_sniff(const void *head, size_t len)
{
    const unsigned char *h = head;
    if (len >= 4 && h[0] == 'P' && h[1] == 'K' &&
        ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6) || (h[2] == 7 && h[3] == 8)))
        return true;
    /* OLE2: an .xls, or an .xlsx encrypted with a password */
    static const unsigned char ole[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
    return len >= 8 && memcmp(h, ole, 8) == 0;
}

static int not_zip(const char *name, const unsigned char *h, size_t len)
{
    if (qf_xlsx_sniff(h, len) && h[0] == 0xd0)
        return qf__err(QF_EINVALID,
                       _("%s: an Excel 97-2003 .xls file or a workbook protected by a password: "
                         "open it in Excel or WPS and save it as .xlsx without a password"),
                       name);
    return qf__err(QF_EINVALID, _("%s: not an .xlsx workbook (it is not a zip archive)"), name);
}

static size_t count_rows(const xlsx_sheet *sh)
{
    size_t rows = 0;
    for (size_t i = 0; i < sh->n; i++)
        if (i == 0 || sh->cells[i].row != sh->cells[i - 1].row)
            rows++;
    return rows;
}

static int open_pkg(qf_xlsx *x, xlsx_pkg *p, const char *sheet)
{
    xlsx_book b;
    xlsx_styles st;
    memset(&st, 0, sizeof st);
    int rc = xlsx_book_read(&b, p, sheet);
    if (rc)
        return rc;
    rc = xlsx_styles_read(&st, p, b.styles_part);
    if (!rc)
        rc = xlsx_strings_read(&x->ss, p, b.strings_part);
    if (!rc)
        rc = xlsx_sheet_read(&x->sh, p, &b, &st, &x->ss);
    if (!rc && !(x->sheet = qf__strdup(b.sheet_name)))
        rc = qf__oom();
    x->rows = count_rows(&x->sh);
    xlsx_styles_free(&st);
    xlsx_book_free(&b);
    return rc;
}

static int finish_open(qf_xlsx **out, qf_xlsx *x, xlsx_pkg *p, int rc, const char *sheet)
{
    if (!rc)
        rc = open_pkg(x, p, sheet);
    xlsx_pkg_close(p);
    if (rc) {
        qf_xlsx_free(x);
        return rc;
    }
    *out = x;
    return QF_OK;
}

static qf_xlsx *new_reader(const char *name)
{
    qf_xlsx *x = calloc(1, sizeof *x);
    if (x && !(x->name = qf__strdup(name))) {
        free(x);
        x = NULL;
    }
    return x;
}

int qf_xlsx_open_file(qf_xlsx **out, const char *path, const char *sheet)
{
    *out = NULL;
    if (!path || !*path)
        return qf__err(QF_EINVALID, "%s", _("xlsx: file name required"));
    FILE *f = fopen(path, "rb");
    if (!f) /* as qf_csv_open_file says it */
        return qf__err(errno == ENOENT ? QF_ENOTFOUND : QF_ERROR, _("%s: cannot open (%s)"), path,
                       strerror(errno));
    unsigned char head[8];
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (!qf_xlsx_sniff(head, got) || head[0] != 'P')
        return not_zip(path, head, got);
    qf_xlsx *x = new_reader(path);
    if (!x)
        return qf__oom();
    xlsx_pkg p;
    int rc = xlsx_pkg_open_file(&p, path, x->name);
    return finish_open(out, x, &p, rc, sheet);
}

int qf_xlsx_open_buffer(qf_xlsx **out, const void *data, size_t len, const char *name,
                        const char *sheet)
{
    *out = NULL;
    if (!name)
        name = "xlsx";
    if (!qf_xlsx_sniff(data, len) || ((const unsigned char *)data)[0] != 'P')
        return not_zip(name, data, len);
    qf_xlsx *x = new_reader(name);
    if (!x)
        return qf__oom();
    xlsx_pkg p;
    int rc = xlsx_pkg_open_buffer(&p, data, len, x->name);
    return finish_open(out, x, &p, rc, sheet);
}

static const char *cell_text(const qf_xlsx *x, const xlsx_cell *c)
{
    return c->from_sst ? x->ss.text.s + x->ss.off[c->off] : x->sh.text.s + c->off;
}

int qf_xlsx_next(const char *const **cells, size_t *n, qf_xlsx *x)
{
    const xlsx_sheet *sh = &x->sh;
    if (x->next >= sh->n)
        return QF_ITEROVER;
    size_t first = x->next, last = first;
    uint32_t row = sh->cells[first].row;
    while (last + 1 < sh->n && sh->cells[last + 1].row == row)
        last++;
    size_t width = (size_t)sh->cells[last].col + 1;
    if (width > x->cap) {
        const char **f = realloc(x->fields, width * sizeof *f);
        if (f)
            x->fields = f;
        const char **p = f ? realloc(x->problems, width * sizeof *p) : NULL;
        if (!p)
            return qf__oom();
        x->problems = p;
        x->cap = width;
    }
    for (size_t i = 0; i < width; i++) {
        x->fields[i] = "";
        x->problems[i] = NULL;
    }
    for (size_t i = first; i <= last; i++) {
        const xlsx_cell *c = &sh->cells[i];
        if (c->problem)
            x->problems[c->col] = x->sh.text.s + c->off;
        else
            x->fields[c->col] = cell_text(x, c);
    }
    x->nfields = width;
    x->next = last + 1;
    x->row = (int)row + 1;
    *cells = x->fields;
    *n = width;
    return QF_OK;
}

void qf_xlsx_rewind(qf_xlsx *x)
{
    x->next = 0;
    x->row = 0;
    x->nfields = 0;
}

int qf_xlsx_row(const qf_xlsx *x)
{
    return x->row;
}

const char *qf_xlsx_problem(const qf_xlsx *x, size_t i)
{
    return i < x->nfields ? x->problems[i] : NULL;
}

size_t qf_xlsx_rows(const qf_xlsx *x)
{
    return x->rows;
}

const char *qf_xlsx_name(const qf_xlsx *x)
{
    return x->name;
}

const char *qf_xlsx_sheet(const qf_xlsx *x)
{
    return x->sheet ? x->sheet : "";
}

void qf_xlsx_free(qf_xlsx *x)
{
    if (!x)
        return;
    xlsx_strings_free(&x->ss);
    xlsx_sheet_free(&x->sh);
    free(x->fields);
    free(x->problems);
    free(x->sheet);
    free(x->name);
    free(x);
}
