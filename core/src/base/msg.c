/* Messages as an id plus typed arguments (see msg.h for the model and the stored form). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msg.h"
#include "internal.h"

const char *qf__per_label(qf_period_kind k);

/* ---- building ----------------------------------------------------------------------------- */

/* A message with room for n arguments (none filled in yet). */
qf_msg *qf__msg_new(qf_arena *a, const char *id, size_t n)
{
    if (n > QF_MSG_MAX_ARGS) {
        qf__err(QF_ENOMEM, "%s", _("out of memory (or a bad message argument)"));
        return NULL;
    }
    size_t size = offsetof(qf_msg, a) + n * sizeof(qf_marg);
    qf_msg *m = qf__arena_alloc(a, size);
    if (!m) {
        qf__oom();
        return NULL;
    }
    memset(m, 0, size);
    m->id = id;
    return m;
}

qf_msg *qf__msg_text(qf_arena *a, const char *text)
{
    return qf__msg(a, "%s", "s", text);
}

static const char *dup(qf_arena *a, const char *s, bool *ok)
{
    if (!s)
        return NULL;
    const char *d = qf__arena_strdup(a, s);
    if (!d)
        *ok = false;
    return d;
}

qf_msg *qf__msg(qf_arena *a, const char *id, const char *types, ...)
{
    qf_msg *m = qf__msg_new(a, id, strlen(types));
    if (!m)
        return NULL;
    va_list ap;
    va_start(ap, types);
    bool ok = true;
    for (const char *t = types; ok && *t; t++) {
        qf_marg *g = &m->a[m->n++];
        switch (*t) {
        case 's': g->type = QF_MA_STR; g->u.s = dup(a, va_arg(ap, const char *), &ok); break;
        case 'd': g->type = QF_MA_INT; g->u.i = va_arg(ap, int); break;
        case 'z': g->type = QF_MA_INT; g->u.i = (long long)va_arg(ap, size_t); break;
        case 'l': g->type = QF_MA_INT; g->u.i = va_arg(ap, long long); break;
        case 'f': g->type = QF_MA_NUM; g->u.d = va_arg(ap, double); break;
        case 'D': g->type = QF_MA_DATE; g->u.date = va_arg(ap, qf_date); break;
        case 'R': g->type = QF_MA_DUE; g->u.date = va_arg(ap, qf_date); break;
        case 'K': g->type = QF_MA_PER; g->u.per = va_arg(ap, int); break;
        case 'P': {
            const qf_period *p = va_arg(ap, const qf_period *);
            char code[48];
            qf_period_format(p, code, sizeof code);
            g->type = QF_MA_PERIOD;
            g->u.period = dup(a, code, &ok);
            break;
        }
        case 'V':
            g->type = QF_MA_VOCAB;
            g->u.v.vocab = va_arg(ap, const char *);
            g->u.v.code = dup(a, va_arg(ap, const char *), &ok);
            break;
        case 'M': g->type = QF_MA_MSG; g->u.m = va_arg(ap, const qf_msg *); break;
        case 'L': {
            /* the array is copied (callers pass arrays on their stack); the items are not */
            const qf_msg *const *items = va_arg(ap, const qf_msg *const *);
            size_t n = va_arg(ap, size_t);
            const qf_msg **copy = n ? qf__arena_alloc(a, n * sizeof *copy) : NULL;
            if (n && !copy) {
                ok = false;
                break;
            }
            if (n)
                memcpy(copy, items, n * sizeof *copy);
            g->type = QF_MA_LIST;
            g->u.list.items = copy;
            g->u.list.n = n;
            g->u.list.sep = va_arg(ap, const char *);
            break;
        }
        case 'W': {
            const char *vocab = va_arg(ap, const char *);
            const char *const *codes = va_arg(ap, const char *const *);
            size_t n = va_arg(ap, size_t);
            const char *sep = va_arg(ap, const char *);
            const qf_msg **items = n ? qf__arena_alloc(a, n * sizeof *items) : NULL;
            if (n && !items) {
                ok = false;
                break;
            }
            for (size_t k = 0; ok && k < n; k++) {
                qf_msg *x = qf__msg_new(a, "%s", 1);
                if (!x) {
                    ok = false;
                    break;
                }
                x->n = 1;
                x->a[0].type = QF_MA_VOCAB;
                x->a[0].u.v.vocab = vocab;
                x->a[0].u.v.code = dup(a, codes[k], &ok);
                items[k] = x;
            }
            g->type = QF_MA_LIST;
            g->u.list.items = items;
            g->u.list.n = n;
            g->u.list.sep = sep;
            break;
        }
        default: ok = false; break;
        }
    }
    va_end(ap);
    if (!ok) {
        qf__err(QF_ENOMEM, "%s", _("out of memory (or a bad message argument)"));
        return NULL;
    }
    return m;
}

/* ---- rendering ----------------------------------------------------------------------------- */

typedef struct out {
    char *buf;
    size_t size, len; /* len may exceed size - 1: what would have been written */
} out;

/* Writes up to the buffer's last byte too: the NUL goes over it, but a text cut short is cut at
 * a character by looking at that byte, the first one left out (qf__msg_render read it without
 * its ever being written). */
static void put(out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void puts_(out *o, const char *s)
{
    put(o, s ? s : "", s ? strlen(s) : 0);
}

static void render(const qf_msg *m, qf_db *db, out *o, int depth);

/* The caller's rendered texts while qf__msg_render_arena_known runs (this thread only). */
static _Thread_local const qf_msg_known *known_texts;

/*
 * A period code's label ("2017-06-H2" -> "2017年6月下半月"), from the labels made recently: a
 * check labels the same few periods in thousands of messages, parsing the code and formatting
 * the label each time (1% of a check). Kept per thread, by the code and the language.
 */
#define LABEL_SLOTS 64
typedef struct label_slot {
    char code[48];
    const char *lang; /* qf_language()'s answer when made: one of two literals */
    char label[96];
} label_slot;
static _Thread_local label_slot label_cache[LABEL_SLOTS];

static const char *period_label(const char *code, char *tmp, size_t size)
{
    size_t n = code ? strlen(code) : 0;
    const char *lang = qf_language();
    label_slot *s = NULL;
    if (n && n < sizeof s->code) {
        unsigned h = 2166136261u; /* FNV-1a */
        for (size_t i = 0; i < n; i++)
            h = (h ^ (unsigned char)code[i]) * 16777619u;
        s = &label_cache[h % LABEL_SLOTS];
        if (s->lang == lang && strcmp(s->code, code) == 0)
            return s->label;
    }
    qf_period p;
    if (qf_period_parse(&p, code) != QF_OK)
        return code;
    qf_period_label(&p, tmp, size);
    if (s && strlen(tmp) < sizeof s->label) {
        memcpy(s->code, code, n + 1);
        strcpy(s->label, tmp);
        s->lang = lang;
    }
    return tmp;
}

/* The text of a string-like argument, or NULL for numbers. */
static const char *arg_text(const qf_marg *g, qf_db *db, char *tmp, size_t size, int depth)
{
    switch (g->type) {
    case QF_MA_STR: return g->u.s ? g->u.s : "";
    case QF_MA_DATE: qf_date_format(g->u.date, tmp); return tmp;
    case QF_MA_VOCAB: return db ? qf_vocab_label(db, g->u.v.vocab, g->u.v.code) : g->u.v.code;
    case QF_MA_PERIOD: return period_label(g->u.period, tmp, size);
    case QF_MA_PER: return qf__per_label((qf_period_kind)g->u.per);
    case QF_MA_MSG: {
        if (!g->u.m || depth > 8)
            return "";
        if (known_texts && depth < 4 && size == 2048) {
            /* rendered at depth 0, nested at most 3 deep: rendered here at depth + 1 it would
             * reach depth 7 at most, where nothing is cut, and it is shorter than tmp */
            const char *t = known_texts->text(known_texts->ctx, g->u.m);
            if (t)
                return t;
        }
        out sub = {tmp, size, 0};
        render(g->u.m, db, &sub, depth + 1);
        tmp[sub.len < size ? sub.len : size - 1] = '\0';
        return tmp;
    }
    case QF_MA_LIST: {
        out sub = {tmp, size, 0};
        tmp[0] = '\0';
        const char *sep = g->u.list.sep ? qf_tr(g->u.list.sep) : ", ";
        for (size_t k = 0; k < g->u.list.n; k++) {
            if (k)
                puts_(&sub, sep);
            if (depth <= 8 && g->u.list.items[k])
                render(g->u.list.items[k], db, &sub, depth + 1);
        }
        tmp[sub.len < size ? sub.len : size - 1] = '\0';
        return tmp;
    }
    case QF_MA_DUE: {
        qf_date today = db ? qf_db_today(db) : qf_date_today_system();
        char d[11];
        qf_date_format(g->u.date, d);
        union { /* a message of two arguments on the stack */
            qf_msg m;
            unsigned char room[offsetof(qf_msg, a) + 2 * sizeof(qf_marg)];
        } rel;
        memset(&rel, 0, sizeof rel);
        rel.m.id = g->u.date >= today ? N_("%d day(s) left until %s")
                                      : N_("%d day(s) overdue since %s");
        rel.m.n = 2;
        rel.m.a[0].type = QF_MA_INT;
        rel.m.a[0].u.i = g->u.date >= today ? g->u.date - today : today - g->u.date;
        rel.m.a[1].type = QF_MA_DATE;
        rel.m.a[1].u.date = g->u.date;
        out sub = {tmp, size, 0};
        render(&rel.m, db, &sub, depth + 1);
        tmp[sub.len < size ? sub.len : size - 1] = '\0';
        return tmp;
    }
    case QF_MA_INT:
    case QF_MA_NUM: return NULL;
    }
    return "";
}

/* A conversion's spec after the '%' and any "n$": "%[flags][width][.prec]" as snprintf wants
 * it (length modifiers left out: the argument's own type decides the length), the precision
 * (-1: none) and the conversion letter. */
typedef struct spec {
    char s[32];
    size_t sl;
    int precision;
    char conv;
} spec;

/* Parses the spec at c; returns where the text goes on after it. */
static const char *spec_parse(const char *c, spec *sp)
{
    size_t sl = 0;
    sp->s[sl++] = '%';
    while (*c && strchr("-+ #0", *c) && sl < 8)
        sp->s[sl++] = *c++;
    while (*c >= '0' && *c <= '9' && sl < 14)
        sp->s[sl++] = *c++;
    sp->precision = -1;
    if (*c == '.') {
        sp->s[sl++] = *c++;
        sp->precision = 0;
        while (*c >= '0' && *c <= '9' && sl < 20) {
            sp->precision = sp->precision * 10 + (*c - '0');
            sp->s[sl++] = *c++;
        }
    }
    while (*c == 'h' || *c == 'l' || *c == 'z' || *c == 'j' || *c == 't' || *c == 'L')
        c++;
    sp->conv = *c ? *c++ : 's';
    sp->sl = sl;
    return c;
}

/* The argument index of the conversion at c (after the '%'): "n$" names it, else the next
 * one; *c is moved past the "n$". */
static unsigned arg_index(const char **c, unsigned *next)
{
    unsigned argi = 0;
    const char *d = *c;
    while (*d >= '0' && *d <= '9')
        argi = argi * 10 + (unsigned)(*d++ - '0');
    if (*d == '$' && d > *c && argi >= 1) {
        *c = d + 1;
        return argi - 1;
    }
    return (*next)++;
}

/* Writes argument g as the spec says. */
static void spec_apply(const spec *sp, const qf_marg *g, qf_db *db, out *o, int depth)
{
    char tmp[2048], num[64], fmt[40];
    char conv = sp->conv;
    size_t sl = sp->sl;
    if (g->type == QF_MA_INT || g->type == QF_MA_NUM) {
        bool integral = strchr("diouxXc", conv) != NULL;
        if (g->type == QF_MA_INT && sl == 1 &&
            (conv == 'd' || conv == 'i' || (conv == 'u' && g->u.i >= 0))) {
            /* plain %d or %zu, the usual case (counts, days): written here, snprintf cost 2% of
             * a check */
            char *e = num + sizeof num, *q = qf__put_decimal(e, (int64_t)g->u.i);
            put(o, q, (size_t)(e - q));
            return;
        }
        memcpy(fmt, sp->s, sl);
        if (g->type == QF_MA_INT && integral && conv != 'c') {
            memcpy(fmt + sl, "ll", 2);
            fmt[sl + 2] = conv;
            fmt[sl + 3] = '\0';
            snprintf(num, sizeof num, fmt, g->u.i);
        } else if (strchr("eEfFgGaA", conv)) {
            fmt[sl] = conv;
            fmt[sl + 1] = '\0';
            snprintf(num, sizeof num, fmt,
                     g->type == QF_MA_INT ? (double)g->u.i : g->u.d);
        } else if (g->type == QF_MA_INT) {
            snprintf(num, sizeof num, "%lld", g->u.i);
        } else {
            snprintf(num, sizeof num, "%g", g->u.d);
        }
        puts_(o, num);
        return;
    }
    const char *s = arg_text(g, db, tmp, sizeof tmp, depth);
    size_t n = strlen(s);
    if (sp->precision >= 0 && (size_t)sp->precision < n) {
        n = (size_t)sp->precision;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* never half a character */
    }
    put(o, s, n);
}

/* One conversion "%[n$][flags][width][.prec][hh|h|l|ll|z]c" at *p (after the '%'). */
static void conversion(const char **p, const qf_msg *m, unsigned *next, qf_db *db, out *o,
                       int depth)
{
    const char *c = *p;
    unsigned argi = arg_index(&c, next);
    spec sp;
    *p = spec_parse(c, &sp);
    if (argi >= m->n)
        return; /* a translation naming an argument the message lacks: nothing */
    spec_apply(&sp, &m->a[argi], db, o, depth);
}

/* The format read piece by piece, as it was before formats were compiled (below): what a
 * format too long or too complex for a slot of the cache goes through. */
static void render_interpreted(const char *fmt, const qf_msg *m, qf_db *db, out *o, int depth)
{
    unsigned next = 0;
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            puts_(o, p);
            break;
        }
        put(o, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '%') {
            put(o, "%", 1);
            p++;
            continue;
        }
        conversion(&p, m, &next, db, o, depth);
    }
}

/*
 * Formats compiled once: a check renders the same few dozen translated formats for every
 * finding (two messages, most of them nested), and reading each format again — finding the
 * '%'s, the argument's number, its flags — was half of rendering. A slot holds a copy of the
 * format's text (the same address may hold another text later, as in qf_tr's cache: the slot
 * answers only while the text is the same) cut into pieces: a literal, then a conversion. A
 * "%%" ends its literal with one '%'. A plain conversion (no flags, width or precision) is
 * written here; any other is parsed again from the copy by spec_parse.
 */
#define FMT_SLOTS 64
#define FMT_TEXT 192
#define FMT_PIECES 12
#define NO_CONV 0xFFFF
typedef struct fmt_piece {
    uint16_t lit, lit_len; /* the literal: offset into the copy, length */
    uint16_t conv;         /* offset of the spec after the "%" and any "n$", or NO_CONV */
    uint8_t argi;          /* 255: beyond any message's arguments */
    bool plain;            /* nothing but length modifiers before the conversion letter */
    char letter;           /* the conversion letter of a plain one */
} fmt_piece;
typedef struct fmt_slot {
    const char *fmt; /* the address compiled (NULL: empty or not compilable) */
    bool busy;       /* being rendered: a nested message must not compile over it */
    unsigned n;
    fmt_piece piece[FMT_PIECES];
    char text[FMT_TEXT];
} fmt_slot;
static _Thread_local fmt_slot fmt_cache[FMT_SLOTS];

/* Compiles fmt into s; false when it does not fit (too long, too many pieces). */
static bool compile(fmt_slot *s, const char *fmt)
{
    size_t len = strlen(fmt);
    s->fmt = NULL;
    if (len >= FMT_TEXT)
        return false;
    memcpy(s->text, fmt, len + 1);
    const char *t = s->text;
    unsigned next = 0, n = 0;
    for (const char *p = t; *p;) {
        if (n == FMT_PIECES)
            return false;
        fmt_piece *pc = &s->piece[n++];
        const char *pct = strchr(p, '%');
        pc->lit = (uint16_t)(p - t);
        pc->conv = NO_CONV;
        if (!pct) {
            pc->lit_len = (uint16_t)strlen(p);
            break;
        }
        if (pct[1] == '%') { /* the literal and one '%' */
            pc->lit_len = (uint16_t)(pct + 1 - p);
            p = pct + 2;
            continue;
        }
        pc->lit_len = (uint16_t)(pct - p);
        const char *c = pct + 1;
        unsigned argi = arg_index(&c, &next);
        pc->argi = (uint8_t)(argi < 255 ? argi : 255);
        pc->conv = (uint16_t)(c - t);
        spec sp;
        p = spec_parse(c, &sp);
        pc->plain = sp.sl == 1 && sp.precision < 0;
        pc->letter = sp.conv;
    }
    s->n = n;
    s->fmt = fmt;
    return true;
}

static void render_compiled(const fmt_slot *s, const qf_msg *m, qf_db *db, out *o, int depth)
{
    for (unsigned i = 0; i < s->n; i++) {
        const fmt_piece *pc = &s->piece[i];
        put(o, s->text + pc->lit, pc->lit_len);
        if (pc->conv == NO_CONV || pc->argi >= m->n)
            continue;
        const qf_marg *g = &m->a[pc->argi];
        if (pc->plain) {
            char c = pc->letter;
            if (g->type == QF_MA_INT) {
                if (c == 'd' || c == 'i' || (c == 'u' && g->u.i >= 0)) {
                    char num[24], *e = num + sizeof num, *q = qf__put_decimal(e, (int64_t)g->u.i);
                    put(o, q, (size_t)(e - q));
                    continue;
                }
            } else if (g->type != QF_MA_NUM) {
                char tmp[2048];
                puts_(o, arg_text(g, db, tmp, sizeof tmp, depth));
                continue;
            }
        }
        spec sp;
        spec_parse(s->text + pc->conv, &sp);
        spec_apply(&sp, g, db, o, depth);
    }
}

static void render(const qf_msg *m, qf_db *db, out *o, int depth)
{
    const char *fmt = qf_tr(m->id);
    if (!fmt)
        return;
    uintptr_t h = (uintptr_t)fmt;
    fmt_slot *s = &fmt_cache[(h ^ (h >> 7) ^ (h >> 13)) % FMT_SLOTS];
    if (!s->busy && ((s->fmt == fmt && strcmp(s->text, fmt) == 0) || compile(s, fmt))) {
        s->busy = true;
        render_compiled(s, m, db, o, depth);
        s->busy = false;
    } else {
        render_interpreted(fmt, m, db, o, depth);
    }
}

/* Ends the rendered text in its buffer, cut at a character boundary if it did not fit;
 * returns its length. */
static size_t finish(out *o)
{
    size_t n = o->len < o->size ? o->len : o->size - 1;
    if (o->len >= o->size)
        while (n > 0 && ((unsigned char)o->buf[n] & 0xC0) == 0x80)
            n--;
    o->buf[n] = '\0';
    return n;
}

/* Renders into buf through the compiled formats or, for tests, the interpreted path. */
static size_t render_into(const qf_msg *m, qf_db *db, char *buf, size_t size, bool interpreted)
{
    if (!size)
        return 0;
    buf[0] = '\0';
    if (!m)
        return 0;
    out o = {buf, size, 0};
    if (!interpreted) {
        render(m, db, &o, 0);
    } else {
        const char *fmt = qf_tr(m->id);
        if (fmt)
            render_interpreted(fmt, m, db, &o, 0);
    }
    return finish(&o);
}

/* For tests: the same message through the format read piece by piece. */
size_t qf__msg_render_interpreted(const qf_msg *m, qf_db *db, char *buf, size_t size);
size_t qf__msg_render_interpreted(const qf_msg *m, qf_db *db, char *buf, size_t size)
{
    return render_into(m, db, buf, size, true);
}

size_t qf__msg_render(const qf_msg *m, qf_db *db, char *buf, size_t size)
{
    return render_into(m, db, buf, size, false);
}

char *qf__msg_render_arena(const qf_msg *m, qf_db *db, qf_arena *a)
{
    char buf[4096];
    size_t n = qf__msg_render(m, db, buf, sizeof buf);
    char *copy = qf__arena_alloc(a, n + 1); /* the length is known: no strdup */
    if (copy)
        memcpy(copy, buf, n + 1);
    return copy;
}

char *qf__msg_render_arena_known(const qf_msg *m, qf_db *db, qf_arena *a,
                                 const qf_msg_known *known)
{
    const qf_msg_known *was = known_texts;
    known_texts = known;
    char *text = qf__msg_render_arena(m, db, a);
    known_texts = was;
    return text;
}

int qf__msg_nesting(const qf_msg *m, int limit)
{
    int deepest = 0;
    for (unsigned i = 0; m && i < m->n && deepest < limit; i++) {
        const qf_marg *g = &m->a[i];
        int d = 0;
        if (g->type == QF_MA_MSG && g->u.m)
            d = 1 + (limit > 1 ? qf__msg_nesting(g->u.m, limit - 1) : 1);
        else if (g->type == QF_MA_LIST)
            for (size_t k = 0; k < g->u.list.n; k++) {
                int dk = 1 + (limit > 1 ? qf__msg_nesting(g->u.list.items[k], limit - 1) : 1);
                if (dk > d)
                    d = dk;
            }
        else if (g->type == QF_MA_DUE)
            d = 1; /* rendered as a message of its own */
        if (d > deepest)
            deepest = d;
    }
    return deepest;
}

/* ---- JSON --------------------------------------------------------------------------------- */

static json_t *arg_json(const qf_marg *g)
{
    char d[11];
    switch (g->type) {
    case QF_MA_STR: return json_string(g->u.s ? g->u.s : "");
    case QF_MA_INT: return json_integer(g->u.i);
    case QF_MA_NUM: return json_pack("{s:f}", "num", g->u.d);
    case QF_MA_DATE: qf_date_format(g->u.date, d); return json_pack("{s:s}", "date", d);
    case QF_MA_DUE: qf_date_format(g->u.date, d); return json_pack("{s:s}", "due", d);
    case QF_MA_VOCAB:
        return json_pack("{s:s, s:s}", "vocab", g->u.v.vocab, "code", g->u.v.code ? g->u.v.code : "");
    case QF_MA_PERIOD: return json_pack("{s:s}", "period", g->u.period ? g->u.period : "");
    case QF_MA_PER:
        return json_pack("{s:s}", "per", qf_period_kind_name((qf_period_kind)g->u.per));
    case QF_MA_MSG: return json_pack("{s:o}", "msg", qf__msg_json(g->u.m));
    case QF_MA_LIST: {
        json_t *items = json_array();
        for (size_t k = 0; k < g->u.list.n; k++)
            json_array_append_new(items, qf__msg_json(g->u.list.items[k]));
        return json_pack("{s:o, s:s}", "list", items, "sep", g->u.list.sep ? g->u.list.sep : ", ");
    }
    }
    return json_null();
}

json_t *qf__msg_json(const qf_msg *m)
{
    if (!m)
        return json_null();
    json_t *args = json_array();
    for (unsigned i = 0; i < m->n; i++)
        json_array_append_new(args, arg_json(&m->a[i]));
    return json_pack("{s:s, s:o}", "id", m->id, "args", args);
}

static qf_msg *copy(qf_arena *a, const qf_msg *m, int depth)
{
    if (!m || depth > 8)
        return NULL;
    bool ok = true;
    qf_msg *c = qf__msg_new(a, dup(a, m->id, &ok), m->n);
    if (!c || !ok)
        return NULL;
    c->n = m->n;
    for (unsigned i = 0; ok && i < m->n; i++) {
        const qf_marg *g = &m->a[i];
        qf_marg *d = &c->a[i];
        *d = *g;
        switch (g->type) {
        case QF_MA_STR: d->u.s = dup(a, g->u.s, &ok); break;
        case QF_MA_VOCAB: d->u.v.code = dup(a, g->u.v.code, &ok); break; /* vocab: static */
        case QF_MA_PERIOD: d->u.period = dup(a, g->u.period, &ok); break;
        case QF_MA_MSG:
            d->u.m = g->u.m ? copy(a, g->u.m, depth + 1) : NULL;
            ok = !g->u.m || d->u.m;
            break;
        case QF_MA_LIST: {
            size_t n = g->u.list.n;
            const qf_msg **items = n ? qf__arena_alloc(a, n * sizeof *items) : NULL;
            ok = !n || items;
            for (size_t k = 0; ok && k < n; k++)
                ok = (items[k] = copy(a, g->u.list.items[k], depth + 1)) != NULL;
            d->u.list.items = items;
            d->u.list.sep = dup(a, g->u.list.sep, &ok);
            break;
        }
        default: break;
        }
    }
    if (!ok) {
        qf__oom();
        return NULL;
    }
    return c;
}

qf_msg *qf__msg_copy(qf_arena *a, const qf_msg *m)
{
    return copy(a, m, 0);
}

/* ---- compact JSON text, without building a tree ------------------------------------------ */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool bad;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->bad)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *g = realloc(b->p, cap);
        if (!g) {
            b->bad = true;
            return;
        }
        b->p = g;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* A JSON string: the bytes that need no escape go in a run at a time (a byte at a time was
 * most of dumping the refs a reminder run compares, one per candidate's text). */
static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    const unsigned char *c = (const unsigned char *)(s ? s : "");
    for (;;) {
        const unsigned char *run = c;
        while (*c && *c != '"' && *c != '\\' && *c >= 0x20)
            c++;
        if (c > run)
            sb_put(b, (const char *)run, (size_t)(c - run));
        if (!*c)
            break;
        char esc[8];
        if (*c == '"' || *c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*c;
            sb_put(b, esc, 2);
        } else {
            snprintf(esc, sizeof esc, "\\u%04x", *c);
            sb_put(b, esc, 6);
        }
        c++;
    }
    sb_put(b, "\"", 1);
}

static void sb_msg(sbuf *b, const qf_msg *m, int depth);

static void sb_arg(sbuf *b, const qf_marg *g, int depth)
{
    char tmp[64], d[11];
    switch (g->type) {
    case QF_MA_STR: sb_str(b, g->u.s); return;
    case QF_MA_INT: {
        const char *p = qf__put_decimal(tmp + sizeof tmp, (int64_t)g->u.i);
        sb_put(b, p, (size_t)(tmp + sizeof tmp - p));
        return;
    }
    case QF_MA_NUM:
        snprintf(tmp, sizeof tmp, "{\"num\":%.17g}", g->u.d);
        sb_put(b, tmp, strlen(tmp));
        return;
    case QF_MA_DATE:
    case QF_MA_DUE:
        qf_date_format(g->u.date, d);
        sb_put(b, g->type == QF_MA_DATE ? "{\"date\":" : "{\"due\":", g->type == QF_MA_DATE ? 8 : 7);
        sb_str(b, d);
        sb_put(b, "}", 1);
        return;
    case QF_MA_VOCAB:
        sb_put(b, "{\"vocab\":", 9);
        sb_str(b, g->u.v.vocab);
        sb_put(b, ",\"code\":", 8);
        sb_str(b, g->u.v.code);
        sb_put(b, "}", 1);
        return;
    case QF_MA_PERIOD:
        sb_put(b, "{\"period\":", 10);
        sb_str(b, g->u.period);
        sb_put(b, "}", 1);
        return;
    case QF_MA_PER:
        sb_put(b, "{\"per\":", 7);
        sb_str(b, qf_period_kind_name((qf_period_kind)g->u.per));
        sb_put(b, "}", 1);
        return;
    case QF_MA_MSG:
        sb_put(b, "{\"msg\":", 7);
        sb_msg(b, g->u.m, depth + 1);
        sb_put(b, "}", 1);
        return;
    case QF_MA_LIST:
        sb_put(b, "{\"list\":[", 9);
        for (size_t k = 0; k < g->u.list.n; k++) {
            if (k)
                sb_put(b, ",", 1);
            sb_msg(b, g->u.list.items[k], depth + 1);
        }
        sb_put(b, "],\"sep\":", 8);
        sb_str(b, g->u.list.sep ? g->u.list.sep : ", ");
        sb_put(b, "}", 1);
        return;
    }
    sb_put(b, "null", 4);
}

static void sb_msg(sbuf *b, const qf_msg *m, int depth)
{
    if (!m || depth > 8) {
        sb_put(b, "null", 4);
        return;
    }
    sb_put(b, "{\"id\":", 6);
    sb_str(b, m->id);
    sb_put(b, ",\"args\":[", 9);
    for (unsigned i = 0; i < m->n; i++) {
        if (i)
            sb_put(b, ",", 1);
        sb_arg(b, &m->a[i], depth);
    }
    sb_put(b, "]}", 2);
}

char *qf__msg_dump(const qf_msg *m)
{
    if (!m)
        return NULL;
    /* room for most messages at once (growing from nothing took a realloc every third piece) */
    sbuf b = {malloc(512), 0, 512, false};
    if (!b.p) {
        qf__oom();
        return NULL;
    }
    sb_msg(&b, m, 0);
    if (b.bad) {
        free(b.p);
        qf__oom();
        return NULL;
    }
    return b.p;
}
