#include "fphash.h"
#include <xxhash.h>

void qf__fphash_init(qf_fphash *h)
{
    h->lo = h->hi = 0;
    h->n = 0;
    h->len = 0;
}

static void chain(qf_fphash *h, const void *data, size_t len)
{
    /* the state so far is the seed of the next block */
    XXH128_hash_t x = XXH3_128bits_withSeed(data, len, h->lo ^ (h->hi * 0x9e3779b97f4a7c15ull));
    h->lo = x.low64;
    h->hi = x.high64;
}

void qf__fphash_fold(qf_fphash *h)
{
    if (h->len) {
        chain(h, h->buf, h->len);
        h->len = 0;
    }
}

void qf__fphash_long(qf_fphash *h, const void *data, size_t len)
{
    unsigned char frame[4];
    qf__fp_put_le(frame, (uint64_t)len, 4);
    qf__fphash_fold(h);
    chain(h, frame, 4);
    chain(h, data, len);
}

void qf__fphash_digest(const qf_fphash *h, unsigned char out[24])
{
    qf_fphash c = *h;
    qf__fphash_fold(&c);
    qf__fp_put_le(out, c.lo, 8);
    qf__fp_put_le(out + 8, c.hi, 8);
    qf__fp_put_le(out + 16, c.n, 8);
}

void qf__fphash_add(qf_fphash *sum, const qf_fphash *h)
{
    qf_fphash c = *h;
    qf__fphash_fold(&c);
    /* one more round so a digest never enters the sum as it is */
    unsigned char d[24];
    qf__fphash_digest(&c, d);
    XXH128_hash_t x = XXH3_128bits(d, sizeof d);
    sum->lo += x.low64;
    sum->hi += x.high64;
    sum->n++;
}
