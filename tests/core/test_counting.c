/* The counting model (docs/counting.md) at its edges: the pure functions over plain inputs,
 * the same model over the database (qf_activity_counts, qf_attendee_list, qf_org_counts), and
 * the engine's attendance evaluator, which must give the same counts for the same activity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static fx_tree T;

static int setup(void **state)
{
    if (fx_setup_memory(state))
        return -1;
    fx_make_tree(*state, &T);
    qf_db_set_today(*state, fx_date("2017-12-31"));
    return 0;
}

/* ---- the pure model ----------------------------------------------------------------------- */

static qf_count_person person(int64_t id, qf_member_status st, bool in_org, bool recorded,
                              qf_attendance_state state)
{
    qf_count_person p;
    memset(&p, 0, sizeof p);
    p.member_id = id;
    p.status = st;
    p.in_org = in_org;
    p.recorded = recorded;
    p.state = state;
    return p;
}

static void counting__roles_by_status_and_flags(void **state)
{
    (void)state;
    qf_count_person p = person(1, QF_STATUS_FULL, true, false, QF_ATTEND_PRESENT);
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_VOTING);
    p.suspended = true; /* 停止党籍: still due, no vote */
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_NONVOTING);
    p.suspended = false;
    p.discipline = true; /* 留党察看: still due, no vote */
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_NONVOTING);
    p = person(2, QF_STATUS_PROBATIONARY, true, false, QF_ATTEND_PRESENT);
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_NONVOTING);
    /* applicants, activists and candidates are never due: 列席 when recorded, else nothing */
    qf_member_status pipeline[] = {QF_STATUS_APPLICANT, QF_STATUS_ACTIVIST, QF_STATUS_CANDIDATE,
                                   QF_STATUS_NONE};
    for (size_t i = 0; i < 4; i++) {
        p = person(3, pipeline[i], true, false, QF_ATTEND_PRESENT);
        assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_NONE);
        p.recorded = true;
        assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_OBSERVER);
        assert_false(qf_count_party_member(pipeline[i]));
    }
    /* a full member of another org attending is 列席 */
    p = person(4, QF_STATUS_FULL, false, true, QF_ATTEND_PRESENT);
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_MEMBERS), QF_ROLE_OBSERVER);
    /* at a committee meeting only the committee is due */
    p = person(5, QF_STATUS_FULL, true, true, QF_ATTEND_PRESENT);
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_COMMITTEE), QF_ROLE_OBSERVER);
    p.holds_post = true;
    assert_int_equal(qf_count_role_of(&p, QF_COUNT_COMMITTEE), QF_ROLE_VOTING);
    assert_string_equal(qf_count_role_name(QF_ROLE_NONVOTING), "nonvoting");
    assert_int_equal(qf_count_body_for("committee_meeting"), QF_COUNT_COMMITTEE);
    assert_int_equal(qf_count_body_for("general_meeting"), QF_COUNT_MEMBERS);
    assert_true(qf_count_committee_post("discipline"));
    assert_false(qf_count_committee_post("group_leader"));
    assert_false(qf_count_committee_post(NULL));
}

static void counting__tally_leave_absent_late_and_observers(void **state)
{
    (void)state;
    qf_count_person people[] = {
        person(1, QF_STATUS_FULL, true, true, QF_ATTEND_PRESENT),
        person(2, QF_STATUS_FULL, true, true, QF_ATTEND_LATE),
        person(3, QF_STATUS_FULL, true, true, QF_ATTEND_LEAVE),
        person(4, QF_STATUS_FULL, true, true, QF_ATTEND_ABSENT),
        person(5, QF_STATUS_PROBATIONARY, true, false, QF_ATTEND_PRESENT), /* not recorded */
        person(6, QF_STATUS_ACTIVIST, true, true, QF_ATTEND_PRESENT),      /* 列席, came */
        person(7, QF_STATUS_CANDIDATE, true, true, QF_ATTEND_LEAVE),       /* 列席, did not */
        person(8, QF_STATUS_APPLICANT, true, false, QF_ATTEND_PRESENT),    /* nothing */
    };
    qf_counts c;
    qf_count_tally(&c, people, 8, 2, NULL);
    assert_int_equal(c.body, QF_COUNT_MEMBERS);
    assert_int_equal(c.due, 5);
    assert_int_equal(c.voting, 4);
    assert_int_equal(c.full, 4);
    assert_int_equal(c.present, 2); /* late counts */
    assert_int_equal(c.present_voting, 2);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.leave, 1);
    assert_int_equal(c.absent, 2); /* recorded absent, and the one not recorded */
    assert_int_equal(c.unrecorded, 1);
    assert_int_equal(c.due, c.present + c.leave + c.absent);
    assert_int_equal(c.observers, 1);
    assert_int_equal(c.guests, 2);
    assert_int_equal(c.recorded, 6);
    /* late not counted: the late member is absent, not on leave */
    qf_count_options o = QF_COUNT_OPTIONS_INIT;
    o.late_counts = false;
    qf_count_tally(&c, people, 8, 0, &o);
    assert_int_equal(c.present, 1);
    assert_int_equal(c.absent, 3);
    assert_int_equal(c.leave, 1);
    assert_int_equal(c.late, 1);
    /* nobody */
    qf_count_tally(&c, NULL, 0, 0, NULL);
    assert_int_equal(c.due, 0);
    assert_int_equal(c.recorded, 0);
}

/* ---- over the database ------------------------------------------------------------------- */

static int64_t meeting(qf_db *db, int64_t org, const char *kind, const char *starts,
                       const qf_attendance *att, size_t n)
{
    qf_activity a;
    memset(&a, 0, sizeof a);
    a.org_id = org;
    a.kind = kind;
    a.title = kind;
    a.starts_at = fx_datetime(starts);
    a.ends_at = QF_DATETIME_NONE;
    qf_activity_parts parts = {att, n, NULL, 0, NULL, 0};
    int64_t id;
    QF_OK_OR_FAIL(qf_activity_create(&id, db, &a, &parts));
    return id;
}

static qf_counts counts_of(qf_db *db, int64_t activity)
{
    qf_counts c;
    QF_OK_OR_FAIL(qf_activity_counts(&c, db, activity));
    return c;
}

/* "name role state" of each attendee, in the iterator's order */
static char *attendees(qf_db *db, int64_t activity)
{
    qf_attendee_iter *it = NULL;
    QF_OK_OR_FAIL(qf_attendee_list(&it, db, activity));
    char *out = calloc(1, 4096);
    size_t len = 0;
    const qf_attendee *a;
    while (qf_attendee_next(&a, it) == QF_OK)
        len += (size_t)snprintf(out + len, 4096 - len, "%s %s %s%s\n", a->name,
                                qf_count_role_name(a->role),
                                a->recorded ? qf_attendance_state_name(a->state) : "-",
                                a->attended ? " came" : "");
    qf_attendee_iter_free(it);
    return out;
}

#define EXPECT(got, want)                                                                          \
    do {                                                                                           \
        char *g_ = (got);                                                                          \
        if (strcmp(g_, (want)) != 0)                                                               \
            fail_msg("--- got ---\n%s--- want ---\n%s", g_, (want));                               \
        free(g_);                                                                                  \
    } while (0)

static void counting__status_changed_on_the_meeting_day(void **state)
{
    qf_db *db = *state;
    /* 甲 becomes probationary, 乙 full, on the day of the meeting: the status of that day
     * counts (docs/counting.md: a change on the day counts on the day) */
    int64_t a = fx_member(db, "甲", QF_STATUS_CANDIDATE, "2016-10-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_PROBATIONARY, "2016-05-10", T.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_status(db, a, QF_STATUS_PROBATIONARY, fx_date("2017-05-10"), NULL));
    QF_OK_OR_FAIL(qf_member_set_status(db, b, QF_STATUS_FULL, fx_date("2017-05-10"), NULL));
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_PRESENT, NULL}};
    int64_t before = meeting(db, T.branch, "general_meeting", "2017-05-09 15:00", att, 2);
    int64_t on = meeting(db, T.branch, "general_meeting", "2017-05-10 15:00", att, 2);
    qf_counts c = counts_of(db, before);
    assert_int_equal(c.due, 1); /* 乙, probationary; 甲 a candidate: 列席 */
    assert_int_equal(c.voting, 0);
    assert_int_equal(c.observers, 1);
    c = counts_of(db, on);
    assert_int_equal(c.due, 2);
    assert_int_equal(c.voting, 1);
    assert_int_equal(c.present_voting, 1);
    assert_int_equal(c.observers, 0);
    EXPECT(attendees(db, before), "乙 nonvoting present came\n甲 observer present came\n");
}

static void counting__membership_starting_or_ending_that_day(void **state)
{
    qf_db *db = *state;
    int64_t stay = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t joins = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", 0, 0);
    int64_t leaves = fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t left = fx_member(db, "丁", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    QF_OK_OR_FAIL(qf_member_join(db, joins, T.branch, fx_date("2017-05-10")));
    QF_OK_OR_FAIL(qf_member_leave(db, leaves, T.branch, fx_date("2017-05-10"))); /* inclusive */
    QF_OK_OR_FAIL(qf_member_leave(db, left, T.branch, fx_date("2017-05-09")));
    qf_attendance att[] = {{0, stay, QF_ATTEND_PRESENT, NULL},
                           {0, left, QF_ATTEND_PRESENT, NULL}};
    int64_t m = meeting(db, T.branch, "general_meeting", "2017-05-10 15:00", att, 2);
    qf_counts c = counts_of(db, m);
    assert_int_equal(c.due, 3); /* 甲, 乙 (joined that day), 丙 (left that day) */
    assert_int_equal(c.present, 1);
    assert_int_equal(c.absent, 2);
    assert_int_equal(c.unrecorded, 2);
    assert_int_equal(c.observers, 1); /* 丁 left the day before: 列席 */
    EXPECT(attendees(db, m), "丙 voting -\n乙 voting -\n甲 voting present came\n"
                             "丁 observer present came\n");
}

static void counting__suspended_and_disciplined_are_due_without_a_vote(void **state)
{
    qf_db *db = *state;
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t c_ = fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_flag(db, b, QF_FLAG_SUSPENDED, fx_date("2017-05-10"), QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_member_set_flag(db, c_, QF_FLAG_DISCIPLINE, fx_date("2017-01-01"),
                                     fx_date("2017-05-10")));
    QF_OK_OR_FAIL(qf_member_set_flag(db, a, QF_FLAG_MOBILE, fx_date("2017-01-01"), QF_DATE_NONE));
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_PRESENT, NULL},
                           {0, c_, QF_ATTEND_PRESENT, NULL}};
    qf_counts c = counts_of(db, meeting(db, T.branch, "general_meeting", "2017-05-10 15:00", att, 3));
    assert_int_equal(c.due, 3);
    assert_int_equal(c.full, 3);
    assert_int_equal(c.voting, 1); /* 流动党员 keeps the vote */
    assert_int_equal(c.present_voting, 1);
    /* the day after, 丙's 留党察看 has ended */
    c = counts_of(db, meeting(db, T.branch, "general_meeting", "2017-05-11 15:00", att, 3));
    assert_int_equal(c.voting, 2);
}

static void counting__other_orgs_members_and_guests_are_not_counted(void **state)
{
    qf_db *db = *state;
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, T.group1);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, T.group2);
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_PRESENT, NULL}};
    /* a group meeting: the other group's member attends as 列席 */
    int64_t m = meeting(db, T.group1, "group_meeting", "2017-05-10 15:00", att, 2);
    qf_guest g = {0, m, "林教授", "某大学", "expert"};
    int64_t gid;
    QF_OK_OR_FAIL(qf_guest_add(&gid, db, &g));
    qf_counts c = counts_of(db, m);
    assert_int_equal(c.due, 1);
    assert_int_equal(c.present, 1);
    assert_int_equal(c.observers, 1);
    assert_int_equal(c.guests, 1);
    qf_attendee_iter *it = NULL;
    const qf_attendee *row;
    QF_OK_OR_FAIL(qf_attendee_list(&it, db, m));
    QF_OK_OR_FAIL(qf_attendee_next(&row, it));
    assert_string_equal(row->name, "甲");
    assert_int_equal(row->group_id, T.group1);
    QF_OK_OR_FAIL(qf_attendee_next(&row, it));
    assert_string_equal(row->name, "乙");
    assert_int_equal(row->role, QF_ROLE_OBSERVER);
    assert_int_equal(row->group_id, T.group2);
    assert_int_equal(qf_attendee_next(&row, it), QF_ITEROVER);
    qf_attendee_iter_free(it);
    qf_attendee_iter_free(NULL);
}

static void counting__leave_is_not_an_absence(void **state)
{
    qf_db *db = *state;
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t c_ = fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    qf_attendance att[] = {{0, a, QF_ATTEND_LEAVE, "出差"}, {0, b, QF_ATTEND_ABSENT, NULL},
                           {0, c_, QF_ATTEND_LATE, NULL}};
    int64_t m = meeting(db, T.branch, "lecture", "2017-05-10 15:00", att, 3);
    qf_counts c = counts_of(db, m);
    assert_int_equal(c.due, 3);
    assert_int_equal(c.present, 1);
    assert_int_equal(c.late, 1);
    assert_int_equal(c.leave, 1);
    assert_int_equal(c.absent, 1);
    assert_int_equal(c.unrecorded, 0);
    EXPECT(attendees(db, m), "丙 voting late came\n乙 voting absent\n甲 voting leave\n");
    qf_attendee_iter *it = NULL;
    const qf_attendee *row;
    QF_OK_OR_FAIL(qf_attendee_list(&it, db, m));
    while (qf_attendee_next(&row, it) == QF_OK && row->member_id != a)
        ;
    assert_int_equal(row->member_id, a);
    assert_string_equal(row->reason, "出差");
    assert_false(row->attended);
    qf_attendee_iter_free(it);
}

/* An org's counts on a day: its 党员, whatever else belongs to it. */
static void counting__org_counts_party_members_only(void **state)
{
    qf_db *db = *state;
    fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    fx_member(db, "乙", QF_STATUS_PROBATIONARY, "2016-01-01", T.branch, 0);
    fx_member(db, "丙", QF_STATUS_ACTIVIST, "2016-01-01", T.branch, 0);
    fx_member(db, "丁", QF_STATUS_APPLICANT, "2016-01-01", T.branch, 0);
    qf_counts c;
    QF_OK_OR_FAIL(qf_org_counts(&c, db, T.branch, fx_date("2017-01-01")));
    assert_int_equal(c.due, 2);
    assert_int_equal(c.voting, 1);
    QF_OK_OR_FAIL(qf_org_counts(&c, db, T.branch, fx_date("2015-12-31")));
    assert_int_equal(c.due, 0);
    QF_OK_OR_FAIL(qf_org_counts(&c, db, T.group1, QF_DATE_NONE));
    assert_int_equal(c.due, 0);
}

static void counting__errors_name_what_is_wrong(void **state)
{
    qf_db *db = *state;
    qf_counts c;
    QF_FAILS_WITH(QF_ENOTFOUND, "activity 999 does not exist", qf_activity_counts(&c, db, 999));
    qf_attendee_iter *it = (qf_attendee_iter *)&c; /* set to NULL on failure */
    QF_FAILS_WITH(QF_ENOTFOUND, "activity 999 does not exist", qf_attendee_list(&it, db, 999));
    assert_null(it);
    QF_FAILS_WITH(QF_ENOTFOUND, "org 999 does not exist", qf_org_counts(&c, db, 999, QF_DATE_NONE));
    QF_FAILS_WITH(QF_EINVALID, "on", qf_org_counts(&c, db, T.branch, (qf_date)99999999));
}

/* ---- the engine: the same model, the same counts ------------------------------------------ */

static void pack(qf_db *db, const char *params)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"standards\": [{\"code\": \"Q\", \"title\": \"q\", \"effective\": \"2017-01-01\","
             "\"clauses\": [{\"number\": \"1\", \"type\": \"requirement\", \"text\": \"t\","
             "\"requirements\": [{\"kind\": \"attendance\", \"params\": %s}]}]}]}",
             params);
    qf_load_report *rep = NULL;
    QF_OK_OR_FAIL(qf_catalog_load(&rep, db, json, "counting.json", NULL));
    qf_load_report_free(rep);
}

static qf_check_result *check(qf_db *db)
{
    qf_check_options o;
    QF_OK_OR_FAIL(qf_check_options_init(&o, db));
    QF_OK_OR_FAIL(qf_period_parse(&o.period, "2017"));
    o.org_id = T.branch;
    qf_check_result *r = NULL;
    QF_OK_OR_FAIL(qf_check_run(&r, db, &o));
    return r;
}

/* Every attendance finding carries the counts, and they equal the model over the database. */
static void assert_same_counts(qf_db *db, qf_check_result *r)
{
    for (size_t i = 0; i < qf_check_count(r); i++) {
        const qf_finding *f = qf_check_finding(r, i);
        assert_non_null(f->counts);
        qf_counts c = counts_of(db, f->subject_id);
        assert_memory_equal(f->counts, &c, sizeof c);
    }
}

static void counting__engine_nobody_due_is_na_even_unrecorded(void **state)
{
    qf_db *db = *state;
    pack(db, "{\"activity\": \"group_meeting\", \"quorum\": \">1/2\"}");
    /* group 2 has nobody (party groups hold party members only; the activist is in the
     * branch): nobody is due, and nothing was recorded */
    fx_member(db, "丙", QF_STATUS_ACTIVIST, "2016-01-01", T.branch, 0);
    fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, T.group1);
    meeting(db, T.group2, "group_meeting", "2017-05-10 15:00", NULL, 0);
    meeting(db, T.group1, "group_meeting", "2017-05-11 15:00", NULL, 0);
    qf_check_result *r = check(db);
    assert_int_equal(qf_check_count(r), 2);
    for (size_t i = 0; i < 2; i++) {
        const qf_finding *f = qf_check_finding(r, i);
        if (f->org_id == T.group2) {
            assert_int_equal(f->status, QF_FINDING_NA);
            assert_string_equal(f->message, "nobody was due on that day");
        } else {
            assert_int_equal(f->status, QF_FINDING_FAIL);
            assert_string_equal(f->message, "attendance not recorded (1 due)");
        }
    }
    assert_same_counts(db, r);
    /* the JSON evidence names the counts */
    char *json = NULL;
    QF_OK_OR_FAIL(qf_check_json(&json, r));
    assert_non_null(strstr(json, "\"counts\": {"));
    assert_non_null(strstr(json, "\"unrecorded\": 1"));
    free(json);
    qf_check_result_free(r);
}

static void counting__engine_bases_share_the_model(void **state)
{
    qf_db *db = *state;
    pack(db, "{\"activity\": \"general_meeting\", \"base\": \"voting\", \"quorum\": \">1/2\"}");
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t c = fx_member(db, "丙", QF_STATUS_PROBATIONARY, "2016-01-01", T.branch, 0);
    int64_t d = fx_member(db, "丁", QF_STATUS_CANDIDATE, "2016-01-01", T.branch, 0);
    int64_t e = fx_member(db, "戊", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    QF_OK_OR_FAIL(qf_member_set_flag(db, e, QF_FLAG_SUSPENDED, fx_date("2017-01-01"), QF_DATE_NONE));
    /* all but 乙 came: 4 of 4 due... but of those with a vote (甲, 乙) only 甲: 1 of 2 */
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_LEAVE, "病假"},
                           {0, c, QF_ATTEND_PRESENT, NULL}, {0, d, QF_ATTEND_PRESENT, NULL},
                           {0, e, QF_ATTEND_PRESENT, NULL}};
    meeting(db, T.branch, "general_meeting", "2017-05-10 15:00", att, 5);
    qf_check_result *r = check(db);
    assert_int_equal(qf_check_count(r), 1);
    const qf_finding *f = qf_check_finding(r, 0);
    assert_int_equal(f->status, QF_FINDING_FAIL);
    assert_non_null(strstr(f->message, "1 of 2 members with voting rights due attended"));
    assert_int_equal(f->counts->due, 4);
    assert_int_equal(f->counts->voting, 2);
    assert_int_equal(f->counts->full, 3);
    assert_int_equal(f->counts->observers, 1);
    assert_same_counts(db, r);
    /* a saved assessment keeps them */
    int64_t saved;
    QF_OK_OR_FAIL(qf_assessment_save(&saved, db, r, NULL));
    qf_check_result *back = NULL;
    QF_OK_OR_FAIL(qf_assessment_load(&back, db, saved));
    assert_int_equal(qf_check_count(back), 1);
    assert_non_null(qf_check_finding(back, 0)->counts);
    assert_memory_equal(qf_check_finding(back, 0)->counts, f->counts, sizeof *f->counts);
    qf_check_result_free(back);
    qf_check_result_free(r);
}

/* 宣传委员 hands over to 丁 on 2017-05-10: the old holder's post ends the day before. A post
 * that ends on the day of the meeting still counts (ends are inclusive). */
static void counting__committee_post_changed_hands_that_day(void **state)
{
    qf_db *db = *state;
    pack(db, "{\"activity\": \"committee_meeting\", \"quorum\": \">1/2\"}");
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t c = fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t d = fx_member(db, "丁", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    fx_member(db, "戊", QF_STATUS_FULL, "2016-01-01", T.branch, 0); /* not on the committee */
    qf_position p = {0, a, T.branch, "secretary", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = b;
    p.post = "organization";
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = c;
    p.post = "publicity";
    p.end = fx_date("2017-05-09");
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = d;
    p.start = fx_date("2017-05-10");
    p.end = QF_DATE_NONE;
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = a; /* a second post: counted once */
    p.post = "committee_member";
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = b; /* a group leader's post is not a committee post */
    p.org_id = T.group1;
    p.post = "group_leader";
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    /* 丙 (no longer on the committee) and 戊 attend: 列席; 丁 is new and absent */
    qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL}, {0, b, QF_ATTEND_PRESENT, NULL},
                           {0, c, QF_ATTEND_PRESENT, NULL}, {0, d, QF_ATTEND_ABSENT, NULL}};
    int64_t before = meeting(db, T.branch, "committee_meeting", "2017-05-09 09:00", att, 4);
    int64_t on = meeting(db, T.branch, "committee_meeting", "2017-05-10 09:00", att, 4);
    qf_counts k = counts_of(db, before);
    assert_int_equal(k.body, QF_COUNT_COMMITTEE);
    assert_int_equal(k.due, 3); /* 甲 乙 丙 */
    assert_int_equal(k.present, 3);
    assert_int_equal(k.observers, 0); /* 丁's row: not due the day before, and absent */
    k = counts_of(db, on);
    assert_int_equal(k.due, 3); /* 甲 乙 丁 */
    assert_int_equal(k.present, 2);
    assert_int_equal(k.absent, 1);
    assert_int_equal(k.observers, 1); /* 丙 */
    EXPECT(attendees(db, on), "丁 voting absent\n乙 voting present came\n甲 voting present came\n"
                              "丙 observer present came\n");
    qf_check_result *r = check(db);
    assert_int_equal(qf_check_count(r), 2);
    assert_non_null(strstr(qf_check_finding(r, 1)->message, "2 of 3 due attended"));
    assert_same_counts(db, r);
    qf_check_result_free(r);
}

/* base = posts names its own posts; late_counts = false and must_attend still work. */
static void counting__engine_posts_late_and_must_attend(void **state)
{
    qf_db *db = *state;
    pack(db, "{\"activity\": \"lecture\", \"base\": \"posts\", \"posts\": [\"secretary\", "
             "\"organization\"], \"late_counts\": false, \"must_attend\": \"secretary\", "
             "\"rate\": 0.6}");
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2016-01-01", T.branch, T.group1);
    fx_member(db, "丙", QF_STATUS_FULL, "2016-01-01", T.branch, 0);
    qf_position p = {0, a, T.branch, "secretary", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    p.member_id = b;
    p.post = "organization";
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    qf_attendance att[] = {{0, a, QF_ATTEND_LATE, NULL}, {0, b, QF_ATTEND_PRESENT, NULL}};
    meeting(db, T.branch, "lecture", "2017-05-10 15:00", att, 2);
    qf_check_result *r = check(db);
    assert_int_equal(qf_check_count(r), 1);
    const qf_finding *f = qf_check_finding(r, 0);
    /* due: the two post holders, not 丙; the late secretary does not count, and must have
     * attended */
    assert_int_equal(f->status, QF_FINDING_FAIL);
    assert_non_null(strstr(f->message, "1 of 2 due attended (50.0%)"));
    assert_non_null(strstr(f->message, "absent"));
    assert_int_equal(f->counts->due, 2);
    assert_int_equal(f->counts->late, 1);
    assert_int_equal(f->counts->absent, 1);
    qf_check_result_free(r);
}

/* ---- the model over many activities (qf_count_scan) -------------------------------------- */

static void assert_attendee_equal(const qf_attendee *x, const qf_attendee *y)
{
    assert_int_equal(x->member_id, y->member_id);
    assert_string_equal(x->name, y->name);
    assert_true((x->code == NULL) == (y->code == NULL));
    if (x->code)
        assert_string_equal(x->code, y->code);
    assert_int_equal(x->status, y->status);
    assert_int_equal(x->group_id, y->group_id);
    assert_int_equal(x->role, y->role);
    assert_int_equal(x->recorded, y->recorded);
    if (x->recorded)
        assert_int_equal(x->state, y->state);
    assert_true((x->reason == NULL) == (y->reason == NULL));
    if (x->reason)
        assert_string_equal(x->reason, y->reason);
    assert_int_equal(x->attended, y->attended);
}

/* Every activity the filter lists comes out of the scan once, with the counts and attendees
 * that qf_activity_counts and qf_attendee_list give it one by one; returns how many. */
static size_t assert_scan_agrees(qf_db *db, const qf_activity_filter *f)
{
    qf_count_scan *s = NULL;
    QF_OK_OR_FAIL(qf_count_scan_open(&s, db, f));
    qf_count_item item;
    size_t n = 0;
    int64_t last_org = 0;
    int rc;
    while ((rc = qf_count_scan_next(s, &item)) == QF_OK) {
        n++;
        assert_true(item.org_id >= last_org); /* org by org */
        last_org = item.org_id;
        qf_counts c;
        QF_OK_OR_FAIL(qf_activity_counts(&c, db, item.activity_id));
        assert_memory_equal(&c, item.counts, sizeof c);
        qf_attendee_iter *it = NULL;
        QF_OK_OR_FAIL(qf_attendee_list(&it, db, item.activity_id));
        const qf_attendee *x;
        size_t k = 0;
        while (qf_attendee_next(&x, it) == QF_OK) {
            assert_true(k < item.n_attendees);
            assert_attendee_equal(x, &item.attendees[k++]);
        }
        assert_int_equal(k, item.n_attendees);
        qf_attendee_iter_free(it);
    }
    if (rc != QF_ITEROVER)
        fail_msg("the scan stopped with %d: %s", rc, qf_error_last());
    qf_count_scan_free(s);
    /* the same activities as the listing */
    qf_activity_iter *it = NULL;
    QF_OK_OR_FAIL(qf_activity_list(&it, db, f));
    const qf_activity *a;
    size_t listed = 0;
    while (qf_activity_next(&a, it) == QF_OK)
        listed++;
    qf_activity_iter_free(it);
    assert_int_equal(listed, n);
    return n;
}

/* After each test of the model over the database: the scan agrees on whatever it made. */
static int scan_teardown(void **state)
{
    assert_scan_agrees(*state, NULL);
    return fx_teardown(state);
}

static void counting__scan_agrees_over_orgs_kinds_and_days(void **state)
{
    qf_db *db = *state;
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2016-01-01", T.branch, T.group1);
    int64_t b = fx_member(db, "乙", QF_STATUS_PROBATIONARY, "2016-01-01", T.branch, T.group2);
    int64_t c = fx_member(db, "丙", QF_STATUS_ACTIVIST, "2016-01-01", T.branch, 0);
    int64_t d = fx_member(db, "丁", QF_STATUS_FULL, "2016-01-01", T.branch, T.group1);
    QF_OK_OR_FAIL(qf_member_set_status(db, b, QF_STATUS_FULL, fx_date("2017-03-01"), NULL));
    QF_OK_OR_FAIL(qf_member_set_flag(db, d, QF_FLAG_SUSPENDED, fx_date("2017-03-01"),
                                     fx_date("2017-04-30")));
    QF_OK_OR_FAIL(qf_member_leave(db, d, T.group1, fx_date("2017-05-31")));
    QF_OK_OR_FAIL(qf_member_join(db, d, T.group2, fx_date("2017-06-01")));
    qf_position p = {0, a, T.branch, "secretary", fx_date("2015-01-01"), QF_DATE_NONE, NULL};
    QF_OK_OR_FAIL(qf_position_create(NULL, db, &p));
    const char *kinds[] = {"general_meeting", "committee_meeting", "group_meeting"};
    for (int m = 1; m <= 9; m++) {
        char day[32];
        snprintf(day, sizeof day, "2017-%02d-10 14:30", m);
        qf_attendance att[] = {{0, a, QF_ATTEND_PRESENT, NULL},
                               {0, b, m % 2 ? QF_ATTEND_LEAVE : QF_ATTEND_LATE, "出差"},
                               {0, c, QF_ATTEND_PRESENT, NULL},
                               {0, d, QF_ATTEND_ABSENT, NULL}};
        qf_guest g = {0, 0, "专家", "标委会", "expert"};
        qf_activity act;
        memset(&act, 0, sizeof act);
        act.kind = kinds[m % 3];
        act.org_id = m % 3 == 2 ? (m % 2 ? T.group1 : T.group2) : T.branch;
        act.title = "会";
        act.starts_at = fx_datetime(day);
        act.ends_at = QF_DATETIME_NONE;
        qf_activity_parts parts = {att, m == 5 ? 0 : 4, &g, m % 4 == 0 ? 1 : 0, NULL, 0};
        QF_OK_OR_FAIL(qf_activity_create(NULL, db, &act, &parts));
    }
    assert_int_equal(assert_scan_agrees(db, NULL), 9);
    qf_activity_filter f = QF_ACTIVITY_FILTER_INIT;
    f.under = T.branch;
    f.from = fx_date("2017-03-10");
    f.to = fx_date("2017-07-10");
    assert_int_equal(assert_scan_agrees(db, &f), 5);
    f.kind = "group_meeting";
    assert_int_equal(assert_scan_agrees(db, &f), 1);
    f.kind = NULL;
    f.under = 0;
    f.org_id = T.group2;
    f.from = f.to = QF_DATE_NONE;
    assert_int_equal(assert_scan_agrees(db, &f), 2);
    f.org_id = T.branch;
    f.from = fx_date("2018-01-01");
    assert_int_equal(assert_scan_agrees(db, &f), 0);
    /* a bad filter is refused as the listing refuses it */
    f.from = fx_date("2017-05-01");
    f.to = fx_date("2017-04-01");
    qf_count_scan *s = NULL;
    assert_int_equal(qf_count_scan_open(&s, db, &f), QF_EINVALID);
    assert_null(s);
    assert_non_null(strstr(qf_error_last(), "from"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counting__roles_by_status_and_flags),
        cmocka_unit_test(counting__tally_leave_absent_late_and_observers),
        cmocka_unit_test_setup_teardown(counting__status_changed_on_the_meeting_day, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__membership_starting_or_ending_that_day, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__suspended_and_disciplined_are_due_without_a_vote,
                                        setup, scan_teardown),
        cmocka_unit_test_setup_teardown(counting__other_orgs_members_and_guests_are_not_counted,
                                        setup, scan_teardown),
        cmocka_unit_test_setup_teardown(counting__leave_is_not_an_absence, setup, scan_teardown),
        cmocka_unit_test_setup_teardown(counting__org_counts_party_members_only, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__errors_name_what_is_wrong, setup, scan_teardown),
        cmocka_unit_test_setup_teardown(counting__engine_nobody_due_is_na_even_unrecorded, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__engine_bases_share_the_model, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__committee_post_changed_hands_that_day, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__engine_posts_late_and_must_attend, setup,
                                        scan_teardown),
        cmocka_unit_test_setup_teardown(counting__scan_agrees_over_orgs_kinds_and_days, setup,
                                        scan_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
