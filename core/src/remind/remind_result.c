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

static bool listed(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
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

/* The planned day of each lead time (not the reminders of an overdue one). */
static int fire_days(qf_db *db, qf_arena *a, qf_reminder *r)
{
    static const char sql[] = "SELECT DISTINCT fire_on FROM reminder_fire WHERE reminder_id = ?1 "
                              "AND lead <> 'overdue' ORDER BY fire_on";
    qf_date days[QF_LEADS_MAX * 4];
    size_t n = 0;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, r->id);
    while (n < sizeof days / sizeof days[0] && qf__step(st) == QF_ROW)
        days[n++] = qf__col_date(st, 0);
    qf__reset(st);
    if (!n)
        return QF_OK;
    qf_date *copy = qf__arena_alloc(a, n * sizeof *copy);
    if (!copy)
        return qf__oom();
    memcpy(copy, days, n * sizeof *copy);
    r->fire_days = copy;
    r->n_fire_days = n;
    return QF_OK;
}

static int cmp_cand(const void *a, const void *b)
{
    return strcmp((*(const rm_cand *const *)a)->key, (*(const rm_cand *const *)b)->key);
}

static const rm_cand *fresh_of(const rm_cand **index, size_t n, const char *key)
{
    rm_cand probe = {.key = key};
    const rm_cand *p = &probe;
    const rm_cand **hit = bsearch(&p, index, n, sizeof *index, cmp_cand);
    return hit ? *hit : NULL;
}

int rm__result_build(qf_remind_result *res, qf_db *db, const rm_ctx *c, const rm_firing *fires,
                     size_t n_fires, const int64_t *resolved_now, size_t n_resolved_now)
{
    static const char sql[] =
        "SELECT id FROM reminder WHERE (state IN ('pending', 'fired', 'acknowledged', "
        "'snoozed') OR resolved >= ?1) AND (?2 IS NULL OR org_id IN (SELECT CAST(value AS BIGINT) FROM "
        "json_each(?2))) ORDER BY id";
    if (c->opts->org_id) {
        qf_org *o = NULL;
        if (qf_org_get(&o, db, c->opts->org_id) == QF_OK)
            res->org = qf__strdup(o->code);
        qf_org_free(o);
    }
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, db, sql);
    if (rc)
        return rc;
    qf__bind_date(st, 1, c->today - RESOLVED_KEPT_DAYS);
    char *scope = NULL;
    if (c->scope) {
        json_t *arr = json_array();
        for (size_t i = 0; i < c->n_scope; i++)
            json_array_append_new(arr, json_integer(c->scope[i]));
        scope = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
        if (!scope) {
            qf__finalize(st);
            return qf__oom();
        }
        qf__bind_textn(st, 2, scope, -1, QF_TRANSIENT);
        free(scope);
    }
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while ((rc = qf__step(st)) == QF_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *g = realloc(ids, cap * sizeof *g);
            if (!g) {
                free(ids);
                qf__finalize(st);
                return qf__oom();
            }
            ids = g;
        }
        ids[n++] = qf__col_int64(st, 0);
    }
    qf__finalize(st);
    if (rc != QF_DONE) {
        free(ids);
        return qf__sqlerr(db, rc, "reminder");
    }
    rc = QF_OK;
    /* the candidates of this run by key */
    const rm_cand **index = malloc((c->cands.n + 1) * sizeof *index);
    if (!index) {
        free(ids);
        return qf__oom();
    }
    size_t n_index = 0;
    for (size_t i = 0; i < c->cands.n; i++)
        if (!c->cands.items[i].light &&
            (c->cands.items[i].kind == RM_OPEN || c->cands.items[i].kind == RM_OVERDUE))
            index[n_index++] = &c->cands.items[i];
    qsort(index, n_index, sizeof *index, cmp_cand);
    rm_who_cache who = {0};
    for (size_t i = 0; rc == QF_OK && i < n; i++) {
        qf_reminder *one = NULL;
        if ((rc = rm__reminder_get(&one, db, ids[i], c->nag, &who)))
            break;
        qf_reminder *r = NULL;
        if ((rc = add_item(res, &r))) {
            qf_reminder_free(one);
            break;
        }
        *r = *one;
        qf_arena *a = &res->arena;
        const char **strs[] = {&r->key,         &r->source,  &r->rule,   &r->title,
                               &r->message,     &r->subject_type, &r->subject, &r->org,
                               &r->responsible, &r->responsible_label, &r->holder, &r->leads,
                               &r->changed_at,  &r->note, &r->org_name, &r->title_ref,
                               &r->message_ref, &r->subject_ref};
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            *strs[k] = qf__arena_strdup(a, *strs[k]);
        qf_reminder_free(one);
        /* what the sources say today, rather than as of the ledger's last change */
        const rm_cand *fresh = fresh_of(index, n_index, r->key);
        if (fresh && fresh->message)
            r->message = qf__msg_render_arena(fresh->message, db, a);
        r->resolved_now = listed(resolved_now, n_resolved_now, r->id);
        for (size_t k = 0; k < n_fires; k++) {
            const rm_firing *f = &fires[k];
            if (f->row != r->id)
                continue;
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
        if ((rc = fire_days(db, a, r)))
            break;
        bool active = r->state == QF_REMINDER_PENDING || r->state == QF_REMINDER_FIRED;
        r->shown = active && (r->firing || r->overdue || r->state == QF_REMINDER_FIRED ||
                              r->due <= c->today + c->opts->within_days);
    }
    rm__who_cache_free(&who);
    free(ids);
    free(index);
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
