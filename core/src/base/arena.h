/* A bump allocator for data that lives and dies together (a check result, a snapshot, the
 * rows of a report table). */
#ifndef QUFA_ARENA_H
#define QUFA_ARENA_H

#include <stddef.h>

typedef struct qf_arena_chunk qf_arena_chunk;
typedef struct qf_arena {
    qf_arena_chunk *head;
} qf_arena;

void *qf__arena_alloc(qf_arena *a, size_t n);
char *qf__arena_strdup(qf_arena *a, const char *s); /* NULL stays NULL */
/* Frees all but the oldest chunk, which is emptied for reuse (one row at a time). */
void qf__arena_reset(qf_arena *a);
void qf__arena_free(qf_arena *a);

#endif
