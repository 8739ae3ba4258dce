#include <stdlib.h>
#include <string.h>
#include "arena.h"

struct qf_arena_chunk {
    qf_arena_chunk *next;
    max_align_t data[];
};

void *qf__arena_alloc(qf_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!a->head || a->used + n > a->cap) {
        size_t cap = n > 65536 ? n : 65536;
        qf_arena_chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = cap;
        a->total += cap;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += n;
    return p;
}

char *qf__arena_strdup(qf_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = qf__arena_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void qf__arena_free(qf_arena *a)
{
    for (qf_arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    memset(a, 0, sizeof *a);
}
