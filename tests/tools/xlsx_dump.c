/*
 * qufa_xlsx_dump FILE [SHEET]: what qf_xlsx reads from a worksheet, one line per row:
 *
 *   ROW<TAB>COL=TEXT<TAB>COL=TEXT…      cells with a value (COL is A, B, …)
 *   ROW<TAB>COL!PROBLEM                  a cell whose value could not be read
 *
 * Tabs, newlines and backslashes in a text are written \t, \n and \\. The first line is
 * "sheet<TAB>NAME<TAB>ROWS". Exit status 1 with the message on stderr when the file cannot be
 * opened. tests/xlsx/check_reader.py compares this with what openpyxl reads.
 */
#include <stdio.h>
#include <string.h>
#include "qufa.h"

static void put_escaped(const char *s)
{
    for (; *s; s++) {
        if (*s == '\t')
            fputs("\\t", stdout);
        else if (*s == '\n')
            fputs("\\n", stdout);
        else if (*s == '\r')
            fputs("\\r", stdout);
        else if (*s == '\\')
            fputs("\\\\", stdout);
        else
            putchar(*s);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: qufa_xlsx_dump FILE.xlsx [SHEET]\n");
        return 2;
    }
    qf_xlsx *x = NULL;
    if (qf_xlsx_open_file(&x, argv[1], argc > 2 ? argv[2] : NULL) != QF_OK) {
        fprintf(stderr, "%s\n", qf_error_last());
        return 1;
    }
    printf("sheet\t%s\t%zu\n", qf_xlsx_sheet(x), qf_xlsx_rows(x));
    const char *const *cells;
    size_t n;
    int rc;
    while ((rc = qf_xlsx_next(&cells, &n, x)) == QF_OK) {
        printf("%d", qf_xlsx_row(x));
        for (size_t i = 0; i < n; i++) {
            char col[4];
            qf_xlsx_column_name(i, col);
            const char *problem = qf_xlsx_problem(x, i);
            if (problem) {
                printf("\t%s!", col);
                put_escaped(problem);
            } else if (*cells[i]) {
                printf("\t%s=", col);
                put_escaped(cells[i]);
            }
        }
        putchar('\n');
    }
    qf_xlsx_free(x);
    if (rc != QF_ITEROVER) {
        fprintf(stderr, "%s\n", qf_error_last());
        return 1;
    }
    return 0;
}
