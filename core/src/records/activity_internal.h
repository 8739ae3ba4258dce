/* Internal to the activity files (activity.c, attendance.c, guest.c, agenda.c, artifact*.c):
 * shared validation and the part writers that qf_activity_create calls inside its savepoint. */
#ifndef QUFA_ACTIVITY_INTERNAL_H
#define QUFA_ACTIVITY_INTERNAL_H

#include "internal.h"

/* Text limits (bytes) for free-text fields. */
#define QF_TITLE_MAX 400
#define QF_NOTE_MAX 2000

/* A date-time inside the calendar qufa stores (years QF_DATE_MIN_YEAR..QF_DATE_MAX_YEAR).
 * QF_DATETIME_NONE is accepted unless `required`. */
int qf__check_datetime(const char *field, qf_datetime t, bool required);
/* A date in range, or QF_DATE_NONE. */
int qf__check_date_opt(const char *field, qf_date d);
/* A record id given by the caller: 0 (none, allowed unless `required`) or positive. */
int qf__check_id(const char *field, int64_t id, bool required);

/* 1 if the row exists, 0 if not, negative on error. `sql` is a cached "SELECT 1 … ?1". */
int qf__row_exists(qf_db *db, const char *sql, int64_t id);
int qf__member_exists(qf_db *db, int64_t id);
int qf__org_exists(qf_db *db, int64_t id);
int qf__activity_exists(qf_db *db, int64_t id);
/* QF_OK, or QF_ENOTFOUND "activity N does not exist". */
int qf__activity_require(qf_db *db, int64_t activity_id);

/* qf_activity_list reading only id, org_id, kind and starts_at (the other fields are zero):
 * for a scan over many activities that needs no more (counting_scan.c). */
int qf__activity_list_brief(qf_activity_iter **out, qf_db *db, const qf_activity_filter *f);

/* Part validation, without touching the database except for vocabulary look-ups. */
int qf__attendance_validate(const qf_attendance *a, size_t index);
int qf__guest_validate(qf_db *db, const qf_guest *g, size_t index);
int qf__agenda_validate(const qf_agenda_item *items, size_t n);

/*
 * Part writers for an activity that is known to exist, called inside the caller's savepoint.
 * Foreign-key and uniqueness failures are turned into messages naming the member; nothing is
 * queried up front, so a bulk import pays one INSERT per row.
 */
int qf__attendance_insert_all(qf_db *db, int64_t activity_id, const qf_attendance *rows, size_t n);
int qf__guest_insert(int64_t *id_out, qf_db *db, int64_t activity_id, const qf_guest *g);
int qf__agenda_insert_all(qf_db *db, int64_t activity_id, const qf_agenda_item *items, size_t n);

/* Appends a fixed SQL fragment (never a value: values are bound) to `buf`; lists use it to keep
 * filter columns bare so SQLite can pick an index. QF_ERROR if it would not fit. */
int qf__sql_append(char *buf, size_t size, const char *fragment);

/* Artifact files (artifact_file.c). Content kept in the database is capped at 64 MiB. */
#define QF_ARTIFACT_MAX_BYTES ((size_t)64 * 1024 * 1024)
/* Reads a whole regular file of at most QF_ARTIFACT_MAX_BYTES; *out is released with free. */
int qf__file_read(const char *path, void **out, size_t *len);
/* Streams a regular file of any size through SHA-256. */
int qf__file_hash(const char *path, char hex_out[65], int64_t *size);

#endif
