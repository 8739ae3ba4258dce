/* qf__fmt (core/src/base/fmt.c) gives exactly what snprintf gives: the text, the truncation and the
 * returned length, for the conversions it handles itself and for those it hands on. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"
#include "internal.h"

#define SAME(size, ...)                                                                            \
    do {                                                                                           \
        char want[256], got[256];                                                                  \
        memset(want, 'x', sizeof want);                                                            \
        memset(got, 'x', sizeof got);                                                              \
        int nw = snprintf(want, size, __VA_ARGS__);                                                \
        int ng = qf__fmt(got, size, __VA_ARGS__);                                                  \
        assert_int_equal(ng, nw);                                                                  \
        assert_memory_equal(got, want, sizeof want);                                               \
    } while (0)

/* the formats come from translations at run time, as in the engine */
static const char *volatile F_NUMBERED = "%1$s %2$s开展%3$zu次（要求%5$s至少%4$d次）";
static const char *volatile F_REORDERED = "应到%2$d人，实到%1$d人（%3$.1f%%）";
static const char *volatile F_MIXED = "%1$s and %s";
static const char *volatile F_GAP = "%2$s";
static const char *volatile F_HELD = "%s: %s held %zu time(s)";
static const char *volatile F_PAD = "%05d-%s";
static const char *volatile F_LONE = "100%";

static void fmt__matches_snprintf(void **state)
{
    (void)state;
    size_t big = 256;
    SAME(big, "plain text");
    SAME(big, "%s", "");
    SAME(big, "%s: %s held %zu time(s) (required: at least %d %s)", "第一党小组 2019-05", "党小组会",
         (size_t)3, 1, "每月");
    SAME(big, "%04d-%02d-H%d", 2019, 5, 2);
    SAME(big, "%04d-Q%d", 987, 4);
    SAME(big, "%d %d %d", 0, -7, -2147483647 - 1);
    SAME(big, "%lld|%ld|%zu", -9223372036854775807LL - 1, -42L, (size_t)18446744073709551615ULL);
    SAME(big, "%5d|%05d|%2d|%02d", 42, -42, 12345, 7);
    SAME(big, "%.3s|%.0s|%.40s", "abcdef", "gone", "short");
    SAME(big, "100%% of %s", "members");
    SAME(big, "%s\x1f%s\x1f%s", "post", "secretary", "zh");
    SAME(big, F_NUMBERED, "第一党小组", "主题党日", (size_t)2, 12, "每年");
    /* handed on: floating point, characters, width on strings, mixed numbering, a gap */
    SAME(big, F_REORDERED, 18, 20, 90.0);
    SAME(big, "%c%8s|%-4d|%g", 'x', "right", 3, 0.5);
    SAME(big, F_MIXED, "a", "b");
    SAME(big, F_GAP, "a", "b");
    SAME(big, "%.*s", 2, "abc");
    SAME(big, F_LONE, 0); /* a lone % at the end: handed on, nothing read past the end */
    /* truncation: the same bytes kept, the same length returned */
    for (size_t n = 0; n < 40; n++) {
        SAME(n, F_HELD, "第一党小组", "党小组会", (size_t)12);
        SAME(n, F_NUMBERED, "第一党小组", "主题党日", (size_t)2, 12, "每年");
        SAME(n, F_PAD, -3, "tail");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fmt__matches_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
