/* Procedure definitions: validation with clear messages, normalisation, revisions by hash,
 * parameters and the branch's corrections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static char *read_data(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", QF_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A minimal valid procedure with `extra` spliced into its steps' JSON. */
static void tiny(char *buf, size_t size, const char *top, const char *steps)
{
    snprintf(buf, size, "{\"code\": \"tiny\", \"title\": \"小流程\"%s, \"steps\": [%s]}", top,
             steps);
}

static void procedure__load_is_idempotent_and_revised_by_hash(void **state)
{
    qf_db *db = *state;
    char *json = read_data("flow_probation.json");
    int rev;
    qf_load_outcome o;
    QF_OK_OR_FAIL(qf_procedure_load(&rev, &o, db, json, "probation.lua", "-- source"));
    assert_int_equal(rev, 1);
    assert_int_equal(o, QF_LOAD_NEW);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_OK_OR_FAIL(qf_procedure_load(&rev, &o, db, json, "probation.lua", "-- source"));
    assert_int_equal(o, QF_LOAD_UNCHANGED);
    assert_int_equal(rev, 1);
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    /* the same meaning written differently (key order, shorthand) hashes the same */
    char h1[65], h2[65];
    QF_OK_OR_FAIL(qf_procedure_canonical(NULL, h1, db,
                                         "{\"title\": \"t\", \"code\": \"x\", \"steps\": "
                                         "[{\"code\": \"a\", \"title\": \"A\"}]}"));
    QF_OK_OR_FAIL(qf_procedure_canonical(NULL, h2, db,
                                         "{\"code\": \"x\", \"subject\": \"none\", \"title\": "
                                         "\"t\", \"steps\": [{\"title\": \"A\", \"code\": \"a\", "
                                         "\"final\": true}]}"));
    assert_string_equal(h1, h2);
    /* a changed title is a new revision; the old one stays */
    char *changed = strstr(json, "发展党员（测试用）");
    memcpy(changed, "发展党员（测试版）", strlen("发展党员（测试版）"));
    QF_OK_OR_FAIL(qf_procedure_load(&rev, &o, db, json, "probation.lua", "-- source 2"));
    assert_int_equal(o, QF_LOAD_REVISED);
    assert_int_equal(rev, 2);
    qf_procedure_iter *it = NULL;
    qf_procedure_filter f = QF_PROCEDURE_FILTER_INIT;
    QF_OK_OR_FAIL(qf_procedure_list(&it, db, &f));
    const qf_procedure_info *p;
    QF_OK_OR_FAIL(qf_procedure_next(&p, it));
    assert_string_equal(p->code, "probation");
    assert_int_equal(p->rev, 2);
    assert_int_equal(p->steps, 7);
    assert_string_equal(p->subject, "member");
    assert_string_equal(p->source_name, "probation.lua");
    assert_int_equal(qf_procedure_next(&p, it), QF_ITEROVER);
    qf_procedure_iter_free(it);
    f.all_revisions = true;
    QF_OK_OR_FAIL(qf_procedure_list(&it, db, &f));
    int n = 0;
    while (qf_procedure_next(&p, it) == QF_OK)
        n++;
    assert_int_equal(n, 2);
    qf_procedure_iter_free(it);
    char *text = NULL, *name = NULL, hash[65];
    QF_OK_OR_FAIL(qf_procedure_source(&text, &name, hash, db, "probation", 1));
    assert_string_equal(text, "-- source");
    qf_free(text);
    qf_free(name);
    /* the procedure's own artifact type joined the vocabulary */
    QF_OK_OR_FAIL(qf_vocab_check(db, "artifact_type", "talk_record"));
    free(json);
}

static void procedure__normalised_form(void **state)
{
    qf_db *db = *state;
    char *json = read_data("flow_probation.json");
    QF_OK_OR_FAIL(qf_procedure_load(NULL, NULL, db, json, NULL, NULL));
    free(json);
    char *def = NULL;
    int rev;
    QF_OK_OR_FAIL(qf_procedure_get(&def, &rev, db, "probation", 0));
    /* shorthands expanded: artifacts as a list, next filled in, kinds and field flags */
    assert_non_null(strstr(def, "\"artifacts\":[\"application\"]"));
    assert_non_null(strstr(def, "\"next\":[{\"to\":\"talk\"}]"));
    assert_non_null(strstr(def, "\"kind\":\"interrupt\""));
    assert_non_null(strstr(def, "\"kind\":\"warning\""));
    assert_non_null(strstr(def, "\"until\":{\"required\":true,\"type\":\"date\"}"));
    assert_non_null(strstr(def, "\"notice\":{\"default\":\"5wd\",\"type\":\"duration\"}"));
    qf_free(def);
    char *params = NULL;
    QF_OK_OR_FAIL(qf_procedure_params(&params, db, "probation", 0, NULL, false));
    assert_string_equal(params, "{\"notice\":\"5wd\",\"probation\":\"1y\",\"review_within\":"
                                "\"10wd\",\"sponsors\":2,\"talk_within\":\"1m\"}");
    qf_free(params);
}

static void procedure__parameter_corrections(void **state)
{
    qf_db *db = *state;
    char *json = read_data("flow_probation.json");
    QF_OK_OR_FAIL(qf_procedure_load(NULL, NULL, db, json, NULL, NULL));
    free(json);
    QF_OK_OR_FAIL(qf_procedure_set_param(db, "probation", "talk_within", "\"2m\"", "细则（2026）"));
    char *params = NULL;
    QF_OK_OR_FAIL(qf_procedure_params(&params, db, "probation", 0, "{\"sponsors\": 3}", false));
    assert_non_null(strstr(params, "\"talk_within\":\"2m\""));
    assert_non_null(strstr(params, "\"sponsors\":3"));
    qf_free(params);
    QF_OK_OR_FAIL(qf_procedure_params(&params, db, "probation", 0, NULL, true));
    assert_non_null(strstr(params, "\"talk_within\":{\"corrected\":\"2m\",\"default\":\"1m\""));
    qf_free(params);
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    QF_FAILS_WITH(QF_EINVALID, "procedure probation: parameter sponsors: 5 is outside 1..3",
                  qf_procedure_set_param(db, "probation", "sponsors", "5", NULL));
    QF_FAILS_WITH(QF_EINVALID, "parameter talk_within: 'soon' is not a duration",
                  qf_procedure_set_param(db, "probation", "talk_within", "\"soon\"", NULL));
    QF_FAILS_WITH(QF_ENOTFOUND, "parameter nope is not declared",
                  qf_procedure_set_param(db, "probation", "nope", "1", NULL));
    QF_FAILS_WITH(QF_EINVALID, "procedure probation has no parameter 'nope' (it has: notice,",
                  qf_procedure_params(&params, db, "probation", 0, "{\"nope\": 1}", false));
    QF_FAILS_WITH(QF_ENOTFOUND, "there is no procedure ghost",
                  qf_procedure_set_param(db, "ghost", "x", "1", NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
    /* removing the correction restores the default */
    QF_OK_OR_FAIL(qf_procedure_set_param(db, "probation", "talk_within", NULL, NULL));
    QF_OK_OR_FAIL(qf_procedure_params(&params, db, "probation", 0, NULL, false));
    assert_non_null(strstr(params, "\"talk_within\":\"1m\""));
    qf_free(params);
}

/* Each bad definition is refused with a message naming where and what. */
static void procedure__bad_definitions_say_what_is_wrong(void **state)
{
    qf_db *db = *state;
    char def[4096];
    static const char A[] = "{\"code\": \"a\", \"title\": \"A\"}";
    char before[65], after[65];
    QF_OK_OR_FAIL(qf_db_content_hash(db, before));
    struct {
        const char *top, *steps, *needle;
    } cases[] = {
        {"", "", "procedure tiny: steps must be a non-empty list"},
        {", \"subject\": \"person\"", A, "procedure tiny: subject must be \"member\", \"org\" or"},
        {", \"titel\": \"x\"", A, "procedure tiny: unknown field 'titel' (expected: code, title,"},
        {"", "{\"code\": \"a\"}", "procedure tiny: step a: field 'title' is required"},
        {"", "{\"code\": \"A b\", \"title\": \"A\"}", "step #1: code: 'A b' is not a valid code"},
        {"", "{\"code\": \"a\", \"title\": 5}",
         "procedure tiny: step a: field 'title' must be a "
         "string"},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"next\": \"b\"}",
         "procedure tiny: step a: next #1: there is no step b"},
        {"", "{\"code\": \"a\", \"title\": \"A\"}, {\"code\": \"a\", \"title\": \"B\"}",
         "procedure tiny: step a appears twice"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\", \"next\": \"c\"}, {\"code\": \"b\", \"title\": "
         "\"B\"}, {\"code\": \"c\", \"title\": \"C\", \"next\": [\"a\", \"b\"]}",
         "procedure tiny: steps a → c → a form a cycle; if the case may really go back, mark the "
         "transition c → a with again = true"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\", \"final\": true}, {\"code\": \"b\", \"title\": "
         "\"B\"}",
         "procedure tiny: step b cannot be reached from the first step (a)"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\"}, {\"code\": \"b\", \"title\": \"B\", \"next\": "
         "{\"to\": \"a\", \"again\": true}}",
         "procedure tiny: a case at step a could never end"},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"deadlines\": [{\"within\": \"soon\"}]}",
         "procedure tiny: step a: deadline #1: within: 'soon' is not a duration"},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"deadlines\": [{\"within\": \"$late\"}]}",
         "step a: deadline #1: within: parameter 'late' is not declared in params"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\", \"deadlines\": [{\"within\": \"1m\", \"from\": "
         "\"z\"}]}",
         "step a: deadline #1: from 'z': there is no step z"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\"}, {\"code\": \"b\", \"title\": \"B\", "
         "\"deadlines\": [{\"within\": \"1m\", \"from\": \"a.day\"}]}",
         "step b: deadline #1: from 'a.day': a has no date field day"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\", \"deadlines\": [{\"within\": \"1m\", \"from\": "
         "\"b\"}]}, {\"code\": \"b\", \"title\": \"B\"}",
         "step a: deadline #1: from 'b': step b can never come before this one"},
        {"",
         "{\"code\": \"a\", \"title\": \"A\", \"deadlines\": [{\"within\": \"1m\", \"kind\": "
         "\"hard\"}]}",
         "deadline #1: kind must be \"interrupt\" or \"warning\""},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"artifacts\": [\"selfie\"]}",
         "step a: artifacts #1: "},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"fields\": {\"n\": \"count\"}}",
         "step a: field n: type must be one of date, integer, number, text, boolean, member, "
         "members, org"},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"guard\": \"x > 1\"}",
         "procedure tiny: step a: guard must be a Lua function"},
        {", \"params\": {\"n\": {\"default\": {}}}", A,
         "procedure tiny: parameter n: the default must be a duration, number"},
        {", \"params\": {\"n\": {\"default\": 1, \"type\": \"duration\"}}", A,
         "procedure tiny: parameter n: must be a duration"},
        {", \"stages\": [{\"code\": \"s\", \"title\": \"S\"}]", A,
         "procedure tiny: step a: field 'stage' is required when stages are declared"},
        {"", "{\"code\": \"a\", \"title\": \"A\", \"final\": true, \"next\": \"a\"}",
         "procedure tiny: step a: a final step has no next"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tiny(def, sizeof def, cases[i].top, cases[i].steps);
        int rc = qf_procedure_load(NULL, NULL, db, def, NULL, NULL);
        if (rc != QF_EINVALID || !strstr(qf_error_last(), cases[i].needle))
            fail_msg("case %zu: rc %d, message '%s' lacks '%s'", i, rc, qf_error_last(),
                     cases[i].needle);
    }
    QF_FAILS_WITH(QF_EINVALID, "procedure:1:", qf_procedure_load(NULL, NULL, db, "{", NULL, NULL));
    QF_FAILS_WITH(QF_EINVALID, "a procedure must be a table",
                  qf_procedure_load(NULL, NULL, db, "[1]", NULL, NULL));
    QF_OK_OR_FAIL(qf_db_content_hash(db, after));
    assert_string_equal(before, after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(procedure__load_is_idempotent_and_revised_by_hash,
                                        fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(procedure__normalised_form, fx_setup_memory, fx_teardown),
        cmocka_unit_test_setup_teardown(procedure__parameter_corrections, fx_setup_memory,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(procedure__bad_definitions_say_what_is_wrong,
                                        fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
