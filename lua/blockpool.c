/* Free lists of small blocks for a Lua state's allocator (see blockpool.h). */
#include "blockpool.h"
#include <stdlib.h>
#include <string.h>

#define POOLED(n) (QL_POOL_ON && (n) <= QL_POOL_MAX)

/* The class of a pooled size, and the size its blocks really have. */
static size_t class_of(size_t n)
{
    return (n + 15) / 16 - 1;
}

static size_t class_size(size_t n)
{
    return (class_of(n) + 1) * 16;
}

void *ql_pool_alloc(ql_pool *p, size_t n)
{
    if (!POOLED(n))
        return malloc(n);
    size_t c = class_of(n);
    void *b = p->free[c];
    if (b) {
        memcpy(&p->free[c], b, sizeof b); /* the next block is stored in the block */
        p->cached -= class_size(n);
        return b;
    }
    return malloc(class_size(n));
}

void ql_pool_release(ql_pool *p, void *ptr, size_t n)
{
    if (!ptr)
        return;
    if (!POOLED(n) || p->cached + class_size(n) > QL_POOL_CACHE) {
        free(ptr);
        return;
    }
    size_t c = class_of(n);
    memcpy(ptr, &p->free[c], sizeof ptr);
    p->free[c] = ptr;
    p->cached += class_size(n);
}

void *ql_pool_resize(ql_pool *p, void *ptr, size_t osize, size_t nsize)
{
    if (!POOLED(osize) && !POOLED(nsize))
        return realloc(ptr, nsize);
    if (POOLED(osize) && nsize <= osize)
        return ptr; /* its class size still covers nsize, and covers class_size(nsize) */
    if (!POOLED(osize)) {
        /* a large block shrinking into a class: it must hold the class size from now on */
        void *q = realloc(ptr, class_size(nsize));
        return q ? q : ptr;
    }
    if (POOLED(nsize) && class_of(nsize) == class_of(osize))
        return ptr;
    void *q = ql_pool_alloc(p, nsize);
    if (!q)
        return NULL;
    memcpy(q, ptr, osize < nsize ? osize : nsize);
    ql_pool_release(p, ptr, osize);
    return q;
}

void ql_pool_clear(ql_pool *p)
{
    for (size_t c = 0; c < QL_POOL_CLASSES; c++) {
        void *b = p->free[c];
        while (b) {
            void *next;
            memcpy(&next, b, sizeof next);
            free(b);
            b = next;
        }
        p->free[c] = NULL;
    }
    p->cached = 0;
}
