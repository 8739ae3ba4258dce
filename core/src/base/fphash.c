#include "fphash.h"
#include <string.h>

void qf__fphash_init(qf_fphash *h)
{
    h->a = 0x243f6a8885a308d3ull;
    h->b = 0x13198a2e03707344ull;
    h->n = 0;
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
