/* Artifacts: content stored once per SHA-256, blobs cleaned up with their last artifact,
 * external files hashed, unreadable files named, metadata validated. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixture.h"
#include "internal.h" /* qf__utf8_valid, to check messages stay UTF-8 */

/* Members are another module's work: a row through SQL, sealed by a qufa transaction. */
static int64_t raw_member(qf_db *db, const char *name)
{
    QF_OK_OR_FAIL(qf_tx_begin(db));
    int64_t id = fx_insert(db, "INSERT INTO member (name) VALUES (?1)", name);
    QF_OK_OR_FAIL(qf_tx_commit(db));
    return id;
}

static void raw_exec(qf_db *db, const char *sql)
{
    QF_OK_OR_FAIL(qf_tx_begin(db));
    fx_exec(db, sql);
    QF_OK_OR_FAIL(qf_tx_commit(db));
}

static int count_rows(qf_db *db, const char *sql)
{
    return (int)fx_sql_int(db, sql);
}

/* A file in a fresh temporary directory; the directory is removed by remove_scratch. */
static char scratch[64];

static const char *scratch_file(const char *name, const void *data, size_t len)
{
    static char path[128];
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/qufa-art-XXXXXX");
        if (!mkdtemp(scratch))
            fail_msg("mkdtemp: %s", strerror(errno));
    }
    snprintf(path, sizeof path, "%s/%s", scratch, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("%s: %s", path, strerror(errno));
    if (len && fwrite(data, 1, len, f) != len)
        fail_msg("write %s", path);
    fclose(f);
    return path;
}

static int teardown_all(void **state)
{
    if (scratch[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", scratch);
        scratch[0] = '\0';
    }
    return fx_teardown(state);
}

typedef struct world {
    fx_tree t;
    int64_t activity, member;
} world;

static void make_world(qf_db *db, world *w)
{
    fx_make_tree(db, &w->t);
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = w->t.branch;
    a.kind = QF_KIND_LECTURE;
    a.title = "党课";
    a.starts_at = fx_datetime("2017-06-16 14:30");
    a.ends_at = QF_DATETIME_NONE;
    QF_OK_OR_FAIL(qf_activity_create(&w->activity, db, &a, NULL));
    w->member = raw_member(db, "张三");
}

static qf_artifact meta_for(int64_t activity, const char *type)
{
    qf_artifact m;
    memset(&m, 0, sizeof m);
    m.activity_id = activity;
    m.type = type;
    m.issued_at = QF_DATETIME_NONE;
    return m;
}

static void artifact__content_round_trip_with_metadata(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    const char text[] = "党课讲稿：学习贯彻十九大精神";
    qf_artifact m = meta_for(w.activity, QF_ART_COURSEWARE);
    m.title = "讲稿";
    m.issued_at = fx_datetime("2017-06-15 10:00");
    m.mime = "text/plain";
    m.attrs = "{\"pages\":12}";
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, text, strlen(text)));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    char sha[65];
    qf_sha256_hex(text, strlen(text), sha);
    assert_int_equal(got->activity_id, w.activity);
    assert_int_equal(got->member_id, 0);
    assert_int_equal(got->org_id, 0);
    assert_string_equal(got->type, "courseware");
    assert_string_equal(got->title, "讲稿");
    assert_true(got->issued_at == fx_datetime("2017-06-15 10:00"));
    assert_string_equal(got->sha256, sha);
    assert_int_equal(got->size, (int64_t)strlen(text));
    assert_null(got->path);
    assert_string_equal(got->mime, "text/plain");
    assert_non_null(strstr(got->attrs, "\"pages\":12"));
    qf_artifact_free(got);
    void *data = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_artifact_content(&data, &len, db, id));
    assert_int_equal(len, strlen(text));
    assert_memory_equal(data, text, len);
    qf_free(data);

    /* an empty file is content too, distinct from "no content" */
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, "", 0));
    QF_OK_OR_FAIL(qf_artifact_content(&data, &len, db, id));
    assert_int_equal(len, 0);
    qf_free(data);
}

static void artifact__record_without_content(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_artifact m = meta_for(w.activity, QF_ART_NOTICE);
    m.title = "会议通知已发";
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, NULL, 0));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    assert_null(got->sha256);
    assert_int_equal(got->size, -1);
    qf_artifact_free(got);
    void *data = NULL;
    size_t len = 0;
    QF_FAILS_WITH(QF_ENOTFOUND, "has no content", qf_artifact_content(&data, &len, db, id));
    assert_null(data);
    QF_FAILS_WITH(QF_ENOTFOUND, "artifact 999 does not exist",
                  qf_artifact_content(&data, &len, db, 999));
}

static void artifact__identical_bytes_stored_once_and_cleaned_up_with_last(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    const char photo[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    size_t n = sizeof photo - 1;
    qf_artifact m = meta_for(w.activity, QF_ART_PHOTO);
    int64_t a1 = 0, a2 = 0, a3 = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&a1, db, &m, photo, n));
    m.activity_id = 0;
    m.member_id = w.member; /* the same photo filed with a member */
    QF_OK_OR_FAIL(qf_artifact_create(&a2, db, &m, photo, n));
    m.member_id = 0;
    m.org_id = w.t.branch;
    QF_OK_OR_FAIL(qf_artifact_create(&a3, db, &m, "other", 5));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 2);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM artifact"), 3);

    QF_OK_OR_FAIL(qf_artifact_delete(db, a1));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 2);
    void *data = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_artifact_content(&data, &len, db, a2));
    assert_int_equal(len, n);
    assert_memory_equal(data, photo, n);
    qf_free(data);
    QF_OK_OR_FAIL(qf_artifact_delete(db, a2));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 1);
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_artifact_delete(db, a2));

    /* deleting the member deletes its artifacts (cascade), and with them their blob */
    m.org_id = 0;
    m.member_id = w.member;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &m, "letter", 6));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 2);
    raw_exec(db, "DELETE FROM member");
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 1);
    QF_OK_OR_FAIL(qf_artifact_delete(db, a3));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 0);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void artifact__external_path_is_hashed_not_stored(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    const char bytes[] = "会议记录（扫描件）";
    const char *path = scratch_file("minutes.pdf", bytes, strlen(bytes));
    qf_artifact m = meta_for(w.activity, QF_ART_MINUTES);
    m.path = path;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, NULL, 0));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    char sha[65];
    qf_sha256_hex(bytes, strlen(bytes), sha);
    assert_string_equal(got->sha256, sha);
    assert_int_equal(got->size, (int64_t)strlen(bytes));
    assert_string_equal(got->path, path);
    qf_artifact_free(got);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 0);
    void *data = NULL;
    size_t len = 0;
    QF_FAILS_WITH(QF_ENOTFOUND, "is the external file", qf_artifact_content(&data, &len, db, id));

    /* stored bytes with the same digest are not kept alive by the external record */
    int64_t stored = 0;
    m.path = NULL;
    QF_OK_OR_FAIL(qf_artifact_create(&stored, db, &m, bytes, strlen(bytes)));
    QF_OK_OR_FAIL(qf_artifact_delete(db, stored));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 0);

    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    m.path = "/nonexistent/qufa/minutes.pdf";
    QF_FAILS_WITH(QF_ERROR, "file /nonexistent/qufa/minutes.pdf: cannot read (No such file",
                  qf_artifact_create(NULL, db, &m, NULL, 0));
    m.path = scratch;
    QF_FAILS_WITH(QF_EINVALID, "not a regular file", qf_artifact_create(NULL, db, &m, NULL, 0));
    m.path = path;
    QF_FAILS_WITH(QF_EINVALID, "not both", qf_artifact_create(NULL, db, &m, "x", 1));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

static void artifact__add_file_stores_bytes_and_names_unreadable_files(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    const char bytes[] = "简讯：工业标准一部党支部开展半月谈活动";
    const char *path = scratch_file("新闻简讯.txt", bytes, strlen(bytes));
    qf_artifact m = meta_for(w.activity, QF_ART_NEWS);
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_add_file(&id, db, &m, path));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    assert_string_equal(got->title, "新闻简讯.txt");
    assert_null(got->path);
    assert_int_equal(got->size, (int64_t)strlen(bytes));
    qf_artifact_free(got);
    void *data = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_artifact_content(&data, &len, db, id));
    assert_memory_equal(data, bytes, len);
    qf_free(data);
    m.title = "简讯";
    QF_OK_OR_FAIL(qf_artifact_add_file(&id, db, &m, path));
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    assert_string_equal(got->title, "简讯");
    qf_artifact_free(got);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 1);

    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_ERROR, "file /nonexistent/x.txt: cannot read (No such file or directory)",
                  qf_artifact_add_file(NULL, db, &m, "/nonexistent/x.txt"));
    /* a path through a regular file: a read error other than "missing", even for root */
    char through[160];
    snprintf(through, sizeof through, "%s/x.txt", path);
    const char *through_p = through;
    QF_FAILS_WITH(QF_ERROR, "cannot read (Not a directory)",
                  qf_artifact_add_file(NULL, db, &m, through_p));
    if (geteuid() != 0) { /* root reads anything */
        const char *locked = scratch_file("locked.txt", "secret", 6);
        assert_int_equal(chmod(locked, 0), 0);
        QF_FAILS_WITH(QF_ERROR, "cannot read (Permission denied)",
                      qf_artifact_add_file(NULL, db, &m, locked));
    }
    QF_FAILS_WITH(QF_EINVALID, "not a regular file", qf_artifact_add_file(NULL, db, &m, scratch));
    /* a sparse file just over the cap: refused from its size, without reading it */
    const char *big = scratch_file("big.bin", NULL, 0);
    assert_int_equal(truncate(big, (off_t)64 * 1024 * 1024 + 1), 0);
    QF_FAILS_WITH(QF_EINVALID, "too large (67108865 bytes; at most 64 MiB",
                  qf_artifact_add_file(NULL, db, &m, big));
    m.path = "/elsewhere/x.txt";
    QF_FAILS_WITH(QF_EINVALID, "path (/elsewhere/x.txt) is for external files",
                  qf_artifact_add_file(NULL, db, &m, path));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

/* Files copied from Windows archives often have GBK names: readable, but not UTF-8 text. */
static void artifact__add_file_accepts_non_utf8_file_names(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    const char *path = scratch_file("\xd6\xd0\xce\xc4.txt", "gbk", 3); /* 中文 in GBK */
    qf_artifact m = meta_for(w.activity, QF_ART_ARCHIVE);
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_add_file(&id, db, &m, path));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    assert_null(got->title); /* a title must be UTF-8, so the name is not used */
    assert_int_equal(got->size, 3);
    qf_artifact_free(got);
    QF_FAILS_WITH(QF_ERROR, "file /nonexistent/??.txt: cannot read (No such file",
                  qf_artifact_add_file(NULL, db, &m, "/nonexistent/\xd6\xd0.txt"));
    size_t off = 0;
    assert_true(qf__utf8_valid(qf_error_last(), strlen(qf_error_last()), &off));
    QF_FAILS_WITH(QF_EINVALID, "file: required", qf_artifact_add_file(NULL, db, &m, ""));
}

static void artifact__validation_names_field_and_value(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    qf_artifact m = meta_for(w.activity, QF_ART_MINUTES);
    qf_artifact x = m;
    x.type = "minuets";
    QF_FAILS_WITH(QF_EINVALID, "artifact_type 'minuets' is unknown",
                  qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.member_id = w.member;
    QF_FAILS_WITH(QF_EINVALID, "exactly one owner", qf_artifact_create(NULL, db, &x, NULL, 0));
    x.activity_id = x.member_id = 0;
    QF_FAILS_WITH(QF_EINVALID, "got 0", qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.activity_id = 4040;
    QF_FAILS_WITH(QF_ENOTFOUND, "artifact: activity 4040 does not exist",
                  qf_artifact_create(NULL, db, &x, "x", 1));
    x = m;
    x.activity_id = 0;
    x.member_id = 5050;
    QF_FAILS_WITH(QF_ENOTFOUND, "artifact: member 5050 does not exist",
                  qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.activity_id = 0;
    x.org_id = 6060;
    QF_FAILS_WITH(QF_ENOTFOUND, "artifact: org 6060 does not exist",
                  qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.title = "记录\xe8";
    QF_FAILS_WITH(QF_EINVALID, "title: invalid UTF-8", qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.type = "photo\xc3";
    QF_FAILS_WITH(QF_EINVALID, "type: invalid UTF-8", qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.path = "/tmp/\xff.pdf";
    QF_FAILS_WITH(QF_EINVALID, "path: invalid UTF-8", qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.mime = "text/\x01plain";
    QF_FAILS_WITH(QF_EINVALID, "mime: control character",
                  qf_artifact_create(NULL, db, &x, NULL, 0));
    x = m;
    x.attrs = "\"text\"";
    QF_FAILS_WITH(QF_EINVALID, "attrs: not a JSON object",
                  qf_artifact_create(NULL, db, &x, NULL, 0));
    QF_FAILS_WITH(QF_EINVALID, "content: 3 bytes announced",
                  qf_artifact_create(NULL, db, &m, NULL, 3));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

static void artifact__update_changes_metadata_only(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_artifact m = meta_for(w.activity, QF_ART_PHOTO);
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, "jpeg", 4));
    qf_artifact u = m;
    u.id = id;
    u.activity_id = 0;
    u.org_id = w.t.branch;
    u.type = QF_ART_ARCHIVE;
    u.title = "存档照片";
    u.sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    u.size = 1;
    QF_OK_OR_FAIL(qf_artifact_update(db, &u));
    qf_artifact *got = NULL;
    QF_OK_OR_FAIL(qf_artifact_get(&got, db, id));
    assert_int_equal(got->org_id, w.t.branch);
    assert_int_equal(got->activity_id, 0);
    assert_string_equal(got->type, "archive");
    assert_string_equal(got->title, "存档照片");
    assert_int_equal(got->size, 4); /* the content reference is not metadata */
    qf_artifact_free(got);
    u.id = id + 1;
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_artifact_update(db, &u));
    u.id = id;
    u.org_id = 999;
    QF_FAILS_WITH(QF_ENOTFOUND, "artifact: org 999 does not exist", qf_artifact_update(db, &u));
}

static void artifact__list_filters_by_owner_and_type(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_artifact m = meta_for(w.activity, QF_ART_PHOTO);
    m.title = "照片";
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &m, NULL, 0));
    m.type = QF_ART_NOTICE;
    m.title = "通知";
    m.issued_at = fx_datetime("2017-06-10 09:00");
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &m, NULL, 0));
    m.type = QF_ART_MINUTES;
    m.title = "记录";
    m.issued_at = fx_datetime("2017-06-16 17:00");
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &m, NULL, 0));
    m.activity_id = 0;
    m.org_id = w.t.branch;
    m.title = "支部记录";
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &m, NULL, 0));

    qf_artifact_filter f = QF_ARTIFACT_FILTER_INIT;
    f.activity_id = w.activity;
    qf_artifact_iter *it;
    const qf_artifact *row;
    const char *expect[] = {"通知", "记录", "照片"}; /* by issue time, undated last */
    QF_OK_OR_FAIL(qf_artifact_list(&it, db, &f));
    for (int i = 0; i < 3; i++) {
        QF_OK_OR_FAIL(qf_artifact_next(&row, it));
        assert_string_equal(row->title, expect[i]);
    }
    assert_int_equal(qf_artifact_next(&row, it), QF_ITEROVER);
    qf_artifact_iter_free(it);

    f = (qf_artifact_filter)QF_ARTIFACT_FILTER_INIT;
    f.type = QF_ART_MINUTES;
    int n = 0;
    QF_OK_OR_FAIL(qf_artifact_list(&it, db, &f));
    while (qf_artifact_next(&row, it) == QF_OK)
        n++;
    qf_artifact_iter_free(it);
    assert_int_equal(n, 2);
    f.org_id = w.t.branch;
    QF_OK_OR_FAIL(qf_artifact_list(&it, db, &f));
    QF_OK_OR_FAIL(qf_artifact_next(&row, it));
    assert_string_equal(row->title, "支部记录");
    assert_int_equal(qf_artifact_next(&row, it), QF_ITEROVER);
    qf_artifact_iter_free(it);
    f.type = "minuets";
    QF_FAILS_WITH(QF_EINVALID, "artifact_type 'minuets' is unknown", qf_artifact_list(&it, db, &f));
}

static void artifact__tampered_blob_is_reported(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_artifact m = meta_for(w.activity, QF_ART_MINUTES);
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_artifact_create(&id, db, &m, "original", 8));
    raw_exec(db, fx_pg() ? "UPDATE blob SET data = convert_to('altered!', 'UTF8')"
                         : "UPDATE blob SET data = CAST('altered!' AS BLOB)");
    void *data = NULL;
    size_t len = 0;
    QF_FAILS_WITH(QF_ECORRUPT, "does not match its SHA-256",
                  qf_artifact_content(&data, &len, db, id));
    assert_null(data);
}

static void artifact__sha256_of_known_vectors(void **state)
{
    (void)state;
    char hex[65];
    qf_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    qf_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* two blocks, and many (the message schedule of every round is exercised): FIPS 180-2
     * examples; natively these go through the SHA extensions where the CPU has them, under
     * valgrind through the portable rounds */
    static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    qf_sha256_hex(two, sizeof two - 1, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t n = 1000000;
    char *a = malloc(n);
    assert_non_null(a);
    memset(a, 'a', n);
    qf_sha256_hex(a, n, hex);
    free(a);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(artifact__content_round_trip_with_metadata, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__record_without_content, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__identical_bytes_stored_once_and_cleaned_up_with_last, fx_setup_file, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__external_path_is_hashed_not_stored, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__add_file_stores_bytes_and_names_unreadable_files, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__add_file_accepts_non_utf8_file_names, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__validation_names_field_and_value, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__update_changes_metadata_only, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__list_filters_by_owner_and_type, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__tampered_blob_is_reported, fx_setup_memory, teardown_all),
        cmocka_unit_test_setup_teardown(artifact__sha256_of_known_vectors, NULL, NULL),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
