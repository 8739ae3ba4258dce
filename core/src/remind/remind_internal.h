/* Internal to the reminder files (remind_*.c): candidates gathered from the sources, the run's
 * state, and helpers shared between gathering, the ledger and the output. */
#ifndef QUFA_REMIND_INTERNAL_H
#define QUFA_REMIND_INTERNAL_H

#include <jansson.h>
#include "arena.h"
#include "internal.h"
#include "msg.h"

/* What a source says about one occurrence. */
typedef enum rm_kind {
    RM_OPEN = 0,  /* unmet, due today or later: remind */
    RM_OVERDUE,   /* unmet, due before today: keep reminding (and catch up after a gap) */
    RM_MET,       /* met: an earlier reminder about the subject is satisfied */
    RM_GONE,      /* no longer applies: an earlier reminder about the subject expires */
    RM_UNKNOWN    /* could not be judged (a check function failed): leave it as it is */
} rm_kind;

typedef struct rm_cand {
    rm_kind kind;
    const char *key;          /* the occurrence (RM_OPEN, RM_OVERDUE) */
    const char *subject_key;  /* the rule and subject without the occurrence part */
    const char *source;
    const char *rule;
    const char *subject_type;
    int64_t subject_id;
    const qf_msg *subject;    /* ids with arguments: rendered in the reader's language */
    int64_t org_id;
    qf_date period_start;
    const qf_msg *title;
    const qf_msg *message;
    qf_date due;              /* QF_DATE_NONE: the day first seen (custom rules) */
    const char *leads;
    const char *responsible;
    bool event;               /* ends by itself on its due date */
    bool always;              /* overdue and never seen: remind anyway (outstanding work, not a
                               * closed period's lapse) */
    bool light;               /* a verdict only (kind, key, subject_key): what the check says
                               * about the subject of an unresolved reminder */
    /* the check's order of findings (remind_check.c) */
    const char *org_code, *standard, *clause;
    int requirement;
} rm_cand;

typedef struct rm_cands {
    qf_arena arena;
    rm_cand *items;
    size_t n, cap;
} rm_cands;

rm_cand *rm__add(rm_cands *c);
/* printf into the candidates' arena (keys, never text for people) */
char *rm__fmt(rm_cands *c, const char *fmt, ...) QF_PRINTF(2, 3);
/* A message (an id with typed arguments, see msg.h) in the candidates' arena. */
#define rm__msg(cs, id, ...) qf__msg(&(cs)->arena, (id), __VA_ARGS__)

/* A run's inputs shared by the sources. */
typedef struct rm_ctx {
    qf_db *db;
    const qf_remind_options *opts;
    qf_date today;
    qf_date last_run;         /* QF_DATE_NONE: never ran */
    qf_date check_from;       /* the first day the check must judge (unresolved reminders;
                               * read with the ledger's check reminders, rm__from_check) */
    int64_t *scope;           /* org ids in scope (sorted), NULL = every org */
    size_t n_scope;
    qf_duration nag;          /* how often an overdue one comes back */
    rm_cands cands;
    struct {
        const char *what, *leads;
    } leads[12];              /* lead times by kind of finding, read once a run */
    size_t n_leads;
} rm_ctx;

bool rm__in_scope(const rm_ctx *c, int64_t org_id);

/* Sources (remind_check.c, remind_source.c, remind_anchor.c). Each appends candidates. */
int rm__from_check(rm_ctx *c);
int rm__from_procedures(rm_ctx *c);
int rm__from_records(rm_ctx *c);
int rm__from_items(rm_ctx *c);
/* What a source says now about an unresolved reminder no candidate matched (procedure, records
 * and custom sources: they look the subject up). */
rm_kind rm__recheck(rm_ctx *c, const char *source, const char *key, int64_t subject_id);

/* Settings (remind_setting.c): the value in force, copied into buf. */
int rm__setting(qf_db *db, const char *key, char *buf, size_t size);
/* The lead times setting for a period kind or a source: "leads.month", "leads.activity" … */
int rm__leads_for(qf_db *db, const char *what, char *buf, size_t size);

/* The post responsible when a rule names none: the group leader of a party group, else the
 * secretary. */
const char *rm__default_post(qf_db *db, int64_t org_id);

/* What fires for one reminder in a run (several lead times missed fire together). */
typedef struct rm_firing {
    int64_t row;
    int64_t fire_ids[QF_LEADS_MAX + 1];
    bool fire_late[QF_LEADS_MAX + 1]; /* each: its day passed before this run (not snoozed) */
    size_t n_fires;
    qf_date nag;          /* a reminder of an overdue one to add (QF_DATE_NONE: none) */
    char lead[16];        /* the lead time it fires for ("overdue" for an overdue one) */
    bool late;
    qf_date missed[QF_LEADS_MAX + 1]; /* fire days that passed before this run */
    size_t n_missed;
    bool event_ends;      /* an event past its day: expires once fired */
    bool written;         /* its days and state were written with the row (fold_firings) */
    bool delivered;
    char *error;
} rm_firing;

/* Builds the result (remind_result.c): the unresolved reminders in scope, those resolved
 * recently, with this run's firings. */
int rm__result_build(qf_remind_result *res, qf_db *db, const rm_ctx *c, const rm_firing *fires,
                     size_t n_fires, const int64_t *resolved_now, size_t n_resolved_now);
/* Who answers for the reminders of one org under one post on one day (remind_ledger.c). */
typedef struct rm_who {
    bool used;
    int64_t org_id;
    const char *responsible;  /* the post the reminder names, NULL: the default one */
    const char *post, *label, *holder, *org_name;
    int64_t holder_id;
    bool org_is_group;
} rm_who;
/* The holder of a post of an org on the cache's day (remind_ledger.c). */
typedef struct rm_held {
    int64_t org_id;
    const char *post;
    int64_t member_id;
    const char *name;
    qf_date start;
    int64_t position_id;
} rm_held;
/* An org as the answers need it. */
typedef struct rm_org_row {
    int64_t id, parent_id;
    const char *name;
    bool group;
} rm_org_row;
/* Those answers by (org, post), for a run that reads many reminders of few orgs; the holders of
 * every post and the orgs read in one query each the first time one is asked for. */
typedef struct rm_who_cache {
    rm_who *slots;
    size_t n, cap;
    qf_arena arena;
    rm_held *held;
    size_t n_held;
    rm_org_row *orgs;     /* by id */
    size_t n_orgs;
    bool held_read;
} rm_who_cache;
void rm__who_cache_free(rm_who_cache *c);

/* SQL: the reminder is unresolved — pending, fired, acknowledged or snoozed. The schema sets
 * `resolved` exactly when a reminder is satisfied or expired, so this is those four states,
 * and a scan in the table's order reads the rows, where `state IN (…)` sought each row through
 * the index on (state, due) (a fifth of a next day's reads of the file at 1,000 branches). Put
 * the table's alias in front for a join: "r." RM_UNRESOLVED. */
#define RM_UNRESOLVED "resolved IS NULL"

/* A reminder's columns (r: reminder, o: its org), read by rm__reminder_read. */
#define RM_REMINDER_COLS                                                                          \
    "r.id, r.key, r.source, r.rule, r.title, r.message, r.due, r.state, r.snoozed_until, "       \
    "r.subject_type, r.subject_id, r.subject, r.org_id, o.code, r.responsible, r.leads, "        \
    "r.first_seen, r.resolved, r.sequence, r.changed_at, r.note, r.title_ref, r.message_ref, "     \
    "r.subject_ref"
/* One row of RM_REMINDER_COLS; its strings live in the statement until it moves on. */
void rm__reminder_read(qf_stmt *st, qf_reminder *r, qf_date today);
/* rm__fill in two parts: who answers for it, and its next fire day from the earliest unfired
 * day after today and the last overdue reminder (QF_DATE_NONE: none) read by the caller. */
int rm__fill_who(qf_reminder *r, qf_db *db, qf_arena *a, qf_date today, rm_who_cache *cache);
int rm__fill_next(qf_reminder *r, qf_db *db, qf_date today, qf_duration nag, qf_date next_unfired,
                  qf_date last_nag);

/* Fills the derived fields of a reminder (responsible post and holder, days left, overdue,
 * next fire day); strings go to `a`. `cache` may be NULL. */
int rm__fill(qf_reminder *r, qf_db *db, qf_arena *a, qf_date today, qf_duration nag,
             rm_who_cache *cache);
/* qf_reminder_get with the nag setting read once and the holders cached. */
int rm__reminder_get(qf_reminder **out, qf_db *db, int64_t id, qf_duration nag,
                     rm_who_cache *cache);

/* "1 year(s)", "5 working day(s)": a duration in words (its sign dropped) */
void rm__duration_words(qf_duration d, char *buf, size_t size);
/* The same as a message, rendered in the reader's language (a ledger row keeps it so). */
const qf_msg *rm__duration_msg(rm_cands *cs, qf_duration d);
/* "satisfied" in the current language */
const char *rm__state_label(qf_reminder_state s);

/* Renders a reminder's title, message and subject from their ids with arguments (remind_ledger.c). */
void rm__render_refs(qf_reminder *r, qf_db *db, qf_arena *a);

/* Output helpers (remind_output.c) */
json_t *rm__reminder_json(const qf_reminder *r);

/* The run's result. */
struct qf_remind_result {
    qf_arena arena;
    qf_reminder *items;
    size_t n, cap;
    qf_date today, last_run;
    int within;
    bool dry_run;
    char *org;
};

#endif
