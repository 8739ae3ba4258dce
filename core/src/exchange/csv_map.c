/* Containers for import and export: a string -> int64 hash map (names and codes to table
 * indices, so resolving a name costs no query) and a growable string. */
#include <stdlib.h>
#include <string.h>
#include "csvio.h"

/* FNV-1a: short keys (names, codes), no adversary to defend against beyond a slow import */
static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static int grow(qf_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = calloc(cap, sizeof *keys);
    int64_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return qf__oom();
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash(m->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return QF_OK;
}

int64_t *qf__strmap_slot(qf_strmap *m, const char *key, bool *created)
{
    *created = false;
    /* at most half full: probes stay short */
    if ((m->n + 1) * 2 > m->cap && grow(m) != QF_OK)
        return NULL;
    size_t j = hash(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0)
            return &m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = 0;
    m->n++;
    *created = true;
    return &m->vals[j];
}

const int64_t *qf__strmap_get(const qf_strmap *m, const char *key)
{
    if (!m->cap || !key)
        return NULL;
    size_t j = hash(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0)
            return &m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

void qf__strmap_free(qf_strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

int qf__buf_add(qf_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return qf__oom();
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return QF_OK;
}

int qf__buf_puts(qf_buf *b, const char *s)
{
    return qf__buf_add(b, s ? s : "", s ? strlen(s) : 0);
}

void qf__buf_clear(qf_buf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

void qf__buf_free(qf_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
