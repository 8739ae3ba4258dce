/* qufa — dates, date-times, calendar periods and durations.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian); a date-time is local
 * wall-clock minutes since 1970-01-01 00:00. Neither carries a time zone: a branch's meeting at
 * 14:30 is 14:30 wherever the database is opened. In the database both are stored as text
 * ("2017-05-10", "2017-05-10 14:30") so any SQLite client reads them.
 */
#ifndef QUFA_DATE_H
#define QUFA_DATE_H

#include <stdbool.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t qf_date;
typedef int64_t qf_datetime;
#define QF_DATE_NONE INT32_MIN
#define QF_DATETIME_NONE INT64_MIN
#define QF_DATE_MIN_YEAR 1900
#define QF_DATE_MAX_YEAR 2199

/* Strict "YYYY-MM-DD" (years QF_DATE_MIN_YEAR..QF_DATE_MAX_YEAR); 2017-02-30 is an error. */
QF_EXTERN int qf_date_parse(qf_date *out, const char *s);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL); QF_DATE_NONE writes "". */
QF_EXTERN void qf_date_format(qf_date d, char buf[11]);
QF_EXTERN bool qf_date_valid_ymd(int y, int m, int d);
QF_EXTERN qf_date qf_date_from_ymd(int y, int m, int d);
QF_EXTERN void qf_date_to_ymd(qf_date d, int *y, int *m, int *day);
/* 1 = Monday … 7 = Sunday */
QF_EXTERN int qf_date_weekday(qf_date d);
QF_EXTERN int qf_days_in_month(int y, int m);
/* Calendar arithmetic that clamps the day: 2016-02-29 + 1 year = 2017-02-28. */
QF_EXTERN qf_date qf_date_add_months(qf_date d, int months);
/* Today from the system clock (local time). */
QF_EXTERN qf_date qf_date_today_system(void);

/* "YYYY-MM-DD HH:MM" (or with 'T', optional ":SS" which must be 00..59 and is dropped);
 * a bare date means 00:00. */
QF_EXTERN int qf_datetime_parse(qf_datetime *out, const char *s);
/* Writes "YYYY-MM-DD HH:MM" (17 bytes with the NUL). */
QF_EXTERN void qf_datetime_format(qf_datetime t, char buf[17]);
QF_EXTERN qf_datetime qf_datetime_from_date(qf_date d, int hour, int minute);
QF_EXTERN qf_date qf_datetime_date(qf_datetime t);

/* Calendar periods, aligned to the calendar; `start` and `end` are inclusive. */
typedef enum qf_period_kind {
    QF_PERIOD_DAY = 0,
    QF_PERIOD_HALF_MONTH, /* 1–15 and 16–end of month: "2017-06-H1", "2017-06-H2" */
    QF_PERIOD_MONTH,      /* "2017-06" */
    QF_PERIOD_QUARTER,    /* "2017-Q2" */
    QF_PERIOD_HALF_YEAR,  /* "2017-H1" */
    QF_PERIOD_YEAR,       /* "2017" */
    QF_PERIOD_RANGE       /* "2017-03-01..2017-08-31" (either side may be any period) */
} qf_period_kind;

typedef struct qf_period {
    qf_period_kind kind;
    qf_date start;
    qf_date end;
} qf_period;

/* Parses any of the forms above; "2017-05..2017-08" spans from the first to the last. */
QF_EXTERN int qf_period_parse(qf_period *out, const char *s);
/* "day", "half_month", "month", "quarter", "half_year", "year" */
QF_EXTERN int qf_period_kind_parse(qf_period_kind *out, const char *name);
QF_EXTERN const char *qf_period_kind_name(qf_period_kind k);
/* The period of kind `k` that contains `d`. */
QF_EXTERN qf_period qf_period_containing(qf_period_kind k, qf_date d);
/* The period of the same kind right after / before `p` (not for QF_PERIOD_RANGE). */
QF_EXTERN qf_period qf_period_next(qf_period p);
QF_EXTERN qf_period qf_period_prev(qf_period p);
/* The canonical code ("2017-06-H2", "2017-Q3", "2017-01-01..2017-06-30"). buf >= 32 bytes. */
QF_EXTERN void qf_period_format(const qf_period *p, char *buf, size_t size);

/* Durations: "14d", "-3d", "2w", "1m", "1y", "5wd" (working days, see calendar.h). */
typedef enum qf_duration_unit {
    QF_DUR_DAYS = 'd',
    QF_DUR_WEEKS = 'w',
    QF_DUR_MONTHS = 'm',
    QF_DUR_YEARS = 'y',
    QF_DUR_WORKDAYS = 'W'
} qf_duration_unit;

typedef struct qf_duration {
    int amount; /* may be negative */
    qf_duration_unit unit;
} qf_duration;

QF_EXTERN int qf_duration_parse(qf_duration *out, const char *s);
/* "14d", "-5wd" … buf >= 16 bytes */
QF_EXTERN void qf_duration_format(qf_duration dur, char *buf, size_t size);
/* Calendar units only; working days need a calendar (qf_calendar_add). */
QF_EXTERN int qf_date_add_duration(qf_date *out, qf_date d, qf_duration dur);

#ifdef __cplusplus
}
#endif
#endif
