/*
 * libFuzzer target for the .xlsx reader. Mutated zips mostly die at the CRC check, so the input
 * is the XML that matters: up to three parts separated by a line "====" — the worksheet, the
 * shared strings, the styles — put into a workbook (a stored zip made with libzip) with a
 * fixed workbook part and relationships. An input that starts with "PK" is taken as a whole
 * zip instead, for the package layer. Besides "no crash, no leak, no UB" it checks the
 * reader's promises: an error is QF_EINVALID (or out of memory) with a "fuzz.xlsx" prefix;
 * rows come in increasing row order, each with a value or a problem, every field valid UTF-8
 * of at most 1 MiB, a field with a problem empty; the count of rows is what was announced;
 * and a rewind reads the same rows again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char WORKBOOK[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char ROOT_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char BOOK_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/styles\" Target=\"styles.xml\"/></Relationships>";

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    zip_int64_t i = s ? zip_file_add(z, name, s, ZIP_FL_OVERWRITE) : -1;
    if (i < 0 || zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0)
        abort();
}

/* The parts of the input (split at "\n====\n") in a workbook; the zip comes back in *out. */
static size_t make_book(const uint8_t *data, size_t size, uint8_t **out)
{
    const char *names[3] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &e);
    if (!src)
        abort();
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &e);
    if (!z)
        abort();
    add(z, "_rels/.rels", ROOT_RELS, strlen(ROOT_RELS));
    add(z, "xl/workbook.xml", WORKBOOK, strlen(WORKBOOK));
    add(z, "xl/_rels/workbook.xml.rels", BOOK_RELS, strlen(BOOK_RELS));
    const uint8_t *p = data, *end = data + size;
    for (int k = 0; k < 3 && p <= end; k++) {
        const uint8_t *sep = NULL;
        for (const uint8_t *q = p; q + 6 <= end && !sep; q++)
            if (memcmp(q, "\n====\n", 6) == 0)
                sep = q;
        size_t len = (size_t)((sep ? sep : end) - p);
        add(z, names[k], p, len);
        if (!sep)
            break;
        p = sep + 6;
    }
    if (zip_close(z) != 0)
        abort();
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
        abort();
    *out = malloc(st.size ? st.size : 1);
    if (!*out || zip_source_read(src, *out, st.size) != (zip_int64_t)st.size)
        abort();
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&e);
    return st.size;
}

static bool utf8_ok(const unsigned char *s)
{
    while (*s) {
        int n = *s < 0x80 ? 0 : *s >= 0xc2 && *s <= 0xdf ? 1 : *s >= 0xe0 && *s <= 0xef ? 2
                : *s >= 0xf0 && *s <= 0xf4 ? 3 : -1;
        if (n < 0)
            return false;
        unsigned cp = *s & (0x7f >> n);
        for (int k = 1; k <= n; k++) {
            if ((s[k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[k] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        s += n + 1;
    }
    return true;
}

/* Reads every row, checking each; returns a digest of what was read. */
static unsigned long read_all(qf_xlsx *x)
{
    const char *const *f;
    size_t n, rows = 0;
    int last = 0, rc;
    unsigned long digest = 5381;
    while ((rc = qf_xlsx_next(&f, &n, x)) == QF_OK) {
        if (n < 1 || qf_xlsx_row(x) <= last)
            abort();
        last = qf_xlsx_row(x);
        bool value = false;
        for (size_t i = 0; i < n; i++) {
            const char *problem = qf_xlsx_problem(x, i);
            if (problem && (*f[i] || !*problem))
                abort();
            if (strlen(f[i]) > 1024 * 1024 || !utf8_ok((const unsigned char *)f[i]))
                abort();
            value |= *f[i] || problem;
            for (const char *c = f[i]; *c; c++)
                digest = digest * 33 + (unsigned char)*c;
        }
        if (!value)
            abort(); /* a row without a value is never returned */
        rows++;
    }
    if (rc != QF_ITEROVER && rc != QF_ENOMEM)
        abort();
    if (rc == QF_ITEROVER && rows != qf_xlsx_rows(x))
        abort();
    return digest ^ rows;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *book = NULL;
    size_t len = size;
    if (size < 2 || data[0] != 'P' || data[1] != 'K')
        len = make_book(data, size, &book);
    qf_xlsx *x = NULL;
    int rc = qf_xlsx_open_buffer(&x, book ? book : data, len, "fuzz.xlsx", NULL);
    if (rc != QF_OK) {
        if (rc != QF_EINVALID && rc != QF_ENOMEM)
            abort();
        if (rc == QF_EINVALID && strncmp(qf_error_last(), "fuzz.xlsx", 9) != 0)
            abort();
        free(book);
        return 0;
    }
    unsigned long first = read_all(x);
    qf_xlsx_rewind(x);
    if (read_all(x) != first)
        abort();
    qf_xlsx_free(x);
    free(book);
    return 0;
}
