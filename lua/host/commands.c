/* The command table: adding a command is one entry here plus its function (C) or its file
 * under lua/host/cmd/ (Lua). */
#include <string.h>
#include "host.h"

const qh_command qh_commands[] = {
    {"init", N_("create the database (or bring its schema up to date)"),
     N_("init\n\n"
        "Creates the database named by --db, $QUFA_DB or ./qufa.db, or upgrades an existing\n"
        "one to the current schema.\n"),
     qh_cmd_init, NULL, false},
    {"run", N_("run a Lua script against the database"),
     N_("run [--restricted] SCRIPT.lua [ARGS...]\n\n"
        "Runs a Lua script with the globals db, qufa and arg (arg[0] is the script, arg[1]...\n"
        "its arguments). The whole script runs in one savepoint: if it fails, nothing it\n"
        "wrote is kept, and the error is shown as SCRIPT.lua:LINE: message with a traceback.\n\n"
        "  --restricted  run it sandboxed: read-only database, no io/os/require, memory,\n"
        "                instruction and time limits (as for shared standards packs)\n"),
     qh_cmd_run, NULL, false},
    {"repl", N_("interactive Lua prompt with db and qufa"),
     N_("repl\n\n"
        "Reads Lua statements from standard input and runs each in its own savepoint: a\n"
        "statement that fails writes nothing. The values of an expression are printed.\n"),
     qh_cmd_lua, "repl.lua", true},
    {"audit", N_("verify the audit log"),
     N_("audit verify\n\n"
        "Checks the hash chain of the audit log, and that every record still equals its last\n"
        "audit entry (so an edit made behind qufa's back, e.g. with the sqlite3 shell, is\n"
        "found). Exit status 1 with a message naming the table, row and field on a problem.\n"),
     qh_cmd_audit, NULL, false},
    {"orgs", N_("list organisations"),
     N_("orgs [--under ORG] [--kind KIND]\n\n"
        "Lists organisations in tree order. ORG is a code or an id; KIND is committee,\n"
        "general_branch, branch or group.\n"),
     qh_cmd_lua, "orgs.lua", true},
    {"members", N_("list members on a day"),
     N_("members [--org ORG] [--under ORG] [--on DATE] [--status S[,S...]] [--flag FLAG]\n\n"
        "Lists members as of DATE (default today) with their status, branch, party group and\n"
        "posts. --org: direct members of ORG; --under: of ORG or any org below it. S is\n"
        "applicant, activist, candidate, probationary or full.\n"),
     qh_cmd_lua, "members.lua", true},
    {"flow", N_("procedures: load, start and advance cases, see what is due"),
     N_("flow SUBCOMMAND ...\n\n"
        "  list [PROCEDURE] [--state S | --all] [--org ORG]\n"
        "                   procedures, and their cases (open ones unless asked)\n"
        "  load FILE.lua    store the procedures a Lua file declares (a changed one becomes a\n"
        "                   new revision; running cases keep theirs)\n"
        "  start PROCEDURE [--member ID|CODE] [--org CODE] [--date D] [--note N]\n"
        "                   [--set FIELD=VALUE]... [--param NAME=VALUE]...\n"
        "                   start a case at the first step\n"
        "  show CASE        history, current step, what it needs, deadlines with days left\n"
        "  advance CASE STEP [--to NEXT] [--date D] [--note N] [--set FIELD=VALUE]...\n"
        "                   [--artifact [TYPE=]FILE|ID]...\n"
        "                   record that STEP (the current step) was done; refused, changing\n"
        "                   nothing, when evidence, a field or a condition is missing\n"
        "  due [--within 30d] [--format text|json] [--org ORG] [--procedure P]\n"
        "                   deadlines falling due, and everything overdue\n"
        "  cancel CASE [--date D] [--note N]\n"
        "  params PROCEDURE [NAME=VALUE]... [--note N]\n"
        "                   the procedure's parameters; NAME=VALUE corrects one for cases\n"
        "                   started from now on, NAME= restores its default\n\n"
        "Writing a procedure of your own: docs/writing-procedures.md.\n"),
     qh_cmd_lua, "flow.lua", true},
    {"calendar", N_("the workday calendar: holidays and weekend days worked"),
     N_("calendar import FILE | calendar show PERIOD\n\n"
        "  import FILE   read the holidays and weekend working days (调休) of the years FILE\n"
        "                lists, one rule a line:  2017-01-27..2017-02-02 off 春节\n"
        "                                         2017-01-22 work 春节调休\n"
        "                (it replaces those years; see scripts/calendars/cn-2017.txt)\n"
        "  show PERIOD   a month (2017-01) or every month of a year (2017): * off, + worked\n"),
     qh_cmd_lua, "calendar.lua", true},
    {"demo", N_("create a demonstration database and show it"),
     N_("demo [-o PATH]\n\n"
        "Creates ./qufa-demo.db (or PATH; never qufa.db, --db is ignored) from the Lua in\n"
        "scripts/demo/, replacing an earlier demo database, and lists what it holds.\n"),
     qh_cmd_lua, "demo.lua", false},
    {NULL, NULL, NULL, NULL, NULL, false},
};

const qh_command *qh_find_command(const char *name)
{
    for (const qh_command *c = qh_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
