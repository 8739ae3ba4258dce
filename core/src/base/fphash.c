#include "fphash.h"
/* XXH3 compiled in here from Debian's header (the same algorithm and version as the library,
 * so the same digests): the snapshot hashes every row it reads with two short XXH3 calls, and
 * the calls through the shared library, unable to specialise for a 24-byte input, were a
 * quarter of that. tests/core/test_fphash.c holds the digests against the library's. */
#define XXH_INLINE_ALL
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

/* The folded state of `h` without copying it (the snapshot adds a hash for every row read,
 * and two copies of the 264-byte state per row were a percent of a check). */
static void folded(const qf_fphash *h, uint64_t *lo, uint64_t *hi)
{
    *lo = h->lo;
    *hi = h->hi;
    if (h->len) {
        uint64_t seed = *lo ^ (*hi * 0x9e3779b97f4a7c15ull); /* as chain() does */
        XXH128_hash_t x = XXH3_128bits_withSeed(h->buf, h->len, seed);
        *lo = x.low64;
        *hi = x.high64;
    }
}

void qf__fphash_digest(const qf_fphash *h, unsigned char out[24])
{
    uint64_t lo, hi;
    folded(h, &lo, &hi);
    qf__fp_put_le(out, lo, 8);
    qf__fp_put_le(out + 8, hi, 8);
    qf__fp_put_le(out + 16, h->n, 8);
}

void qf__fphash_add(qf_fphash *sum, const qf_fphash *h)
{
    /* one more round so a digest never enters the sum as it is */
    unsigned char d[24];
    qf__fphash_digest(h, d);
    XXH128_hash_t x = XXH3_128bits(d, sizeof d);
    sum->lo += x.low64;
    sum->hi += x.high64;
    sum->n++;
}
