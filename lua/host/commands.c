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
     N_("audit verify [--unmask]\n\n"
        "Checks the hash chain of the audit log, and that every record still equals its last\n"
        "audit entry (so an edit made behind qufa's back, e.g. with the sqlite3 shell, is\n"
        "found). Exit status 1 with a message naming the table, row and field on a problem;\n"
        "a birth date, phone or ID number in it is masked as in exports.\n\n"
        "  --unmask   show personal fields in clear in that message\n"),
     qh_cmd_audit, NULL, false},
    {"orgs", N_("list organisations"),
     N_("orgs [--under ORG] [--kind KIND]\n\n"
        "Lists organisations in tree order. ORG is a code or an id; KIND is committee,\n"
        "general_branch, branch or group.\n"),
     qh_cmd_lua, "orgs.lua", true},
    {"org", N_("add an organisation, or correct one"),
     N_("org add CODE NAME --kind KIND [--parent ORG]\n"
        "       org update ORG [--code CODE] [--name NAME] [--parent ORG]\n\n"
        "  add     a committee, general branch, branch or party group; KIND is committee\n"
        "          (党委), general_branch (党总支), branch (党支部) or group (党小组)\n"
        "  update  change an org's code, name or parent\n"
        "ORG is an id, a code or an exact name. Each change is one transaction, audited;\n"
        "an error changes nothing (exit 2). The listing is 'qufa orgs'.\n"),
     qh_cmd_lua, "org.lua", true},
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
    {"member", N_("add a member, change status, branch, group, flags"),
     N_("member add NAME [--code C] [--gender G] [--birth-date D] [--joined D]\n"
        "                  [--status S] [--since D] [--org ORG] [--group GROUP]\n"
        "                  [--phone P] [--id-number N]\n"
        "       member update MEMBER [--name N] [--code C] [--gender G] [--birth-date D]\n"
        "                  [--joined D] [--phone P] [--id-number N]\n"
        "       member status MEMBER STATUS [--date D] [--note TEXT]\n"
        "       member join MEMBER ORG [--date D]\n"
        "       member leave MEMBER [ORG] [--date D]\n"
        "       member flag MEMBER FLAG [--from D] [--to D]\n"
        "       member unflag MEMBER FLAG [--date D]\n"
        "       member remove MEMBER --yes\n"
        "       member show MEMBER [--on D] [--unmask]\n\n"
        "  add     a member with a status (正式党员 full, 预备党员 probationary, 发展对象\n"
        "          candidate, 入党积极分子 activist, 入党申请人 applicant) from --since\n"
        "          (default: --joined for full and probationary members, else today), in a\n"
        "          branch (--org, default the only one) and a party group; G is male or\n"
        "          female (男, 女)\n"
        "  update  descriptive fields; an empty value clears one\n"
        "  status  a new status from --date (default today)\n"
        "  join    a branch or party group from --date; moving to another ends the current\n"
        "          one the day before\n"
        "  leave   end the membership of ORG (default: the member's branch, with its party\n"
        "          group) on --date\n"
        "  flag    hold FLAG (流动党员 mobile, 停止党籍 suspended, 留党察看\n"
        "          on_probation_discipline) from --from (default today) to --to (default open)\n"
        "  unflag  end FLAG on --date\n"
        "  remove  delete a member entered by mistake, with its history (one that attendance,\n"
        "          posts or transfers refer to is refused: a member who left is ended by leave)\n"
        "  show    the record, posts, flags and history (personal data masked unless --unmask)\n"
        "MEMBER is an id, a member code or an exact name; ORG an id, a code or a name; D is\n"
        "YYYY-MM-DD. S is full, probationary, candidate, activist or applicant (STATUS too,\n"
        "or its Chinese name). Each change is one transaction, audited; an error changes\n"
        "nothing (exit 2). The listing is 'qufa members'.\n"),
     qh_cmd_lua, "member.lua", true},
    {"post", N_("appoint to a post, end one, list who holds which"),
     N_("post appoint MEMBER POST [--org ORG] [--from D] [--to D] [--note TEXT]\n"
        "       post end MEMBER POST [--org ORG] [--date D]\n"
        "       post remove ID\n"
        "       post list [--org ORG] [--on D]\n\n"
        "POST is 书记 secretary, 副书记 deputy_secretary, 组织委员 organization, 宣传委员\n"
        "publicity, 纪检委员 discipline, 党小组长 group_leader, 支部委员 committee_member or\n"
        "a post of your own ('qufa vocab add post CODE 名称'). ORG defaults to the\n"
        "member's party group for a group leader, else to the member's branch. --from\n"
        "defaults to today, --to to open; end closes the post on --date (default today);\n"
        "remove deletes an appointment entered by mistake (ID as 'post list' shows it).\n"
        "Each change is one transaction, audited; an error changes nothing (exit 2).\n"),
     qh_cmd_lua, "post.lua", true},
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
    {"activity", N_("add an activity, record attendance, guests and agenda"),
     N_("activity add KIND TITLE --date D [--time HH:MM[-HH:MM]] [--org ORG]\n"
        "                  [--topic T] [--place P] [--host M] [--recorder M] [--lecturer M]\n"
        "                  [--present LIST] [--absent LIST] [--leave LIST] [--late LIST]\n"
        "       activity attend ACTIVITY STATE MEMBER... [--reason TEXT]\n"
        "       activity guest ACTIVITY NAME --role ROLE [--affiliation A]\n"
        "       activity agenda ACTIVITY SEGMENT[=TITLE]...\n"
        "       activity update ACTIVITY [--kind KIND] [--title T] [--date D]\n"
        "                  [--time HH:MM[-HH:MM]] [--org ORG] [--topic T] [--place P]\n"
        "                  [--host M] [--recorder M] [--lecturer M]\n"
        "       activity unattend ACTIVITY MEMBER...\n"
        "       activity unguest ACTIVITY GUEST\n"
        "       activity remove ACTIVITY --yes\n"
        "       activity show ACTIVITY\n\n"
        "  add     KIND is an activity kind (党课 lecture, 半月谈 semimonthly_talk, 党小组会\n"
        "          group_meeting, …), by code or label; --org defaults to the only\n"
        "          branch (a party group meeting names its group); LIST names members\n"
        "          separated by 、 or , each with a reason in parentheses if need be\n"
        "          (--leave 赵磊（出差）), as in a CSV file\n"
        "  attend  STATE is 出席 present, 缺席 absent, 请假 leave or 迟到 late, for each\n"
        "          MEMBER named (ids, codes or names; one argument may list several,\n"
        "          separated by 、 or ,); --reason goes with each without one of its own\n"
        "  guest   an invited guest; ROLE is a guest role (专家 expert, 上级党组织代表\n"
        "          representative, 领导 leader, 列席人员 observer, …)\n"
        "  agenda  replace the agenda by these segments, in order (study=学习讲话)\n"
        "  update  correct the activity's own fields (an empty value clears an optional one);\n"
        "          --date alone keeps the times of day\n"
        "  unattend  remove the attendance records of the members named\n"
        "  unguest   remove a guest (GUEST: the id 'activity show' lists, or the name)\n"
        "  remove  delete the activity with its attendance, guests, agenda and evidence\n"
        "          (--yes: there is no undo but the audit log)\n"
        "  show    everything the activity records, with its evidence\n"
        "ACTIVITY is the id 'qufa activities' shows. Each change is one transaction,\n"
        "audited; an error changes nothing (exit 2).\n"),
     qh_cmd_lua, "activity.lua", true},
    {"evidence", N_("register an activity's evidence: notice, minutes, photos …"),
     N_("evidence add ACTIVITY TYPE FILE --date D [--time HH:MM] [--title T] [--link]\n"
        "       evidence add ACTIVITY TYPE --no-file --date D [--time HH:MM] [--title T]\n"
        "       evidence remove ID\n\n"
        "TYPE is 会议通知 notice, 邀请函 invitation, 课件 courseware, 会议记录 minutes, 照片\n"
        "photo, 简讯 news, 存档 archive, … (code or label). FILE is stored in the database\n"
        "(--link: only its path, size and SHA-256); --no-file records evidence kept on paper.\n"
        "--date is the day it was issued or made: the standards judge it (a notice before\n"
        "the activity, a news brief after), so it has no default. Each change is one\n"
        "transaction, audited; an error changes nothing (exit 2).\n"),
     qh_cmd_lua, "evidence.lua", true},
    {"vocab", N_("list the vocabularies, add a term of your own (a post, an activity kind …)"),
     N_("vocab list [VOCAB]\n"
        "       vocab add VOCAB CODE LABEL_ZH [LABEL_EN]\n\n"
        "  list  the terms of VOCAB (default: all), built in or your own\n"
        "  add   a term of your own, or new labels for one you added before (built-in terms\n"
        "        keep theirs)\n"
        "VOCAB is activity_kind, artifact_type, post, guest_role or flag (or its Chinese\n"
        "name: 活动类型, 材料类型, 职务, 嘉宾身份, 标记). CODE is what standards and files name\n"
        "(lower-case letters, digits and _, such as reading_club); a label may stand for it on\n"
        "the command line and in CSV files, so two terms of a vocabulary cannot share one.\n"
        "Each change is one transaction, audited; an error changes nothing (exit 2).\n"),
     qh_cmd_lua, "vocab.lua", true},
    {"import", N_("import members or activities from CSV or an Excel workbook"),
     N_("import members|activities FILE [--org ORG] [--sheet SHEET]\n\n"
        "Imports a CSV file or a sheet of an .xlsx workbook (told apart by content, not by\n"
        "the extension) in one transaction: a bad row aborts the whole import with\n"
        "FILE:LINE:COLUMN (a workbook: FILE:SHEET:ROW:COLUMN) and what is wrong, and nothing\n"
        "is written. Headers may be the English field names or their Chinese labels\n"
        "(docs/csv.md); a UTF-8 BOM is fine. In a workbook, the header is the first row\n"
        "with two values or more (a title above it is skipped) and dates may be date cells.\n"
        "  --org ORG      the org for rows without an org column\n"
        "  --sheet SHEET  the sheet of a workbook (default: the first)\n"
        "A long import shows its progress on a terminal.\n"),
     qh_cmd_import, NULL, false},
    {"export", N_("export members or activities as CSV or an Excel workbook"),
     N_("export members|activities [-o FILE] [--format csv|xlsx] [--org ORG] [--from DATE]\n"
        "       [--to DATE] [--chinese-headers] [--bom] [--unmask]\n\n"
        "Writes CSV, or an .xlsx workbook, that 'qufa import' reads back (CSV to standard\n"
        "output without -o; a file is created readable by its owner only).\n"
        "  --format F           csv or xlsx (default: xlsx for a FILE named *.xlsx, else csv);\n"
        "                       in a workbook dates are date cells, everything else text\n"
        "  --org ORG            only ORG and the orgs below it\n"
        "  --from/--to DATE     activities starting in this range\n"
        "  --chinese-headers    Chinese column names and values (姓名, 性别, 男/女, …)\n"
        "  --bom                a UTF-8 byte order mark, for Excel (CSV only)\n"
        "  --unmask             personal fields (birth date, phone, ID number) in clear;\n"
        "                       without it they are masked (1980-**-**, 138****5678)\n"),
     qh_cmd_export, NULL, false},
    {"standards", N_("load, list and show standards"),
     N_("standards load FILE.lua...\n"
        "       standards list [--system SYSTEM] [--all]\n"
        "       standards show CODE [--org ORG] [--on DATE] [--format text|json]\n"
        "       standards impact FILE.lua [--period P] [--org ORG] [--format text|json] [--all]\n"
        "       standards kinds [--format text|markdown]\n\n"
        "load: runs each pack file in the restricted sandbox and stores the standards, systems\n"
        "      and tailorings it defines; an unchanged definition is left as it is, a changed\n"
        "      one becomes a new revision (the old one still judges earlier periods). All the\n"
        "      files load in one transaction: when one fails, none of them is kept.\n"
        "list: the systems with their categories, then every standard (--all: every revision).\n"
        "show: the standard as it applies to ORG on DATE (default today): its clauses,\n"
        "      requirements with every parameter, and where each clause came from and which\n"
        "      tailoring changed what.\n"
        "impact: what loading FILE (a new revision, a new standard, a tailoring) would change:\n"
        "      the stored records judged under it over P (default this year), the findings\n"
        "      new, gone or changing status, by standard and clause (--all: also those only\n"
        "      reworded). Nothing is stored.\n"
        "kinds: the requirement kinds the engine checks, with their parameters (markdown: the\n"
        "       table of docs/writing-standards.md, printed from the same definitions).\n"),
     qh_cmd_lua, "standards.lua", true},
    {"test", N_("test standards packs: expected findings over fixtures, with coverage"),
     N_("test [FILES|DIR...] [--coverage] [--format text|json] [--run TEXT]\n\n"
        "Runs the test cases of each test file (in a DIR, every *_test.lua; default: the\n"
        "current directory). A case, test{...}, builds its records (orgs, members with their\n"
        "status history, posts, activities with attendance, guests, agenda and evidence) from\n"
        "Lua tables in a throwaway in-memory database, loads the pack files it names, checks\n"
        "a period as of its today and compares the findings with those it expects: missing,\n"
        "unexpected, different status or message. --db is not used.\n"
        "  --coverage  per standard, each requirement with the outcomes the tests confirmed;\n"
        "              covered when seen both met and not met\n"
        "  --run TEXT  only the cases whose name contains TEXT\n"
        "Exit status 0 when every test passed, 1 when one failed, 2 when one could not run\n"
        "(a bad test file, fixture or pack). See docs/writing-standards.md.\n"),
     qh_cmd_lua, "test.lua", false},
    {"check", N_("check the records against the standards"),
     N_("check [--org ORG] [--period PERIOD] [--standard CODE] [--format text|json|csv]\n"
        "       [--all] [--save [--note TEXT]] [-o FILE]\n"
        "       check --explain KEY [--format text|json]\n\n"
        "Evaluates every applicable clause over PERIOD (default: this year) for ORG (a branch,\n"
        "or every branch below a committee; default: every branch) and prints the findings:\n"
        "pass, fail, warn (a recommendation not met), open (the period has not ended yet:\n"
        "what is still needed and the days left), n/a, error, waived (a waiver explains\n"
        "it: 'qufa waiver'). PERIOD is 2017, 2017-H1, 2017-Q3, 2017-05, 2017-05-H2,\n"
        "2017-05-10 or FROM..TO.\n"
        "  --all     list passing findings too\n"
        "  --save    store the result as an assessment (see 'qufa assessments', 'qufa diff')\n"
        "  --explain KEY  why the finding with this key was given (its clause, parameters and\n"
        "            where each came from, period, records considered); text or json\n"
        "Exit status 1 when a requirement failed or a check function raised an error.\n"
        "The JSON format is documented in docs/check-output.md.\n"),
     qh_cmd_lua, "check.lua", true},
    {"waiver", N_("record a waiver (情况说明), list them, end one early"),
     N_("waiver add CLAUSE SUBJECT --reason TEXT --approved-by NAME --to DATE\n"
        "             [--from DATE] [--recorded-by NAME]\n"
        "       waiver list [--org ORG] [--on DATE | --expiring 30d]\n"
        "       waiver end ID [--date DATE] [--note TEXT]\n\n"
        "A waiver records that findings are explained: CLAUSE is STANDARD/CLAUSE or\n"
        "STANDARD/CLAUSE#N, SUBJECT is the org's code and what the finding is about, as in\n"
        "its key (gy1/period/2017-08-H1, gy1/activity/17), or a pattern of them\n"
        "(gy1/period/2017-08-*). While it holds (--from, default today, to --to), a failed,\n"
        "warned or open finding it matches is 'waived' and is not counted as a failure;\n"
        "judged after its last day, the finding shows as it is, with \"waiver expired on\".\n"
        "The approver must be another person than the recorder (default: the actor), and a\n"
        "waiver may hold at most the organ's waiver_max_days (an org attribute; default 366).\n"
        "  end ID   its last day becomes DATE (default today)\n"
        "See docs/waivers.md.\n"),
     qh_cmd_lua, "waiver.lua", true},
    {"waivers", N_("list waivers"),
     N_("waivers [--org ORG] [--on DATE | --expiring 30d]\n\n"
        "Lists the waivers of ORG and the orgs below it (default: all): what each explains,\n"
        "its days, whether it is in force, why, who recorded and who approved it.\n"
        "  --on DATE      only those holding on DATE\n"
        "  --expiring D   only those holding today whose last day is within D (30d, 2w)\n"),
     qh_cmd_lua, "waivers.lua", true},
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
        "deadlines, probations, transfer letters, expiring exemptions and waivers. Each\n"
        "lead time fires once; what was missed while qufa did not run fires late, once.\n"
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
    {"sync", N_("push the branch's records to its organ, pull the organ's standards"),
     N_("sync push ORGAN [--name NAME] [--batch N] | sync pull ORGAN | sync status ORGAN\n\n"
        "ORGAN is the organ's database: a file, or a connection string once the server\n"
        "backend is there. See docs/sync.md.\n\n"
        "  push    send the audit entries the organ does not hold yet (sealed transactions\n"
        "          after the last one it acknowledged); the organ verifies the hash chain and\n"
        "          refuses a gap, a fork or an altered entry, applying nothing; pushing again\n"
        "          applies nothing twice, an interrupted push resumes. --name NAME: the name at\n"
        "          the organ (default the code of the branch's org); --batch N: transactions\n"
        "          per organ commit (default 500)\n"
        "  pull    load the organ's standards packs (its systems and the standards it issued)\n"
        "          and its workday calendars; says which of the branch's tailorings meet a new\n"
        "          revision\n"
        "  status  the branches the organ holds, and how far\n"),
     qh_cmd_lua, "sync.lua", true},
    {"organ", N_("the organ's view over every branch pushed to it: matrix, ledger, reminders, statistics"),
     N_("organ matrix [--period P] [--lapses] [--unmask] [--format text|json]\n"
        "      organ ledger [--period P] [--format text|json]\n"
        "      organ reminders [--within 30d] [--unmask] [--format text|json]\n"
        "      organ stats [--year Y] [--format text|json]\n\n"
        "Run on the organ's database (--db). Each branch is judged on its records as pushed,\n"
        "one branch at a time, by the same check, counting and reminders as its own file.\n\n"
        "  matrix     branches x standards: lapses per cell (--lapses lists them), the\n"
        "             compliance rate, and each branch's rate by quarter\n"
        "  ledger     activities held by kind, due to attend, attended, on leave, absent and\n"
        "             observers, per branch and in total\n"
        "  reminders  what falls due within --within, by branch and by person (names masked\n"
        "             unless --unmask)\n"
        "  stats      the yearly basic statistics: members by status, gender, age band and\n"
        "             education; admitted, transferred in and out, left otherwise; activities\n"
        "             held by kind\n"),
     qh_cmd_lua, "organ.lua", true},
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
