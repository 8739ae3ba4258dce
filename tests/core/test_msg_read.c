/*
 * A stored message read back (base/msg_read.c, through qf__msg_from_json): every kind of
 * argument comes back as it was written (the JSON of the message read equals the JSON it was
 * read from), the shapes the form allows are read, and the others are damaged — NULL with the
 * error set, never a message with something missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "msg.h"

/* The message read from `json` (text), or NULL. */
static qf_msg *read_text(qf_arena *a, const char *json)
{
    json_error_t e;
    json_t *j = json_loads(json, JSON_DECODE_ANY, &e);
    if (!j)
        fail_msg("not JSON: %s: %s", json, e.text);
    qf_msg *m = qf__msg_from_json(a, j);
    json_decref(j);
    return m;
}

/* Written, read back, written again: the same text. */
static void assert_round_trip(qf_arena *a, const qf_msg *m)
{
    assert_non_null(m);
    char *want = qf__msg_dump(m);
    assert_non_null(want);
    qf_msg *back = read_text(a, want);
    if (!back)
        fail_msg("not read back: %s: %s", want, qf_error_last());
    char *got = qf__msg_dump(back);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void msg_read__every_argument_round_trips(void **state)
{
    (void)state;
    qf_arena a = {0};
    qf_period p;
    assert_int_equal(qf_period_parse(&p, "2017-Q3"), QF_OK);
    qf_date d;
    assert_int_equal(qf_date_parse(&d, "2017-09-05"), QF_OK);
    const qf_msg *inner = qf__msg(&a, "%s (%d)", "sd", "内", 3);
    const qf_msg *items[] = {inner, qf__msg(&a, "%s", "s", "二")};
    const char *kinds[] = {"general_meeting", "lecture"};
    assert_round_trip(&a, qf__msg(&a, "no arguments", ""));
    assert_round_trip(&a, qf__msg(&a, "%s %d %lld %g", "sdlf", "文字 \"q\"", -7, 1LL << 40,
                                  0.1));
    assert_round_trip(&a, qf__msg(&a, "%s %s %s %s", "DPKR", d, &p, (int)QF_PERIOD_MONTH, d));
    assert_round_trip(&a, qf__msg(&a, "%s and %s", "VM", "post", "secretary", inner));
    assert_round_trip(&a, qf__msg(&a, "%s; %s", "LW", items, (size_t)2, "/", "activity_kind",
                                  kinds, (size_t)2, " or "));
    assert_round_trip(&a, qf__msg(&a, "%s", "M", (const qf_msg *)NULL));
    /* nested a dozen deep */
    const qf_msg *m = inner;
    for (int i = 0; i < 12; i++)
        m = qf__msg(&a, "(%s)", "M", m);
    assert_round_trip(&a, m);
    qf__arena_free(&a);
}

static void msg_read__shapes_the_form_allows(void **state)
{
    (void)state;
    qf_arena a = {0};
    static const char *const ok[] = {
        "{\"id\": \"x\"}",
        "{\"id\": \"x\", \"args\": []}",
        "{\"args\": [\"a\", 1], \"id\": \"%s %d\"}",            /* keys in any order */
        "{\"id\": \"x\", \"extra\": {\"a\": [1, {\"b\": null}]}}", /* unknown keys passed over */
        "{\"id\": \"%s\", \"args\": [{\"num\": 2}]}",            /* an integer as a number */
        "{\"id\": \"%s\", \"args\": [{\"list\": \"no\", \"sep\": null}]}", /* not a list: empty */
        "{\"id\": \"%s\", \"args\": [{\"msg\": null}]}",
        "{\"id\": \"%s\", \"args\": [{\"date\": \"2017-09-05\", \"num\": 1.5}]}", /* num first */
        "{\"id\": \"%s%s%s%s%s%s%s%s%s\", \"args\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}",
        "{\"id\": \"y\", \"id\": \"x\"}", /* the later one counts */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!read_text(&a, ok[i]))
            fail_msg("not read: %s: %s", ok[i], qf_error_last());
    qf_msg *m = read_text(&a, ok[2]);
    assert_string_equal(m->id, "%s %d");
    assert_int_equal(m->n, 2);
    assert_int_equal(m->a[1].type, QF_MA_INT);
    m = read_text(&a, ok[7]);
    assert_int_equal(m->a[0].type, QF_MA_NUM);
    m = read_text(&a, ok[9]);
    assert_string_equal(m->id, "x");
    qf__arena_free(&a);
}

static void msg_read__damaged_shapes_are_refused(void **state)
{
    (void)state;
    qf_arena a = {0};
    char deep[2048] = "";
    for (int i = 0; i < 20; i++)
        strcat(deep, "{\"id\": \"%s\", \"args\": [{\"msg\": ");
    strcat(deep, "null");
    for (int i = 0; i < 20; i++)
        strcat(deep, "}]}");
    const char *const bad[] = {
        "[]",
        "\"x\"",
        "{}",
        "{\"id\": 1}",
        "{\"id\": \"x\", \"args\": {}}",
        "{\"id\": \"x\", \"args\": \"a\"}",
        "{\"id\": \"x\", \"args\": [null]}",
        "{\"id\": \"x\", \"args\": [true]}",
        "{\"id\": \"x\", \"args\": [1.5]}",
        "{\"id\": \"x\", \"args\": [[]]}",
        "{\"id\": \"x\", \"args\": [{}]}",
        "{\"id\": \"x\", \"args\": [{\"num\": \"1\"}]}",
        "{\"id\": \"x\", \"args\": [{\"date\": \"2017-02-30\"}]}",
        "{\"id\": \"x\", \"args\": [{\"due\": 5}]}",
        "{\"id\": \"x\", \"args\": [{\"vocab\": \"nope\", \"code\": \"a\"}]}",
        "{\"id\": \"x\", \"args\": [{\"vocab\": \"post\"}]}",
        "{\"id\": \"x\", \"args\": [{\"period\": null}]}",
        "{\"id\": \"x\", \"args\": [{\"per\": \"decade\"}]}",
        "{\"id\": \"x\", \"args\": [{\"msg\": 3}]}",
        "{\"id\": \"x\", \"args\": [{\"msg\": {\"args\": []}}]}",
        "{\"id\": \"x\", \"args\": [{\"list\": [null]}]}",
        "{\"id\": \"x\", \"args\": [{\"list\": [{\"id\": 2}]}]}",
        "{\"id\": \"x\", \"args\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}",
        deep,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (read_text(&a, bad[i]))
            fail_msg("read: %s", bad[i]);
        assert_non_null(strstr(qf_error_last(), "damaged"));
    }
    qf__arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(msg_read__every_argument_round_trips),
        cmocka_unit_test(msg_read__shapes_the_form_allows),
        cmocka_unit_test(msg_read__damaged_shapes_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
