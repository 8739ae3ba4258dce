/* SQL written once for both dialects, as PostgreSQL takes it (see stmt.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "pg.h"

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static bool put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return false;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

/* Whether `word` (upper case) starts at s, as a whole word. */
static bool keyword(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)s[i]) != word[i])
            return false;
    return !isalnum((unsigned char)s[n]) && s[n] != '_';
}

static const char *skip_space(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* "INSERT INTO name" at the start of the statement: the table's name (unquoted). */
static bool insert_target(const char *sql, const char **name, size_t *len)
{
    const char *s = skip_space(sql);
    if (!keyword(s, "INSERT"))
        return false;
    s = skip_space(s + 6);
    if (!keyword(s, "INTO"))
        return false;
    s = skip_space(s + 4);
    bool quoted = *s == '"';
    if (quoted)
        s++;
    const char *start = s;
    while (isalnum((unsigned char)*s) || *s == '_')
        s++;
    if (s == start || (quoted && *s != '"'))
        return false;
    *name = start;
    *len = (size_t)(s - start);
    return true;
}

char *qf__pg_translate(const qf_pgconn *c, const char *sql, int *nparams, bool *returning_id)
{
    buf b = {NULL, 0, 0};
    int next = 0, highest = 0;
    bool has_returning = false;
    const char *s = sql;
    if (!put(&b, "", 0))
        return NULL;
    while (*s) {
        const char *start = s;
        if (*s == '\'' || *s == '"') { /* a literal or a quoted name, doubled quotes inside */
            char q = *s++;
            while (*s && !(*s == q && s[1] != q))
                s += *s == q ? 2 : 1;
            if (*s)
                s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            s = end ? end + 2 : s + strlen(s);
        } else if (*s == '?') {
            s++;
            int n = 0;
            if (isdigit((unsigned char)*s)) {
                while (isdigit((unsigned char)*s))
                    n = n * 10 + (*s++ - '0');
            } else {
                n = ++next;
            }
            if (n > highest)
                highest = n;
            char num[16];
            int len = snprintf(num, sizeof num, "$%d", n);
            if (!put(&b, num, (size_t)len)) {
                free(b.p);
                return NULL;
            }
            continue;
        } else if (keyword(s, "COLLATE") && keyword(skip_space(s + 7), "QF_STROKES")) {
            /* "X COLLATE QF_STROKES" -> "qf_strokes_key(X)" (pg_strokes.c): X is the name
             * (a column, maybe qualified) written just before */
            size_t end = b.len;
            while (end > 0 && isspace((unsigned char)b.p[end - 1]))
                end--;
            size_t from = end;
            while (from > 0 && (isalnum((unsigned char)b.p[from - 1]) || b.p[from - 1] == '_' ||
                                b.p[from - 1] == '.' || b.p[from - 1] == '"'))
                from--;
            char *operand = strndup(b.p + from, end - from);
            b.len = from;
            bool ok = operand && put(&b, "qf_strokes_key(", 15) &&
                      put(&b, operand, strlen(operand)) && put(&b, ")", 1);
            free(operand);
            if (!ok) {
                free(b.p);
                return NULL;
            }
            s = skip_space(s + 7) + 10;
            continue;
        } else if ((isalpha((unsigned char)*s) || *s == '_')) {
            if (keyword(s, "RETURNING"))
                has_returning = true;
            while (isalnum((unsigned char)*s) || *s == '_')
                s++;
        } else {
            s++;
        }
        if (!put(&b, start, (size_t)(s - start))) {
            free(b.p);
            return NULL;
        }
    }
    const char *name;
    size_t len;
    *returning_id = false;
    if (!has_returning && insert_target(sql, &name, &len) && qf__pg_has_id(c, name, len)) {
        /* drop a final ';' first: RETURNING must be part of the statement */
        while (b.len > 0 && (isspace((unsigned char)b.p[b.len - 1]) || b.p[b.len - 1] == ';'))
            b.p[--b.len] = '\0';
        if (!put(&b, " RETURNING id", 13)) {
            free(b.p);
            return NULL;
        }
        *returning_id = true;
    }
    *nparams = highest;
    return b.p;
}

bool qf__pg_param_used(const char *text, int n)
{
    for (const char *p = strchr(text, '$'); p; p = strchr(p + 1, '$')) {
        int v = 0;
        const char *q = p + 1;
        while (isdigit((unsigned char)*q))
            v = v * 10 + (*q++ - '0');
        if (q > p + 1 && v == n)
            return true;
    }
    return false;
}
