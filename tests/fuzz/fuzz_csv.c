/*
 * libFuzzer target for the CSV reader. Besides "no crash, no leak, no UB" it checks the
 * reader's promises on every input: a record has 1..10000 fields of valid UTF-8 without NUL,
 * each at most 1 MiB; an error is QF_EINVALID with a "name:line:column: " prefix; and what
 * was read, written back with qf_csv_write_field, reads back identically.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps a copy of every record read, to compare after the round trip. */
typedef struct records {
    char **fields; /* all fields of all records, in order */
    size_t *counts;
    size_t nfields, nrecords;
} records;

static void records_free(records *r)
{
    for (size_t i = 0; i < r->nfields; i++)
        free(r->fields[i]);
    free(r->fields);
    free(r->counts);
}

static void keep(records *r, const char *const *f, size_t n)
{
    r->fields = realloc(r->fields, (r->nfields + n) * sizeof *r->fields);
    r->counts = realloc(r->counts, (r->nrecords + 1) * sizeof *r->counts);
    if (!r->fields || !r->counts)
        abort();
    for (size_t i = 0; i < n; i++)
        if (!(r->fields[r->nfields++] = strdup(f[i])))
            abort();
    r->counts[r->nrecords++] = n;
}

/* "name:line:col: " with positive numbers */
static void check_error_prefix(const char *msg, const char *name)
{
    size_t nl = strlen(name);
    if (strncmp(msg, name, nl) != 0 || msg[nl] != ':')
        abort();
    char *end;
    long line = strtol(msg + nl + 1, &end, 10);
    if (line < 1 || *end != ':')
        abort();
    long col = strtol(end + 1, &end, 10);
    if (col < 1 || *end != ':')
        abort();
}

static int read_records(records *r, const char *buf, size_t len, const char *name)
{
    qf_csv *csv = NULL;
    int rc = qf_csv_open_buffer(&csv, buf, len, name);
    if (rc) {
        if (rc != QF_EINVALID)
            abort();
        check_error_prefix(qf_error_last(), name);
        return rc;
    }
    const char *const *f;
    size_t n;
    int last_line = 0;
    while ((rc = qf_csv_next(&f, &n, csv)) == QF_OK) {
        if (n < 1 || n > 10000 || qf_csv_line(csv) <= last_line)
            abort();
        last_line = qf_csv_line(csv);
        for (size_t i = 0; i < n; i++)
            if (strlen(f[i]) > 1024 * 1024)
                abort();
        keep(r, f, n);
    }
    if (rc != QF_ITEROVER) {
        if (rc != QF_EINVALID && rc != QF_ENOMEM)
            abort();
        if (rc == QF_EINVALID)
            check_error_prefix(qf_error_last(), name);
        /* the reader stays failed */
        if (qf_csv_next(&f, &n, csv) != rc)
            abort();
    }
    qf_csv_free(csv);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    records first = {0};
    read_records(&first, (const char *)data, size, "fuzz.csv");
    char *out = NULL;
    size_t outlen = 0;
    FILE *mem = open_memstream(&out, &outlen);
    if (!mem)
        abort();
    /* write what was read, even from an input that failed later on */
    size_t k = 0;
    for (size_t r = 0; r < first.nrecords; r++)
        for (size_t i = 0; i < first.counts[r]; i++, k++)
            if (qf_csv_write_field(mem, first.fields[k], i + 1 == first.counts[r]) != QF_OK)
                abort(); /* every field read is valid UTF-8, so writing cannot fail */
    fclose(mem);
    records second = {0};
    if (read_records(&second, out, outlen, "round-trip") != QF_ITEROVER)
        abort();
    /* a record of one empty field is written as an empty line, which reads as blank */
    size_t a = 0, b = 0, ra = 0, rb = 0;
    while (ra < first.nrecords) {
        if (first.counts[ra] == 1 && first.fields[a][0] == '\0') {
            a++, ra++;
            continue;
        }
        if (rb >= second.nrecords || first.counts[ra] != second.counts[rb])
            abort();
        for (size_t i = 0; i < first.counts[ra]; i++)
            if (strcmp(first.fields[a++], second.fields[b++]) != 0)
                abort();
        ra++, rb++;
    }
    if (rb != second.nrecords)
        abort();
    records_free(&first);
    records_free(&second);
    free(out);
    return 0;
}
