/* qufa import / qufa export: members and activities as CSV or as an .xlsx workbook
 * (qf_import_file, qf_export_csv, qf_export_xlsx). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "file_out.h"
#include "host.h"

static int parse_kind(const qh_ctx *ctx, const qh_command *cmd, const char *s,
                      qf_import_kind *out)
{
    if (s && strcmp(s, "members") == 0)
        *out = QF_IMPORT_MEMBERS;
    else if (s && strcmp(s, "activities") == 0)
        *out = QF_IMPORT_ACTIVITIES;
    else {
        if (s)
            qh_error(ctx, _("%s: '%s' is neither members nor activities"), cmd->name, s);
        else
            qh_error(ctx, _("%s: members or activities?"), cmd->name);
        qh_print_usage(cmd, true);
        return QH_USAGE;
    }
    return QH_OK;
}

/* An org given on the command line: digits are an id, anything else a code. */
static int org_arg(const qh_ctx *ctx, qf_db *db, const char *s, int64_t *id)
{
    qf_org *o = NULL;
    int rc;
    char *end = NULL;
    long long n = strtoll(s, &end, 10);
    if (*s && end && *end == '\0' && n > 0)
        rc = qf_org_get(&o, db, (int64_t)n);
    else
        rc = qf_org_lookup(&o, db, s);
    if (rc != QF_OK)
        return qh_core_error(ctx, rc);
    *id = o->id;
    qf_org_free(o);
    return QH_OK;
}

/* Value of option argv[*i] ("--opt VALUE" or "--opt=VALUE") when it is `name`. */
static const char *value_of(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    *missing = false;
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Progress of a long import on stderr, only when stderr is a terminal: "1000/100000 rows". */
static int show_progress(int64_t done, int64_t total, void *payload)
{
    (void)payload;
    fputc('\r', stderr);
    fprintf(stderr, _("importing: %lld/%lld rows"), (long long)done, (long long)total);
    fflush(stderr);
    return 0;
}

int qh_cmd_import(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    const char *what = NULL, *file = NULL, *org = NULL, *sheet = NULL;
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = value_of(argc, argv, &i, "--org", &missing)))
            org = v;
        else if (!missing && (v = value_of(argc, argv, &i, "--sheet", &missing)))
            sheet = v;
        else if (missing) {
            qh_error(ctx, _("%s: option '%s' needs a value"), cmd->name, argv[i]);
            return QH_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            qh_error(ctx, _("%s: unknown option '%s' (see 'qufa %s --help')"), cmd->name,
                     argv[i], cmd->name);
            return QH_USAGE;
        } else if (!what)
            what = argv[i];
        else if (!file)
            file = argv[i];
        else {
            qh_error(ctx, _("%s: unexpected argument '%s'"), cmd->name, argv[i]);
            return QH_USAGE;
        }
    }
    qf_import_kind kind;
    int code = parse_kind(ctx, cmd, what, &kind);
    if (code != QH_OK)
        return code;
    if (!file) {
        qh_error(ctx, _("%s: which file? (qufa import %s FILE.csv|FILE.xlsx)"), cmd->name, what);
        return QH_USAGE;
    }
    qf_db *db = NULL;
    code = qh_open_db(&db, ctx, false);
    if (code != QH_OK)
        return code;
    qf_import_options o = QF_IMPORT_OPTIONS_INIT;
    o.sheet = sheet;
    if (org)
        code = org_arg(ctx, db, org, &o.default_org_id);
    if (code == QH_OK) {
        int64_t rows = 0;
        bool terminal = isatty(STDERR_FILENO);
        if (terminal)
            o.progress = show_progress;
        int rc = qf_import_file(&rows, db, kind, file, &o); /* CSV or a workbook, by content */
        if (terminal)
            fputs("\r\033[K", stderr); /* clear the progress line */
        if (rc != QF_OK)
            code = qh_core_error(ctx, rc);
        else
            printf(kind == QF_IMPORT_MEMBERS ? _("imported %lld members from %s\n")
                                             : _("imported %lld activities from %s\n"),
                   (long long)rows, file);
    }
    qf_db_free(db);
    return code;
}

int qh_cmd_export(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    const char *what = NULL, *output = NULL, *org = NULL, *from = NULL, *to = NULL,
               *format = NULL;
    qf_export_options o = QF_EXPORT_OPTIONS_INIT;
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = value_of(argc, argv, &i, "-o", &missing)) ||
            (!missing && (v = value_of(argc, argv, &i, "--output", &missing))))
            output = v;
        else if (!missing && (v = value_of(argc, argv, &i, "--org", &missing)))
            org = v;
        else if (!missing && (v = value_of(argc, argv, &i, "--from", &missing)))
            from = v;
        else if (!missing && (v = value_of(argc, argv, &i, "--to", &missing)))
            to = v;
        else if (!missing && (v = value_of(argc, argv, &i, "--format", &missing)))
            format = v;
        else if (missing) {
            qh_error(ctx, _("%s: option '%s' needs a value"), cmd->name, argv[i]);
            return QH_USAGE;
        } else if (strcmp(argv[i], "--chinese-headers") == 0)
            o.chinese_headers = true;
        else if (strcmp(argv[i], "--bom") == 0)
            o.bom = true;
        else if (strcmp(argv[i], "--unmask") == 0)
            o.unmask = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            qh_error(ctx, _("%s: unknown option '%s' (see 'qufa %s --help')"), cmd->name,
                     argv[i], cmd->name);
            return QH_USAGE;
        } else if (!what)
            what = argv[i];
        else {
            qh_error(ctx, _("%s: unexpected argument '%s'"), cmd->name, argv[i]);
            return QH_USAGE;
        }
    }
    qf_import_kind kind;
    int code = parse_kind(ctx, cmd, what, &kind);
    if (code != QH_OK)
        return code;
    if (from && qf_date_parse(&o.from, from) != QF_OK) {
        qh_error(ctx, "--from: %s", qf_error_last());
        return QH_USAGE;
    }
    if (to && qf_date_parse(&o.to, to) != QF_OK) {
        qh_error(ctx, "--to: %s", qf_error_last());
        return QH_USAGE;
    }
    /* a workbook when asked, or when the output file is named *.xlsx */
    size_t olen = output ? strlen(output) : 0;
    bool xlsx = format ? strcmp(format, "xlsx") == 0
                       : olen > 5 && strcasecmp(output + olen - 5, ".xlsx") == 0;
    if (format && !xlsx && strcmp(format, "csv") != 0) {
        qh_error(ctx, _("%s: --format: '%s' is neither csv nor xlsx"), cmd->name, format);
        return QH_USAGE;
    }
    if (xlsx && (!output || strcmp(output, "-") == 0)) {
        qh_error(ctx, _("%s: a workbook goes to a file: give -o FILE.xlsx"), cmd->name);
        return QH_USAGE;
    }
    qf_db *db = NULL;
    code = qh_open_db(&db, ctx, false);
    if (code != QH_OK)
        return code;
    if (org)
        code = org_arg(ctx, db, org, &o.org_id);
    if (code == QH_OK && xlsx) {
        int rc = qf_export_xlsx(db, kind, output, &o);
        if (rc != QF_OK)
            code = qh_core_error(ctx, rc);
        qf_db_free(db);
        return code;
    }
    /* personal data: the file is private to its owner, like the database, and written whole
     * or not at all (file_out.c) */
    FILE *out = stdout;
    qh_out file = {0};
    char msg[1200];
    if (code == QH_OK && output && strcmp(output, "-") != 0) {
        code = qh_out_open(&file, output, msg, sizeof msg);
        if (code != QH_OK)
            qh_error(ctx, "export: %s", msg);
        out = file.f;
    }
    if (code == QH_OK) {
        errno = 0;
        int rc = qf_export_csv(db, kind, out, &o);
        if (rc != QF_OK && file.f && ferror(file.f)) { /* the disk is full, or the like */
            snprintf(msg, sizeof msg, _("%s: cannot write (%s); the file was left as it was"),
                     output, strerror(errno ? errno : EIO));
            qh_error(ctx, "export: %s", msg);
            code = QH_INTERNAL;
        } else if (rc != QF_OK) {
            code = qh_core_error(ctx, rc);
        }
        if (out == stdout && fflush(out) != 0 && code == QH_OK) {
            qh_error(ctx, _("cannot write %s: %s"), "-", strerror(errno));
            code = QH_INTERNAL;
        }
    }
    if (file.f && code == QH_OK) {
        code = qh_out_commit(&file, msg, sizeof msg);
        if (code != QH_OK)
            qh_error(ctx, "export: %s", msg);
    } else if (file.f) {
        qh_out_abort(&file); /* nothing half-written is left, the old file stays */
    }
    qf_db_free(db);
    return code;
}
