/*
 * qf__fmt: snprintf for the engine's messages, without the C library's general machinery.
 *
 * A check formats a message, a subject and a period code for every finding (123,000 findings
 * in a 1,000-branch deployment), mostly from translated formats with numbered arguments
 * ("%1$s %2$s开展%3$zu次"). glibc's snprintf spent 11% of a whole check's instructions there,
 * numbered arguments taking its slow path. This handles what those formats use — %s (with a
 * precision), %d, %ld, %lld, %zu (with a width and the 0 flag), %% and numbered arguments —
 * and hands anything else (%g, %f, %c, %p, %*, %n, …) to vsnprintf, so the output is always
 * what snprintf would give.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

#define MAX_ARGS 9

enum arg_type { T_NONE, T_INT, T_LONG, T_LLONG, T_SIZE, T_STR };

typedef struct spec {
    int arg;       /* 0-based argument */
    bool zero;     /* 0 flag */
    int width;     /* -1: none */
    int precision; /* -1: none */
    enum arg_type type;
} spec;

/* Parses the conversion after '%' at *p; false for anything not handled here. */
static bool parse_spec(const char **p, int *next, spec *s)
{
    const char *c = *p;
    int n = 0;
    const char *d = c;
    while (*d >= '0' && *d <= '9')
        n = n * 10 + (*d++ - '0');
    if (*d == '$' && d > c && n >= 1 && n <= MAX_ARGS) {
        s->arg = n - 1;
        c = d + 1;
    } else {
        s->arg = (*next)++;
    }
    s->zero = false;
    s->width = s->precision = -1;
    if (*c == '0') {
        s->zero = true;
        c++;
    }
    if (*c >= '1' && *c <= '9') {
        s->width = 0;
        while (*c >= '0' && *c <= '9' && s->width < 1000)
            s->width = s->width * 10 + (*c++ - '0');
    }
    if (*c == '.') {
        c++;
        s->precision = 0;
        while (*c >= '0' && *c <= '9' && s->precision < 100000)
            s->precision = s->precision * 10 + (*c++ - '0');
    }
    if (c[0] == 's')
        s->type = T_STR, c += 1;
    else if (c[0] == 'd')
        s->type = T_INT, c += 1;
    else if (c[0] == 'l' && c[1] == 'd')
        s->type = T_LONG, c += 2;
    else if (c[0] == 'l' && c[1] == 'l' && c[2] == 'd')
        s->type = T_LLONG, c += 3;
    else if (c[0] == 'z' && c[1] == 'u')
        s->type = T_SIZE, c += 2;
    else
        return false;
    if (s->type == T_STR ? s->zero || s->width >= 0 : s->precision >= 0)
        return false;
    *p = c;
    return s->arg < MAX_ARGS;
}

typedef struct out {
    char *buf;
    size_t size, len; /* len counts what would be written */
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void put_int(out *o, const spec *s, bool negative, unsigned long long v)
{
    char digits[24];
    int n = (int)(digits + sizeof digits - qf__put_udecimal(digits + sizeof digits, v));
    int len = n + (negative ? 1 : 0);
    int pad = s->width > len ? s->width - len : 0;
    for (; pad > 0 && !s->zero; pad--)
        put(o, " ", 1);
    if (negative)
        put(o, "-", 1);
    for (; pad > 0; pad--)
        put(o, "0", 1);
    put(o, digits + sizeof digits - n, (size_t)n);
}

typedef union value {
    long long i;
    size_t z;
    const char *s;
} value;

static int fallback(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

int qf__fmt(char *buf, size_t size, const char *fmt, ...)
{
    /* first pass: the type of every argument, or the C library for what is not handled */
    enum arg_type types[MAX_ARGS] = {T_NONE};
    int next = 0, max = 0;
    bool numbered = false, sequential = false;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *q = p + 1;
        spec s;
        bool had_dollar = *q >= '1' && *q <= '9' && q[1] == '$';
        if (!parse_spec(&q, &next, &s) || (types[s.arg] != T_NONE && types[s.arg] != s.type)) {
            va_list ap;
            va_start(ap, fmt);
            int r = fallback(buf, size, fmt, ap);
            va_end(ap);
            return r;
        }
        numbered |= had_dollar;
        sequential |= !had_dollar;
        types[s.arg] = s.type;
        if (s.arg + 1 > max)
            max = s.arg + 1;
        p = q - 1;
    }
    bool gap = false;
    for (int i = 0; i < max; i++)
        gap |= types[i] == T_NONE;
    if ((numbered && sequential) || gap) {
        va_list ap;
        va_start(ap, fmt);
        int r = fallback(buf, size, fmt, ap);
        va_end(ap);
        return r;
    }
    value v[MAX_ARGS];
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; i < max; i++) {
        switch (types[i]) {
        case T_INT:
            v[i].i = va_arg(ap, int);
            break;
        case T_LONG:
            v[i].i = va_arg(ap, long);
            break;
        case T_LLONG:
            v[i].i = va_arg(ap, long long);
            break;
        case T_SIZE:
            v[i].z = va_arg(ap, size_t);
            break;
        default:
            v[i].s = va_arg(ap, const char *);
            break;
        }
    }
    va_end(ap);
    /* second pass: the text */
    out o = {buf, size, 0};
    next = 0;
    const char *p = fmt;
    while (*p) {
        const char *pc = strchr(p, '%');
        if (!pc) {
            put(&o, p, strlen(p));
            break;
        }
        put(&o, p, (size_t)(pc - p));
        if (pc[1] == '%') {
            put(&o, "%", 1);
            p = pc + 2;
            continue;
        }
        const char *q = pc + 1;
        spec s;
        parse_spec(&q, &next, &s); /* accepted by the first pass */
        const value *a = &v[s.arg];
        if (s.type == T_STR) {
            const char *str = a->s ? a->s : "(null)";
            size_t n = s.precision >= 0 ? strnlen(str, (size_t)s.precision) : strlen(str);
            put(&o, str, n);
        } else if (s.type == T_SIZE) {
            put_int(&o, &s, false, a->z);
        } else {
            put_int(&o, &s, a->i < 0, a->i < 0 ? 0ULL - (unsigned long long)a->i
                                               : (unsigned long long)a->i);
        }
        p = q;
    }
    if (size)
        o.buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT32_MAX ? -1 : (int)o.len;
}
