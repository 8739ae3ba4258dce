/* The statement behind a list iterator (rows.h). */
#include "rows.h"

int qf__rows_open(qf__rows *r, qf_db *db, const char *sql)
{
    r->db = db;
    r->st = NULL;
    return qf__borrow(&r->st, db, sql);
}

int qf__rows_step(qf__rows *r, const char *what)
{
    int rc = qf__step(r->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__err(QF_ERROR, "%s: %s", what, qf__errstr(rc));
    return QF_OK;
}

void qf__rows_close(qf__rows *r)
{
    if (r->st)
        qf__giveback(r->db, r->st);
    r->st = NULL;
}
