/* The qufa host: shared definitions of the command-line front end. */
#ifndef QUFA_HOST_H
#define QUFA_HOST_H

#include <stdbool.h>
#include "qufa.h"

#define _(s) qf_tr(s)
#define N_(s) (s)

/* Exit codes (docs/cli.md). */
enum {
    QH_OK = 0,
    QH_FINDINGS = 1, /* a check found problems (audit verify) */
    QH_USAGE = 2,    /* bad usage or bad input, including a failed script */
    QH_INTERNAL = 3  /* I/O, corruption of the program's own state, out of memory */
};

typedef struct qh_ctx {
    const char *prog;
    const char *db_path; /* --db, $QUFA_DB or ./qufa.db */
    qf_date today;       /* --today, QF_DATE_NONE = the system date */
    const char *actor;   /* --as, NULL = $USER */
    bool color_out;      /* colour on stdout / stderr: a terminal and no NO_COLOR */
    bool color_err;
} qh_ctx;

typedef struct qh_command qh_command;
typedef int (*qh_run_fn)(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);

struct qh_command {
    const char *name;
    const char *summary; /* one line, N_() */
    const char *usage;   /* the --help text after "Usage: qufa ", N_() */
    qh_run_fn run;
    const char *lua;     /* embedded lua/host/cmd/<lua> for commands written in Lua */
    bool needs_db;       /* Lua commands: open the database and pass it as `db` */
};

/* The command table (commands.c), terminated by a NULL name. */
extern const qh_command qh_commands[];
const qh_command *qh_find_command(const char *name);

/* Output (term.c). */
void qh_error(const qh_ctx *ctx, const char *fmt, ...) QF_PRINTF(2, 3);
/* Prints the core's last error and maps its code to an exit code. */
int qh_core_error(const qh_ctx *ctx, int rc);
void qh_print_usage(const qh_command *cmd, bool to_stderr);
/* True when `arg` asks for help (-h, --help). */
bool qh_is_help(const char *arg);

/* Opens the database named by the context (created only when `create`). Returns an exit
 * code; on QH_OK *db is set and today/actor applied. */
int qh_open_db(qf_db **db, const qh_ctx *ctx, bool create);

/* Commands written in C. */
int qh_cmd_init(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);
int qh_cmd_run(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);
int qh_cmd_audit(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);
/* Runs a command written in Lua (cmd->lua). */
int qh_cmd_lua(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);
int qh_cmd_import(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);
int qh_cmd_export(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv);

#endif
