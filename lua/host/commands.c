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
     N_("members [--org ORG] [--under ORG] [--on DATE] [--status S[,S...]] [--flag FLAG]\n"
        "        [--order strokes|name]\n\n"
        "Lists members as of DATE (default today) with their status, branch, party group and\n"
        "posts: party members (full, probationary) first, then apart applicants, activists\n"
        "and candidates, who are not party members. --org: direct members of ORG; --under: of\n"
        "ORG or any org below it. S is applicant, activist, candidate, probationary or full;\n"
        "FLAG is a flag (suspended, on_probation_discipline, mobile or one of your own). Names\n"
        "are in stroke order (姓氏笔画: the strokes of the surname, then of the given name);\n"
        "--order name lists them by code point.\n"),
     qh_cmd_lua, "members.lua", true},
    {"appraisal", N_("democratic appraisal of members: record and list each member's grade"),
     N_("appraisal set MEMBER YEAR RESULT [--activity ID] [--org ORG] [--note TEXT]\n"
        "       appraisal list [--org ORG] [--year YEAR] [--activity ID]\n"
        "       appraisal remove MEMBER YEAR\n\n"
        "Records the grade the democratic appraisal of members (民主评议党员) gave a member for\n"
        "YEAR: excellent (优秀), qualified (合格), basically_qualified (基本合格) or unqualified\n"
        "(不合格); a second grade for the same year replaces the first. MEMBER is an id, a\n"
        "member code or a name only one member has. Only full and probationary members are\n"
        "graded. --activity: the appraisal meeting (an activity of kind appraisal, held);\n"
        "--org: the branch (default: the meeting's, else the member's).\n"
        "list: the grades by year, names in stroke order, with each year's share of 优秀\n"
        "(the standards judge it: at most a third).\n"),
     qh_cmd_lua, "appraisal.lua", true},
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
    {"activities", N_("list activities"),
     N_("activities [--org ORG] [--under ORG] [--kind KIND] [--from DATE] [--to DATE]\n\n"
        "Lists activities by start time with how many were due, attended and sat in (see\n"
        "docs/counting.md) and the evidence they left. --org: held by ORG; --under: by ORG or\n"
        "any org below it; KIND is an\n"
        "activity kind (lecture, semimonthly_talk, …); DATE bounds the start (inclusive).\n"),
     qh_cmd_lua, "activities.lua", true},
    {"import", N_("import members or activities from CSV"),
     N_("import members|activities FILE.csv [--org ORG]\n\n"
        "Imports a CSV file in one transaction: a bad row aborts the whole import with\n"
        "FILE:LINE:COLUMN and what is wrong, and nothing is written. Headers may be the\n"
        "English field names or their Chinese labels (docs/csv.md); a UTF-8 BOM is fine.\n"
        "  --org ORG   the org for rows without an org column\n"
        "A long import shows its progress on a terminal.\n"),
     qh_cmd_import, NULL, false},
    {"export", N_("export members or activities as CSV"),
     N_("export members|activities [-o FILE] [--org ORG] [--from DATE] [--to DATE]\n"
        "       [--chinese-headers] [--bom] [--unmask]\n\n"
        "Writes CSV that 'qufa import' reads back (to standard output without -o; a file is\n"
        "created readable by its owner only).\n"
        "  --org ORG            only ORG and the orgs below it\n"
        "  --from/--to DATE     activities starting in this range\n"
        "  --chinese-headers    Chinese column names and values (姓名, 性别, 男/女, …)\n"
        "  --bom                a UTF-8 byte order mark, for Excel\n"
        "  --unmask             personal fields (birth date, phone, ID number) in clear;\n"
        "                       without it they are masked (1980-**-**, 138****5678)\n"),
     qh_cmd_export, NULL, false},
    {"standards", N_("load, list and show standards"),
     N_("standards load FILE.lua...\n"
        "       standards list [--system SYSTEM] [--all]\n"
        "       standards show CODE [--org ORG] [--on DATE] [--format text|json]\n"
        "       standards kinds [--format text|markdown]\n\n"
        "load: runs each pack file in the restricted sandbox and stores the standards, systems\n"
        "      and tailorings it defines; an unchanged definition is left as it is, a changed\n"
        "      one becomes a new revision (the old one still judges earlier periods). All the\n"
        "      files load in one transaction: when one fails, none of them is kept.\n"
        "list: the systems with their categories, then every standard (--all: every revision).\n"
        "show: the standard as it applies to ORG on DATE (default today): its clauses,\n"
        "      requirements with every parameter, and where each clause came from and which\n"
        "      tailoring changed what.\n"
        "kinds: the requirement kinds the engine checks, with their parameters (markdown: the\n"
        "       table of docs/writing-standards.md, printed from the same definitions).\n"),
     qh_cmd_lua, "standards.lua", true},
    {"check", N_("check the records against the standards"),
     N_("check [--org ORG] [--period PERIOD] [--standard CODE] [--format text|json|csv]\n"
        "       [--all] [--save [--note TEXT]] [-o FILE]\n\n"
        "Evaluates every applicable clause over PERIOD (default: this year) for ORG (a branch,\n"
        "or every branch below a committee; default: every branch) and prints the findings:\n"
        "pass, fail, warn (a recommendation not met), open (the period has not ended yet:\n"
        "what is still needed and the days left), n/a, error. PERIOD is 2017, 2017-H1,\n"
        "2017-Q3, 2017-05, 2017-05-H2, 2017-05-10 or FROM..TO.\n"
        "  --all     list passing findings too\n"
        "  --save    store the result as an assessment (see 'qufa assessments', 'qufa diff')\n"
        "Exit status 1 when a requirement failed or a check function raised an error.\n"
        "The JSON format is documented in docs/check-output.md.\n"),
     qh_cmd_lua, "check.lua", true},
    {"assessments", N_("list saved check results"),
     N_("assessments\n\nLists the results saved with 'qufa check --save'.\n"),
     qh_cmd_lua, "assessments.lua", true},
    {"diff", N_("compare two saved check results"),
     N_("diff A B\n\n"
        "Shows the findings that are new in B, gone since A, or whose status changed.\n"),
     qh_cmd_lua, "diff.lua", true},
    {"remind", N_("what falls due: reminders from the standards, procedures and records"),
     N_("remind [--within 30d] [--org ORG] [--format text|json] [--all] [--dry-run]\n"
        "       [--ics FILE] [--exec COMMAND] [-o FILE]\n"
        "       remind ack ID [--note TEXT] | snooze ID DURATION [--note TEXT] | show ID\n"
        "       remind settings [KEY [VALUE]] [--note TEXT]\n\n"
        "Brings the reminder ledger up to date and lists, by the person responsible, what\n"
        "falls due within --within (default 30 days), what was already reminded of, and\n"
        "what is overdue. Reminders come from open findings of the standards (a period not\n"
        "yet satisfied, material due before a scheduled activity, a re-election), procedure\n"
        "deadlines, probations, transfer letters and expiring exemptions. Each lead time\n"
        "fires once; what was missed while qufa did not run fires late, once.\n"
        "  --dry-run       show what would fire; deliver and record nothing\n"
        "  --ics FILE      also write an iCalendar file (tasks with alarms) for a calendar\n"
        "  --exec COMMAND  run COMMAND (with /bin/sh) for each reminder that fires, with\n"
        "                  QUFA_REMINDER_* variables and the reminder as JSON on its input;\n"
        "                  if it fails, the reminder fires again next run (exit status 1)\n"
        "  ack ID          stop reminding of ID;  snooze ID 3d: silence it for a while\n"
        "  settings        lead times per source (leads.month = -7d,-3d,-1d …); VALUE \"\"\n"
        "                  restores the default\n"
        "See docs/reminders.md.\n"),
     qh_cmd_lua, "remind.lua", true},
    {"demo", N_("create a demonstration database and show it"),
     N_("demo [-o PATH]\n\n"
        "Creates ./qufa-demo.db (or PATH; never qufa.db, --db is ignored) from the Lua in\n"
        "scripts/demo/, replacing an earlier demo database, imports the holiday calendars\n"
        "of scripts/calendars/, loads the standards packs of scripts/packs/, checks the\n"
        "year up to --today (default 2017-09-05) and sums up what it holds, the lapses\n"
        "found and what is still open.\n"),
     qh_cmd_lua, "demo.lua", false},
    {"report", N_("reports and ledgers: activities, compliance, attendance, score, members"),
     N_("report NAME [--period P] [--org ORG] [-o FILE] [--format F] [--bom] [--unmask]\n"
        "       report FILE.lua [OPTIONS]\n"
        "       report list\n"
        "       report show NAME\n\n"
        "Runs a built-in report (list shows them with their options) or a report of your own\n"
        "written in Lua (docs/reports.md). The output goes to FILE, in the format of its\n"
        "extension (.xlsx for Excel, .csv, .html to print with charts, .md, .json, .txt), or\n"
        "to the terminal as aligned text.\n"
        "  --period P   2017, 2017-H1, 2017-Q3, 2017-05 or FROM..TO (default: this year)\n"
        "  --org ORG    the branch (default: the only one)\n"
        "  --format F   text, md, csv, json, xlsx or html (default: from FILE, else text)\n"
        "  --bom        CSV starts with a byte-order mark, so Excel reads the Chinese\n"
        "  --unmask     members: show birth dates, phone and id numbers in full\n"
        "show prints the Lua of a built-in report, to start one of your own.\n"),
     qh_cmd_lua, "report.lua", false},
    {"doc", N_("documents from an activity: notice, invitation, sign-in sheet, minutes, news, archive"),
     N_("doc TYPE ACTIVITY [--format md|html|docx] [-o FILE] [--templates DIR] [--date D]\n"
        "                      [--register [--type T]]\n"
        "       doc archive ACTIVITY -o FILE.zip [--templates DIR] [--register]\n"
        "       doc skeleton -o FILE.docx\n"
        "       doc list [--templates DIR]\n\n"
        "Writes a document for the activity with id ACTIVITY from its template: notice\n"
        "(会议通知), invitation (邀请函, one per invited guest), signin (签到表), minutes\n"
        "(会议记录 skeleton) or news (简讯 draft). Markdown by default; html is one page ready\n"
        "to print, docx a Word document laid out as an official document (GB/T 9704); the\n"
        "format also follows from the extension of -o.\n"
        "  --templates DIR  your own templates first (also $QUFA_TEMPLATES), and your own\n"
        "                   document.docx or TYPE.docx skeleton; a standard may name the\n"
        "                   template its activities use\n"
        "  --date D         the day the document carries (default: from the activity: the\n"
        "                   evidence on record, else a notice before it, a news brief after)\n"
        "  --register       store the document as the activity's evidence of that type,\n"
        "                   dated as the document (notice, invitation, minutes, news)\n"
        "  --type T         with --register, the evidence of another type: T is an evidence\n"
        "                   type (archive, photo, …)\n"
        "archive packs the activity's evidence on record, the sign-in sheet, index.html and\n"
        "manifest.json (SHA-256 of each file) into one zip. skeleton writes the built-in .docx\n"
        "skeleton to start your own. list shows the types and where each template comes from.\n"),
     qh_cmd_lua, "doc.lua", true},
    {NULL, NULL, NULL, NULL, NULL, false},
};

const qh_command *qh_find_command(const char *name)
{
    for (const qh_command *c = qh_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
