/* The per-thread last error (libgit2 style). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

const char *qf_error_last(void)
{
    return last_message;
}

int qf_error_last_code(void)
{
    return last_code;
}

void qf_error_clear(void)
{
    last_message[0] = '\0';
    last_code = QF_OK;
}

int qf__verr(int code, const char *fmt, va_list ap)
{
    char tmp[sizeof last_message];
    vsnprintf(tmp, sizeof tmp, fmt, ap); /* fmt may mention last_message itself */
    memcpy(last_message, tmp, sizeof tmp);
    last_code = code;
    return code;
}

int qf__err(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qf__verr(code, fmt, ap);
    va_end(ap);
    return code;
}

int qf_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qf__verr(code, fmt, ap);
    va_end(ap);
    return code;
}

int qf__oom(void)
{
    return qf__err(QF_ENOMEM, "%s", _("out of memory"));
}

int qf__sqlerr(qf_db *db, int rc, const char *what)
{
    const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
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

void qf_free(void *p)
{
    free(p);
}

const char *qf_version(void)
{
    return QUFA_VERSION;
}
