/* Dates and date-times: day numbers, strict parsing, calendar arithmetic. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "internal.h"

/* Days from 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm). */
qf_date qf_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (qf_date)(era * 146097 + (int)doe - 719468);
}

void qf_date_to_ymd(qf_date z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int yy = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    if (y)
        *y = yy + (mm <= 2);
    if (m)
        *m = (int)mm;
    if (d)
        *d = (int)dd;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int qf_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool qf_date_valid_ymd(int y, int m, int d)
{
    return y >= QF_DATE_MIN_YEAR && y <= QF_DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= qf_days_in_month(y, m);
}

int qf_date_weekday(qf_date d)
{
    /* 1970-01-01 was a Thursday (4) */
    int w = (int)((d % 7 + 7) % 7); /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

/* Reads exactly `n` ASCII digits. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses "YYYY-MM-DD" at s, without looking past it. */
static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
    return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) && s[7] == '-' &&
           digits(s + 8, 2, d);
}

int qf_date_parse(qf_date *out, const char *s)
{
    int y, m, d;
    if (!s)
        return qf__err(QF_EINVALID, "%s", _("date: missing"));
    if (strlen(s) != 10 || !parse_ymd(s, &y, &m, &d))
        return qf__err(QF_EINVALID, _("'%.40s' is not a date (expected YYYY-MM-DD)"), s);
    if (y < QF_DATE_MIN_YEAR || y > QF_DATE_MAX_YEAR)
        return qf__err(QF_EINVALID, _("'%s': year %d is out of range (%d-%d)"), s, y,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    if (!qf_date_valid_ymd(y, m, d))
        return qf__err(QF_EINVALID, _("'%s' is not a valid date: %04d-%02d has no day %d"), s, y,
                       m, d);
    *out = qf_date_from_ymd(y, m, d);
    return QF_OK;
}

static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Dates formatted recently, by day: a check writes the same few hundred days (periods' ends,
 * activities' days) into 120,000 texts for 100 branches, and working out the calendar date and
 * its digits each time was 1.5% of it. Per thread; a slot is empty while its text is. */
#define DATE_SLOTS 128
static _Thread_local struct {
    qf_date d;
    char text[11];
} date_memo[DATE_SLOTS];

void qf_date_format(qf_date d, char buf[11])
{
    if (d == QF_DATE_NONE) {
        buf[0] = '\0';
        return;
    }
    unsigned slot = (unsigned)d % DATE_SLOTS;
    if (date_memo[slot].text[0] && date_memo[slot].d == d) {
        memcpy(buf, date_memo[slot].text, 11);
        return;
    }
    int y, m, dd;
    qf_date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999)
        y = 0;
    put_digits(buf, y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, dd, 2);
    buf[10] = '\0';
    date_memo[slot].d = d;
    memcpy(date_memo[slot].text, buf, 11);
}

qf_date qf_date_add_months(qf_date d, int months)
{
    int y, m, dd;
    qf_date_to_ymd(d, &y, &m, &dd);
    int total = y * 12 + (m - 1) + months;
    int ny = total >= 0 ? total / 12 : (total - 11) / 12;
    int nm = total - ny * 12 + 1;
    int dim = qf_days_in_month(ny, nm);
    return qf_date_from_ymd(ny, nm, dd > dim ? dim : dd);
}

qf_date qf_date_today_system(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return qf_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

qf_date (*qf__date_clock)(void);

qf_date qf__date_today_clock(void)
{
    return qf__date_clock ? qf__date_clock() : qf_date_today_system();
}

qf_datetime qf_datetime_from_date(qf_date d, int hour, int minute)
{
    return (qf_datetime)d * 1440 + hour * 60 + minute;
}

qf_date qf_datetime_date(qf_datetime t)
{
    qf_datetime q = t / 1440;
    if (t % 1440 < 0)
        q -= 1;
    return (qf_date)q;
}

int qf_datetime_parse(qf_datetime *out, const char *s)
{
    if (!s)
        return qf__err(QF_EINVALID, "%s", _("date-time: missing"));
    size_t len = strlen(s);
    int hh = 0, mi = 0, ss = 0;
    qf_date d;
    char day[11];
    if (len < 10)
        goto bad;
    memcpy(day, s, 10);
    day[10] = '\0';
    if (len == 10) {
        if (qf_date_parse(&d, day) != QF_OK)
            return qf_error_last_code();
        *out = qf_datetime_from_date(d, 0, 0);
        return QF_OK;
    }
    if ((s[10] != ' ' && s[10] != 'T') || (len != 16 && len != 19))
        goto bad;
    if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mi))
        goto bad;
    if (len == 19 && (s[16] != ':' || !digits(s + 17, 2, &ss)))
        goto bad;
    if (qf_date_parse(&d, day) != QF_OK)
        return qf_error_last_code();
    if (hh > 23 || mi > 59 || ss > 59)
        return qf__err(QF_EINVALID, _("'%s' is not a valid time of day"), s);
    *out = qf_datetime_from_date(d, hh, mi);
    return QF_OK;
bad:
    return qf__err(QF_EINVALID, _("'%.40s' is not a date-time (expected YYYY-MM-DD HH:MM)"), s);
}

void qf_datetime_format(qf_datetime t, char buf[17])
{
    if (t == QF_DATETIME_NONE) {
        buf[0] = '\0';
        return;
    }
    qf_date d = qf_datetime_date(t);
    int mins = (int)(t - (qf_datetime)d * 1440);
    qf_date_format(d, buf);
    buf[10] = ' ';
    put_digits(buf + 11, mins / 60 % 24, 2);
    buf[13] = ':';
    put_digits(buf + 14, mins % 60, 2);
    buf[16] = '\0';
}
