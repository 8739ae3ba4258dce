/* Reminders from Lua: --exec, a command run for each reminder that fires. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "l_remind.h"

extern char **environ;

static bool add_env(char ***env, size_t *n, size_t *cap, const char *name, const char *value)
{
    if (*n + 2 > *cap) {
        size_t c = *cap ? *cap * 2 : 128;
        char **g = realloc(*env, c * sizeof *g);
        if (!g)
            return false;
        *env = g;
        *cap = c;
    }
    size_t len = strlen(name) + strlen(value ? value : "") + 2;
    char *s = malloc(len);
    if (!s)
        return false;
    snprintf(s, len, "%s=%s", name, value ? value : "");
    (*env)[(*n)++] = s;
    (*env)[*n] = NULL;
    return true;
}

/* Runs `cmd` with /bin/sh: the reminder in QUFA_REMINDER_* variables and as JSON on its
 * standard input; its output goes to our standard error (standard output is the report). */
int ql_remind_exec(const char *cmd, const qf_reminder *r)
{
    char *json = NULL;
    int rc = qf_reminder_json(&json, r);
    if (rc)
        return rc;
    char **env = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (char **e = environ; ok && *e; e++) {
        if (strncmp(*e, "QUFA_REMINDER_", 14) == 0)
            continue;
        const char *eq = strchr(*e, '=');
        char name[256];
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - *e) : 0, *e);
        ok = eq && add_env(&env, &n, &cap, name, eq + 1);
    }
    char id[24], days[24], due[11];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(days, sizeof days, "%d", r->days_left);
    qf_date_format(r->due, due);
    const char *who = r->holder ? r->holder : r->responsible_label;
    ok = ok && add_env(&env, &n, &cap, "QUFA_REMINDER_ID", id) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_KEY", r->key) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_TITLE", r->title) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_MESSAGE", r->message) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_DUE", due) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_DAYS_LEFT", days) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_OVERDUE", r->overdue ? "1" : "0") &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_LATE", r->late ? "1" : "0") &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_LEAD", r->fire_lead) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_STATE", qf_reminder_state_name(r->state)) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_RESPONSIBLE", who) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_RESPONSIBLE_POST", r->responsible) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_ORG", r->org) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_SOURCE", r->source) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_RULE", r->rule) &&
         add_env(&env, &n, &cap, "QUFA_REMINDER_SUBJECT", r->subject);
    int fd[2] = {-1, -1};
    if (ok && pipe(fd) != 0)
        ok = false;
    pid_t pid = 0;
    int spawned = -1;
    if (ok) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fd[0], STDIN_FILENO);
        posix_spawn_file_actions_addclose(&fa, fd[0]);
        posix_spawn_file_actions_addclose(&fa, fd[1]);
        posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
        char *argv[] = {(char *)"sh", (char *)"-c", (char *)cmd, NULL};
        spawned = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, env);
        posix_spawn_file_actions_destroy(&fa);
        close(fd[0]);
    }
    for (size_t i = 0; i < n; i++)
        free(env[i]);
    free(env);
    if (!ok || spawned != 0) {
        if (fd[1] >= 0)
            close(fd[1]);
        free(json);
        return qf_error_set(QF_ERROR, _("cannot run the command: %s"),
                            strerror(spawned > 0 ? spawned : errno));
    }
    /* a command that does not read its input must not kill us with SIGPIPE */
    struct sigaction ignore, old;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignore, &old);
    size_t len = strlen(json), off = 0;
    while (off < len) {
        ssize_t w = write(fd[1], json + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd[1]);
    sigaction(SIGPIPE, &old, NULL);
    free(json);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return QF_OK;
    if (WIFEXITED(status))
        return qf_error_set(QF_ERROR, _("the command exited with status %d"), WEXITSTATUS(status));
    return qf_error_set(QF_ERROR, _("the command was ended by signal %d"),
                        WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
