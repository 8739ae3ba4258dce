/* qufa — the audit log: every write to a record table is logged by the schema itself
 * (actor, time, action, table, row id, before/after as JSON), and every transaction seals its
 * entries into a SHA-256 hash chain. */
#ifndef QUFA_AUDIT_H
#define QUFA_AUDIT_H

#include <stdbool.h>
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_audit_entry {
    int64_t seq;
    const char *at;      /* UTC "YYYY-MM-DDTHH:MM:SSZ" (wall clock, not the injected today) */
    const char *actor;
    const char *action;  /* "insert", "update", "delete" */
    const char *table;
    int64_t row_id;
    const char *before;  /* JSON or NULL */
    const char *after;   /* JSON or NULL */
} qf_audit_entry;

typedef struct qf_audit_filter {
    unsigned version;
    const char *table;  /* NULL = any */
    int64_t row_id;     /* 0 = any */
    int64_t after_seq;  /* entries with seq > this */
    int64_t limit;      /* 0 = no limit */
} qf_audit_filter;
#define QF_AUDIT_FILTER_VERSION 1
#define QF_AUDIT_FILTER_INIT {QF_AUDIT_FILTER_VERSION, NULL, 0, 0, 0}

typedef struct qf_audit_iter qf_audit_iter;
QF_EXTERN int qf_audit_list(qf_audit_iter **out, qf_db *db, const qf_audit_filter *f);
QF_EXTERN int qf_audit_next(const qf_audit_entry **row, qf_audit_iter *it);
QF_EXTERN void qf_audit_iter_free(qf_audit_iter *it);

typedef struct qf_audit_report {
    int64_t entries;     /* audit entries checked */
    int64_t seals;       /* seals (transactions) checked */
    int64_t rows;        /* live record rows compared with their last logged image */
    int problems;        /* 0 = verified */
} qf_audit_report;

/*
 * Verifies the chain of seals, that every entry is sealed, and that every live row equals its
 * last logged image (so an edit made behind the library's back, e.g. with the sqlite3 shell, is
 * found). Returns QF_OK, or QF_ECORRUPT with qf_error_last() naming the first problem (table,
 * row id, field). `report` may be NULL.
 */
QF_EXTERN int qf_audit_verify(qf_db *db, qf_audit_report *report);

/* The message of a changed row names the field and both values; a personal field (birth date,
 * phone, ID number) is shown masked as in exports ("1983-**-**", "139****5678",
 * "110101********1234") — the message lands in terminals and cron mail — unless `unmask`. */
typedef struct qf_audit_verify_options {
    unsigned version;
    bool unmask;
} qf_audit_verify_options;
#define QF_AUDIT_VERIFY_OPTIONS_VERSION 1
#define QF_AUDIT_VERIFY_OPTIONS_INIT {QF_AUDIT_VERIFY_OPTIONS_VERSION, false}
/* qf_audit_verify with options (NULL: the defaults; qf_audit_verify masks). */
QF_EXTERN int qf_audit_verify_with(qf_db *db, const qf_audit_verify_options *o,
                                   qf_audit_report *report);

#ifdef __cplusplus
}
#endif
#endif
