/* CSV export of members and activities: round trips through import byte for byte, masking of
 * personal fields, filters, and the references that would not read back refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture_csv.h"

static int64_t add_member(qf_db *db, const qf_member *proto)
{
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_member_create(&id, db, proto));
    return id;
}

static qf_member person(const char *name, const char *code, int64_t org, int64_t group)
{
    qf_member m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.code = code;
    m.birth_date = m.joined = QF_DATE_NONE;
    m.status = QF_STATUS_FULL;
    m.since = fx_date("2010-07-01");
    m.org_id = org;
    m.group_id = group;
    return m;
}

typedef struct world {
    fx_tree t;
    int64_t branch2;
    int64_t m[6];
} world;

/* Members with every field, one without a code, one who belongs to no branch; a second
 * branch for the filters. */
static void make_members(qf_db *db, world *w)
{
    fx_make_tree(db, &w->t);
    qf_org b2 = {0, w->t.committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(&w->branch2, db, &b2));
    qf_member m = person("张三", "A1", w->t.branch, w->t.group1);
    m.gender = "male";
    m.birth_date = fx_date("1980-03-15");
    m.joined = fx_date("2005-07-01");
    m.since = m.joined;
    m.phone = "13812345678";
    m.id_number = "110105198003151234";
    m.attrs = "{\"duty\":\"secretary\",\"note\":\"a, \\\"quoted\\\" one\"}";
    w->m[0] = add_member(db, &m);
    m = person("李四", "A2", w->t.branch, w->t.group2);
    m.gender = "female";
    m.status = QF_STATUS_PROBATIONARY;
    m.joined = m.since = fx_date("2017-03-15");
    w->m[1] = add_member(db, &m);
    m = person("王五", NULL, w->t.branch, 0); /* named by name in activities */
    m.status = QF_STATUS_ACTIVIST;
    m.since = fx_date("2016-11-10");
    w->m[2] = add_member(db, &m);
    m = person("赵六", "B1", w->branch2, 0);
    w->m[3] = add_member(db, &m);
    m = person("钱七", "C1", 0, 0); /* in no branch */
    m.status = QF_STATUS_NONE;
    w->m[4] = add_member(db, &m);
    m = person("孙 八", "A3", w->t.branch, 0); /* a blank inside a name is fine */
    w->m[5] = add_member(db, &m);
}

static void add_activity(qf_db *db, int64_t org, const char *kind, const char *title,
                         const char *starts, const qf_activity_parts *parts, int64_t host)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = title;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    a.host_id = host;
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, parts));
}

/* Activities with every part, including the text that needs quoting or parentheses. */
static void make_activities(qf_db *db, world *w)
{
    qf_attendance att[] = {
        {0, w->m[0], QF_ATTEND_PRESENT, NULL},
        {0, w->m[2], QF_ATTEND_PRESENT, NULL},
        {0, w->m[5], QF_ATTEND_ABSENT, NULL},
        {0, w->m[1], QF_ATTEND_LEAVE, "出差（北京; 标准审查会）"},
        {0, w->m[3], QF_ATTEND_LATE, "堵车"},
    };
    qf_guest guests[] = {{0, 0, "王教授", "某标准化研究院", "expert"},
                         {0, 0, "机关党委代表", NULL, "representative"}};
    qf_agenda_item agenda[] = {{0, 0, "study", "学习讲话; 第一部分→第二部分"},
                               {0, 0, "expert_briefing", NULL},
                               {0, 0, "discussion", "(自由发言)"}};
    qf_activity_parts parts = {att, 5, guests, 2, agenda, 3};
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = w->t.branch;
    a.kind = QF_KIND_SEMIMONTHLY_TALK;
    a.title = "半月谈, \"第八期\"\n专题";
    a.topic = "绿色制造";
    a.starts_at = fx_datetime("2017-06-16 14:30");
    a.ends_at = fx_datetime("2017-06-16 16:30");
    a.place = " 三楼会议室 ";
    a.host_id = w->m[0];
    a.recorder_id = w->m[2];
    a.lecturer_id = w->m[5];
    a.attrs = "{\"session\":8}";
    QF_OK_OR_FAIL(qf_activity_create(NULL, db, &a, &parts));
    add_activity(db, w->t.group1, QF_KIND_GROUP_MEETING, "党小组会", "2017-05-10 12:30", NULL,
                 w->m[0]);
    add_activity(db, w->branch2, QF_KIND_LECTURE, "二支部党课", "2017-07-01 09:00", NULL, 0);
    add_activity(db, w->t.branch, QF_KIND_THEME_DAY, "主题党日", "2017-07-01 09:00", NULL, 0);
}

/* A fresh database with the same org tree (import does not create orgs). */
static qf_db *fresh_with_orgs(void)
{
    qf_db *db = fx_open_fresh();
    fx_tree t;
    fx_make_tree(db, &t);
    qf_org b2 = {0, t.committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &b2));
    return db;
}

static void import_text(qf_db *db, qf_import_kind kind, const char *name, const char *text,
                        size_t len)
{
    QF_OK_OR_FAIL(qf_import_csv(NULL, db, kind, fx_csv_write(name, text, len), NULL));
}

/* export → import into a fresh database → export again: the same bytes. */
static void round_trip(qf_db *db, const qf_export_options *o)
{
    size_t mlen, alen, mlen2, alen2;
    char *members = fx_export(db, QF_IMPORT_MEMBERS, o, &mlen);
    char *activities = fx_export(db, QF_IMPORT_ACTIVITIES, o, &alen);
    qf_db *copy = fresh_with_orgs();
    import_text(copy, QF_IMPORT_MEMBERS, "members.csv", members, mlen);
    import_text(copy, QF_IMPORT_ACTIVITIES, "activities.csv", activities, alen);
    char *members2 = fx_export(copy, QF_IMPORT_MEMBERS, o, &mlen2);
    char *activities2 = fx_export(copy, QF_IMPORT_ACTIVITIES, o, &alen2);
    assert_string_equal(members2, members);
    assert_int_equal(mlen2, mlen);
    assert_string_equal(activities2, activities);
    assert_int_equal(alen2, alen);
    free(members);
    free(activities);
    free(members2);
    free(activities2);
    qf_db_free(copy);
}

static void export__round_trips_byte_for_byte(void **state)
{
    qf_db *db = *state;
    world w;
    make_members(db, &w);
    make_activities(db, &w);
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    o.unmask = true;
    round_trip(db, &o);
}

static void export__round_trips_with_chinese_headers_and_bom(void **state)
{
    qf_db *db = *state;
    world w;
    make_members(db, &w);
    make_activities(db, &w);
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    o.unmask = true;
    o.chinese_headers = true;
    o.bom = true;
    round_trip(db, &o);
    /* Chinese headers come with Chinese values where they read back: 男, 正式党员, 半月谈, 专家 */
    char *m = fx_export(db, QF_IMPORT_MEMBERS, &o, NULL);
    assert_memory_equal(
        m, "\xef\xbb\xbf姓名,性别,出生日期,状态,状态日期,所在支部,党小组,入党日期,",
        strlen("\xef\xbb\xbf姓名,性别,出生日期,状态,状态日期,所在支部,党小组,入党日期,"));
    assert_non_null(strstr(m, "\r\n张三,男,1980-03-15,正式党员,2005-07-01,gy1,gy1g1,"));
    free(m);
    char *a = fx_export(db, QF_IMPORT_ACTIVITIES, &o, NULL);
    assert_non_null(strstr(a, "\r\ngy1,半月谈,"));
    assert_non_null(strstr(a, "王教授|某标准化研究院|专家;机关党委代表||上级党组织代表"));
    free(a);
}

static void export__writes_the_documented_activity_cells(void **state)
{
    qf_db *db = *state;
    world w;
    make_members(db, &w);
    make_activities(db, &w);
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    o.org_id = w.t.branch;
    o.from = fx_date("2017-06-01");
    o.to = fx_date("2017-06-30");
    char *a = fx_export(db, QF_IMPORT_ACTIVITIES, &o, NULL);
    assert_string_equal(
        a, "org,kind,title,topic,starts_at,ends_at,place,host,recorder,lecturer,present,absent,"
           "leave,late,guests,agenda,attrs\r\n"
           "gy1,semimonthly_talk,\"半月谈, \"\"第八期\"\"\n专题\",绿色制造,2017-06-16 14:30,"
           "2017-06-16 16:30,\" 三楼会议室 \",A1,王五,A3,A1;王五,A3,A2(出差（北京; 标准审查会）),"
           "B1(堵车),王教授|某标准化研究院|expert;机关党委代表||representative,"
           "study(学习讲话; 第一部分→第二部分);expert_briefing;discussion((自由发言)),"
           "\"{\"\"session\"\":8}\"\r\n");
    free(a);
}

static void export__filters_by_org_subtree_and_dates(void **state)
{
    qf_db *db = *state;
    world w;
    make_members(db, &w);
    make_activities(db, &w);
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    o.org_id = w.t.branch; /* the branch and its groups, not the other branch */
    char *a = fx_export(db, QF_IMPORT_ACTIVITIES, &o, NULL);
    assert_non_null(strstr(a, "党小组会"));
    assert_non_null(strstr(a, "主题党日"));
    assert_null(strstr(a, "二支部党课"));
    free(a);
    o.org_id = 0;
    o.from = fx_date("2017-07-01");
    a = fx_export(db, QF_IMPORT_ACTIVITIES, &o, NULL);
    assert_non_null(strstr(a, "二支部党课"));
    assert_null(strstr(a, "党小组会"));
    free(a);
    o.from = QF_DATE_NONE;
    o.to = fx_date("2017-05-31");
    a = fx_export(db, QF_IMPORT_ACTIVITIES, &o, NULL);
    assert_non_null(strstr(a, "党小组会"));
    assert_null(strstr(a, "主题党日"));
    free(a);

    o = (qf_export_options)QF_EXPORT_OPTIONS_INIT;
    o.org_id = w.branch2;
    char *m = fx_export(db, QF_IMPORT_MEMBERS, &o, NULL);
    assert_non_null(strstr(m, "赵六"));
    assert_null(strstr(m, "张三"));
    free(m);
}

static void export__masks_personal_fields_by_default(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_member m = person("张三", "A1", t.branch, t.group1);
    m.gender = "male";
    m.birth_date = fx_date("1980-03-15");
    m.joined = m.since = fx_date("2005-07-01");
    m.phone = "13812345678";
    m.id_number = "110105198003151234";
    add_member(db, &m);
    m = person("李四", NULL, t.branch, 0);
    m.status = QF_STATUS_APPLICANT;
    m.since = fx_date("2017-01-01");
    m.phone = "12345"; /* too short to keep anything back */
    add_member(db, &m);
    char *text = fx_export(db, QF_IMPORT_MEMBERS, NULL, NULL);
    assert_string_equal(text,
                        "name,gender,birth_date,status,since,org,group,joined,code,phone,"
                        "id_number,attrs\r\n"
                        "张三,male,1980-**-**,full,2005-07-01,gy1,gy1g1,2005-07-01,A1,138****5678,"
                        "110105********1234,\r\n"
                        "李四,,,applicant,2017-01-01,gy1,,,,****,,\r\n");
    /* such a file is for reading: import refuses the stars instead of storing them */
    qf_db *copy = fresh_with_orgs();
    FX_IMPORT_FAILS(copy, QF_IMPORT_MEMBERS, fx_csv_write("masked.csv", text, strlen(text)),
                    "masked.csv:2:9: birth_date: '1980-**-**' is masked");
    qf_db_free(copy);
    free(text);
}

static void expect_export_refused(qf_db *db, const char *needle)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    QF_FAILS_WITH(QF_ECONSTRAINT, needle, qf_export_csv(db, QF_IMPORT_ACTIVITIES, f, NULL));
    fclose(f);
    free(buf);
}

static void export__refuses_references_that_would_not_read_back(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_member m = person("王伟", NULL, t.branch, 0);
    int64_t w1 = add_member(db, &m);
    add_activity(db, t.branch, QF_KIND_LECTURE, "党课", "2017-05-01 09:00", NULL, w1);
    /* the name is unique: written as the name */
    char *a = fx_export(db, QF_IMPORT_ACTIVITIES, NULL, NULL);
    assert_non_null(strstr(a, ",王伟,"));
    free(a);
    int64_t w2 = add_member(db, &m);
    char want[160];
    snprintf(want, sizeof want, "member %lld (王伟) cannot be named in the file", (long long)w1);
    expect_export_refused(db, want);
    expect_export_refused(db, "(another member has the same name); give the member a code");
    /* with a code each, both read back */
    m = person("王伟", "W1", t.branch, 0);
    m.id = w1;
    QF_OK_OR_FAIL(qf_member_update(db, &m));
    m.code = "W2";
    m.id = w2;
    QF_OK_OR_FAIL(qf_member_update(db, &m));
    a = fx_export(db, QF_IMPORT_ACTIVITIES, NULL, NULL);
    assert_non_null(strstr(a, ",W1,"));
    free(a);

    /* a name that is another member's code would import as that member */
    m = person("W1", NULL, t.branch, 0);
    int64_t odd = add_member(db, &m);
    add_activity(db, t.branch, QF_KIND_LECTURE, "党课二", "2017-05-02 09:00", NULL, odd);
    expect_export_refused(db, "(the name is another member's code)");
    QF_OK_OR_FAIL(qf_activity_delete(db, 2));

    /* in an attendance list a separator or parenthesis in the name would split it */
    m = person("欧阳,明", NULL, t.branch, 0);
    int64_t comma = add_member(db, &m);
    qf_attendance att[] = {{0, comma, QF_ATTEND_PRESENT, NULL}};
    qf_activity_parts parts = {att, 1, NULL, 0, NULL, 0};
    add_activity(db, t.branch, QF_KIND_LECTURE, "党课三", "2017-05-03 09:00", &parts, comma);
    expect_export_refused(db, "(it contains a list separator or a parenthesis)");
}

static void export__refuses_text_the_lists_cannot_carry(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    qf_member m = person("张三", "A1", t.branch, 0);
    int64_t id = add_member(db, &m);
    qf_attendance att[] = {{0, id, QF_ATTEND_LEAVE, "出差(北京"}};
    qf_activity_parts parts = {att, 1, NULL, 0, NULL, 0};
    add_activity(db, t.branch, QF_KIND_LECTURE, "党课", "2017-05-01 09:00", &parts, 0);
    expect_export_refused(db, "activity 1: the reason '出差(北京' has unpaired parentheses");
    QF_OK_OR_FAIL(qf_activity_delete(db, 1));
    qf_guest g[] = {{0, 0, "王教授|特聘", NULL, "expert"}};
    qf_activity_parts gp = {NULL, 0, g, 1, NULL, 0};
    add_activity(db, t.branch, QF_KIND_LECTURE, "党课", "2017-05-01 09:00", &gp, 0);
    expect_export_refused(db, "the guest name '王教授|特聘' holds a separator");
}

static void export__bad_options(void **state)
{
    qf_db *db = *state;
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    o.version = 7;
    QF_FAILS_WITH(QF_EINVALID, "version 7 is unknown", qf_export_csv(db, QF_IMPORT_MEMBERS, f, &o));
    o = (qf_export_options)QF_EXPORT_OPTIONS_INIT;
    o.org_id = 99;
    QF_FAILS_WITH(QF_ENOTFOUND, "org 99 does not exist",
                  qf_export_csv(db, QF_IMPORT_MEMBERS, f, &o));
    o.org_id = 0;
    o.from = fx_date("2017-06-01");
    o.to = fx_date("2017-05-01");
    QF_FAILS_WITH(QF_EINVALID, "from 2017-06-01 is after to 2017-05-01",
                  qf_export_csv(db, QF_IMPORT_ACTIVITIES, f, &o));
    QF_FAILS_WITH(QF_EINVALID, "kind 5 is unknown", qf_export_csv(db, (qf_import_kind)5, f, NULL));
    fclose(f);
    free(buf);
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(export__round_trips_byte_for_byte, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__round_trips_with_chinese_headers_and_bom, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__writes_the_documented_activity_cells, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__filters_by_org_subtree_and_dates, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__masks_personal_fields_by_default, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__refuses_references_that_would_not_read_back, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__refuses_text_the_lists_cannot_carry, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(export__bad_options, fx_setup_memory, fx_teardown),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, fx_csv_cleanup);
}
