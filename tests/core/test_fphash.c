/*
 * The fingerprint's framing is fixed bytes (base/fphash.h): a 4-byte little-endian length
 * before each field, integers as 8 bytes little-endian, whatever the machine. Fingerprints are
 * saved with assessments and compared by later checks, so the bytes must never change: these
 * tests frame the fields by hand, byte by byte, and hash them with XXH3 directly.
 */
#include <stdint.h>
#include <string.h>
#include <xxhash.h>
#include "fixture.h"
#include "fphash.h"

typedef struct frame {
    unsigned char b[240];
    size_t n;
} frame;

static void put(frame *f, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        f->b[f->n++] = (unsigned char)(v >> (8 * i));
}

static void field(frame *f, const void *data, size_t len)
{
    put(f, len, 4);
    memcpy(f->b + f->n, data, len);
    f->n += len;
}

static void int_field(frame *f, int64_t v)
{
    put(f, 8, 4);
    put(f, (uint64_t)v, 8);
}

/* The row the snapshot would hash for (id, text, NULL, negative). */
static void row(qf_fphash *h, frame *f, int64_t id, const char *text)
{
    qf__fphash_int(h, id);
    int_field(f, id);
    qf__fphash_bytes(h, text, strlen(text));
    field(f, text, strlen(text));
    qf__fphash_int(h, INT64_MIN);
    int_field(f, INT64_MIN);
    qf__fphash_int(h, -2);
    int_field(f, -2);
}

static void digest_of(const frame *f, uint64_t fields, unsigned char out[24])
{
    XXH128_hash_t x = XXH3_128bits_withSeed(f->b, f->n, 0);
    frame d = {{0}, 0};
    put(&d, x.low64, 8);
    put(&d, x.high64, 8);
    put(&d, fields, 8);
    memcpy(out, d.b, 24);
}

static void fphash__fields_framed_little_endian(void **state)
{
    (void)state;
    qf_fphash h;
    qf__fphash_init(&h);
    frame f = {{0}, 0};
    row(&h, &f, 0x0102030405060708LL, "支部党员大会");
    row(&h, &f, 7, "");
    unsigned char got[24], want[24];
    qf__fphash_digest(&h, got);
    digest_of(&f, 8, want);
    assert_memory_equal(got, want, 24);
}

/* A sum of row hashes: each row's digest hashed once more, the halves added. */
static void fphash__sum_of_rows(void **state)
{
    (void)state;
    qf_fphash sum, h;
    qf__fphash_init(&sum);
    uint64_t lo = 0, hi = 0;
    const char *texts[] = {"present", "absent", "关于召开支部党员大会的通知"};
    for (int i = 0; i < 3; i++) {
        qf__fphash_init(&h);
        frame f = {{0}, 0};
        row(&h, &f, 1000 + i, texts[i]);
        qf__fphash_add(&sum, &h);
        unsigned char d[24];
        digest_of(&f, 4, d);
        XXH128_hash_t x = XXH3_128bits(d, sizeof d);
        lo += x.low64;
        hi += x.high64;
    }
    frame want = {{0}, 0};
    put(&want, lo, 8);
    put(&want, hi, 8);
    put(&want, 3, 8);
    unsigned char got[24];
    qf__fphash_digest(&sum, got); /* nothing waits in a sum's buffer: its state as it is */
    assert_memory_equal(got, want.b, 24);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fphash__fields_framed_little_endian),
        cmocka_unit_test(fphash__sum_of_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
