/* The reminder ledger read and acted on: get, list, fire days, acknowledge, snooze. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "people.h"
#include "remind_internal.h"

#define REM_COLS RM_REMINDER_COLS

void rm__reminder_read(qf_stmt *st, qf_reminder *r, qf_date today)
{
    memset(r, 0, sizeof *r);
    r->id = qf__col_int64(st, 0);
    r->key = qf__col_text(st, 1);
    r->source = qf__col_text(st, 2);
    r->rule = qf__col_text(st, 3);
    r->title = qf__col_text(st, 4);
    r->message = qf__col_text(st, 5);
    r->due = qf__col_date(st, 6);
    qf_reminder_state_parse(&r->state, qf__col_text(st, 7));
    r->snoozed_until = qf__col_date(st, 8);
    r->subject_type = qf__col_text(st, 9);
    r->subject_id = qf__col_int64(st, 10);
    r->subject = qf__col_text(st, 11);
    r->org_id = qf__col_id(st, 12);
    r->org = qf__col_text(st, 13);
    r->responsible = qf__col_text(st, 14);
    r->leads = qf__col_text(st, 15);
    r->first_seen = qf__col_date(st, 16);
    r->resolved = qf__col_date(st, 17);
    r->sequence = qf__col_int(st, 18);
    r->changed_at = qf__col_text(st, 19);
    r->note = qf__col_text(st, 20);
    r->days_left = r->due - today;
    r->title_ref = qf__col_text(st, 21);
    r->message_ref = qf__col_text(st, 22);
    r->subject_ref = qf__col_text(st, 23);
    r->overdue = r->resolved == QF_DATE_NONE && r->due < today;
    r->next_fire = QF_DATE_NONE;
}

/* The texts rendered from their ids with arguments, in the current language and relative to
 * today (rows written before the ledger kept ids keep their text). */
void rm__render_refs(qf_reminder *r, qf_db *db, qf_arena *a)
{
    const char *refs[] = {r->title_ref, r->message_ref, r->subject_ref};
    const char **texts[] = {&r->title, &r->message, &r->subject};
    for (int i = 0; i < 3; i++) {
        if (!refs[i])
            continue;
        json_t *j = json_loads(refs[i], 0, NULL);
        const qf_msg *m = j ? qf__msg_from_json(a, j) : NULL;
        json_decref(j);
        const char *text = m ? qf__msg_render_arena(m, db, a) : NULL;
        if (text)
            *texts[i] = text;
    }
}

/* ---- derived fields ------------------------------------------------------------------- */

static int holder_of(qf_db *db, int64_t org, const char *post, qf_date today, int64_t *id,
                     char *name, size_t size)
{
    static const char sql[] = "SELECT kind, parent_id FROM org WHERE id = ?1";
    *id = 0;
    name[0] = '\0';
    if (!org)
        return QF_OK;
    int rc = qf_position_holder(id, db, org, post, today);
    if (rc)
        return rc;
    if (!*id && strcmp(post, "group_leader") != 0) {
        /* a branch post for a party group's reminder: the branch's holder */
        qf_stmt *st = qf__stmt(db, sql);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, org);
        int64_t parent = 0;
        if (qf__step(st) == QF_ROW && strcmp(qf__col_text(st, 0), "group") == 0)
            parent = qf__col_id(st, 1);
        qf__reset(st);
        if (parent && (rc = qf_position_holder(id, db, parent, post, today)))
            return rc;
    }
    if (*id) {
        qf_member *m = NULL;
        if (qf_member_get(&m, db, *id, today) == QF_OK)
            snprintf(name, size, "%s", m->name);
        qf_member_free(m);
    }
    return QF_OK;
}

/* ---- the holders of every post, read at once ------------------------------------------- */

/* By org and post; of the holders of one post on one day, the one who took over last first
 * (as qf_position_holder answers). Compared in C: the server's collation may order text
 * otherwise. */
static int cmp_held(const void *pa, const void *pb)
{
    const rm_held *a = pa, *b = pb;
    if (a->org_id != b->org_id)
        return a->org_id < b->org_id ? -1 : 1;
    int c = strcmp(a->post, b->post);
    if (c)
        return c;
    if (a->start != b->start)
        return a->start > b->start ? -1 : 1;
    return a->position_id > b->position_id ? -1 : a->position_id < b->position_id;
}

/* Every post held on `today` with its holder's name (a run asks for thousands: one query
 * instead of a lookup of the position and one of the member each). */
static int held_read(rm_who_cache *c, qf_db *db, qf_date today)
{
    static const char sql[] =
        "SELECT p.org_id, p.post, p.member_id, m.name, p.start, p.id FROM position p JOIN member m "
        "ON m.id = p.member_id WHERE p.start <= ?1 AND (p.\"end\" IS NULL OR p.\"end\" >= ?1)";
    c->held_read = true;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_date(st, 1, today);
    size_t cap = 0;
    int rc = QF_OK, step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        if (c->n_held == cap) {
            size_t nc = cap ? cap * 2 : 256;
            rm_held *g = realloc(c->held, nc * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            c->held = g;
            cap = nc;
        }
        rm_held *h = &c->held[c->n_held];
        h->org_id = qf__col_int64(st, 0);
        h->post = qf__arena_strdup(&c->arena, qf__col_text(st, 1));
        h->member_id = qf__col_int64(st, 2);
        h->name = qf__arena_strdup(&c->arena, qf__col_text(st, 3));
        h->start = qf__col_date(st, 4);
        h->position_id = qf__col_int64(st, 5);
        if (!h->post || !h->name)
            rc = qf__oom();
        c->n_held++;
    }
    qf__reset(st);
    if (rc)
        return rc;
    if (step != QF_DONE)
        return qf__sqlerr(db, step, "position");
    if (c->n_held > 1)
        qsort(c->held, c->n_held, sizeof *c->held, cmp_held);
    /* the first of each org and post answers */
    size_t kept = 0;
    for (size_t i = 0; i < c->n_held; i++)
        if (!kept || c->held[kept - 1].org_id != c->held[i].org_id ||
            strcmp(c->held[kept - 1].post, c->held[i].post) != 0)
            c->held[kept++] = c->held[i];
    c->n_held = kept;
    return QF_OK;
}

/* Every org (id, name, kind, parent), ordered by id. */
static int orgs_read(rm_who_cache *c, qf_db *db)
{
    static const char sql[] = "SELECT id, name, kind, parent_id FROM org ORDER BY id";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    size_t cap = 0;
    int rc = QF_OK, step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        if (c->n_orgs == cap) {
            size_t nc = cap ? cap * 2 : 256;
            rm_org_row *g = realloc(c->orgs, nc * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            c->orgs = g;
            cap = nc;
        }
        rm_org_row *o = &c->orgs[c->n_orgs++];
        o->id = qf__col_int64(st, 0);
        o->name = qf__arena_strdup(&c->arena, qf__col_text(st, 1));
        const char *kind = qf__col_text(st, 2);
        o->group = kind && strcmp(kind, "group") == 0;
        o->parent_id = qf__col_id(st, 3);
        if (!o->name)
            rc = qf__oom();
    }
    qf__reset(st);
    if (rc)
        return rc;
    return step == QF_DONE ? QF_OK : qf__sqlerr(db, step, "org");
}

static int cmp_org_row(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = ((const rm_org_row *)pb)->id;
    return a < b ? -1 : a > b;
}

static const rm_org_row *org_row(const rm_who_cache *c, int64_t id)
{
    return c->n_orgs ? bsearch(&id, c->orgs, c->n_orgs, sizeof *c->orgs, cmp_org_row) : NULL;
}

/* The holders and orgs, read the first time they are asked for. */
static int cache_read(rm_who_cache *c, qf_db *db, qf_date today)
{
    if (c->held_read)
        return QF_OK;
    int rc = held_read(c, db, today);
    return rc ? rc : orgs_read(c, db);
}

static int cmp_held_key(const void *pa, const void *pb)
{
    const rm_held *a = pa, *b = pb;
    if (a->org_id != b->org_id)
        return a->org_id < b->org_id ? -1 : 1;
    return strcmp(a->post, b->post);
}

/* holder_of from the holders read at once (the same checks of the post and the org). */
static int held_holder(rm_who_cache *c, qf_db *db, int64_t org, const char *post, int64_t *id,
                       const char **name)
{
    *id = 0;
    *name = NULL;
    if (!org)
        return QF_OK;
    int rc = qf_vocab_check(db, "post", post);
    if (rc)
        return rc;
    const rm_org_row *o = org_row(c, org);
    if (!o)
        return qf__err(QF_ENOTFOUND, _("%s: org %lld does not exist"), "org_id", (long long)org);
    rm_held probe = {.org_id = org, .post = post};
    const rm_held *h =
        c->n_held ? bsearch(&probe, c->held, c->n_held, sizeof *c->held, cmp_held_key) : NULL;
    if (!h && o->group && o->parent_id && strcmp(post, "group_leader") != 0) {
        /* a branch post for a party group's reminder: the branch's holder */
        probe.org_id = o->parent_id;
        h = c->n_held ? bsearch(&probe, c->held, c->n_held, sizeof *c->held, cmp_held_key) : NULL;
    }
    if (h) {
        *id = h->member_id;
        *name = h->name;
    }
    return QF_OK;
}

/* Who answers for a reminder of an org under a post (NULL: the default post): the same for
 * every reminder of the pair on one day. With `cache`, the holders come from its table. */
static int who_of(rm_who *w, qf_db *db, qf_arena *a, int64_t org_id, const char *responsible,
                  qf_date today, rm_who_cache *cache)
{
    int rc = cache ? cache_read(cache, db, today) : QF_OK;
    if (rc)
        return rc;
    const rm_org_row *o = cache && org_id ? org_row(cache, org_id) : NULL;
    const char *post = responsible ? responsible
                       : cache     ? (o && o->group ? "group_leader" : "secretary")
                                   : rm__default_post(db, org_id);
    w->post = qf__arena_strdup(a, post);
    w->label = qf__arena_strdup(a, qf_vocab_label(db, "post", post));
    char name[200];
    if (cache) {
        const char *held = NULL;
        rc = held_holder(cache, db, org_id, post, &w->holder_id, &held);
        if (!rc && w->holder_id)
            snprintf(name, sizeof name, "%s", held ? held : "");
    } else {
        rc = holder_of(db, org_id, post, today, &w->holder_id, name, sizeof name);
    }
    if (rc)
        return rc;
    w->holder = w->holder_id ? qf__arena_strdup(a, name) : NULL;
    w->org_name = NULL;
    w->org_is_group = false;
    if (cache) {
        if (o) {
            w->org_name = qf__arena_strdup(a, o->name);
            w->org_is_group = o->group;
        }
    } else if (org_id) {
        qf_org *got = NULL;
        if (qf_org_get(&got, db, org_id) == QF_OK) {
            w->org_name = qf__arena_strdup(a, got->name);
            w->org_is_group = got->kind == QF_ORG_GROUP;
        }
        qf_org_free(got);
    }
    return QF_OK;
}

static uint64_t who_hash(int64_t org_id, const char *responsible)
{
    uint64_t h = (uint64_t)org_id * 0x9E3779B97F4A7C15u;
    for (const char *p = responsible ? responsible : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3u;
    return h ^ (responsible ? 0 : 0x5bd1e995u);
}

static bool same_post(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The cached answer for (org, responsible), computed on first use. */
static int who_cached(const rm_who **out, rm_who_cache *c, qf_db *db, int64_t org_id,
                      const char *responsible, qf_date today)
{
    if (c->n * 2 >= c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        rm_who *g = calloc(cap, sizeof *g);
        if (!g)
            return qf__oom();
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->slots[i].used)
                continue;
            size_t j = who_hash(c->slots[i].org_id, c->slots[i].responsible) & (cap - 1);
            while (g[j].used)
                j = (j + 1) & (cap - 1);
            g[j] = c->slots[i];
        }
        free(c->slots);
        c->slots = g;
        c->cap = cap;
    }
    size_t j = who_hash(org_id, responsible) & (c->cap - 1);
    for (; c->slots[j].used; j = (j + 1) & (c->cap - 1))
        if (c->slots[j].org_id == org_id && same_post(c->slots[j].responsible, responsible)) {
            *out = &c->slots[j];
            return QF_OK;
        }
    rm_who w = {.used = true, .org_id = org_id};
    w.responsible = responsible ? qf__arena_strdup(&c->arena, responsible) : NULL;
    int rc = who_of(&w, db, &c->arena, org_id, responsible, today, c);
    if (rc)
        return rc;
    c->slots[j] = w;
    c->n++;
    *out = &c->slots[j];
    return QF_OK;
}

void rm__who_cache_free(rm_who_cache *c)
{
    free(c->slots);
    free(c->held);
    free(c->orgs);
    qf__arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}

int rm__fill_who(qf_reminder *r, qf_db *db, qf_arena *a, qf_date today, rm_who_cache *cache)
{
    rm_who one = {0};
    const rm_who *w = &one;
    int rc = cache ? who_cached(&w, cache, db, r->org_id, r->responsible, today)
                   : who_of(&one, db, a, r->org_id, r->responsible, today, NULL);
    if (rc)
        return rc;
    r->responsible = qf__arena_strdup(a, w->post);
    r->responsible_label = qf__arena_strdup(a, w->label);
    r->holder_id = w->holder_id;
    r->holder = qf__arena_strdup(a, w->holder);
    if (r->org_id) {
        r->org_name = qf__arena_strdup(a, w->org_name);
        r->org_is_group = w->org_is_group;
    }
    return QF_OK;
}

int rm__fill(qf_reminder *r, qf_db *db, qf_arena *a, qf_date today, qf_duration nag,
             rm_who_cache *cache)
{
    static const char sql_next[] =
        "SELECT min(fire_on) FROM reminder_fire WHERE reminder_id = ?1 AND fired_on IS NULL "
        "AND fire_on > ?2";
    static const char sql_nag[] =
        "SELECT max(fire_on) FROM reminder_fire WHERE reminder_id = ?1 AND lead = 'overdue'";
    int rc = rm__fill_who(r, db, a, today, cache);
    if (rc)
        return rc;
    r->next_fire = QF_DATE_NONE;
    if (r->state != QF_REMINDER_PENDING && r->state != QF_REMINDER_FIRED)
        return rm__fill_next(r, db, today, nag, QF_DATE_NONE, QF_DATE_NONE);
    qf_stmt *st = qf__stmt(db, sql_next);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, r->id);
    qf__bind_date(st, 2, today);
    qf_date next = QF_DATE_NONE;
    if (qf__step(st) == QF_ROW)
        next = qf__col_date(st, 0);
    qf__reset(st);
    qf_date last = QF_DATE_NONE;
    if (r->overdue && nag.amount > 0) {
        st = qf__stmt(db, sql_nag);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, r->id);
        if (qf__step(st) == QF_ROW)
            last = qf__col_date(st, 0);
        qf__reset(st);
    }
    return rm__fill_next(r, db, today, nag, next, last);
}

int rm__fill_next(qf_reminder *r, qf_db *db, qf_date today, qf_duration nag, qf_date next_unfired,
                  qf_date last_nag)
{
    int rc;
    r->next_fire = QF_DATE_NONE;
    if (r->state == QF_REMINDER_SNOOZED) {
        r->next_fire = r->snoozed_until;
        return QF_OK;
    }
    if (r->state != QF_REMINDER_PENDING && r->state != QF_REMINDER_FIRED)
        return QF_OK;
    r->next_fire = next_unfired;
    if (r->overdue && nag.amount > 0) {
        qf_date last = last_nag;
        qf_date next = r->due + 1;
        if (last != QF_DATE_NONE && (rc = qf_calendar_add(&next, db, last, nag)))
            return rc;
        for (int guard = 0; next <= today && guard < 4000; guard++) {
            qf_date after;
            if ((rc = qf_calendar_add(&after, db, next, nag)))
                return rc;
            if (after <= next)
                break;
            next = after;
        }
        if (next > today && (r->next_fire == QF_DATE_NONE || next < r->next_fire))
            r->next_fire = next;
    }
    return QF_OK;
}

static int nag_setting(qf_db *db, qf_duration *out)
{
    char text[64];
    int rc = rm__setting(db, "nag", text, sizeof text);
    return rc ? rc : qf_duration_parse(out, text);
}

/* ---- get ------------------------------------------------------------------------------ */

int qf_reminder_get(qf_reminder **out, qf_db *db, int64_t id)
{
    *out = NULL;
    qf_duration nag;
    int rc = nag_setting(db, &nag);
    return rc ? rc : rm__reminder_get(out, db, id, nag, NULL);
}

int rm__reminder_get(qf_reminder **out, qf_db *db, int64_t id, qf_duration nag,
                     rm_who_cache *cache)
{
    static const char sql[] =
        "SELECT " REM_COLS " FROM reminder r LEFT JOIN org o ON o.id = r.org_id WHERE r.id = ?1";
    *out = NULL;
    int rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("reminder %lld does not exist"), (long long)id);
    }
    qf_arena a = {0};
    qf_reminder r;
    qf_date today = qf_db_today(db);
    rm__reminder_read(st, &r, today);
    /* the row's strings live in the statement: copy before other queries run */
    const char **fields[] = {&r.key,          &r.source,  &r.rule,    &r.title,      &r.message,
                             &r.subject_type, &r.subject, &r.org,     &r.responsible, &r.leads,
                             &r.changed_at,   &r.note, &r.title_ref, &r.message_ref,
                             &r.subject_ref};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = qf__arena_strdup(&a, *fields[i]);
    qf__reset(st);
    rm__render_refs(&r, db, &a);
    rc = rm__fill(&r, db, &a, today, nag, cache);
    if (rc == QF_OK) {
        const char **all[] = {&r.key,        &r.source,     &r.rule,      &r.title,
                              &r.message,    &r.subject_type, &r.subject, &r.org,
                              &r.responsible, &r.responsible_label, &r.holder, &r.leads,
                              &r.changed_at, &r.note, &r.org_name, &r.title_ref,
                              &r.message_ref, &r.subject_ref};
        *out = qf__record_dup(&r, sizeof r, all, sizeof all / sizeof all[0]);
        if (!*out)
            rc = qf__oom();
    }
    qf__arena_free(&a);
    return rc;
}

void qf_reminder_free(qf_reminder *r)
{
    free(r);
}

/* ---- list ----------------------------------------------------------------------------- */

struct qf_reminder_iter {
    qf_db *db;
    qf_stmt *st;
    qf_date today;
    qf_reminder row;
    qf_arena arena; /* the row's rendered texts */
};

int qf_reminder_list(qf_reminder_iter **out, qf_db *db, const qf_reminder_filter *f)
{
    static const char sql[] =
        "WITH RECURSIVE t(id) AS (SELECT ?3 UNION ALL SELECT o.id FROM org o JOIN t ON "
        "o.parent_id = t.id) SELECT " REM_COLS " FROM reminder r LEFT JOIN org o ON "
        "o.id = r.org_id WHERE (?1 IS NULL OR r.state = ?1) AND (?2 = 0 OR r." RM_UNRESOLVED
        ") AND (?3 = 0 OR r.org_id IN "
        "(SELECT id FROM t)) AND (?4 IS NULL OR r.source = ?4) ORDER BY r.due, r.id";
    *out = NULL;
    qf_reminder_filter def = QF_REMINDER_FILTER_INIT;
    if (!f)
        f = &def;
    if (f->version != QF_REMINDER_FILTER_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("reminder filter: initialise it with QF_REMINDER_FILTER_INIT"));
    if (f->state != -1 && (f->state < 0 || f->state > QF_REMINDER_SNOOZED))
        return qf__err(QF_EINVALID, _("reminder filter: state %d is unknown"), f->state);
    qf_reminder_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    it->today = qf_db_today(db);
    int rc = qf__borrow(&it->st, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    if (f->state != -1)
        qf__bind_textn(it->st, 1, qf_reminder_state_name((qf_reminder_state)f->state), -1,
                          QF_STATIC);
    qf__bind_int(it->st, 2, f->active ? 1 : 0);
    qf__bind_int64(it->st, 3, f->org_id);
    qf__bind_text(it->st, 4, f->source);
    *out = it;
    return QF_OK;
}

int qf_reminder_next(const qf_reminder **row, qf_reminder_iter *it)
{
    *row = NULL;
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__sqlerr(it->db, rc, "reminder");
    rm__reminder_read(it->st, &it->row, it->today);
    qf__arena_reset(&it->arena);
    rm__render_refs(&it->row, it->db, &it->arena);
    *row = &it->row;
    return QF_OK;
}

void qf_reminder_iter_free(qf_reminder_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    qf__arena_free(&it->arena);
    free(it);
}

/* ---- fire days ------------------------------------------------------------------------ */

struct qf_reminder_fire_iter {
    qf_db *db;
    qf_stmt *st;
    qf_reminder_fire row;
};

int qf_reminder_fires(qf_reminder_fire_iter **out, qf_db *db, int64_t id)
{
    static const char sql[] = "SELECT lead, fire_on, fired_on, late FROM reminder_fire WHERE "
                              "reminder_id = ?1 ORDER BY fire_on, lead";
    *out = NULL;
    qf_reminder_fire_iter *it = calloc(1, sizeof *it);
    if (!it)
        return qf__oom();
    it->db = db;
    int rc = qf__borrow(&it->st, db, sql);
    if (rc) {
        free(it);
        return rc;
    }
    qf__bind_int64(it->st, 1, id);
    *out = it;
    return QF_OK;
}

int qf_reminder_fire_next(const qf_reminder_fire **row, qf_reminder_fire_iter *it)
{
    *row = NULL;
    int rc = qf__step(it->st);
    if (rc == QF_DONE)
        return QF_ITEROVER;
    if (rc != QF_ROW)
        return qf__sqlerr(it->db, rc, "reminder_fire");
    it->row.lead = qf__col_text(it->st, 0);
    it->row.fire_on = qf__col_date(it->st, 1);
    it->row.fired_on = qf__col_date(it->st, 2);
    it->row.late = qf__col_int(it->st, 3) != 0;
    *row = &it->row;
    return QF_OK;
}

void qf_reminder_fire_iter_free(qf_reminder_fire_iter *it)
{
    if (!it)
        return;
    qf__giveback(it->db, it->st);
    free(it);
}

/* ---- acknowledge and snooze ------------------------------------------------------------ */

/* The state of reminder `id`, refusing one that is resolved. */
static int open_state(qf_db *db, int64_t id, qf_reminder_state *out)
{
    static const char sql[] = "SELECT state FROM reminder WHERE id = ?1";
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    if (qf__step(st) != QF_ROW) {
        qf__reset(st);
        return qf__err(QF_ENOTFOUND, _("reminder %lld does not exist"), (long long)id);
    }
    qf_reminder_state_parse(out, qf__col_text(st, 0));
    qf__reset(st);
    if (*out == QF_REMINDER_SATISFIED || *out == QF_REMINDER_EXPIRED)
        return qf__err(QF_EINVALID,
                       _("reminder %lld is resolved (%s): it can no longer be acknowledged or "
                         "snoozed"),
                       (long long)id, rm__state_label(*out));
    return QF_OK;
}

static int change(qf_db *db, int64_t id, const char *state, qf_date until, const char *note)
{
    static const char sql[] =
        "UPDATE reminder SET state = ?2, snoozed_until = ?3, note = coalesce(?4, note), "
        "sequence = sequence + 1, changed_at = ?5 WHERE id = ?1";
    char now[QF_UTC_LEN];
    qf__utc_now(now);
    int rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_int64(st, 1, id);
    qf__bind_textn(st, 2, state, -1, QF_STATIC);
    qf__bind_date(st, 3, until);
    qf__bind_text(st, 4, note);
    qf__bind_textn(st, 5, now, -1, QF_TRANSIENT);
    return qf__tx_end(db, qf__exec_stmt(db, st, "reminder"));
}

int qf_reminder_ack(qf_db *db, int64_t id, const char *note)
{
    int rc = qf__check_text("note", note, false, 2000);
    if (rc)
        return rc;
    qf_reminder_state s;
    if ((rc = open_state(db, id, &s)))
        return rc;
    return change(db, id, "acknowledged", QF_DATE_NONE, note);
}

int qf_reminder_snooze(qf_db *db, int64_t id, const char *duration, const char *note)
{
    int rc = qf__check_text("note", note, false, 2000);
    if (rc)
        return rc;
    qf_duration d;
    if (qf_duration_parse(&d, duration) != QF_OK)
        return qf__err(QF_EINVALID, _("snooze: %s"), qf_error_last());
    if (d.amount <= 0)
        return qf__err(QF_EINVALID, _("snooze: the duration must be positive (%s)"), duration);
    qf_reminder_state s;
    if ((rc = open_state(db, id, &s)))
        return rc;
    qf_date until;
    if ((rc = qf_calendar_add(&until, db, qf_db_today(db), d)))
        return rc;
    if (until > qf_db_today(db) + 366)
        return qf__err(QF_EINVALID, _("snooze: at most a year (%s)"), duration);
    return change(db, id, "snoozed", until, note);
}
