/* Internal to the store layer: what the audit log does differently on each backend. */
#ifndef QUFA_AUDIT_BACKEND_H
#define QUFA_AUDIT_BACKEND_H

#include "internal.h"

/* A list of names (the audited tables), grown as needed. */
typedef struct qf_names {
    char **names;
    size_t n, cap;
} qf_names;
int qf__names_add(qf_names *l, const char *name);
void qf__names_free(qf_names *l);

/* The audited tables: those with an id primary key, audit_* excepted, in name order. */
int qf__audit_lite_tables(qf_db *db, qf_names *out);
/* (Re)creates the triggers that log every write of those tables. */
int qf__audit_lite_install(qf_db *db, const qf_names *tables);
/* Logs a "migrate" entry for each row whose image is not its last logged one. */
int qf__audit_lite_baseline(qf_db *db, const qf_names *tables);
/* Checks that every live row of `table` equals its last logged image, and that no logged row
 * is gone; counts the rows into r->rows. */
/* A row that differs from its last audit image, described (audit.c). */
void qf__audit_describe(char *buf, size_t size, const char *field, const char *now,
                        const char *was, bool unmask);
int qf__audit_lite_verify_table(qf_db *db, const char *table, bool unmask, qf_audit_report *r);

/* The same on PostgreSQL (audit_pg.c), where the triggers come from compat.sql. */
int qf__audit_pg_tables(qf_db *db, qf_names *out);
int qf__audit_pg_install(qf_db *db);
int qf__audit_pg_baseline(qf_db *db, const qf_names *tables);
int qf__audit_pg_verify_table(qf_db *db, const char *table, bool unmask, qf_audit_report *r);

#endif
