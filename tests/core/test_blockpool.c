/* The Lua allocator's free lists (lua/blockpool.c): blocks keep their contents through resizes
 * in every direction, a block given back is handed out again for its class, and the lists stay
 * within their byte cap. Run under valgrind too (valgrind.test_blockpool), which sees any
 * block used beyond what was allocated for it. */
#include <string.h>
#include "blockpool.h"
#include "fixture.h"

static void fill(unsigned char *b, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(seed + i);
}

static void same(const unsigned char *b, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(b[i], (unsigned char)(seed + i));
}

static void blockpool__resizes_keep_contents_in_every_direction(void **state)
{
    (void)state;
    ql_pool p = {0};
    /* small -> same class, bigger class, large, back down to small, and large -> large */
    static const size_t steps[] = {1, 15, 16, 17, 100, 512, 513, 4000, 700, 300, 20, 3, 5000};
    unsigned char *b = ql_pool_alloc(&p, steps[0]);
    fill(b, steps[0], 7);
    for (size_t i = 1; i < sizeof steps / sizeof *steps; i++) {
        size_t o = steps[i - 1], n = steps[i];
        b = ql_pool_resize(&p, b, o, n);
        assert_non_null(b);
        same(b, o < n ? o : n, 7);
        fill(b, n, 7);
    }
    ql_pool_release(&p, b, steps[sizeof steps / sizeof *steps - 1]);
    ql_pool_clear(&p);
}

static void blockpool__reuses_blocks_and_caps_the_lists(void **state)
{
    (void)state;
    if (!QL_POOL_ON)
        skip(); /* under AddressSanitizer every block goes to malloc */
    ql_pool p = {0};
    void *a = ql_pool_alloc(&p, 40);
    ql_pool_release(&p, a, 40);
    assert_int_equal(p.cached, 48);
    assert_ptr_equal(ql_pool_alloc(&p, 33), a); /* same class (33..48 bytes) */
    assert_int_equal(p.cached, 0);
    ql_pool_release(&p, a, 33);
    /* a block shrunk within the pool still serves its new class */
    void *big = ql_pool_alloc(&p, 500);
    void *small = ql_pool_resize(&p, big, 500, 10);
    ql_pool_release(&p, small, 10);
    void *again = ql_pool_alloc(&p, 16);
    assert_ptr_equal(again, big);
    memset(again, 0xab, 16);
    ql_pool_release(&p, again, 16);
    /* never more than QL_POOL_CACHE bytes kept */
    enum { N = QL_POOL_CACHE / 512 + 100 };
    static void *blocks[N];
    for (size_t i = 0; i < N; i++)
        blocks[i] = ql_pool_alloc(&p, 512);
    for (size_t i = 0; i < N; i++)
        ql_pool_release(&p, blocks[i], 512);
    assert_true(p.cached <= QL_POOL_CACHE);
    ql_pool_clear(&p);
    assert_int_equal(p.cached, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blockpool__resizes_keep_contents_in_every_direction),
        cmocka_unit_test(blockpool__reuses_blocks_and_caps_the_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
