/* The .xlsx reader and the imports and exports through it: column letters, what tells a zip,
 * which number formats are dates, cell references, workbooks built here with libzip read
 * cell by cell, an import that names FILE:SHEET:ROW:COLUMN and its header and changes
 * nothing when it fails, the options of version 1, and the export read back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "fixture_csv.h"
#include "xlsx_internal.h"

/* ---- helpers --------------------------------------------------------------------------- */

#define MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""

static void add_part(zip_t *z, const char *name, const char *text)
{
    zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);
    assert_non_null(s);
    assert_true(zip_file_add(z, name, s, ZIP_FL_OVERWRITE) >= 0);
}

/* A workbook at `path` with one sheet "党员" holding `rows` (the XML inside <sheetData>), and
 * shared strings `sst` (the XML inside <sst>, or NULL); styles: 0 general, 1 yyyy-mm-dd. */
static const char *write_book(const char *name, const char *rows, const char *sst)
{
    const char *path = fx_csv_write(name, "", 0);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    assert_non_null(z);
    add_part(z, "_rels/.rels",
             "<Relationships " PKG "><Relationship Id=\"rId1\" Type=\"" RELS
             "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    add_part(z, "xl/workbook.xml",
             "<workbook " MAIN " xmlns:r=\"" RELS "\"><sheets><sheet name=\"党员\" sheetId=\"1\" "
             "r:id=\"rId1\"/></sheets></workbook>");
    add_part(z, "xl/_rels/workbook.xml.rels",
             "<Relationships " PKG "><Relationship Id=\"rId1\" Type=\"" RELS "/worksheet\" "
             "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" RELS
             "/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" RELS
             "/styles\" Target=\"styles.xml\"/></Relationships>");
    add_part(z, "xl/styles.xml",
             "<styleSheet " MAIN "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
             "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>");
    static char sheet[8192], strings[4096];
    snprintf(sheet, sizeof sheet, "<worksheet " MAIN "><sheetData>%s</sheetData></worksheet>", rows);
    add_part(z, "xl/worksheets/sheet1.xml", sheet);
    if (sst) {
        snprintf(strings, sizeof strings, "<sst " MAIN ">%s</sst>", sst);
        add_part(z, "xl/sharedStrings.xml", strings);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

static void content_hash(qf_db *db, char out[65])
{
    QF_OK_OR_FAIL(qf_db_content_hash(db, out));
}

/* ---- the pieces ------------------------------------------------------------------------ */

static void xlsx__column_letters(void **state)
{
    (void)state;
    const struct {
        size_t i;
        const char *name;
    } cases[] = {{0, "A"}, {25, "Z"}, {26, "AA"}, {51, "AZ"}, {701, "ZZ"}, {702, "AAA"},
                 {16383, "XFD"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[4];
        qf_xlsx_column_name(cases[k].i, buf);
        assert_string_equal(buf, cases[k].name);
    }
}

static void xlsx__cell_references(void **state)
{
    (void)state;
    uint32_t r, c;
    assert_true(xlsx_parse_ref("A1", &r, &c));
    assert_int_equal(r, 0);
    assert_int_equal(c, 0);
    assert_true(xlsx_parse_ref("XFD1048576", &r, &c));
    assert_int_equal(r, 1048575);
    assert_int_equal(c, 16383);
    assert_true(xlsx_parse_ref("AB12", &r, &c));
    assert_int_equal(r, 11);
    assert_int_equal(c, 27);
    assert_false(xlsx_parse_ref("A0", &r, &c));
    assert_false(xlsx_parse_ref("1A", &r, &c));
    assert_false(xlsx_parse_ref("a1", &r, &c));
    assert_false(xlsx_parse_ref("A", &r, &c));
    assert_false(xlsx_parse_ref("ABCDE1", &r, &c));
}

static void xlsx__sniff_tells_zip_and_ole_from_text(void **state)
{
    (void)state;
    assert_true(qf_xlsx_sniff("PK\x03\x04rest", 8));
    assert_true(qf_xlsx_sniff("PK\x05\x06", 4)); /* an empty zip */
    assert_true(qf_xlsx_sniff("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8));
    assert_false(qf_xlsx_sniff("PK,name\n", 8)); /* a CSV whose first column is PK */
    assert_false(qf_xlsx_sniff("name,gender\n", 12));
    assert_false(qf_xlsx_sniff("PK", 2));
}

static void xlsx__date_formats(void **state)
{
    (void)state;
    /* built-in: 14-22, the zh-CN 27-36 and 50-58, the times 45-47; 49 is text */
    assert_int_equal(xlsx_format_kind(14, NULL), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(31, NULL), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(57, NULL), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(20, NULL), XLSX_TIME);
    assert_int_equal(xlsx_format_kind(32, NULL), XLSX_TIME);
    assert_int_equal(xlsx_format_kind(22, NULL), XLSX_DATETIME);
    assert_int_equal(xlsx_format_kind(0, NULL), XLSX_NUMBER);
    assert_int_equal(xlsx_format_kind(10, NULL), XLSX_NUMBER);
    assert_int_equal(xlsx_format_kind(49, NULL), XLSX_NUMBER);
    /* a file's own codes */
    assert_int_equal(xlsx_format_kind(164, "yyyy-mm-dd"), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(164, "yyyy\"年\"m\"月\"d\"日\";@"), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(164, "[$-804]yyyy年m月d日"), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(164, "yyyy-mm-dd hh:mm"), XLSX_DATETIME);
    assert_int_equal(xlsx_format_kind(164, "m/d/yy h:mm AM/PM"), XLSX_DATETIME);
    assert_int_equal(xlsx_format_kind(164, "h:mm"), XLSX_TIME);
    assert_int_equal(xlsx_format_kind(164, "mm:ss"), XLSX_TIME); /* minutes, not months */
    assert_int_equal(xlsx_format_kind(164, "[h]:mm:ss"), XLSX_TIME);
    assert_int_equal(xlsx_format_kind(164, "上午/下午h\"时\"mm\"分\""), XLSX_TIME);
    assert_int_equal(xlsx_format_kind(164, "mmm-yy"), XLSX_DATE);
    assert_int_equal(xlsx_format_kind(164, "0.00%"), XLSX_NUMBER);
    assert_int_equal(xlsx_format_kind(164, "[Red]0.00;[Blue]\\-0.00"), XLSX_NUMBER);
    assert_int_equal(xlsx_format_kind(164, "\"day \"0"), XLSX_NUMBER); /* quoted letters */
    assert_int_equal(xlsx_format_kind(164, "0_m"), XLSX_NUMBER);       /* a spacing character */
    assert_int_equal(xlsx_format_kind(164, "#,##0;\"yyyy\""), XLSX_NUMBER); /* first section */
    assert_int_equal(xlsx_format_kind(164, "General"), XLSX_NUMBER);
    assert_int_equal(xlsx_format_kind(164, "@"), XLSX_NUMBER);
}

static void xlsx__not_a_workbook(void **state)
{
    (void)state;
    qf_xlsx *x = NULL;
    QF_FAILS_WITH(QF_EINVALID, "名册.xlsx: not an .xlsx workbook (it is not a zip archive)",
                  qf_xlsx_open_buffer(&x, "姓名,性别\n", 14, "名册.xlsx", NULL));
    assert_null(x);
    QF_FAILS_WITH(QF_EINVALID, "e.xlsx: not an .xlsx workbook",
                  qf_xlsx_open_buffer(&x, "", 0, "e.xlsx", NULL));
    QF_FAILS_WITH(QF_EINVALID, "an Excel 97-2003 .xls file or a workbook protected by a password",
                  qf_xlsx_open_buffer(&x, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10, "o.xls", NULL));
    /* a zip signature and nothing after it */
    QF_FAILS_WITH(QF_EINVALID, "z.xlsx: not a readable .xlsx workbook: the zip archive is damaged",
                  qf_xlsx_open_buffer(&x, "PK\x03\x04garbage", 11, "z.xlsx", NULL));
    QF_FAILS_WITH(QF_ENOTFOUND, "nope.xlsx: cannot open (No such file or directory)",
                  qf_xlsx_open_file(&x, "/nonexistent/nope.xlsx", NULL));
    qf_xlsx_free(NULL);
}

/* ---- reading a sheet ------------------------------------------------------------------- */

/* a row or a cell inside an open cell (the tags are not closed): refused before expat sees
 * the bad nesting, not stored at a column the open cell no longer has (found by fuzz_xlsx) */
static void xlsx__a_row_inside_a_cell_is_damage(void **state)
{
    (void)state;
    const char *path = write_book(
        "nested.xlsx",
        "<row r=\"1\"><c r=\"A1\"><v>1<row r=\"2\"><c r=\"A2\"><v>2</v></c></row></v></c></row>",
        NULL);
    qf_xlsx *x = NULL;
    QF_FAILS_WITH(QF_EINVALID, "a <row> inside the cell of row 1: the workbook is damaged",
                  qf_xlsx_open_file(&x, path, NULL));
    assert_null(x);
    path = write_book("nested2.xlsx",
                      "<row r=\"1\"><c r=\"A1\"><v>1<c r=\"B1\"><v>2</v></c></v></c></row>", NULL);
    QF_FAILS_WITH(QF_EINVALID, "a <c> inside the cell of row 1", qf_xlsx_open_file(&x, path, NULL));
    assert_null(x);
}

static void xlsx__cells_read_as_text(void **state)
{
    (void)state;
    const char *path = write_book(
        "cells.xlsx",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>丙</t>"
        "</is></c></row>"
        "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>42983</v></c><c r=\"B3\"><v>13800001001</v></c>"
        "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"e\"><v>#DIV/0!</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"1\"/></row>",
        "<si><t>甲</t></si>");
    qf_xlsx *x = NULL;
    QF_OK_OR_FAIL(qf_xlsx_open_file(&x, path, NULL));
    assert_string_equal(qf_xlsx_sheet(x), "党员");
    assert_int_equal(qf_xlsx_rows(x), 2); /* row 4 has no value */
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_xlsx_next(&f, &n, x));
    assert_int_equal(qf_xlsx_row(x), 1);
    assert_int_equal(n, 3);
    assert_string_equal(f[0], "甲");
    assert_string_equal(f[1], "");
    assert_string_equal(f[2], "丙");
    QF_OK_OR_FAIL(qf_xlsx_next(&f, &n, x));
    assert_int_equal(qf_xlsx_row(x), 3);
    assert_int_equal(n, 4);
    assert_string_equal(f[0], "2017-09-05");
    assert_string_equal(f[1], "13800001001");
    assert_string_equal(f[2], "TRUE");
    assert_string_equal(f[3], "");
    assert_null(qf_xlsx_problem(x, 0));
    assert_string_equal(qf_xlsx_problem(x, 3), "the cell holds the error #DIV/0!");
    assert_null(qf_xlsx_problem(x, 99));
    assert_int_equal(qf_xlsx_next(&f, &n, x), QF_ITEROVER);
    qf_xlsx_rewind(x);
    QF_OK_OR_FAIL(qf_xlsx_next(&f, &n, x));
    assert_int_equal(qf_xlsx_row(x), 1);
    qf_xlsx_free(x);

    QF_FAILS_WITH(QF_EINVALID, "there is no sheet 'Sheet1' (sheets: '党员')",
                  qf_xlsx_open_file(&x, path, "Sheet1"));
}

/* ---- importing ------------------------------------------------------------------------- */

static const char ROSTER_HEAD[] =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>党员名册</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><t>出生日期</t></is></c>"
    "<c r=\"C2\" t=\"inlineStr\"><is><t>状态</t></is></c>"
    "<c r=\"D2\" t=\"inlineStr\"><is><t>联系电话</t></is></c></row>";

static void import__xlsx_roster(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    char rows[4096];
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>张三</t></is></c>"
             "<c r=\"B3\" s=\"1\"><v>27869</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>正式党员</t>"
             "</is></c><c r=\"D3\"><v>13800001001</v></c></row>"
             "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>李四</t></is></c></row>",
             ROSTER_HEAD);
    const char *path = write_book("roster.xlsx", rows, NULL);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.default_org_id = t.branch;
    int64_t n = 0;
    QF_OK_OR_FAIL(qf_import_file(&n, db, QF_IMPORT_MEMBERS, path, &o));
    assert_int_equal(n, 2);
    qf_member *m = NULL;
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.name = "张三";
    qf_member_iter *it = NULL;
    const qf_member *row;
    QF_OK_OR_FAIL(qf_member_list(&it, db, &f));
    QF_OK_OR_FAIL(qf_member_next(&row, it));
    QF_OK_OR_FAIL(qf_member_get(&m, db, row->id, QF_DATE_NONE));
    qf_member_iter_free(it);
    char birth[11];
    qf_date_format(m->birth_date, birth);
    assert_string_equal(birth, "1976-04-19"); /* serial 27869 */
    assert_string_equal(m->phone, "13800001001");
    assert_int_equal(m->status, QF_STATUS_FULL);
    assert_int_equal(m->org_id, t.branch);
    qf_member_free(m);
}

static void import__xlsx_errors_name_the_cell_and_change_nothing(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.default_org_id = t.branch;
    char before[65], after[65], rows[4096];
    content_hash(db, before);

    /* a text date that is none, in the second data row: the first is rolled back */
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>甲</t></is></c></row>"
             "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>乙</t></is></c>"
             "<c r=\"B4\" t=\"inlineStr\"><is><t>1980-02-30</t></is></c></row>",
             ROSTER_HEAD);
    QF_FAILS_WITH(QF_EINVALID, "bad1.xlsx:党员:4:B: 出生日期: '1980-02-30' is not a valid date",
                  qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS, write_book("bad1.xlsx", rows, NULL),
                                 &o));
    /* a date serial no calendar has */
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>甲</t></is></c>"
             "<c r=\"B3\" s=\"1\"><v>60</v></c></row>", ROSTER_HEAD);
    QF_FAILS_WITH(QF_EINVALID, "bad2.xlsx:党员:3:B: 出生日期: 1900-02-29 does not exist",
                  qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS, write_book("bad2.xlsx", rows, NULL),
                                 &o));
    /* a shared string that is not there */
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"s\"><v>5</v></c></row>", ROSTER_HEAD);
    QF_FAILS_WITH(QF_EINVALID, "bad3.xlsx:党员:3:A: 姓名: it uses shared string 5, but the "
                               "workbook has 1",
                  qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS,
                                 write_book("bad3.xlsx", rows, "<si><t>x</t></si>"), &o));
    /* a value beyond the header's columns */
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>甲</t></is></c>"
             "<c r=\"F3\"><v>1</v></c></row>", ROSTER_HEAD);
    QF_FAILS_WITH(QF_EINVALID, "bad4.xlsx:党员:3:E: field 5 ('') is beyond the header's 4 columns",
                  qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS, write_book("bad4.xlsx", rows, NULL),
                                 &o));
    /* a sheet with no row */
    QF_FAILS_WITH(QF_EINVALID, "empty.xlsx: sheet '党员' is empty (expected a header row)",
                  qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS, write_book("empty.xlsx", "", NULL),
                                 &o));
    /* a CSV has no sheet to choose */
    o.sheet = "党员";
    QF_FAILS_WITH(QF_EINVALID, "a CSV file has no sheets",
                  qf_import_file(NULL, db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name\n甲\n"), &o));
    content_hash(db, after);
    assert_string_equal(before, after);
}

/* Callers built against the first version of the options have no `sheet`: never read. */
static void import__options_of_version_1(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    struct {
        unsigned version;
        int64_t default_org_id;
        int (*progress)(int64_t, int64_t, void *);
        void *payload;
    } v1 = {1, t.branch, NULL, NULL};
    char rows[4096];
    snprintf(rows, sizeof rows, "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>甲</t></is>"
                                "</c></row>", ROSTER_HEAD);
    int64_t n = 0;
    QF_OK_OR_FAIL(qf_import_xlsx(&n, db, QF_IMPORT_MEMBERS, write_book("v1.xlsx", rows, NULL),
                                 (const qf_import_options *)&v1));
    assert_int_equal(n, 1);
}

static int progress_calls;
static int count_progress(int64_t done, int64_t total, void *payload)
{
    (void)payload;
    assert_true(done <= total);
    assert_int_equal(total, 2); /* the data rows: not the title, not the header */
    progress_calls++;
    return 0;
}

static void import__xlsx_progress_counts_data_rows(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    char rows[4096];
    snprintf(rows, sizeof rows,
             "%s<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>甲</t></is></c></row>"
             "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>乙</t></is></c></row>",
             ROSTER_HEAD);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.default_org_id = t.branch;
    o.progress = count_progress;
    progress_calls = 0;
    QF_OK_OR_FAIL(qf_import_xlsx(NULL, db, QF_IMPORT_MEMBERS,
                                 write_book("progress.xlsx", rows, NULL), &o));
    assert_int_equal(progress_calls, 1); /* once at the end */
}

/* ---- exporting ------------------------------------------------------------------------- */

static void export__xlsx_reads_back(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    fx_member(db, "张三", QF_STATUS_FULL, "2010-07-01", t.branch, t.group1);
    fx_member(db, "李四", QF_STATUS_PROBATIONARY, "2017-03-15", t.branch, t.group2);
    const char *path = fx_csv_write("out.xlsx", "", 0);
    qf_export_options eo = QF_EXPORT_OPTIONS_INIT;
    eo.unmask = true;
    QF_OK_OR_FAIL(qf_export_xlsx(db, QF_IMPORT_MEMBERS, path, &eo));
    qf_xlsx *x = NULL;
    QF_OK_OR_FAIL(qf_xlsx_open_file(&x, path, NULL));
    assert_string_equal(qf_xlsx_sheet(x), "members");
    const char *const *f;
    size_t n;
    QF_OK_OR_FAIL(qf_xlsx_next(&f, &n, x));
    assert_string_equal(f[0], "name");
    QF_OK_OR_FAIL(qf_xlsx_next(&f, &n, x));
    assert_string_equal(f[0], "张三");
    assert_string_equal(f[4], "2010-07-01"); /* since, a date cell */
    qf_xlsx_free(x);

    qf_db *other = fx_open_fresh();
    fx_tree t2;
    fx_make_tree(other, &t2);
    int64_t rows = 0;
    QF_OK_OR_FAIL(qf_import_file(&rows, other, QF_IMPORT_MEMBERS, path, NULL));
    assert_int_equal(rows, 2);
    size_t la, lb;
    char *a = fx_export(db, QF_IMPORT_MEMBERS, &eo, &la);
    char *b = fx_export(other, QF_IMPORT_MEMBERS, &eo, &lb);
    assert_string_equal(a, b);
    free(a);
    free(b);
    qf_db_free(other);

    QF_FAILS_WITH(QF_ENOTFOUND, "cannot create",
                  qf_export_xlsx(db, QF_IMPORT_MEMBERS, "/nonexistent/dir/x.xlsx", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xlsx__column_letters),
        cmocka_unit_test(xlsx__cell_references),
        cmocka_unit_test(xlsx__sniff_tells_zip_and_ole_from_text),
        cmocka_unit_test(xlsx__date_formats),
        cmocka_unit_test(xlsx__not_a_workbook),
        cmocka_unit_test(xlsx__cells_read_as_text),
        cmocka_unit_test(xlsx__a_row_inside_a_cell_is_damage),
        cmocka_unit_test_setup_teardown(import__xlsx_roster, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__xlsx_errors_name_the_cell_and_change_nothing,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__options_of_version_1, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(import__xlsx_progress_counts_data_rows, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(export__xlsx_reads_back, fx_setup_memory, fx_teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, fx_csv_cleanup);
    return failed;
}
