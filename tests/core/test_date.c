/* Dates, date-times, periods and durations at their edges. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

static void date__parse_and_format_round_trip(void **state)
{
    qf_date d;
    char buf[11];
    QF_OK_OR_FAIL(qf_date_parse(&d, "2017-09-05"));
    qf_date_format(d, buf);
    assert_string_equal(buf, "2017-09-05");
    QF_OK_OR_FAIL(qf_date_parse(&d, "1970-01-01"));
    assert_int_equal(d, 0);
    QF_OK_OR_FAIL(qf_date_parse(&d, "2016-02-29"));
    qf_date_format(d, buf);
    assert_string_equal(buf, "2016-02-29");
}

static void date__rejects_impossible_and_malformed(void **state)
{
    qf_date d;
    QF_FAILS_WITH(QF_EINVALID, "2017-02-30", qf_date_parse(&d, "2017-02-30"));
    QF_FAILS_WITH(QF_EINVALID, "no day 29", qf_date_parse(&d, "2017-02-29"));
    QF_FAILS_WITH(QF_EINVALID, "no day 31", qf_date_parse(&d, "2017-04-31"));
    QF_FAILS_WITH(QF_EINVALID, "2017-13-01", qf_date_parse(&d, "2017-13-01"));
    QF_FAILS_WITH(QF_EINVALID, "YYYY-MM-DD", qf_date_parse(&d, "2017-9-5"));
    QF_FAILS_WITH(QF_EINVALID, "YYYY-MM-DD", qf_date_parse(&d, "2017/09/05"));
    QF_FAILS_WITH(QF_EINVALID, "YYYY-MM-DD", qf_date_parse(&d, ""));
    QF_FAILS_WITH(QF_EINVALID, "out of range", qf_date_parse(&d, "9999-01-01"));
    QF_FAILS_WITH(QF_EINVALID, "out of range", qf_date_parse(&d, "0017-01-01"));
    QF_FAILS_WITH(QF_EINVALID, "YYYY-MM-DD", qf_date_parse(&d, "2017-09-05x"));
    QF_FAILS_WITH(QF_EINVALID, "YYYY-MM-DD", qf_date_parse(&d, "２０１７-09-05"));
}

static void date__weekday_and_month_arithmetic(void **state)
{
    assert_int_equal(qf_date_weekday(fx_date("2017-09-05")), 2); /* Tuesday */
    assert_int_equal(qf_date_weekday(fx_date("2017-01-22")), 7); /* Sunday */
    assert_int_equal(qf_date_weekday(fx_date("1969-12-31")), 3); /* before the epoch */
    char buf[11];
    qf_date_format(qf_date_add_months(fx_date("2016-02-29"), 12), buf);
    assert_string_equal(buf, "2017-02-28");
    qf_date_format(qf_date_add_months(fx_date("2017-01-31"), 1), buf);
    assert_string_equal(buf, "2017-02-28");
    qf_date_format(qf_date_add_months(fx_date("2017-03-31"), -1), buf);
    assert_string_equal(buf, "2017-02-28");
    qf_date_format(qf_date_add_months(fx_date("2017-12-15"), 1), buf);
    assert_string_equal(buf, "2018-01-15");
    qf_date_format(qf_date_add_months(fx_date("2017-01-15"), -1), buf);
    assert_string_equal(buf, "2016-12-15");
}

static void datetime__parse_forms(void **state)
{
    qf_datetime t;
    char buf[17];
    QF_OK_OR_FAIL(qf_datetime_parse(&t, "2017-05-10 14:30"));
    qf_datetime_format(t, buf);
    assert_string_equal(buf, "2017-05-10 14:30");
    QF_OK_OR_FAIL(qf_datetime_parse(&t, "2017-05-10T09:05:00"));
    qf_datetime_format(t, buf);
    assert_string_equal(buf, "2017-05-10 09:05");
    QF_OK_OR_FAIL(qf_datetime_parse(&t, "2017-05-10"));
    qf_datetime_format(t, buf);
    assert_string_equal(buf, "2017-05-10 00:00");
    assert_int_equal(qf_datetime_date(t), fx_date("2017-05-10"));
    QF_FAILS_WITH(QF_EINVALID, "time of day", qf_datetime_parse(&t, "2017-05-10 24:00"));
    QF_FAILS_WITH(QF_EINVALID, "HH:MM", qf_datetime_parse(&t, "2017-05-10 9:00"));
    QF_FAILS_WITH(QF_EINVALID, "2017-02-30", qf_datetime_parse(&t, "2017-02-30 10:00"));
}

static void expect_period(const char *in, const char *code, const char *start, const char *end)
{
    qf_period p;
    char buf[40];
    QF_OK_OR_FAIL(qf_period_parse(&p, in));
    qf_period_format(&p, buf, sizeof buf);
    assert_string_equal(buf, code);
    assert_int_equal(p.start, fx_date(start));
    assert_int_equal(p.end, fx_date(end));
}

static void period__forms(void **state)
{
    expect_period("2017", "2017", "2017-01-01", "2017-12-31");
    expect_period("2017-H2", "2017-H2", "2017-07-01", "2017-12-31");
    expect_period("2017-Q1", "2017-Q1", "2017-01-01", "2017-03-31");
    expect_period("2016-02", "2016-02", "2016-02-01", "2016-02-29");
    expect_period("2017-02-H2", "2017-02-H2", "2017-02-16", "2017-02-28");
    expect_period("2016-02-H2", "2016-02-H2", "2016-02-16", "2016-02-29");
    expect_period("2017-06-H1", "2017-06-H1", "2017-06-01", "2017-06-15");
    expect_period("2017-05-10", "2017-05-10", "2017-05-10", "2017-05-10");
    expect_period("2017-03..2017-08", "2017-03-01..2017-08-31", "2017-03-01", "2017-08-31");
    expect_period("2017-01-01..2017-09-05", "2017-01-01..2017-09-05", "2017-01-01", "2017-09-05");
}

static void period__rejects_bad_forms(void **state)
{
    qf_period p;
    QF_FAILS_WITH(QF_EINVALID, "quarter 5", qf_period_parse(&p, "2017-Q5"));
    QF_FAILS_WITH(QF_EINVALID, "month 13", qf_period_parse(&p, "2017-13"));
    QF_FAILS_WITH(QF_EINVALID, "half-month 3", qf_period_parse(&p, "2017-06-H3"));
    QF_FAILS_WITH(QF_EINVALID, "2017-02-30", qf_period_parse(&p, "2017-02-30"));
    QF_FAILS_WITH(QF_EINVALID, "out of range", qf_period_parse(&p, "3017"));
    QF_FAILS_WITH(QF_EINVALID, "ends before", qf_period_parse(&p, "2017-08..2017-03"));
    QF_FAILS_WITH(QF_EINVALID, "not a period", qf_period_parse(&p, "last year"));
    QF_FAILS_WITH(QF_EINVALID, "not a period", qf_period_parse(&p, ""));
    QF_FAILS_WITH(QF_EINVALID, "not a period", qf_period_parse(&p, "2017..")); 
}

static void period__containing_next_prev(void **state)
{
    qf_period p = qf_period_containing(QF_PERIOD_HALF_MONTH, fx_date("2017-06-15"));
    assert_int_equal(p.start, fx_date("2017-06-01"));
    assert_int_equal(p.end, fx_date("2017-06-15"));
    p = qf_period_next(p);
    assert_int_equal(p.start, fx_date("2017-06-16"));
    assert_int_equal(p.end, fx_date("2017-06-30"));
    p = qf_period_next(p);
    assert_int_equal(p.start, fx_date("2017-07-01"));
    p = qf_period_prev(qf_period_containing(QF_PERIOD_QUARTER, fx_date("2017-01-10")));
    assert_int_equal(p.start, fx_date("2016-10-01"));
    assert_int_equal(p.end, fx_date("2016-12-31"));
    p = qf_period_containing(QF_PERIOD_HALF_YEAR, fx_date("2017-06-30"));
    assert_int_equal(p.end, fx_date("2017-06-30"));
    qf_period_kind k;
    QF_OK_OR_FAIL(qf_period_kind_parse(&k, "half_month"));
    assert_int_equal(k, QF_PERIOD_HALF_MONTH);
    QF_FAILS_WITH(QF_EINVALID, "fortnight", qf_period_kind_parse(&k, "fortnight"));
}

static void duration__forms(void **state)
{
    qf_duration d;
    char buf[16];
    QF_OK_OR_FAIL(qf_duration_parse(&d, "-7d"));
    assert_int_equal(d.amount, -7);
    assert_int_equal(d.unit, QF_DUR_DAYS);
    QF_OK_OR_FAIL(qf_duration_parse(&d, "5wd"));
    assert_int_equal(d.unit, QF_DUR_WORKDAYS);
    qf_duration_format(d, buf, sizeof buf);
    assert_string_equal(buf, "5wd");
    QF_OK_OR_FAIL(qf_duration_parse(&d, "1y"));
    qf_date out;
    QF_OK_OR_FAIL(qf_date_add_duration(&out, fx_date("2016-02-29"), d));
    assert_int_equal(out, fx_date("2017-02-28"));
    QF_OK_OR_FAIL(qf_duration_parse(&d, "2w"));
    QF_OK_OR_FAIL(qf_date_add_duration(&out, fx_date("2017-12-25"), d));
    assert_int_equal(out, fx_date("2018-01-08"));
    QF_FAILS_WITH(QF_EINVALID, "not a duration", qf_duration_parse(&d, "7"));
    QF_FAILS_WITH(QF_EINVALID, "not a duration", qf_duration_parse(&d, "d"));
    QF_FAILS_WITH(QF_EINVALID, "not a duration", qf_duration_parse(&d, "3 days"));
    QF_FAILS_WITH(QF_EINVALID, "too long", qf_duration_parse(&d, "99999999d"));
}

/* Formatted dates are kept by day (date.c): days that share a slot, asked in turn and again,
 * each get their own text, the same as written from the calendar date. */
static void date__format_from_the_kept_texts(void **state)
{
    (void)state;
    const qf_date first = qf_date_from_ymd(1899, 12, 25);
    int checked = 0;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 4000; i++) {
            /* 128 apart (one slot), then back: every slot is taken over and asked again */
            qf_date d = first + (i % 2 ? (i / 2) * 128 % 3989 : i) + round * 7;
            int y, m, dd;
            qf_date_to_ymd(d, &y, &m, &dd);
            char want[16], got[11];
            snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, dd);
            qf_date_format(d, got);
            assert_string_equal(got, want);
            checked++;
        }
    char none[11] = "x";
    qf_date_format(QF_DATE_NONE, none);
    assert_string_equal(none, "");
    qf_date_format(qf_date_from_ymd(1970, 1, 1), none); /* day 0: an empty slot is not a hit */
    assert_string_equal(none, "1970-01-01");
    assert_int_equal(checked, 12000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date__parse_and_format_round_trip),
        cmocka_unit_test(date__format_from_the_kept_texts),
        cmocka_unit_test(date__rejects_impossible_and_malformed),
        cmocka_unit_test(date__weekday_and_month_arithmetic),
        cmocka_unit_test(datetime__parse_forms),
        cmocka_unit_test(period__forms),
        cmocka_unit_test(period__rejects_bad_forms),
        cmocka_unit_test(period__containing_next_prev),
        cmocka_unit_test(duration__forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
