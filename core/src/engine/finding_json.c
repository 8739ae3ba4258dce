/*
 * One finding as JSON, written straight into a buffer in the bytes jansson's
 * json_dumps(qf__finding_json(f), JSON_INDENT(2) | JSON_PRESERVE_ORDER) gives once re-indented
 * by check_output.c's write_nested: building a jansson object per finding (some thirty values,
 * each a separate allocation, then dumped and freed) was two thirds of `qufa check --format
 * json` (issue 17). The message and the subject as ids with arguments (msg.c's qf__msg_json)
 * are written directly too, unless one holds a number (jansson's own real format) or text
 * jansson refuses; attendance counts still go through jansson. A finding this writer could not
 * render byte for byte as jansson does (a string that is not valid UTF-8, which json_string
 * refuses and jansson then leaves the key out, or a missing standard or clause) goes the jansson
 * way whole. tests/core/test_finding_json.c compares the two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "engine.h"

json_t *qf__finding_json(const qf_finding *f);

typedef struct jbuf {
    char *p;
    size_t len, cap;
    bool oom;
} jbuf;

static void grow(jbuf *b, size_t more)
{
    if (b->oom || b->len + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1024;
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

static void put(jbuf *b, const char *s, size_t n)
{
    grow(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(jbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A newline and the indentation of nesting `level` inside the finding (at `pad` columns). */
static void newline(jbuf *b, size_t pad, int level)
{
    size_t n = pad + 2 * (size_t)level;
    grow(b, n + 1);
    if (b->oom)
        return;
    b->p[b->len++] = '\n';
    memset(b->p + b->len, ' ', n);
    b->len += n;
}

/* A JSON string as jansson writes it: '"', '\\' and control characters escaped, the rest (all
 * of UTF-8) as it is. */
static void str(jbuf *b, const char *s)
{
    grow(b, 2);
    if (b->oom)
        return;
    b->p[b->len++] = '"';
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(b, run, (size_t)(s - run));
        run = s + 1;
        char esc[8];
        switch (c) {
        case '"': puts_(b, "\\\""); break;
        case '\\': puts_(b, "\\\\"); break;
        case '\b': puts_(b, "\\b"); break;
        case '\f': puts_(b, "\\f"); break;
        case '\n': puts_(b, "\\n"); break;
        case '\r': puts_(b, "\\r"); break;
        case '\t': puts_(b, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            puts_(b, esc);
        }
    }
    put(b, run, (size_t)(s - run));
    put(b, "\"", 1);
}

static void str_or_null(jbuf *b, const char *s)
{
    if (s)
        str(b, s);
    else
        puts_(b, "null");
}

static void integer(jbuf *b, long long v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", v);
    put(b, num, (size_t)n);
}

static void date(jbuf *b, qf_date d)
{
    if (d == QF_DATE_NONE) {
        puts_(b, "null");
        return;
    }
    char buf[13];
    buf[0] = '"';
    qf_date_format(d, buf + 1);
    size_t n = strlen(buf);
    buf[n] = '"';
    put(b, buf, n + 1);
}

/* `"key": ` at nesting `level`, after a comma unless it is the first of its object. */
static void key(jbuf *b, size_t pad, int level, const char *k, bool first)
{
    if (!first)
        put(b, ",", 1);
    newline(b, pad, level);
    put(b, "\"", 1);
    puts_(b, k);
    put(b, "\": ", 3);
}

static void ids(jbuf *b, size_t pad, int level, const int64_t *v, size_t n)
{
    if (!n) {
        puts_(b, "[]");
        return;
    }
    put(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(b, ",", 1);
        newline(b, pad, level + 1);
        integer(b, v[i]);
    }
    newline(b, pad, level);
    put(b, "]", 1);
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

static bool text_ok(const char *s);

/* Whether qf__msg_json makes a value for `m` (it is NULL when jansson refuses a part). */
static bool msg_json_made(const qf_msg *m)
{
    json_t *j = qf__msg_json(m);
    json_decref(j);
    return j != NULL;
}

/* Whether msg_write gives qf__msg_json's bytes for `m`: no number (jansson's own real format),
 * no text json_string would refuse, nothing json_pack would fail on. */
static bool msg_writable(const qf_msg *m)
{
    if (!m)
        return true;
    if (!m->id || !text_ok(m->id) || m->n > QF_MSG_MAX_ARGS)
        return false;
    for (unsigned i = 0; i < m->n; i++) {
        const qf_marg *g = &m->a[i];
        switch (g->type) {
        case QF_MA_STR: if (!text_ok(g->u.s)) return false; break;
        case QF_MA_INT: case QF_MA_DATE: case QF_MA_DUE: break;
        case QF_MA_VOCAB:
            if (!g->u.v.vocab || !text_ok(g->u.v.vocab) || !text_ok(g->u.v.code))
                return false;
            break;
        case QF_MA_PERIOD: if (!text_ok(g->u.period)) return false; break;
        case QF_MA_PER:
            if (!qf_period_kind_name((qf_period_kind)g->u.per))
                return false;
            break;
        case QF_MA_MSG: if (!msg_writable(g->u.m)) return false; break;
        case QF_MA_LIST:
            if (!text_ok(g->u.list.sep))
                return false;
            for (size_t k = 0; k < g->u.list.n; k++)
                if (!msg_writable(g->u.list.items[k]))
                    return false;
            break;
        default: return false; /* QF_MA_NUM and anything new: jansson's */
        }
    }
    return true;
}

/* {"<k>": "<v>"} at nesting `level` */
static void one_key(jbuf *b, size_t pad, int level, const char *k, const char *v)
{
    put(b, "{", 1);
    key(b, pad, level + 1, k, true);
    str(b, v);
    newline(b, pad, level);
    put(b, "}", 1);
}

static void date_key(jbuf *b, size_t pad, int level, const char *k, qf_date d)
{
    char buf[11];
    qf_date_format(d, buf);
    one_key(b, pad, level, k, buf);
}

static void msg_write(jbuf *b, size_t pad, int level, const qf_msg *m);

/* One argument as msg.c's arg_json makes it, at nesting `level`. */
static void arg_write(jbuf *b, size_t pad, int level, const qf_marg *g)
{
    switch (g->type) {
    case QF_MA_STR: str(b, g->u.s ? g->u.s : ""); break;
    case QF_MA_INT: integer(b, g->u.i); break;
    case QF_MA_DATE: date_key(b, pad, level, "date", g->u.date); break;
    case QF_MA_DUE: date_key(b, pad, level, "due", g->u.date); break;
    case QF_MA_VOCAB:
        put(b, "{", 1);
        key(b, pad, level + 1, "vocab", true);
        str(b, g->u.v.vocab);
        key(b, pad, level + 1, "code", false);
        str(b, g->u.v.code ? g->u.v.code : "");
        newline(b, pad, level);
        put(b, "}", 1);
        break;
    case QF_MA_PERIOD: one_key(b, pad, level, "period", g->u.period ? g->u.period : ""); break;
    case QF_MA_PER:
        one_key(b, pad, level, "per", qf_period_kind_name((qf_period_kind)g->u.per));
        break;
    case QF_MA_MSG:
        put(b, "{", 1);
        key(b, pad, level + 1, "msg", true);
        msg_write(b, pad, level + 1, g->u.m);
        newline(b, pad, level);
        put(b, "}", 1);
        break;
    case QF_MA_LIST:
        put(b, "{", 1);
        key(b, pad, level + 1, "list", true);
        if (!g->u.list.n) {
            puts_(b, "[]");
        } else {
            put(b, "[", 1);
            for (size_t k = 0; k < g->u.list.n; k++) {
                if (k)
                    put(b, ",", 1);
                newline(b, pad, level + 2);
                msg_write(b, pad, level + 2, g->u.list.items[k]);
            }
            newline(b, pad, level + 1);
            put(b, "]", 1);
        }
        key(b, pad, level + 1, "sep", false);
        str(b, g->u.list.sep ? g->u.list.sep : ", ");
        newline(b, pad, level);
        put(b, "}", 1);
        break;
    default: puts_(b, "null"); break; /* not reached: msg_writable refuses it */
    }
}

/* A message as qf__msg_json gives it ({"id": …, "args": […]}, null for none). */
static void msg_write(jbuf *b, size_t pad, int level, const qf_msg *m)
{
    if (!m) {
        puts_(b, "null");
        return;
    }
    put(b, "{", 1);
    key(b, pad, level + 1, "id", true);
    str(b, m->id);
    key(b, pad, level + 1, "args", false);
    if (!m->n) {
        puts_(b, "[]");
    } else {
        put(b, "[", 1);
        for (unsigned i = 0; i < m->n; i++) {
            if (i)
                put(b, ",", 1);
            newline(b, pad, level + 2);
            arg_write(b, pad, level + 2, &m->a[i]);
        }
        newline(b, pad, level + 1);
        put(b, "]", 1);
    }
    newline(b, pad, level);
    put(b, "}", 1);
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

static bool text_ok(const char *s)
{
    return !s || qf__utf8_valid(s, strlen(s), NULL);
}

/* Whether this writer gives jansson's bytes for `f` (see the header comment). */
static bool writable(const qf_finding *f)
{
    if (!f->standard || !f->clause)
        return false;
    const char *const texts[] = {
        f->standard, f->standard_title, f->clause, f->kind, f->subject_type, f->subject,
        f->org, f->period, f->message, f->responsible, f->key, f->cause, f->same_as, f->remind,
        f->clause_text, f->waiver_reason, f->waiver_recorded_by, f->waiver_approved_by};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (!text_ok(texts[i]))
            return false;
    return true;
}

int qf__finding_json_write(char **out, size_t *len, const qf_finding *f, int depth)
{
    *out = NULL;
    *len = 0;
    size_t pad = 2 * (size_t)depth;
    jbuf b = {0};
    /* jansson leaves out a key whose value it could not make: such a finding goes its way */
    json_t *counts = NULL;
    bool direct = writable(f) &&
                  (msg_writable(f->subject_msg) || msg_json_made(f->subject_msg)) &&
                  (msg_writable(f->message_msg) || msg_json_made(f->message_msg)) &&
                  (!f->counts || (counts = qf__counts_json(f->counts)));
    if (!direct) {
        json_decref(counts);
        /* jansson's own path, re-indented as write_nested does */
        json_t *o = qf__finding_json(f);
        if (!o)
            return qf__oom();
        nested(&b, pad, 0, o);
    } else {
        put(&b, "{", 1);
        key(&b, pad, 1, "standard", true);
        str(&b, f->standard);
        key(&b, pad, 1, "standard_title", false);
        str_or_null(&b, f->standard_title);
        key(&b, pad, 1, "rev", false);
        integer(&b, f->rev);
        key(&b, pad, 1, "clause", false);
        str(&b, f->clause);
        key(&b, pad, 1, "requirement", false);
        integer(&b, f->requirement);
        key(&b, pad, 1, "kind", false);
        str(&b, f->kind ? f->kind : "");
        key(&b, pad, 1, "status", false);
        str(&b, qf_finding_status_name(f->status));
        key(&b, pad, 1, "subject", false);
        put(&b, "{", 1);
        key(&b, pad, 2, "type", true);
        str(&b, f->subject_type ? f->subject_type : "");
        key(&b, pad, 2, "id", false);
        if (f->subject_id)
            integer(&b, f->subject_id);
        else
            puts_(&b, "null");
        key(&b, pad, 2, "label", false);
        str(&b, f->subject ? f->subject : "");
        key(&b, pad, 2, "ref", false);
        msg_at(&b, pad, 2, f->subject_msg);
        newline(&b, pad, 1);
        put(&b, "}", 1);
        key(&b, pad, 1, "org", false);
        str_or_null(&b, f->org);
        key(&b, pad, 1, "period", false);
        str(&b, f->period ? f->period : "");
        key(&b, pad, 1, "period_start", false);
        date(&b, f->period_start);
        key(&b, pad, 1, "period_end", false);
        date(&b, f->period_end);
        key(&b, pad, 1, "evidence", false);
        put(&b, "{", 1);
        key(&b, pad, 2, "activities", true);
        ids(&b, pad, 2, f->activities, f->n_activities);
        key(&b, pad, 2, "artifacts", false);
        ids(&b, pad, 2, f->artifacts, f->n_artifacts);
        if (f->counts) {
            key(&b, pad, 2, "counts", false);
            nested(&b, pad, 2, counts);
        }
        newline(&b, pad, 1);
        put(&b, "}", 1);
        key(&b, pad, 1, "message", false);
        str(&b, f->message ? f->message : "");
        key(&b, pad, 1, "responsible", false);
        str_or_null(&b, f->responsible);
        key(&b, pad, 1, "due", false);
        date(&b, f->due);
        key(&b, pad, 1, "days_left", false);
        if (f->due != QF_DATE_NONE)
            integer(&b, f->days_left);
        else
            puts_(&b, "null");
        key(&b, pad, 1, "key", false);
        str_or_null(&b, f->key);
        key(&b, pad, 1, "cause", false);
        str_or_null(&b, f->cause);
        key(&b, pad, 1, "same_as", false);
        str_or_null(&b, f->same_as);
        key(&b, pad, 1, "message_ref", false);
        msg_at(&b, pad, 1, f->message_msg);
        key(&b, pad, 1, "deadline", false);
        date(&b, f->deadline);
        key(&b, pad, 1, "remind", false);
        str_or_null(&b, f->remind);
        key(&b, pad, 1, "clause_text", false);
        str_or_null(&b, f->clause_text);
        key(&b, pad, 1, "waiver", false);
        if (f->waiver_id) {
            put(&b, "{", 1);
            key(&b, pad, 2, "id", true);
            integer(&b, f->waiver_id);
            key(&b, pad, 2, "reason", false);
            str(&b, f->waiver_reason ? f->waiver_reason : "");
            key(&b, pad, 2, "recorded_by", false);
            str(&b, f->waiver_recorded_by ? f->waiver_recorded_by : "");
            key(&b, pad, 2, "approved_by", false);
            str(&b, f->waiver_approved_by ? f->waiver_approved_by : "");
            key(&b, pad, 2, "from", false);
            date(&b, f->waiver_from);
            key(&b, pad, 2, "to", false);
            date(&b, f->waiver_until);
            key(&b, pad, 2, "expired", false);
            puts_(&b, f->waiver_expired ? "true" : "false");
            newline(&b, pad, 1);
            put(&b, "}", 1);
        } else {
            puts_(&b, "null");
        }
        newline(&b, pad, 0);
        put(&b, "}", 1);
    }
    if (b.oom) {
        free(b.p);
        return qf__oom();
    }
    *out = b.p;
    *len = b.len;
    return QF_OK;
}
