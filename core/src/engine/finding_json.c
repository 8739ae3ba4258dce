/*
 * One finding as JSON, written straight into a buffer in the bytes jansson's
 * json_dumps(qf__finding_json(f), JSON_INDENT(2) | JSON_PRESERVE_ORDER) gives once re-indented
 * by check_output.c's write_nested: building a jansson object per finding (some thirty values,
 * each a separate allocation, then dumped and freed) was two thirds of `qufa check --format
 * json` (issue 17). The message and the subject as ids with arguments (msg.c's qf__msg_json),
 * numbers in jansson's real format and the attendance counts are written directly too. Text is
 * checked to be UTF-8 as it is written; a finding this writer could not render byte for byte as
 * jansson does (a string that is not valid UTF-8, which json_string refuses and jansson then
 * leaves the key out, a message jansson cannot make, or a missing standard or clause) goes the
 * jansson way whole. tests/core/test_finding_json.c compares the two.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "csvio.h"
#include "engine.h"

json_t *qf__finding_json(const qf_finding *f);

typedef struct jbuf {
    char *p;
    size_t len, cap;
    bool oom;
    bool not_utf8; /* a text was not UTF-8: jansson would refuse it (the finding goes its way) */
} jbuf;

/* room() keeps this many bytes spare past what it is asked for, so indent() may store whole
 * blocks of spaces past the indentation (what is written next overwrites them). */
#define SLACK 16

static void grow(jbuf *b, size_t more)
{
    if (b->oom || b->len + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096; /* a finding is about 2 KB */
    while (cap < b->len + more)
        cap *= 2;
    char *g = realloc(b->p, cap);
    if (!g) {
        b->oom = true;
        return;
    }
    b->p = g;
    b->cap = cap;
}

/* Room for `n` more bytes (and SLACK): where they go, or NULL when out of memory. */
static inline char *room(jbuf *b, size_t n)
{
    if (b->len + n + SLACK > b->cap)
        grow(b, n + SLACK);
    return b->oom ? NULL : b->p + b->len;
}

static inline void put(jbuf *b, const char *s, size_t n)
{
    char *o = room(b, n);
    if (!o)
        return;
    memcpy(o, s, n);
    b->len += n;
}

/* A literal: its length is known when compiled (memcpy of a constant size is a move). */
#define PUT(b, lit) put(b, lit, sizeof lit - 1)

static void puts_(jbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* `n` spaces at `o` (with SLACK spare after them), in blocks of 16: most indentation is one
 * block, and a fixed-size copy is a single store where memset of `n` bytes is a call. */
static inline char *indent(char *o, size_t n)
{
    static const char sp[SLACK] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
                                   ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    for (size_t i = 0; i < n; i += SLACK)
        memcpy(o + i, sp, SLACK);
    return o + n;
}

/* A newline and the indentation of nesting `level` inside the finding (at `pad` columns). */
static inline void newline(jbuf *b, size_t pad, int level)
{
    size_t n = pad + 2 * (size_t)level;
    char *o = room(b, n + 1);
    if (!o)
        return;
    *o++ = '\n';
    indent(o, n);
    b->len += n + 1;
}

/* How str() treats each byte: 0 copied as it is, ESC escaped as jansson does ('"', '\\' and
 * control characters; NUL ends the text), LEAD the first byte of a UTF-8 sequence, checked. */
enum { ESC = 1, LEAD = 2 };
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char BYTE_CLASS[256] = {
    R16(ESC), R16(ESC),                                     /* 0x00-0x1f */
    0, 0, ESC, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,       /* 0x20-0x2f: '"' */
    R16(0), R16(0),                                         /* 0x30-0x4f */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ESC, 0, 0, 0,       /* 0x50-0x5f: '\\' */
    R16(0), R16(0),                                         /* 0x60-0x7f */
    R16(LEAD), R16(LEAD), R16(LEAD), R16(LEAD), R16(LEAD), R16(LEAD), R16(LEAD), R16(LEAD)};
#undef R16

/* Passes over the bytes from `s` that are copied as they are, checking that they are UTF-8
 * (`not_utf8` is set when they are not): where the first byte to escape, or the NUL, is. */
static const unsigned char *plain_run(const unsigned char *s, bool *not_utf8)
{
    for (;;) {
        while (BYTE_CLASS[*s] == 0)
            s++;
        if (BYTE_CLASS[*s] != LEAD)
            return s;
        do {
            if (qf__utf8_common3(s)) {
                s += 3;
                continue;
            }
            size_t n = qf__utf8_char(s, 4);
            if (!n) {
                *not_utf8 = true;
                n = 1;
            }
            s += n;
        } while (BYTE_CLASS[*s] == LEAD);
    }
}

/* A JSON string as jansson writes it: '"', '\\' and control characters escaped, the rest (all
 * of UTF-8) as it is. Text that is not UTF-8 is noted (jansson's json_string refuses it). Most
 * text has nothing to escape: it is copied whole, quotes and all, into room made once. */
static void str(jbuf *b, const char *text)
{
    const unsigned char *run = (const unsigned char *)text, *s = plain_run(run, &b->not_utf8);
    if (!*s) {
        size_t n = (size_t)(s - run);
        char *o = room(b, n + 2);
        if (!o)
            return;
        o[0] = '"';
        memcpy(o + 1, run, n);
        o[n + 1] = '"';
        b->len += n + 2;
        return;
    }
    PUT(b, "\"");
    for (;;) {
        put(b, (const char *)run, (size_t)(s - run));
        unsigned char c = *s;
        if (!c)
            break;
        run = ++s;
        char esc[8];
        switch (c) {
        case '"': PUT(b, "\\\""); break;
        case '\\': PUT(b, "\\\\"); break;
        case '\b': PUT(b, "\\b"); break;
        case '\f': PUT(b, "\\f"); break;
        case '\n': PUT(b, "\\n"); break;
        case '\r': PUT(b, "\\r"); break;
        case '\t': PUT(b, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            puts_(b, esc);
        }
        s = plain_run(s, &b->not_utf8);
    }
    PUT(b, "\"");
}

static void str_or_null(jbuf *b, const char *s)
{
    if (s)
        str(b, s);
    else
        PUT(b, "null");
}

static void integer(jbuf *b, long long v)
{
    char num[24], *end = num + sizeof num, *q = qf__put_decimal(end, (int64_t)v);
    put(b, q, (size_t)(end - q));
}

static void date(jbuf *b, qf_date d)
{
    if (d == QF_DATE_NONE) {
        PUT(b, "null");
        return;
    }
    char *o = room(b, 12);
    if (!o)
        return;
    o[0] = '"';
    qf_date_format(d, o + 1);
    o[11] = '"';
    b->len += 12;
}

/* `"key": ` at nesting `level`, after a comma unless it is the first of its object. KEY gives
 * the key as a literal, quoted and measured when compiled; key_ is inlined where it is used, so
 * copying it is a few moves (a finding has some forty keys: a strlen, a memset and a memcpy
 * call each were a tenth of `check --format json`). */
#define KEY(b, pad, level, k, first) key_(b, pad, level, "\"" k "\": ", sizeof k + 3, first)
static inline __attribute__((always_inline)) void key_(jbuf *b, size_t pad, int level,
                                                       const char *quoted, size_t ql, bool first)
{
    size_t n = pad + 2 * (size_t)level;
    char *o = room(b, ql + n + 2);
    if (!o)
        return;
    if (!first)
        *o++ = ',';
    *o++ = '\n';
    o = indent(o, n);
    memcpy(o, quoted, ql);
    b->len = (size_t)(o + ql - b->p);
}

static void ids(jbuf *b, size_t pad, int level, const int64_t *v, size_t n)
{
    if (!n) {
        PUT(b, "[]");
        return;
    }
    PUT(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            PUT(b, ",");
        newline(b, pad, level + 1);
        integer(b, v[i]);
    }
    newline(b, pad, level);
    PUT(b, "]");
}

/* A jansson value (taken) written at nesting `level`, as write_nested does for a whole value. */
static void nested(jbuf *b, size_t pad, int level, json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
    if (!text) {
        b->oom = true;
        return;
    }
    const char *run = text;
    for (const char *p = text; *p; p++)
        if (*p == '\n') { /* strings escape their newlines: every one here is layout */
            put(b, run, (size_t)(p - run));
            newline(b, pad, level);
            run = p + 1;
        }
    puts_(b, run);
    free(text);
}

/* Whether qf__msg_json makes a value for `m` (it is NULL when jansson refuses a part). */
static bool msg_json_made(const qf_msg *m)
{
    json_t *j = qf__msg_json(m);
    json_decref(j);
    return j != NULL;
}

/* Whether msg_write gives qf__msg_json's bytes for `m` as far as its shape goes: an id, known
 * kinds of argument, numbers jansson can write (its text is checked as it is written). */
static bool msg_writable(const qf_msg *m)
{
    if (!m)
        return true;
    if (!m->id || m->n > QF_MSG_MAX_ARGS)
        return false;
    for (unsigned i = 0; i < m->n; i++) {
        const qf_marg *g = &m->a[i];
        switch (g->type) {
        case QF_MA_STR: case QF_MA_INT: case QF_MA_DATE: case QF_MA_DUE: case QF_MA_PERIOD: break;
        case QF_MA_NUM:
            if (!isfinite(g->u.d)) /* json_real refuses it */
                return false;
            break;
        case QF_MA_VOCAB:
            if (!g->u.v.vocab)
                return false;
            break;
        case QF_MA_PER:
            if (!qf_period_kind_name((qf_period_kind)g->u.per))
                return false;
            break;
        case QF_MA_MSG: if (!msg_writable(g->u.m)) return false; break;
        case QF_MA_LIST:
            for (size_t k = 0; k < g->u.list.n; k++)
                if (!msg_writable(g->u.list.items[k]))
                    return false;
            break;
        default: return false; /* anything new: jansson's */
        }
    }
    return true;
}

/*
 * A real as jansson writes it (its dtostr, with the default precision): "%.17g", a ".0" added
 * when that shows neither a point nor an exponent (so it reads back as a real), the exponent
 * without '+' or leading zeros, the locale's decimal point made '.'. tests/core/
 * test_finding_json.c holds this to jansson's bytes.
 */
static void real(jbuf *b, double v)
{
    char num[40];
    int n = snprintf(num, sizeof num, "%.17g", v);
    if (n <= 0 || (size_t)n >= sizeof num - 3) {
        b->oom = true;
        return;
    }
    size_t len = (size_t)n;
    for (char *p = num; *p; p++) /* digits, sign, 'e', and the locale's point */
        if (!(*p >= '0' && *p <= '9') && *p != '-' && *p != '+' && *p != 'e')
            *p = '.';
    if (!strchr(num, '.') && !strchr(num, 'e')) {
        memcpy(num + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(num, 'e');
    if (start) { /* "e+20" -> "e20", "e-08" -> "e-8" */
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - num) + 1);
            len -= (size_t)(end - start);
        }
    }
    put(b, num, len);
}

/* Attendance counts as qf__counts_json makes them (counts_json.c), at nesting `level`. */
static void counts_write(jbuf *b, size_t pad, int level, const qf_counts *c)
{
    PUT(b, "{");
    KEY(b, pad, level + 1, "body", true);
    str(b, qf_count_body_name(c->body));
#define WRITE(f)                                                                                   \
    KEY(b, pad, level + 1, #f, false);                                                             \
    integer(b, c->f);
    COUNT_FIELDS(WRITE)
#undef WRITE
    newline(b, pad, level);
    PUT(b, "}");
}

/* {"<k>": "<v>"} at nesting `level` (the key quoted as KEY quotes it) */
#define ONE_KEY(b, pad, level, k, v) one_key(b, pad, level, "\"" k "\": ", sizeof k + 3, v)
static void one_key(jbuf *b, size_t pad, int level, const char *quoted, size_t ql, const char *v)
{
    PUT(b, "{");
    key_(b, pad, level + 1, quoted, ql, true);
    str(b, v);
    newline(b, pad, level);
    PUT(b, "}");
}

#define DATE_KEY(b, pad, level, k, d) date_key(b, pad, level, "\"" k "\": ", sizeof k + 3, d)
static void date_key(jbuf *b, size_t pad, int level, const char *quoted, size_t ql, qf_date d)
{
    char buf[11];
    qf_date_format(d, buf);
    one_key(b, pad, level, quoted, ql, buf);
}

static void msg_write(jbuf *b, size_t pad, int level, const qf_msg *m);

/* One argument as msg.c's arg_json makes it, at nesting `level`. */
static void arg_write(jbuf *b, size_t pad, int level, const qf_marg *g)
{
    switch (g->type) {
    case QF_MA_STR: str(b, g->u.s ? g->u.s : ""); break;
    case QF_MA_INT: integer(b, g->u.i); break;
    case QF_MA_NUM:
        PUT(b, "{");
        KEY(b, pad, level + 1, "num", true);
        real(b, g->u.d);
        newline(b, pad, level);
        PUT(b, "}");
        break;
    case QF_MA_DATE: DATE_KEY(b, pad, level, "date", g->u.date); break;
    case QF_MA_DUE: DATE_KEY(b, pad, level, "due", g->u.date); break;
    case QF_MA_VOCAB:
        PUT(b, "{");
        KEY(b, pad, level + 1, "vocab", true);
        str(b, g->u.v.vocab);
        KEY(b, pad, level + 1, "code", false);
        str(b, g->u.v.code ? g->u.v.code : "");
        newline(b, pad, level);
        PUT(b, "}");
        break;
    case QF_MA_PERIOD: ONE_KEY(b, pad, level, "period", g->u.period ? g->u.period : ""); break;
    case QF_MA_PER:
        ONE_KEY(b, pad, level, "per", qf_period_kind_name((qf_period_kind)g->u.per));
        break;
    case QF_MA_MSG:
        PUT(b, "{");
        KEY(b, pad, level + 1, "msg", true);
        msg_write(b, pad, level + 1, g->u.m);
        newline(b, pad, level);
        PUT(b, "}");
        break;
    case QF_MA_LIST:
        PUT(b, "{");
        KEY(b, pad, level + 1, "list", true);
        if (!g->u.list.n) {
            PUT(b, "[]");
        } else {
            PUT(b, "[");
            for (size_t k = 0; k < g->u.list.n; k++) {
                if (k)
                    PUT(b, ",");
                newline(b, pad, level + 2);
                msg_write(b, pad, level + 2, g->u.list.items[k]);
            }
            newline(b, pad, level + 1);
            PUT(b, "]");
        }
        KEY(b, pad, level + 1, "sep", false);
        str(b, g->u.list.sep ? g->u.list.sep : ", ");
        newline(b, pad, level);
        PUT(b, "}");
        break;
    default: PUT(b, "null"); break; /* not reached: msg_writable refuses it */
    }
}

/* A message as qf__msg_json gives it ({"id": …, "args": […]}, null for none). */
static void msg_write(jbuf *b, size_t pad, int level, const qf_msg *m)
{
    if (!m) {
        PUT(b, "null");
        return;
    }
    PUT(b, "{");
    KEY(b, pad, level + 1, "id", true);
    str(b, m->id);
    KEY(b, pad, level + 1, "args", false);
    if (!m->n) {
        PUT(b, "[]");
    } else {
        PUT(b, "[");
        for (unsigned i = 0; i < m->n; i++) {
            if (i)
                PUT(b, ",");
            newline(b, pad, level + 2);
            arg_write(b, pad, level + 2, &m->a[i]);
        }
        newline(b, pad, level + 1);
        PUT(b, "]");
    }
    newline(b, pad, level);
    PUT(b, "}");
}

/* A message at nesting `level`: written directly, or through jansson when it must be (the
 * caller made sure jansson makes a value for it). */
static void msg_at(jbuf *b, size_t pad, int level, const qf_msg *m)
{
    if (msg_writable(m))
        msg_write(b, pad, level, m);
    else
        nested(b, pad, level, qf__msg_json(m));
}

/* The finding's object, written directly (see the header comment). */
static void write_direct(jbuf *b, size_t pad, const qf_finding *f)
{
    PUT(b, "{");
    KEY(b, pad, 1, "standard", true);
    str(b, f->standard);
    KEY(b, pad, 1, "standard_title", false);
    str_or_null(b, f->standard_title);
    KEY(b, pad, 1, "rev", false);
    integer(b, f->rev);
    KEY(b, pad, 1, "clause", false);
    str(b, f->clause);
    KEY(b, pad, 1, "requirement", false);
    integer(b, f->requirement);
    KEY(b, pad, 1, "kind", false);
    str(b, f->kind ? f->kind : "");
    KEY(b, pad, 1, "status", false);
    str(b, qf_finding_status_name(f->status));
    KEY(b, pad, 1, "subject", false);
    PUT(b, "{");
    KEY(b, pad, 2, "type", true);
    str(b, f->subject_type ? f->subject_type : "");
    KEY(b, pad, 2, "id", false);
    if (f->subject_id)
        integer(b, f->subject_id);
    else
        PUT(b, "null");
    KEY(b, pad, 2, "label", false);
    str(b, f->subject ? f->subject : "");
    KEY(b, pad, 2, "ref", false);
    msg_at(b, pad, 2, f->subject_msg);
    newline(b, pad, 1);
    PUT(b, "}");
    KEY(b, pad, 1, "org", false);
    str_or_null(b, f->org);
    KEY(b, pad, 1, "period", false);
    str(b, f->period ? f->period : "");
    KEY(b, pad, 1, "period_start", false);
    date(b, f->period_start);
    KEY(b, pad, 1, "period_end", false);
    date(b, f->period_end);
    KEY(b, pad, 1, "evidence", false);
    PUT(b, "{");
    KEY(b, pad, 2, "activities", true);
    ids(b, pad, 2, f->activities, f->n_activities);
    KEY(b, pad, 2, "artifacts", false);
    ids(b, pad, 2, f->artifacts, f->n_artifacts);
    if (f->counts) {
        KEY(b, pad, 2, "counts", false);
        counts_write(b, pad, 2, f->counts);
    }
    newline(b, pad, 1);
    PUT(b, "}");
    KEY(b, pad, 1, "message", false);
    str(b, f->message ? f->message : "");
    KEY(b, pad, 1, "responsible", false);
    str_or_null(b, f->responsible);
    KEY(b, pad, 1, "due", false);
    date(b, f->due);
    KEY(b, pad, 1, "days_left", false);
    if (f->due != QF_DATE_NONE)
        integer(b, f->days_left);
    else
        PUT(b, "null");
    KEY(b, pad, 1, "key", false);
    str_or_null(b, f->key);
    KEY(b, pad, 1, "cause", false);
    str_or_null(b, f->cause);
    KEY(b, pad, 1, "same_as", false);
    str_or_null(b, f->same_as);
    KEY(b, pad, 1, "message_ref", false);
    msg_at(b, pad, 1, f->message_msg);
    KEY(b, pad, 1, "deadline", false);
    date(b, f->deadline);
    KEY(b, pad, 1, "remind", false);
    str_or_null(b, f->remind);
    KEY(b, pad, 1, "clause_text", false);
    str_or_null(b, f->clause_text);
    KEY(b, pad, 1, "waiver", false);
    if (f->waiver_id) {
        PUT(b, "{");
        KEY(b, pad, 2, "id", true);
        integer(b, f->waiver_id);
        KEY(b, pad, 2, "reason", false);
        str(b, f->waiver_reason ? f->waiver_reason : "");
        KEY(b, pad, 2, "recorded_by", false);
        str(b, f->waiver_recorded_by ? f->waiver_recorded_by : "");
        KEY(b, pad, 2, "approved_by", false);
        str(b, f->waiver_approved_by ? f->waiver_approved_by : "");
        KEY(b, pad, 2, "from", false);
        date(b, f->waiver_from);
        KEY(b, pad, 2, "to", false);
        date(b, f->waiver_until);
        KEY(b, pad, 2, "expired", false);
        puts_(b, f->waiver_expired ? "true" : "false");
        newline(b, pad, 1);
        PUT(b, "}");
    } else {
        PUT(b, "null");
    }
    newline(b, pad, 0);
    PUT(b, "}");
}

int qf__finding_json_append(qf_buf *out, const char *sep, const qf_finding *f, int depth)
{
    size_t pad = 2 * (size_t)depth, before = out->len;
    jbuf b = {.p = out->s, .len = before, .cap = out->cap};
    puts_(&b, sep);
    size_t start = b.len;
    /* jansson leaves out a key whose value it could not make: such a finding goes its way */
    bool direct = f->standard && f->clause &&
                  (msg_writable(f->subject_msg) || msg_json_made(f->subject_msg)) &&
                  (msg_writable(f->message_msg) || msg_json_made(f->message_msg));
    if (direct) {
        write_direct(&b, pad, f);
        if (b.not_utf8 && !b.oom) { /* jansson would refuse a text: its way, from the start */
            b.len = start;
            direct = false;
        }
    }
    if (!direct) {
        /* jansson's own path, re-indented as write_nested does */
        json_t *o = qf__finding_json(f);
        if (!o)
            b.oom = true;
        else
            nested(&b, pad, 0, o);
    }
    out->s = b.p; /* grown or not, it is the caller's to free */
    out->cap = b.cap;
    out->len = b.oom ? before : b.len;
    return b.oom ? qf__oom() : QF_OK;
}
