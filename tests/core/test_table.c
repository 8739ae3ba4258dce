/*
 * Report tables: the model's rules, every renderer against a golden file, totals, streaming,
 * files that appear only when complete, and the sample files checked outside (openpyxl,
 * Chromium). Set QUFA_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixture.h"
#include "table_internal.h"
#include "table_sample.h"

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

/* Compares `got` with tests/core/golden/<name>; on a difference writes <name>.actual in the
 * working directory so `diff` shows what changed. */
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

static char *render(qf_table_format f, bool bom, size_t *len)
{
    char *out = NULL;
    QF_OK_OR_FAIL(ts_ledger_render(&out, len, f, bom));
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* --- display width --- */

static void table__display_width_counts_cjk_as_two(void **state)
{
    assert_int_equal(qf_display_width("abc"), 3);
    assert_int_equal(qf_display_width("党支部"), 6);
    assert_int_equal(qf_display_width("Q3 标准化"), 9);
    assert_int_equal(qf_display_width("ＡＢ１"), 6);      /* fullwidth forms */
    assert_int_equal(qf_display_width("《》，。："), 10); /* CJK punctuation */
    assert_int_equal(qf_display_width("e\xcc\x81"), 1);   /* e + combining acute */
    assert_int_equal(qf_display_width("a\xe2\x80\x8b"
                                      "b"),
                     2);                                       /* zero-width space */
    assert_int_equal(qf_display_width("\xf0\x9f\x91\x8d"), 2); /* emoji 👍 */
    assert_int_equal(qf_display_width("\xea\xb0\x80"), 2);     /* Hangul 가 */
    assert_int_equal(qf_display_width("\xe2\x80\x9c"
                                      "x"
                                      "\xe2\x80\x9d"),
                     3);                             /* “x” narrow */
    assert_int_equal(qf_display_width("a\tb\n"), 2); /* controls draw nothing */
    assert_int_equal(qf_display_width("\xff"
                                      "a"),
                     2);                               /* a bad byte counts one */
    assert_int_equal(qf_display_width("\xe4\xb8"), 2); /* truncated: two bad bytes */
    assert_int_equal(qf_display_width(""), 0);
    assert_int_equal(qf_display_width(NULL), 0);
}

/* --- renderers against golden files --- */

/* Byte offset in `line` where its first `cols` display columns end. */
static size_t prefix_bytes(const char *line, size_t cols)
{
    size_t i = 0, w = 0;
    char one[5];
    while (line[i] && w < cols) {
        size_t len = 1;
        while (((unsigned char)line[i + len] & 0xc0) == 0x80)
            len++;
        memcpy(one, line + i, len);
        one[len] = '\0';
        w += qf_display_width(one);
        i += len;
    }
    return i;
}

static void table__text_aligns_mixed_chinese_and_ascii(void **state)
{
    size_t len;
    char *s = render(QF_TABLE_TEXT, false, &len);
    assert_golden("table.txt", s, len);
    /* independent of the golden file: the right-aligned 应到 column ends at the same display
     * column in the rules and in every row, whatever mix of 汉字 and ASCII precedes it */
    static const char rule_end[] = "  ----  ----  ------  ------";
    size_t due_end = 0;
    int rows = 0;
    char *save = NULL;
    for (char *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tail = strstr(line, rule_end);
        if (strncmp(line, "----------", 10) == 0 && tail) {
            due_end = qf_display_width(line) - qf_display_width(tail) + 6;
            continue;
        }
        if (strncmp(line, "2017-", 5) != 0)
            continue;
        assert_true(due_end > 0);
        size_t at = prefix_bytes(line, due_end);
        /* "15" or "16" or "20" ends exactly there, followed by a gap or the end of line */
        assert_true(at >= 2 && line[at - 2] >= '1' && line[at - 2] <= '2');
        assert_true(line[at - 1] >= '0' && line[at - 1] <= '9');
        assert_true(line[at] == ' ' || line[at] == '\0');
        assert_true(line[at - 3] == ' ');
        rows++;
    }
    assert_int_equal(rows, 5);
    free(s);
}

static void table__markdown_escapes_pipes_and_markup(void **state)
{
    size_t len;
    char *s = render(QF_TABLE_MARKDOWN, false, &len);
    assert_golden("table.md", s, len);
    assert_non_null(strstr(s, "a\\|b\\*c \\<b\\>"));
    assert_non_null(strstr(s, "标准体系<br>第八期"));
    assert_non_null(strstr(s, "| ---: |"));
    /* every table line has as many unescaped pipes as the header */
    size_t pipes = 0;
    char *save = NULL;
    for (char *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] != '|')
            continue;
        size_t n = 0;
        for (char *p = line; *p; p++)
            n += *p == '|' && (p == line || p[-1] != '\\');
        if (!pipes)
            pipes = n;
        assert_int_equal(n, pipes);
    }
    assert_int_equal(pipes, 8);
    free(s);
}

/* The CSV reads back with the strict reader into the same cells. */
static void table__csv_quotes_and_reads_back(void **state)
{
    size_t len;
    char *s = render(QF_TABLE_CSV, false, &len);
    assert_golden("table.csv", s, len);
    qf_csv *csv = NULL;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, s, len, "table.csv"));
    const char *const *f;
    size_t n, records = 0;
    while (qf_csv_next(&f, &n, csv) == QF_OK) {
        assert_int_equal(n, 8); /* the section column and the seven columns */
        if (records == 5) {
            assert_string_equal(f[0], "党课");
            assert_string_equal(f[2], "半月谈：标准体系\n第八期");
            assert_string_equal(f[3], "\"专家\" O'Brien");
        }
        records++;
    }
    assert_int_equal(records, 1 + 3 + 1 + 2 + 1);
    qf_csv_free(csv);
    free(s);
    s = render(QF_TABLE_CSV, true, &len);
    assert_golden("table_bom.csv", s, len);
    assert_memory_equal(s, "\xef\xbb\xbfSection,", 11);
    free(s);
}

static void table__json_keeps_types(void **state)
{
    size_t len;
    char *s = render(QF_TABLE_JSON, false, &len);
    assert_golden("table.json", s, len);
    json_error_t err;
    json_t *root = json_loadb(s, len, 0, &err);
    if (!root)
        fail_msg("JSON does not parse: %s at line %d", err.text, err.line);
    assert_string_equal(json_string_value(json_object_get(root, "title")),
                        "工业标准一部党支部 活动台账");
    json_t *cols = json_object_get(root, "columns");
    assert_int_equal(json_array_size(cols), 7);
    assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 5), "type")),
                        "percent");
    json_t *sections = json_object_get(root, "sections");
    assert_int_equal(json_array_size(sections), 2);
    json_t *first = json_array_get(json_object_get(json_array_get(sections, 0), "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "date")), "2017-07-06");
    assert_true(json_is_integer(json_object_get(first, "due")));
    assert_true(json_is_real(json_object_get(first, "rate")));
    assert_true(json_is_true(json_object_get(first, "minutes")));
    json_t *last = json_array_get(json_object_get(json_array_get(sections, 1), "rows"), 1);
    assert_true(json_is_null(json_object_get(last, "present")));
    json_t *totals = json_object_get(json_array_get(sections, 0), "totals");
    assert_int_equal(json_integer_value(json_object_get(totals, "due")), 46);
    assert_int_equal(json_integer_value(json_object_get(totals, "minutes")), 2);
    assert_null(json_object_get(totals, "date")); /* the "Total" label is not data */
    json_decref(root);
    free(s);
}

static void table__html_is_self_contained_and_escaped(void **state)
{
    size_t len;
    char *s = render(QF_TABLE_HTML, false, &len);
    assert_golden("table.html", s, len);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<b>")); /* the topic's "<b>" is text, not markup */
    assert_non_null(strstr(s, "a|b*c &lt;b&gt;"));
    assert_non_null(strstr(s, "&quot;专家&quot; O&#39;Brien"));
    assert_null(strstr(s, " src="));
    assert_null(strstr(s, " href="));
    assert_null(strstr(s, "url("));
    /* the only URL is the SVG namespace, which is a name, not a resource */
    assert_int_equal(count(s, "http"), count(s, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_int_equal(count(s, "<svg"), 3); /* a line chart over all rows, a bar chart per section */
    assert_int_equal(count(s, "class=\"bar\""), TS_LEDGER_BARS);
    assert_int_equal(count(s, "class=\"dot\""), 4); /* the fifth row has no rate */
    assert_non_null(strstr(s, "thead{display:table-header-group}"));
    assert_non_null(strstr(s, "@media print"));
    free(s);
}

/* --- totals --- */

static int add_col(qf_table *t, const char *key, qf_col_type type, qf_total total)
{
    qf_column c = QF_COLUMN_INIT;
    c.key = key;
    c.title = key;
    c.type = type;
    c.total = total;
    return qf_table_add_column(t, &c);
}

static qf_table *simple_table(void)
{
    qf_table *t = NULL;
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    o.title = "t";
    QF_OK_OR_FAIL(qf_table_new(&t, &o));
    QF_OK_OR_FAIL(add_col(t, "name", QF_COL_TEXT, QF_TOTAL_COUNT));
    QF_OK_OR_FAIL(add_col(t, "n", QF_COL_INTEGER, QF_TOTAL_SUM));
    QF_OK_OR_FAIL(add_col(t, "x", QF_COL_NUMBER, QF_TOTAL_AVG));
    QF_OK_OR_FAIL(add_col(t, "ok", QF_COL_BOOL, QF_TOTAL_COUNT));
    return t;
}

static void csv_of(qf_table *t, size_t *len, FILE **mem, char **buf)
{
    *mem = open_memstream(buf, len);
    assert_non_null(*mem);
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = QF_TABLE_CSV;
    QF_OK_OR_FAIL(qf_table_open_stream(t, *mem, &o));
}

static void table__totals_sum_count_and_average(void **state)
{
    qf_table *t = simple_table();
    char *buf = NULL;
    size_t len;
    FILE *mem;
    csv_of(t, &len, &mem, &buf);
    QF_OK_OR_FAIL(qf_table_add_row(t,
                                   (qf_cell[]){QF_CELL_TEXT_VALUE("a"), QF_CELL_INT_VALUE(2),
                                               QF_CELL_NUMBER_VALUE(1.5), QF_CELL_BOOL_VALUE(true)},
                                   4));
    QF_OK_OR_FAIL(qf_table_add_row(t,
                                   (qf_cell[]){QF_CELL_TEXT_VALUE(""), QF_CELL_INT_VALUE(-5),
                                               QF_CELL_EMPTY_VALUE, QF_CELL_BOOL_VALUE(false)},
                                   4));
    QF_OK_OR_FAIL(qf_table_add_row(
        t, (qf_cell[]){QF_CELL_TEXT_VALUE("c"), QF_CELL_EMPTY_VALUE, QF_CELL_INT_VALUE(4)}, 3));
    assert_int_equal(qf_table_row_count(t), 3);
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(mem);
    /* count skips the empty name and the false/empty bools; the average skips the gap;
     * the first column has a figure of its own, so no "Total" label */
    assert_string_equal(buf, "name,n,x,ok\r\n"
                             "a,2,1.50,yes\r\n"
                             ",-5,,no\r\n"
                             "c,,4.00,\r\n"
                             "2,-3,2.75,1\r\n");
    free(buf);
}

static void table__empty_table_shows_header_and_zero_totals(void **state)
{
    qf_table *t = simple_table();
    char *buf = NULL;
    size_t len;
    FILE *mem;
    csv_of(t, &len, &mem, &buf);
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(mem);
    assert_string_equal(buf, "name,n,x,ok\r\n0,0,,0\r\n");
    free(buf);
}

static void table__integer_total_overflow_rejects_the_row(void **state)
{
    qf_table *t = simple_table();
    char *buf = NULL;
    size_t len;
    FILE *mem;
    csv_of(t, &len, &mem, &buf);
    QF_OK_OR_FAIL(
        qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("a"), QF_CELL_INT_VALUE(INT64_MAX)}, 2));
    QF_FAILS_WITH(
        QF_EINVALID, "column 'n': the total overflows",
        qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("b"), QF_CELL_INT_VALUE(1)}, 2));
    /* the table goes on without the rejected row */
    QF_OK_OR_FAIL(qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("c")}, 1));
    assert_int_equal(qf_table_row_count(t), 2);
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(mem);
    assert_null(strstr(buf, "\nb,"));
    free(buf);
}

/* --- the model's rules --- */

static void table__describing_errors_name_the_column(void **state)
{
    qf_table *t = NULL;
    qf_table_options o = QF_TABLE_OPTIONS_INIT;
    QF_FAILS_WITH(QF_EINVALID, "table title: required", qf_table_new(&t, &o));
    assert_null(t);
    o.title = "bad\xff";
    QF_FAILS_WITH(QF_EINVALID, "table title: invalid UTF-8", qf_table_new(&t, &o));
    t = simple_table();
    QF_FAILS_WITH(QF_EEXISTS, "column 'n': the key is used twice",
                  add_col(t, "n", QF_COL_TEXT, QF_TOTAL_NONE));
    QF_FAILS_WITH(QF_EINVALID, "'Bad Key' is not a valid code",
                  add_col(t, "Bad Key", QF_COL_TEXT, QF_TOTAL_NONE));
    QF_FAILS_WITH(QF_EINVALID, "column 'memo': a sum or average needs",
                  add_col(t, "memo", QF_COL_TEXT, QF_TOTAL_SUM));
    QF_FAILS_WITH(QF_EINVALID, "column 'day': a sum or average needs",
                  add_col(t, "day", QF_COL_DATE, QF_TOTAL_AVG));
    qf_column c = QF_COLUMN_INIT;
    c.key = "w";
    c.title = "w";
    c.width = 500;
    QF_FAILS_WITH(QF_EINVALID, "column 'w': width 500", qf_table_add_column(t, &c));
    c.width = 0;
    c.decimals = 11;
    QF_FAILS_WITH(QF_EINVALID, "column 'w': decimals 11", qf_table_add_column(t, &c));
    c.version = 0;
    QF_FAILS_WITH(QF_EINVALID, "QF_COLUMN_INIT", qf_table_add_column(t, &c));

    static const char *const none[] = {NULL};
    static const char *const text[] = {"name", NULL};
    static const char *const missing[] = {"nope", NULL};
    qf_chart ch = QF_CHART_INIT;
    ch.title = "图";
    ch.category = "nope";
    ch.values = none;
    QF_FAILS_WITH(QF_ENOTFOUND, "chart '图': category column 'nope' does not exist",
                  qf_table_add_chart(t, &ch));
    ch.category = "name";
    QF_FAILS_WITH(QF_EINVALID, "at least one value column", qf_table_add_chart(t, &ch));
    ch.values = missing;
    QF_FAILS_WITH(QF_ENOTFOUND, "value column 'nope' does not exist", qf_table_add_chart(t, &ch));
    ch.values = text;
    QF_FAILS_WITH(QF_EINVALID, "value column 'name' is text", qf_table_add_chart(t, &ch));

    /* rows need an open output; columns and charts must come before it */
    QF_FAILS_WITH(QF_EINVALID, "open the output before adding rows", qf_table_cell_int(t, 1));
    QF_FAILS_WITH(QF_EINVALID, "open the output", qf_table_section(t, "s"));
    qf_table_output_options oo = QF_TABLE_OUTPUT_OPTIONS_INIT;
    QF_FAILS_WITH(QF_EINVALID, "a stream needs an explicit format",
                  qf_table_open_stream(t, stdout, &oo));
    oo.format = QF_TABLE_CSV;
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    QF_OK_OR_FAIL(qf_table_open_stream(t, sink, &oo));
    QF_FAILS_WITH(QF_EINVALID, "already open", qf_table_open_stream(t, sink, &oo));
    QF_FAILS_WITH(QF_EINVALID, "columns must be added before the output is opened",
                  add_col(t, "late", QF_COL_TEXT, QF_TOTAL_NONE));
    ch.values = (const char *const[]){"n", NULL};
    QF_FAILS_WITH(QF_EINVALID, "charts must be added before", qf_table_add_chart(t, &ch));
    qf_table_free(t);
    fclose(sink);

    qf_table *empty = NULL;
    o.title = "no columns";
    QF_OK_OR_FAIL(qf_table_new(&empty, &o));
    QF_FAILS_WITH(QF_EINVALID, "add columns before opening", qf_table_open(empty, "x.csv", NULL));
    qf_table_free(empty);
    qf_table_free(NULL);
}

static void table__rejected_values_name_row_and_column(void **state)
{
    qf_table *t = simple_table();
    QF_OK_OR_FAIL(add_col(t, "day", QF_COL_DATE, QF_TOTAL_NONE));
    FILE *sink = fopen("/dev/null", "w");
    qf_table_output_options oo = QF_TABLE_OUTPUT_OPTIONS_INIT;
    oo.format = QF_TABLE_JSON;
    QF_OK_OR_FAIL(qf_table_open_stream(t, sink, &oo));
    QF_OK_OR_FAIL(qf_table_cell_text(t, "first"));
    QF_FAILS_WITH(QF_EINVALID,
                  "row 1, column 'n': a value of type text does not fit a column of type integer",
                  qf_table_cell_text(t, "12"));
    QF_FAILS_WITH(QF_EINVALID, "row 1, column 'n': a value of type number does not fit",
                  qf_table_cell_number(t, 1.5));
    QF_OK_OR_FAIL(qf_table_cell_int(t, 7)); /* the rejected cells left the row as it was */
    QF_FAILS_WITH(QF_EINVALID, "row 1, column 'x': not a finite number",
                  qf_table_cell_number(t, 0.0 / 0.0));
    QF_OK_OR_FAIL(qf_table_cell_int(t, 3)); /* ints are welcome in number columns */
    QF_FAILS_WITH(QF_EINVALID, "of type integer does not fit a column of type bool",
                  qf_table_cell_int(t, 1));
    QF_OK_OR_FAIL(qf_table_cell_bool(t, true));
    QF_FAILS_WITH(QF_EINVALID, "row 1, column 'day': '2017-02-30' is not a date",
                  qf_table_cell_text(t, "2017-02-30"));
    QF_OK_OR_FAIL(qf_table_cell_text(t, "2017-02-28"));
    QF_FAILS_WITH(QF_EINVALID, "row 1: more cells than the 5 columns", qf_table_cell_int(t, 1));
    QF_FAILS_WITH(QF_EINVALID, "section 'late': the row in progress is not finished",
                  qf_table_section(t, "late"));
    QF_OK_OR_FAIL(qf_table_row_end(t));

    QF_FAILS_WITH(QF_EINVALID, "row 2, column 'name': invalid UTF-8",
                  qf_table_cell_text(t, "a\xc0\xaf"
                                        "b"));
    QF_FAILS_WITH(QF_EINVALID, "row 2, column 'name': control character",
                  qf_table_cell_text(t, "bell\a"));
    char *huge = malloc(32769);
    memset(huge, 'x', 32768);
    huge[32768] = '\0';
    QF_FAILS_WITH(QF_EINVALID, "row 2, column 'name': text of 32768 characters is longer",
                  qf_table_cell_text(t, huge));
    huge[32767] = '\0';
    QF_OK_OR_FAIL(qf_table_cell_text(t, huge));
    free(huge);
    QF_OK_OR_FAIL(qf_table_cell_int(t, 1));
    QF_OK_OR_FAIL(qf_table_cell_number(t, 1));
    QF_OK_OR_FAIL(qf_table_cell_bool(t, false));
    QF_FAILS_WITH(QF_EINVALID, "row 2, column 'day': date out of range (year 4707)",
                  qf_table_cell_date(t, 999999));
    QF_FAILS_WITH(QF_EINVALID, "row 2: the row in progress is not finished", qf_table_close(t));
    QF_OK_OR_FAIL(qf_table_row_end(t));

    /* a whole row is all or nothing */
    QF_FAILS_WITH(QF_EINVALID,
                  "row 3, column 'ok': a value of type text does not fit a column of type bool",
                  qf_table_add_row(t,
                                   (qf_cell[]){QF_CELL_TEXT_VALUE("x"), QF_CELL_INT_VALUE(1),
                                               QF_CELL_EMPTY_VALUE, QF_CELL_TEXT_VALUE("yes")},
                                   4));
    QF_FAILS_WITH(QF_EINVALID, "row 3: 6 cells for 5 columns",
                  qf_table_add_row(t, (qf_cell[6]){{QF_CELL_EMPTY, {.i = 0}}}, 6));
    assert_int_equal(qf_table_row_count(t), 2);
    QF_OK_OR_FAIL(qf_table_cell_text(t, "started"));
    QF_FAILS_WITH(QF_EINVALID, "a row is already in progress",
                  qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("x")}, 1));
    QF_OK_OR_FAIL(qf_table_row_end(t));
    QF_OK_OR_FAIL(qf_table_close(t));
    QF_FAILS_WITH(QF_EINVALID, "already closed", qf_table_cell_int(t, 1));
    qf_table_free(t);
    fclose(sink);
}

static void table__sections_cannot_follow_loose_rows(void **state)
{
    qf_table *t = simple_table();
    FILE *sink = fopen("/dev/null", "w");
    qf_table_output_options oo = QF_TABLE_OUTPUT_OPTIONS_INIT;
    oo.format = QF_TABLE_TEXT;
    QF_OK_OR_FAIL(qf_table_open_stream(t, sink, &oo));
    QF_OK_OR_FAIL(qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("loose")}, 1));
    QF_FAILS_WITH(QF_EINVALID, "section '二': rows were already added outside any section",
                  qf_table_section(t, "二"));
    QF_FAILS_WITH(QF_EINVALID, "section title: required", qf_table_section(t, ""));
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    fclose(sink);
}

static void table__format_comes_from_the_extension(void **state)
{
    static const struct {
        const char *path;
        qf_table_format f;
    } cases[] = {{"a.txt", QF_TABLE_TEXT},      {"a.md", QF_TABLE_MARKDOWN},
                 {"dir.x/a.csv", QF_TABLE_CSV}, {"a.JSON", QF_TABLE_JSON},
                 {"台账.xlsx", QF_TABLE_XLSX},  {"a.html", QF_TABLE_HTML},
                 {"a.htm", QF_TABLE_HTML}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qf_table_format f = QF_TABLE_AUTO;
        QF_OK_OR_FAIL(qf_table_format_from_path(&f, cases[i].path));
        assert_int_equal(f, cases[i].f);
    }
    qf_table_format f;
    QF_FAILS_WITH(QF_EINVALID, "report.doc: cannot tell the format",
                  qf_table_format_from_path(&f, "report.doc"));
    QF_FAILS_WITH(QF_EINVALID, "cannot tell", qf_table_format_from_path(&f, "dir.csv/report"));
    QF_FAILS_WITH(QF_EINVALID, "cannot tell", qf_table_format_from_path(&f, "report."));
    QF_OK_OR_FAIL(qf_table_format_parse(&f, "markdown"));
    assert_int_equal(f, QF_TABLE_MARKDOWN);
    QF_FAILS_WITH(QF_EINVALID, "format 'pdf' is unknown", qf_table_format_parse(&f, "pdf"));
    assert_string_equal(qf_table_format_name(QF_TABLE_XLSX), "xlsx");
}

/* --- files --- */

static char tmpdir[64];

static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void table__file_appears_only_when_closed(void **state)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/qufa-table-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    static const qf_table_format formats[] = {QF_TABLE_TEXT, QF_TABLE_MARKDOWN, QF_TABLE_CSV,
                                              QF_TABLE_JSON, QF_TABLE_XLSX,     QF_TABLE_HTML};
    static const char *const ext[] = {"txt", "md", "csv", "json", "xlsx", "html"};
    for (size_t i = 0; i < 6; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/ledger.%s", tmpdir, ext[i]);
        /* an old report is kept until the new one is complete */
        FILE *old = fopen(path, "w");
        fputs("old", old);
        fclose(old);
        qf_table *t = NULL;
        QF_OK_OR_FAIL(ts_ledger_new(&t));
        QF_OK_OR_FAIL(qf_table_open(t, path, NULL));
        assert_int_equal(t->format, formats[i]);
        QF_OK_OR_FAIL(ts_ledger_fill(t));
        char *before = slurp(path, NULL);
        assert_string_equal(before, "old");
        free(before);
        /* abandoned: the temporary file goes, the old report stays */
        qf_table_free(t);
        assert_int_equal(files_in(tmpdir), 1);
        QF_OK_OR_FAIL(ts_ledger_new(&t));
        QF_OK_OR_FAIL(qf_table_open(t, path, NULL));
        QF_OK_OR_FAIL(ts_ledger_fill(t));
        QF_OK_OR_FAIL(qf_table_close(t));
        qf_table_free(t);
        assert_int_equal(files_in(tmpdir), 1);
        size_t len = 0;
        char *now = slurp(path, &len);
        assert_true(len > 100);
        if (formats[i] == QF_TABLE_XLSX)
            assert_memory_equal(now, "PK\x03\x04", 4); /* a zip container */
        else
            assert_non_null(strstr(now, "支部党员大会"));
        free(now);
        unlink(path);
    }
    qf_table *t = NULL;
    QF_OK_OR_FAIL(ts_ledger_new(&t));
    QF_FAILS_WITH(QF_ENOTFOUND, "/no/such/dir/x.csv: cannot create",
                  qf_table_open(t, "/no/such/dir/x.csv", NULL));
    QF_FAILS_WITH(QF_EINVALID, "x.pdf: cannot tell the format", qf_table_open(t, "x.pdf", NULL));
    qf_table_free(t);
    rmdir(tmpdir);
}

/* Streaming formats have written a row before the table is closed. */
static void table__streaming_formats_write_rows_as_they_come(void **state)
{
    static const qf_table_format formats[] = {QF_TABLE_CSV, QF_TABLE_JSON, QF_TABLE_MARKDOWN};
    for (size_t i = 0; i < 3; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        qf_table *t = simple_table();
        qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
        o.format = formats[i];
        QF_OK_OR_FAIL(qf_table_open_stream(t, mem, &o));
        QF_OK_OR_FAIL(qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("一行")}, 1));
        fflush(mem);
        assert_non_null(strstr(buf, "一行"));
        QF_OK_OR_FAIL(qf_table_close(t));
        qf_table_free(t);
        fclose(mem);
        free(buf);
    }
}

static void table__xlsx_to_a_stream_is_a_workbook(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(ts_ledger_render(&buf, &len, QF_TABLE_XLSX, false));
    assert_true(len > 1000);
    assert_memory_equal(buf, "PK\x03\x04", 4);
    free(buf);
}

/* A write error is reported, and the table refuses further work. */
static void table__write_errors_fail_the_table(void **state)
{
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    qf_table *t = simple_table();
    qf_table_output_options o = QF_TABLE_OUTPUT_OPTIONS_INIT;
    o.format = QF_TABLE_CSV;
    QF_OK_OR_FAIL(qf_table_open_stream(t, full, &o));
    QF_OK_OR_FAIL(qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("a")}, 1));
    QF_FAILS_WITH(QF_ERROR, "write error", qf_table_close(t));
    QF_FAILS_WITH(QF_ERROR, "output failed earlier", qf_table_cell_int(t, 1));
    QF_FAILS_WITH(QF_ERROR, "output failed earlier", qf_table_close(t));
    qf_table_free(t);
    fclose(full);
}

static void table__sheet_names_are_made_valid_and_unique(void **state)
{
    char name[QF__SHEET_NAME_SIZE];
    char *used[8];
    size_t n = 0;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"考核/评议: [2017]?*", "考核_评议_ _2017___"},
        {"党课", "党课"},
        {"党课", "党课 (2)"},
        {"党课", "党课 (3)"},
        {"'quoted'", "quoted"},
        {"", "Sheet"},
        {"history", "history (2)"},
        /* 40 characters: cut to Excel's 31 */
        {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qf__xlsx_sheet_name(name, cases[i].in, used, n);
        assert_string_equal(name, cases[i].out);
        if (n < 8)
            used[n++] = strdup(name);
    }
    /* a duplicate of a 31-character name keeps 31 characters with its suffix */
    qf__xlsx_sheet_name(name, cases[7].in, used, n);
    assert_string_equal(name, "一二三四五六七八九十一二三四五六七八九十一二三四五六七 (2)");
    for (size_t i = 0; i < n; i++)
        free(used[i]);
}

static void table__labels_follow_the_language(void **state)
{
    QF_OK_OR_FAIL(qf_set_language("zh"));
    size_t len;
    char *s = render(QF_TABLE_CSV, false, &len);
    assert_non_null(strstr(s, "分组,日期"));
    assert_non_null(strstr(s, "支部党员大会,合计,"));
    assert_non_null(strstr(s, ",是\r\n"));
    assert_non_null(strstr(s, ",否\r\n"));
    free(s);
    QF_OK_OR_FAIL(qf_set_language("en"));
}

/* --- samples for the outside checks (tests/core/read_xlsx.py, check_html.py) --- */

static const char *out_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("QUFA_TEST_OUTDIR");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : "/tmp", name);
    return buf;
}

static void table__xlsx_sample_for_openpyxl(void **state)
{
    char path[512];
    out_path(path, sizeof path, "table_sample.xlsx");
    unlink(path);
    qf_table *t = NULL;
    QF_OK_OR_FAIL(ts_ledger_new(&t));
    QF_OK_OR_FAIL(qf_table_open(t, path, NULL));
    QF_OK_OR_FAIL(ts_ledger_fill(t));
    /* titles Excel would refuse as sheet names */
    QF_OK_OR_FAIL(qf_table_section(t, "考核/评议: [2017]?*"));
    QF_OK_OR_FAIL(qf_table_add_row(t, (qf_cell[]){QF_CELL_TEXT_VALUE("2017-12-01")}, 1));
    QF_OK_OR_FAIL(qf_table_section(t, "党课"));
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
}

static void table__html_sample_for_chromium(void **state)
{
    char path[512];
    out_path(path, sizeof path, "table_sample.html");
    unlink(path);
    qf_table *t = NULL;
    QF_OK_OR_FAIL(ts_ledger_new(&t));
    QF_OK_OR_FAIL(qf_table_open(t, path, NULL));
    QF_OK_OR_FAIL(ts_ledger_fill(t));
    QF_OK_OR_FAIL(qf_table_close(t));
    qf_table_free(t);
    char *s = slurp(path, NULL);
    assert_non_null(s);
    assert_int_equal(count(s, "class=\"bar\""), TS_LEDGER_BARS);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table__display_width_counts_cjk_as_two),
        cmocka_unit_test(table__text_aligns_mixed_chinese_and_ascii),
        cmocka_unit_test(table__markdown_escapes_pipes_and_markup),
        cmocka_unit_test(table__csv_quotes_and_reads_back),
        cmocka_unit_test(table__json_keeps_types),
        cmocka_unit_test(table__html_is_self_contained_and_escaped),
        cmocka_unit_test(table__totals_sum_count_and_average),
        cmocka_unit_test(table__empty_table_shows_header_and_zero_totals),
        cmocka_unit_test(table__integer_total_overflow_rejects_the_row),
        cmocka_unit_test(table__describing_errors_name_the_column),
        cmocka_unit_test(table__rejected_values_name_row_and_column),
        cmocka_unit_test(table__sections_cannot_follow_loose_rows),
        cmocka_unit_test(table__format_comes_from_the_extension),
        cmocka_unit_test(table__file_appears_only_when_closed),
        cmocka_unit_test(table__streaming_formats_write_rows_as_they_come),
        cmocka_unit_test(table__xlsx_to_a_stream_is_a_workbook),
        cmocka_unit_test(table__write_errors_fail_the_table),
        cmocka_unit_test(table__sheet_names_are_made_valid_and_unique),
        cmocka_unit_test(table__labels_follow_the_language),
        cmocka_unit_test(table__xlsx_sample_for_openpyxl),
        cmocka_unit_test(table__html_sample_for_chromium),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
