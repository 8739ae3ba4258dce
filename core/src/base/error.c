/* The per-thread last error (libgit2 style). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

void qf_free(void *p)
{
    free(p);
}

const char *qf_version(void)
{
    return QUFA_VERSION;
}
