/* Internal to the people modules (member*.c, position.c, transfer.c): checks and helpers they
 * share. Kept out of internal.h so these modules stay self-contained. */
#ifndef QUFA_PEOPLE_H
#define QUFA_PEOPLE_H

#include "internal.h"

/* Room for a formatted day, including the out-of-range form "day -1234567". */
#define QF_DAY_BUF 24
/* Room for a range "YYYY-MM-DD..YYYY-MM-DD". */
#define QF_RANGE_BUF (2 * QF_DAY_BUF + 4)

/* "2017-05-10"; "" for QF_DATE_NONE; a raw day number when the year is not 0..9999. */
void qf__people_fmt_day(qf_date d, char buf[QF_DAY_BUF]);
/* "2017-05-10..2017-06-30", or "2017-05-10.." when open-ended (the period syntax). */
void qf__people_fmt_range(qf_date start, qf_date end, char buf[QF_RANGE_BUF]);

/* A day in the supported years; QF_DATE_NONE is accepted unless `required`. */
int qf__people_check_day(const char *field, qf_date d, bool required);
/* Refuses a day after the database's today (birth dates, letters already received …). */
int qf__people_check_not_future(qf_db *db, const char *field, qf_date d);
/* `end` (inclusive, QF_DATE_NONE = open) must not be before `start`. */
int qf__people_check_range(const char *field, qf_date start, qf_date end);
/* Single-line plain text: qf__check_text plus no line breaks or tabs. */
int qf__people_check_line(const char *field, const char *s, bool required, size_t max_bytes);
/* Binds optional text; NULL and "" become SQL NULL (so "" never collides in UNIQUE columns). */
int qf__people_bind_opt(qf_stmt *st, int i, const char *s);

/* QF_ENOTFOUND "member N does not exist" unless the member exists. */
int qf__people_member_exists(qf_db *db, int64_t id);
/* The member's name for a message (the id when the member cannot be read). */
#define QF_NAME_BUF 208
void qf__people_member_name(qf_db *db, int64_t id, char name[QF_NAME_BUF]);
/* Looks an org up for field `field`: its kind and code (code may be NULL). */
int qf__people_org(qf_db *db, const char *field, int64_t id, qf_org_kind *kind, char code[65]);

/* Checks a member filter as qf_member_list and qf_member_count do (the same errors), and
 * gives the day it asks about. `orgs_known`: the caller knows its org_id and under exist (the
 * check view, which holds them), so they are not looked up. */
int qf__member_filter_check(qf_db *db, const qf_member_filter *f, qf_date *on, bool orgs_known);
/* A member's own fields from columns 0-8 of a statement selecting m.id, m.code, m.name,
 * m.gender, m.birth_date, m.joined, m.phone, m.id_number, m.attrs in that order (the texts
 * borrowed from the statement's row). */
void qf__member_read_own(qf_stmt *st, qf_member *m);

/*
 * A cursor for iterators on hot paths (people_cursor.c). Preparing the member list costs more
 * than running it for a branch of fifty, and attendance and quorum checks list a branch once
 * per activity, so the cursor borrows the db's cached statement unless another live cursor
 * holds it, and prepares a private one only then. "Held" is sqlite3_stmt_busy: a borrower
 * steps at once (prefetching its first row) and resets the statement as soon as it reaches
 * the end, fails or is closed, so an idle cached statement is never busy.
 */
typedef struct qf_people_cursor {
    qf_stmt *st;
    bool borrowed; /* st belongs to the statement cache: reset it, never finalize it */
    bool pending;  /* st holds a prefetched row not handed out yet */
    bool done;     /* the statement reached its end (or failed) and was let go */
} qf_people_cursor;
/* Gets the statement for `sql` (a static string, as for qf__stmt) ready for binding. */
int qf__people_cursor_open(qf_people_cursor *c, qf_db *db, const char *sql);
/* After binding: runs the statement up to its first row. */
int qf__people_cursor_start(qf_people_cursor *c, qf_db *db, const char *what);
/* QF_OK with a row in c->st, QF_ITEROVER at the end, or an error (the cursor is then done). */
int qf__people_cursor_next(qf_people_cursor *c, qf_db *db, const char *what);
void qf__people_cursor_close(qf_people_cursor *c);

/* Writes inside the caller's savepoint (member_history.c), shared with qf_member_create. */
int qf__member_status_write(qf_db *db, int64_t member_id, qf_member_status status, qf_date since,
                            const char *note);
int qf__member_join_write(qf_db *db, int64_t member_id, int64_t org_id, qf_date since);
/* The first status and places of a member created a moment ago (create's own checks ran): a
 * member with no history has nothing to overlap, end or contradict. org_id and group_id may be
 * 0, status QF_STATUS_NONE. */
int qf__member_first_write(qf_db *db, int64_t member_id, qf_member_status status, qf_date since,
                           int64_t org_id, int64_t group_id);
/* The order of qf_attendee_list: those due, then the observers (列席), each by code (members
 * with one first), then name, then id. Compares two qf_attendee for qsort. */
int qf__attendee_cmp(const void *x, const void *y);
/* The message of a party group refusing someone who is not a party member that day. */
int qf__member_not_party_err(const char *name, qf_member_status status, qf_date since,
                             const char *group);

#endif
