/*
 * Saved findings read back: a JSON array of findings as an assessment keeps them (each as
 * finding_json.c writes it, format 2) added to a check result, read with yajl's event parser.
 *
 * Why not jansson's tree, which every other reader here uses: `qufa check --since` reads every
 * unchanged branch's findings back, about 0.9 KB of JSON and sixty values a finding. jansson
 * lexes a byte at a time and allocates every value, and every object's hash table, only for
 * them to be freed a moment later: reading a branch back cost ten times what its parse costs
 * with yajl, and more than judging the branch again (issue 17, goal 3). Here the findings'
 * fields are filled as the parser meets them, and its messages (an id with arguments) are
 * read from the same events by base/msg_read.c; only the attendance counts, which
 * counts_json.c reads as a tree, are built as (small) jansson values.
 *
 * What is read is what the jansson reader it replaced read: a field of the wrong type is
 * absent, an unknown field is passed over, the fields may come in any order, and text that is
 * not such an array of objects, or a finding without its standard or clause, is QF_ECORRUPT
 * (no message set: the caller names the assessment).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include "engine.h"

/* The fields read, across the objects that hold them. */
typedef enum field {
    K_NONE, /* a field nobody reads */
    K_STANDARD, K_STANDARD_TITLE, K_REV, K_CLAUSE, K_REQUIREMENT, K_KIND, K_STATUS, K_SUBJECT,
    K_ORG, K_PERIOD, K_PERIOD_START, K_PERIOD_END, K_EVIDENCE, K_MESSAGE, K_RESPONSIBLE, K_DUE,
    K_DAYS_LEFT, K_KEY, K_CAUSE, K_SAME_AS, K_MESSAGE_REF, K_DEADLINE, K_REMIND, K_CLAUSE_TEXT,
    K_WAIVER,
    /* subject */
    K_TYPE, K_ID, K_LABEL, K_REF,
    /* evidence */
    K_ACTIVITIES, K_ARTIFACTS, K_COUNTS,
    /* waiver (and K_ID) */
    K_EXPIRED, K_REASON, K_RECORDED_BY, K_APPROVED_BY, K_FROM, K_TO
} field;

typedef struct field_name {
    const char *name;
    field f;
} field_name;

static const field_name FINDING_FIELDS[] = {
    {"standard", K_STANDARD}, {"standard_title", K_STANDARD_TITLE}, {"rev", K_REV},
    {"clause", K_CLAUSE}, {"requirement", K_REQUIREMENT}, {"kind", K_KIND},
    {"status", K_STATUS}, {"subject", K_SUBJECT}, {"org", K_ORG}, {"period", K_PERIOD},
    {"period_start", K_PERIOD_START}, {"period_end", K_PERIOD_END}, {"evidence", K_EVIDENCE},
    {"message", K_MESSAGE}, {"responsible", K_RESPONSIBLE}, {"due", K_DUE},
    {"days_left", K_DAYS_LEFT}, {"key", K_KEY}, {"cause", K_CAUSE}, {"same_as", K_SAME_AS},
    {"message_ref", K_MESSAGE_REF}, {"deadline", K_DEADLINE}, {"remind", K_REMIND},
    {"clause_text", K_CLAUSE_TEXT}, {"waiver", K_WAIVER}, {NULL, K_NONE}};
static const field_name SUBJECT_FIELDS[] = {
    {"type", K_TYPE}, {"id", K_ID}, {"label", K_LABEL}, {"ref", K_REF}, {NULL, K_NONE}};
static const field_name EVIDENCE_FIELDS[] = {{"activities", K_ACTIVITIES},
                                             {"artifacts", K_ARTIFACTS},
                                             {"counts", K_COUNTS},
                                             {NULL, K_NONE}};
static const field_name WAIVER_FIELDS[] = {
    {"id", K_ID}, {"expired", K_EXPIRED}, {"reason", K_REASON}, {"recorded_by", K_RECORDED_BY},
    {"approved_by", K_APPROVED_BY}, {"from", K_FROM}, {"to", K_TO}, {NULL, K_NONE}};

/* Where each text field of a finding goes, by field (0: not one). No text is at offset 0: the
 * status comes first. */
_Static_assert(offsetof(qf_finding, status) == 0, "a text field at offset 0");
static const size_t TEXT_AT[] = {
    [K_STANDARD] = offsetof(qf_finding, standard),
    [K_STANDARD_TITLE] = offsetof(qf_finding, standard_title),
    [K_CLAUSE] = offsetof(qf_finding, clause),
    [K_KIND] = offsetof(qf_finding, kind),
    [K_ORG] = offsetof(qf_finding, org),
    [K_PERIOD] = offsetof(qf_finding, period),
    [K_MESSAGE] = offsetof(qf_finding, message),
    [K_RESPONSIBLE] = offsetof(qf_finding, responsible),
    [K_KEY] = offsetof(qf_finding, key),
    [K_CAUSE] = offsetof(qf_finding, cause),
    [K_SAME_AS] = offsetof(qf_finding, same_as),
    [K_REMIND] = offsetof(qf_finding, remind),
    [K_CLAUSE_TEXT] = offsetof(qf_finding, clause_text),
    [K_TYPE] = offsetof(qf_finding, subject_type),
    [K_LABEL] = offsetof(qf_finding, subject),
    [K_REASON] = offsetof(qf_finding, waiver_reason),
    [K_RECORDED_BY] = offsetof(qf_finding, waiver_recorded_by),
    [K_APPROVED_BY] = offsetof(qf_finding, waiver_approved_by),
    [K_TO] = 0 /* the last field: the table covers them all */
};

/* Where the parser is: the array of findings, a finding, one of its objects, an id list. */
typedef enum frame {
    FR_TOP, FR_FINDING, FR_SUBJECT, FR_EVIDENCE, FR_WAIVER, FR_IDS
} frame;

typedef struct id_list {
    int64_t *ids;
    size_t n, cap;
} id_list;

/* A jansson tree being built from the events (evidence.counts: a flat object; deeper than this
 * is a damaged assessment). */
#define TREE_MAX 8
typedef struct tree {
    json_t **out; /* where the root goes; NULL while no tree is being built */
    json_t *stack[TREE_MAX];
    int depth;
    char *key; /* the pending key of the object on top (copied: yajl's bytes are borrowed) */
    size_t key_len, key_cap;
} tree;

typedef struct loader {
    qf_check_result *r;
    qf_db *db;
    qf_arena *scratch; /* the finding's texts and messages, until qf__result_add copies them */
    int rc;            /* why a callback stopped the parse (QF_ECORRUPT, QF_ENOMEM …) */
    frame frames[8];
    field keys[8]; /* the key last read in each object frame */
    size_t next[8]; /* where each object frame's next key is looked for first (lookup) */
    int depth;     /* frames in use */
    bool array;    /* the array of findings was met */
    int skip;      /* depth inside a value nobody reads */
    tree t;
    qf_msg_reader *msg;   /* a message being read (msg_out set) */
    const qf_msg **msg_out; /* where it goes: the finding's message or subject */
    /* the finding being read */
    qf_finding f;
    bool deadline_seen; /* "deadline" present (null included): it overrides `due` */
    id_list *ids;       /* the list an FR_IDS frame fills */
    id_list acts, arts;
    json_t *counts;
} loader;

static int stop(loader *L, int rc)
{
    if (!L->rc)
        L->rc = rc;
    return 0; /* yajl: cancel the parse */
}

static bool is_name(const char *name, const unsigned char *s, size_t n)
{
    return strncmp(name, (const char *)s, n) == 0 && name[n] == '\0';
}

/* The field named s (n bytes) in `names`; *next is where the search starts and is left after
 * the name found: a saved finding's fields come in the order of the table (finding_json.c
 * writes them so), so the first comparison is nearly always the one that matches. */
static field lookup(const field_name *names, size_t *next, const unsigned char *s, size_t n)
{
    const field_name *p = &names[*next];
    if (p->name && is_name(p->name, s, n)) {
        (*next)++;
        return p->f;
    }
    for (size_t i = 0; names[i].name; i++)
        if (names[i].name[0] == (char)s[0] && is_name(names[i].name, s, n)) {
            *next = i + 1;
            return names[i].f;
        }
    return K_NONE;
}

/* A copy of the text in the scratch arena, or NULL (the stop set) */
static const char *text(loader *L, const unsigned char *s, size_t n)
{
    const char *c = qf__arena_strndup(L->scratch, (const char *)s, n);
    if (!c)
        stop(L, qf__oom());
    return c;
}

static qf_date date(const unsigned char *s, size_t n)
{
    char buf[16];
    qf_date d = QF_DATE_NONE;
    if (n < sizeof buf) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        qf_date_parse(&d, buf);
    }
    return d;
}

static bool push_id(loader *L, int64_t id)
{
    id_list *l = L->ids;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        int64_t *p = realloc(l->ids, cap * sizeof *p);
        if (!p)
            return stop(L, qf__oom());
        l->ids = p;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return true;
}

static void finding_reset(loader *L)
{
    qf_finding *f = &L->f;
    memset(f, 0, sizeof *f);
    /* a day absent (or not a day) is none, not day 0 */
    f->period_start = f->period_end = f->due = f->deadline = QF_DATE_NONE;
    f->waiver_from = f->waiver_until = QF_DATE_NONE;
    L->deadline_seen = false;
    L->acts.n = L->arts.n = 0;
    json_decref(L->counts);
    L->counts = NULL;
    L->msg_out = NULL;
}

/* The finding read, added to the result; its texts in the scratch arena are then done with. */
static int finding_end(loader *L)
{
    qf_finding *f = &L->f;
    if (!L->deadline_seen)
        f->deadline = f->due; /* saved results keep only the due date of open findings */
    f->activities = L->acts.ids;
    f->n_activities = L->acts.n;
    f->artifacts = L->arts.ids;
    f->n_artifacts = L->arts.n;
    qf_counts counts;
    if (qf__counts_from_json(&counts, L->counts))
        f->counts = &counts;
    if (f->responsible)
        f->responsible_label = qf_vocab_label(L->db, "post", f->responsible);
    /* the messages (ids with arguments, read into f->message_msg and f->subject_msg) are
     * rendered in today's language by qf__result_add */
    int rc = !f->standard || !f->clause ? QF_ECORRUPT : qf__result_add(L->r, L->db, f);
    finding_reset(L);
    qf__arena_rewind(L->scratch);
    return rc;
}

/* ---- the trees ------------------------------------------------------------------------------ */

/* Adds `v` to the container on top of the tree (under the pending key), or makes it the root;
 * a container is pushed. */
static int tree_add(loader *L, json_t *v)
{
    tree *t = &L->t;
    if (!v)
        return stop(L, qf__oom());
    if (t->depth == 0) {
        json_decref(*t->out); /* the same field twice: the later one counts, as in jansson */
        *t->out = v;
    } else {
        json_t *top = t->stack[t->depth - 1];
        int bad = json_is_array(top) ? json_array_append_new(top, v)
                                     : json_object_setn_new_nocheck(top, t->key, t->key_len, v);
        if (bad)
            return stop(L, qf__oom());
    }
    if (json_is_object(v) || json_is_array(v)) {
        if (t->depth == TREE_MAX)
            return stop(L, QF_ECORRUPT);
        t->stack[t->depth++] = v;
    }
    return 1;
}

static int tree_end(loader *L)
{
    if (--L->t.depth == 0)
        L->t.out = NULL;
    return 1;
}

static int tree_key(loader *L, const unsigned char *s, size_t n)
{
    tree *t = &L->t;
    if (n + 1 > t->key_cap) {
        size_t cap = n + 64;
        char *k = realloc(t->key, cap);
        if (!k)
            return stop(L, qf__oom());
        t->key = k;
        t->key_cap = cap;
    }
    memcpy(t->key, s, n);
    t->key[n] = '\0';
    t->key_len = n;
    return 1;
}

static void tree_begin(loader *L, json_t **out)
{
    L->t.out = out;
    L->t.depth = 0;
}

/* ---- the events ----------------------------------------------------------------------------- */

static bool in_tree(const loader *L)
{
    return L->t.out != NULL;
}

static bool in_msg(const loader *L)
{
    return L->msg_out != NULL;
}

/* After an event handed to the message reader: the message, once its object has ended. */
static int msg_fed(loader *L, bool ok)
{
    if (!ok || qf__msg_reader_oom(L->msg))
        return stop(L, qf__oom());
    if (qf__msg_reader_done(L->msg)) {
        *L->msg_out = qf__msg_reader_result(L->msg); /* NULL when damaged: the saved text stays */
        L->msg_out = NULL;
    }
    return 1;
}

/* Where a scalar goes: true with its frame and key, else false with what the callback returns
 * in *ret: 1 inside a value nobody reads, the stop when it stands where a finding should
 * (outside the array, or in it instead of an object), an id list's element appended (`id`). */
static bool scalar_at(loader *L, frame *fr, field *k, long long id, int *ret)
{
    if (L->skip) {
        *ret = 1;
        return false;
    }
    if (L->depth == 0 || L->frames[L->depth - 1] == FR_TOP) {
        *ret = stop(L, QF_ECORRUPT);
        return false;
    }
    *fr = L->frames[L->depth - 1];
    *k = L->keys[L->depth - 1];
    if (*fr == FR_IDS) {
        *ret = push_id(L, id);
        return false;
    }
    return true;
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
    loader *L = ctx;
    if (memchr(s, '\0', n))
        return stop(L, QF_ECORRUPT); /* jansson refused NUL in text: so does this reader */
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_string(L->msg, (const char *)s, n));
    if (in_tree(L))
        return tree_add(L, json_stringn_nocheck((const char *)s, n));
    frame fr;
    field k;
    int ret;
    if (!scalar_at(L, &fr, &k, 0, &ret))
        return ret;
    qf_finding *f = &L->f;
    if (TEXT_AT[k]) {
        const char **slot = (const char **)(void *)((char *)f + TEXT_AT[k]);
        return (*slot = text(L, s, n)) != NULL;
    }
    switch (k) {
    case K_STATUS: {
        char buf[16];
        if (n < sizeof buf) {
            memcpy(buf, s, n);
            buf[n] = '\0';
            qf_finding_status_parse(&f->status, buf);
        }
        break;
    }
    case K_PERIOD_START: f->period_start = date(s, n); break;
    case K_PERIOD_END: f->period_end = date(s, n); break;
    case K_DUE: f->due = date(s, n); break;
    case K_DEADLINE:
        L->deadline_seen = true;
        f->deadline = date(s, n);
        break;
    case K_FROM: f->waiver_from = date(s, n); break;
    case K_TO: f->waiver_until = date(s, n); break;
    default: break;
    }
    return 1;
}

/* A number for the field it belongs to; null, a boolean or a real read as 0 there (as
 * jansson's json_integer_value gave), and `truth` is a waiver's `expired`. Any value of
 * "deadline" but a day says it has none. */
static int number(loader *L, long long v, bool truth)
{
    frame fr;
    field k;
    int ret;
    if (!scalar_at(L, &fr, &k, v, &ret))
        return ret;
    qf_finding *f = &L->f;
    switch (k) {
    case K_REV: f->rev = (int)v; break;
    case K_REQUIREMENT: f->requirement = (int)v; break;
    case K_DAYS_LEFT: f->days_left = (int)v; break;
    case K_DEADLINE:
        L->deadline_seen = true;
        f->deadline = QF_DATE_NONE;
        break;
    case K_ID: /* a subject's or a waiver's: the only objects with an id */
        *(fr == FR_SUBJECT ? &f->subject_id : &f->waiver_id) = v;
        break;
    case K_EXPIRED: f->waiver_expired = truth; break;
    default: break;
    }
    return 1;
}

static int on_integer(void *ctx, long long v)
{
    loader *L = ctx;
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_integer(L->msg, v));
    return in_tree(L) ? tree_add(L, json_integer(v)) : number(L, v, false);
}

static int on_null(void *ctx)
{
    loader *L = ctx;
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_other(L->msg, true));
    return in_tree(L) ? tree_add(L, json_null()) : number(L, 0, false);
}

static int on_boolean(void *ctx, int b)
{
    loader *L = ctx;
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_other(L->msg, false));
    return in_tree(L) ? tree_add(L, json_boolean(b)) : number(L, 0, b != 0);
}

static int on_double(void *ctx, double d)
{
    loader *L = ctx;
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_real(L->msg, d));
    return in_tree(L) ? tree_add(L, json_real(d)) : number(L, 0, false);
}

static int push_frame(loader *L, frame fr)
{
    if (L->depth == (int)(sizeof L->frames / sizeof L->frames[0]))
        return stop(L, QF_ECORRUPT);
    L->frames[L->depth] = fr;
    L->keys[L->depth] = K_NONE;
    L->next[L->depth] = 0;
    L->depth++;
    return 1;
}

/* A container starts: where does it go? */
static int on_start(loader *L, bool map)
{
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_start(L->msg, map));
    if (in_tree(L))
        return tree_add(L, map ? json_object() : json_array());
    if (L->skip) {
        L->skip++;
        return 1;
    }
    if (L->depth == 0)
        return map || L->array ? stop(L, QF_ECORRUPT) : (L->array = true, push_frame(L, FR_TOP));
    frame fr = L->frames[L->depth - 1];
    field k = L->keys[L->depth - 1];
    if (fr == FR_TOP) {
        if (!map)
            return stop(L, QF_ECORRUPT);
        finding_reset(L);
        return push_frame(L, FR_FINDING);
    }
    if (fr == FR_IDS && !push_id(L, 0))
        return 0;
    if (fr == FR_FINDING && k == K_DEADLINE)
        L->deadline_seen = true, L->f.deadline = QF_DATE_NONE;
    if (map && fr == FR_FINDING && k == K_SUBJECT)
        return push_frame(L, FR_SUBJECT);
    if (map && fr == FR_FINDING && k == K_EVIDENCE)
        return push_frame(L, FR_EVIDENCE);
    if (map && fr == FR_FINDING && k == K_WAIVER)
        return push_frame(L, FR_WAIVER);
    if (!map && fr == FR_EVIDENCE && (k == K_ACTIVITIES || k == K_ARTIFACTS)) {
        L->ids = k == K_ACTIVITIES ? &L->acts : &L->arts;
        L->ids->n = 0; /* the same field twice: the later one counts */
        return push_frame(L, FR_IDS);
    }
    const qf_msg **msg_out = !map                                     ? NULL
                             : fr == FR_FINDING && k == K_MESSAGE_REF ? &L->f.message_msg
                             : fr == FR_SUBJECT && k == K_REF         ? &L->f.subject_msg
                                                                      : NULL;
    if (msg_out) {
        if (!L->msg && !(L->msg = qf__msg_reader_new()))
            return stop(L, qf__oom());
        qf__msg_reader_begin(L->msg, L->scratch);
        L->msg_out = msg_out;
        *msg_out = NULL; /* given twice: the later one counts */
        return msg_fed(L, qf__msg_reader_start(L->msg, true));
    }
    if (map && fr == FR_EVIDENCE && k == K_COUNTS) {
        tree_begin(L, &L->counts);
        return tree_add(L, json_object());
    }
    L->skip = 1;
    return 1;
}

static int on_start_map(void *ctx)
{
    return on_start(ctx, true);
}

static int on_start_array(void *ctx)
{
    return on_start(ctx, false);
}

static int on_end(void *ctx)
{
    loader *L = ctx;
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_end(L->msg));
    if (in_tree(L))
        return tree_end(L);
    if (L->skip) {
        L->skip--;
        return 1;
    }
    frame fr = L->frames[--L->depth];
    if (fr == FR_FINDING) {
        int rc = finding_end(L);
        if (rc)
            return stop(L, rc);
    }
    return 1;
}

static int on_key(void *ctx, const unsigned char *s, size_t n)
{
    loader *L = ctx;
    if (memchr(s, '\0', n))
        return stop(L, QF_ECORRUPT);
    if (in_msg(L))
        return msg_fed(L, qf__msg_reader_key(L->msg, (const char *)s, n));
    if (in_tree(L))
        return tree_key(L, s, n);
    if (L->skip)
        return 1;
    const field_name *names = NULL;
    switch (L->frames[L->depth - 1]) {
    case FR_FINDING: names = FINDING_FIELDS; break;
    case FR_SUBJECT: names = SUBJECT_FIELDS; break;
    case FR_EVIDENCE: names = EVIDENCE_FIELDS; break;
    case FR_WAIVER: names = WAIVER_FIELDS; break;
    default: return 1;
    }
    L->keys[L->depth - 1] = lookup(names, &L->next[L->depth - 1], s, n);
    return 1;
}

static const yajl_callbacks CALLBACKS = {
    on_null, on_boolean, on_integer, on_double, NULL, on_string,
    on_start_map, on_key, on_end, on_start_array, on_end};

int qf__findings_load_json(qf_check_result *r, qf_db *db, const char *json, size_t len)
{
    if (!json)
        return QF_ECORRUPT;
    qf_arena scratch = {0};
    loader L = {.r = r, .db = db, .scratch = &scratch};
    yajl_handle h = yajl_alloc(&CALLBACKS, NULL, &L);
    if (!h)
        return qf__oom();
    yajl_status st = yajl_parse(h, (const unsigned char *)json, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    yajl_free(h);
    int rc = L.rc                                           ? L.rc
             : st == yajl_status_ok && L.array && L.depth == 0 ? QF_OK
                                                               : QF_ECORRUPT;
    /* a tree left unfinished by an error: its root is in one of the finding's slots */
    finding_reset(&L);
    free(L.acts.ids);
    free(L.arts.ids);
    free(L.t.key);
    qf__msg_reader_free(L.msg);
    qf__arena_free(&scratch);
    return rc;
}
