/* The bump allocator: a rewound arena hands its chunks out again before it asks malloc for more
 * (the streamed check empties one per branch); reset and free give everything back (the
 * sanitizer and valgrind builds check that nothing leaks). */
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "arena.h"

static void arena__rewind_reuses_every_chunk(void **state)
{
    (void)state;
    qf_arena a = {0};
    /* three chunks' worth: 64 KiB each */
    void *first = qf__arena_alloc(&a, 40000);
    void *second = qf__arena_alloc(&a, 40000);
    void *big = qf__arena_alloc(&a, 200000);
    assert_non_null(first);
    assert_non_null(second);
    assert_non_null(big);
    memset(big, 1, 200000);
    qf__arena_rewind(&a);
    assert_null(a.head);
    /* the same memory again, the big chunk for the big request */
    void *again[3] = {qf__arena_alloc(&a, 40000), qf__arena_alloc(&a, 40000),
                      qf__arena_alloc(&a, 150000)};
    void *old[3] = {first, second, big};
    for (int i = 0; i < 3; i++) {
        bool found = false;
        for (int j = 0; j < 3; j++)
            found = found || again[i] == old[j];
        assert_true(found);
    }
    assert_ptr_equal(again[2], big);
    assert_null(a.spare);
    /* a string after a rewind is whole */
    qf__arena_rewind(&a);
    char *s = qf__arena_strdup(&a, "工业标准一部");
    assert_string_equal(s, "工业标准一部");
    qf__arena_reset(&a);
    assert_null(a.spare);
    qf__arena_rewind(&a);
    qf__arena_free(&a);
    assert_null(a.head);
    assert_null(a.spare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena__rewind_reuses_every_chunk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
