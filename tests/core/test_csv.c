/* The strict CSV reader and the field writer: records, quoting, positions in error messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csvio.h" /* field positions and rewind, for importers */
#include "fixture.h"

/* Reads every record of `data` into one string "a|b;c|d;" (fields joined by |, records by ;). */
static int read_all(char *out, size_t size, const char *data, size_t len)
{
    qf_csv *csv = NULL;
    int rc = qf_csv_open_buffer(&csv, data, len, "t.csv");
    if (rc)
        return rc;
    out[0] = '\0';
    const char *const *f;
    size_t n;
    while ((rc = qf_csv_next(&f, &n, csv)) == QF_OK) {
        for (size_t i = 0; i < n; i++) {
            strncat(out, f[i], size - strlen(out) - 1);
            strncat(out, i + 1 < n ? "|" : ";", size - strlen(out) - 1);
        }
    }
    qf_csv_free(csv);
    return rc == QF_ITEROVER ? QF_OK : rc;
}

#define READS_AS(expected, literal)                                                                \
    do {                                                                                           \
        char got_[4096];                                                                           \
        QF_OK_OR_FAIL(read_all(got_, sizeof got_, literal, sizeof literal - 1));                   \
        assert_string_equal(got_, expected);                                                       \
    } while (0)

#define FAILS_AT(where, what, literal)                                                             \
    do {                                                                                           \
        char got_[4096];                                                                           \
        QF_FAILS_WITH(QF_EINVALID, where,                                                          \
                      read_all(got_, sizeof got_, literal, sizeof literal - 1));                   \
        if (!strstr(qf_error_last(), what))                                                        \
            fail_msg("message '%s' lacks '%s'", qf_error_last(), what);                            \
    } while (0)

static void csv__reads_plain_and_quoted_fields(void **state)
{
    READS_AS("a|b|c;1|2|3;", "a,b,c\n1,2,3\n");
    READS_AS("a|b;", "a,b");   /* no final newline */
    READS_AS("a||;", "a,,\n"); /* empty fields kept */
    READS_AS("x,y|say \"hi\"|;", "\"x,y\",\"say \"\"hi\"\"\",\"\"\n");
    READS_AS("line1\nline2|z;", "\"line1\nline2\",z\n"); /* newline inside quotes */
    READS_AS("a\r\nb|c;", "\"a\r\nb\",c\r\n");           /* CRLF inside quotes is data */
    READS_AS(" padded |x;", " padded ,x\n");             /* spaces are data */
    READS_AS("姓名|性别;张三|男;", "姓名,性别\r\n张三,男\r\n");
}

static void csv__skips_bom_and_blank_lines(void **state)
{
    READS_AS("姓名|年龄;李四|30;", "\xef\xbb\xbf姓名,年龄\n\n\r\n李四,30\n\n");
    READS_AS("", "");
    READS_AS("", "\n\r\n\n");
    READS_AS("|;", ",\n"); /* a record of two empty fields is not blank */
}

static void csv__reports_record_lines(void **state)
{
    static const char data[] = "h1,h2\n\n\"multi\nline\",x\nlast,y\n";
    qf_csv *csv = NULL;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, sizeof data - 1, "lines.csv"));
    assert_string_equal(qf_csv_name(csv), "lines.csv");
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(qf_csv_line(csv), 1);
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(qf_csv_line(csv), 3);
    assert_string_equal(f[0], "multi\nline");
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(qf_csv_line(csv), 5);
    assert_int_equal(n, 2);
    assert_string_equal(f[1], "y");
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
    qf_csv_free(csv);
}

static void csv__bad_quotes_name_line_and_column(void **state)
{
    /* the unterminated quote is reported where it opens, not at the end of the file */
    FAILS_AT("t.csv:2:3:", "never closed", "a,b\nx,\"open\nmore\n");
    FAILS_AT("t.csv:1:5:", "quote inside an unquoted field", "ab,c\"d\n");
    FAILS_AT("t.csv:1:5:", "'x' after a closing quote", "\"ab\"x,c\n");
    FAILS_AT("t.csv:1:4:", "' ' after a closing quote", "\"a\" ,c\n");
    /* columns count characters: 张三 is two columns, not six bytes */
    FAILS_AT("t.csv:2:5:", "'李' after a closing quote", "h\n\"张三\"李\n");
    FAILS_AT("t.csv:3:2:", "quote inside", "\"a\nb\",c\nx\"\n");
    FAILS_AT("t.csv:1:2:", "carriage return without a line feed", "a\rb\n");
    /* after the BOM the first character is still column 1 */
    FAILS_AT("t.csv:1:2:", "quote inside",
             "\xef\xbb\xbf"
             "a\"b\n");
}

static void csv__messages_are_translated(void **state)
{
    QF_OK_OR_FAIL(qf_set_language("zh"));
    FAILS_AT("t.csv:1:5:", "右引号后出现“x”", "\"ab\"x,c\n");
    QF_OK_OR_FAIL(qf_set_language("en"));
}

static void csv__rejects_invalid_utf8_with_its_position(void **state)
{
    FAILS_AT("t.csv:1:4:", "invalid UTF-8", "姓名,\xff\n");
    FAILS_AT("t.csv:2:1:", "invalid UTF-8", "ok\n\xc0\xaf\n");       /* overlong '/' */
    FAILS_AT("t.csv:1:3:", "invalid UTF-8", "a,\xed\xa0\x80\n");     /* surrogate */
    FAILS_AT("t.csv:1:2:", "invalid UTF-8", "\"\xe5\xbc\"\n");       /* truncated */
    FAILS_AT("t.csv:1:5:", "invalid UTF-8", "\"ab\"\xe5\n");         /* after a quote */
    FAILS_AT("t.csv:1:3:", "invalid UTF-8", "a,\xf4\x90\x80\x80\n"); /* > U+10FFFF */
    FAILS_AT("t.csv:1:3:", "NUL byte", "a,\0b\n");
    /* the records before the bad byte are still delivered */
    static const char data[] = "good,row\nbad,\xfe\n";
    qf_csv *csv = NULL;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, sizeof data - 1, "t.csv"));
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_string_equal(f[1], "row");
    QF_FAILS_WITH(QF_EINVALID, "t.csv:2:5: invalid UTF-8", qf_csv_next(&f, &n, csv));
    /* a failed reader keeps failing with the same message */
    qf_error_clear();
    QF_FAILS_WITH(QF_EINVALID, "t.csv:2:5: invalid UTF-8", qf_csv_next(&f, &n, csv));
    qf_csv_free(csv);
}

static void csv__detects_utf16_and_says_to_save_as_utf8(void **state)
{
    static const char le[] = "\xff\xfe"
                             "a\0,\0b\0";
    static const char be[] = "\xfe\xff\0a\0,\0b";
    qf_csv *csv = NULL;
    QF_FAILS_WITH(QF_EINVALID, "t.csv:1:1: the file is UTF-16; save it as UTF-8",
                  qf_csv_open_buffer(&csv, le, sizeof le - 1, "t.csv"));
    assert_null(csv);
    QF_FAILS_WITH(QF_EINVALID, "UTF-16", qf_csv_open_buffer(&csv, be, sizeof be - 1, "t.csv"));
    /* in Chinese too the place comes first as "file:line:col: ", the form every reader error
     * has and editors jump to (the translation had a full-width colon there) */
    QF_OK_OR_FAIL(qf_set_language("zh"));
    QF_FAILS_WITH(QF_EINVALID, "t.csv:1:1: 文件为 UTF-16",
                  qf_csv_open_buffer(&csv, le, sizeof le - 1, "t.csv"));
    QF_OK_OR_FAIL(qf_set_language("en"));
}

static void csv__limits_field_size_and_count(void **state)
{
    size_t big = 1024 * 1024;
    char *data = malloc(big + 16);
    assert_non_null(data);
    /* exactly 1 MiB is allowed */
    memcpy(data, "a,", 2);
    memset(data + 2, 'x', big);
    memcpy(data + 2 + big, "\n", 1);
    qf_csv *csv = NULL;
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, big + 3, "big.csv"));
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(strlen(f[1]), big);
    qf_csv_free(csv);
    /* one byte more is not, and the field's start is named */
    memset(data + 2, 'x', big + 1);
    memcpy(data + 3 + big, "\n", 1);
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, big + 4, "big.csv"));
    QF_FAILS_WITH(QF_EINVALID, "big.csv:1:3: field longer than 1048576 bytes",
                  qf_csv_next(&f, &n, csv));
    qf_csv_free(csv);
    /* the same inside quotes */
    data[2] = '"';
    memset(data + 3, 'y', big + 1);
    memcpy(data + 4 + big, "\"\n", 2);
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, big + 6, "big.csv"));
    QF_FAILS_WITH(QF_EINVALID, "big.csv:1:3: field longer", qf_csv_next(&f, &n, csv));
    qf_csv_free(csv);
    free(data);

    /* 10,000 fields are allowed, 10,001 are not */
    char *commas = malloc(10002);
    assert_non_null(commas);
    memset(commas, ',', 10000);
    commas[9999] = '\n';
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, commas, 10000, "wide.csv"));
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(n, 10000);
    qf_csv_free(csv);
    commas[9999] = ',';
    commas[10000] = '\n';
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, commas, 10001, "wide.csv"));
    QF_FAILS_WITH(QF_EINVALID, "wide.csv:1:10001: more than 10000 fields",
                  qf_csv_next(&f, &n, csv));
    qf_csv_free(csv);
    free(commas);
}

static void csv__opens_files_and_names_missing_ones(void **state)
{
    char dir[] = "/tmp/qufa-csv-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/m.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("\xef\xbb\xbf编号,姓名\r\n1,王五\r\n", fp);
    fclose(fp);
    qf_csv *csv = NULL;
    QF_OK_OR_FAIL(qf_csv_open_file(&csv, path));
    assert_string_equal(qf_csv_name(csv), path);
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_string_equal(f[0], "编号");
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_string_equal(f[1], "王五");
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
    qf_csv_free(csv);
    unlink(path);
    QF_FAILS_WITH(QF_ENOTFOUND, "m.csv: cannot open", qf_csv_open_file(&csv, path));
    assert_null(csv);
    rmdir(dir);
    qf_csv_free(NULL);
}

/* Writes fields with qf_csv_write_field and reads them back. */
static void csv__writer_quotes_only_when_needed_and_round_trips(void **state)
{
    static const char *const row[] = {
        "plain", "a,b", "say \"hi\"", "two\nlines", "",
        " lead", "尾 ", "cr\rin",     "张三",       "\xef\xbb\xbf\x62om"}; /* U+FEFF "bom" */
    size_t nrow = sizeof row / sizeof row[0];
    char *buf = NULL, *buf2 = NULL;
    size_t len = 0, len2 = 0;
    FILE *mem = open_memstream(&buf, &len);
    assert_non_null(mem);
    for (size_t i = 0; i < nrow; i++)
        QF_OK_OR_FAIL(qf_csv_write_field(mem, row[i], i + 1 == nrow));
    QF_OK_OR_FAIL(qf_csv_write_field(mem, NULL, 1));
    QF_FAILS_WITH(QF_EINVALID, "invalid UTF-8", qf_csv_write_field(mem, "bad\xff", 1));
    fclose(mem);
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" lead\",\"尾 \","
                             "\"cr\rin\",张三,\"\xef\xbb\xbf"
                             "bom\"\r\n\r\n");
    qf_csv *csv = NULL;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, buf, len, "mem"));
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(n, nrow);
    for (size_t i = 0; i < nrow; i++)
        assert_string_equal(f[i], row[i]);
    /* a field starting with U+FEFF is quoted: first in a file it would be taken for a BOM */
    mem = open_memstream(&buf2, &len2);
    assert_non_null(mem);
    QF_OK_OR_FAIL(qf_csv_write_field(mem, row[nrow - 1], 1));
    fclose(mem);
    qf_csv *csv2 = NULL;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv2, buf2, len2, "bom"));
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv2));
    assert_string_equal(f[0], row[nrow - 1]);
    qf_csv_free(csv2);
    free(buf2);
    /* the lone empty field wrote an empty line, which reads as blank */
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
    qf_csv_free(csv);
    free(buf);
}

/* Importers point at a field: each field's line and character column, the position after the
 * last field, and a rewind for a second pass. */
static void csv__field_positions_and_rewind(void **state)
{
    static const char data[] = "\xef\xbb\xbf名,b\n张三,\"x\ny\",z\n";
    qf_csv *csv = NULL;
    const char *const *f;
    size_t n;
    int line, col;
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, data, sizeof data - 1, "p.csv"));
    for (int pass = 0; pass < 2; pass++) {
        QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
        qf__csv_field_pos(csv, 1, &line, &col);
        assert_int_equal(line, 1);
        assert_int_equal(col, 3); /* after the BOM: 名 is column 1 */
        QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
        qf__csv_field_pos(csv, 1, &line, &col);
        assert_int_equal(line, 2);
        assert_int_equal(col, 4); /* the opening quote */
        qf__csv_field_pos(csv, 2, &line, &col);
        assert_int_equal(line, 3); /* after the line break inside the quotes */
        assert_int_equal(col, 4);
        qf__csv_field_pos(csv, 3, &line, &col);
        assert_int_equal(line, 3);
        assert_int_equal(col, 5); /* right after the last field */
        assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
        QF_OK_OR_FAIL(qf__csv_rewind(csv));
    }
    qf_csv_free(csv);
    /* a reader that failed does not rewind past its error */
    QF_OK_OR_FAIL(qf_csv_open_buffer(&csv, "a\n\"b\n", 5, "bad.csv"));
    QF_OK_OR_FAIL(qf_csv_next(&f, &n, csv));
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_EINVALID);
    QF_FAILS_WITH(QF_EINVALID, "bad.csv:2:1:", qf__csv_rewind(csv));
    qf_csv_free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv__reads_plain_and_quoted_fields),
        cmocka_unit_test(csv__skips_bom_and_blank_lines),
        cmocka_unit_test(csv__reports_record_lines),
        cmocka_unit_test(csv__field_positions_and_rewind),
        cmocka_unit_test(csv__bad_quotes_name_line_and_column),
        cmocka_unit_test(csv__messages_are_translated),
        cmocka_unit_test(csv__rejects_invalid_utf8_with_its_position),
        cmocka_unit_test(csv__detects_utf16_and_says_to_save_as_utf8),
        cmocka_unit_test(csv__limits_field_size_and_count),
        cmocka_unit_test(csv__opens_files_and_names_missing_ones),
        cmocka_unit_test(csv__writer_quotes_only_when_needed_and_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
