/*
 * libFuzzer target for the date, date-time, period and duration parsers: every input is given
 * to all four (and to the period-kind parser). Besides "no crash, no leak, no UB" it checks what
 * each parser promises:
 *   - an error is QF_EINVALID with a message, and leaves the output untouched;
 *   - a date is strict YYYY-MM-DD within 1900..2199: formatting it gives back the input;
 *   - a date-time formats and parses back to itself, on a day within the range;
 *   - a period has start <= end, formats and parses back to itself, is the period of its kind
 *     containing its first and its last day, and its next and previous periods border it;
 *   - a duration formats and parses back to itself, within +-100000 units, and adding it to a
 *     date (calendar units) gives a date that formats without overflowing its buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc)
{
    CHECK(rc == QF_EINVALID);
    CHECK(qf_error_last_code() == QF_EINVALID);
    CHECK(qf_error_last()[0] != '\0');
}

static void fuzz_date(const char *s)
{
    qf_date d = 12345;
    int rc = qf_date_parse(&d, s);
    if (rc != QF_OK) {
        check_error(rc);
        CHECK(d == 12345);
        return;
    }
    char buf[11];
    qf_date_format(d, buf);
    CHECK(strcmp(buf, s) == 0);
    int y, m, day;
    qf_date_to_ymd(d, &y, &m, &day);
    CHECK(qf_date_valid_ymd(y, m, day));
    CHECK(qf_date_from_ymd(y, m, day) == d);
    int wd = qf_date_weekday(d);
    CHECK(wd >= 1 && wd <= 7);
}

static void fuzz_datetime(const char *s)
{
    qf_datetime t = 12345;
    int rc = qf_datetime_parse(&t, s);
    if (rc != QF_OK) {
        check_error(rc);
        CHECK(t == 12345);
        return;
    }
    char buf[17];
    qf_datetime_format(t, buf);
    qf_datetime back = 0;
    CHECK(qf_datetime_parse(&back, buf) == QF_OK);
    CHECK(back == t);
    int y, m, d;
    qf_date_to_ymd(qf_datetime_date(t), &y, &m, &d);
    CHECK(qf_date_valid_ymd(y, m, d));
}

static bool same_period(const qf_period *a, const qf_period *b)
{
    return a->kind == b->kind && a->start == b->start && a->end == b->end;
}

static void fuzz_period(const char *s)
{
    qf_period p = {QF_PERIOD_DAY, 7, 7};
    int rc = qf_period_parse(&p, s);
    if (rc != QF_OK) {
        check_error(rc);
        CHECK(p.kind == QF_PERIOD_DAY && p.start == 7 && p.end == 7);
        return;
    }
    CHECK(p.start <= p.end);
    CHECK((unsigned)p.kind <= QF_PERIOD_RANGE);
    char buf[32], label[64];
    qf_period_format(&p, buf, sizeof buf);
    qf_period back;
    CHECK(qf_period_parse(&back, buf) == QF_OK);
    CHECK(same_period(&back, &p));
    qf_period_label(&p, label, sizeof label);
    CHECK(label[0] != '\0');
    if (p.kind == QF_PERIOD_RANGE)
        return;
    qf_period first = qf_period_containing(p.kind, p.start);
    qf_period last = qf_period_containing(p.kind, p.end);
    CHECK(same_period(&first, &p) && same_period(&last, &p));
    qf_period next = qf_period_next(p), prev = qf_period_prev(p);
    CHECK(next.kind == p.kind && next.start == p.end + 1 && next.start <= next.end);
    CHECK(prev.kind == p.kind && prev.end == p.start - 1 && prev.start <= prev.end);
    qf_period_format(&next, buf, sizeof buf);
    qf_period_format(&prev, buf, sizeof buf);
}

static void fuzz_duration(const char *s)
{
    qf_duration dur = {99, QF_DUR_DAYS};
    int rc = qf_duration_parse(&dur, s);
    if (rc != QF_OK) {
        check_error(rc);
        CHECK(dur.amount == 99 && dur.unit == QF_DUR_DAYS);
        return;
    }
    CHECK(dur.amount >= -100000 && dur.amount <= 100000);
    char buf[16];
    qf_duration_format(dur, buf, sizeof buf);
    qf_duration back;
    CHECK(qf_duration_parse(&back, buf) == QF_OK);
    CHECK(back.amount == dur.amount && back.unit == dur.unit);
    qf_date out = 0, start = qf_date_from_ymd(2017, 1, 31);
    rc = qf_date_add_duration(&out, start, dur);
    if (dur.unit == QF_DUR_WORKDAYS) {
        check_error(rc);
        return;
    }
    CHECK(rc == QF_OK);
    char day[11];
    qf_date_format(out, day);
    CHECK(strlen(day) == 10);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    if (!init) {
        qf_i18n_init(NULL);
        init = true;
    }
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0'; /* an embedded NUL ends the string, as it would for any C caller */
    fuzz_date(s);
    fuzz_datetime(s);
    fuzz_period(s);
    fuzz_duration(s);
    qf_period_kind k;
    if (qf_period_kind_parse(&k, s) == QF_OK)
        CHECK(strcmp(qf_period_kind_name(k), s) == 0);
    free(s);
    return 0;
}
