/* A bump allocator for data that lives and dies together (a check result, a snapshot, the
 * rows of a report table). */
#ifndef QUFA_ARENA_H
#define QUFA_ARENA_H

#include <stddef.h>

typedef struct qf_arena_chunk qf_arena_chunk;
typedef struct qf_arena {
    qf_arena_chunk *head;
    qf_arena_chunk *spare; /* emptied by qf__arena_rewind, used again before malloc */
} qf_arena;

void *qf__arena_alloc(qf_arena *a, size_t n);
char *qf__arena_strdup(qf_arena *a, const char *s); /* NULL stays NULL */
/* The n bytes at s (not NUL-terminated: a parser's borrowed text) as a string. */
char *qf__arena_strndup(qf_arena *a, const char *s, size_t n);
/* Frees all but the oldest chunk, which is emptied for reuse (one row at a time). */
void qf__arena_reset(qf_arena *a);
/* Empties every chunk and keeps them all for the next allocations: for an arena filled and
 * emptied over and over (a streamed check's branch), where giving the memory back to the
 * system and faulting it in again cost a tenth of the run. */
void qf__arena_rewind(qf_arena *a);
void qf__arena_free(qf_arena *a);

#endif
