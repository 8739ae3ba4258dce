/* A fast, non-cryptographic 128-bit running hash for fingerprints: whether the inputs of a
 * check changed. SHA-256 over every row read cost a fifth of a whole-database check; this costs
 * about a cycle per byte. The final fingerprint is still a SHA-256 (over this state). */
#ifndef QUFA_FPHASH_H
#define QUFA_FPHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct qf_fphash {
    uint64_t a, b;
    uint64_t n;
} qf_fphash;

void qf__fphash_init(qf_fphash *h);

#define QF__FP_M1 0x9e3779b97f4a7c15ull
#define QF__FP_M2 0xc2b2ae3d27d4eb4full

static inline uint64_t qf__fp_rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline void qf__fp_mix(qf_fphash *h, uint64_t w)
{
    h->a = qf__fp_rotl(h->a ^ (w * QF__FP_M1), 31) * QF__FP_M2;
    h->b = qf__fp_rotl(h->b + (w ^ (h->a >> 17)), 27) * QF__FP_M1 + 0x52dce729;
}

/* Each call is one field: its length is mixed in, so ("ab","c") differs from ("a","bc").
 * Inline: the snapshot calls it for every column of every row (a call cost as much as the
 * hashing of a short field). */
static inline void qf__fphash_update(qf_fphash *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    qf__fp_mix(h, (uint64_t)len ^ (h->n++ << 32));
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        qf__fp_mix(h, w);
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        qf__fp_mix(h, w ^ ((uint64_t)len << 56));
    }
}

/* Adds a finished hash into a sum (start from all zeros): the sum of a set of hashes is the
 * same in any order, for fingerprints of rows whose order does not matter. */
void qf__fphash_add(qf_fphash *sum, const qf_fphash *h);

#endif
