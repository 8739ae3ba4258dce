/* qufa [global options] COMMAND [ARGS]: global options, then dispatch through the command
 * table (commands.c). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "host.h"
#include "sandbox.h"

static void print_help(void)
{
    fputs(_("Usage: qufa [--db PATH] [--today YYYY-MM-DD] [--as ACTOR] [--lang zh|en] COMMAND "
            "[ARGS]\n\n"),
          stdout);
    printf("%s\n", _("Standardized party-branch work as code."));
    printf("\n%s\n", _("Commands:"));
    for (const qh_command *c = qh_commands; c->name; c++)
        printf("  %-10s %s\n", c->name, _(c->summary));
    printf("\n%s\n", _("Global options:"));
    printf("  --db PATH      %s\n", _("the database (default: $QUFA_DB, else ./qufa.db)"));
    printf("  --today DATE   %s\n", _("the date rules treat as today (default: the system date)"));
    printf("  --as ACTOR     %s\n", _("who is writing, recorded in the audit log (default: $USER)"));
    printf("  --lang zh|en   %s\n", _("language of messages (default: from QUFA_LANG or LANG)"));
    printf("  --version      %s\n", _("print the version"));
    printf("  --help         %s\n", _("this help; 'qufa COMMAND --help' for a command"));
    printf("\n%s\n", _("Exit status: 0 ok, 1 findings or failed checks, 2 usage or input error, "
                       "3 internal error."));
}

/* NO_COLOR (no-color.org): present and not empty disables colour. */
static bool want_color(int fd)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(fd) && !(nc && *nc);
}

/* Value of a global option given as "--opt VALUE" or "--opt=VALUE"; advances *i. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *matched)
{
    size_t n = strlen(name);
    *matched = false;
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=') {
        *matched = true;
        return argv[*i] + n + 1;
    }
    if (argv[*i][n] != '\0')
        return NULL;
    *matched = true;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

int main(int argc, char **argv)
{
    /* past a file size limit (ulimit -f), a write fails with EFBIG and is reported like a full
     * disk, instead of the signal killing the process in the middle of a write */
    signal(SIGXFSZ, SIG_IGN);
    qf_i18n_init(NULL);
    qh_ctx ctx = {0};
    ctx.prog = "qufa";
    ctx.today = QF_DATE_NONE;
    ctx.color_out = want_color(STDOUT_FILENO);
    ctx.color_err = want_color(STDERR_FILENO);
    /* the wall time per run of restricted code (docs/security.md): 1 to 3600 seconds */
    const char *env_time = getenv("QUFA_TIME_LIMIT");
    if (env_time && *env_time) {
        char *end;
        double s = strtod(env_time, &end);
        if (*end || !(s >= 1 && s <= 3600)) {
            qh_error(&ctx, _("QUFA_TIME_LIMIT: '%s' is not a number of seconds from 1 to 3600"),
                     env_time);
            return QH_USAGE;
        }
        ql_sandbox_set_time_limit(s);
    }
    const char *env_db = getenv("QUFA_DB");
    ctx.db_path = env_db && *env_db ? env_db : "./qufa.db";

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        bool m;
        const char *v;
        if (qh_is_help(a)) {
            print_help();
            return QH_OK;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("qufa %s\n", qf_version());
            return QH_OK;
        }
        if ((v = option_value(argc, argv, &i, "--db", &m)) || m) {
            if (!v || !*v)
                goto missing;
            ctx.db_path = v;
        } else if ((v = option_value(argc, argv, &i, "--today", &m)) || m) {
            if (!v)
                goto missing;
            if (qf_date_parse(&ctx.today, v) != QF_OK) {
                qh_error(&ctx, "--today: %s", qf_error_last());
                return QH_USAGE;
            }
        } else if ((v = option_value(argc, argv, &i, "--as", &m)) || m) {
            if (!v || !*v)
                goto missing;
            ctx.actor = v;
        } else if ((v = option_value(argc, argv, &i, "--lang", &m)) || m) {
            if (!v)
                goto missing;
            if (qf_set_language(v) != QF_OK) {
                qh_error(&ctx, "--lang: %s", qf_error_last());
                return QH_USAGE;
            }
        } else {
            qh_error(&ctx, _("unknown option '%s' (see 'qufa --help')"), a);
            return QH_USAGE;
        }
        continue;
    missing:
        qh_error(&ctx, _("option '%s' needs a value (see 'qufa --help')"), a);
        return QH_USAGE;
    }
    if (i >= argc) {
        print_help();
        return QH_USAGE;
    }
    const qh_command *cmd = qh_find_command(argv[i]);
    if (!cmd) {
        qh_error(&ctx, _("unknown command '%s' (see 'qufa --help')"), argv[i]);
        return QH_USAGE;
    }
    /* help needs no database: answer it before anything is opened */
    for (int k = i + 1; k < argc && strcmp(argv[k], "--") != 0; k++) {
        if (qh_is_help(argv[k])) {
            qh_print_usage(cmd, false);
            return QH_OK;
        }
        if (cmd->run == qh_cmd_run && argv[k][0] != '-')
            break; /* after the script name, --help belongs to the script */
    }
    return cmd->run(&ctx, cmd, argc - i - 1, argv + i + 1);
}
