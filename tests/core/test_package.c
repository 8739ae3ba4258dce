/* Zip packages and whole files: an archive read back as written (names, bytes, order, dates),
 * the names refused, the limits of reading, and files that appear complete with mode 0600 or
 * not at all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "fixture.h"
#include "zip_internal.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/qufa-package-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *path_in(const char *name)
{
    static char p[160];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* The number of files in the test directory (temporary files left behind would show). */
static int files_in_dir(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *f = popen(cmd, "r");
    int n = -1;
    if (f) {
        if (fscanf(f, "%d", &n) != 1)
            n = -1;
        pclose(f);
    }
    return n;
}

static void package__zip_reads_back_as_written(void **state)
{
    (void)state;
    static const char big[] = "党支部标准化工作。党支部标准化工作。党支部标准化工作。";
    qf_zip_entry e[] = {
        {"[Content_Types].xml", "<Types/>", 8, QF_DATETIME_NONE},
        {"01-会议通知/关于举办第4期“半月谈”活动的通知.docx", big, sizeof big - 1,
         fx_datetime("2017-09-10 09:30")},
        {"empty.txt", "", 0, QF_DATETIME_NONE},
    };
    void *zip = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_zip_build(&zip, &len, e, 3));
    assert_true(len > 22);
    assert_memory_equal(zip, "PK\x03\x04", 4);

    qf__zip_part *parts = NULL;
    size_t n = 0;
    QF_OK_OR_FAIL(qf__zip_read(&parts, &n, zip, len, "t.zip"));
    assert_int_equal(n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(parts[i].name, e[i].name); /* in the order given */
        assert_int_equal(parts[i].len, e[i].len);
        assert_memory_equal(parts[i].data, e[i].data, e[i].len);
    }
    qf__zip_parts_free(parts, n);

    /* the names are flagged UTF-8 and each entry carries its date (local time) */
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_stat_t st;
    assert_int_equal(zip_stat_index(za, 1, ZIP_FL_ENC_STRICT, &st), 0);
    assert_string_equal(st.name, e[1].name);
    assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
    struct tm tm;
    localtime_r(&st.mtime, &tm);
    assert_int_equal(tm.tm_year + 1900, 2017);
    assert_int_equal(tm.tm_mon + 1, 9);
    assert_int_equal(tm.tm_mday, 10);
    assert_int_equal(tm.tm_hour, 9);
    assert_int_equal(tm.tm_min, 30);
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    localtime_r(&st.mtime, &tm);
    assert_int_equal(tm.tm_year + 1900, 1980); /* no date: the first day a zip can hold */
    zip_discard(za);
    zip_error_fini(&ze);

    /* the same entries give the same bytes */
    void *again = NULL;
    size_t len2 = 0;
    QF_OK_OR_FAIL(qf_zip_build(&again, &len2, e, 3));
    assert_int_equal(len2, len);
    assert_memory_equal(again, zip, len);
    qf_free(again);
    qf_free(zip);
}

static void package__zip_refuses_names_that_escape_or_repeat(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b",
                                      "a\\b", "a/", ".", "tab\there", "\xff\xfe"};
    void *zip = NULL;
    size_t len = 0;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        qf_zip_entry e = {bad[i], "x", 1, QF_DATETIME_NONE};
        QF_FAILS_WITH(QF_EINVALID, "cannot be a name in an archive", qf_zip_build(&zip, &len, &e, 1));
        assert_null(zip);
    }
    qf_zip_entry twice[] = {{"目录.md", "a", 1, QF_DATETIME_NONE},
                            {"目录.md", "b", 1, QF_DATETIME_NONE}};
    QF_FAILS_WITH(QF_EINVALID, "zip: 目录.md is in the archive twice",
                  qf_zip_build(&zip, &len, twice, 2));
    QF_FAILS_WITH(QF_EINVALID, "nothing to put in the archive", qf_zip_build(&zip, &len, twice, 0));
    qf_zip_entry nodata = {"x.txt", NULL, 3, QF_DATETIME_NONE};
    QF_FAILS_WITH(QF_EINVALID, "zip: x.txt has no data", qf_zip_build(&zip, &len, &nodata, 1));
}

static void package__reading_stays_within_limits(void **state)
{
    (void)state;
    qf__zip_part *parts = NULL;
    size_t n = 0;
    QF_FAILS_WITH(QF_EINVALID, "skeleton.docx: not a zip package",
                  qf__zip_read(&parts, &n, "not a zip at all", 16, "skeleton.docx"));
    assert_null(parts);

    /* more entries than QF_ZIP_MAX_ENTRIES */
    size_t many = QF_ZIP_MAX_ENTRIES + 1;
    qf_zip_entry *e = calloc(many, sizeof *e);
    char (*names)[16] = calloc(many, sizeof *names);
    assert_non_null(e);
    assert_non_null(names);
    for (size_t i = 0; i < many; i++) {
        snprintf(names[i], sizeof names[i], "f%zu", i);
        e[i] = (qf_zip_entry){names[i], "", 0, QF_DATETIME_NONE};
    }
    void *zip = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_zip_build(&zip, &len, e, many));
    QF_FAILS_WITH(QF_EINVALID, "big.zip: more than 2000 files in the package",
                  qf__zip_read(&parts, &n, zip, len, "big.zip"));
    qf_free(zip);
    free(e);
    free(names);
    qf__zip_parts_free(NULL, 0);

    /* a folder entry (as some zip tools write them) is no part */
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_keep(src);
    assert_true(zip_dir_add(za, "word", 0) >= 0);
    zip_source_t *part = zip_source_buffer(za, "<w:document/>", 13, 0);
    assert_true(zip_file_add(za, "word/document.xml", part, 0) >= 0);
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t size = zip_source_tell(src);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    char *buf = malloc((size_t)size);
    assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)size), size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    QF_OK_OR_FAIL(qf__zip_read(&parts, &n, buf, (size_t)size, "folders.zip"));
    assert_int_equal(n, 1);
    assert_string_equal(parts[0].name, "word/document.xml");
    assert_int_equal(parts[0].len, 13);
    qf__zip_parts_free(parts, n);
    free(buf);
}

static void package__files_appear_whole_and_private(void **state)
{
    (void)state;
    const char *p = path_in("签到表.docx");
    QF_OK_OR_FAIL(qf_file_write(p, "first", 5));
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 5);
    /* replaced whole */
    QF_OK_OR_FAIL(qf_file_write(p, "second!", 7));
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 7);
    assert_int_equal(files_in_dir(), 1);

    /* an archive that cannot be built leaves the file as it was and nothing else */
    qf_zip_entry bad = {"../x", "x", 1, QF_DATETIME_NONE};
    QF_FAILS_WITH(QF_EINVALID, "cannot be a name", qf_zip_write(p, &bad, 1));
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 7);
    assert_int_equal(files_in_dir(), 1);

    qf_zip_entry ok = {"a.txt", "abc", 3, QF_DATETIME_NONE};
    const char *z = path_in("archive.zip");
    QF_OK_OR_FAIL(qf_zip_write(z, &ok, 1));
    assert_int_equal(stat(z, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(files_in_dir(), 2);

    QF_FAILS_WITH(QF_ENOTFOUND, "cannot create", qf_file_write(path_in("no/such/dir.txt"), "x", 1));
    QF_FAILS_WITH(QF_EINVALID, "a file name is required", qf_file_write("", "x", 1));
    assert_int_equal(files_in_dir(), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(package__zip_reads_back_as_written),
        cmocka_unit_test(package__zip_refuses_names_that_escape_or_repeat),
        cmocka_unit_test(package__reading_stays_within_limits),
        cmocka_unit_test_setup_teardown(package__files_appear_whole_and_private, make_dir,
                                        remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
