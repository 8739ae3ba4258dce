/* Database errors, whatever the backend, as qufa codes and messages (see stmt.h for the code
 * space: SQLite's, into which store/pg_conn.c maps PostgreSQL's SQLSTATEs). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

/* Why a database in `path` cannot be written, from its directory (a WAL database writes its
 * -wal and -shm files beside it): a read-only file system, no permission, or "" when the
 * directory looks writable. */
static const char *dir_problem(const char *path)
{
    char dir[4096];
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (access(dir, W_OK) == 0)
        return "";
    return errno == EROFS ? _("its file system is read-only")
           : errno == ENOENT ? _("its directory does not exist")
                             : _("its directory cannot be written");
}

/* Errors of the system rather than of the data: they name the database file (not the step
 * that met them) and say what the user can do; QF_ESYSTEM (exit status 3 in the host). */
static int system_error(qf_db *db, int rc, const char *what, const char *msg)
{
    const char *file = db && db->path ? db->path : what;
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return qf__err(QF_ESYSTEM, _("%s: the disk is full (%s): nothing was written"), file, msg);
    case SQLITE_READONLY: {
        const char *why = dir_problem(file);
        return qf__err(QF_ESYSTEM,
                       _("%s: the database cannot be written (%s): %s"), file, msg,
                       *why ? why
                            : _("the file is read-only (its permissions, or an attribute such as "
                                "chattr +i)"));
    }
    case SQLITE_CANTOPEN: {
        const char *why = dir_problem(file);
        return qf__err(QF_ESYSTEM, _("%s: cannot open the database (%s)%s%s"), file, msg,
                       *why ? ": " : "", why);
    }
    case SQLITE_PERM:
        return qf__err(QF_ESYSTEM, _("%s: no permission to use the database (%s)"), file, msg);
    default: /* SQLITE_IOERR */
        return qf__err(QF_ESYSTEM, _("%s: input/output error on the database (%s)"), file, msg);
    }
}

int qf__sqlerr(qf_db *db, int rc, const char *what)
{
    const char *msg = db && (db->sql || db->pg) ? qf__errmsg(db) : qf__errstr(rc);
    /* a write that failed for want of space is reported by SQLite as an I/O error when it
     * happens in the WAL or its index: the system's errno says which */
    if ((rc & 0xff) == SQLITE_IOERR && db && db->sql && sqlite3_system_errno(db->sql) == ENOSPC) {
        rc = SQLITE_FULL;
        msg = sqlite3_errstr(SQLITE_FULL);
    }
    switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
        return system_error(db, rc, what, msg);
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
    case SQLITE_NOTADB:
        return qf__err(QF_EINVALID, _("%s is not a qufa database (%s)"),
                       db && db->path ? db->path : what, msg);
    case SQLITE_CORRUPT:
        return qf__err(QF_ECORRUPT, _("%s: the database file is damaged (%s): restore it from a backup"),
                       db && db->path ? db->path : what, msg);
    default:
        return qf__err(QF_ERROR, "%s: %s", what, msg);
    }
}
