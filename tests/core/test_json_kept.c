/*
 * Stored JSON texts parsed once per process (base/json_kept.c): the value kept for a text is
 * what json_loads gives for it, a text differing by one byte is never given another's value
 * or canonical text's hash, and values and texts stay right when more texts are kept than fit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "internal.h"
#include "json_kept.h"

/* what the resolution's digest hashes: the SHA-256 of json_dumps, sorted keys, compact */
static void assert_canon(const json_t *v)
{
    char *want = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT);
    assert_non_null(want);
    qf_sha256_ctx got_h, want_h, text_h;
    qf__sha256_init(&got_h);
    qf__sha256_init(&want_h);
    qf__sha256_init(&text_h);
    qf__json_canon_hash(v, &got_h);
    unsigned char text_d[32];
    qf__sha256_update(&text_h, want, strlen(want));
    qf__sha256_final(&text_h, text_d);
    qf__sha256_update(&want_h, text_d, sizeof text_d);
    unsigned char got_d[32], want_d[32];
    qf__sha256_final(&got_h, got_d);
    qf__sha256_final(&want_h, want_d);
    assert_memory_equal(got_d, want_d, sizeof got_d);
    free(want);
}

static void json_kept__same_text_same_value(void **state)
{
    (void)state;
    const char *text = "{\"code\":\"D\",\"title\":\"日\",\"clauses\":[{\"number\":\"1\",\"z\":1,"
                       "\"a\":[true,null,2.5,\"\\u0001\\\"\"]}]}";
    json_t *a = qf__json_kept(text);
    json_t *b = qf__json_kept(text);
    json_t *want = json_loads(text, 0, NULL);
    assert_non_null(a);
    assert_ptr_equal(a, b); /* shared */
    assert_true(json_equal(a, want));
    assert_canon(a);
    assert_canon(a); /* the kept canonical text */
    json_decref(a);
    json_decref(b);
    json_decref(want);
    assert_null(qf__json_kept("{\"code\":"));
}

static void json_kept__one_byte_differs(void **state)
{
    (void)state;
    char text[] = "{\"clause\":\"支部每月开展一次主题党日。\",\"n\":1}";
    json_t *a = qf__json_kept(text);
    assert_canon(a);
    text[strlen(text) - 2] = '2';
    json_t *b = qf__json_kept(text);
    assert_ptr_not_equal(a, b);
    assert_int_equal(json_integer_value(json_object_get(a, "n")), 1);
    assert_int_equal(json_integer_value(json_object_get(b, "n")), 2);
    assert_canon(b);
    json_decref(a);
    json_decref(b);
}

/* More texts than are kept: the first ones are dropped while the test still holds them. */
static void json_kept__more_than_kept(void **state)
{
    (void)state;
    enum { N = 600 };
    json_t **held = calloc(N, sizeof *held);
    assert_non_null(held);
    char text[80];
    for (int i = 0; i < N; i++) {
        snprintf(text, sizeof text, "{\"i\":%d,\"b\":[%d,\"x\"],\"a\":\"t%d\"}", i, i * 7, i);
        held[i] = qf__json_kept(text);
        assert_non_null(held[i]);
        if (i % 3 == 0)
            assert_canon(held[i]);
    }
    for (int i = 0; i < N; i++) {
        assert_int_equal(json_integer_value(json_object_get(held[i], "i")), i);
        assert_canon(held[i]);
        snprintf(text, sizeof text, "{\"i\":%d,\"b\":[%d,\"x\"],\"a\":\"t%d\"}", i, i * 7, i);
        json_t *again = qf__json_kept(text);
        assert_true(json_equal(again, held[i]));
        json_decref(again);
    }
    for (int i = 0; i < N; i++)
        json_decref(held[i]);
    free(held);
}

/* A value that was never kept is dumped as it is. */
static void json_kept__canon_of_other_values(void **state)
{
    (void)state;
    json_t *v = json_pack("{s:i, s:s, s:[b, f]}", "z", 1, "a", "甲\n", "m", 1, 0.1);
    assert_canon(v);
    json_object_set_new(v, "b", json_integer(2));
    assert_canon(v); /* changed: dumped again */
    json_decref(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_kept__same_text_same_value),
        cmocka_unit_test(json_kept__one_byte_differs),
        cmocka_unit_test(json_kept__more_than_kept),
        cmocka_unit_test(json_kept__canon_of_other_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
