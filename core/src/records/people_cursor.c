/* Iterator statements borrowed from the statement cache (see people.h for why and how). */
#include "people.h"

/* The cached statement for `sql` without resetting it (qf__stmt would reset a holder's). */
static qf_stmt *peek_cache(qf_db *db, const char *sql)
{
    for (size_t i = 0; i < QF_STMT_CACHE_SIZE; i++)
        if (db->cache[i].key == sql)
            return db->cache[i].stmt;
    return NULL;
}

int qf__people_cursor_open(qf_people_cursor *c, qf_db *db, const char *sql)
{
    c->st = NULL;
    c->pending = c->done = false;
    qf_stmt *held = peek_cache(db, sql);
    if (held && qf__stmt_busy(held)) {
        /* another iterator is walking it (nested lists): work on a copy of our own */
        c->borrowed = false;
        return qf__prepare(&c->st, db, sql);
    }
    c->borrowed = true;
    c->st = qf__stmt(db, sql);
    return c->st ? QF_OK : qf_error_last_code();
}

/* Lets go of the statement early so an idle borrowed statement is never busy. */
static void let_go(qf_people_cursor *c)
{
    qf__reset(c->st);
    if (c->borrowed)
        qf__clear_bindings(c->st);
    c->done = true;
    c->pending = false;
}

static int step(qf_people_cursor *c, qf_db *db, const char *what)
{
    int rc = qf__step(c->st);
    if (rc == QF_ROW)
        return QF_OK;
    if (rc == QF_DONE) {
        let_go(c);
        return QF_ITEROVER;
    }
    int err = qf__sqlerr(db, qf__errcode(db), what);
    let_go(c);
    return err;
}

int qf__people_cursor_start(qf_people_cursor *c, qf_db *db, const char *what)
{
    int rc = step(c, db, what);
    if (rc == QF_OK)
        c->pending = true;
    return rc == QF_ITEROVER ? QF_OK : rc;
}

int qf__people_cursor_next(qf_people_cursor *c, qf_db *db, const char *what)
{
    if (c->done)
        return QF_ITEROVER;
    if (c->pending) {
        c->pending = false;
        return QF_OK;
    }
    return step(c, db, what);
}

void qf__people_cursor_close(qf_people_cursor *c)
{
    if (!c->st)
        return;
    if (!c->borrowed)
        qf__finalize(c->st);
    else if (!c->done)
        let_go(c); /* still ours: it is busy, so nobody else borrowed it meanwhile */
    c->st = NULL;
}
