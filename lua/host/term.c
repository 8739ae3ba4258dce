/* Messages to the user: errors (red on a terminal), usage texts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "ql.h"

/* Control characters (but the line breaks a command puts before a hint) and invalid UTF-8,
 * which a message may echo from a file or an argument, are shown escaped (\xNN), never sent
 * to the terminal (see l_escape.c). */
void qh_error(const qh_ctx *ctx, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    char *text = small;
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!text) { /* out of memory: the truncated message is better than none */
        text = small;
        n = (int)strlen(small);
    }
    fputs(ctx->color_err ? "\033[1;31mqufa:\033[0m " : "qufa: ", stderr);
    ql_write_escaped(stderr, text, n < 0 ? 0 : (size_t)n, true);
    fputc('\n', stderr);
    if (text != small)
        free(text);
}

int qh_core_error(const qh_ctx *ctx, int rc)
{
    qh_error(ctx, "%s", qf_error_last());
    switch (rc) {
    case QF_EINVALID:
    case QF_ENOTFOUND:
    case QF_EEXISTS:
    case QF_ECONSTRAINT:
    case QF_EBUSY:
        return QH_USAGE;
    default: /* QF_ESYSTEM, QF_ECORRUPT (a damaged file; audit verify says so itself, with
              * the findings' status), QF_ENOMEM, QF_ERROR */
        return QH_INTERNAL;
    }
}

void qh_print_usage(const qh_command *cmd, bool to_stderr)
{
    FILE *f = to_stderr ? stderr : stdout;
    fprintf(f, _("Usage: qufa %s\n"), _(cmd->usage));
}

bool qh_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int qh_open_db(qf_db **db, const qh_ctx *ctx, bool create)
{
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = create ? QF_OPEN_CREATE : 0;
    o.actor = ctx->actor;
    int rc = qf_db_open(db, ctx->db_path, &o);
    if (rc != QF_OK)
        return qh_core_error(ctx, rc);
    if (ctx->today != QF_DATE_NONE)
        qf_db_set_today(*db, ctx->today);
    return QH_OK;
}
