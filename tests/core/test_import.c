/* CSV import of members and activities: every column read back, and every error a user can
 * make reported at its file:line:column with the column named, the database left unchanged. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture_csv.h"

/* ---- helpers --------------------------------------------------------------------------- */

static qf_member *member_named(qf_db *db, const char *name)
{
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.name = name;
    qf_member_iter *it = NULL;
    const qf_member *row;
    QF_OK_OR_FAIL(qf_member_list(&it, db, &f));
    QF_OK_OR_FAIL(qf_member_next(&row, it));
    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_get(&m, db, row->id, QF_DATE_NONE));
    qf_member_iter_free(it);
    return m;
}

static int64_t member_with_code(qf_db *db, const char *name, const char *code, int64_t org)
{
    qf_member m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.code = code;
    m.birth_date = m.joined = QF_DATE_NONE;
    m.status = QF_STATUS_FULL;
    m.since = fx_date("2010-07-01");
    m.org_id = org;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_member_create(&id, db, &m));
    return id;
}

/* The members activities refer to: 张三 A1, 李四 A2, 王五 and 赵六 without codes, and two
 * 王伟 (W1, W2) whose name alone is ambiguous. Ids 1..6 in that order. */
static void make_people(qf_db *db, fx_tree *t)
{
    fx_make_tree(db, t);
    member_with_code(db, "张三", "A1", t->branch);
    member_with_code(db, "李四", "A2", t->branch);
    member_with_code(db, "王五", NULL, t->branch);
    member_with_code(db, "王伟", "W1", t->branch);
    member_with_code(db, "王伟", "W2", t->branch);
    member_with_code(db, "赵六", NULL, t->branch);
}

static int count_rows(qf_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(qf_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* ---- members --------------------------------------------------------------------------- */

static void import__members_read_back_with_every_column(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    const char *path = FX_CSV(
        "members.csv",
        "name,gender,birth_date,status,since,org,group,joined,code,phone,id_number,attrs\n"
        "张三,男,1980-03-15,full,,gy1,gy1g1,2005-07-01,A001,13812345678,110105198003151234,"
        "\"{\"\"duty\"\":\"\"secretary\"\"}\"\n"
        "李四,Female,1990-01-02,入党积极分子,2017-03-01,工业标准一部党支部,,,A002,,,\n"
        "王五,,,,,gy1,,,,,,\n");
    int64_t rows = 0;
    QF_OK_OR_FAIL(qf_import_csv(&rows, db, QF_IMPORT_MEMBERS, path, NULL));
    assert_int_equal(rows, 3);

    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_lookup(&m, db, "A001", QF_DATE_NONE));
    assert_string_equal(m->name, "张三");
    assert_string_equal(m->gender, "male");
    assert_int_equal(m->birth_date, fx_date("1980-03-15"));
    assert_int_equal(m->status, QF_STATUS_FULL);
    assert_int_equal(m->since,
                     fx_date("2005-07-01")); /* a full member's status dates from joining */
    assert_int_equal(m->org_id, t.branch);
    assert_int_equal(m->group_id, t.group1);
    assert_int_equal(m->joined, fx_date("2005-07-01"));
    assert_string_equal(m->phone, "13812345678");
    assert_string_equal(m->id_number, "110105198003151234");
    assert_string_equal(m->attrs, "{\"duty\":\"secretary\"}");
    qf_member_free(m);

    QF_OK_OR_FAIL(qf_member_lookup(&m, db, "A002", QF_DATE_NONE));
    assert_string_equal(m->gender, "female");
    assert_int_equal(m->status, QF_STATUS_ACTIVIST);
    assert_int_equal(m->since, fx_date("2017-03-01"));
    assert_int_equal(m->org_id, t.branch); /* by name */
    assert_int_equal(m->group_id, 0);
    assert_int_equal(m->joined, QF_DATE_NONE);
    assert_null(m->phone);
    qf_member_free(m);

    m = member_named(db, "王五");
    assert_null(m->code);
    assert_int_equal(m->status, QF_STATUS_NONE);
    assert_int_equal(m->org_id, t.branch); /* placed from today */
    assert_int_equal(m->group_id, 0);
    qf_member_free(m);
}

static void import__members_use_the_default_org_without_an_org_column(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    const char *path = FX_CSV("m.csv", "name,status,group\n赵六,probationary,第一党小组\n");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, path,
                    "m.csv:1:1: no org column (所在支部) and no default org");
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.default_org_id = t.group1;
    QF_FAILS_WITH(QF_EINVALID, "default org gy1g1 is a party group",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, path, &o));
    o.default_org_id = t.branch;
    QF_OK_OR_FAIL(qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, path, &o));
    qf_member *m = member_named(db, "赵六");
    assert_int_equal(m->org_id, t.branch);
    assert_int_equal(m->group_id, t.group1); /* group names resolve under the default org */
    assert_int_equal(m->since, fx_date("2017-09-05")); /* not full: since today */
    qf_member_free(m);
}

/* Applicants, activists and candidates attend party group meetings at most as 列席: an import
 * that places one in a group names the cell, and writes nothing. */
static void import__activists_are_not_placed_in_party_groups(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,status,since,org,group\n"
                                    "张三,full,2010-07-01,gy1,gy1g1\n"
                                    "李四,入党积极分子,2017-03-01,gy1,第二党小组\n"),
                    "m.csv:3:26: group: 李四 is an activist on 2017-03-01; only party members "
                    "(full or probationary) are placed in party group gy1g2");
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,status,org,group\n王五,发展对象,gy1,gy1g1\n"),
                    "m.csv:2:13: group: 王五 is a candidate for admission on 2017-09-05");
    /* the same person in the branch alone is fine */
    QF_OK_OR_FAIL(qf_import_csv(NULL, db, QF_IMPORT_MEMBERS,
                                FX_CSV("m.csv", "name,status,org,group\n王五,发展对象,gy1,\n"),
                                NULL));
    qf_member *m = member_named(db, "王五");
    assert_int_equal(m->status, QF_STATUS_CANDIDATE);
    assert_int_equal(m->group_id, 0);
    qf_member_free(m);
}

static void import__ragged_rows_point_at_the_extra_or_missing_field(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,status,org,group,code\n"
                                    "张三,1980-01-01,full,gy1,gy1g1,A1,extra\n"),
                    "m.csv:2:33: field 7 ('extra') is beyond the header's 6 columns");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,status,org,group,code\n"
                                    "张三,1980-01-01,full\n"),
                    "m.csv:2:19: only 3 fields, but the header has 6 columns (the first missing "
                    "one is 'org')");
}

static void import__bad_values_name_their_column(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    static const char header[] = "name,birth_date,status,org,group,code\n";
    char buf[512];
#define ROW(r)                                                                                     \
    (snprintf(buf, sizeof buf, "%s张三,1980-01-01,full,gy1,,Z9\n%s\n", header, r),                 \
     fx_csv_write("m.csv", buf, strlen(buf)))
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,2017-02-30,full,gy1,,"),
                    "m.csv:3:4: birth_date: '2017-02-30' is not a valid date");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,1990-01-01,member,gy1,,"),
                    "m.csv:3:15: status: 'member' is unknown (入党申请人");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,,full,nowhere,,"),
                    "m.csv:3:10: org: no org has the code or name 'nowhere'");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,,full,gy1g1,,"),
                    "m.csv:3:10: org: 'gy1g1' is a party group; put it in the group column");
    FX_IMPORT_FAILS(
        db, QF_IMPORT_MEMBERS, ROW("李四,,full,gy1,第三党小组,"),
        "m.csv:3:14: group: no party group under gy1 has the code or name '第三党小组'");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,,full,gy1,gy1,"),
                    "m.csv:3:14: group: 'gy1' is a branch, not a party group");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW(",,full,gy1,,"), "m.csv:3:1: name: required");
    /* a party group of another branch */
    qf_org b2 = {0, t.committee, QF_ORG_BRANCH, "gy2", "工业标准二部党支部", NULL};
    int64_t branch2;
    QF_OK_OR_FAIL(qf_org_create(&branch2, db, &b2));
    qf_org g = {0, branch2, QF_ORG_GROUP, "gy2g1", "第一党小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &g));
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,,full,gy1,gy2g1,"),
                    "m.csv:3:14: group: party group gy2g1 is not under gy1");
    /* an org name shared by two orgs needs the code */
    qf_org b3 = {0, t.committee, QF_ORG_BRANCH, "gy3", "工业标准二部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &b3));
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, ROW("李四,,full,工业标准二部党支部,,"),
                    "m.csv:3:10: org: '工业标准二部党支部' is the name of several orgs (codes gy2, "
                    "gy3); use the code");
    /* "第一党小组" is now the name of two groups, but only one under gy1: no ambiguity */
    QF_OK_OR_FAIL(
        qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, ROW("李四,,full,gy1,第一党小组,"), NULL));
    qf_member *m = member_named(db, "李四");
    assert_int_equal(m->group_id, t.group1);
    qf_member_free(m);
#undef ROW
}

static void import__duplicate_codes_name_both_rows(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    static const char header[] = "name,birth_date,status,org,group,code\n";
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,status,org,group,code\n"
                                    "张三,,full,gy1,,A1\n李四,,full,gy1,,A1\n"),
                    "m.csv:3:15: code: 'A1' is already used on line 2 of this file");
    int64_t id = member_with_code(db, "王伟", "A1", t.branch);
    char buf[256], want[128];
    snprintf(buf, sizeof buf, "%s李四,,full,gy1,,A1\n", header);
    snprintf(want, sizeof want, "m.csv:2:15: code: 'A1' is already taken by member %lld (王伟)",
             (long long)id);
    const char *needle = want; /* a pointer: the macro tests it for NULL */
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, fx_csv_write("m.csv", buf, strlen(buf)), needle);
}

static void import__invalid_utf8_is_reported_by_the_reader(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,org\n张三,gy1\n李\xff,gy1\n"),
                    "m.csv:3:2: invalid UTF-8");
    /* found by the counting pass, before any row is written, even near the end */
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,org\n张三,gy1\n\"unclosed,gy1\n"),
                    "m.csv:3:1: quoted field is never closed");
}

static void import__header_errors(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,nmae,org\n张三,x,gy1\n"),
                    "m.csv:1:6: column 'nmae' is unknown (accepted: name (姓名), gender (性别), "
                    "birth_date (出生日期)");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "Name,org,姓名\n张三,gy1,张三\n"),
                    "m.csv:1:10: column '姓名' repeats column 1 ('Name')");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "gender,org\n男,gy1\n"),
                    "m.csv:1:1: required column 'name' (姓名) is missing");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,,org\n张三,,gy1\n"),
                    "m.csv:1:6: column 2 has no header");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "\n\n"),
                    "m.csv:1:1: the file is empty (expected a header row)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, FX_CSV("a.csv", "org,title,starts_at\n"),
                    "a.csv:1:1: required column 'kind' (类型) is missing");
    /* a header alone is an empty import, not an error */
    int64_t rows = -1;
    QF_OK_OR_FAIL(qf_import_csv(&rows, db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "NAME,Org\n"), NULL));
    assert_int_equal(rows, 0);
}

static void import__chinese_headers_with_a_bom(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    const char *path =
        FX_CSV("m.csv", "\xef\xbb\xbf姓名,性别,状态,状态日期,所在支部,党小组,党员编号\r\n"
                        "张三,男,正式党员,2005-07-01,gy1,第一党小组,A1\r\n"
                        "李四,女,预备党员,2017-01-01,gy1,第二党小组,A2\r\n");
    int64_t rows = 0;
    QF_OK_OR_FAIL(qf_import_csv(&rows, db, QF_IMPORT_MEMBERS, path, NULL));
    assert_int_equal(rows, 2);
    qf_member *m = NULL;
    QF_OK_OR_FAIL(qf_member_lookup(&m, db, "A2", QF_DATE_NONE));
    assert_int_equal(m->status, QF_STATUS_PROBATIONARY);
    assert_int_equal(m->group_id, t.group2);
    qf_member_free(m);
    /* columns on the first line count from after the BOM; the header is named as written */
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "\xef\xbb\xbf姓名,性别x\r\n张三,男\r\n"),
                    "m.csv:1:4: column '性别x' is unknown");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "\xef\xbb\xbf姓名,状态,所在支部\r\n王五,正式党员,gy1\r\n"
                                    "赵六,党员,gy1\r\n"),
                    "m.csv:3:4: 状态: '党员' is unknown");
}

static void import__masked_values_are_refused(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,phone,id_number,org\n张三,1980-**-**,,,gy1\n"),
                    "m.csv:2:4: birth_date: '1980-**-**' is masked (the file was exported "
                    "without unmask)");
    FX_IMPORT_FAILS(
        db, QF_IMPORT_MEMBERS,
        FX_CSV("m.csv", "name,birth_date,phone,id_number,org\n张三,,138****5678,,gy1\n"),
        "m.csv:2:5: phone: '138****5678' is masked");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,phone,id_number,org\n"
                                    "张三,,,110105********1234,gy1\n"),
                    "m.csv:2:6: id_number: '110105********1234' is masked");
}

static void import__core_errors_point_at_their_column(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,birth_date,joined,org\n张三,1990-01-01,1980-01-01,gy1\n"),
                    "m.csv:2:15: joined: 1980-01-01 is before birth_date (1990-01-01)");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,org,其他\n张三,gy1,[1]\n"),
                    "m.csv:2:8: 其他: not a JSON object");
}

/* Lines are physical lines: a quoted field with a line break moves everything after it. */
static void import__positions_after_a_multiline_field(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,attrs,birth_date,org\n张三,\"{\n}\",1980-01-01,gy1\n"
                                    "李四,{},2017-02-30,gy1\n"),
                    "m.csv:4:7: birth_date: '2017-02-30' is not a valid date");
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS,
                    FX_CSV("m.csv", "name,attrs,birth_date,org\n张三,\"{\n}\",1980-13-01,gy1\n"),
                    "m.csv:3:4: birth_date: '1980-13-01'");
    /* and a message from the core about a single-line field finds its column too */
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "org,name\ngy1,\"张\n三\"\n"),
                    "m.csv:2:5: name: must be a single line");
}

/* ---- activities ------------------------------------------------------------------------ */

static void import__activities_with_attendance_guests_and_agenda(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    make_people(db, &t);
    const char *path = FX_CSV(
        "a.csv",
        "org,kind,title,topic,starts_at,ends_at,place,host,recorder,lecturer,present,absent,"
        "leave,late,guests,agenda,attrs\n"
        "gy1,半月谈,半月谈（第八期）,绿色制造,2017-06-16 14:30,2017-06-16 16:30,三楼会议室,A1,李四,"
        "W2,\"A1，李四、 王五\",W1,赵六（出差; "
        "北京）,,\"专家甲|某大学|expert；代表乙||上级党组织代表\","
        "study(学习讲话)→expert_briefing→discussion,\"{\"\"session\"\":8}\"\n"
        "工业标准一部党支部,lecture,党课,,2017-07-01 09:00,,,,,,;;,,,,,,\n");
    int64_t rows = 0;
    QF_OK_OR_FAIL(qf_import_csv(&rows, db, QF_IMPORT_ACTIVITIES, path, NULL));
    assert_int_equal(rows, 2);

    qf_activity *a = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&a, db, 1));
    assert_int_equal(a->org_id, t.branch);
    assert_string_equal(a->kind, QF_KIND_SEMIMONTHLY_TALK); /* by its Chinese label */
    assert_string_equal(a->title, "半月谈（第八期）");
    assert_string_equal(a->topic, "绿色制造");
    assert_int_equal(a->starts_at, fx_datetime("2017-06-16 14:30"));
    assert_int_equal(a->ends_at, fx_datetime("2017-06-16 16:30"));
    assert_string_equal(a->place, "三楼会议室");
    assert_int_equal(a->host_id, 1);
    assert_int_equal(a->recorder_id, 2);
    assert_int_equal(a->lecturer_id, 5);
    assert_string_equal(a->attrs, "{\"session\":8}");
    qf_activity_free(a);

    static const struct {
        int64_t member;
        qf_attendance_state state;
        const char *reason;
    } want[] = {{1, QF_ATTEND_PRESENT, NULL},
                {2, QF_ATTEND_PRESENT, NULL},
                {3, QF_ATTEND_PRESENT, NULL},
                {4, QF_ATTEND_ABSENT, NULL},
                {6, QF_ATTEND_LEAVE, "出差; 北京"}};
    qf_attendance_iter *ai = NULL;
    const qf_attendance *at;
    QF_OK_OR_FAIL(qf_attendance_list(&ai, db, 1));
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        QF_OK_OR_FAIL(qf_attendance_next(&at, ai));
        assert_int_equal(at->member_id, want[i].member);
        assert_int_equal(at->state, want[i].state);
        if (want[i].reason)
            assert_string_equal(at->reason, want[i].reason);
        else
            assert_null(at->reason);
    }
    assert_int_equal(qf_attendance_next(&at, ai), QF_ITEROVER);
    qf_attendance_iter_free(ai);

    qf_guest_iter *gi = NULL;
    const qf_guest *g;
    QF_OK_OR_FAIL(qf_guest_list(&gi, db, 1));
    QF_OK_OR_FAIL(qf_guest_next(&g, gi));
    assert_string_equal(g->name, "专家甲");
    assert_string_equal(g->affiliation, "某大学");
    assert_string_equal(g->role, "expert");
    QF_OK_OR_FAIL(qf_guest_next(&g, gi));
    assert_string_equal(g->name, "代表乙");
    assert_null(g->affiliation);
    assert_string_equal(g->role, "representative"); /* by its Chinese label */
    assert_int_equal(qf_guest_next(&g, gi), QF_ITEROVER);
    qf_guest_iter_free(gi);

    qf_agenda_iter *gn = NULL;
    const qf_agenda_item *item;
    QF_OK_OR_FAIL(qf_agenda_list(&gn, db, 1));
    QF_OK_OR_FAIL(qf_agenda_next(&item, gn));
    assert_string_equal(item->segment, "study");
    assert_string_equal(item->title, "学习讲话");
    QF_OK_OR_FAIL(qf_agenda_next(&item, gn));
    assert_string_equal(item->segment, "expert_briefing");
    assert_null(item->title);
    QF_OK_OR_FAIL(qf_agenda_next(&item, gn));
    assert_string_equal(item->segment, "discussion");
    assert_int_equal(qf_agenda_next(&item, gn), QF_ITEROVER);
    qf_agenda_iter_free(gn);

    /* the second row: org by name, empty lists (separators only) give no parts */
    QF_OK_OR_FAIL(qf_activity_get(&a, db, 2));
    assert_int_equal(a->org_id, t.branch);
    assert_null(a->topic);
    assert_int_equal(a->ends_at, QF_DATETIME_NONE);
    qf_activity_free(a);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance WHERE activity_id = 2"), 0);
}

static void import__activity_errors_name_their_column(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    make_people(db, &t);
    static const char header[] = "org,kind,title,starts_at,host,present,leave\n";
    char buf[512];
#define ROW(r)                                                                                     \
    (snprintf(buf, sizeof buf, "%s%s\n", header, r), fx_csv_write("a.csv", buf, strlen(buf)))
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    ROW("gy1,lecture,党课,2017-06-01 14:30,A1,李四;某某,"),
                    "a.csv:2:36: present: no member has the code or name '某某'");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,A1,王伟,"),
                    "a.csv:2:36: present: '王伟' is the name of several members: member 4 (code "
                    "W1), member 5 (code W2); use the member code");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,nobody,李四,"),
                    "a.csv:2:33: host: no member has the code or name 'nobody'");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,A1,李四;A2,"),
                    "a.csv:2:36: present: 'A2' is listed twice in this row (also under present)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    ROW("gy1,lecture,党课,2017-06-01 14:30,A1,李四,李四(病假)"),
                    "a.csv:2:39: leave: '李四' is listed twice in this row (also under present)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    ROW("gy1,lecture,党课,2017-06-01 14:30,A1,,李四(出差"),
                    "a.csv:2:37: leave: '李四(出差': the parentheses do not close at the end of "
                    "the entry");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,A1,,(出差)"),
                    "a.csv:2:37: leave: '(出差)' names no member before the parenthesis");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy9,lecture,党课,2017-06-01 14:30,,,"),
                    "a.csv:2:1: org: no org has the code or name 'gy9'");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW(",lecture,党课,2017-06-01 14:30,,,"),
                    "a.csv:2:1: org: required (no default org was given)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lectrue,党课,2017-06-01 14:30,,,"),
                    "a.csv:2:5: kind: activity kind 'lectrue' is unknown (known: general_meeting "
                    "(支部党员大会)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-31 14:30,,,"),
                    "a.csv:2:16: starts_at: '2017-06-31' is not a valid date");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,,2017-06-01 14:30,,,"),
                    "a.csv:2:13: title: required");
#undef ROW
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    FX_CSV("a.csv", "org,kind,title,starts_at,ends_at\n"
                                    "gy1,lecture,党课,2017-06-01 14:30,2017-06-01 12:00\n"),
                    "a.csv:2:33: ends_at: 2017-06-01 12:00 is before starts_at 2017-06-01 14:30");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    FX_CSV("a.csv", "org,kind,title,starts_at,guests\n"
                                    "gy1,lecture,党课,2017-06-01 14:30,专家甲|某大学\n"),
                    "a.csv:2:33: guests: '专家甲|某大学' is not name|affiliation|role");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    FX_CSV("a.csv", "org,kind,title,starts_at,guests\n"
                                    "gy1,lecture,党课,2017-06-01 14:30,专家甲|某大学|boss\n"),
                    "a.csv:2:33: guests: guest role 'boss' is unknown (known: expert (专家)");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    FX_CSV("a.csv", "org,kind,title,starts_at,agenda\n"
                                    "gy1,lecture,党课,2017-06-01 14:30,study;Discussion\n"),
                    "a.csv:2:33: agenda: 'Discussion' is not a valid code");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    FX_CSV("a.csv", "kind,title,starts_at\nlecture,党课,2017-06-01 14:30\n"),
                    "a.csv:1:1: no org column (组织) and no default org");
}

static void import__rarer_mistakes_are_located_too(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    make_people(db, &t);
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,gender,org\n张三,M,gy1\n"),
                    "m.csv:2:4: gender: 'M' is not 男/女 or male/female");
    qf_org g3 = {0, t.branch, QF_ORG_GROUP, "gy1g3", "第一党小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(NULL, db, &g3));
    FX_IMPORT_FAILS(db, QF_IMPORT_MEMBERS, FX_CSV("m.csv", "name,org,group\n张三,gy1,第一党小组\n"),
                    "m.csv:2:8: group: '第一党小组' is the name of several party groups (codes "
                    "gy1g1, gy1g3); use the code");
    static const char header[] = "org,kind,title,starts_at,guests,agenda,attrs\n";
    char buf[512];
#define ROW(r)                                                                                     \
    (snprintf(buf, sizeof buf, "%s%s\n", header, r), fx_csv_write("a.csv", buf, strlen(buf)))
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES,
                    ROW("gy1,lecture,党课,2017-06-01 14:30,|某大学|expert,,"),
                    "a.csv:2:33: guests: a guest has no name ('|某大学|expert')");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,,study(学习,"),
                    "a.csv:2:34: agenda: 'study(学习': the parentheses do not close at the end of "
                    "the entry");
    FX_IMPORT_FAILS(db, QF_IMPORT_ACTIVITIES, ROW("gy1,lecture,党课,2017-06-01 14:30,,,[]"),
                    "a.csv:2:35: attrs: not a JSON object");
    QF_OK_OR_FAIL(qf_vocab_define(db, "activity_kind", "talk2", "半月谈", "another talk"));
    FX_IMPORT_FAILS(
        db, QF_IMPORT_ACTIVITIES, ROW("gy1,半月谈,半月谈,2017-06-01 14:30,,,"),
        "a.csv:2:5: kind: activity kind '半月谈' is the label of several terms; use the "
        "code");
#undef ROW
}

static void import__activities_use_the_default_org(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    make_people(db, &t);
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.default_org_id = t.group1; /* a group meeting is held by the group */
    const char *path =
        FX_CSV("a.csv", "kind,title,starts_at\ngroup_meeting,党小组会,2017-06-01 14:30\n");
    QF_OK_OR_FAIL(qf_import_csv(NULL, db, QF_IMPORT_ACTIVITIES, path, &o));
    qf_activity *a = NULL;
    QF_OK_OR_FAIL(qf_activity_get(&a, db, 1));
    assert_int_equal(a->org_id, t.group1);
    qf_activity_free(a);
    o.default_org_id = 999;
    QF_FAILS_WITH(QF_EINVALID, "default org 999 does not exist",
                  qf_import_csv(NULL, db, QF_IMPORT_ACTIVITIES, path, &o));
}

/* Counts the statements run that read the member table (triggers' own statements aside). */
static int count_member_reads(unsigned type, void *payload, void *stmt, void *sql)
{
    (void)type;
    (void)stmt;
    if (strncmp(sql, "--", 2) != 0 && strstr(sql, "FROM member"))
        ++*(int *)payload;
    return 0;
}

/* 300 rows naming 20 members each resolve 6,000 names with one query, not one per name. */
static void import__resolves_names_without_a_query_per_name(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    char code[16];
    for (int i = 0; i < 20; i++) {
        snprintf(code, sizeof code, "M%02d", i);
        member_with_code(db, code + 1, code, t.branch); /* named "00".."19", coded "M00".."M19" */
    }
    size_t cap = 300 * 200 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf, cap, "org,kind,title,starts_at,present,leave\n");
    for (int r = 0; r < 300; r++) {
        len += (size_t)snprintf(buf + len, cap - len, "gy1,lecture,党课%d,2017-05-01 09:00,", r);
        for (int i = 0; i < 19; i++)
            len += (size_t)snprintf(buf + len, cap - len, i % 2 ? "%sM%02d" : "%s%02d",
                                    i ? ";" : "", i);
        len += (size_t)snprintf(buf + len, cap - len, ",19(出差)\n");
    }
    const char *path = fx_csv_write("many_names.csv", buf, len);
    free(buf);
    int reads = 0;
    sqlite3_trace_v2(qf_db_sqlite(db), SQLITE_TRACE_STMT, count_member_reads, &reads);
    int64_t rows = 0;
    int rc = qf_import_csv(&rows, db, QF_IMPORT_ACTIVITIES, path, NULL);
    sqlite3_trace_v2(qf_db_sqlite(db), 0, NULL, NULL);
    QF_OK_OR_FAIL(rc);
    assert_int_equal(rows, 300);
    assert_int_equal(count_rows(db, "SELECT count(*) FROM attendance"), 300 * 20);
    assert_int_equal(reads, 1);
}

/* ---- progress, transactions, audit ----------------------------------------------------- */

typedef struct progress_log {
    int64_t done[8], total[8];
    int calls;
    int64_t stop_at; /* 0 = never */
} progress_log;

static int on_progress(int64_t done, int64_t total, void *payload)
{
    progress_log *p = payload;
    if (p->calls < 8) {
        p->done[p->calls] = done;
        p->total[p->calls] = total;
    }
    p->calls++;
    return p->stop_at && done >= p->stop_at;
}

static const char *many_members(int n)
{
    size_t cap = 32 + (size_t)n * 32;
    char *buf = malloc(cap);
    size_t len = (size_t)snprintf(buf, cap, "name,org\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "党员%04d,gy1\n", i);
    const char *path = fx_csv_write("many.csv", buf, len);
    free(buf);
    return path;
}

static void import__progress_reports_and_can_stop(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    const char *path = many_members(2500);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    progress_log log = {{0}, {0}, 0, 2000};
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.progress = on_progress;
    o.payload = &log;
    QF_FAILS_WITH(QF_EUSER, "import stopped by the caller after 2000 of 2500 rows",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, path, &o));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    assert_int_equal(log.calls, 2);
    assert_int_equal(log.done[0], 1000);
    assert_int_equal(log.total[0], 2500);
    assert_int_equal(log.done[1], 2000);

    progress_log all = {{0}, {0}, 0, 0};
    o.payload = &all;
    int64_t rows = 0;
    QF_OK_OR_FAIL(qf_import_csv(&rows, db, QF_IMPORT_MEMBERS, path, &o));
    assert_int_equal(rows, 2500);
    assert_int_equal(all.calls, 3);
    assert_int_equal(all.done[2], 2500); /* the last call reports completion */
    assert_int_equal(count_rows(db, "SELECT count(*) FROM member"), 2500);
}

static void import__failure_keeps_the_callers_transaction(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    QF_OK_OR_FAIL(qf_tx_begin(db));
    member_with_code(db, "张三", "A1", t.branch);
    QF_FAILS_WITH(QF_EINVALID, "code: 'A1' is already taken",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS,
                                FX_CSV("m.csv", "name,org,code\n李四,gy1,A2\n王五,gy1,A1\n"),
                                NULL));
    assert_int_equal(qf_tx_depth(db), 1);
    QF_OK_OR_FAIL(qf_tx_commit(db));
    assert_int_equal(count_rows(db, "SELECT count(*) FROM member"), 1); /* 张三, not 李四 */
}

static void import__audit_verifies_after_an_import(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    make_people(db, &t);
    QF_OK_OR_FAIL(qf_import_csv(NULL, db, QF_IMPORT_MEMBERS,
                                FX_CSV("m.csv", "name,org,group,status\n钱七,gy1,gy1g1,full\n"),
                                NULL));
    QF_OK_OR_FAIL(
        qf_import_csv(NULL, db, QF_IMPORT_ACTIVITIES,
                      FX_CSV("a.csv", "org,kind,title,starts_at,present,leave\n"
                                      "gy1,lecture,党课,2017-06-01 14:30,A1;钱七,A2(出差)\n"),
                      NULL));
    qf_audit_report r;
    QF_OK_OR_FAIL(qf_audit_verify(db, &r));
    assert_int_equal(r.problems, 0);
    assert_true(r.entries > 0);
}

/* The example files shipped for users (docs/csv.md) import into the fixture's org tree. */
static void import__shipped_examples_import(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t members = 0, activities = 0;
    QF_OK_OR_FAIL(qf_import_csv(&members, db, QF_IMPORT_MEMBERS,
                                QUFA_TEST_DIR "/../../scripts/examples/data/members.csv", NULL));
    QF_OK_OR_FAIL(qf_import_csv(&activities, db, QF_IMPORT_ACTIVITIES,
                                QUFA_TEST_DIR "/../../scripts/examples/data/activities.csv", NULL));
    assert_true(members >= 8);
    assert_true(activities >= 4);
    assert_int_equal(
        count_rows(db, "SELECT count(*) FROM activity WHERE kind = 'semimonthly_talk'"), 2);
    assert_true(count_rows(db, "SELECT count(*) FROM attendance WHERE state = 'leave' AND "
                               "reason IS NOT NULL") >= 1);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void import__messages_are_translated(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    const char *path =
        FX_CSV("m.csv", "name,birth_date,org\n张三,1990-01-01,gy1\n李四,1990-01-01,gy1,x\n");
    QF_OK_OR_FAIL(qf_set_language("zh"));
    int rc = qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, path, NULL);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", qf_error_last());
    QF_OK_OR_FAIL(qf_set_language("en"));
    assert_int_equal(rc, QF_EINVALID);
    if (!strstr(msg, "m.csv:3:19: 第 4 个字段（“x”）超出了表头的 3 列"))
        fail_msg("untranslated: %s", msg);
}

static void import__bad_arguments(void **state)
{
    qf_db *db = *state;
    QF_FAILS_WITH(QF_EINVALID, "file name required",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, "", NULL));
    QF_FAILS_WITH(QF_ENOTFOUND, "cannot open",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, "/nonexistent/m.csv", NULL));
    QF_FAILS_WITH(QF_EINVALID, "kind 7 is unknown",
                  qf_import_csv(NULL, db, (qf_import_kind)7, "m.csv", NULL));
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.version = 99;
    QF_FAILS_WITH(QF_EINVALID, "version 99 is unknown",
                  qf_import_csv(NULL, db, QF_IMPORT_MEMBERS, "m.csv", &o));
}

int main(void)
{
    /* clang-format off */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(import__members_read_back_with_every_column, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__activists_are_not_placed_in_party_groups, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__members_use_the_default_org_without_an_org_column, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__ragged_rows_point_at_the_extra_or_missing_field, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__bad_values_name_their_column, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__duplicate_codes_name_both_rows, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__invalid_utf8_is_reported_by_the_reader, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__header_errors, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__chinese_headers_with_a_bom, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__masked_values_are_refused, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__core_errors_point_at_their_column, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__positions_after_a_multiline_field, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__activities_with_attendance_guests_and_agenda, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__activity_errors_name_their_column, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__rarer_mistakes_are_located_too, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__activities_use_the_default_org, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__resolves_names_without_a_query_per_name, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__progress_reports_and_can_stop, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__failure_keeps_the_callers_transaction, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(import__audit_verifies_after_an_import, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(import__shipped_examples_import, fx_setup_file, fx_teardown),
        cmocka_unit_test_setup_teardown(import__messages_are_translated, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(import__bad_arguments, fx_setup_memory, fx_teardown),
    };
    /* clang-format on */
    return cmocka_run_group_tests(tests, NULL, fx_csv_cleanup);
}
