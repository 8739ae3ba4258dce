/*
 * The masked forms of personal fields (base/mask.c) are written by hand; these tests hold them
 * against the snprintf forms they replaced, byte for byte, on generated texts (ASCII, Chinese,
 * mixed, every length from empty to long) and every buffer size from 1 up, where both cut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "mask.h"

/* ---- the forms as they were written before ---- */

static size_t ref_char_offset(const char *s, size_t k)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
            return i;
    return i;
}

static size_t ref_char_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

static void ref_mask_middle(const char *s, size_t head, size_t tail, const char *stars, char *out,
                            size_t size)
{
    if (!s || !*s) {
        snprintf(out, size, "%s", "");
        return;
    }
    size_t n = ref_char_count(s);
    if (n < head + tail + 1) {
        snprintf(out, size, "%s", stars);
        return;
    }
    size_t h = ref_char_offset(s, head), t = ref_char_offset(s, n - tail);
    snprintf(out, size, "%.*s%s%s", (int)h, s, stars, s + t);
}

/* a text of `n` characters drawn from ASCII digits, letters and Chinese */
static void gen(char *buf, int n, unsigned *seed)
{
    static const char *const pieces[] = {"1", "3", "8", "x", "X", "中", "国", "一", "-", " "};
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *p = pieces[(*seed >> 16) % 10];
        memcpy(buf + at, p, strlen(p));
        at += strlen(p);
    }
    buf[at] = '\0';
}

static void mask__phone_and_id_as_snprintf(void **state)
{
    (void)state;
    unsigned seed = 7;
    char text[200], got[80], want[80];
    for (int n = 0; n < 40; n++)
        for (int round = 0; round < 6; round++) {
            gen(text, n, &seed);
            for (size_t size = 1; size <= sizeof got; size++) {
                memset(got, 'G', sizeof got);
                memset(want, 'G', sizeof want);
                qf__mask_phone(text, got, size);
                ref_mask_middle(text, 3, 4, "****", want, size);
                assert_memory_equal(got, want, sizeof got);
                memset(got, 'G', sizeof got);
                memset(want, 'G', sizeof want);
                qf__mask_id_number(text, got, size);
                ref_mask_middle(text, 6, 4, "********", want, size);
                assert_memory_equal(got, want, sizeof got);
            }
        }
    /* NULL and empty: empty */
    qf__mask_phone(NULL, got, sizeof got);
    assert_string_equal(got, "");
    qf__mask_id_number("", got, sizeof got);
    assert_string_equal(got, "");
    qf__mask_phone("13812345678", got, sizeof got);
    assert_string_equal(got, "138****5678");
    qf__mask_id_number("110105198001011234", got, sizeof got);
    assert_string_equal(got, "110105********1234");
}

static void mask__birth_date_as_snprintf(void **state)
{
    (void)state;
    char got[11], want[11];
    qf_date d;
    assert_int_equal(qf_date_parse(&d, "1900-01-01"), QF_OK);
    qf_date last;
    assert_int_equal(qf_date_parse(&last, "2199-12-31"), QF_OK);
    for (; d <= last; d += 13) {
        int y, m, day;
        qf_date_to_ymd(d, &y, &m, &day);
        snprintf(want, sizeof want, "%04u-**-**", (unsigned)y % 10000u);
        qf__mask_birth_date(d, got);
        assert_string_equal(got, want);
    }
    qf__mask_birth_date(QF_DATE_NONE, got);
    assert_string_equal(got, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mask__phone_and_id_as_snprintf),
        cmocka_unit_test(mask__birth_date_as_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
