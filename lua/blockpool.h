/*
 * Free lists of small blocks for a Lua state's allocator (lua/sandbox.c).
 *
 * Lua allocates and frees small blocks at a high rate: iterating activities makes a record
 * table, its hash part and its attrs table per row, and they die young. Through malloc and free
 * that cost a tenth of the iteration (about 1,000 instructions a row, measured); kept in a list
 * per size class it costs a few dozen. Blocks up to QL_POOL_MAX bytes are rounded up to a
 * multiple of 16 and kept, at most QL_POOL_CACHE bytes in all; larger ones go to malloc. Lua
 * always says a block's size when it frees or resizes it, so no header is needed. Under
 * AddressSanitizer the lists are off, so a use after free still shows.
 */
#ifndef QL_BLOCKPOOL_H
#define QL_BLOCKPOOL_H

#include <stddef.h>

#define QL_POOL_MAX 512
#define QL_POOL_CLASSES (QL_POOL_MAX / 16)
#define QL_POOL_CACHE (1u << 20)
#if defined(__SANITIZE_ADDRESS__)
#define QL_POOL_ON 0
#else
#define QL_POOL_ON 1
#endif

typedef struct ql_pool {
    void *free[QL_POOL_CLASSES];
    size_t cached; /* bytes on the lists */
} ql_pool;

/* A block of at least n (> 0) bytes, or NULL. */
void *ql_pool_alloc(ql_pool *p, size_t n);
/* Gives back a block of n bytes (NULL is ignored). */
void ql_pool_release(ql_pool *p, void *ptr, size_t n);
/* The block resized from osize to nsize (> 0) bytes, contents kept; NULL (and the block
 * untouched) when it cannot grow. Shrinking never fails. */
void *ql_pool_resize(ql_pool *p, void *ptr, size_t osize, size_t nsize);
/* Frees every block on the lists. */
void ql_pool_clear(ql_pool *p);

#endif
