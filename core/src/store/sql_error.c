/* Database errors, whatever the backend, as qufa codes and messages (see stmt.h for the code
 * space: SQLite's, into which store/pg_conn.c maps PostgreSQL's SQLSTATEs). */
#include "internal.h"

int qf__sqlerr(qf_db *db, int rc, const char *what)
{
    const char *msg = db && (db->sql || db->pg) ? qf__errmsg(db) : qf__errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
        if (db)
            db->conflict = rc == SQLITE_BUSY_SNAPSHOT;
        if (rc == SQLITE_BUSY_SNAPSHOT) /* PostgreSQL: serialization failure or deadlock */
            return qf__err(QF_EBUSY,
                           _("%s: a transaction running at the same time changed what this one "
                             "read, so it was rolled back; retry"),
                           what);
        /* fall through */
    case SQLITE_LOCKED:
        return qf__err(QF_EBUSY, _("%s: the database is busy (another qufa is writing); retry"),
                       what);
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return qf__err(QF_EEXISTS, _("%s: already exists (%s)"), what, msg);
        if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
            return qf__err(QF_ECONSTRAINT,
                           _("%s: refers to a record that does not exist, or is still referred to"),
                           what);
        return qf__err(QF_ECONSTRAINT, _("%s: %s"), what, msg);
    case SQLITE_NOMEM:
        return qf__oom();
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return qf__err(QF_ECORRUPT, _("%s: the database file is damaged or not a qufa database (%s)"),
                       what, msg);
    default:
        return qf__err(QF_ERROR, "%s: %s", what, msg);
    }
}
