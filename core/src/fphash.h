/* A fast, non-cryptographic 128-bit running hash for fingerprints: whether the inputs of a
 * check changed. SHA-256 over every row read cost a fifth of a whole-database check; this costs
 * about a cycle per byte. The final fingerprint is still a SHA-256 (over this state). */
#ifndef QUFA_FPHASH_H
#define QUFA_FPHASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct qf_fphash {
    uint64_t a, b;
    uint64_t n;
} qf_fphash;

void qf__fphash_init(qf_fphash *h);
/* Each call is one field: its length is mixed in, so ("ab","c") differs from ("a","bc"). */
void qf__fphash_update(qf_fphash *h, const void *data, size_t len);

/* Adds a finished hash into a sum (start from all zeros): the sum of a set of hashes is the
 * same in any order, for fingerprints of rows whose order does not matter. */
void qf__fphash_add(qf_fphash *sum, const qf_fphash *h);

#endif
