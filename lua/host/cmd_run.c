/* qufa run SCRIPT (one savepoint around the whole script) and the runner of commands written
 * in Lua (lua/host/cmd/NAME.lua). */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "file_out.h"
#include "host.h"
#include "ql.h"
#include "sandbox.h"

struct qf_embedded_file {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct qf_embedded_file qh_cmd_files[];
extern const struct qf_embedded_file qh_demo_files[];
extern const struct qf_embedded_file qh_pack_files[];
extern const struct qf_embedded_file qh_workflow_files[];
extern const struct qf_embedded_file qh_calendar_files[];
extern const struct qf_embedded_file qh_report_files[];
extern const struct qf_embedded_file qh_template_files[];

static const struct qf_embedded_file *find_file(const struct qf_embedded_file *files,
                                                const char *name)
{
    for (const struct qf_embedded_file *f = files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* Ends every open transaction level: committed when `commit`, else rolled back. */
static int finish_transactions(qf_db *db, bool commit)
{
    int rc = QF_OK;
    while (qf_tx_depth(db) > 0) {
        if (commit && rc == QF_OK)
            rc = qf_tx_commit(db);
        else
            qf_tx_rollback(db);
    }
    return rc;
}

typedef struct exit_ctx {
    const qh_ctx *ctx;
    qf_db *db;
} exit_ctx;

/* os.exit inside a script: keep its writes on success, drop them otherwise, then exit. */
static void script_exit(int code, void *payload)
{
    exit_ctx *e = payload;
    int rc = finish_transactions(e->db, code == 0);
    if (rc != QF_OK)
        code = qh_core_error(e->ctx, rc);
    qf_db_free(e->db);
    fflush(stdout);
    exit(code);
}

/* The exit code for a failure whose message is `msg` and that asked for `code`: a failure of
 * the system (a full disk, a read-only file system: QF_ESYSTEM) met by a command or a script
 * ends with 3 whatever was asked, when the message says that error. */
static int failure_code(const char *msg, int code)
{
    const char *last = qf_error_last();
    if (code == QH_USAGE && qf_error_last_code() == QF_ESYSTEM && msg && *last &&
        strstr(msg, last))
        return QH_INTERNAL;
    return code;
}

static void push_arg_table(lua_State *L, const char *script, int argc, char **argv)
{
    lua_createtable(L, argc, 1);
    lua_pushstring(L, script);
    lua_rawseti(L, -2, 0);
    for (int k = 0; k < argc; k++) {
        lua_pushstring(L, argv[k]);
        lua_rawseti(L, -2, k + 1);
    }
}

int qh_cmd_run(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    bool restricted = false;
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--restricted") == 0) {
            restricted = true;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            qh_error(ctx, _("run: unknown option '%s'"), argv[i]);
            qh_print_usage(cmd, true);
            return QH_USAGE;
        }
    }
    if (i >= argc) {
        qh_error(ctx, "%s", _("run: which script? (qufa run SCRIPT.lua)"));
        qh_print_usage(cmd, true);
        return QH_USAGE;
    }
    const char *script = argv[i];
    int nargs = argc - i - 1;
    char **args = argv + i + 1;

    qf_db *db = NULL;
    int code = qh_open_db(&db, ctx, false);
    if (code != QH_OK)
        return code;
    ql_sandbox *sb = ql_sandbox_new(restricted ? QL_RESTRICTED : QL_TRUSTED, db, NULL);
    if (!sb) {
        qh_error(ctx, "%s", _("out of memory"));
        qf_db_free(db);
        return QH_INTERNAL;
    }
    lua_State *L = ql_sandbox_state(sb);
    push_arg_table(L, script, nargs, args);
    ql_sandbox_set_global(sb, "arg");
    exit_ctx ec = {ctx, db};
    ql_sandbox_on_exit(sb, script_exit, &ec);

    /* restricted code cannot write: no savepoint, so it sees the log as committed */
    int rc = restricted ? QF_OK : qf_tx_begin(db);
    if (rc != QF_OK) {
        code = qh_core_error(ctx, rc);
    } else {
        luaL_checkstack(L, nargs, "arguments");
        for (int k = 0; k < nargs; k++)
            lua_pushstring(L, args[k]);
        if (ql_sandbox_run_file(sb, script, nargs, 0) == LUA_OK) {
            rc = finish_transactions(db, true);
            if (rc != QF_OK)
                code = qh_core_error(ctx, rc);
        } else {
            /* a table error ({message = …}, the host commands' own way to fail) that a
             * trusted script raised by hand: its message, or what it is */
            if (lua_type(L, -1) == LUA_TTABLE) {
                lua_getfield(L, -1, "message");
                if (lua_type(L, -1) != LUA_TSTRING) {
                    lua_pop(L, 1);
                    lua_pushfstring(L, _("(error object is a %s value)"), luaL_typename(L, -1));
                }
            }
            size_t len = 0;
            const char *msg = lua_tolstring(L, -1, &len);
            ql_write_escaped(stderr, msg ? msg : "?", msg ? len : 1, true);
            fputc('\n', stderr);
            qh_error(ctx, "%s", _("the script failed; nothing it wrote was kept"));
            code = failure_code(msg, QH_USAGE); /* before the rollback touches the error */
            finish_transactions(db, false);
        }
    }
    ql_sandbox_free(sb);
    qf_db_free(db);
    return code;
}

/* A list {{name = …, source = …}, …} of embedded files. */
static void push_files(lua_State *L, const struct qf_embedded_file *files)
{
    lua_newtable(L);
    int n = 0;
    for (const struct qf_embedded_file *f = files; f->name; f++) {
        lua_createtable(L, 0, 2);
        lua_pushstring(L, f->name);
        lua_setfield(L, -2, "name");
        lua_pushlstring(L, f->data, f->len);
        lua_setfield(L, -2, "source");
        lua_rawseti(L, -2, ++n);
    }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* host.dir(path) -> sorted list of the names in a directory (without . and ..), or nil when
 * path is not a directory (a command that takes FILES|DIR, such as qufa test, tells them
 * apart with it; plain Lua cannot list a directory). */
static int host_dir(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        lua_pushnil(L);
        return 1;
    }
    DIR *d = opendir(path);
    if (!d) {
        lua_pushnil(L);
        return 1;
    }
    size_t n = 0, cap = 0;
    char **names = NULL;
    struct dirent *e;
    bool oom = false;
    while (!oom && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **grown = realloc(names, ncap * sizeof *names);
            if (!grown) {
                oom = true;
                break;
            }
            names = grown;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name)))
            oom = true;
        else
            n++;
    }
    closedir(d);
    if (oom) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return luaL_error(L, "%s", _("out of memory"));
    }
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
        free(names[i]);
    }
    free(names);
    return 1;
}

/* host: what the Lua commands know of the command line. */
static void push_host_table(lua_State *L, const qh_ctx *ctx)
{
    lua_createtable(L, 0, 12);
    lua_pushcfunction(L, host_dir);
    lua_setfield(L, -2, "dir");
    lua_pushstring(L, ctx->db_path);
    lua_setfield(L, -2, "db_path");
    lua_pushboolean(L, ctx->color_out);
    lua_setfield(L, -2, "color");
    lua_pushboolean(L, isatty(STDIN_FILENO));
    lua_setfield(L, -2, "interactive");
    if (ctx->today != QF_DATE_NONE) {
        char buf[11];
        qf_date_format(ctx->today, buf);
        lua_pushstring(L, buf);
        lua_setfield(L, -2, "today");
    }
    if (ctx->actor) {
        lua_pushstring(L, ctx->actor);
        lua_setfield(L, -2, "actor");
    }
    push_files(L, qh_demo_files);
    lua_setfield(L, -2, "demo_files");
    push_files(L, qh_pack_files);
    lua_setfield(L, -2, "pack_files");
    push_files(L, qh_workflow_files); /* scripts/workflows, for the demo */
    lua_setfield(L, -2, "workflow_files");
    push_files(L, qh_calendar_files); /* scripts/calendars, for the demo */
    lua_setfield(L, -2, "calendar_files");
    push_files(L, qh_report_files); /* scripts/reports */
    lua_setfield(L, -2, "report_files");
    push_files(L, qh_template_files); /* scripts/templates */
    lua_setfield(L, -2, "template_files");
    push_files(L, qh_cmd_files); /* lua/host/cmd: a command's parts in files of their own */
    lua_setfield(L, -2, "cmd_files");
    qh_out_functions(L); /* write_file, write_stream, output_check (file_out.c) */
}

/* An error object {exit = code, message = text} (cli.fail in common.lua) ends the command
 * with that code; any other error is an input error. */
static int lua_failure(lua_State *L, const qh_ctx *ctx)
{
    if (lua_type(L, -1) == LUA_TTABLE) {
        lua_getfield(L, -1, "message");
        const char *text = lua_tostring(L, -1);
        if (text)
            qh_error(ctx, "%s", text);
        lua_getfield(L, -2, "exit");
        int isint = 0;
        lua_Integer code = lua_tointegerx(L, -1, &isint);
        return failure_code(text, isint ? (int)code : QH_USAGE);
    }
    /* a command's own file and line mean nothing to its user: keep only the message */
    const char *msg = lua_tostring(L, -1);
    if (!msg)
        msg = "?";
    const char *end = strstr(msg, "\nstack traceback:");
    size_t len = end ? (size_t)(end - msg) : strlen(msg);
    const char *colon = strstr(msg, ".lua:");
    if (colon && colon < msg + len) {
        const char *p = colon + 5;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p == ':' && p[1] == ' ') {
            len -= (size_t)(p + 2 - msg);
            msg = p + 2;
        }
    }
    qh_error(ctx, "%.*s", (int)len, msg);
    return failure_code(msg, QH_USAGE);
}

int qh_cmd_lua(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    const struct qf_embedded_file *common = find_file(qh_cmd_files, "common.lua");
    const struct qf_embedded_file *src = find_file(qh_cmd_files, cmd->lua);
    if (!common || !src) {
        qh_error(ctx, "command %s: its Lua source is not built in", cmd->name);
        return QH_INTERNAL;
    }
    qf_db *db = NULL;
    if (cmd->needs_db) {
        int code = qh_open_db(&db, ctx, false);
        if (code != QH_OK)
            return code;
    }
    ql_sandbox *sb = ql_sandbox_new(QL_TRUSTED, db, NULL);
    if (!sb) {
        qh_error(ctx, "%s", _("out of memory"));
        qf_db_free(db);
        return QH_INTERNAL;
    }
    lua_State *L = ql_sandbox_state(sb);
    int code = QH_OK;
    push_host_table(L, ctx);
    char name[96];
    snprintf(name, sizeof name, "=%s", common->name);
    if (ql_sandbox_run(sb, common->data, common->len, name, 1, 1) != LUA_OK) {
        code = lua_failure(L, ctx);
    } else {
        ql_sandbox_set_global(sb, "cli");
        luaL_checkstack(L, argc, "arguments");
        for (int k = 0; k < argc; k++)
            lua_pushstring(L, argv[k]);
        snprintf(name, sizeof name, "=%s", src->name);
        if (ql_sandbox_run(sb, src->data, src->len, name, argc, 1) != LUA_OK) {
            code = lua_failure(L, ctx);
        } else if (lua_isinteger(L, -1)) {
            code = (int)lua_tointeger(L, -1);
        }
    }
    if (db)
        finish_transactions(db, false);
    ql_sandbox_free(sb);
    qf_db_free(db);
    return code;
}
