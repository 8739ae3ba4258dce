/* Calendar periods (half month … year, ranges) and durations ("14d", "5wd"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static const char *kind_names[] = {"day", "half_month", "month", "quarter", "half_year", "year",
                                   "range"};

const char *qf_period_kind_name(qf_period_kind k)
{
    return (unsigned)k <= QF_PERIOD_RANGE ? kind_names[k] : "?";
}

int qf_period_kind_parse(qf_period_kind *out, const char *name)
{
    for (int k = 0; k < QF_PERIOD_RANGE; k++)
        if (name && strcmp(name, kind_names[k]) == 0) {
            *out = (qf_period_kind)k;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("period kind '%.40s' is unknown (use half_month, month, quarter, half_year, "
                     "year or day)"),
                   name ? name : "");
}

qf_period qf_period_containing(qf_period_kind k, qf_date d)
{
    int y, m, dd;
    qf_date_to_ymd(d, &y, &m, &dd);
    qf_period p = {k, d, d};
    switch (k) {
    case QF_PERIOD_DAY:
    case QF_PERIOD_RANGE:
        break;
    case QF_PERIOD_HALF_MONTH:
        p.start = qf_date_from_ymd(y, m, dd <= 15 ? 1 : 16);
        p.end = qf_date_from_ymd(y, m, dd <= 15 ? 15 : qf_days_in_month(y, m));
        break;
    case QF_PERIOD_MONTH:
        p.start = qf_date_from_ymd(y, m, 1);
        p.end = qf_date_from_ymd(y, m, qf_days_in_month(y, m));
        break;
    case QF_PERIOD_QUARTER: {
        int m0 = (m - 1) / 3 * 3 + 1;
        p.start = qf_date_from_ymd(y, m0, 1);
        p.end = qf_date_from_ymd(y, m0 + 2, qf_days_in_month(y, m0 + 2));
        break;
    }
    case QF_PERIOD_HALF_YEAR:
        p.start = qf_date_from_ymd(y, m <= 6 ? 1 : 7, 1);
        p.end = qf_date_from_ymd(y, m <= 6 ? 6 : 12, m <= 6 ? 30 : 31);
        break;
    case QF_PERIOD_YEAR:
        p.start = qf_date_from_ymd(y, 1, 1);
        p.end = qf_date_from_ymd(y, 12, 31);
        break;
    }
    return p;
}

qf_period qf_period_next(qf_period p)
{
    if (p.kind == QF_PERIOD_RANGE) {
        qf_date len = p.end - p.start + 1;
        p.start += len;
        p.end += len;
        return p;
    }
    return qf_period_containing(p.kind, p.end + 1);
}

qf_period qf_period_prev(qf_period p)
{
    if (p.kind == QF_PERIOD_RANGE) {
        qf_date len = p.end - p.start + 1;
        p.start -= len;
        p.end -= len;
        return p;
    }
    return qf_period_containing(p.kind, p.start - 1);
}

/* Copies n bytes of s into buf as snprintf would (cut to size - 1, terminated). */
static void put_text(char *buf, size_t size, const char *s, size_t n)
{
    if (!size)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* Written by hand rather than through qf__fmt: a check formats a period code for every
 * finding and its key (2% of a check's instructions went to formatting these). */
void qf_period_format(const qf_period *p, char *buf, size_t size)
{
    int y, m, d;
    qf_date_to_ymd(p->start, &y, &m, &d);
    char a[11], b[11], t[24];
    size_t n = 0;
    if ((unsigned)p->kind > QF_PERIOD_RANGE)
        return; /* not a kind: nothing written, as before */
    if (p->kind == QF_PERIOD_DAY) {
        qf_date_format(p->start, a);
        put_text(buf, size, a, strlen(a));
        return;
    }
    if (p->kind == QF_PERIOD_RANGE) {
        qf_date_format(p->start, a);
        qf_date_format(p->end, b);
        size_t na = strlen(a), nb = strlen(b);
        memcpy(t, a, na);
        memcpy(t + na, "..", 2);
        memcpy(t + na + 2, b, nb);
        put_text(buf, size, t, na + 2 + nb);
        return;
    }
    if (y < 0 || y > 9999) { /* not a date the engine makes; the general path */
        switch (p->kind) {
        case QF_PERIOD_HALF_MONTH:
            qf__fmt(buf, size, "%04d-%02d-H%d", y, m, d <= 15 ? 1 : 2);
            break;
        case QF_PERIOD_MONTH: qf__fmt(buf, size, "%04d-%02d", y, m); break;
        case QF_PERIOD_QUARTER: qf__fmt(buf, size, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
        case QF_PERIOD_HALF_YEAR: qf__fmt(buf, size, "%04d-H%d", y, m <= 6 ? 1 : 2); break;
        default: qf__fmt(buf, size, "%04d", y); break;
        }
        return;
    }
    t[n++] = (char)('0' + y / 1000);
    t[n++] = (char)('0' + y / 100 % 10);
    t[n++] = (char)('0' + y / 10 % 10);
    t[n++] = (char)('0' + y % 10);
    switch (p->kind) {
    case QF_PERIOD_HALF_MONTH:
    case QF_PERIOD_MONTH:
        t[n++] = '-';
        t[n++] = (char)('0' + m / 10);
        t[n++] = (char)('0' + m % 10);
        if (p->kind == QF_PERIOD_HALF_MONTH) {
            t[n++] = '-';
            t[n++] = 'H';
            t[n++] = d <= 15 ? '1' : '2';
        }
        break;
    case QF_PERIOD_QUARTER:
        t[n++] = '-';
        t[n++] = 'Q';
        t[n++] = (char)('0' + (m - 1) / 3 + 1);
        break;
    case QF_PERIOD_HALF_YEAR:
        t[n++] = '-';
        t[n++] = 'H';
        t[n++] = m <= 6 ? '1' : '2';
        break;
    default: break; /* QF_PERIOD_YEAR */
    }
    put_text(buf, size, t, n);
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* One period without "..": returns QF_OK and fills p, or QF_EINVALID naming `whole`. */
static int parse_single(qf_period *p, const char *s, size_t n, const char *whole)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        goto bad;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n < 4 || !all_digits(buf, 4))
        goto bad;
    int y = atoi(buf); /* first four digits; atoi stops at '-' */
    if (y < QF_DATE_MIN_YEAR || y > QF_DATE_MAX_YEAR)
        return qf__err(QF_EINVALID, _("period '%.40s': year %d is out of range (%d-%d)"), whole, y,
                       QF_DATE_MIN_YEAR, QF_DATE_MAX_YEAR);
    if (n == 4) {
        *p = qf_period_containing(QF_PERIOD_YEAR, qf_date_from_ymd(y, 1, 1));
        return QF_OK;
    }
    if (buf[4] != '-')
        goto bad;
    if (n == 7 && (buf[5] == 'Q' || buf[5] == 'q')) {
        int q = buf[6] - '0';
        if (q < 1 || q > 4)
            return qf__err(QF_EINVALID, _("period '%.40s': there is no quarter %c (use Q1-Q4)"),
                           whole, buf[6]);
        *p = qf_period_containing(QF_PERIOD_QUARTER, qf_date_from_ymd(y, (q - 1) * 3 + 1, 1));
        return QF_OK;
    }
    if (n == 7 && (buf[5] == 'H' || buf[5] == 'h')) {
        int h = buf[6] - '0';
        if (h < 1 || h > 2)
            return qf__err(QF_EINVALID, _("period '%.40s': there is no half-year %c (use H1 or H2)"),
                           whole, buf[6]);
        *p = qf_period_containing(QF_PERIOD_HALF_YEAR, qf_date_from_ymd(y, h == 1 ? 1 : 7, 1));
        return QF_OK;
    }
    if (n >= 7 && all_digits(buf + 5, 2)) {
        int m = atoi(buf + 5);
        if (m < 1 || m > 12)
            return qf__err(QF_EINVALID, _("period '%.40s': there is no month %d"), whole, m);
        if (n == 7) {
            *p = qf_period_containing(QF_PERIOD_MONTH, qf_date_from_ymd(y, m, 1));
            return QF_OK;
        }
        if (n == 10 && buf[7] == '-' && (buf[8] == 'H' || buf[8] == 'h')) {
            int h = buf[9] - '0';
            if (h < 1 || h > 2)
                return qf__err(QF_EINVALID,
                               _("period '%.40s': there is no half-month %c (use H1 or H2)"),
                               whole, buf[9]);
            *p = qf_period_containing(QF_PERIOD_HALF_MONTH, qf_date_from_ymd(y, m, h == 1 ? 1 : 16));
            return QF_OK;
        }
        if (n == 10) {
            qf_date d;
            if (qf_date_parse(&d, buf) != QF_OK)
                return qf__err(QF_EINVALID, _("period '%.40s': %s"), whole, qf_error_last());
            *p = qf_period_containing(QF_PERIOD_DAY, d);
            return QF_OK;
        }
    }
bad:
    return qf__err(QF_EINVALID,
                   _("'%.40s' is not a period (use 2017, 2017-H1, 2017-Q3, 2017-05, 2017-05-H2, "
                     "2017-05-10 or FROM..TO)"),
                   whole);
}

int qf_period_parse(qf_period *out, const char *s)
{
    if (!s)
        return qf__err(QF_EINVALID, "%s", _("period: missing"));
    const char *dots = strstr(s, "..");
    if (!dots)
        return parse_single(out, s, strlen(s), s);
    qf_period a, b;
    int rc = parse_single(&a, s, (size_t)(dots - s), s);
    if (rc == QF_OK)
        rc = parse_single(&b, dots + 2, strlen(dots + 2), s);
    if (rc != QF_OK)
        return rc;
    if (b.end < a.start)
        return qf__err(QF_EINVALID, _("period '%.60s' ends before it starts"), s);
    out->kind = QF_PERIOD_RANGE;
    out->start = a.start;
    out->end = b.end;
    return QF_OK;
}

int qf_duration_parse(qf_duration *out, const char *s)
{
    if (!s || !*s)
        return qf__err(QF_EINVALID, "%s", _("duration: missing"));
    const char *p = s;
    int sign = 1;
    if (*p == '-' || *p == '+') {
        sign = *p == '-' ? -1 : 1;
        p++;
    }
    long v = 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        if (v > 100000)
            return qf__err(QF_EINVALID, _("duration '%.40s' is too long"), s);
        p++;
    }
    if (p == digits)
        goto bad;
    qf_duration_unit u;
    if (strcmp(p, "d") == 0)
        u = QF_DUR_DAYS;
    else if (strcmp(p, "w") == 0)
        u = QF_DUR_WEEKS;
    else if (strcmp(p, "m") == 0)
        u = QF_DUR_MONTHS;
    else if (strcmp(p, "y") == 0)
        u = QF_DUR_YEARS;
    else if (strcmp(p, "wd") == 0)
        u = QF_DUR_WORKDAYS;
    else
        goto bad;
    out->amount = (int)v * sign;
    out->unit = u;
    return QF_OK;
bad:
    return qf__err(QF_EINVALID,
                   _("'%.40s' is not a duration (use e.g. 14d, -3d, 2w, 1m, 1y, or 5wd for "
                     "working days)"),
                   s);
}

void qf_duration_format(qf_duration dur, char *buf, size_t size)
{
    const char *u = dur.unit == QF_DUR_WORKDAYS ? "wd" : (const char[]){(char)dur.unit, 0};
    qf__fmt(buf, size, "%d%s", dur.amount, u);
}

int qf_date_add_duration(qf_date *out, qf_date d, qf_duration dur)
{
    switch (dur.unit) {
    case QF_DUR_DAYS:
        *out = d + dur.amount;
        return QF_OK;
    case QF_DUR_WEEKS:
        *out = d + 7 * dur.amount;
        return QF_OK;
    case QF_DUR_MONTHS:
        *out = qf_date_add_months(d, dur.amount);
        return QF_OK;
    case QF_DUR_YEARS:
        *out = qf_date_add_months(d, 12 * dur.amount);
        return QF_OK;
    case QF_DUR_WORKDAYS:
        break;
    }
    return qf__err(QF_EINVALID, "%s",
                   _("working-day durations need the workday calendar (qf_calendar_add)"));
}
