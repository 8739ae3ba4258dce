/* A reminder run's result: the ledger's reminders in scope with what this run did to them,
 * most urgent first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "remind_internal.h"

#define RESOLVED_KEPT_DAYS 60 /* resolved this recently: still in the result (calendars) */

static int add_item(qf_remind_result *res, qf_reminder **out)
{
    if (res->n == res->cap) {
        size_t cap = res->cap ? res->cap * 2 : 64;
        qf_reminder *g = realloc(res->items, cap * sizeof *g);
        if (!g)
            return qf__oom();
        res->items = g;
        res->cap = cap;
    }
    *out = &res->items[res->n++];
    memset(*out, 0, sizeof **out);
    return QF_OK;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* unresolved before resolved; overdue first (longest overdue first), then by due date */
static int rank(const qf_reminder *r)
{
    switch (r->state) {
    case QF_REMINDER_PENDING:
    case QF_REMINDER_FIRED: return 0;
    case QF_REMINDER_SNOOZED: return 1;
    case QF_REMINDER_ACKNOWLEDGED: return 2;
    default: return 3;
    }
}

static int cmp_urgency(const void *a, const void *b)
{
    const qf_reminder *x = a, *y = b;
    int rx = rank(x), ry = rank(y);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    if (x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* One fire day of a reminder in a result. */
typedef struct fire_row {
    qf_date fire_on;
    bool fired, overdue;
} fire_row;

typedef struct fire_rows {
    fire_row *items;
    size_t n, cap;
} fire_rows;

/* What a reminder's fire days say: the planned day of each lead time (not the reminders of
 * an overdue one), the earliest unfired day after today, the last overdue reminder. */
static int fire_facts(const fire_row *f, size_t n, qf_date today, qf_arena *a, qf_reminder *r,
                      qf_date *next_unfired, qf_date *last_nag)
{
    qf_date days[QF_LEADS_MAX * 4];
    size_t n_days = 0;
    *next_unfired = QF_DATE_NONE;
    *last_nag = QF_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        qf_date d = f[i].fire_on;
        if (!f[i].fired && d > today && (*next_unfired == QF_DATE_NONE || d < *next_unfired))
            *next_unfired = d;
        if (f[i].overdue) {
            if (*last_nag == QF_DATE_NONE || d > *last_nag)
                *last_nag = d;
            continue;
        }
        /* the rows come ordered by day: a day seen already is the last one kept */
        if (n_days < sizeof days / sizeof days[0] && (n_days == 0 || days[n_days - 1] != d))
            days[n_days++] = d;
    }
    if (!n_days)
        return QF_OK;
    qf_date *copy = qf__arena_alloc(a, n_days * sizeof *copy);
    if (!copy)
        return qf__oom();
    memcpy(copy, days, n_days * sizeof *copy);
    r->fire_days = copy;
    r->n_fire_days = n_days;
    return QF_OK;
}

static int cmp_cand(const void *a, const void *b)
{
    return strcmp((*(const rm_cand *const *)a)->key, (*(const rm_cand *const *)b)->key);
}

/* The candidate of this run with the key; *only: no other candidate has it. */
static const rm_cand *fresh_of(const rm_cand **index, size_t n, const char *key, bool *only)
{
    rm_cand probe = {.key = key};
    const rm_cand *p = &probe;
    const rm_cand **hit = bsearch(&p, index, n, sizeof *index, cmp_cand);
    *only = hit && !(hit > index && strcmp(hit[-1]->key, key) == 0) &&
            !(hit + 1 < index + n && strcmp(hit[1]->key, key) == 0);
    return hit ? *hit : NULL;
}

/* The reminders a result lists (?1: resolved since, ?2: the org ids in scope or NULL). */
#define IN_RESULT                                                                                 \
    "(r." RM_UNRESOLVED " OR r.resolved >= ?1) AND "                                               \
    "(?2 IS NULL OR r.org_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?2)))"

static int bind_scope(qf_stmt *st, const rm_ctx *c)
{
    qf__bind_date(st, 1, c->today - RESOLVED_KEPT_DAYS);
    if (!c->scope)
        return QF_OK;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < c->n_scope; i++)
        json_array_append_new(arr, json_integer(c->scope[i]));
    char *scope = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    if (!scope)
        return qf__oom();
    qf__bind_textn(st, 2, scope, -1, QF_TRANSIENT);
    free(scope);
    return QF_OK;
}

/* Each reminder's fire days: the earliest unfired day after today and the last overdue
 * reminder (QF_DATE_NONE: none) into next[i] and nag[i], its planned days into items[i]. One
 * pass over the fire days in reminder order beside the reminders (ordered by id): joined to
 * the reminders in SQL instead, a seek for each of a next day's 36,000 fire rows at 1,000
 * branches was a tenth of a run's result. The days of reminders not in it are passed over. */
static int add_fire_days(qf_db *db, qf_date today, qf_arena *a, qf_reminder *items, size_t n,
                         qf_date *next, qf_date *nag)
{
    static const char sql[] =
        "SELECT reminder_id, fire_on, CASE WHEN fired_on IS NULL THEN 0 ELSE 1 END, "
        "CASE WHEN lead = 'overdue' THEN 1 ELSE 0 END FROM reminder_fire "
        "ORDER BY reminder_id, fire_on";
    for (size_t i = 0; i < n; i++)
        next[i] = nag[i] = QF_DATE_NONE;
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db, sql);
    if (rc)
        return rc;
    fire_rows buf = {0};
    size_t i = 0, at = n; /* at: the reminder whose days are in buf (n: none) */
    int step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        int64_t id = qf__col_int64(st, 0);
        if (at < n && items[at].id != id) {
            rc = fire_facts(buf.items, buf.n, today, a, &items[at], &next[at], &nag[at]);
            at = n;
            buf.n = 0;
        }
        while (i < n && items[i].id < id)
            i++;
        if (rc || i == n || items[i].id != id)
            continue;
        if (buf.n == buf.cap) {
            size_t cap = buf.cap ? buf.cap * 2 : 16;
            fire_row *g = realloc(buf.items, cap * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            buf.items = g;
            buf.cap = cap;
        }
        at = i;
        buf.items[buf.n++] = (fire_row){.fire_on = qf__col_date(st, 1),
                                        .fired = qf__col_int(st, 2) != 0,
                                        .overdue = qf__col_int(st, 3) != 0};
    }
    if (rc == QF_OK && step != QF_DONE)
        rc = qf__sqlerr(db, step, "reminder_fire");
    if (rc == QF_OK && at < n)
        rc = fire_facts(buf.items, buf.n, today, a, &items[at], &next[at], &nag[at]);
    qf__finalize(st);
    free(buf.items);
    return rc;
}

static int cmp_firing(const void *a, const void *b)
{
    int64_t x = (*(const rm_firing *const *)a)->row, y = (*(const rm_firing *const *)b)->row;
    return x < y ? -1 : x > y;
}

/* Copies a reminder read from the statement into the result, its texts rendered. */
static int add_row(qf_remind_result *res, qf_db *db, qf_stmt *st, const rm_ctx *c,
                   const rm_cand **index, size_t n_index, rm_who_cache *who, qf_arena *scratch,
                   qf_reminder **out)
{
    qf_reminder *r = NULL;
    int rc = add_item(res, &r);
    if (rc)
        return rc;
    qf_arena *a = &res->arena;
    rm__reminder_read(st, r, c->today);
    /* (the title, message and subject are rendered below) */
    const char **fields[] = {&r->key,         &r->source,     &r->rule,       &r->subject_type,
                             &r->org,         &r->responsible, &r->leads,     &r->changed_at,
                             &r->note,        &r->title_ref,  &r->message_ref, &r->subject_ref};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (*fields[i] && !(*fields[i] = qf__arena_strdup(a, *fields[i])))
            return qf__oom();
    /* What the sources say today, rather than as of the ledger's last change: the message
     * of this run's candidate with the key. Its title and subject are the row's own refs
     * (the candidate wrote them, unless another shares its key): rendered from the candidate,
     * their refs need not be parsed. The messages parsed are dropped once rendered. */
    bool only;
    const rm_cand *fresh = fresh_of(index, n_index, r->key, &only);
    const qf_msg *msgs[3] = {NULL, fresh ? fresh->message : NULL, NULL};
    if (fresh && only) {
        msgs[0] = fresh->title;
        msgs[2] = fresh->subject;
    }
    qf_reminder parse = *r; /* the refs no candidate speaks for, parsed and rendered */
    if (msgs[0])
        parse.title_ref = NULL;
    if (msgs[1])
        parse.message_ref = NULL;
    if (msgs[2])
        parse.subject_ref = NULL;
    qf__arena_reset(scratch);
    rm__render_refs(&parse, db, scratch);
    const char *rendered[3] = {parse.title, parse.message, parse.subject};
    const char **texts[] = {&r->title, &r->message, &r->subject};
    for (size_t i = 0; i < 3; i++) {
        const char *text = msgs[i] ? qf__msg_render_arena(msgs[i], db, scratch) : rendered[i];
        if (text && !(text = qf__arena_strdup(a, text)))
            return qf__oom();
        *texts[i] = text;
    }
    *out = r;
    return rm__fill_who(r, db, a, c->today, who);
}

int rm__result_build(qf_remind_result *res, qf_db *db, const rm_ctx *c, const rm_firing *fires,
                     size_t n_fires, const int64_t *resolved_now, size_t n_resolved_now)
{
    static const char sql[] = "SELECT " RM_REMINDER_COLS " FROM reminder r LEFT JOIN org o ON "
                              "o.id = r.org_id WHERE " IN_RESULT " ORDER BY r.id";
    if (c->opts->org_id) {
        qf_org *o = NULL;
        if (qf_org_get(&o, db, c->opts->org_id) == QF_OK)
            res->org = qf__strdup(o->code);
        qf_org_free(o);
    }
    /* one read of the ledger (not a lock and a snapshot per statement) */
    bool reading = qf__read_begin(db);
    const rm_cand **index = malloc((c->cands.n + 1) * sizeof *index);
    const rm_firing **by_row = malloc((n_fires + 1) * sizeof *by_row);
    int64_t *resolved = malloc((n_resolved_now + 1) * sizeof *resolved);
    rm_who_cache who = {0};
    qf_arena scratch = {0};
    qf_stmt *st = NULL;
    int rc = index && by_row && resolved ? QF_OK : qf__oom();
    if (!rc)
        rc = qf__prepare(&st, db, sql);
    if (!rc)
        rc = bind_scope(st, c);
    if (rc) {
        qf__finalize(st);
        goto done;
    }
    /* the candidates of this run by key, the firings by reminder, the reminders resolved now */
    size_t n_index = 0;
    for (size_t i = 0; i < c->cands.n; i++)
        if (!c->cands.items[i].light &&
            (c->cands.items[i].kind == RM_OPEN || c->cands.items[i].kind == RM_OVERDUE))
            index[n_index++] = &c->cands.items[i];
    if (n_index > 1)
        qsort(index, n_index, sizeof *index, cmp_cand);
    for (size_t i = 0; i < n_fires; i++)
        by_row[i] = &fires[i];
    if (n_fires > 1)
        qsort(by_row, n_fires, sizeof *by_row, cmp_firing);
    if (n_resolved_now) {
        memcpy(resolved, resolved_now, n_resolved_now * sizeof *resolved);
        qsort(resolved, n_resolved_now, sizeof *resolved, cmp_i64);
    }
    size_t ki = 0, first = res->n;
    int step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        qf_reminder *r = NULL;
        if ((rc = add_row(res, db, st, c, index, n_index, &who, &scratch, &r)))
            break;
        qf_arena *a = &res->arena;
        r->resolved_now = n_resolved_now && bsearch(&r->id, resolved, n_resolved_now,
                                                    sizeof *resolved, cmp_i64);
        /* both ordered by reminder: this one's firings follow the last one's */
        while (ki < n_fires && by_row[ki]->row < r->id)
            ki++;
        for (; ki < n_fires && by_row[ki]->row == r->id; ki++) {
            const rm_firing *f = by_row[ki];
            r->firing = true;
            r->fire_lead = qf__arena_strdup(a, f->lead);
            r->late = f->late;
            r->delivered = f->delivered;
            r->delivery_error = qf__arena_strdup(a, f->error);
            if (f->n_missed) {
                qf_date *m = qf__arena_alloc(a, f->n_missed * sizeof *m);
                if (!m) {
                    rc = qf__oom();
                    break;
                }
                memcpy(m, f->missed, f->n_missed * sizeof *m);
                r->missed = m;
                r->n_missed = f->n_missed;
            }
        }
    }
    if (rc == QF_OK && step != QF_DONE)
        rc = qf__sqlerr(db, step, "reminder");
    qf__finalize(st);
    size_t n = res->n - first;
    qf_date *next = rc ? NULL : malloc((2 * n + 1) * sizeof *next);
    if (!rc && !next)
        rc = qf__oom();
    if (!rc)
        rc = add_fire_days(db, c->today, &res->arena, res->items + first, n, next, next + n);
    for (size_t i = 0; rc == QF_OK && i < n; i++) {
        qf_reminder *r = &res->items[first + i];
        rc = rm__fill_next(r, db, c->today, c->nag, next[i], next[n + i]);
        bool active = r->state == QF_REMINDER_PENDING || r->state == QF_REMINDER_FIRED;
        r->shown = active && (r->firing || r->overdue || r->state == QF_REMINDER_FIRED ||
                              r->due <= c->today + c->opts->within_days);
    }
    free(next);
done:
    qf__read_end(db, reading);
    rm__who_cache_free(&who);
    qf__arena_free(&scratch);
    free(index);
    free(by_row);
    free(resolved);
    if (rc == QF_OK && res->n)
        qsort(res->items, res->n, sizeof *res->items, cmp_urgency);
    return rc;
}

size_t qf_remind_count(const qf_remind_result *r)
{
    return r ? r->n : 0;
}

const qf_reminder *qf_remind_reminder(const qf_remind_result *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

qf_date qf_remind_today(const qf_remind_result *r)
{
    return r->today;
}

int qf_remind_within(const qf_remind_result *r)
{
    return r->within;
}

qf_date qf_remind_last_run(const qf_remind_result *r)
{
    return r->last_run;
}

bool qf_remind_dry_run(const qf_remind_result *r)
{
    return r->dry_run;
}

void qf_remind_summarize(const qf_remind_result *r, qf_remind_summary *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; r && i < r->n; i++) {
        const qf_reminder *x = &r->items[i];
        s->shown += x->shown;
        s->firing += x->firing;
        s->delivered += x->firing && x->delivered;
        s->failed += x->firing && x->delivery_error != NULL;
        s->late += x->firing && x->late;
        bool active = x->state == QF_REMINDER_PENDING || x->state == QF_REMINDER_FIRED;
        s->overdue += active && x->overdue;
        s->active += active;
        s->acknowledged += x->state == QF_REMINDER_ACKNOWLEDGED;
        s->snoozed += x->state == QF_REMINDER_SNOOZED;
        s->satisfied_now += x->resolved_now && x->state == QF_REMINDER_SATISFIED;
        s->expired_now += x->resolved_now && x->state == QF_REMINDER_EXPIRED;
    }
}

void qf_remind_result_free(qf_remind_result *r)
{
    if (!r)
        return;
    qf__arena_free(&r->arena);
    free(r->items);
    free(r->org);
    free(r);
}
