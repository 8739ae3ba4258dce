/* Internal to lua/: the reminder binding's parts (l_remind.c, l_remind_rules.c,
 * l_remind_exec.c). */
#ifndef QUFA_QL_REMIND_H
#define QUFA_QL_REMIND_H

#include "ql.h"

/* Strings kept alive for the items handed to qf_remind_run. */
typedef struct ql_strings {
    char **items;
    size_t n, cap;
} ql_strings;

/* The custom rules judged for a run: their reminders, the codes judged, and the messages of
 * those that failed (a Lua list in the registry, `errors`). */
typedef struct ql_judged {
    ql_strings text;
    qf_remind_item *items;
    size_t n, cap;
    const char **rules;
    size_t n_rules, cap_rules;
    int errors;
} ql_judged;

/* Judges the rules the running script declared (in `L`) and those stored with packs (each
 * pack in its own restricted sandbox). A rule that fails is noted in j->errors and left out. */
int ql_remind_judge_rules(lua_State *L, qf_db *db, int64_t scope, ql_judged *j);
void ql_remind_judged_free(ql_judged *j);

/* Runs `cmd` with /bin/sh for a firing reminder: QUFA_REMINDER_* variables, the reminder as
 * JSON on its standard input, its output to our standard error. QF_OK when it exits with 0. */
int ql_remind_exec(const char *cmd, const qf_reminder *r);

#endif
