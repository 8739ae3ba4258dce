/* Activities: atomic create with attendance, guests and agenda; validation naming the culprit;
 * list filters; cascades; the audit chain after writes. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

/* Members are another module's work: rows go in through SQL, inside a qufa transaction so the
 * audit log seals them like any other write. */
static int64_t raw_member(qf_db *db, const char *name)
{
    QF_OK_OR_FAIL(qf_tx_begin(db));
    int64_t id = fx_insert(db, "INSERT INTO member (name) VALUES (?1)", name);
    QF_OK_OR_FAIL(qf_tx_commit(db));
    return id;
}

static int count_rows(qf_db *db, const char *sql)
{
    return (int)fx_sql_int(db, sql);
}

static qf_activity lecture(int64_t org, const char *starts)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = QF_KIND_LECTURE;
    a.title = "党课：学习十九大精神";
    a.topic = "绿色制造";
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    return a;
}

typedef struct world {
    fx_tree t;
    int64_t m[4];
} world;

static void make_world(qf_db *db, world *w)
{
    fx_make_tree(db, &w->t);
    w->m[0] = raw_member(db, "张三");
    w->m[1] = raw_member(db, "李四");
    w->m[2] = raw_member(db, "王五");
    w->m[3] = raw_member(db, "赵六");
}

static void hash_of(qf_db *db, char out[65])
{
    QF_OK_OR_FAIL(qf_db_content_hash(db, out));
}

/* A half-month talk as the seed describes it: three segments, an expert, the leader present. */
static void activity__create_with_parts_reads_everything_back(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    a.kind = QF_KIND_SEMIMONTHLY_TALK;
    a.title = "半月谈（第八期）";
    a.ends_at = fx_datetime("2017-06-16 16:30");
    a.place = "三楼会议室";
    a.host_id = w.m[0];
    a.recorder_id = w.m[1];
    a.attrs = "{\"session\":8}";
    qf_attendance att[] = {
        {0, w.m[0], QF_ATTEND_PRESENT, NULL},
        {0, w.m[1], QF_ATTEND_LATE, NULL},
        {0, w.m[2], QF_ATTEND_LEAVE, "出差"},
    };
    qf_guest guests[] = {{0, 0, "钱七", "中国标准化研究院", "expert"}};
    qf_agenda_item agenda[] = {
        {0, 0, "study", "学习总书记系列讲话"},
        {0, 0, "expert_briefing", "绿色制造标准化趋势"},
        {0, 0, "discussion", NULL},
    };
    qf_activity_parts parts = {att, 3, guests, 1, agenda, 3};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &parts));
    assert_true(id > 0);

    qf_activity *got = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&got, db, id));
    assert_int_equal(got->org_id, w.t.branch);
    assert_string_equal(got->kind, "semimonthly_talk");
    assert_string_equal(got->title, "半月谈（第八期）");
    assert_string_equal(got->topic, "绿色制造");
    assert_string_equal(got->place, "三楼会议室");
    assert_true(got->starts_at == fx_datetime("2017-06-16 14:30"));
    assert_true(got->ends_at == fx_datetime("2017-06-16 16:30"));
    assert_int_equal(got->host_id, w.m[0]);
    assert_int_equal(got->recorder_id, w.m[1]);
    assert_int_equal(got->lecturer_id, 0);
    assert_non_null(strstr(got->attrs, "\"session\":8"));
    qf_activity_free(got);

    qf_attendance_iter *ai;
    const qf_attendance *ar;
    QF_OK_OR_FAIL(qf_attendance_list(&ai, db, id));
    for (int i = 0; i < 3; i++) {
        QF_OK_OR_FAIL(qf_attendance_next(&ar, ai));
        assert_int_equal(ar->activity_id, id);
        assert_int_equal(ar->member_id, att[i].member_id);
        assert_int_equal(ar->state, att[i].state);
    }
    assert_string_equal(ar->reason, "出差");
    assert_int_equal(qf_attendance_next(&ar, ai), QF_ITEROVER);
    qf_attendance_iter_free(ai);

    qf_guest_iter *gi;
    const qf_guest *gr;
    QF_OK_OR_FAIL(qf_guest_list(&gi, db, id));
    QF_OK_OR_FAIL(qf_guest_next(&gr, gi));
    assert_true(gr->id > 0);
    assert_int_equal(gr->activity_id, id);
    assert_string_equal(gr->name, "钱七");
    assert_string_equal(gr->affiliation, "中国标准化研究院");
    assert_string_equal(gr->role, "expert");
    assert_int_equal(qf_guest_next(&gr, gi), QF_ITEROVER);
    qf_guest_iter_free(gi);

    qf_agenda_iter *gen;
    const qf_agenda_item *it;
    QF_OK_OR_FAIL(qf_agenda_list(&gen, db, id));
    for (int i = 0; i < 3; i++) {
        QF_OK_OR_FAIL(qf_agenda_next(&it, gen));
        assert_int_equal(it->seq, i + 1);
        assert_string_equal(it->segment, agenda[i].segment);
    }
    assert_null(it->title);
    assert_int_equal(qf_agenda_next(&it, gen), QF_ITEROVER);
    qf_agenda_iter_free(gen);
}

static void activity__create_without_parts(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_activity a = lecture(t.branch, "2017-03-01 09:00");
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    qf_activity *got = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&got, db, id));
    assert_null(got->place);
    assert_true(got->ends_at == QF_DATETIME_NONE);
    assert_string_equal(got->attrs, "{}");
    qf_activity_free(got);
    qf_attendance_iter *ai;
    const qf_attendance *ar;
    QF_OK_OR_FAIL(qf_attendance_list(&ai, db, id));
    assert_int_equal(qf_attendance_next(&ar, ai), QF_ITEROVER);
    qf_attendance_iter_free(ai);
}

/* Attendance is written several rows per statement (16, 8, 4, 2, 1): a bad row inside a batch
 * is still named, everything goes, and a good list reads back in its own order. */
static void activity__long_attendance_lists(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    int64_t m[23];
    for (int i = 0; i < 23; i++) {
        char name[16];
        snprintf(name, sizeof name, "党员%d", i + 1);
        m[i] = raw_member(db, name);
    }
    char before[65], after[65];
    hash_of(db, before);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_attendance rows[23];
    for (int i = 0; i < 23; i++)
        rows[i] = (qf_attendance){0, m[22 - i], i % 5 ? QF_ATTEND_PRESENT : QF_ATTEND_LEAVE,
                                  i % 5 ? NULL : "出差"};
    qf_activity_parts parts = {rows, 23, NULL, 0, NULL, 0};
    int64_t id = 0;

    rows[9].member_id = 4242; /* inside the first batch of 16 */
    QF_FAILS_WITH(QF_ENOTFOUND, "attendance: member 4242 does not exist",
                  qf_activity_create(&id, db, &a, &parts));
    rows[9].member_id = m[13];
    rows[18].member_id = m[22 - 3]; /* in the batch of 4, the same member as row 4 */
    char needle_buf[80];
    const char *needle = needle_buf;
    snprintf(needle_buf, sizeof needle_buf, "member %lld is listed more than once",
             (long long)m[19]);
    QF_FAILS_WITH(QF_EINVALID, needle, qf_activity_create(&id, db, &a, &parts));
    hash_of(db, after);
    assert_string_equal(before, after);

    rows[18].member_id = m[22 - 18];
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &parts));
    qf_attendance_iter *it = NULL;
    QF_OK_OR_FAIL(qf_attendance_list(&it, db, id));
    const qf_attendance *r;
    int n = 0;
    while (qf_attendance_next(&r, it) == QF_OK) {
        assert_int_equal(r->member_id, rows[n].member_id);
        assert_int_equal(r->state, rows[n].state);
        if (rows[n].reason)
            assert_string_equal(r->reason, rows[n].reason);
        else
            assert_null(r->reason);
        n++;
    }
    qf_attendance_iter_free(it);
    assert_int_equal(n, 23);
}

/* Each bad part is found only after the activity row was written: everything must go. */
static void activity__invalid_part_rolls_back_everything(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    char before[65], after[65];
    hash_of(db, before);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    int64_t id = 0;

    qf_attendance unknown[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL},
                               {0, 4242, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts p1 = {unknown, 2, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_ENOTFOUND, "attendance: member 4242 does not exist",
                  qf_activity_create(&id, db, &a, &p1));
    hash_of(db, after);
    assert_string_equal(before, after);

    qf_attendance twice[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL},
                             {0, w.m[1], QF_ATTEND_PRESENT, NULL},
                             {0, w.m[0], QF_ATTEND_LATE, NULL}};
    qf_activity_parts p2 = {twice, 3, NULL, 0, NULL, 0};
    char needle_buf[80];
    const char *needle = needle_buf;
    snprintf(needle_buf, sizeof needle_buf, "member %lld is listed more than once",
             (long long)w.m[0]);
    QF_FAILS_WITH(QF_EINVALID, needle, qf_activity_create(&id, db, &a, &p2));
    hash_of(db, after);
    assert_string_equal(before, after);

    qf_attendance ok[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL}};
    qf_guest bad_role[] = {{0, 0, "钱七", NULL, "speaker"}};
    qf_activity_parts p3 = {ok, 1, bad_role, 1, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "guest_role 'speaker' is unknown",
                  qf_activity_create(&id, db, &a, &p3));
    hash_of(db, after);
    assert_string_equal(before, after);

    qf_agenda_item bad_segment[] = {{0, 0, "study", NULL}, {0, 0, "Expert Talk", NULL}};
    qf_activity_parts p4 = {ok, 1, NULL, 0, bad_segment, 2};
    QF_FAILS_WITH(QF_EINVALID, "agenda[2].segment: 'Expert Talk' is not a valid code",
                  qf_activity_create(&id, db, &a, &p4));
    hash_of(db, after);
    assert_string_equal(before, after);

    qf_attendance bad_state[] = {{0, w.m[0], (qf_attendance_state)9, NULL}};
    qf_activity_parts p5 = {bad_state, 1, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "attendance[1]: state 9", qf_activity_create(&id, db, &a, &p5));
    qf_attendance zero[] = {{0, 0, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts p6 = {zero, 1, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "attendance[1]: member id 0", qf_activity_create(&id, db, &a, &p6));
    qf_activity_parts p7 = {NULL, 2, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "array is NULL", qf_activity_create(&id, db, &a, &p7));
    hash_of(db, after);
    assert_string_equal(before, after);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM activity"), 0);
}

/* A failed create inside a caller's transaction undoes only itself (a bulk import goes on). */
static void activity__failed_create_keeps_outer_transaction(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    QF_OK_OR_FAIL(qf_tx_begin(db));
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_attendance good[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL}};
    qf_attendance bad[] = {{0, w.m[1], QF_ATTEND_PRESENT, NULL}, {0, 99, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts pg = {good, 1, NULL, 0, NULL, 0};
    qf_activity_parts pb = {bad, 2, NULL, 0, NULL, 0};
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, &pg));
    QF_FAILS_WITH(QF_ENOTFOUND, "member 99", qf_activity_create(NULL, db, &a, &pb));
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, &pg));
    assert_int_equal(qf_tx_depth(db), 1);
    QF_OK_OR_FAIL(qf_tx_commit(db));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM activity"), 2);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance"), 2);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void activity__validation_names_field_and_value(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    char before[65], after[65];
    hash_of(db, before);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");

    qf_activity x = a;
    x.kind = "lectrue";
    QF_FAILS_WITH(QF_EINVALID, "activity_kind 'lectrue' is unknown",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.title = "";
    QF_FAILS_WITH(QF_EINVALID, "title: required", qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.starts_at = QF_DATETIME_NONE;
    QF_FAILS_WITH(QF_EINVALID, "starts_at: a date-time is required",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.ends_at = fx_datetime("2017-06-16 14:00");
    QF_FAILS_WITH(QF_EINVALID, "ends_at: 2017-06-16 14:00 is before starts_at 2017-06-16 14:30",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.ends_at = x.starts_at; /* a zero-length record is allowed */
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &x, NULL));
    hash_of(db, before);
    x = a;
    x.org_id = 0;
    QF_FAILS_WITH(QF_EINVALID, "org: required", qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.org_id = 777;
    QF_FAILS_WITH(QF_ENOTFOUND, "activity: org 777 does not exist",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.lecturer_id = 888;
    QF_FAILS_WITH(QF_ENOTFOUND, "activity: lecturer member 888 does not exist",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.host_id = -3;
    QF_FAILS_WITH(QF_EINVALID, "host: -3 is not a valid id",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.attrs = "[1,2]";
    QF_FAILS_WITH(QF_EINVALID, "attrs: not a JSON object", qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.starts_at = qf_datetime_from_date(qf_date_from_ymd(2300, 1, 1), 0, 0);
    QF_FAILS_WITH(QF_EINVALID, "starts_at: date-time out of range",
                  qf_activity_create(NULL, db, &x, NULL));
    hash_of(db, after);
    assert_string_equal(before, after);
}

static void activity__utf8_is_checked_everywhere(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    char before[65], after[65];
    hash_of(db, before);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_activity x = a;
    x.title = "党课\xe5\x85";
    QF_FAILS_WITH(QF_EINVALID, "title: invalid UTF-8 at byte 7",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.place = "\xc0\xaf";
    QF_FAILS_WITH(QF_EINVALID, "place: invalid UTF-8 at byte 1",
                  qf_activity_create(NULL, db, &x, NULL));
    x = a;
    x.kind = "lect\xff";
    QF_FAILS_WITH(QF_EINVALID, "kind: invalid UTF-8", qf_activity_create(NULL, db, &x, NULL));
    qf_attendance att[] = {{0, w.m[0], QF_ATTEND_LEAVE, "病\xed\xa0\x80"}};
    qf_activity_parts p1 = {att, 1, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "attendance[1].reason: invalid UTF-8",
                  qf_activity_create(NULL, db, &a, &p1));
    qf_guest g[] = {{0, 0, "钱\x80", NULL, "expert"}};
    qf_activity_parts p2 = {NULL, 0, g, 1, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "guests[1].name: invalid UTF-8",
                  qf_activity_create(NULL, db, &a, &p2));
    qf_guest g2[] = {{0, 0, "钱七", NULL, "exp\xfe"}};
    qf_activity_parts p3 = {NULL, 0, g2, 1, NULL, 0};
    QF_FAILS_WITH(QF_EINVALID, "guest_role: invalid UTF-8", qf_activity_create(NULL, db, &a, &p3));
    qf_agenda_item ag[] = {{0, 0, "study", "学\xe4"}};
    qf_activity_parts p4 = {NULL, 0, NULL, 0, ag, 1};
    QF_FAILS_WITH(QF_EINVALID, "agenda[1].title: invalid UTF-8",
                  qf_activity_create(NULL, db, &a, &p4));
    hash_of(db, after);
    assert_string_equal(before, after);
}

static void activity__update_replaces_fields(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    qf_activity u = a;
    u.id = id;
    u.org_id = w.t.group1;
    u.kind = QF_KIND_GROUP_MEETING;
    u.title = "第一党小组会";
    u.topic = NULL;
    u.lecturer_id = w.m[3];
    u.attrs = "{\"online\":true}";
    QF_OK_OR_FAIL(qf_activity_update(db, &u));
    qf_activity *got = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&got, db, id));
    assert_int_equal(got->org_id, w.t.group1);
    assert_string_equal(got->kind, "group_meeting");
    assert_string_equal(got->title, "第一党小组会");
    assert_null(got->topic);
    assert_int_equal(got->lecturer_id, w.m[3]);
    qf_activity_free(got);

    u.recorder_id = 5000;
    QF_FAILS_WITH(QF_ENOTFOUND, "recorder member 5000 does not exist", qf_activity_update(db, &u));
    u.recorder_id = 0;
    u.id = id + 100;
    char needle_buf[64];
    const char *needle = needle_buf;
    snprintf(needle_buf, sizeof needle_buf, "activity %lld does not exist", (long long)(id + 100));
    QF_FAILS_WITH(QF_ENOTFOUND, needle, qf_activity_update(db, &u));
    QF_FAILS_WITH(QF_ENOTFOUND, needle, qf_activity_delete(db, id + 100));
    QF_FAILS_WITH(QF_ENOTFOUND, needle, qf_activity_get(&got, db, id + 100));
    assert_null(got);
}

/* Collects the titles of a listing into a comma-separated string. */
static void list_titles(qf_db *db, const qf_activity_filter *f, char *out, size_t size)
{
    qf_activity_iter *it;
    const qf_activity *row;
    out[0] = '\0';
    QF_OK_OR_FAIL(qf_activity_list(&it, db, f));
    int rc;
    while ((rc = qf_activity_next(&row, it)) == QF_OK) {
        if (out[0])
            strncat(out, ",", size - strlen(out) - 1);
        strncat(out, row->title, size - strlen(out) - 1);
    }
    assert_int_equal(rc, QF_ITEROVER);
    qf_activity_iter_free(it);
}

static void add(qf_db *db, int64_t org, const char *kind, const char *title, const char *starts)
{
    qf_activity a = lecture(org, starts);
    a.kind = kind;
    a.title = title;
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, NULL));
}

static void activity__list_filters_org_subtree_kind_and_dates(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_org other = {0, t.committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    int64_t branch2 = 0;
    QF_OK_OR_FAIL(qf_org_create(&branch2, db, &other));
    /* inserted out of order: the listing sorts by start, then id */
    add(db, t.branch, "general_meeting", "B", "2017-04-01 09:00");
    add(db, t.group1, "group_meeting", "G1", "2017-03-31 23:59");
    add(db, t.committee, "lecture", "C", "2017-06-30 23:59");
    add(db, t.group2, "group_meeting", "G2", "2017-04-01 00:00");
    add(db, branch2, "general_meeting", "O", "2017-04-01 09:00");
    add(db, t.branch, "lecture", "B2", "2017-07-01 00:00");

    char got[256];
    list_titles(db, NULL, got, sizeof got);
    assert_string_equal(got, "G1,G2,B,O,C,B2");

    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    f.org_id = t.branch;
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "B,B2");

    f = (qf_activity_filter)QF_ACTIVITY_FILTER_INIT;
    f.under = t.branch; /* the branch and its two groups, not the committee or branch 2 */
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G1,G2,B,B2");
    f.under = t.committee;
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G1,G2,B,O,C,B2");
    f.under = t.group2;
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G2");

    f = (qf_activity_filter)QF_ACTIVITY_FILTER_INIT;
    f.kind = "group_meeting";
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G1,G2");
    f.under = t.committee;
    f.kind = "general_meeting";
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "B,O");

    /* from/to are inclusive days: the second quarter is 04-01 00:00 .. 06-30 23:59 */
    f = (qf_activity_filter)QF_ACTIVITY_FILTER_INIT;
    f.from = fx_date("2017-04-01");
    f.to = fx_date("2017-06-30");
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G2,B,O,C");
    f.to = QF_DATE_NONE;
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G2,B,O,C,B2");
    f.from = QF_DATE_NONE;
    f.to = fx_date("2017-03-31");
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "G1");
    f.from = fx_date("2017-04-01");
    f.to = fx_date("2017-04-01");
    f.org_id = t.branch;
    list_titles(db, &f, got, sizeof got);
    assert_string_equal(got, "B");

    qf_activity_iter *it = NULL;
    f = (qf_activity_filter)QF_ACTIVITY_FILTER_INIT;
    f.kind = "lectrue";
    QF_FAILS_WITH(QF_EINVALID, "activity_kind 'lectrue' is unknown", qf_activity_list(&it, db, &f));
    f.kind = NULL;
    f.from = fx_date("2017-05-01");
    f.to = fx_date("2017-04-30");
    QF_FAILS_WITH(QF_EINVALID, "from 2017-05-01 is after to 2017-04-30",
                  qf_activity_list(&it, db, &f));
    f.version = 0;
    QF_FAILS_WITH(QF_EINVALID, "version 0 is unknown", qf_activity_list(&it, db, &f));
    assert_null(it);
}

/* The kinds a filter lists with their numbers, "kind=n" comma-separated in kind order. */
static void list_kinds(qf_db *db, const qf_activity_filter *f, char *out, size_t size)
{
    qf_activity_iter *it;
    const qf_kind_count *row;
    out[0] = '\0';
    QF_OK_OR_FAIL(qf_activity_kinds(&it, db, f));
    int rc;
    while ((rc = qf_activity_kind_next(&row, it)) == QF_OK) {
        char one[64];
        snprintf(one, sizeof one, "%s%s=%lld", out[0] ? "," : "", row->kind, (long long)row->n);
        strncat(out, one, size - strlen(out) - 1);
    }
    assert_int_equal(rc, QF_ITEROVER);
    qf_activity_iter_free(it);
}

static void activity__kinds_count_what_the_list_lists(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    add(db, t.branch, "general_meeting", "B", "2017-04-01 09:00");
    add(db, t.group1, "group_meeting", "G1", "2017-03-31 23:59");
    add(db, t.committee, "lecture", "C", "2017-06-30 23:59");
    add(db, t.group2, "group_meeting", "G2", "2017-04-01 00:00");
    add(db, t.branch, "lecture", "B2", "2017-07-01 00:00");

    char got[256];
    list_kinds(db, NULL, got, sizeof got);
    assert_string_equal(got, "general_meeting=1,group_meeting=2,lecture=2");
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    f.under = t.branch;
    f.from = fx_date("2017-04-01");
    f.to = fx_date("2017-06-30");
    list_kinds(db, &f, got, sizeof got);
    assert_string_equal(got, "general_meeting=1,group_meeting=1");
    f.kind = "lecture";
    list_kinds(db, &f, got, sizeof got);
    assert_string_equal(got, "");
    f.org_id = t.committee;
    f.under = 0;
    f.to = QF_DATE_NONE;
    list_kinds(db, &f, got, sizeof got);
    assert_string_equal(got, "lecture=1");

    qf_activity_iter *it = NULL;
    f = (qf_activity_filter)QF_ACTIVITY_FILTER_INIT;
    f.kind = "lectrue";
    QF_FAILS_WITH(QF_EINVALID, "activity_kind 'lectrue' is unknown", qf_activity_kinds(&it, db, &f));
    assert_null(it);
}

static void activity__delete_cascades_to_parts_and_artifacts(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_attendance att[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL},
                           {0, w.m[1], QF_ATTEND_ABSENT, NULL}};
    qf_guest g[] = {{0, 0, "钱七", NULL, "expert"}};
    qf_agenda_item ag[] = {{0, 0, "study", NULL}};
    qf_activity_parts p = {att, 2, g, 1, ag, 1};
    int64_t keep = 0, gone = 0;
    QF_OK_OR_FAIL(qf_activity_create(&keep, db, &a, &p));
    QF_OK_OR_FAIL(qf_activity_create(&gone, db, &a, &p));
    qf_artifact art;
    memset(&art, 0, sizeof art);
    art.activity_id = gone;
    art.type = QF_ART_MINUTES;
    art.issued_at = QF_DATETIME_NONE;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &art, "会议记录正文", strlen("会议记录正文")));
    art.type = QF_ART_PHOTO;
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &art, "\x89PNG", 4));
    art.activity_id = keep; /* shares the photo bytes: that blob must stay */
    QF_OK_OR_FAIL(qf_artifact_create(NULL, db, &art, "\x89PNG", 4));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 2);

    QF_OK_OR_FAIL(qf_activity_delete(db, gone));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM activity"), 1);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance"), 2);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM guest"), 1);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM agenda_item"), 1);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM artifact"), 1);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 1);
    qf_attendance_iter *ai = NULL;
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_attendance_list(&ai, db, gone));
    QF_OK_OR_FAIL(qf_activity_delete(db, keep));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM blob"), 0);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void activity__attendance_set_replaces_and_remove(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    qf_attendance x = {id, w.m[2], QF_ATTEND_ABSENT, NULL};
    QF_OK_OR_FAIL(qf_attendance_set(db, &x));
    x.state = QF_ATTEND_LEAVE;
    x.reason = "病假";
    QF_OK_OR_FAIL(qf_attendance_set(db, &x));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance"), 1);
    qf_attendance_iter *ai;
    const qf_attendance *ar;
    QF_OK_OR_FAIL(qf_attendance_list(&ai, db, id));
    QF_OK_OR_FAIL(qf_attendance_next(&ar, ai));
    assert_int_equal(ar->state, QF_ATTEND_LEAVE);
    assert_string_equal(ar->reason, "病假");
    qf_attendance_iter_free(ai);

    char before[65], after[65];
    hash_of(db, before);
    x.member_id = 31337;
    QF_FAILS_WITH(QF_ENOTFOUND, "attendance: member 31337 does not exist",
                  qf_attendance_set(db, &x));
    x.member_id = w.m[0];
    x.activity_id = id + 9;
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_attendance_set(db, &x));
    x.activity_id = 0;
    QF_FAILS_WITH(QF_EINVALID, "attendance: activity: required", qf_attendance_set(db, &x));
    hash_of(db, after);
    assert_string_equal(before, after);

    QF_OK_OR_FAIL(qf_attendance_remove(db, id, w.m[2]));
    char needle_buf[80];
    const char *needle = needle_buf;
    snprintf(needle_buf, sizeof needle_buf, "member %lld is not recorded for activity %lld",
             (long long)w.m[2], (long long)id);
    QF_FAILS_WITH(QF_ENOTFOUND, needle, qf_attendance_remove(db, id, w.m[2]));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance"), 0);
}

static void activity__attendance_state_names_round_trip(void **state)
{
    (void)state;
    const char *names[] = {"present", "absent", "leave", "late"};
    for (int s = QF_ATTEND_PRESENT; s <= QF_ATTEND_LATE; s++) {
        assert_string_equal(qf_attendance_state_name((qf_attendance_state)s), names[s]);
        qf_attendance_state p = QF_ATTEND_PRESENT;
        QF_OK_OR_FAIL(qf_attendance_state_parse(&p, names[s]));
        assert_int_equal(p, s);
    }
    assert_string_equal(qf_attendance_state_name((qf_attendance_state)17), "?");
    qf_attendance_state p;
    QF_FAILS_WITH(QF_EINVALID, "attendance state 'tardy' is unknown",
                  qf_attendance_state_parse(&p, "tardy"));
    QF_FAILS_WITH(QF_EINVALID, "attendance state '' is unknown",
                  qf_attendance_state_parse(&p, NULL));
}

static void activity__guests_add_list_remove(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    int64_t id = 0, g1 = 0, g2 = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, NULL));
    qf_guest g = {0, id, "孙八", "机关党委", "representative"};
    QF_OK_OR_FAIL(qf_guest_add(&g1, db, &g));
    g.name = "周九";
    g.affiliation = NULL;
    g.role = "observer";
    QF_OK_OR_FAIL(qf_guest_add(&g2, db, &g));
    g.role = "speaker";
    QF_FAILS_WITH(QF_EINVALID, "guest_role 'speaker' is unknown", qf_guest_add(NULL, db, &g));
    g.role = "expert";
    g.name = NULL;
    QF_FAILS_WITH(QF_EINVALID, "guest.name: required", qf_guest_add(NULL, db, &g));
    g.name = "吴十";
    g.activity_id = id + 5;
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_guest_add(NULL, db, &g));

    QF_OK_OR_FAIL(qf_guest_remove(db, g1));
    QF_FAILS_WITH(QF_ENOTFOUND, "guest", qf_guest_remove(db, g1));
    qf_guest_iter *gi;
    const qf_guest *gr;
    QF_OK_OR_FAIL(qf_guest_list(&gi, db, id));
    QF_OK_OR_FAIL(qf_guest_next(&gr, gi));
    assert_int_equal(gr->id, g2);
    assert_null(gr->affiliation);
    assert_string_equal(gr->role, "observer");
    assert_int_equal(qf_guest_next(&gr, gi), QF_ITEROVER);
    qf_guest_iter_free(gi);
}

static void activity__agenda_set_replaces_whole_agenda(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_agenda_item first[] = {{0, 0, "study", "学习"}, {0, 0, "discussion", "讨论"}};
    qf_activity_parts p = {NULL, 0, NULL, 0, first, 2};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &p));
    qf_agenda_item second[] = {{0, 9, "expert_briefing", NULL}};
    QF_OK_OR_FAIL(qf_agenda_set(db, id, second, 1));
    qf_agenda_iter *it;
    const qf_agenda_item *row;
    QF_OK_OR_FAIL(qf_agenda_list(&it, db, id));
    QF_OK_OR_FAIL(qf_agenda_next(&row, it));
    assert_int_equal(row->seq, 1); /* from the array order, not the struct */
    assert_string_equal(row->segment, "expert_briefing");
    assert_int_equal(qf_agenda_next(&row, it), QF_ITEROVER);
    qf_agenda_iter_free(it);

    char before[65], after[65];
    hash_of(db, before);
    qf_agenda_item bad[] = {{0, 0, "study", NULL}, {0, 0, "2nd", NULL}};
    QF_FAILS_WITH(QF_EINVALID, "agenda[2].segment: '2nd'", qf_agenda_set(db, id, bad, 2));
    QF_FAILS_WITH(QF_ENOTFOUND, "does not exist", qf_agenda_set(db, id + 1, NULL, 0));
    hash_of(db, after);
    assert_string_equal(before, after);
    QF_OK_OR_FAIL(qf_agenda_set(db, id, NULL, 0));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM agenda_item"), 0);
}

static void activity__audit_verifies_after_writes(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_attendance att[] = {{0, w.m[0], QF_ATTEND_PRESENT, NULL}, {0, w.m[1], QF_ATTEND_LATE, NULL}};
    qf_guest g[] = {{0, 0, "钱七", NULL, "expert"}};
    qf_agenda_item ag[] = {{0, 0, "study", NULL}};
    qf_activity_parts p = {att, 2, g, 1, ag, 1};
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &p));
    qf_attendance x = {id, w.m[1], QF_ATTEND_PRESENT, NULL};
    QF_OK_OR_FAIL(qf_attendance_set(db, &x));
    a.id = id;
    a.title = "党课（改期）";
    QF_OK_OR_FAIL(qf_activity_update(db, &a));
    QF_OK_OR_FAIL(qf_agenda_set(db, id, ag, 1));
    qf_attendance missing[] = {{0, 999, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts bad = {missing, 1, NULL, 0, NULL, 0};
    QF_FAILS_WITH(QF_ENOTFOUND, "member 999", qf_activity_create(NULL, db, &a, &bad));
    qf_audit_report r;
    QF_OK_OR_FAIL(qf_audit_verify(db, &r));
    assert_int_equal(r.problems, 0);
    assert_true(r.rows > 0);
}

/* Bulk imports depend on it: savepoint sub-journals must not go through temp files. */
static void activity__journals_stay_in_memory(void **state)
{
    fx_sqlite_only("SQLite's statement journals");
    qf_db *db = *state;
    assert_int_equal(count_rows(db, "PRAGMA temp_store"), 2); /* 2 = MEMORY */
}

static void activity__messages_are_translated(void **state)
{
    qf_db *db = *state;
    world w;
    make_world(db, &w);
    qf_activity a = lecture(w.t.branch, "2017-06-16 14:30");
    qf_attendance att[] = {{0, 4242, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts p = {att, 1, NULL, 0, NULL, 0};
    QF_OK_OR_FAIL(qf_set_language("zh"));
    int rc = qf_activity_create(NULL, db, &a, &p);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", qf_error_last());
    a.lecturer_id = 888;
    int rc2 = qf_activity_create(NULL, db, &a, NULL);
    char msg2[256];
    snprintf(msg2, sizeof msg2, "%s", qf_error_last());
    QF_OK_OR_FAIL(qf_set_language("en"));
    assert_int_equal(rc, QF_ENOTFOUND);
    assert_string_equal(msg, "出勤：党员 4242 不存在");
    assert_int_equal(rc2, QF_ENOTFOUND);
    assert_string_equal(msg2, "活动：授课人（党员 888）不存在");
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(activity__create_with_parts_reads_everything_back, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__create_without_parts, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__invalid_part_rolls_back_everything, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__long_attendance_lists, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__failed_create_keeps_outer_transaction, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__validation_names_field_and_value, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__utf8_is_checked_everywhere, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__update_replaces_fields, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__list_filters_org_subtree_kind_and_dates, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__kinds_count_what_the_list_lists, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__delete_cascades_to_parts_and_artifacts, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__attendance_set_replaces_and_remove, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__attendance_state_names_round_trip, NULL, NULL),
        cmocka_unit_test_setup_teardown(activity__guests_add_list_remove, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__agenda_set_replaces_whole_agenda, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__audit_verifies_after_writes, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__journals_stay_in_memory, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(activity__messages_are_translated, fx_setup_memory, fx_teardown),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
