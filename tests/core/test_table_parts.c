/*
 * Report tables in parts: sections with columns and charts of their own, and tables kept in
 * memory and written afterwards in several formats. Golden files in tests/core/golden/parts.*
 * (QUFA_UPDATE_GOLDEN=1 rewrites them after a deliberate change).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fixture.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

static void assert_golden(const char *name, const char *got, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/golden/%s", QUFA_TEST_DIR, name);
    if (getenv("QUFA_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(got, 1, len, f);
        fclose(f);
        return;
    }
    size_t want_len = 0;
    char *want = slurp(path, &want_len);
    if (!want)
        fail_msg("golden file %s is missing (QUFA_UPDATE_GOLDEN=1 creates it)", path);
    if (want_len != len || memcmp(want, got, len) != 0) {
        char actual[300];
        snprintf(actual, sizeof actual, "%s.actual", name);
        FILE *f = fopen(actual, "wb");
        if (f) {
            fwrite(got, 1, len, f);
            fclose(f);
        }
        free(want);
        fail_msg("%s differs from the golden file: diff %s %s", name, path, actual);
    }
    free(want);
}

static qf_column col(const char *key, const char *title, qf_col_type type, qf_total total)
{
    qf_column c = QF_COLUMN_INIT;
    c.key = key;
    c.title = title;
    c.type = type;
    c.total = total;
    return c;
}

/* A compliance-like report: a matrix (the table's columns), a list with its own columns, a
 * monthly figure with its own chart, and the matrix's columns again. */
static qf_table *describe(void)
{
    qf_table *t = NULL;
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    o.title = "合规情况";
    o.subtitle = "2017年";
    QF_OK_OR_FAIL(qf_table_new(&t, &o));
    qf_column c[] = {col("clause", "条款", QF_COL_TEXT, QF_TOTAL_NONE),
                     col("pass", "符合", QF_COL_INTEGER, QF_TOTAL_SUM),
                     col("fail", "不符合", QF_COL_INTEGER, QF_TOTAL_SUM)};
    for (size_t i = 0; i < 3; i++)
        QF_OK_OR_FAIL(qf_table_add_column(t, &c[i]));
    return t;
}

static void fill(qf_table *t)
{
    QF_OK_OR_FAIL(qf_table_section(t, "矩阵"));
    QF_OK_OR_FAIL(qf_table_add_row(
        t, (qf_cell[]){QF_CELL_TEXT_VALUE("DKJS/4.1"), QF_CELL_INT_VALUE(3), QF_CELL_INT_VALUE(1)},
        3));
    QF_OK_OR_FAIL(qf_table_add_row(t,
                                   (qf_cell[]){QF_CELL_TEXT_VALUE("BYT/5 mixed 中文"),
                                               QF_CELL_INT_VALUE(10), QF_CELL_INT_VALUE(0)},
                                   3));
    qf_column list[] = {col("date", "日期", QF_COL_DATE, QF_TOTAL_NONE),
                        col("what", "不符合事项", QF_COL_TEXT, QF_TOTAL_COUNT)};
    qf_section_options so = QF_SECTION_OPTIONS_INIT;
    so.title = "不符合条款";
    so.columns = list;
    so.ncolumns = 2;
    QF_OK_OR_FAIL(qf_table_section_with(t, &so));
    QF_OK_OR_FAIL(qf_table_add_row(
        t, (qf_cell[]){QF_CELL_TEXT_VALUE("2017-05-10"), QF_CELL_TEXT_VALUE("缺少会议记录")}, 2));
    /* three cells no longer fit */
    QF_FAILS_WITH(QF_EINVALID, "3 cells for 2 columns", qf_table_add_row(t, (qf_cell[3]){0}, 3));
    qf_column monthly[] = {col("month", "月份", QF_COL_TEXT, QF_TOTAL_NONE),
                           col("rate", "符合率", QF_COL_PERCENT, QF_TOTAL_AVG)};
    const char *values[] = {"rate", NULL};
    qf_chart ch = QF_CHART_INIT;
    ch.title = "各月符合率";
    ch.category = "month";
    ch.values = values;
    so.title = "各月";
    so.columns = monthly;
    so.charts = &ch;
    so.ncharts = 1;
    QF_OK_OR_FAIL(qf_table_section_with(t, &so));
    QF_OK_OR_FAIL(
        qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("1月"), QF_CELL_NUMBER_VALUE(0.5)}, 2));
    QF_OK_OR_FAIL(
        qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("2月"), QF_CELL_NUMBER_VALUE(1)}, 2));
    /* back to the table's columns */
    QF_OK_OR_FAIL(qf_table_section(t, "补充"));
    QF_OK_OR_FAIL(qf_table_add_row(
        t, (qf_cell[]){QF_CELL_TEXT_VALUE("ZB/6"), QF_CELL_INT_VALUE(1), QF_CELL_INT_VALUE(2)}, 3));
}

static char *stream_render(qf_table_format f, size_t *len)
{
    qf_table *t = describe();
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, len);
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = f;
    QF_OK_OR_FAIL(qf_table_open_stream(t, mem, &o));
    fill(t);
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(mem);
    return buf;
}

static void parts__every_format_shows_each_part_with_its_columns(void **state)
{
    (void)state;
    static const struct {
        qf_table_format f;
        const char *golden;
    } cases[] = {{QF_TABLE_TEXT, "parts.txt"},
                 {QF_TABLE_MARKDOWN, "parts.md"},
                 {QF_TABLE_CSV, "parts.csv"},
                 {QF_TABLE_JSON, "parts.json"},
                 {QF_TABLE_HTML, "parts.html"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 0;
        char *out = stream_render(cases[i].f, &len);
        assert_golden(cases[i].golden, out, len);
        free(out);
    }
    /* independent of the golden files: the parts' headers and the chart of its own */
    size_t len;
    char *csv = stream_render(QF_TABLE_CSV, &len);
    assert_non_null(
        strstr(csv, "\r\n\r\nSection,日期,不符合事项\r\n不符合条款,2017-05-10,缺少会议记录\r\n"));
    assert_non_null(strstr(csv, "\r\n\r\nSection,条款,符合,不符合\r\n补充,ZB/6,1,2\r\n"));
    free(csv);
    char *html = stream_render(QF_TABLE_HTML, &len);
    assert_non_null(strstr(html, "aria-label=\"各月符合率\""));
    int bars = 0;
    for (const char *p = html; (p = strstr(p, "<rect class=\"bar\"")) != NULL; p++)
        bars++;
    assert_int_equal(bars, 2); /* one per month, drawn under its section */
    assert_true(strstr(html, "aria-label=\"各月符合率\"") > strstr(html, "<h2>各月</h2>"));
    free(html);
}

static void parts__memory_writes_the_same_bytes_as_streaming(void **state)
{
    (void)state;
    qf_table *t = describe();
    QF_OK_OR_FAIL(qf_table_open_memory(t));
    fill(t);
    /* not before it is closed */
    QF_FAILS_WITH(QF_EINVALID, "close the table before writing it",
                  qf_table_write(t, "x.csv", NULL));
    QF_OK_OR_FAIL(qf_table_close(t));
    static const qf_table_format formats[] = {QF_TABLE_TEXT, QF_TABLE_MARKDOWN, QF_TABLE_CSV,
                                              QF_TABLE_JSON, QF_TABLE_HTML};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
        o.format = formats[i];
        QF_OK_OR_FAIL(qf_table_write_stream(t, mem, &o));
        fclose(mem);
        size_t want_len = 0;
        char *want = stream_render(formats[i], &want_len);
        if (want_len != len || memcmp(want, buf, len) != 0)
            fail_msg("%s written from memory differs from streaming",
                     qf_table_format_name(formats[i]));
        free(want);
        free(buf);
    }
    /* files: the format from the extension, twice the same table, a workbook too */
    char dir[] = "/tmp/qufa-parts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char csv[300], xlsx[300], bad[300];
    snprintf(csv, sizeof csv, "%s/a.csv", dir);
    snprintf(xlsx, sizeof xlsx, "%s/a.xlsx", dir);
    snprintf(bad, sizeof bad, "%s/missing/a.csv", dir);
    qf_table_output_options bom = QF_TABLE_OUTPUT_OPTIONS_INIT;
    bom.bom = true;
    QF_OK_OR_FAIL(qf_table_write(t, csv, &bom));
    QF_OK_OR_FAIL(qf_table_write(t, xlsx, NULL));
    size_t len = 0;
    char *got = slurp(csv, &len);
    assert_memory_equal(got, "\xef\xbb\xbfSection,条款", 16);
    free(got);
    got = slurp(xlsx, &len);
    assert_memory_equal(got, "PK\x03\x04", 4);
    free(got);
    /* a failed write leaves the table ready for another */
    QF_FAILS_WITH(QF_ENOTFOUND, "cannot create", qf_table_write(t, bad, NULL));
    QF_FAILS_WITH(QF_EINVALID, "cannot tell the format", qf_table_write(t, "a.doc", NULL));
    QF_OK_OR_FAIL(qf_table_write(t, csv, NULL));
    got = slurp(csv, &len);
    assert_memory_equal(got, "Section,条款", 13);
    free(got);
    qf_table_free(t);
    unlink(csv);
    unlink(xlsx);
    rmdir(dir);
}

static void parts__errors_name_the_section(void **state)
{
    (void)state;
    qf_table *t = describe();
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = QF_TABLE_CSV;
    QF_OK_OR_FAIL(qf_table_open_stream(t, mem, &o));
    qf_section_options so = QF_SECTION_OPTIONS_INIT;
    so.title = "列表";
    qf_column c[] = {col("a", "A", QF_COL_TEXT, QF_TOTAL_SUM)};
    so.columns = c;
    so.ncolumns = 1;
    QF_FAILS_WITH(QF_EINVALID, "section '列表': column 'a': a sum or average needs",
                  qf_table_section_with(t, &so));
    qf_column dup[] = {col("a", "A", QF_COL_TEXT, QF_TOTAL_NONE),
                       col("a", "B", QF_COL_TEXT, QF_TOTAL_NONE)};
    so.columns = dup;
    so.ncolumns = 2;
    QF_FAILS_WITH(QF_EEXISTS, "section '列表': column 'a': the key is used twice",
                  qf_table_section_with(t, &so));
    so.ncolumns = 0;
    QF_FAILS_WITH(QF_EINVALID, "section '列表': an empty list of columns",
                  qf_table_section_with(t, &so));
    qf_chart ch = QF_CHART_INIT;
    ch.title = "图";
    ch.category = "a";
    so.columns = NULL;
    so.charts = &ch;
    so.ncharts = 1;
    QF_FAILS_WITH(QF_EINVALID, "section '列表': charts need columns of the section's own",
                  qf_table_section_with(t, &so));
    const char *vals[] = {"nope", NULL};
    ch.values = vals;
    so.columns = dup;
    so.ncolumns = 1;
    QF_FAILS_WITH(QF_ENOTFOUND, "section '列表': chart '图': value column 'nope' does not exist",
                  qf_table_section_with(t, &so));
    so.version = 0;
    QF_FAILS_WITH(QF_EINVALID, "QF_SECTION_OPTIONS_INIT", qf_table_section_with(t, &so));
    /* nothing was started by the refused sections: the first real one gets the header */
    QF_OK_OR_FAIL(qf_table_section(t, "甲"));
    QF_OK_OR_FAIL(qf_table_close(t));
    /* writing needs a table kept in memory */
    QF_FAILS_WITH(QF_EINVALID, "only a table kept in memory", qf_table_write(t, "x.csv", NULL));
    qf_table_free(t);
    fclose(mem);
    assert_string_equal(buf, "Section,条款,符合,不符合\r\n甲,Total,0,0\r\n");
    free(buf);
    qf_table *u = describe();
    QF_OK_OR_FAIL(qf_table_open_memory(u));
    QF_FAILS_WITH(QF_EINVALID, "already open", qf_table_open_memory(u));
    qf_table_free(u); /* never closed: freed all the same */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts__every_format_shows_each_part_with_its_columns),
        cmocka_unit_test(parts__memory_writes_the_same_bytes_as_streaming),
        cmocka_unit_test(parts__errors_name_the_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
