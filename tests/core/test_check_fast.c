/*
 * The check's fast paths (issue 17, goal 1) answer what the general ones did: period codes
 * written by hand against snprintf with the old formats, translations and period labels kept
 * by address or code but never stale when the text at an address or the language changes,
 * clause numbers read without strtol in the same order, vocabulary labels from a cache that
 * reorders itself.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "internal.h"
#include "msg.h"

/* qf_period_format as it was: snprintf with these formats (qf__fmt gives the same bytes). */
static void old_period_format(const qf_period *p, char *buf, size_t size)
{
    int y, m, d;
    qf_date_to_ymd(p->start, &y, &m, &d);
    char a[11], b[11];
    switch (p->kind) {
    case QF_PERIOD_DAY:
        qf_date_format(p->start, a);
        snprintf(buf, size, "%s", a);
        break;
    case QF_PERIOD_HALF_MONTH: snprintf(buf, size, "%04d-%02d-H%d", y, m, d <= 15 ? 1 : 2); break;
    case QF_PERIOD_MONTH: snprintf(buf, size, "%04d-%02d", y, m); break;
    case QF_PERIOD_QUARTER: snprintf(buf, size, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
    case QF_PERIOD_HALF_YEAR: snprintf(buf, size, "%04d-H%d", y, m <= 6 ? 1 : 2); break;
    case QF_PERIOD_YEAR: snprintf(buf, size, "%04d", y); break;
    case QF_PERIOD_RANGE:
        qf_date_format(p->start, a);
        qf_date_format(p->end, b);
        snprintf(buf, size, "%s..%s", a, b);
        break;
    }
}

static void fast__period_codes_as_before(void **state)
{
    (void)state;
    const qf_date days[] = {qf_date_from_ymd(2017, 6, 15), qf_date_from_ymd(2017, 6, 16),
                            qf_date_from_ymd(2019, 1, 1),  qf_date_from_ymd(2019, 12, 31),
                            qf_date_from_ymd(1, 3, 9),     qf_date_from_ymd(999, 7, 1),
                            qf_date_from_ymd(9999, 12, 31),
                            qf_date_from_ymd(9999, 12, 31) + 400 /* year 10001 */};
    int checked = 0;
    for (int k = QF_PERIOD_DAY; k <= QF_PERIOD_RANGE + 1; k++) /* and one that is not a kind */
        for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
            for (size_t size = 0; size <= 26; size++) {
                qf_period p = {(qf_period_kind)k, days[i], days[(i + 1) % 8]};
                char want[32], got[32];
                memset(want, 'x', sizeof want);
                memset(got, 'x', sizeof got);
                old_period_format(&p, want, size);
                qf_period_format(&p, got, size);
                if (memcmp(want, got, sizeof want) != 0)
                    fail_msg("kind %d, day %d, size %zu: '%.*s' wanted '%.*s'", k, (int)days[i],
                             size, (int)size, got, (int)size, want);
                checked++;
            }
    assert_int_equal(checked, 8 * 8 * 27);
}

/* Translations are kept by the msgid's address: the same address holding another text (an
 * arena freed and used again) must be translated anew. */
static void fast__translations_follow_the_text(void **state)
{
    (void)state;
    QF_OK_OR_FAIL(qf_set_language("zh"));
    char at[80];
    strcpy(at, "per month");
    assert_string_equal(qf_tr(at), "每月");
    assert_string_equal(qf_tr(at), "每月");
    strcpy(at, "per quarter");
    assert_string_equal(qf_tr(at), "每季度");
    strcpy(at, "not a message anyone translated");
    assert_ptr_equal(qf_tr(at), at);
    strcpy(at, "per month");
    assert_string_equal(qf_tr(at), "每月");
    /* an untranslated text too long to be kept, then a translated one at the same address */
    strcpy(at, "a text longer than what the cache keeps a copy of, never translated");
    assert_ptr_equal(qf_tr(at), at);
    strcpy(at, "per quarter");
    assert_string_equal(qf_tr(at), "每季度");
    QF_OK_OR_FAIL(qf_set_language("en"));
    assert_ptr_equal(qf_tr(at), at);
}

/* A message's period argument is labelled from a cache by code: the language is part of it. */
static void fast__period_labels_follow_the_language(void **state)
{
    (void)state;
    qf_arena a = {0};
    qf_period june = qf_period_containing(QF_PERIOD_MONTH, qf_date_from_ymd(2017, 6, 10));
    qf_period q3 = qf_period_containing(QF_PERIOD_QUARTER, qf_date_from_ymd(2017, 8, 10));
    const qf_msg *m = qf__msg(&a, "%s", "P", &june), *n = qf__msg(&a, "%s", "P", &q3);
    assert_non_null(m);
    assert_non_null(n);
    const char *langs[] = {"zh", "en", "zh", "en"};
    for (int round = 0; round < 4; round++) {
        QF_OK_OR_FAIL(qf_set_language(langs[round]));
        char got[64], want[64];
        for (int k = 0; k < 3; k++) { /* the first time made, then from the cache */
            qf__msg_render(m, NULL, got, sizeof got);
            qf_period_label(&june, want, sizeof want);
            assert_string_equal(got, want);
            qf__msg_render(n, NULL, got, sizeof got);
            qf_period_label(&q3, want, sizeof want);
            assert_string_equal(got, want);
        }
        assert_string_equal(got, round % 2 ? "2017 Q3" : "2017年第3季度");
    }
    QF_OK_OR_FAIL(qf_set_language("en"));
    qf__arena_free(&a);
}

/* Whole numbers in messages are written by hand for plain %d, %i and %zu: the same text as
 * snprintf, which still writes the others (widths, flags, other conversions). */
static void fast__message_numbers_as_snprintf(void **state)
{
    (void)state;
    qf_arena a = {0};
    const long long values[] = {0, 7, -7, 42, 1000000, -2147483648LL, 4294967295LL,
                                9223372036854775807LL, -9223372036854775807LL - 1};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        const qf_msg *m = qf__msg(&a, "%1$d|%1$i|%1$zu|%1$u|%1$02d|%1$5d|%1$x|%2$d %3$zu",
                                  "lll", v, (long long)(int)v, (long long)(v < 0 ? -(v + 1) : v));
        assert_non_null(m);
        char got[256], want[256];
        qf__msg_render(m, NULL, got, sizeof got);
        snprintf(want, sizeof want, "%lld|%lld|%llu|%llu|%02lld|%5lld|%llx|%lld %llu", v, v,
                 (unsigned long long)v, (unsigned long long)v, v, v, (unsigned long long)v,
                 (long long)(int)v, (unsigned long long)(v < 0 ? -(v + 1) : v));
        assert_string_equal(got, want);
    }
    qf__arena_free(&a);
}

/* qf__clause_cmp as it was, with strtol. */
static int old_clause_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
            if (x != y)
                return x < y ? -1 : 1;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void fast__clause_order_as_strtol(void **state)
{
    (void)state;
    const char *clauses[] = {"1", "2", "10", "4.9", "4.10", "4.10a", "4.1.2", "04.1", "4",
                             "", "a", "附件1", "附件2", "9223372036854775807",
                             "9223372036854775808", "99999999999999999999.1",
                             "99999999999999999998.2", "00000000000000000000001"};
    size_t n = sizeof clauses / sizeof clauses[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (sign(qf__clause_cmp(clauses[i], clauses[j])) !=
                sign(old_clause_cmp(clauses[i], clauses[j])))
                fail_msg("'%s' against '%s': %d, strtol's order %d", clauses[i], clauses[j],
                         qf__clause_cmp(clauses[i], clauses[j]),
                         old_clause_cmp(clauses[i], clauses[j]));
    assert_true(qf__clause_cmp("4.9", "4.10") < 0);
}

/* Vocabulary labels come from a list that moves each hit to the front: every answer stays
 * right whatever the order of the questions, in both languages. */
static void fast__vocab_labels_after_reordering(void **state)
{
    qf_db *db = *state;
    static const char *const asked[][3] = {
        {"post", "secretary", "书记"},          {"activity_kind", "lecture", NULL},
        {"post", "discipline", "纪检委员"},     {"artifact_type", "report", "报告"},
        {"guest_role", "expert", "专家"},       {"post", "no_such_post", "no_such_post"},
    };
    size_t n = sizeof asked / sizeof asked[0];
    QF_OK_OR_FAIL(qf_set_language("zh"));
    char first[6][64];
    for (size_t i = 0; i < n; i++)
        snprintf(first[i], sizeof first[i], "%s", qf_vocab_label(db, asked[i][0], asked[i][1]));
    for (int round = 0; round < 3; round++)
        for (size_t k = 0; k < n; k++) {
            size_t i = (k * 5 + (size_t)round) % n; /* another order each round */
            assert_string_equal(qf_vocab_label(db, asked[i][0], asked[i][1]), first[i]);
            if (asked[i][2])
                assert_string_equal(first[i], asked[i][2]);
        }
    QF_OK_OR_FAIL(qf_set_language("en"));
    assert_string_equal(qf_vocab_label(db, "post", "secretary"), "secretary");
    assert_string_equal(qf_vocab_label(db, "post", "discipline"), "discipline member");
    QF_OK_OR_FAIL(qf_set_language("zh"));
    assert_string_equal(qf_vocab_label(db, "post", "discipline"), "纪检委员");
    QF_OK_OR_FAIL(qf_set_language("en"));
}

size_t qf__msg_render_interpreted(const qf_msg *m, qf_db *db, char *buf, size_t size);

/*
 * Formats are compiled once and kept by address (msg.c): every message renders as the format
 * read piece by piece did — literals, "%%", numbered arguments, flags, widths, precisions cut
 * at a character, numbers through snprintf, a trailing '%', arguments a translation lacks,
 * formats too long or with too many pieces for a slot — nested inside each other, from more
 * formats than the cache has slots (so nested ones land on the slot of the message being
 * rendered), at addresses that then hold another text, in both languages and into small
 * buffers.
 */
static void fast__compiled_formats_as_interpreted(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "%s", "plain text", "%s: %s", "%d of %d (%.1f%%)", "%2$s then %1$s", "100%% of %s",
        "%.4s|%.1s|%.0s", "%5d|%-4d|%02d|%x|%u", "%zu time(s) %lld %i", "ends with %",
        "%s %s %s %s %s %s %s %s %s %s %s %s %s %s", "%9$s missing %3$d", "%c%%%s",
        "%s vacant from %s to %s (%d day(s) vacant between %s and %s; required: held every day)",
        "%s: %s not yet held enough (%zu of %d); %s", "per month", "%s (%s) absent", "%g|%e|%5.2f",
        "a very long format that goes on and on past what one slot of the cache holds, with an "
        "argument %s here and another %d there, then more words until it is surely longer than "
        "the slot's copy of the text: %s",
    };
    size_t n_shapes = sizeof shapes / sizeof shapes[0];
    /* 150 formats at addresses of their own: more than the cache's slots */
    enum { N = 150 };
    static char fmts[N][300];
    for (int i = 0; i < N; i++)
        snprintf(fmts[i], sizeof fmts[i], "[%d]%s", i, shapes[(size_t)i % n_shapes]);
    qf_arena a = {0};
    qf_period june = qf_period_containing(QF_PERIOD_MONTH, qf_date_from_ymd(2017, 6, 10));
    const char *langs[] = {"zh", "en"};
    int compared = 0;
    for (int round = 0; round < 4; round++) {
        QF_OK_OR_FAIL(qf_set_language(langs[round % 2]));
        if (round == 2) /* the same addresses, other texts */
            for (int i = 0; i < N; i++)
                snprintf(fmts[i], sizeof fmts[i], "<%d>%s", i, shapes[(size_t)(i + 3) % n_shapes]);
        const qf_msg *inner = qf__msg(&a, "%s", "P", &june);
        for (int i = 0; i < N; i++) {
            const qf_msg *items[2] = {inner, qf__msg(&a, fmts[(i + 1) % N], "sdf", "x", 3, 2.5)};
            const qf_msg *nested = qf__msg(&a, fmts[(i + 7) % N], "MsdL", inner, "乙丙丁", -12,
                                           items, (size_t)2, N_("; "));
            const qf_msg *m = qf__msg(&a, fmts[i], "MslfDsVsM", nested, "甲乙", 42LL, 58.75,
                                      qf_date_from_ymd(2017, 3, 20), "第三", "post", "secretary",
                                      "z", inner);
            assert_non_null(m);
            for (size_t size = 1; size <= 401; size += 40) {
                char got[512], want[512];
                memset(got, 'x', sizeof got);
                memset(want, 'x', sizeof want);
                size_t gn = qf__msg_render(m, NULL, got, size);
                size_t wn = qf__msg_render_interpreted(m, NULL, want, size);
                if (gn != wn || memcmp(got, want, sizeof got) != 0)
                    fail_msg("format %d '%s', size %zu: '%s' wanted '%s'", i, fmts[i], size, got,
                             want);
                compared++;
            }
        }
    }
    assert_int_equal(compared, 4 * N * 11);
    /* every pair: some nested format surely has the slot of the one around it */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            const qf_msg *nested = qf__msg(&a, fmts[j], "Msd", qf__msg(&a, fmts[(j + 1) % N], "s",
                                                                     "内"), "乙", j);
            const qf_msg *m = qf__msg(&a, fmts[i], "MsdM", nested, "甲", i, nested);
            char got[512], want[512];
            qf__msg_render(m, NULL, got, sizeof got);
            qf__msg_render_interpreted(m, NULL, want, sizeof want);
            if (strcmp(got, want) != 0)
                fail_msg("format %d in %d: '%s' wanted '%s'", j, i, got, want);
        }
    QF_OK_OR_FAIL(qf_set_language("en"));
    qf__arena_free(&a);
}

/* qf__text_clean as it was: a character at a time. */
static void old_text_clean(const char *in, char *out, size_t size)
{
    size_t o = 0;
    size_t len = in ? strlen(in) : 0;
    if (!size)
        return;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)in[i];
        char piece[8];
        size_t n = 0, used = 1;
        if (c == '\n' || c == '\t' || c == '\r') {
            piece[n++] = ' ';
        } else if (c < 0x20 || c == 0x7f) {
            n = (size_t)snprintf(piece, sizeof piece, "\\x%02x", c);
        } else if (c < 0x80) {
            piece[n++] = (char)c;
        } else {
            size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
            if (k > 1 && i + k <= len && qf__utf8_valid(in + i, k, NULL)) {
                memcpy(piece, in + i, k);
                n = used = k;
            } else {
                memcpy(piece, "\xef\xbf\xbd", 3);
                n = 3;
            }
        }
        if (o + n >= size)
            break;
        memcpy(out + o, piece, n);
        o += n;
        i += used;
    }
    out[o] = '\0';
}

/* A check function's message is cleaned with a copy for the usual text (valid UTF-8, no control
 * characters, room enough): the same bytes as the loop, for texts made of pieces that are and
 * are not usual, into buffers that do and do not hold them. */
static void fast__text_clean_as_before(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "支部", "😀", "\n", "\t", "\x01", "\x7f", "\xe4\xb8",
                                         "\xc0\xaf", "\xed\xa0\x80", "\xf5\x80\x80\x80", " ", "é"};
    size_t np = sizeof pieces / sizeof pieces[0];
    unsigned seed = 17;
    int checked = 0;
    for (int t = 0; t < 3000; t++) {
        char in[256] = "";
        int parts = (int)(seed % 12);
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly usual pieces, now and then one that is not */
            size_t pick = (seed >> 8) % (t % 3 ? 3 : np);
            strcat(in, pieces[pick]);
        }
        seed = seed * 1103515245u + 12345u;
        for (size_t size = 0; size <= 40; size += 1 + (size > 8) * 6) {
            char got[64], want[64];
            memset(got, 'x', sizeof got);
            memset(want, 'x', sizeof want);
            qf__text_clean(in, got, size);
            old_text_clean(in, want, size);
            if (memcmp(got, want, sizeof got) != 0)
                fail_msg("'%s' into %zu: '%s' wanted '%s'", in, size, got, want);
            checked++;
        }
    }
    char got[8] = "x";
    qf__text_clean(NULL, got, sizeof got);
    assert_string_equal(got, "");
    assert_true(checked > 3000 * 5);
}

/* Known texts as emit.c keeps them: every message rendered once, offered for nesting when it is
 * shorter than 2,047 bytes and nested at most 3 deep (msg.h, qf_msg_known). */
typedef struct known_table {
    const qf_msg *msg[64];
    char *text[64];
    size_t n;
} known_table;

static const char *known_lookup(void *ctx, const qf_msg *m)
{
    known_table *t = ctx;
    for (size_t i = 0; i < t->n; i++)
        if (t->msg[i] == m)
            return strlen(t->text[i]) < 2047 && qf__msg_nesting(m, 4) <= 3 ? t->text[i] : NULL;
    return NULL;
}

/* A message nesting the messages the caller has rendered renders as it did without them: at
 * every depth up to where nesting is cut (a chain of twelve), with texts longer than a nested
 * one may be, in lists and with due dates. */
static void fast__known_texts_nest_as_rendered(void **state)
{
    (void)state;
    qf_arena a = {0};
    char long_text[3000];
    memset(long_text, 'y', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    const qf_msg *chain[12];
    chain[0] = qf__msg(&a, "%s", "P", &(qf_period){QF_PERIOD_MONTH, qf_date_from_ymd(2017, 6, 1),
                                                    qf_date_from_ymd(2017, 6, 30)});
    for (int i = 1; i < 12; i++)
        chain[i] = i == 5 ? qf__msg(&a, "%s|%s", "Ms", chain[i - 1], long_text)
                   : i % 3 ? qf__msg(&a, "<%s %d>", "Md", chain[i - 1], i)
                           : qf__msg(&a, "[%s; %s]", "MR", chain[i - 1], qf_date_from_ymd(2017, 9, 30));
    const qf_msg *items[3] = {chain[1], chain[2], chain[4]};
    const char *langs[] = {"zh", "en"};
    for (int l = 0; l < 2; l++) {
        QF_OK_OR_FAIL(qf_set_language(langs[l]));
        known_table t = {.n = 0};
        for (int i = 0; i < 12; i++) { /* rendered once, as emit does for the subjects */
            t.msg[t.n] = chain[i];
            t.text[t.n++] = qf__msg_render_arena(chain[i], NULL, &a);
        }
        const qf_msg_known known = {known_lookup, &t};
        for (int i = 0; i < 12; i++) {
            const qf_msg *m = qf__msg(&a, "%s: %s (%s)", "MLM", chain[i], items, (size_t)3,
                                      N_("; "), chain[(i + 5) % 12]);
            char *want = qf__msg_render_arena(m, NULL, &a);
            char *got = qf__msg_render_arena_known(m, NULL, &a, &known);
            assert_non_null(want);
            assert_non_null(got);
            if (strcmp(got, want) != 0)
                fail_msg("chain %d: '%.200s' wanted '%.200s'", i, got, want);
        }
    }
    assert_int_equal(qf__msg_nesting(chain[0], 4), 0);
    assert_int_equal(qf__msg_nesting(chain[3], 4), 3);
    assert_true(qf__msg_nesting(chain[11], 4) > 3);
    QF_OK_OR_FAIL(qf_set_language("en"));
    qf__arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast__period_codes_as_before),
        cmocka_unit_test(fast__translations_follow_the_text),
        cmocka_unit_test(fast__period_labels_follow_the_language),
        cmocka_unit_test(fast__message_numbers_as_snprintf),
        cmocka_unit_test(fast__clause_order_as_strtol),
        cmocka_unit_test(fast__compiled_formats_as_interpreted),
        cmocka_unit_test(fast__text_clean_as_before),
        cmocka_unit_test(fast__known_texts_nest_as_rendered),
        cmocka_unit_test_setup_teardown(fast__vocab_labels_after_reordering, fx_setup_memory,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
