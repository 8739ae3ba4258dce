/*
 * A reminder run: gather what the sources say, bring the ledger up to date, fire what has come
 * due, deliver, record. The ledger (table reminder, with its fire days in reminder_fire) is the
 * memory between runs: a lead time fires once; a run after a gap fires what it missed, once and
 * marked late; an overdue reminder comes back every `nag` days until it is met.
 *
 * Delivery happens after the ledger update is committed and each successful one is recorded in
 * its own small transaction: a command run by --exec may itself open the database, and a
 * crash between delivering and recording re-delivers rather than loses (at least once).
 * Without a deliverer (no command, no hook: the run's output is the delivery) the firings are
 * written with the ledger update, one transaction and one audit seal for the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "remind_internal.h"


/* ---- rows of the ledger ---------------------------------------------------------------- */

typedef struct rm_row {
    int64_t id;
    const char *key, *subject_key, *source, *rule, *subject_type, *subject, *title, *message;
    const char *leads, *responsible, *changed_at, *note;
    const char *title_ref, *message_ref, *subject_ref; /* the texts as ids with arguments */
    int64_t org_id, subject_id;
    qf_date due, period_start, snoozed_until, first_seen, resolved;
    qf_reminder_state state;
    bool event;
    int sequence;
    /* this run */
    bool matched;
    qf_date snooze_ended; /* a snooze that ended now: its days are not late */
} rm_row;

/* What applying a candidate reads of the row with its key (update_row compares the rest). */
#define ROW_COLS                                                                                  \
    "id, subject_key, leads, responsible, org_id, due, period_start, state, title_ref, "         \
    "message_ref, subject_ref"

static void read_row(qf_arena *a, qf_stmt *st, rm_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = qf__col_int64(st, 0);
    r->subject_key = qf__arena_strdup(a, qf__col_text(st, 1));
    r->leads = qf__arena_strdup(a, qf__col_text(st, 2));
    r->responsible = qf__arena_strdup(a, qf__col_text(st, 3));
    r->org_id = qf__col_id(st, 4);
    r->due = qf__col_date(st, 5);
    r->period_start = qf__col_date(st, 6);
    qf_reminder_state_parse(&r->state, qf__col_text(st, 7));
    r->title_ref = qf__arena_strdup(a, qf__col_text(st, 8));
    r->message_ref = qf__arena_strdup(a, qf__col_text(st, 9));
    r->subject_ref = qf__arena_strdup(a, qf__col_text(st, 10));
    r->snoozed_until = r->first_seen = r->resolved = QF_DATE_NONE;
    r->snooze_ended = QF_DATE_NONE;
}

/* ---- fire days ------------------------------------------------------------------------- */

/* Fire days are written many rows a statement (a statement costs as much again as the rows it
 * writes: its journal, its trigger program): 2^i rows in sql_put_fires[i], every value bound.
 * The rows keep the order they were planned in, so their ids are those of one row at a time. */
/* One row's bound parameters (?), doubled up to 64 rows: SQLite (and the PostgreSQL layer,
 * which numbers bare `?` in order) numbers them from 1 in order, as the binding expects. */
#define FIRE_1 "(?, ?, ?, ?, ?)"
#define FIRE_2 FIRE_1 ", " FIRE_1
#define FIRE_4 FIRE_2 ", " FIRE_2
#define FIRE_8 FIRE_4 ", " FIRE_4
#define FIRE_16 FIRE_8 ", " FIRE_8
#define FIRE_32 FIRE_16 ", " FIRE_16
#define FIRE_64 FIRE_32 ", " FIRE_32
#define PUT_FIRES(rows)                                                                    \
    "INSERT INTO reminder_fire (reminder_id, lead, fire_on, fired_on, late) VALUES " rows  \
    " ON CONFLICT DO NOTHING"
static const char *const sql_put_fires[] = {PUT_FIRES(FIRE_1),  PUT_FIRES(FIRE_2),
                                            PUT_FIRES(FIRE_4),  PUT_FIRES(FIRE_8),
                                            PUT_FIRES(FIRE_16), PUT_FIRES(FIRE_32),
                                            PUT_FIRES(FIRE_64)};
#define PUT_FIRES_BATCH 64 /* rows in the last statement */

/* A day planned for a lead time. */
typedef struct fire_day {
    qf_date day;
    char lead[16];
} fire_day;

/* The order the run reads a reminder's due days in (ORDER BY fire_on, lead). */
static int cmp_fire_day(const void *a, const void *b)
{
    const fire_day *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return strcmp(x->lead, y->lead);
}

/* What a fresh reminder fires for now, known when it is written (see fold_firings): its days
 * up to today, as plan_firing would read them back. */
typedef struct prefired {
    int64_t row;
    rm_firing f;
    qf_date latest;       /* the latest of those days */
} prefired;

/* The day of each lead time before (or after) `due`. */
static int fire_days_of(qf_db *db, qf_date due, const char *leads_text, fire_day *days, size_t *n)
{
    qf_duration leads[QF_LEADS_MAX];
    int rc = qf_leads_parse(leads, n, leads_text);
    for (size_t i = 0; rc == QF_OK && i < *n; i++) {
        rc = qf_lead_day(&days[i].day, db, due, leads[i]);
        qf_duration_format(leads[i], days[i].lead, sizeof days[i].lead);
    }
    return rc;
}

/* Fire days waiting to be written, in the order they were planned: written before anything
 * else reads or writes reminder_fire (fires_flush). */
typedef struct fire_put {
    int64_t reminder;
    fire_day d;
    qf_date fired_on;
    bool late;
} fire_put;

typedef struct fire_buf {
    fire_put *items;
    size_t n, cap;
} fire_buf;

/* Writes the first rows of `p` (k of them) with the largest statement that fits: how many it
 * wrote, or minus an error code. */
static int fires_write(qf_db *db, const fire_put *p, size_t k)
{
    size_t i = 0;
    while (((size_t)1 << (i + 1)) <= k && i + 1 < sizeof sql_put_fires / sizeof sql_put_fires[0])
        i++;
    k = (size_t)1 << i;
    qf_stmt *st = qf__stmt(db, sql_put_fires[i]);
    if (!st)
        return -qf_error_last_code();
    for (size_t j = 0; j < k; j++) {
        int b = 1 + 5 * (int)j;
        qf__bind_int64(st, b, p[j].reminder);
        qf__bind_textn(st, b + 1, p[j].d.lead, -1, QF_STATIC);
        qf__bind_date(st, b + 2, p[j].d.day);
        qf__bind_date(st, b + 3, p[j].fired_on);
        qf__bind_int(st, b + 4, p[j].late ? 1 : 0);
    }
    int rc = qf__exec_stmt(db, st, "reminder_fire");
    return rc ? -rc : (int)k;
}

/* Writes what waits: all of it, or (`full_only`) as many of the largest statements as fill. */
static int fires_flush(qf_db *db, fire_buf *b, bool full_only)
{
    size_t done = 0;
    while (done < b->n && (!full_only || b->n - done >= PUT_FIRES_BATCH)) {
        int k = fires_write(db, b->items + done, b->n - done);
        if (k < 0)
            return -k;
        done += (size_t)k;
    }
    if (done && done < b->n)
        memmove(b->items, b->items + done, (b->n - done) * sizeof *b->items);
    b->n -= done;
    return QF_OK;
}

static int fires_put(qf_db *db, fire_buf *b, const fire_put *p)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 2 * PUT_FIRES_BATCH;
        fire_put *g = realloc(b->items, cap * sizeof *g);
        if (!g)
            return qf__oom();
        b->items = g;
        b->cap = cap;
    }
    b->items[b->n++] = *p;
    return b->n >= PUT_FIRES_BATCH ? fires_flush(db, b, true) : QF_OK;
}

/* Plans a row's fire days: unfired days of other leads or dates are dropped, days already
 * fired stay (ON CONFLICT DO NOTHING). A row inserted a moment ago (`fresh`) has none to
 * drop. With `now` (a fresh row firing in this run, see fold_ok) its days up to today go in
 * fired. */
static int put_fires(qf_db *db, fire_buf *b, int64_t id, const fire_day *days, size_t n,
                     bool fresh, const rm_ctx *c, bool now)
{
    static const char sql_drop[] =
        "DELETE FROM reminder_fire WHERE reminder_id = ?1 AND fired_on IS NULL AND lead <> 'overdue'";
    int rc;
    if (!fresh) {
        if ((rc = fires_flush(db, b, false)))
            return rc;
        qf_stmt *st = qf__stmt(db, sql_drop);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, id);
        if ((rc = qf__exec_stmt(db, st, "reminder_fire")))
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        bool fires = now && days[i].day <= c->today;
        fire_put p = {.reminder = id, .d = days[i], .fired_on = fires ? c->today : QF_DATE_NONE,
                      .late = fires && days[i].day < c->today && c->last_run != QF_DATE_NONE};
        if ((rc = fires_put(db, b, &p)))
            return rc;
    }
    return QF_OK;
}

/* Plans a row's fire days from its due date and lead times (see put_fires). */
static int plan_fires(qf_db *db, fire_buf *b, int64_t id, qf_date due, const char *leads_text,
                      const rm_ctx *c)
{
    fire_day days[QF_LEADS_MAX];
    size_t n;
    int rc = fire_days_of(db, due, leads_text, days, &n);
    return rc ? rc : put_fires(db, b, id, days, n, false, c, false);
}

/* What a fresh row fires for in this run, as plan_firing would read it back from its fire
 * days (ORDER BY fire_on, lead): the days up to today, the lead of the latest, the late ones
 * missed. The nag of an overdue one is added by plan_firing. */
static void firing_of(const rm_ctx *c, fire_day *days, size_t n, prefired *out)
{
    memset(out, 0, sizeof *out);
    out->f.nag = QF_DATE_NONE;
    out->latest = QF_DATE_NONE;
    qsort(days, n, sizeof *days, cmp_fire_day);
    rm_firing *f = &out->f;
    for (size_t i = 0; i < n && days[i].day <= c->today; i++) {
        if (i > 0 && cmp_fire_day(&days[i - 1], &days[i]) == 0)
            continue; /* (one row: ON CONFLICT DO NOTHING) */
        bool late = days[i].day < c->today && c->last_run != QF_DATE_NONE;
        f->fire_late[f->n_fires++] = late;
        out->latest = days[i].day;
        snprintf(f->lead, sizeof f->lead, "%s", days[i].lead);
        if (late)
            f->missed[f->n_missed++] = days[i].day;
    }
}

/* ---- the run's state --------------------------------------------------------------------- */


typedef struct run {
    qf_db *db;
    rm_ctx c;
    qf_arena arena;       /* rows */
    rm_row *rows;
    size_t n_rows, cap_rows;
    rm_firing *fires;
    size_t n_fires, cap_fires;
    int64_t *resolved_now;
    size_t n_resolved_now, cap_resolved_now;
    int64_t *touched;     /* rows a candidate matched or created (sorted after A) */
    size_t n_touched, cap_touched;
    char now[QF_UTC_LEN];
    qf_duration nag;
    /* fold_firings: a reminder created firing is written fired (see fold_ok) */
    bool fold;
    bool batch;           /* no two candidates share a key: new rows may wait (insert_row) */
    struct pending *pend; /* new rows waiting, PUT_REMINDERS_BATCH at most */
    size_t n_pend;
    fire_buf fires_out;   /* fire days waiting to be written */
    prefired *pre;        /* those written so, by row (ascending: inserted in order) */
    size_t n_pre, cap_pre;
} run;

static int push_id(int64_t **arr, size_t *n, size_t *cap, int64_t id)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        int64_t *g = realloc(*arr, c * sizeof *g);
        if (!g)
            return qf__oom();
        *arr = g;
        *cap = c;
    }
    (*arr)[(*n)++] = id;
    return QF_OK;
}

static int cmp_id64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* What a run's later steps read of an unresolved row (not its texts). */
#define STATE_COLS                                                                                \
    "id, key, subject_key, source, org_id, subject_id, due, snoozed_until, state, event"

static void read_state(qf_arena *a, qf_stmt *st, rm_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = qf__col_int64(st, 0);
    r->key = qf__arena_strdup(a, qf__col_text(st, 1));
    r->subject_key = qf__arena_strdup(a, qf__col_text(st, 2));
    r->source = qf__arena_strdup(a, qf__col_text(st, 3));
    r->org_id = qf__col_id(st, 4);
    r->subject_id = qf__col_int64(st, 5);
    r->due = qf__col_date(st, 6);
    r->snoozed_until = qf__col_date(st, 7);
    qf_reminder_state_parse(&r->state, qf__col_text(st, 8));
    r->event = qf__col_int(st, 9) != 0;
    r->period_start = r->first_seen = r->resolved = QF_DATE_NONE;
    r->snooze_ended = QF_DATE_NONE;
}

/* The unresolved rows, after the candidates went in; those they matched are marked. */
static int load_rows(run *r)
{
    static const char sql[] = "SELECT " STATE_COLS " FROM reminder WHERE " RM_UNRESOLVED
                              " ORDER BY id";
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, r->db, sql);
    if (rc)
        return rc;
    if (r->n_touched)
        qsort(r->touched, r->n_touched, sizeof *r->touched, cmp_id64);
    while ((rc = qf__step(st)) == QF_ROW) {
        if (r->n_rows == r->cap_rows) {
            size_t cap = r->cap_rows ? r->cap_rows * 2 : 64;
            rm_row *g = realloc(r->rows, cap * sizeof *g);
            if (!g) {
                qf__finalize(st);
                return qf__oom();
            }
            r->rows = g;
            r->cap_rows = cap;
        }
        rm_row *row = &r->rows[r->n_rows++];
        read_state(&r->arena, st, row);
        row->matched = r->n_touched &&
                       bsearch(&row->id, r->touched, r->n_touched, sizeof row->id, cmp_id64);
    }
    qf__finalize(st);
    return rc == QF_DONE ? QF_OK : qf__sqlerr(r->db, rc, "reminder");
}

/* The unresolved rows with their keys, read in one pass for apply_candidates: one lookup by
 * key for each candidate cost a seventh of a next day's run at 1,000 branches (11,000 of
 * them, each a statement reset, an index descent and a table seek). Sorted by key. */
typedef struct preload {
    rm_row *rows;
    size_t n;
    qf_arena arena;
} preload;

static int cmp_row_key(const void *a, const void *b)
{
    return strcmp(((const rm_row *)a)->key, ((const rm_row *)b)->key);
}

static int preload_rows(run *r, preload *p)
{
    static const char sql[] = "SELECT " ROW_COLS ", key FROM reminder WHERE " RM_UNRESOLVED;
    qf_stmt *st = NULL;
    int rc = qf__prepare(&st, r->db, sql);
    if (rc)
        return rc;
    size_t cap = 0;
    int step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        if (p->n == cap) {
            cap = cap ? cap * 2 : 256;
            rm_row *g = realloc(p->rows, cap * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            p->rows = g;
        }
        rm_row *row = &p->rows[p->n++];
        read_row(&p->arena, st, row);
        if (!(row->key = qf__arena_strdup(&p->arena, qf__col_text(st, 11))))
            rc = qf__oom();
    }
    if (rc == QF_OK && step != QF_DONE)
        rc = qf__sqlerr(r->db, step, "reminder");
    qf__finalize(st);
    if (rc)
        return rc;
    if (p->n > 1)
        qsort(p->rows, p->n, sizeof *p->rows, cmp_row_key);
    return QF_OK;
}

static const rm_row *preloaded(const preload *p, const char *key)
{
    rm_row probe = {.key = key};
    return p->n ? bsearch(&probe, p->rows, p->n, sizeof *p->rows, cmp_row_key) : NULL;
}

/* Reads one row by key (any state) into *out, its strings in `a`; false when there is none. */
static int find_row(run *r, qf_arena *a, const char *key, rm_row *out, bool *found)
{
    static const char sql[] = "SELECT " ROW_COLS " FROM reminder WHERE key = ?1";
    qf_stmt *st = qf__stmt(r->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, key, -1, QF_STATIC);
    int rc = qf__step(st);
    *found = rc == QF_ROW;
    if (*found)
        read_row(a, st, out);
    qf__reset(st);
    return rc == QF_ROW || rc == QF_DONE ? QF_OK : qf__sqlerr(r->db, rc, "reminder");
}

static int set_state(run *r, int64_t id, const char *state, qf_date resolved, qf_date until,
                     bool bump)
{
    static const char sql[] =
        "UPDATE reminder SET state = ?2, resolved = ?3, snoozed_until = ?4, "
        "sequence = sequence + ?5, changed_at = CASE WHEN ?5 <> 0 THEN ?6 ELSE changed_at END "
        "WHERE id = ?1";
    qf_stmt *st = qf__stmt(r->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    qf__bind_textn(st, 2, state, -1, QF_STATIC);
    qf__bind_date(st, 3, resolved);
    qf__bind_date(st, 4, until);
    qf__bind_int(st, 5, bump ? 1 : 0);
    qf__bind_textn(st, 6, r->now, -1, QF_STATIC);
    return qf__exec_stmt(r->db, st, "reminder");
}

static int has_fired(run *r, int64_t id, bool *out)
{
    static const char sql[] =
        "SELECT EXISTS (SELECT 1 FROM reminder_fire WHERE reminder_id = ?1 AND fired_on IS NOT NULL)";
    int rc = fires_flush(r->db, &r->fires_out, false); /* (what waits counts) */
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(r->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, id);
    *out = qf__step(st) == QF_ROW && qf__col_int(st, 0);
    qf__reset(st);
    return QF_OK;
}

/* ---- A: candidates into the ledger --------------------------------------------------- */

/* A candidate's texts for the ledger: each as an id with arguments (what qufa reads back) and
 * rendered (what the sqlite3 shell shows). */
typedef struct texts {
    char *title_ref, *message_ref, *subject_ref;
    char title[1024], message[2048], subject[400];
} texts;

/* The refs only (enough to see whether anything changed), then the renderings when the row
 * is written. */
static int refs_of(const rm_cand *x, texts *t)
{
    t->title_ref = qf__msg_dump(x->title);
    t->message_ref = qf__msg_dump(x->message);
    t->subject_ref = qf__msg_dump(x->subject);
    if ((x->title && !t->title_ref) || (x->message && !t->message_ref) ||
        (x->subject && !t->subject_ref))
        return qf__oom();
    return QF_OK;
}

static void render_texts(qf_db *db, const rm_cand *x, texts *t)
{
    qf__msg_render(x->title, db, t->title, sizeof t->title);
    qf__msg_render(x->message, db, t->message, sizeof t->message);
    qf__msg_render(x->subject, db, t->subject, sizeof t->subject);
}

static int texts_of(qf_db *db, const rm_cand *x, texts *t)
{
    int rc = refs_of(x, t);
    if (rc == QF_OK)
        render_texts(db, x, t);
    return rc;
}

static void texts_free(texts *t)
{
    free(t->title_ref);
    free(t->message_ref);
    free(t->subject_ref);
}

/* New rows wait here, several going in with one statement (a statement costs about as much
 * again as the row it writes: its journal, its trigger program): 2^i rows in
 * sql_put_reminders[i], in the order the candidates came, so their ids are those of one row
 * at a time. Only when no two candidates share a key (a later one could look for a row still
 * waiting); reminders_flush runs before anything else in the run reads or writes the ledger. */
#define PUT_REMINDERS_BATCH 32 /* rows in the last statement */
#define REMINDER_1 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define REMINDER_2 REMINDER_1 ", " REMINDER_1
#define REMINDER_4 REMINDER_2 ", " REMINDER_2
#define REMINDER_8 REMINDER_4 ", " REMINDER_4
#define REMINDER_16 REMINDER_8 ", " REMINDER_8
#define REMINDER_32 REMINDER_16 ", " REMINDER_16
#define PUT_REMINDERS(rows)                                                                     \
    "INSERT INTO reminder (key, subject_key, source, rule, org_id, subject_type, subject_id, "  \
    "subject, period_start, title, message, due, leads, responsible, event, state, first_seen, " \
    "sequence, changed_at, title_ref, message_ref, subject_ref) VALUES " rows " RETURNING id, key"
static const char *const sql_put_reminders[] = {
    PUT_REMINDERS(REMINDER_1),  PUT_REMINDERS(REMINDER_2),  PUT_REMINDERS(REMINDER_4),
    PUT_REMINDERS(REMINDER_8),  PUT_REMINDERS(REMINDER_16), PUT_REMINDERS(REMINDER_32)};

typedef struct pending {
    const rm_cand *x;
    qf_date due;
    bool now;             /* written fired (fold_ok) */
    prefired pre;
    fire_day days[QF_LEADS_MAX];
    size_t n_days;
    texts t;
    int64_t id;
} pending;

/* Writes the first `k` (a power of two) waiting rows and takes their ids. */
static int reminders_write(run *r, pending *p, size_t i, size_t k)
{
    qf_stmt *st = qf__stmt(r->db, sql_put_reminders[i]);
    if (!st)
        return qf_error_last_code();
    for (size_t j = 0; j < k; j++) {
        const rm_cand *x = p[j].x;
        const texts *t = &p[j].t;
        int b = 1 + 22 * (int)j;
        qf__bind_textn(st, b, x->key, -1, QF_STATIC);
        qf__bind_textn(st, b + 1, x->subject_key, -1, QF_STATIC);
        qf__bind_textn(st, b + 2, x->source, -1, QF_STATIC);
        qf__bind_textn(st, b + 3, x->rule, -1, QF_STATIC);
        qf__bind_id(st, b + 4, x->org_id);
        qf__bind_text(st, b + 5, x->subject_type);
        qf__bind_int64(st, b + 6, x->subject_id);
        qf__bind_text(st, b + 7, x->subject ? t->subject : NULL);
        qf__bind_date(st, b + 8, x->period_start);
        qf__bind_text(st, b + 9, t->title);
        qf__bind_text(st, b + 10, x->message ? t->message : NULL);
        qf__bind_date(st, b + 11, p[j].due);
        qf__bind_textn(st, b + 12, x->leads, -1, QF_STATIC);
        qf__bind_text(st, b + 13, x->responsible);
        qf__bind_int(st, b + 14, x->event ? 1 : 0);
        qf__bind_textn(st, b + 15, p[j].now ? "fired" : "pending", -1, QF_STATIC);
        qf__bind_date(st, b + 16, r->c.today);
        qf__bind_int(st, b + 17, p[j].now ? 1 : 0);
        qf__bind_textn(st, b + 18, r->now, -1, QF_STATIC);
        qf__bind_text(st, b + 19, t->title_ref);
        qf__bind_text(st, b + 20, t->message_ref);
        qf__bind_text(st, b + 21, t->subject_ref);
    }
    /* the ids by key (RETURNING gives the rows in no promised order) */
    int step;
    size_t next = 0;
    while ((step = qf__step(st)) == QF_ROW) {
        const char *key = qf__col_text(st, 1);
        size_t j = next < k && key && strcmp(p[next].x->key, key) == 0 ? next : k;
        for (size_t m = 0; j == k && key && m < k; m++)
            if (strcmp(p[m].x->key, key) == 0)
                j = m;
        if (j < k)
            p[j].id = qf__col_int64(st, 0);
        next = j + 1;
    }
    qf__reset(st);
    if (step != QF_DONE)
        return qf__sqlerr(r->db, step, "reminder");
    for (size_t j = 0; j < k; j++)
        if (!p[j].id)
            return qf__err(QF_ERROR, "%s", _("remind: a new reminder came back without its id"));
    return QF_OK;
}

/* Writes every waiting row, then plans their fire days, in their order. */
static int reminders_flush(run *r)
{
    int rc = QF_OK;
    size_t done = 0;
    while (rc == QF_OK && done < r->n_pend) {
        size_t i = 0;
        while (((size_t)2 << i) <= r->n_pend - done &&
               i + 1 < sizeof sql_put_reminders / sizeof sql_put_reminders[0])
            i++;
        size_t k = (size_t)1 << i;
        rc = reminders_write(r, r->pend + done, i, k);
        for (size_t j = done; rc == QF_OK && j < done + k; j++) {
            pending *p = &r->pend[j];
            rc = push_id(&r->touched, &r->n_touched, &r->cap_touched, p->id);
            if (!rc)
                rc = put_fires(r->db, &r->fires_out, p->id, p->days, p->n_days, true, &r->c,
                               p->now);
            if (rc || !p->now)
                continue;
            if (r->n_pre == r->cap_pre) {
                size_t cap = r->cap_pre ? r->cap_pre * 2 : 64;
                prefired *g = realloc(r->pre, cap * sizeof *g);
                if (!g) {
                    rc = qf__oom();
                    break;
                }
                r->pre = g;
                r->cap_pre = cap;
            }
            p->pre.f.row = p->id;
            p->pre.f.written = true;
            r->pre[r->n_pre++] = p->pre;
        }
        done += k;
    }
    for (size_t j = 0; j < r->n_pend; j++)
        texts_free(&r->pend[j].t);
    r->n_pend = 0;
    return rc;
}

/* After an error: what waits is dropped (the run's transaction is rolled back). */
static void reminders_flush_drop(run *r)
{
    for (size_t j = 0; j < r->n_pend; j++)
        texts_free(&r->pend[j].t);
    r->n_pend = 0;
}

/* A new row for the ledger: it waits for reminders_flush (at once when `batch` is off). */
static int insert_row(run *r, const rm_cand *x, qf_date due)
{
    if (!r->pend && !(r->pend = malloc(PUT_REMINDERS_BATCH * sizeof *r->pend)))
        return qf__oom();
    pending *p = &r->pend[r->n_pend];
    memset(p, 0, sizeof *p);
    p->x = x;
    p->due = due;
    int rc = fire_days_of(r->db, due, x->leads, p->days, &p->n_days);
    if (rc)
        return rc;
    /* one that fires in this run (plan_all would pick it: in scope) goes in fired, once */
    if (r->fold && !(x->org_id && !rm__in_scope(&r->c, x->org_id))) {
        fire_day sorted[QF_LEADS_MAX];
        memcpy(sorted, p->days, p->n_days * sizeof *p->days);
        firing_of(&r->c, sorted, p->n_days, &p->pre);
        bool nags = !x->event && due < r->c.today && r->nag.amount > 0;
        p->now = p->pre.f.n_fires > 0 || nags;
    }
    if ((rc = texts_of(r->db, x, &p->t))) {
        texts_free(&p->t);
        return rc;
    }
    r->n_pend++;
    return r->n_pend == PUT_REMINDERS_BATCH || !r->batch ? reminders_flush(r) : QF_OK;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int update_row(run *r, const rm_row *old, const rm_cand *x, qf_date due)
{
    static const char sql[] =
        "UPDATE reminder SET subject_key = ?2, rule = ?3, org_id = ?4, subject_type = ?5, "
        "subject_id = ?6, subject = ?7, period_start = ?8, title = ?9, message = ?10, due = ?11, "
        "leads = ?12, responsible = ?13, event = ?14, sequence = sequence + ?15, "
        "changed_at = CASE WHEN ?15 <> 0 THEN ?16 ELSE changed_at END, title_ref = ?17, "
        "message_ref = ?18, subject_ref = ?19 WHERE id = ?1";
    texts t;
    int rc = refs_of(x, &t);
    if (rc) {
        texts_free(&t);
        return rc;
    }
    bool moved = old->due != due || !same(old->leads, x->leads);
    bool bump = moved || !same(old->title_ref, t.title_ref);
    /* what a reminder says is kept as the sources say it now (as ids with arguments: a due
     * date is shown relative to the reader's day, so it does not change every day) */
    bool other = !same(old->subject_ref, t.subject_ref) || !same(old->message_ref, t.message_ref) ||
                 !same(old->responsible, x->responsible) || old->org_id != x->org_id ||
                 old->period_start != x->period_start || !same(old->subject_key, x->subject_key);
    if (!bump && !other) {
        texts_free(&t);
        return QF_OK; /* nothing changed: nothing written (the audit log stays quiet) */
    }
    qf_stmt *st = qf__stmt(r->db, sql);
    if (!st) {
        texts_free(&t);
        return qf_error_last_code();
    }
    render_texts(r->db, x, &t);
    qf__bind_int64(st, 1, old->id);
    qf__bind_textn(st, 2, x->subject_key, -1, QF_STATIC);
    qf__bind_textn(st, 3, x->rule, -1, QF_STATIC);
    qf__bind_id(st, 4, x->org_id);
    qf__bind_text(st, 5, x->subject_type);
    qf__bind_int64(st, 6, x->subject_id);
    qf__bind_text(st, 7, x->subject ? t.subject : NULL);
    qf__bind_date(st, 8, x->period_start);
    qf__bind_text(st, 9, t.title);
    qf__bind_text(st, 10, x->message ? t.message : NULL);
    qf__bind_date(st, 11, due);
    qf__bind_textn(st, 12, x->leads, -1, QF_STATIC);
    qf__bind_text(st, 13, x->responsible);
    qf__bind_int(st, 14, x->event ? 1 : 0);
    qf__bind_int(st, 15, bump ? 1 : 0);
    qf__bind_textn(st, 16, r->now, -1, QF_STATIC);
    qf__bind_text(st, 17, t.title_ref);
    qf__bind_text(st, 18, t.message_ref);
    qf__bind_text(st, 19, t.subject_ref);
    rc = qf__exec_stmt(r->db, st, "reminder");
    texts_free(&t);
    if (!rc && moved)
        rc = plan_fires(r->db, &r->fires_out, old->id, due, x->leads, &r->c);
    return rc;
}

static int cmp_cand_key(const void *a, const void *b)
{
    const rm_cand *x = *(rm_cand *const *)a, *y = *(rm_cand *const *)b;
    return strcmp(x->subject_key, y->subject_key);
}

static int cmp_prefired_row(const void *a, const void *b)
{
    int64_t x = ((const prefired *)a)->f.row, y = ((const prefired *)b)->f.row;
    return x < y ? -1 : x > y;
}

static int cmp_cand_ptr_key(const void *a, const void *b)
{
    return strcmp((*(const rm_cand *const *)a)->key, (*(const rm_cand *const *)b)->key);
}

/* Whether a reminder created firing can be written fired at once (one audited write, not an
 * insert and then an update marking it fired): only when firing is recording (no deliverer,
 * not a dry run) and no two candidates share a key (a second one would update a row the run
 * has already planned to fire). Without two keys alike new rows may also wait to go in
 * several a statement (r->batch). */
static int fold_ok(run *r, bool *out)
{
    const rm_cands *cs = &r->c.cands;
    bool firing_is_recording = !r->c.opts->dry_run && !r->c.opts->deliver;
    *out = true; /* (no two keys alike, so far) */
    r->batch = true;
    if (cs->n < 2) {
        *out = firing_is_recording;
        return QF_OK;
    }
    const rm_cand **keys = malloc(cs->n * sizeof *keys);
    if (!keys)
        return qf__oom();
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (!cs->items[i].light &&
            (cs->items[i].kind == RM_OPEN || cs->items[i].kind == RM_OVERDUE))
            keys[n++] = &cs->items[i];
    qsort(keys, n, sizeof *keys, cmp_cand_ptr_key);
    for (size_t i = 1; *out && i < n; i++)
        *out = strcmp(keys[i - 1]->key, keys[i]->key) != 0;
    free(keys);
    r->batch = *out;
    *out = *out && firing_is_recording;
    return QF_OK;
}

/* Whether apply_candidates reads the unresolved rows at once: only when no two candidates
 * share a key (each row is then read before this run writes it, and written by one candidate
 * at most), and for a whole run (a run for one org would read every org's rows). */
static bool preload_ok(const run *r)
{
    return r->batch && !r->c.scope;
}

static int apply_candidates(run *r)
{
    rm_cands *cs = &r->c.cands;
    qf_arena scratch = {0};
    preload pre = {0};
    int rc = fold_ok(r, &r->fold);
    if (!rc && preload_ok(r))
        rc = preload_rows(r, &pre);
    for (size_t i = 0; rc == QF_OK && i < cs->n; i++) {
        const rm_cand *x = &cs->items[i];
        if (x->light || (x->kind != RM_OPEN && x->kind != RM_OVERDUE))
            continue;
        rm_row old;
        bool found = false;
        const rm_row *known = preloaded(&pre, x->key);
        if (known) {
            old = *known;
            found = true;
        } else {
            qf__arena_reset(&scratch); /* the previous candidate's row */
            if ((rc = find_row(r, &scratch, x->key, &old, &found)))
                break;
        }
        if (!found) {
            /* an overdue occurrence never seen: remind of outstanding work; of a closed
             * period's lapse only when it fell due while qufa did not run (catching up) */
            bool caught_up = r->c.last_run != QF_DATE_NONE && x->due > r->c.last_run;
            if (x->kind == RM_OVERDUE && !x->always && !caught_up)
                continue;
            rc = insert_row(r, x, x->due == QF_DATE_NONE ? r->c.today : x->due);
            continue;
        }
        /* the rows waiting go in before one already in the ledger is changed */
        if ((rc = reminders_flush(r)))
            break;
        if ((rc = push_id(&r->touched, &r->n_touched, &r->cap_touched, old.id)))
            break;
        bool resolved = old.state == QF_REMINDER_SATISFIED || old.state == QF_REMINDER_EXPIRED;
        /* a condition without a day of its own that holds again is due again from today */
        qf_date due = x->due != QF_DATE_NONE ? x->due : resolved ? r->c.today : old.due;
        if ((rc = update_row(r, &old, x, due)))
            break;
        if (resolved && (x->kind == RM_OPEN || x->always)) {
            /* it is unmet again (a record removed, a standard applying again) */
            bool fired;
            if ((rc = has_fired(r, old.id, &fired)))
                break;
            rc = set_state(r, old.id, fired ? "fired" : "pending", QF_DATE_NONE, QF_DATE_NONE,
                           true);
        }
    }
    qf__arena_free(&scratch);
    qf__arena_free(&pre.arena);
    free(pre.rows);
    if (!rc)
        rc = reminders_flush(r);
    else
        reminders_flush_drop(r);
    if (!rc)
        rc = fires_flush(r->db, &r->fires_out, false);
    if (r->n_pre > 1) /* (ids grow as rows go in; sorted all the same for the lookups) */
        qsort(r->pre, r->n_pre, sizeof *r->pre, cmp_prefired_row);
    return rc;
}

/* ---- B: what no candidate matched ----------------------------------------------------- */

/* What the check said about a subject: an active occurrence (other than this one), unknown,
 * met, gone — in that order of precedence; RM_GONE when it said nothing. */
static rm_kind check_verdict(rm_cand **index, size_t n, const rm_row *row)
{
    rm_cand probe = {.subject_key = row->subject_key};
    rm_cand *p = &probe;
    rm_cand **hit = bsearch(&p, index, n, sizeof *index, cmp_cand_key);
    if (!hit)
        return RM_GONE;
    while (hit > index && strcmp(hit[-1]->subject_key, row->subject_key) == 0)
        hit--;
    bool unknown = false, met = false;
    for (; hit < index + n && strcmp((*hit)->subject_key, row->subject_key) == 0; hit++) {
        rm_kind k = (*hit)->kind;
        if (k == RM_OPEN || k == RM_OVERDUE)
            return RM_GONE; /* superseded by another occurrence (a term with a new due date) */
        unknown = unknown || k == RM_UNKNOWN;
        met = met || k == RM_MET;
    }
    return unknown ? RM_UNKNOWN : met ? RM_MET : RM_GONE;
}

static int resolve_unmatched(run *r)
{
    rm_cands *cs = &r->c.cands;
    rm_cand **index = malloc((cs->n + 1) * sizeof *index);
    if (!index)
        return qf__oom();
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->items[i].source, "check") == 0)
            index[n++] = &cs->items[i];
    qsort(index, n, sizeof *index, cmp_cand_key);
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < r->n_rows; i++) {
        rm_row *row = &r->rows[i];
        if (row->matched || (row->org_id && !rm__in_scope(&r->c, row->org_id)))
            continue;
        if (r->c.scope && !row->org_id)
            continue;
        rm_kind k = strcmp(row->source, "check") == 0
                        ? check_verdict(index, n, row)
                        : rm__recheck(&r->c, row->source, row->key, row->subject_id);
        if (k != RM_MET && k != RM_GONE)
            continue;
        rc = set_state(r, row->id, k == RM_MET ? "satisfied" : "expired", r->c.today,
                       QF_DATE_NONE, true);
        if (!rc) {
            row->state = k == RM_MET ? QF_REMINDER_SATISFIED : QF_REMINDER_EXPIRED;
            rc = push_id(&r->resolved_now, &r->n_resolved_now, &r->cap_resolved_now, row->id);
        }
    }
    free(index);
    return rc;
}

/* ---- C and D: snoozes that end, and what fires ---------------------------------------- */

static int end_snoozes(run *r)
{
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < r->n_rows; i++) {
        rm_row *row = &r->rows[i];
        if (row->state != QF_REMINDER_SNOOZED || row->snoozed_until > r->c.today)
            continue;
        bool fired;
        if ((rc = has_fired(r, row->id, &fired)))
            break;
        rc = set_state(r, row->id, fired ? "fired" : "pending", QF_DATE_NONE, QF_DATE_NONE, true);
        row->state = fired ? QF_REMINDER_FIRED : QF_REMINDER_PENDING;
        row->snooze_ended = row->snoozed_until;
    }
    return rc;
}

static int add_firing(run *r, rm_firing **out)
{
    if (r->n_fires == r->cap_fires) {
        size_t cap = r->cap_fires ? r->cap_fires * 2 : 32;
        rm_firing *g = realloc(r->fires, cap * sizeof *g);
        if (!g)
            return qf__oom();
        r->fires = g;
        r->cap_fires = cap;
    }
    *out = &r->fires[r->n_fires++];
    memset(*out, 0, sizeof **out);
    (*out)->nag = QF_DATE_NONE;
    return QF_OK;
}

static int cmp_prefired(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = ((const prefired *)b)->f.row;
    return x < y ? -1 : x > y;
}

/* The unfired days up to today and the last overdue reminders of every reminder, read in two
 * queries for the run (not two for each of its reminders), ordered by reminder. */
typedef struct due_fire {
    int64_t reminder, id;
    qf_date day;
    const char *lead;
} due_fire;

typedef struct fires_due {
    due_fire *due;        /* by reminder, fire_on, lead */
    size_t n_due;
    due_fire *nags;       /* by reminder: the latest overdue reminder's day */
    size_t n_nags;
    qf_arena arena;
} fires_due;

static int read_fires(qf_db *db, const char *sql, qf_date today, qf_arena *a, due_fire **out,
                      size_t *n)
{
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    if (today != QF_DATE_NONE)
        qf__bind_date(st, 1, today);
    size_t cap = 0;
    int rc = QF_OK, step;
    while (rc == QF_OK && (step = qf__step(st)) == QF_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            due_fire *g = realloc(*out, nc * sizeof *g);
            if (!g) {
                rc = qf__oom();
                break;
            }
            *out = g;
            cap = nc;
        }
        due_fire *d = &(*out)[(*n)++];
        d->reminder = qf__col_int64(st, 0);
        d->id = qf__col_int64(st, 1);
        d->day = qf__col_date(st, 2);
        d->lead = qf__arena_strdup(a, qf__col_text(st, 3));
    }
    qf__reset(st);
    if (rc)
        return rc;
    return step == QF_DONE ? QF_OK : qf__sqlerr(db, step, "reminder_fire");
}

static int fires_due_read(fires_due *fd, qf_db *db, qf_date today)
{
    static const char sql_due[] =
        "SELECT reminder_id, id, fire_on, lead FROM reminder_fire WHERE fired_on IS NULL "
        "AND fire_on <= ?1 ORDER BY reminder_id, fire_on, lead";
    static const char sql_nags[] =
        "SELECT reminder_id, 0, max(fire_on), NULL FROM reminder_fire WHERE lead = 'overdue' "
        "GROUP BY reminder_id ORDER BY reminder_id";
    int rc = read_fires(db, sql_due, today, &fd->arena, &fd->due, &fd->n_due);
    return rc ? rc : read_fires(db, sql_nags, QF_DATE_NONE, &fd->arena, &fd->nags, &fd->n_nags);
}

static void fires_due_free(fires_due *fd)
{
    free(fd->due);
    free(fd->nags);
    qf__arena_free(&fd->arena);
}

/* The first of `d` about `reminder` (or where it would be). */
static size_t first_of(const due_fire *d, size_t n, int64_t reminder)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d[mid].reminder < reminder)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int plan_firing(run *r, const fires_due *fd, rm_row *row)
{
    qf_date today = r->c.today;
    rm_firing f;
    memset(&f, 0, sizeof f);
    f.row = row->id;
    f.nag = QF_DATE_NONE;
    qf_date latest = QF_DATE_NONE;
    /* written fired when it went in (fold_firings): what fires is known, nothing to read */
    const prefired *pre =
        r->n_pre ? bsearch(&row->id, r->pre, r->n_pre, sizeof *r->pre, cmp_prefired) : NULL;
    if (pre) {
        f = pre->f;
        latest = pre->latest;
    }
    for (size_t i = pre ? fd->n_due : first_of(fd->due, fd->n_due, row->id);
         i < fd->n_due && fd->due[i].reminder == row->id; i++) {
        if (f.n_fires > QF_LEADS_MAX)
            break;
        qf_date day = fd->due[i].day;
        bool held = row->snooze_ended != QF_DATE_NONE && day < row->snooze_ended;
        f.fire_late[f.n_fires] = day < today && !held && r->c.last_run != QF_DATE_NONE;
        f.fire_ids[f.n_fires++] = fd->due[i].id;
        if (latest == QF_DATE_NONE || day >= latest) {
            latest = day;
            snprintf(f.lead, sizeof f.lead, "%s", fd->due[i].lead ? fd->due[i].lead : "");
        }
        if (f.fire_late[f.n_fires - 1])
            f.missed[f.n_missed++] = day;
    }
    /* an overdue one comes back every `nag`: on the latest such day up to today */
    if (!row->event && row->due < today && r->nag.amount > 0) {
        qf_date last = QF_DATE_NONE; /* (a row written this run has no overdue reminder yet) */
        if (!pre) {
            size_t i = first_of(fd->nags, fd->n_nags, row->id);
            if (i < fd->n_nags && fd->nags[i].reminder == row->id)
                last = fd->nags[i].day;
        }
        qf_date next = row->due + 1;
        int rc;
        if (last != QF_DATE_NONE && (rc = qf_calendar_add(&next, r->db, last, r->nag)))
            return rc;
        if (next <= today) {
            for (int guard = 0; guard < 4000; guard++) {
                qf_date after;
                if ((rc = qf_calendar_add(&after, r->db, next, r->nag)))
                    return rc;
                if (after > today || after <= next)
                    break;
                next = after;
            }
            f.nag = next;
            if (latest == QF_DATE_NONE || next >= latest)
                snprintf(f.lead, sizeof f.lead, "overdue");
        }
    }
    if (f.n_fires == 0 && f.nag == QF_DATE_NONE)
        return QF_OK;
    f.late = f.n_missed > 0;
    f.event_ends = row->event && row->due < today;
    rm_firing *slot = NULL;
    int rc = add_firing(r, &slot);
    if (!rc)
        *slot = f;
    return rc;
}

static int plan_all(run *r)
{
    fires_due fd = {0};
    int rc = fires_due_read(&fd, r->db, r->c.today);
    for (size_t i = 0; rc == QF_OK && i < r->n_rows; i++) {
        rm_row *row = &r->rows[i];
        if (row->state != QF_REMINDER_PENDING && row->state != QF_REMINDER_FIRED)
            continue;
        if (row->org_id && !rm__in_scope(&r->c, row->org_id))
            continue;
        size_t before = r->n_fires;
        rc = plan_firing(r, &fd, row);
        /* an event past its day with nothing left to fire has simply happened */
        if (!rc && r->n_fires == before && row->event && row->due < r->c.today) {
            rc = set_state(r, row->id, "expired", r->c.today, QF_DATE_NONE, true);
            row->state = QF_REMINDER_EXPIRED;
            if (!rc)
                rc = push_id(&r->resolved_now, &r->n_resolved_now, &r->cap_resolved_now, row->id);
        }
    }
    fires_due_free(&fd);
    return rc;
}

/* ---- E: recording a delivered firing ------------------------------------------------  */

/* The writes of one firing, inside the caller's transaction. */
static int write_firing(run *r, rm_firing *f)
{
    static const char sql_fire[] = "UPDATE reminder_fire SET fired_on = ?2, late = ?3 WHERE id = ?1";
    static const char sql_state[] =
        "UPDATE reminder SET state = 'fired', sequence = sequence + 1, changed_at = ?2 "
        "WHERE id = ?1 AND state = 'pending'";
    int rc = QF_OK;
    /* (a row written fired has its days and state already) */
    for (size_t i = 0; rc == QF_OK && !f->written && i < f->n_fires; i++) {
        qf_stmt *st = qf__stmt(r->db, sql_fire);
        if (!st) {
            rc = qf_error_last_code();
            break;
        }
        qf__bind_int64(st, 1, f->fire_ids[i]);
        qf__bind_date(st, 2, r->c.today);
        qf__bind_int(st, 3, f->fire_late[i] ? 1 : 0);
        rc = qf__exec_stmt(r->db, st, "reminder_fire");
    }
    if (!rc && f->nag != QF_DATE_NONE) {
        /* the reminder of an overdue one: written with the others (the caller flushes) */
        fire_put p = {.reminder = f->row, .d = {.day = f->nag, .lead = "overdue"},
                      .fired_on = r->c.today,
                      .late = f->nag < r->c.today && r->c.last_run != QF_DATE_NONE};
        rc = fires_put(r->db, &r->fires_out, &p);
    }
    if (!rc && !f->written) {
        qf_stmt *st = qf__stmt(r->db, sql_state);
        if (!st)
            return qf_error_last_code();
        qf__bind_int64(st, 1, f->row);
        qf__bind_textn(st, 2, r->now, -1, QF_STATIC);
        rc = qf__exec_stmt(r->db, st, "reminder");
    }
    if (!rc && f->event_ends) {
        rc = set_state(r, f->row, "expired", r->c.today, QF_DATE_NONE, true);
        if (!rc)
            rc = push_id(&r->resolved_now, &r->n_resolved_now, &r->cap_resolved_now, f->row);
    }
    return rc;
}

/* A delivered firing recorded in its own small transaction (see the top of the file). */
static int record_firing(run *r, rm_firing *f)
{
    int rc = qf__tx_begin(r->db);
    if (rc)
        return rc;
    rc = write_firing(r, f);
    if (!rc)
        rc = fires_flush(r->db, &r->fires_out, false);
    r->fires_out.n = 0; /* (nothing of a failed one is kept for the next) */
    return qf__tx_end(r->db, rc);
}

/* Without a deliverer, firing is recording (the run's output is the delivery): every firing
 * is written in the ledger's own transaction, one commit for the run rather than one each. */
static int record_all(run *r)
{
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < r->n_fires; i++) {
        rc = write_firing(r, &r->fires[i]);
        r->fires[i].delivered = rc == QF_OK;
    }
    return rc ? rc : fires_flush(r->db, &r->fires_out, false);
}

static int record_run(run *r)
{
    static const char sql[] = "INSERT INTO remind_run (day, at, org_id, fired, late, failed) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    int fired = 0, late = 0, failed = 0;
    for (size_t i = 0; i < r->n_fires; i++) {
        fired += r->fires[i].delivered;
        late += r->fires[i].delivered && r->fires[i].late;
        failed += !r->fires[i].delivered;
    }
    int rc = qf__tx_begin(r->db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(r->db, sql);
    if (!st)
        return qf__tx_end(r->db, qf_error_last_code());
    qf__bind_date(st, 1, r->c.today);
    qf__bind_textn(st, 2, r->now, -1, QF_STATIC);
    qf__bind_id(st, 3, r->c.opts->org_id);
    qf__bind_int(st, 4, fired);
    qf__bind_int(st, 5, late);
    qf__bind_int(st, 6, failed);
    return qf__tx_end(r->db, qf__exec_stmt(r->db, st, "remind_run"));
}

/* ---- the result ----------------------------------------------------------------------- */


/* ---- the driver ----------------------------------------------------------------------- */

static int scope_of(rm_ctx *c, int64_t org)
{
    static const char sql_kind[] = "SELECT kind FROM org WHERE id = ?1";
    static const char sql[] =
        "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT o.id FROM org o JOIN t ON "
        "o.parent_id = t.id) SELECT id FROM t ORDER BY id";
    qf_stmt *st = qf__stmt(c->db, sql_kind);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org);
    bool exists = qf__step(st) == QF_ROW;
    qf__reset(st);
    if (!exists)
        return qf__err(QF_ENOTFOUND, _("remind: org %lld does not exist"), (long long)org);
    st = qf__stmt(c->db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_int64(st, 1, org);
    int rc = QF_OK;
    size_t cap = 0;
    while (rc == QF_OK && qf__step(st) == QF_ROW)
        rc = push_id(&c->scope, &c->n_scope, &cap, qf__col_int64(st, 0));
    qf__reset(st);
    return rc;
}

static int read_last_run(rm_ctx *c)
{
    static const char sql_last[] = "SELECT max(day) FROM remind_run WHERE day < ?1";
    qf_stmt *st = qf__stmt(c->db, sql_last);
    if (!st)
        return qf_error_last_code();
    qf__bind_date(st, 1, c->today);
    c->last_run = qf__step(st) == QF_ROW ? qf__col_date(st, 0) : QF_DATE_NONE;
    qf__reset(st);
    return QF_OK;
}

static void run_free(run *r)
{
    free(r->c.cands.items);
    qf__arena_free(&r->c.cands.arena);
    qf__arena_free(&r->arena);
    free(r->rows);
    for (size_t i = 0; i < r->n_fires; i++)
        free(r->fires[i].error);
    free(r->fires);
    free(r->resolved_now);
    free(r->touched);
    free(r->pre);
    free(r->pend);
    free(r->fires_out.items);
    free(r->c.scope);
}

/* Everything up to the deliveries, inside one transaction. */
static int update_ledger(run *r)
{
    int rc = rm__from_check(&r->c);
    if (!rc)
        rc = rm__from_procedures(&r->c);
    if (!rc)
        rc = rm__from_records(&r->c);
    if (!rc)
        rc = rm__from_items(&r->c);
    if (!rc)
        rc = apply_candidates(r);
    if (!rc)
        rc = load_rows(r);
    if (!rc)
        rc = resolve_unmatched(r);
    if (!rc)
        rc = end_snoozes(r);
    if (!rc)
        rc = plan_all(r);
    return rc;
}

int qf_remind_run(qf_remind_result **out, qf_db *db, const qf_remind_options *o)
{
    *out = NULL;
    if (!o || o->version != QF_REMIND_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("remind: initialise the options with QF_REMIND_OPTIONS_INIT"));
    if (o->within_days < 0 || o->within_days > 3660)
        return qf__err(QF_EINVALID, _("remind: within must be 0 to 3660 days (%d)"),
                       o->within_days);
    run r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.c.db = db;
    r.c.opts = o;
    qf__db_hold_today(db); /* the check it runs and its own dues on the same day */
    r.c.today = qf_db_today(db);
    qf__utc_now(r.now);
    char nag[64];
    int rc = rm__setting(db, "nag", nag, sizeof nag);
    if (!rc)
        rc = qf_duration_parse(&r.nag, nag);
    r.c.nag = r.nag;
    if (!rc && o->org_id)
        rc = scope_of(&r.c, o->org_id);
    if (!rc)
        rc = read_last_run(&r.c);
    qf_remind_result *res = NULL;
    if (!rc) {
        res = calloc(1, sizeof *res);
        if (!res)
            rc = qf__oom();
    }
    if (!rc) {
        res->today = r.c.today;
        res->last_run = r.c.last_run;
        res->within = o->within_days;
        res->dry_run = o->dry_run;
        rc = qf__tx_begin(db);
        if (!rc) {
            rc = update_ledger(&r);
            if (o->dry_run) {
                /* what would happen, then nothing of it kept */
                if (!rc)
                    rc = rm__result_build(res, db, &r.c, r.fires, r.n_fires, r.resolved_now,
                                          r.n_resolved_now);
                if (rc)
                    qf__tx_end(db, rc); /* keeps the error's message */
                else
                    rc = qf_tx_rollback(db);
            } else {
                if (!rc && !o->deliver) {
                    rc = record_all(&r);
                    if (!rc)
                        rc = record_run(&r);
                }
                rc = qf__tx_end(db, rc);
            }
        }
    }
    if (!rc && !o->dry_run && o->deliver) {
        for (size_t i = 0; rc == QF_OK && i < r.n_fires; i++) {
            rm_firing *f = &r.fires[i];
            int drc = QF_OK;
            {
                qf_reminder one;
                qf_reminder *tmp = NULL;
                if ((rc = qf_reminder_get(&tmp, db, f->row)))
                    break;
                one = *tmp;
                one.firing = true;
                one.fire_lead = f->lead;
                one.late = f->late;
                one.missed = f->missed;
                one.n_missed = f->n_missed;
                drc = o->deliver(o->deliver_payload, &one);
                qf_reminder_free(tmp);
            }
            if (drc == QF_OK) {
                rc = record_firing(&r, f);
                f->delivered = rc == QF_OK;
            } else {
                f->error = qf__strdup(qf_error_last()[0] ? qf_error_last()
                                                         : _("the delivery failed"));
                qf_error_clear();
            }
        }
        if (!rc)
            rc = record_run(&r);
    }
    if (!rc && !o->dry_run)
        rc = rm__result_build(res, db, &r.c, r.fires, r.n_fires, r.resolved_now,
                              r.n_resolved_now);
    run_free(&r);
    qf__db_release_today(db);
    if (rc) {
        qf_remind_result_free(res);
        return rc;
    }
    *out = res;
    return QF_OK;
}
