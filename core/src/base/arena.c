#include <stdlib.h>
#include <string.h>
#include "arena.h"

#define CHUNK_MIN (64 * 1024)

struct qf_arena_chunk {
    qf_arena_chunk *next;
    size_t size, used;
    max_align_t data[]; /* aligned for any value */
};

static void free_chunks(qf_arena_chunk *c)
{
    for (qf_arena_chunk *next; c; c = next) {
        next = c->next;
        free(c);
    }
}

void *qf__arena_alloc(qf_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    qf_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        /* a spare chunk that fits, else a new one */
        qf_arena_chunk **s = &a->spare;
        while (*s && (*s)->size < n)
            s = &(*s)->next;
        if (*s) {
            c = *s;
            *s = c->next;
        } else {
            size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
            c = malloc(sizeof *c + cap);
            if (!c)
                return NULL;
            c->size = cap;
        }
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
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

void qf__arena_reset(qf_arena *a)
{
    qf_arena_chunk *c = a->head;
    while (c && c->next) {
        qf_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    if (c)
        c->used = 0;
    a->head = c;
    free_chunks(a->spare);
    a->spare = NULL;
}

void qf__arena_rewind(qf_arena *a)
{
    qf_arena_chunk *c = a->head;
    while (c) {
        qf_arena_chunk *next = c->next;
        c->used = 0;
        c->next = a->spare;
        a->spare = c;
        c = next;
    }
    a->head = NULL;
}

void qf__arena_free(qf_arena *a)
{
    free_chunks(a->head);
    free_chunks(a->spare);
    a->head = NULL;
    a->spare = NULL;
}
