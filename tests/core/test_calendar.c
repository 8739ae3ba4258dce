/* The workday calendar: weekends, holidays and make-up days; importing the text format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

#define CN2017 QUFA_TEST_DIR "/../../scripts/calendars/cn-2017.txt"

static qf_date add_wd(qf_db *db, const char *from, int n)
{
    qf_date out = QF_DATE_NONE;
    QF_OK_OR_FAIL(qf_calendar_add_workdays(&out, db, fx_date(from), n));
    return out;
}

static void import_2017(qf_db *db)
{
    qf_calendar_report r;
    QF_OK_OR_FAIL(qf_calendar_import_file(&r, db, CN2017));
    assert_int_equal(r.first_year, 2017);
    assert_int_equal(r.last_year, 2017);
    assert_int_equal(r.days_off, 26); /* 2 + 7 + 3 + 3 + 3 + 8 */
    assert_int_equal(r.days_work, 5);
}

static void calendar__weekends_only_without_a_calendar(void **state)
{
    qf_db *db = *state;
    bool w;
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-01-28"))); /* Saturday */
    assert_false(w);
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-01-30"))); /* Monday */
    assert_true(w);
    /* Thursday 01-26 + 5: Fri 27, Mon 30, Tue 31, Wed 01, Thu 02 */
    assert_int_equal(add_wd(db, "2017-01-26", 5), fx_date("2017-02-02"));
    assert_int_equal(add_wd(db, "2017-01-26", 0), fx_date("2017-01-26"));
    bool has;
    QF_OK_OR_FAIL(qf_calendar_has_year(&has, db, 2017));
    assert_false(has);
}

/* Counted by hand on the 2017 calendar: the Spring Festival is off 01-27..02-02 and the
 * weekend days 01-22 (Sunday) and 02-04 (Saturday) are worked. */
static void calendar__spring_festival_2017_by_hand(void **state)
{
    qf_db *db = *state;
    import_2017(db);
    /* Thu 01-26 + 5: 01-27..02-02 off, Fri 02-03 (1), Sat 02-04 worked (2), Sun 02-05 off,
     * Mon 02-06 (3), Tue 02-07 (4), Wed 02-08 (5) */
    assert_int_equal(add_wd(db, "2017-01-26", 5), fx_date("2017-02-08"));
    /* Fri 01-20 + 1: Sat 01-21 off, Sun 01-22 worked */
    assert_int_equal(add_wd(db, "2017-01-20", 1), fx_date("2017-01-22"));
    /* backwards over the holiday: Fri 02-03 - 1 = Thu 01-26 */
    assert_int_equal(add_wd(db, "2017-02-03", -1), fx_date("2017-01-26"));
    /* National Day: Fri 09-29 + 1 = Sat 09-30 (worked), + 2 = Mon 10-09 */
    assert_int_equal(add_wd(db, "2017-09-29", 1), fx_date("2017-09-30"));
    assert_int_equal(add_wd(db, "2017-09-29", 2), fx_date("2017-10-09"));
    bool w;
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-02-01"))); /* a Wednesday off */
    assert_false(w);
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-02-04"))); /* a Saturday worked */
    assert_true(w);
    int n;
    QF_OK_OR_FAIL(qf_calendar_count_workdays(&n, db, fx_date("2017-01-01"), fx_date("2017-01-31")));
    assert_int_equal(n, 19);
    QF_OK_OR_FAIL(qf_calendar_count_workdays(&n, db, fx_date("2017-02-01"), fx_date("2017-02-28")));
    assert_int_equal(n, 19);
    QF_OK_OR_FAIL(qf_calendar_count_workdays(&n, db, fx_date("2017-01-01"), fx_date("2017-12-31")));
    assert_int_equal(n, 249); /* the published number of working days in 2017 */
    /* "5wd" as a duration goes through the calendar; calendar units do not */
    qf_duration d;
    qf_date out;
    QF_OK_OR_FAIL(qf_duration_parse(&d, "5wd"));
    QF_OK_OR_FAIL(qf_calendar_add(&out, db, fx_date("2017-01-26"), d));
    assert_int_equal(out, fx_date("2017-02-08"));
    QF_OK_OR_FAIL(qf_duration_parse(&d, "1m"));
    QF_OK_OR_FAIL(qf_calendar_add(&out, db, fx_date("2017-01-31"), d));
    assert_int_equal(out, fx_date("2017-02-28"));
}

static void calendar__list_entries(void **state)
{
    qf_db *db = *state;
    import_2017(db);
    qf_calendar_iter *it = NULL;
    QF_OK_OR_FAIL(qf_calendar_list(&it, db, fx_date("2017-01-20"), fx_date("2017-01-28")));
    const qf_calendar_day *row;
    QF_OK_OR_FAIL(qf_calendar_next(&row, it));
    assert_int_equal(row->day, fx_date("2017-01-22"));
    assert_int_equal(row->kind, QF_DAY_WORK);
    assert_string_equal(row->name, "春节调休");
    QF_OK_OR_FAIL(qf_calendar_next(&row, it));
    assert_int_equal(row->day, fx_date("2017-01-27"));
    assert_int_equal(row->kind, QF_DAY_OFF);
    QF_OK_OR_FAIL(qf_calendar_next(&row, it));
    assert_int_equal(row->day, fx_date("2017-01-28"));
    assert_int_equal(qf_calendar_next(&row, it), QF_ITEROVER);
    qf_calendar_iter_free(it);
}

static void calendar__reimport_replaces_the_year(void **state)
{
    qf_db *db = *state;
    import_2017(db);
    qf_calendar_report r;
    QF_OK_OR_FAIL(qf_calendar_import(&r, db, "2018-01-01 off 元旦\n", "cn-2018.txt"));
    /* a corrected 2017 without the Dragon Boat days: they are gone, 2018 stays */
    QF_OK_OR_FAIL(
        qf_calendar_import(&r, db,
                           "\xEF\xBB\xBF# corrected\r\n2017-01-01..2017-01-02 off 元旦\r\n"
                           "2017-05-27 班 端午节调休  # Chinese kind words too\n"
                           "2017-05-28 休\n",
                           "cn-2017.txt"));
    assert_int_equal(r.replaced, 31);
    assert_int_equal(r.days_off, 3);
    assert_int_equal(r.days_work, 1);
    assert_int_equal(r.lines, 4);
    bool w;
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-05-29")));
    assert_true(w); /* no longer listed: an ordinary Monday */
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2017-05-28")));
    assert_false(w);
    QF_OK_OR_FAIL(qf_calendar_is_workday(&w, db, fx_date("2018-01-01")));
    assert_false(w);
    qf_calendar_iter *it = NULL;
    QF_OK_OR_FAIL(qf_calendar_list(&it, db, fx_date("2017-05-27"), fx_date("2017-05-27")));
    const qf_calendar_day *row;
    QF_OK_OR_FAIL(qf_calendar_next(&row, it));
    assert_string_equal(row->name, "端午节调休");
    qf_calendar_iter_free(it);
}

static void calendar__bad_lines_name_file_and_line(void **state)
{
    qf_db *db = *state;
    import_2017(db);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:2: '2017-02-30' is not a valid date",
                  qf_calendar_import(NULL, db, "2017-02-01 off\n2017-02-30 off\n", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:1: 'holiday' is not a kind of day (off or work)",
                  qf_calendar_import(NULL, db, "2017-02-01 holiday 春节", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:3: 2017-01-23 is a Monday, a working day anyway",
                  qf_calendar_import(NULL, db, "# x\n\n2017-01-23 work", "cal.txt"));
    QF_FAILS_WITH(
        QF_EINVALID, "cal.txt:2: 2017-01-28 is already listed on line 1",
        qf_calendar_import(NULL, db, "2017-01-27..2017-02-02 off\n2017-01-28 work", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:1: the range 2017-02-02..2017-01-27 ends before it starts",
                  qf_calendar_import(NULL, db, "2017-02-02..2017-01-27 off", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:1: '2017-02-02' needs a kind after the date",
                  qf_calendar_import(NULL, db, "2017-02-02", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt:1: the range 2017-01-01..2018-12-31 is longer than a year",
                  qf_calendar_import(NULL, db, "2017-01-01..2018-12-31 off", "cal.txt"));
    QF_FAILS_WITH(QF_EINVALID, "cal.txt: invalid UTF-8 at byte 16",
                  qf_calendar_import(NULL, db, "2017-02-01 off \xff", "cal.txt"));
    QF_FAILS_WITH(QF_ENOTFOUND, "cannot read /nonexistent/cal.txt",
                  qf_calendar_import_file(NULL, db, "/nonexistent/cal.txt"));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(calendar__weekends_only_without_a_calendar, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(calendar__spring_festival_2017_by_hand, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(calendar__list_entries, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(calendar__reimport_replaces_the_year, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(calendar__bad_lines_name_file_and_line, fx_setup_memory,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
