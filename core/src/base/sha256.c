/* SHA-256 for content addressing and the audit chain: Nettle's (Debian's nettle is built
 * "fat": it picks the CPU's SHA extensions at run time, so no probe of our own is needed). */
#include <string.h>
#include "internal.h"

void qf__sha256_init(qf_sha256_ctx *c)
{
    sha256_init(&c->n);
}

void qf__sha256_update(qf_sha256_ctx *c, const void *data, size_t len)
{
    if (len)
        sha256_update(&c->n, len, data);
}

void qf__sha256_final(qf_sha256_ctx *c, unsigned char out[32])
{
    sha256_digest(&c->n, SHA256_DIGEST_SIZE, out);
}

void qf__hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

void qf_sha256_hex(const void *data, size_t len, char hex_out[65])
{
    qf_sha256_ctx c;
    unsigned char d[32];
    qf__sha256_init(&c);
    qf__sha256_update(&c, data, len);
    qf__sha256_final(&c, d);
    qf__hex(d, 32, hex_out);
}
