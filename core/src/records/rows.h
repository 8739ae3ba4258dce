/* Internal to the record modules: the statement behind a list iterator (qf_X_list, qf_X_next,
 * qf_X_iter_free), borrowed from the statement cache, stepped row by row and given back — the
 * calls each iterator would otherwise repeat. */
#ifndef QUFA_ROWS_H
#define QUFA_ROWS_H

#include "internal.h"

typedef struct qf__rows {
    qf_db *db;
    qf_stmt *st; /* NULL when nothing is held */
} qf__rows;

/* Borrows a statement for `sql` (a literal: the cache's key); on failure nothing is held. */
int qf__rows_open(qf__rows *r, qf_db *db, const char *sql);
/* The next row, in r->st: QF_OK, QF_ITEROVER after the last, else an error naming `what`. */
int qf__rows_step(qf__rows *r, const char *what);
/* Gives the statement back; nothing held, nothing done. */
void qf__rows_close(qf__rows *r);

#endif
