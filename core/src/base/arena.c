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

/* n bytes at the next multiple of `align` (a power of two) in the newest chunk, or at the
 * start of a spare or new one. */
static void *take(qf_arena *a, size_t n, size_t align)
{
    qf_arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < n) {
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
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    c->used = at + n;
    return (char *)c->data + at;
}

void *qf__arena_alloc(qf_arena *a, size_t n)
{
    return take(a, n, sizeof(max_align_t));
}

/* Strings are packed byte to byte: rounded up to max_align_t like everything else, the texts
 * of a reminder run's findings and reminders took a fifth more memory than they hold. */
char *qf__arena_strdup(qf_arena *a, const char *s)
{
    return s ? qf__arena_strndup(a, s, strlen(s)) : NULL;
}

char *qf__arena_strndup(qf_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
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
