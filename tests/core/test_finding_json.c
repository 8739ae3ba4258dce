/* A finding's JSON written directly (core/src/engine/finding_json.c) is byte for byte what
 * jansson gives for qf__finding_json re-indented for its place in the check JSON: strings with
 * every kind of escape, absent values, evidence, attendance counts, waivers, nested messages,
 * numbers, and the findings it leaves to jansson (text that is not UTF-8, no standard). A
 * result's findings listed as JSON and as CSV rows (check_output.c), in pieces. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "fixture.h"
#include "csvio.h"
#include "engine.h"
#include "qufa/csv.h"

/* jansson's bytes nested `depth` levels deep, as check_output.c's write_nested makes them */
static char *via_jansson(const qf_finding *f, int depth)
{
    json_t *o = qf__finding_json(f);
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(o);
    assert_non_null(text);
    size_t lines = 0, len = strlen(text);
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    char *out = malloc(len + lines * 2 * (size_t)depth + 1), *w = out;
    for (const char *p = text; *p; p++) {
        *w++ = *p;
        if (*p == '\n') {
            memset(w, ' ', 2 * (size_t)depth);
            w += 2 * depth;
        }
    }
    *w = '\0';
    free(text);
    return out;
}

static void same(const qf_finding *f)
{
    for (int depth = 0; depth <= 3; depth++) {
        char *want = via_jansson(f, depth);
        qf_buf got = {NULL, 0, 0};
        assert_int_equal(qf__finding_json_append(&got, "", f, depth), QF_OK);
        assert_int_equal(got.len, strlen(want));
        assert_memory_equal(got.s, want, got.len);
        /* appended after what the buffer holds and a separator, in its spare room or past it */
        size_t first = got.len;
        assert_int_equal(qf__finding_json_append(&got, ",\n", f, depth), QF_OK);
        assert_int_equal(got.len, 2 * first + 2);
        assert_memory_equal(got.s + first, ",\n", 2);
        assert_memory_equal(got.s + first + 2, want, first);
        assert_true(got.cap >= got.len);
        free(want);
        qf__buf_free(&got);
    }
}

/* the least a finding has */
static qf_finding bare(void)
{
    qf_finding f;
    memset(&f, 0, sizeof f);
    f.status = QF_FINDING_PASS;
    f.standard = "S1";
    f.clause = "1";
    f.requirement = 1;
    f.period_start = f.period_end = f.due = f.deadline = QF_DATE_NONE;
    f.waiver_from = f.waiver_until = QF_DATE_NONE;
    return f;
}

static void test_absent_values(void **state)
{
    (void)state;
    qf_finding f = bare();
    same(&f);
}

static void test_every_value(void **state)
{
    (void)state;
    qf_arena a = {0};
    qf_period p = {QF_PERIOD_MONTH, qf_date_from_ymd(2019, 3, 1), qf_date_from_ymd(2019, 3, 31)};
    const qf_msg *items[2] = {qf__msg_text(&a, "甲"), qf__msg_text(&a, "乙\"")};
    qf_msg *inner = qf__msg(&a, "%s held %zu time(s)", "sz", "党课", (size_t)3);
    qf_msg *m = qf__msg(&a, "%s: %s, %d, %s, %s, %s, %s, %s, %s", "MsdDRVPKL", inner,
                        "tab\there \"quoted\" back\\slash \x01\x1f\x7f \b\f\r\n 中文 😀", -42,
                        qf_date_from_ymd(2019, 5, 4), qf_date_from_ymd(2019, 12, 31), "post",
                        "secretary", &p, (int)QF_PERIOD_QUARTER, items, (size_t)2, ", ");
    assert_non_null(m);
    int64_t acts[] = {3, 17, 9000000000LL}, arts[] = {5};
    qf_counts c;
    memset(&c, 0, sizeof c);
    c.due = 20;
    c.present = 11;
    c.late = 2;
    qf_finding f = bare();
    f.status = QF_FINDING_FAIL;
    f.standard_title = "《条例》\n第二行";
    f.rev = 3;
    f.clause = "4.2.1";
    f.requirement = 2;
    f.kind = "attendance";
    f.subject_type = "activity";
    f.subject_id = 17;
    f.subject = "2019-03-05 党员大会\t\"一\"";
    f.org_id = 4;
    f.org = "gy1";
    f.period = "2019-03";
    f.period_start = p.start;
    f.period_end = p.end;
    f.message = "到会 11 人 / 应到 20 人\\ \x01\x1f\x7f \b\f\r\n\t\"";
    f.responsible = "secretary";
    f.due = qf_date_from_ymd(2019, 4, 30);
    f.days_left = -5;
    f.activities = acts;
    f.n_activities = 3;
    f.artifacts = arts;
    f.n_artifacts = 1;
    f.deadline = qf_date_from_ymd(2019, 4, 30);
    f.remind = "-5d,0d";
    f.key = "S1/4.2.1#2@gy1/activity/17";
    f.cause = "attendance@gy1/activity/17";
    f.same_as = "S1/4.2.1#1@gy1/activity/17";
    f.message_msg = m;
    f.subject_msg = inner;
    f.clause_text = "应当……";
    f.counts = &c;
    same(&f);
    /* a waiver, in force and expired */
    f.status = QF_FINDING_WAIVED;
    f.waiver_id = 8;
    f.waiver_reason = "换届\"期间\"";
    f.waiver_recorded_by = "tester";
    f.waiver_from = qf_date_from_ymd(2019, 1, 1);
    same(&f);
    f.waiver_expired = true;
    f.waiver_approved_by = "机关党委";
    f.waiver_until = qf_date_from_ymd(2019, 2, 1);
    same(&f);
    /* no evidence, no counts, an open finding due today */
    f.n_activities = f.n_artifacts = 0;
    f.counts = NULL;
    f.days_left = 0;
    same(&f);
    qf__arena_free(&a);
}

/* what the direct writer leaves to jansson: the same bytes either way */
static void test_left_to_jansson(void **state)
{
    (void)state;
    qf_finding f = bare();
    f.message = "bad \xff byte"; /* json_string refuses it: jansson leaves the key out */
    same(&f);
    f = bare();
    f.subject = "\xe4\xb8"; /* cut in the middle of a character */
    same(&f);
    f = bare();
    f.waiver_id = 3;
    f.waiver_reason = "\xc0\x80"; /* overlong */
    same(&f);
    f = bare();
    f.standard = NULL;
    same(&f);
    /* messages: a number (jansson's real format), text jansson refuses (it drops the argument),
     * no arguments at all, an empty list */
    qf_arena a = {0};
    f = bare();
    f.message_msg = qf__msg(&a, "%s %.1f%%", "sf", "到会率", 66.6666);
    f.subject_msg = qf__msg(&a, "%s", "s", "bad \xfe");
    same(&f);
    f.message_msg = qf__msg(&a, "nothing to fill in", "");
    f.subject_msg = qf__msg(&a, "%s (%s)", "Ms", qf__msg(&a, "%d", "f", 0.5), "x");
    same(&f);
    f.message_msg = qf__msg(&a, "%s", "L", (const qf_msg *const *)NULL, (size_t)0, "; ");
    f.subject_msg = qf__msg(&a, "%s", "M", (const qf_msg *)NULL);
    same(&f);
    qf__arena_free(&a);
}

/* numbers in messages in jansson's real format: shortest forms, exponents, ".0" added, the
 * smallest and largest, negative zero; NaN and infinity, which jansson refuses */
static void test_reals(void **state)
{
    (void)state;
    const double v[] = {0.1, 0.5, 66.6666, 1.0 / 3, 1e20, 1e21, 1e-7, -0.0, 100.0, 0.0, -2.5,
                        123456789012345678.0, 2.5e-300, 1e300, 5e-324, 1e16, 1e17, 12345.678,
                        -1e-100, 1.7976931348623157e308, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        qf_arena a = {0};
        qf_finding f = bare();
        f.message_msg = qf__msg(&a, "%s %.1f%%", "sf", "到会率", v[i]);
        f.subject_msg = qf__msg(&a, "%s (%s)", "Ms", qf__msg(&a, "%d", "f", -v[i]), "x");
        same(&f);
        qf__arena_free(&a);
    }
}

/* A result's findings as check JSON lists them (qf__json_findings): more than one piece of
 * 64 KiB, a finding left to jansson among them, each after its separator, nothing lost at a
 * piece's edge or at the end. */
static void test_findings_list(void **state)
{
    (void)state;
    enum { N = 333 }; /* not a whole number of pieces: a last, short one */
    static qf_finding fs[N];
    char texts[N][32];
    for (int i = 0; i < N; i++) {
        fs[i] = bare();
        snprintf(texts[i], sizeof texts[i], "第%d条 %s", i, i == 150 ? "\xff" : "");
        fs[i].message = texts[i];
        fs[i].clause_text = "支部党员大会讨论接收预备党员、预备党员转正，有表决权的到会人数必须超过"
                            "应到会有表决权人数的半数。";
    }
    qf_check_result r;
    memset(&r, 0, sizeof r);
    r.findings = fs;
    r.n = N;
    for (size_t already = 0; already <= 1; already++) {
        char *got = NULL;
        size_t got_len = 0, written = already;
        FILE *out = open_memstream(&got, &got_len);
        assert_int_equal(qf__json_findings(out, &r, &written), QF_OK);
        fclose(out);
        assert_int_equal(written, already + N);
        assert_true(got_len > 2 * 64 * 1024);
        size_t at = 0;
        for (int i = 0; i < N; i++) {
            const char *sep = i || already ? ",\n    " : "\n    ";
            char *want = via_jansson(&fs[i], 2);
            assert_memory_equal(got + at, sep, strlen(sep));
            at += strlen(sep);
            assert_true(at + strlen(want) <= got_len);
            assert_memory_equal(got + at, want, strlen(want));
            at += strlen(want);
            free(want);
        }
        assert_int_equal(at, got_len);
        free(got);
    }
}

/* A result's findings as check CSV lists them (qf__csv_rows): more than one piece of 64 KiB,
 * read back by the CSV reader field by field, quotes doubled, a formula guarded, ids and
 * numbers as decimals. */
static void test_csv_rows(void **state)
{
    (void)state;
    enum { N = 1501 }; /* not a whole number of pieces */
    static qf_finding fs[N];
    static int64_t acts[3] = {7, -12, 1234567890123};
    char texts[N][64];
    for (int i = 0; i < N; i++) {
        fs[i] = bare();
        snprintf(texts[i], sizeof texts[i], i % 7 ? "第%d条, \"引\"" : "=SUM(A%d)", i);
        fs[i].message = texts[i];
        fs[i].subject = "2019-02-10 支部党员大会“general_meeting 1”";
        fs[i].subject_type = "activity";
        fs[i].subject_id = i + 1;
        fs[i].activities = acts;
        fs[i].n_activities = (size_t)(i % 4);
        if (i % 3 == 0) {
            fs[i].due = qf_date_from_ymd(2019, 12, 31);
            fs[i].days_left = -i;
            fs[i].status = QF_FINDING_OPEN;
        }
    }
    qf_check_result r;
    memset(&r, 0, sizeof r);
    r.findings = fs;
    r.n = N;
    char *got = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&got, &len);
    assert_int_equal(qf__csv_rows(out, &r), QF_OK);
    fclose(out);
    assert_true(len > 2 * 64 * 1024);
    qf_csv *csv = NULL;
    assert_int_equal(qf_csv_open_buffer(&csv, got, len, "rows"), QF_OK);
    const char *const *f;
    size_t n;
    for (int i = 0; i < N; i++) {
        assert_int_equal(qf_csv_next(&f, &n, csv), QF_OK);
        assert_int_equal(n, 17);
        char want[96];
        assert_string_equal(f[0], "S1");
        assert_string_equal(f[4], i % 3 == 0 ? "open" : "pass");
        snprintf(want, sizeof want, "%d", i + 1);
        assert_string_equal(f[8], want);
        assert_string_equal(f[9], fs[i].subject);
        snprintf(want, sizeof want, "%s%s", i % 7 ? "" : "'", texts[i]);
        assert_string_equal(f[10], want);
        assert_string_equal(f[12], i % 3 == 0 ? "2019-12-31" : "");
        snprintf(want, sizeof want, "%d", -i);
        assert_string_equal(f[13], i % 3 == 0 ? want : "");
        const char *ids[] = {"", "7", "7 -12", "7 -12 1234567890123"};
        assert_string_equal(f[14], ids[i % 4]);
        assert_string_equal(f[15], "");
    }
    assert_int_equal(qf_csv_next(&f, &n, csv), QF_ITEROVER);
    qf_csv_free(csv);
    free(got);
}

/* qf__msg_dump (the refs a reminder run stores and compares) is JSON that reads back as the
 * message's own JSON form: every kind of escape, runs of plain bytes around them, nesting. */
static void dump_reads_back(const qf_msg *m)
{
    char *text = qf__msg_dump(m);
    assert_non_null(text);
    json_error_t err;
    json_t *got = json_loads(text, 0, &err);
    if (!got)
        fail_msg("not JSON: %s (%s)", text, err.text);
    json_t *want = qf__msg_json(m);
    if (!json_equal(got, want)) {
        char *w = json_dumps(want, JSON_COMPACT);
        fail_msg("dump %s, JSON form %s", text, w);
    }
    json_decref(got);
    json_decref(want);
    free(text);
}

static void test_msg_dump(void **state)
{
    (void)state;
    qf_arena a = {0};
    dump_reads_back(qf__msg(&a, "%s", "s", "plain 中文 text"));
    dump_reads_back(qf__msg(&a, "%s|%s", "ss", "\"quoted\" and \\back\\slash\\", ""));
    dump_reads_back(qf__msg(&a, "%s", "s", "tab\there\nline\x01\x1f end\""));
    dump_reads_back(qf__msg(&a, "\"%s\" %d", "sd", "\"", -12));
    const qf_msg *items[] = {qf__msg(&a, "%s", "s", "a\"b"), qf__msg(&a, "%s", "s", "\\")};
    dump_reads_back(qf__msg(&a, "%s: %s", "ML", qf__msg(&a, "%s", "s", "x\ty"), items,
                            (size_t)2, "; "));
    char *text = qf__msg_dump(qf__msg(&a, "%s", "s", "a\"b\\c\nd"));
    assert_string_equal(text, "{\"id\":\"%s\",\"args\":[\"a\\\"b\\\\c\\u000ad\"]}");
    free(text);
    qf__arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_absent_values),
        cmocka_unit_test(test_every_value),
        cmocka_unit_test(test_left_to_jansson),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_findings_list),
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_msg_dump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
