#include "fphash.h"
#include <string.h>

#define M1 0x9e3779b97f4a7c15ull
#define M2 0xc2b2ae3d27d4eb4full

static inline uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline void mix(qf_fphash *h, uint64_t w)
{
    h->a = rotl(h->a ^ (w * M1), 31) * M2;
    h->b = rotl(h->b + (w ^ (h->a >> 17)), 27) * M1 + 0x52dce729;
}

void qf__fphash_init(qf_fphash *h)
{
    h->a = 0x243f6a8885a308d3ull;
    h->b = 0x13198a2e03707344ull;
    h->n = 0;
}

void qf__fphash_update(qf_fphash *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    mix(h, (uint64_t)len ^ (h->n++ << 32));
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        mix(h, w);
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        mix(h, w ^ ((uint64_t)len << 56));
    }
}

/* splitmix64's finalizer: every input bit reaches every output bit before the sum */
static uint64_t avalanche(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

void qf__fphash_add(qf_fphash *sum, const qf_fphash *h)
{
    sum->a += avalanche(h->a ^ h->n);
    sum->b += avalanche(h->b + h->n);
    sum->n++;
}
