/* qufa — the workday calendar: which days are working days, and "5 working days later".
 *
 * Monday to Friday are working days and weekends are off, except for the days the calendar
 * lists: public holidays ("off") and weekend days made working days to bridge a holiday
 * ("work", 调休). The State Council publishes each year's list around December; users import
 * it from a text file (see qf_calendar_import for the format). A year without entries is
 * counted with weekends only.
 */
#ifndef QUFA_CALENDAR_H
#define QUFA_CALENDAR_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qf_day_kind {
    QF_DAY_OFF = 0, /* a holiday (or a weekend day) */
    QF_DAY_WORK     /* a working day (or a weekend day worked, 调休) */
} qf_day_kind;

/* "off", "work" */
QF_EXTERN const char *qf_day_kind_name(qf_day_kind k);

/* Whether `d` is a working day: the calendar's entry decides, else Monday–Friday. */
QF_EXTERN int qf_calendar_is_workday(bool *out, qf_db *db, qf_date d);

/*
 * The n-th working day after `d` (n > 0) or before it (n < 0); `d` itself for n = 0. `d` does
 * not count: 5 working days after Thursday 2017-01-26 (the Spring Festival holiday runs
 * 01-27..02-02, Saturday 02-04 is worked) is Wednesday 2017-02-08.
 */
QF_EXTERN int qf_calendar_add_workdays(qf_date *out, qf_db *db, qf_date d, int n);

/* Any duration: calendar units as qf_date_add_duration, working days ("5wd") as above. */
QF_EXTERN int qf_calendar_add(qf_date *out, qf_db *db, qf_date d, qf_duration dur);

/* Working days in [from, to] (0 when to < from). */
QF_EXTERN int qf_calendar_count_workdays(int *out, qf_db *db, qf_date from, qf_date to);

/* Whether the calendar has any entry in `year` (else that year counts weekends only). */
QF_EXTERN int qf_calendar_has_year(bool *out, qf_db *db, int year);

typedef struct qf_calendar_report {
    int first_year, last_year; /* the years the file covered (0 when it listed no day) */
    int days_off;              /* entries stored */
    int days_work;
    int lines;     /* lines read */
    int replaced;  /* earlier entries of those years that were removed */
    int deadlines; /* pending working-day deadlines whose date changed */
} qf_calendar_report;

/*
 * Imports a calendar from text, one rule per line:
 *
 *     # comment (also after a rule)
 *     2017-01-27..2017-02-02  off   春节
 *     2017-01-22              work  春节调休
 *
 * A day or an inclusive range, the kind ("off"/"休" or "work"/"班") and an optional name. The
 * text is the whole calendar of every year it mentions: entries of those years that it no
 * longer lists are removed, so importing a corrected file fixes the year. All or nothing;
 * errors say "name:line: what is wrong". Pending working-day deadlines of open procedure
 * cases are recomputed on the new calendar in the same transaction. `report` may be NULL.
 */
QF_EXTERN int qf_calendar_import(qf_calendar_report *report, qf_db *db, const char *text,
                                 const char *source_name);
/* The same from a file (its name is used in messages). */
QF_EXTERN int qf_calendar_import_file(qf_calendar_report *report, qf_db *db, const char *path);

typedef struct qf_calendar_day {
    qf_date day;
    qf_day_kind kind;
    const char *name; /* NULL if none */
} qf_calendar_day;

typedef struct qf_calendar_iter qf_calendar_iter;
/* The calendar's entries in [from, to], by day. */
QF_EXTERN int qf_calendar_list(qf_calendar_iter **out, qf_db *db, qf_date from, qf_date to);
QF_EXTERN int qf_calendar_next(const qf_calendar_day **row, qf_calendar_iter *it);
QF_EXTERN void qf_calendar_iter_free(qf_calendar_iter *it);

#ifdef __cplusplus
}
#endif
#endif
