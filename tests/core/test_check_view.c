/*
 * The check view (core/src/engine/check_view.c) answers a check function's member questions
 * exactly as the database does: every question asked both ways, on generated branches whose
 * records are biased to the edges — memberships starting and ending on the days asked about,
 * status changes on those days, flags starting and ending there, transfers between the
 * branch's groups and to another branch, posts taken over on a day (two holders starting the
 * same day), names that tie (ids decide) and names in stroke order. A question the view
 * answers must give the same rows (every field, in order), the same count, the same member
 * record, the same holder, or the same error; the questions it must answer (the branch and
 * its groups, inside the range) are counted so a view that never answered would fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "internal.h"
#include "check_view.h"

typedef struct world {
    qf_db *db;
    fx_tree t;
    int64_t other, other_group; /* another branch and its group: transfers out */
    int64_t members[64];
    size_t n_members;
} world;

/* A small deterministic generator (xorshift), so a failure can be replayed by its seed. */
static uint64_t rng;
static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* The days every record starts or ends on, and every question is asked on: the range's
 * edges, the days around them, and a few inside with their neighbours. */
static qf_date edge_days[12];
static size_t n_edge_days;
static void init_days(void)
{
    const char *days[] = {"2016-12-31", "2017-01-01", "2017-01-02", "2017-03-31",
                          "2017-04-01", "2017-06-15", "2017-06-16", "2017-09-05",
                          "2017-12-30", "2017-12-31", "2018-01-01", "2018-03-01"};
    n_edge_days = sizeof days / sizeof *days;
    for (size_t i = 0; i < n_edge_days; i++)
        edge_days[i] = fx_date(days[i]);
}
static qf_date some_day(void)
{
    return edge_days[pick((unsigned)n_edge_days)];
}

static const char *const NAMES[] = {"王芳", "王芳",   "李娜", "丁一", "张伟", "Anna",
                                    "艾青", "王小明", "乙",   "万里", "Zoe"};
static const char *const FLAGS[] = {"mobile", QF_FLAG_SUSPENDED, QF_FLAG_DISCIPLINE};
static const char *const POSTS[] = {QF_POST_SECRETARY, QF_POST_DISCIPLINE, QF_POST_ORGANIZATION,
                                    QF_POST_COMMITTEE_MEMBER};

static void make_world(world *w, unsigned seed)
{
    qf_db *db = w->db;
    rng = 0x9E3779B97F4A7C15ull ^ seed;
    fx_make_tree(db, &w->t);
    char code[32];
    snprintf(code, sizeof code, "other%u", seed);
    qf_org b = {0, w->t.committee, QF_ORG_BRANCH, "gy2", "另一支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(&w->other, db, &b));
    qf_org g = {0, w->other, QF_ORG_GROUP, "gy2g1", "另一小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(&w->other_group, db, &g));
    int64_t places[] = {w->t.branch, w->t.group1, w->t.group2, w->other, w->other_group};
    w->n_members = 24 + pick(12);
    for (size_t i = 0; i < w->n_members; i++) {
        qf_member m = {0};
        m.name = NAMES[pick(sizeof NAMES / sizeof *NAMES)];
        snprintf(code, sizeof code, "M%03zu", i);
        m.code = pick(3) ? code : NULL;
        m.gender = pick(2) ? "female" : NULL;
        m.birth_date = pick(2) ? fx_date("1980-05-06") : QF_DATE_NONE;
        m.joined = pick(2) ? fx_date("2005-07-01") : QF_DATE_NONE;
        m.phone = pick(2) ? "13912345678" : NULL;
        m.attrs = pick(2) ? "{\"x\":1}" : NULL;
        m.status = pick(6) ? (qf_member_status)pick(5) : QF_STATUS_NONE;
        m.since = m.status == QF_STATUS_NONE ? QF_DATE_NONE : fx_date("2010-01-01");
        m.org_id = pick(5) ? w->t.branch : w->other;
        m.group_id = pick(3) ? (m.org_id == w->t.branch ? (pick(2) ? w->t.group1 : w->t.group2)
                                                        : w->other_group)
                             : 0;
        if (m.status != QF_STATUS_FULL && m.status != QF_STATUS_PROBATIONARY)
            m.group_id = 0; /* only party members are placed in a group */
        int64_t id = 0;
        QF_OK_OR_FAIL(qf_member_create(&id, db, &m));
        w->members[i] = id;
        /* on even seeds, members of another branch between them: the branch's ids are then
         * sparse and the view reads its members by a list of ids, not a range */
        for (int k = 0; seed % 2 == 0 && k < 3; k++) {
            qf_member filler = {.name = "别人", .status = QF_STATUS_FULL,
                                .since = fx_date("2010-01-01"), .org_id = w->other};
            int64_t other_id;
            QF_OK_OR_FAIL(qf_member_create(&other_id, db, &filler));
        }
        /* dated changes on the edge days; the API refuses some (overlaps): those are skipped */
        int changes = (int)pick(5);
        for (int k = 0; k < changes; k++) {
            qf_date d = some_day();
            int64_t org = places[pick(5)];
            switch (pick(6)) {
            case 0:
                qf_member_set_status(db, id, (qf_member_status)pick(5), d, NULL);
                break;
            case 1:
                qf_member_join(db, id, org, d);
                break;
            case 2:
                qf_member_leave(db, id, org, d);
                break;
            case 3: /* a transfer on one day: leave, join the next org that day */
                if (qf_member_leave(db, id, w->t.group1, d) == QF_OK)
                    qf_member_join(db, id, pick(2) ? w->t.group2 : w->other_group, d);
                else if (qf_member_leave(db, id, w->t.branch, d) == QF_OK)
                    qf_member_join(db, id, w->other, d);
                break;
            default: {
                qf_date end = pick(2) ? QF_DATE_NONE : some_day();
                qf_member_set_flag(db, id, FLAGS[pick(3)], d, end >= d ? end : QF_DATE_NONE);
            }
            }
        }
    }
    /* two memberships of one kind starting the same day (behind the API's back, which keeps
     * a member in one group at a time): the later row's org is the one a record shows */
    char sql[300];
    for (size_t i = 0; i < w->n_members; i += 4) {
        /* in another branch, its group, or the branch's other group */
        int64_t from[] = {w->t.branch, w->t.group1, w->t.group1};
        int64_t to[] = {w->other, w->other_group, w->t.group2};
        snprintf(sql, sizeof sql,
                 "INSERT INTO membership (member_id, org_id, start) SELECT member_id, %lld, start "
                 "FROM membership WHERE member_id = %lld AND org_id = %lld",
                 (long long)to[i % 3], (long long)w->members[i], (long long)from[i % 3]);
        fx_exec(db, sql);
    }
    /* posts: some taken over on an edge day, some started on the same day by two members */
    int n_posts = 6 + (int)pick(8);
    for (int k = 0; k < n_posts; k++) {
        qf_position p = {0};
        p.member_id = w->members[pick((unsigned)w->n_members)];
        p.org_id = pick(4) ? w->t.branch : (pick(2) ? w->t.group1 : w->other);
        p.post = POSTS[pick(4)];
        p.start = some_day();
        qf_date end = some_day();
        p.end = pick(2) && end >= p.start ? end : QF_DATE_NONE;
        int64_t id;
        qf_position_create(&id, db, &p);
    }
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void assert_same_member(const qf_member *a, const qf_member *b, const char *what)
{
    if (a->id != b->id || !same_text(a->code, b->code) || !same_text(a->name, b->name) ||
        !same_text(a->gender, b->gender) || a->birth_date != b->birth_date ||
        a->joined != b->joined || !same_text(a->phone, b->phone) ||
        !same_text(a->id_number, b->id_number) || !same_text(a->attrs, b->attrs) ||
        a->status != b->status || a->since != b->since || a->org_id != b->org_id ||
        a->group_id != b->group_id)
        fail_msg("%s: member %lld differs (view: status %d since %d org %lld group %lld; "
                 "database: status %d since %d org %lld group %lld)",
                 what, (long long)a->id, a->status, a->since, (long long)a->org_id,
                 (long long)a->group_id, b->status, b->since, (long long)b->org_id,
                 (long long)b->group_id);
}

typedef struct tally {
    int answered, must, asked;
    int by_range, by_list; /* worlds whose members the view read by a range of ids, by a list */
} tally;

/* The same error both ways: code and message. */
static void assert_same_error(int view_rc, const char *view_msg, int db_rc, const char *what)
{
    if (view_rc != db_rc || strcmp(view_msg, qf_error_last()) != 0)
        fail_msg("%s: view %d '%s', database %d '%s'", what, view_rc, view_msg, db_rc,
                 qf_error_last());
}

static void compare_list(world *w, qf_check_view *v, const qf_member_filter *f, bool must, tally *t,
                         const char *what)
{
    const qf_member *rows;
    size_t n;
    bool answered;
    int rc = qf_check_view_members(&rows, &n, &answered, v, f);
    char view_msg[512];
    snprintf(view_msg, sizeof view_msg, "%s", rc ? qf_error_last() : "");
    t->asked++;
    if (must && !answered)
        fail_msg("%s: the view did not answer", what);
    if (!answered)
        return;
    t->answered++;
    t->must += must;
    qf_member_iter *it = NULL;
    int db_rc = qf_member_list(&it, w->db, f);
    if (rc || db_rc) {
        assert_same_error(rc, view_msg, db_rc, what);
        qf_member_iter_free(it);
        return;
    }
    /* the view's rows stay put until its next question: the count is asked after the list */
    size_t k = 0;
    const qf_member *row;
    while (qf_member_next(&row, it) == QF_OK) {
        if (k == n)
            fail_msg("%s: the database lists more than the view's %zu", what, n);
        assert_same_member(&rows[k++], row, what);
    }
    qf_member_iter_free(it);
    if (k != n)
        fail_msg("%s: the view lists %zu, the database %zu", what, n, k);
    int64_t vc = -1, dc = -2;
    QF_OK_OR_FAIL(qf_check_view_count(&vc, &answered, v, f));
    assert_true(answered);
    QF_OK_OR_FAIL(qf_member_count(&dc, w->db, f));
    if (vc != dc || vc != (int64_t)n)
        fail_msg("%s: count %lld by the view, %lld by the database", what, (long long)vc,
                 (long long)dc);
}

static void ask_lists(world *w, qf_check_view *v, const qf_snapshot *s, tally *t)
{
    int64_t orgs[] = {w->t.branch, w->t.group1, w->t.group2, w->other, w->t.committee, 0};
    static const unsigned masks[] = {
        0, 1u << QF_STATUS_FULL, (1u << QF_STATUS_FULL) | (1u << QF_STATUS_PROBATIONARY),
        1u << QF_STATUS_CANDIDATE, (1u << QF_STATUS_APPLICANT) | (1u << QF_STATUS_ACTIVIST)};
    const char *flags[] = {NULL, "mobile", QF_FLAG_SUSPENDED, QF_FLAG_DISCIPLINE};
    for (size_t di = 0; di < n_edge_days; di++) {
        qf_date d = edge_days[di];
        for (size_t oi = 0; oi < sizeof orgs / sizeof *orgs; oi++) {
            bool held =
                orgs[oi] == w->t.branch || orgs[oi] == w->t.group1 || orgs[oi] == w->t.group2;
            bool must = held && d >= s->from && d <= s->to;
            for (size_t mi = 0; mi < sizeof masks / sizeof *masks; mi++)
                for (size_t fi = 0; fi < sizeof flags / sizeof *flags; fi++)
                    for (int voting = 0; voting < 2; voting++)
                        for (int order = 0; order < 2; order++) {
                            qf_member_filter f = QF_MEMBER_FILTER_INIT;
                            f.on = d;
                            f.org_id = orgs[oi];
                            f.status_mask = masks[mi];
                            f.flag = flags[fi];
                            f.voting = voting;
                            f.order = order ? QF_MEMBER_ORDER_STROKES : QF_MEMBER_ORDER_NAME;
                            char what[160];
                            snprintf(what, sizeof what,
                                     "members{org=%lld, on=%d, mask=%u, flag=%s, voting=%d, "
                                     "order=%d}",
                                     (long long)f.org_id, d, f.status_mask, f.flag ? f.flag : "-",
                                     voting, order);
                            compare_list(w, v, &f, must, t, what);
                        }
            /* by name, and under (a subtree: never answered, the database's) */
            qf_member_filter f = QF_MEMBER_FILTER_INIT;
            f.on = d;
            f.org_id = orgs[oi];
            f.name = NAMES[di % (sizeof NAMES / sizeof *NAMES)];
            compare_list(w, v, &f, must, t, "members{name=}");
            f.name = NULL;
            f.under = w->t.branch;
            compare_list(w, v, &f, false, t, "members{under=}");
        }
    }
}

static void ask_bad_input(world *w, qf_check_view *v, tally *t)
{
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = w->t.branch;
    f.flag = "no_such_flag";
    compare_list(w, v, &f, true, t, "an unknown flag");
    f.flag = NULL;
    f.status_mask = 1u << 9;
    compare_list(w, v, &f, true, t, "an unknown status bit");
    f.status_mask = 0;
    f.on = qf_date_from_ymd(12000, 1, 1);
    compare_list(w, v, &f, true, t, "a day out of range");
    f.on = QF_DATE_NONE; /* today: 2017-09-05, inside */
    compare_list(w, v, &f, true, t, "today");
    int64_t m;
    bool answered;
    int rc =
        qf_check_view_holder(&m, &answered, v, w->t.branch, "no_such_post", fx_date("2017-05-01"));
    char msg[512];
    snprintf(msg, sizeof msg, "%s", qf_error_last());
    assert_true(answered);
    int db_rc = qf_position_holder(&m, w->db, w->t.branch, "no_such_post", fx_date("2017-05-01"));
    assert_same_error(rc, msg, db_rc, "holder of an unknown post");
}

static void ask_members_and_holders(world *w, qf_check_view *v, const qf_snapshot *s, tally *t)
{
    int64_t orgs[] = {w->t.branch, w->t.group1, w->other};
    for (size_t di = 0; di < n_edge_days; di++) {
        qf_date d = edge_days[di];
        bool in = d >= s->from && d <= s->to;
        for (size_t i = 0; i < w->n_members; i++) {
            const qf_member *vm;
            bool answered;
            QF_OK_OR_FAIL(qf_check_view_member(&vm, &answered, v, w->members[i], d));
            t->asked++;
            if (!answered)
                continue;
            t->answered++;
            assert_true(in);
            qf_member *dm = NULL;
            QF_OK_OR_FAIL(qf_member_get(&dm, w->db, w->members[i], d));
            assert_same_member(vm, dm, "member(id, on)");
            qf_member_free(dm);
        }
        for (size_t oi = 0; oi < sizeof orgs / sizeof *orgs; oi++)
            for (size_t pi = 0; pi < sizeof POSTS / sizeof *POSTS; pi++) {
                int64_t vh = -1, dh = -2;
                bool answered;
                QF_OK_OR_FAIL(qf_check_view_holder(&vh, &answered, v, orgs[oi], POSTS[pi], d));
                t->asked++;
                if (!answered)
                    continue;
                t->answered++;
                assert_true(in && orgs[oi] != w->other);
                QF_OK_OR_FAIL(qf_position_holder(&dh, w->db, orgs[oi], POSTS[pi], d));
                if (vh != dh)
                    fail_msg("holder(%lld, %s, %d): %lld by the view, %lld by the database",
                             (long long)orgs[oi], POSTS[pi], d, (long long)vh, (long long)dh);
            }
    }
}

static void view__answers_as_the_database(void **state)
{
    qf_db *db = *state;
    init_days();
    unsigned seeds = fx_pg() ? 3 : 12;
    tally t = {0};
    for (unsigned seed = 1; seed <= seeds; seed++) {
        world w = {.db = db};
        fx_exec(db, "DELETE FROM position");
        fx_exec(db, "DELETE FROM member_flag");
        fx_exec(db, "DELETE FROM member_status");
        fx_exec(db, "DELETE FROM membership");
        fx_exec(db, "DELETE FROM member");
        fx_exec(db, "DELETE FROM org");
        make_world(&w, seed);
        /* the engine loads whole years around the period: 2017 */
        qf_snapshot s;
        QF_OK_OR_FAIL(qf__snapshot_load(&s, db, w.t.branch, fx_date("2017-01-01"),
                                        fx_date("2017-12-31"), NULL, NULL));
        qf_check_view v;
        qf__check_view_init(&v, db, &s);
        ask_lists(&w, &v, &s, &t);
        ask_members_and_holders(&w, &v, &s, &t);
        ask_bad_input(&w, &v, &t);
        assert_int_equal(v.loaded, 1);
        if (v.people_by_range)
            t.by_range++;
        else
            t.by_list++;
        qf__check_view_free(&v);
        qf__snapshot_free(&s);
    }
    /* the view did answer (a view that never answers would pass every comparison) */
    assert_true(t.must > 1000);
    assert_true(t.answered < t.asked);
    /* both ways of reading the members were compared */
    assert_true(t.by_range > 0 && t.by_list > 0);
    printf("# %d questions, %d answered by the view (%d of them about the branch in range)\n",
           t.asked, t.answered, t.must);
}

/* Activities are answered as qf_activity_get reads them, every field, also after the view has
 * replaced the ones it kept (more asked for than it keeps) and asked again; an id with no
 * activity is QF_ENOTFOUND, answered. */
static void assert_same_activity(const qf_activity *a, const qf_activity *b)
{
    assert_int_equal(a->id, b->id);
    assert_int_equal(a->org_id, b->org_id);
    assert_string_equal(a->kind, b->kind);
    assert_string_equal(a->title, b->title);
    assert_true((a->topic == NULL) == (b->topic == NULL));
    if (a->topic)
        assert_string_equal(a->topic, b->topic);
    assert_true(a->starts_at == b->starts_at);
    assert_true(a->ends_at == b->ends_at);
    assert_true((a->place == NULL) == (b->place == NULL));
    if (a->place)
        assert_string_equal(a->place, b->place);
    assert_int_equal(a->host_id, b->host_id);
    assert_int_equal(a->recorder_id, b->recorder_id);
    assert_int_equal(a->lecturer_id, b->lecturer_id);
    assert_string_equal(a->attrs, b->attrs);
}

static void view__activities_as_the_database(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    enum { N = VIEW_ACTIVITIES + 5 };
    int64_t ids[N];
    for (int i = 0; i < N; i++) {
        char title[32], when[32];
        snprintf(title, sizeof title, "学习%d", i);
        snprintf(when, sizeof when, "2017-03-%02d 09:00", i + 1);
        qf_activity a = {.org_id = t.branch, .kind = "lecture", .title = title,
                         .starts_at = fx_datetime(when), .ends_at = QF_DATETIME_NONE,
                         .place = i % 2 ? "会议室" : NULL,
                         .attrs = i % 3 ? "{\"n\":1}" : NULL};
        QF_OK_OR_FAIL(qf_activity_create(&ids[i], db, &a, NULL));
    }
    qf_snapshot s;
    QF_OK_OR_FAIL(qf__snapshot_load(&s, db, t.branch, fx_date("2017-01-01"),
                                    fx_date("2017-12-31"), NULL, NULL));
    qf_check_view v;
    qf__check_view_init(&v, db, &s);
    /* twice round: the second asks for ones the view replaced, and for some it kept */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++) {
            const qf_activity *got = NULL;
            bool answered = false;
            QF_OK_OR_FAIL(qf_check_view_activity(&got, &answered, &v, ids[i]));
            assert_true(answered);
            assert_non_null(got);
            qf_activity *want = NULL;
            QF_OK_OR_FAIL(qf_activity_get(&want, db, ids[i]));
            assert_same_activity(got, want);
            qf_activity_free(want);
            /* the same again: the row kept */
            const qf_activity *again = NULL;
            QF_OK_OR_FAIL(qf_check_view_activity(&again, &answered, &v, ids[i]));
            assert_ptr_equal(again, got);
        }
    assert_int_equal(v.n_acts, VIEW_ACTIVITIES);
    const qf_activity *none = NULL;
    bool answered = false;
    assert_int_equal(qf_check_view_activity(&none, &answered, &v, ids[N - 1] + 1000), QF_ENOTFOUND);
    assert_true(answered);
    assert_null(none);
    qf__check_view_free(&v);
    qf__snapshot_free(&s);
}

/* No view (a check run without one): nothing is answered, nothing fails. */
static void view__none_answers_nothing(void **state)
{
    (void)state;
    const qf_member *rows;
    size_t n;
    bool answered = true;
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = 1;
    QF_OK_OR_FAIL(qf_check_view_members(&rows, &n, &answered, NULL, &f));
    assert_false(answered);
    int64_t c;
    answered = true;
    QF_OK_OR_FAIL(qf_check_view_count(&c, &answered, NULL, &f));
    assert_false(answered);
    const qf_member *m;
    answered = true;
    QF_OK_OR_FAIL(qf_check_view_member(&m, &answered, NULL, 1, QF_DATE_NONE));
    assert_false(answered);
    answered = true;
    QF_OK_OR_FAIL(qf_check_view_holder(&c, &answered, NULL, 1, "secretary", QF_DATE_NONE));
    assert_false(answered);
    const qf_activity *a;
    answered = true;
    QF_OK_OR_FAIL(qf_check_view_activity(&a, &answered, NULL, 1));
    assert_false(answered);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(view__answers_as_the_database, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(view__activities_as_the_database, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test(view__none_answers_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
