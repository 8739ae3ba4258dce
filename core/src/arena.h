/* A bump allocator for data that lives and dies together (a check result, a snapshot). */
#ifndef QUFA_ARENA_H
#define QUFA_ARENA_H

#include <stddef.h>

typedef struct qf_arena_chunk qf_arena_chunk;
typedef struct qf_arena {
    qf_arena_chunk *head;
    size_t used, cap;
    size_t total;
} qf_arena;

void *qf__arena_alloc(qf_arena *a, size_t n);
char *qf__arena_strdup(qf_arena *a, const char *s); /* NULL stays NULL */
void qf__arena_free(qf_arena *a);

#endif
