/* qufa — reminders: what falls due, from the same rules the check judges by, kept in a ledger
 * so that a reminder fires once per lead time, nothing is lost between runs, and an overdue
 * one keeps coming back until it is met.
 *
 * Sources: open findings of the check (a cadence period not yet satisfied, material due before
 * a scheduled activity, a re-election falling due), procedure deadlines (qf_flow_tick), dates
 * anchored on records (a probation ending, a transfer's receipt and letter, a not-applicable
 * tailoring expiring) and custom rules evaluated by the embedding (qufa.reminder in Lua).
 * docs/reminders.md describes them, the lead times and the ledger's states.
 */
#ifndef QUFA_REMIND_H
#define QUFA_REMIND_H

#include <stdio.h>
#include "check.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- lead times ------------------------------------------------------------------------- */

#define QF_LEADS_MAX 16

/*
 * A list of lead times relative to the due date: "-7d, -3d, -1d", "-5wd" (working days, on
 * the workday calendar), "-2w", "-1m", "0d" (on the day). Separated by commas or spaces; at
 * least one, at most QF_LEADS_MAX; each at most a year before or after. `out` holds
 * QF_LEADS_MAX entries; they come back sorted, earliest first, without duplicates.
 */
QF_EXTERN int qf_leads_parse(qf_duration *out, size_t *n, const char *text);
/* "-7d,-3d,-1d" (buf >= 16 * n bytes is always enough) */
QF_EXTERN void qf_leads_format(const qf_duration *leads, size_t n, char *buf, size_t size);
/* The day a lead time falls on for a due date (working days on the calendar). */
QF_EXTERN int qf_lead_day(qf_date *out, qf_db *db, qf_date due, qf_duration lead);

/* ---- the ledger ------------------------------------------------------------------------- */

typedef enum qf_reminder_state {
    QF_REMINDER_PENDING = 0, /* known; none of its lead times has come yet */
    QF_REMINDER_FIRED,       /* reminded at least once and still unmet */
    QF_REMINDER_ACKNOWLEDGED,/* someone took it on: it fires no more (it is still resolved) */
    QF_REMINDER_SATISFIED,   /* the rule is met: the record came in */
    QF_REMINDER_EXPIRED,     /* its reason went away unmet (an activity cancelled, a standard no
                              * longer applying, a case cancelled) or the day it announced passed */
    QF_REMINDER_SNOOZED      /* silent until snoozed_until, then fires what it held back */
} qf_reminder_state;
QF_EXTERN const char *qf_reminder_state_name(qf_reminder_state s); /* "pending", … */
QF_EXTERN int qf_reminder_state_parse(qf_reminder_state *out, const char *s);

typedef struct qf_reminder {
    int64_t id;
    const char *key;          /* the occurrence, stable across runs:
                               * "check/GY1-BYT/3.1#1/gy1/2017-09-H1" */
    const char *source;       /* check, procedure, probation, receipt, letter, exemption, custom */
    const char *rule;         /* "GY1-BYT/3.1#1", "admission/talk#1", "probation", a custom code */
    const char *title;        /* what it is about, without days left (calendars keep it) */
    const char *message;      /* what is needed, as the last run saw it; both rendered in the
                               * current language, days counted from today */
    qf_date due;              /* the last day to act */
    int days_left;            /* due - today (negative once overdue) */
    qf_reminder_state state;
    bool overdue;             /* still unmet after its due date */
    qf_date snoozed_until;    /* QF_DATE_NONE unless snoozed */
    const char *subject_type; /* "period", "activity", "member", "org", "case", "transfer", … */
    int64_t subject_id;
    const char *subject;      /* a label */
    int64_t org_id;           /* the org it concerns (a branch, or a party group) */
    const char *org;          /* its code */
    const char *org_name;
    bool org_is_group;        /* a party group (its name is shown with the person) */
    const char *responsible;  /* the post responsible (the rule's, else the secretary, or the
                               * group leader for a party group) */
    const char *responsible_label;
    int64_t holder_id;        /* who holds that post today (0: nobody) */
    const char *holder;       /* and their name */
    const char *leads;        /* the lead times used: "-5d,-2d,0d" */
    qf_date next_fire;        /* the next day it fires (QF_DATE_NONE: none planned) */
    qf_date first_seen;
    qf_date resolved;         /* the day it was satisfied or expired */
    int sequence;             /* bumped on every change of title, due, leads or state */
    const char *changed_at;   /* UTC "YYYY-MM-DDTHH:MM:SSZ" of the last change */
    const char *note;         /* from ack or snooze */
    /* set in a run's result (qf_remind_run); false / NULL elsewhere */
    bool shown;               /* due within the listing window, already fired, or overdue */
    bool firing;              /* it fires in this run */
    const char *fire_lead;    /* the lead time it fires for ("-3d"; "overdue" for an overdue
                               * one coming back) */
    bool late;                /* some of its fire days passed before this run */
    const qf_date *missed;    /* those days */
    size_t n_missed;
    bool delivered;           /* firing: delivered and recorded (never in a dry run) */
    const char *delivery_error; /* firing but not delivered: why (it fires again next run) */
    bool resolved_now;        /* satisfied or expired in this run */
    const qf_date *fire_days; /* the day of each lead time (calendar alarms) */
    size_t n_fire_days;
    /* the title, message and subject as stored: message ids with arguments (JSON, see
     * docs/reminders.md); NULL for rows written before they were kept */
    const char *title_ref, *message_ref, *subject_ref;
} qf_reminder;

QF_EXTERN int qf_reminder_get(qf_reminder **out, qf_db *db, int64_t id);
QF_EXTERN void qf_reminder_free(qf_reminder *r);

typedef struct qf_reminder_filter {
    unsigned version;
    int state;            /* -1 = any; else a qf_reminder_state */
    bool active;          /* only pending, fired, acknowledged and snoozed ones */
    int64_t org_id;       /* 0 = any; else this org and the orgs below it */
    const char *source;   /* NULL = any */
} qf_reminder_filter;
#define QF_REMINDER_FILTER_VERSION 1
#define QF_REMINDER_FILTER_INIT {QF_REMINDER_FILTER_VERSION, -1, false, 0, NULL}

typedef struct qf_reminder_iter qf_reminder_iter;
/* The ledger by due date, then id. Rows carry no run fields and no holder. */
QF_EXTERN int qf_reminder_list(qf_reminder_iter **out, qf_db *db, const qf_reminder_filter *f);
QF_EXTERN int qf_reminder_next(const qf_reminder **row, qf_reminder_iter *it);
QF_EXTERN void qf_reminder_iter_free(qf_reminder_iter *it);

/* The days a reminder fires: one per lead time, and one per reminder of an overdue one. */
typedef struct qf_reminder_fire {
    const char *lead;     /* "-7d", "0d", "overdue" */
    qf_date fire_on;      /* the day planned */
    qf_date fired_on;     /* the day it went out (QF_DATE_NONE: not yet) */
    bool late;            /* it went out after the day planned */
} qf_reminder_fire;
typedef struct qf_reminder_fire_iter qf_reminder_fire_iter;
QF_EXTERN int qf_reminder_fires(qf_reminder_fire_iter **out, qf_db *db, int64_t id);
QF_EXTERN int qf_reminder_fire_next(const qf_reminder_fire **row, qf_reminder_fire_iter *it);
QF_EXTERN void qf_reminder_fire_iter_free(qf_reminder_fire_iter *it);

/* Acknowledges an unresolved reminder: it fires no more. */
QF_EXTERN int qf_reminder_ack(qf_db *db, int64_t id, const char *note);
/* Silences an unresolved reminder for a duration from today ("3d", "1w", "2wd"); what falls
 * due meanwhile fires when the snooze ends. */
QF_EXTERN int qf_reminder_snooze(qf_db *db, int64_t id, const char *duration, const char *note);

/* ---- runs ------------------------------------------------------------------------------- */

/* A reminder of a custom rule, judged by the embedding (qufa.reminder in Lua). */
typedef struct qf_remind_item {
    const char *rule;          /* the rule's code */
    const char *subject_type;  /* "member", "org" or "none" */
    int64_t subject_id;        /* member or org id (0 for none) */
    const char *subject;       /* a label ("王志强") */
    int64_t org_id;            /* the org concerned (0: the subject's org) */
    const char *title;
    const char *message;       /* NULL: the title */
    qf_date due;               /* QF_DATE_NONE: the day it was first seen */
    const char *leads;         /* NULL: setting leads.custom */
    const char *responsible;   /* a post; NULL: the secretary (group leader of a group) */
} qf_remind_item;

/* Delivers one firing reminder (runs a command, calls a hook). QF_OK: delivered, the fire is
 * recorded; any other code (with qf_error_set): not delivered, it fires again next run. */
typedef int (*qf_remind_deliver_fn)(void *payload, const qf_reminder *r);

typedef struct qf_remind_options {
    unsigned version;
    int64_t org_id;            /* 0 = every org; else this org and the orgs below it */
    int within_days;           /* list what falls due up to today + this (default 30) */
    bool dry_run;              /* compute and deliver nothing, write nothing */
    qf_custom_fn custom;       /* for the check's `check` requirements (see check.h) */
    void *custom_payload;
    const qf_remind_item *items; /* reminders of custom rules, as judged today */
    size_t n_items;
    const char *const *rules;  /* the custom rules judged this run: their earlier reminders not
                                * among `items` are satisfied */
    size_t n_rules;
    qf_remind_deliver_fn deliver; /* NULL: firing is recording (the output is the delivery) */
    void *deliver_payload;
} qf_remind_options;
#define QF_REMIND_OPTIONS_VERSION 1
#define QF_REMIND_OPTIONS_INIT                                                                   \
    {QF_REMIND_OPTIONS_VERSION, 0, 30, false, NULL, NULL, NULL, 0, NULL, 0, NULL, NULL}

typedef struct qf_remind_result qf_remind_result;

/*
 * One run as of the database's today: gathers what is due from every source, brings the
 * ledger up to date (new reminders, due dates moved, met ones satisfied, vanished ones expired,
 * snoozes ended), then fires each reminder whose lead time has come — once per lead time;
 * lead times missed while qufa did not run are fired late, together, and said so; an overdue
 * one fires again every `nag` days (setting). Each firing is delivered, then recorded (in a
 * transaction of its own): a failed delivery leaves it to fire again next run. Without a
 * deliverer the firings are recorded in the ledger update's own transaction. Running twice on
 * a day fires nothing twice.
 */
QF_EXTERN int qf_remind_run(qf_remind_result **out, qf_db *db, const qf_remind_options *o);
/* The reminders of the run: every unresolved one, those resolved now or in the last 60 days;
 * ordered most urgent first (overdue, then by due date), unresolved before resolved. */
QF_EXTERN size_t qf_remind_count(const qf_remind_result *r);
QF_EXTERN const qf_reminder *qf_remind_reminder(const qf_remind_result *r, size_t i);
QF_EXTERN qf_date qf_remind_today(const qf_remind_result *r);
QF_EXTERN int qf_remind_within(const qf_remind_result *r);
/* The day of the previous run (QF_DATE_NONE: none). */
QF_EXTERN qf_date qf_remind_last_run(const qf_remind_result *r);
QF_EXTERN bool qf_remind_dry_run(const qf_remind_result *r);

typedef struct qf_remind_summary {
    int shown;          /* listed */
    int firing;         /* fire in this run */
    int delivered;
    int failed;         /* firing but not delivered */
    int late;           /* firing late */
    int overdue;
    int active;         /* pending or fired */
    int acknowledged, snoozed;
    int satisfied_now, expired_now;
} qf_remind_summary;
QF_EXTERN void qf_remind_summarize(const qf_remind_result *r, qf_remind_summary *out);
QF_EXTERN void qf_remind_result_free(qf_remind_result *r);

/* The JSON documented in docs/reminders.md: of a run, and of one reminder (release with
 * qf_free). */
QF_EXTERN int qf_remind_json(char **out, const qf_remind_result *r);
QF_EXTERN int qf_reminder_json(char **out, const qf_reminder *r);
QF_EXTERN int qf_remind_write_json(const qf_remind_result *r, FILE *out);
typedef struct qf_remind_text_options {
    unsigned version;
    bool color;
    bool all;           /* also acknowledged and snoozed ones, and what was resolved now */
} qf_remind_text_options;
#define QF_REMIND_TEXT_OPTIONS_INIT {1, false, false}
/* What is due, grouped by the person responsible, most urgent first, in the current language. */
QF_EXTERN int qf_remind_write_text(const qf_remind_result *r, FILE *out,
                                   const qf_remind_text_options *o);
/* An iCalendar (RFC 5545) file: a VTODO per reminder with DUE, a VALARM per lead time, a UID
 * stable across exports and SEQUENCE bumped on each change; satisfied ones COMPLETED, expired
 * ones CANCELLED. */
QF_EXTERN int qf_remind_ics(char **out, const qf_remind_result *r);
QF_EXTERN int qf_remind_write_ics(const qf_remind_result *r, FILE *out);

/* ---- settings --------------------------------------------------------------------------- */

/*
 * Lead times per source and the numbers anchored reminders use, stored in the database:
 * "leads.month" = "-7d,-3d,-1d", "nag" = "7d", "probation.length" = "1y" … (the full list
 * with defaults: qf_remind_settings_json). `value` NULL restores the default.
 */
QF_EXTERN int qf_remind_setting_set(qf_db *db, const char *key, const char *value,
                                    const char *note);
/* The value in force (set or default); release with qf_free. */
QF_EXTERN int qf_remind_setting_get(char **out, qf_db *db, const char *key);
/* [{key, value, default, set, doc, note}] */
QF_EXTERN int qf_remind_settings_json(char **out, qf_db *db);

/* ---- custom rules declared in packs ------------------------------------------------------ */

/*
 * Stores the reminder rules a standards pack declares (qufa.reminder{…} in the pack): a JSON
 * array of {code, title, subject, lead, responsible, doc, org, fn = {text}}. A rule's function is
 * re-created from the stored pack source when reminders run. An unchanged rule is left as it
 * is. `changed` (may be NULL) gets how many were added or changed.
 */
QF_EXTERN int qf_reminder_rules_load(int *changed, qf_db *db, const char *json,
                                     const char *source_name, const char *source_text);
typedef struct qf_reminder_rule {
    const char *code;
    const char *title;
    const char *def;          /* JSON object as stored */
    const char *source_sha;   /* the pack's stored source */
    const char *source_name;
} qf_reminder_rule;
typedef struct qf_reminder_rule_iter qf_reminder_rule_iter;
QF_EXTERN int qf_reminder_rule_list(qf_reminder_rule_iter **out, qf_db *db);
QF_EXTERN int qf_reminder_rule_next(const qf_reminder_rule **row, qf_reminder_rule_iter *it);
QF_EXTERN void qf_reminder_rule_iter_free(qf_reminder_rule_iter *it);

#ifdef __cplusplus
}
#endif
#endif
