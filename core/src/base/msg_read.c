/*
 * A stored message read back: its JSON form ({"id": …, "args": […]}, msg.c) from a parser's
 * events, one value at a time. This is the one reader of the form: qf__msg_from_json walks a
 * jansson tree into it, and the saved findings (engine/finding_load.c) feed it yajl's events
 * directly, without a tree.
 *
 * The rules: a message has its "id" (text) and, when "args" is there, an array of at most
 * QF_MSG_MAX_ARGS arguments; an argument is text, an integer, or an object read by the first
 * of its keys in the order num, date, due, vocab (with code), period, per, msg, list (with
 * sep) that it has. Anything else makes the message damaged: its result is NULL with the
 * error set, and the events go on being taken (and passed over) until the object ends, so a
 * damaged message does not stop the parse around it. Messages nest at most READ_DEPTH
 * frames deep (sixteen levels; the engine's messages nest a few); deeper ones are damaged too.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "msg.h"

enum { K_OTHER, K_ID, K_ARGS, K_NUM, K_DATE, K_DUE, K_VOCAB, K_CODE, K_PERIOD, K_PER, K_MSG,
       K_LIST, K_SEP, K_COUNT };

/* What an argument object holds, collected before it is decided (its keys may come in any
 * order); `has` says which keys were there, whatever their values. */
typedef struct arg_fields {
    bool has[K_COUNT];
    bool number;                 /* num is a number */
    double num;
    const char *text[K_COUNT];   /* date, due, vocab, code, period, per, sep: text or NULL */
    const qf_msg *msg;           /* msg: the message read, or NULL */
    bool msg_null;               /* msg: null (no message, which is allowed) */
    const qf_msg **items;        /* list: its messages (heap until decided) */
    size_t n_items, cap_items;
    bool list_bad;               /* list: an item that is not a message */
} arg_fields;

typedef enum frame_kind { R_MSG, R_ARGS, R_ARG, R_LIST } frame_kind;

typedef struct frame {
    frame_kind kind;
    int key; /* the key being read (R_MSG, R_ARG) */
    /* R_MSG */
    const char *id;
    bool args_seen, bad;
    unsigned n;
    qf_marg args[QF_MSG_MAX_ARGS];
    /* R_ARG */
    arg_fields x;
} frame;

#define READ_DEPTH 48 /* frames: a message nested in an argument takes three (msg, args, arg) */

struct qf_msg_reader {
    qf_arena *a;
    frame frames[READ_DEPTH];
    int depth;
    int skip;      /* depth inside a value nobody reads */
    bool started;  /* the outer object has begun */
    bool done;     /* … and ended */
    bool oom;
    qf_msg *result;
};

qf_msg_reader *qf__msg_reader_new(void)
{
    return calloc(1, sizeof(qf_msg_reader));
}

static void release(qf_msg_reader *r)
{
    for (int i = 0; i < r->depth; i++)
        free(r->frames[i].x.items);
    r->depth = 0;
}

void qf__msg_reader_free(qf_msg_reader *r)
{
    if (!r)
        return;
    release(r);
    free(r);
}

void qf__msg_reader_begin(qf_msg_reader *r, qf_arena *a)
{
    release(r);
    r->a = a;
    r->skip = 0;
    r->started = r->done = r->oom = false;
    r->result = NULL;
}

bool qf__msg_reader_done(const qf_msg_reader *r)
{
    return r->done;
}

bool qf__msg_reader_oom(const qf_msg_reader *r)
{
    return r->oom;
}

qf_msg *qf__msg_reader_result(const qf_msg_reader *r)
{
    return r->result;
}

static const char *copy(qf_msg_reader *r, const char *s, size_t n)
{
    const char *c = qf__arena_strndup(r->a, s, n);
    if (!c)
        r->oom = true;
    return c;
}

static frame *top(qf_msg_reader *r)
{
    return r->depth ? &r->frames[r->depth - 1] : NULL;
}

/* The message the frame below `f` belongs to (an argument's or an argument list's). */
static frame *msg_of(qf_msg_reader *r, int at)
{
    while (at >= 0 && r->frames[at].kind != R_MSG)
        at--;
    return at >= 0 ? &r->frames[at] : NULL;
}

/* Everything from here to the end of the outer object is damaged. */
static void damage_all(qf_msg_reader *r)
{
    for (int i = 0; i < r->depth; i++)
        if (r->frames[i].kind == R_MSG)
            r->frames[i].bad = true;
}

static bool push(qf_msg_reader *r, frame_kind kind)
{
    if (r->depth == READ_DEPTH) {
        damage_all(r);
        r->skip = 1;
        return false;
    }
    frame *f = &r->frames[r->depth++];
    memset(f, 0, offsetof(frame, args));
    f->kind = kind;
    if (kind == R_ARG)
        memset(&f->x, 0, sizeof f->x);
    return true;
}

/* ---- deciding ------------------------------------------------------------------------------- */

static bool decide(qf_msg_reader *r, arg_fields *x, qf_marg *g)
{
    memset(g, 0, sizeof *g);
    if (x->has[K_NUM]) {
        g->type = QF_MA_NUM;
        g->u.d = x->num;
        return x->number;
    }
    if (x->has[K_DATE] || x->has[K_DUE]) {
        g->type = x->has[K_DATE] ? QF_MA_DATE : QF_MA_DUE;
        const char *day = x->text[x->has[K_DATE] ? K_DATE : K_DUE];
        return day && qf_date_parse(&g->u.date, day) == QF_OK;
    }
    if (x->has[K_VOCAB]) {
        g->type = QF_MA_VOCAB;
        g->u.v.vocab = qf__vocab_name(x->text[K_VOCAB]);
        g->u.v.code = x->text[K_CODE];
        return g->u.v.vocab && g->u.v.code;
    }
    if (x->has[K_PERIOD]) {
        g->type = QF_MA_PERIOD;
        g->u.period = x->text[K_PERIOD];
        return g->u.period != NULL;
    }
    if (x->has[K_PER]) {
        qf_period_kind k;
        g->type = QF_MA_PER;
        if (!x->text[K_PER] || qf_period_kind_parse(&k, x->text[K_PER]) != QF_OK)
            return false;
        g->u.per = (int)k;
        return true;
    }
    if (x->has[K_MSG]) {
        g->type = QF_MA_MSG;
        g->u.m = x->msg;
        return x->msg || x->msg_null;
    }
    if (x->has[K_LIST]) {
        const qf_msg **items = NULL;
        if (x->n_items) {
            items = qf__arena_alloc(r->a, x->n_items * sizeof *items);
            if (!items) {
                r->oom = true;
                return false;
            }
            memcpy(items, x->items, x->n_items * sizeof *items);
        }
        g->type = QF_MA_LIST;
        g->u.list.items = items;
        g->u.list.n = x->n_items;
        g->u.list.sep = x->text[K_SEP];
        return !x->list_bad;
    }
    return false;
}

/* ---- the events ----------------------------------------------------------------------------- */

static int key_of(frame_kind kind, const char *s, size_t n)
{
    static const char *const names[K_COUNT] = {
        [K_ID] = "id",         [K_ARGS] = "args", [K_NUM] = "num",   [K_DATE] = "date",
        [K_DUE] = "due",       [K_VOCAB] = "vocab", [K_CODE] = "code", [K_PERIOD] = "period",
        [K_PER] = "per",       [K_MSG] = "msg",   [K_LIST] = "list", [K_SEP] = "sep"};
    int first = kind == R_MSG ? K_ID : K_NUM, last = kind == R_MSG ? K_ARGS : K_SEP;
    for (int k = first; k <= last; k++)
        if (strncmp(names[k], s, n) == 0 && names[k][n] == '\0')
            return k;
    return K_OTHER;
}

bool qf__msg_reader_key(qf_msg_reader *r, const char *s, size_t n)
{
    frame *f = top(r);
    if (r->skip || !f || (f->kind != R_MSG && f->kind != R_ARG))
        return !r->oom;
    f->key = memchr(s, '\0', n) ? K_OTHER : key_of(f->kind, s, n);
    if (f->kind == R_ARG)
        f->x.has[f->key] = true;
    return !r->oom;
}

/* A value that is not a container: text (s, n), an integer (`integer`), a real, or null or a
 * boolean (`null` tells null from the booleans). */
typedef struct scalar {
    enum { S_TEXT, S_INT, S_REAL, S_NULL, S_BOOL } type;
    const char *s;
    size_t n;
    long long i;
    double d;
} scalar;

static void add_arg(qf_msg_reader *r, const qf_marg *g, bool ok)
{
    frame *m = msg_of(r, r->depth - 1);
    if (!ok || m->n == QF_MSG_MAX_ARGS)
        m->bad = true;
    else
        m->args[m->n++] = *g;
}

static bool scalar_value(qf_msg_reader *r, const scalar *v)
{
    frame *f = top(r);
    if (r->skip || !f)
        return !r->oom;
    switch (f->kind) {
    case R_MSG:
        if (f->key == K_ID)
            f->id = v->type == S_TEXT ? copy(r, v->s, v->n) : NULL;
        else if (f->key == K_ARGS)
            f->args_seen = true, f->bad = true; /* "args" that is not an array */
        break;
    case R_ARGS: {
        qf_marg g;
        memset(&g, 0, sizeof g);
        if (v->type == S_TEXT) {
            g.type = QF_MA_STR;
            add_arg(r, &g, (g.u.s = copy(r, v->s, v->n)) != NULL);
        } else if (v->type == S_INT) {
            g.type = QF_MA_INT;
            g.u.i = v->i;
            add_arg(r, &g, true);
        } else {
            add_arg(r, &g, false);
        }
        break;
    }
    case R_ARG:
        if (f->key == K_NUM) {
            f->x.number = v->type == S_INT || v->type == S_REAL;
            f->x.num = v->type == S_INT ? (double)v->i : v->d;
        } else if (f->key == K_MSG) {
            f->x.msg = NULL;
            f->x.msg_null = v->type == S_NULL;
        } else if (f->key == K_LIST) {
            f->x.n_items = 0; /* not an array: no items */
            f->x.list_bad = false;
        } else if (f->key != K_OTHER) {
            f->x.text[f->key] = v->type == S_TEXT ? copy(r, v->s, v->n) : NULL;
        }
        break;
    case R_LIST: f[-1].x.list_bad = true; break; /* an item that is not a message */
    }
    return !r->oom;
}

bool qf__msg_reader_string(qf_msg_reader *r, const char *s, size_t n)
{
    scalar v = {.type = S_TEXT, .s = s, .n = n};
    if (memchr(s, '\0', n)) /* jansson refuses NUL in text; so does this reader */
        v.type = S_NULL, damage_all(r);
    return scalar_value(r, &v);
}

bool qf__msg_reader_integer(qf_msg_reader *r, long long i)
{
    scalar v = {.type = S_INT, .i = i};
    return scalar_value(r, &v);
}

bool qf__msg_reader_real(qf_msg_reader *r, double d)
{
    scalar v = {.type = S_REAL, .d = d};
    return scalar_value(r, &v);
}

bool qf__msg_reader_other(qf_msg_reader *r, bool is_null)
{
    scalar v = {.type = is_null ? S_NULL : S_BOOL};
    return scalar_value(r, &v);
}

bool qf__msg_reader_start(qf_msg_reader *r, bool map)
{
    if (r->skip) {
        r->skip++;
        return !r->oom;
    }
    frame *f = top(r);
    if (!f) {
        if (r->started || !map) { /* the outer value must be one object */
            r->started = true;
            r->skip = 1;
            return !r->oom;
        }
        r->started = true;
        push(r, R_MSG);
        return !r->oom;
    }
    switch (f->kind) {
    case R_MSG:
        if (f->key == K_ARGS && !map) {
            f->args_seen = true;
            f->n = 0; /* "args" twice: the later one counts */
            push(r, R_ARGS);
            return !r->oom;
        }
        if (f->key == K_ARGS)
            f->args_seen = true, f->bad = true;
        else if (f->key == K_ID)
            f->id = NULL;
        break;
    case R_ARGS:
        if (map) {
            push(r, R_ARG);
            return !r->oom;
        }
        msg_of(r, r->depth - 1)->bad = true; /* an argument that is an array */
        break;
    case R_ARG:
        if (f->key == K_MSG && map) {
            f->x.msg = NULL;
            f->x.msg_null = false;
            push(r, R_MSG);
            return !r->oom;
        }
        if (f->key == K_LIST && !map) {
            f->x.n_items = 0;
            f->x.list_bad = false;
            push(r, R_LIST);
            return !r->oom;
        }
        if (f->key == K_MSG)
            f->x.msg = NULL, f->x.msg_null = false;
        else if (f->key == K_LIST)
            f->x.n_items = 0, f->x.list_bad = false;
        else if (f->key == K_NUM)
            f->x.number = false;
        else if (f->key != K_OTHER)
            f->x.text[f->key] = NULL;
        break;
    case R_LIST:
        if (map) {
            push(r, R_MSG);
            return !r->oom;
        }
        f[-1].x.list_bad = true;
        break;
    }
    r->skip = 1;
    return !r->oom;
}

/* The message of the frame on top, ended: made in the arena, or NULL (damaged; error set). */
static qf_msg *finish_msg(qf_msg_reader *r, frame *f)
{
    if (f->bad || !f->id) {
        qf__err(QF_ECORRUPT, "%s", _("a stored message is damaged"));
        return NULL;
    }
    qf_msg *m = qf__msg_new(r->a, f->id, f->n);
    if (!m) {
        r->oom = true;
        return NULL;
    }
    m->n = f->n;
    memcpy(m->a, f->args, f->n * sizeof(qf_marg));
    return m;
}

bool qf__msg_reader_end(qf_msg_reader *r)
{
    if (r->skip) {
        if (--r->skip == 0 && !top(r))
            r->done = true; /* the outer value was not an object */
        return !r->oom;
    }
    frame *f = top(r);
    if (!f)
        return !r->oom;
    r->depth--;
    frame *parent = top(r);
    switch (f->kind) {
    case R_MSG: {
        qf_msg *m = finish_msg(r, f);
        if (!parent) {
            r->result = m;
            r->done = true;
        } else if (parent->kind == R_ARG) {
            parent->x.msg = m;
        } else if (!m) { /* an item of a list */
            parent[-1].x.list_bad = true;
        } else {
            arg_fields *x = &parent[-1].x;
            if (x->n_items == x->cap_items) {
                size_t cap = x->cap_items ? x->cap_items * 2 : 8;
                const qf_msg **items = realloc(x->items, cap * sizeof *items);
                if (!items) {
                    r->oom = true;
                    break;
                }
                x->items = items;
                x->cap_items = cap;
            }
            x->items[x->n_items++] = m;
        }
        break;
    }
    case R_ARG: {
        qf_marg g;
        bool ok = decide(r, &f->x, &g);
        free(f->x.items);
        f->x.items = NULL;
        add_arg(r, &g, ok);
        break;
    }
    case R_ARGS:
    case R_LIST: break;
    }
    return !r->oom;
}

/* ---- a jansson tree, through the same reader ------------------------------------------------ */

static bool feed(qf_msg_reader *r, json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *v;
        bool ok = qf__msg_reader_start(r, true);
        json_object_foreach(j, k, v)
        {
            ok = ok && qf__msg_reader_key(r, k, strlen(k)) && feed(r, v);
        }
        return ok && qf__msg_reader_end(r);
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *v;
        bool ok = qf__msg_reader_start(r, false);
        json_array_foreach(j, i, v)
        {
            ok = ok && feed(r, v);
        }
        return ok && qf__msg_reader_end(r);
    }
    case JSON_STRING: return qf__msg_reader_string(r, json_string_value(j), json_string_length(j));
    case JSON_INTEGER: return qf__msg_reader_integer(r, json_integer_value(j));
    case JSON_REAL: return qf__msg_reader_real(r, json_real_value(j));
    case JSON_NULL: return qf__msg_reader_other(r, true);
    default: return qf__msg_reader_other(r, false);
    }
}

qf_msg *qf__msg_from_json(qf_arena *a, json_t *j)
{
    if (!json_is_object(j)) {
        qf__err(QF_ECORRUPT, "%s", _("a stored message is damaged"));
        return NULL;
    }
    qf_msg_reader *r = qf__msg_reader_new();
    if (!r) {
        qf__oom();
        return NULL;
    }
    qf__msg_reader_begin(r, a);
    bool ok = feed(r, j);
    qf_msg *m = ok && qf__msg_reader_done(r) ? qf__msg_reader_result(r) : NULL;
    if (!ok)
        qf__oom();
    qf__msg_reader_free(r);
    return m;
}
