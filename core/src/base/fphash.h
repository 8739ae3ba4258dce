/* The running hash of a check's inputs (its fingerprint: whether they changed). Fields are
 * framed (a 4-byte length, little-endian, then the bytes; integers as 8 bytes little-endian),
 * gathered in a small buffer and folded with XXH3-128 (Debian's libxxhash): the same inputs give
 * the same fingerprint on every machine, whatever its byte order. SHA-256 over every row read
 * cost a fifth of a whole-database check; this costs about a cycle per byte. The fingerprint a
 * user sees is a SHA-256 over this hash's digest. */
#ifndef QUFA_FPHASH_H
#define QUFA_FPHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct qf_fphash {
    uint64_t lo, hi;          /* folded so far (for a sum: the sum of the digests added) */
    uint64_t n;               /* fields hashed (or digests added) */
    size_t len;               /* bytes waiting in buf */
    unsigned char buf[240];
} qf_fphash;

void qf__fphash_init(qf_fphash *h);
/* Hashes what is waiting in the buffer into lo/hi (internal to the inline functions). */
void qf__fphash_fold(qf_fphash *h);
/* A field too long for the buffer, hashed on its own and chained. */
void qf__fphash_long(qf_fphash *h, const void *data, size_t len);

static inline void qf__fp_put_le(unsigned char *p, uint64_t v, int bytes)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* the same bytes in one store: the loop below was kept byte by byte by the compiler, and
     * it runs for every column of every row the check reads (a twentieth of its loading) */
    memcpy(p, &v, (size_t)bytes);
#else
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
#endif
}

/* One field of bytes: ("ab","c") and ("a","bc") differ. Inline: the snapshot calls it for
 * every column of every row. */
static inline void qf__fphash_bytes(qf_fphash *h, const void *data, size_t len)
{
    h->n++;
    if (len + 4 > sizeof h->buf) {
        qf__fphash_long(h, data, len);
        return;
    }
    if (h->len + len + 4 > sizeof h->buf)
        qf__fphash_fold(h);
    qf__fp_put_le(h->buf + h->len, (uint64_t)len, 4);
    if (len)
        memcpy(h->buf + h->len + 4, data, len);
    h->len += len + 4;
}

/* One field: an integer. */
static inline void qf__fphash_int(qf_fphash *h, int64_t v)
{
    unsigned char b[8];
    qf__fp_put_le(b, (uint64_t)v, 8);
    qf__fphash_bytes(h, b, 8);
}

/* The hash's 16 bytes (lo, hi little-endian) and its field count, as 24 bytes. */
void qf__fphash_digest(const qf_fphash *h, unsigned char out[24]);
/* Adds a finished hash into a sum (start from qf__fphash_init): the sum of a set of hashes is
 * the same in any order, for the rows of a table whose order does not matter. */
void qf__fphash_add(qf_fphash *sum, const qf_fphash *h);

#endif
