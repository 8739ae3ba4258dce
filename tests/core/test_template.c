/* Document templates: values, dotted names, sections and inverted sections, standalone lines,
 * escaping for HTML and Markdown, errors with template:line:column, and the limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

/* Renders `tpl` with `json` (escape `esc`) and compares with `want`. */
static void renders(const char *tpl, const char *json, qf_template_escape esc, const char *want)
{
    qf_template *t = NULL;
    QF_OK_OR_FAIL(qf_template_parse(&t, "t.md", tpl, strlen(tpl)));
    qf_template_options o = QF_TEMPLATE_OPTIONS_INIT;
    o.escape = esc;
    char *out = NULL;
    size_t len = 0;
    int rc = qf_template_render(&out, &len, t, json, &o);
    qf_template_free(t);
    if (rc)
        fail_msg("render '%s': %s", tpl, qf_error_last());
    if (strcmp(out, want) != 0)
        fail_msg("render '%s'\n got: [%s]\nwant: [%s]", tpl, out, want);
    assert_int_equal(len, strlen(want));
    qf_free(out);
}

static int parse_only(const char *tpl)
{
    qf_template *t = NULL;
    int rc = qf_template_parse(&t, "notice.md", tpl, strlen(tpl));
    qf_template_free(t);
    return rc;
}

static int render_only(const char *tpl, const char *json)
{
    qf_template *t = NULL;
    int rc = qf_template_parse(&t, "notice.md", tpl, strlen(tpl));
    if (rc)
        return rc;
    char *out = NULL;
    rc = qf_template_render(&out, NULL, t, json, NULL);
    qf_free(out);
    qf_template_free(t);
    return rc;
}

static void template__prints_values_and_dotted_names(void **state)
{
    (void)state;
    renders("定于{{date}}在{{place}}召开{{title}}。",
            "{\"date\":\"3月1日\",\"place\":\"三楼会议室\","
            "\"title\":\"半月谈\"}",
            QF_ESCAPE_NONE, "定于3月1日在三楼会议室召开半月谈。");
    renders("{{ org.name }} / {{org.secretary.name}}",
            "{\"org\":{\"name\":\"一支部\",\"secretary\":"
            "{\"name\":\"张建国\"}}}",
            QF_ESCAPE_NONE, "一支部 / 张建国");
    renders("[{{missing}}][{{org.missing.x}}][{{n}}][{{x}}][{{yes}}][{{nothing}}]",
            "{\"org\":{},\"n\":14,\"x\":0.25,\"yes\":true,\"nothing\":null}", QF_ESCAPE_NONE,
            "[][][14][0.25][true][]");
    renders("{{中文键}}", "{\"中文键\":\"可以\"}", QF_ESCAPE_NONE, "可以");
    renders("no tags at all", NULL, QF_ESCAPE_NONE, "no tags at all");
    renders("", NULL, QF_ESCAPE_NONE, "");
    renders("a { b } {c} }} x", NULL, QF_ESCAPE_NONE, "a { b } {c} }} x");
}

static void template__sections_iterate_lists_and_enter_tables(void **state)
{
    (void)state;
    const char *json =
        "{\"guests\":[{\"name\":\"林教授\",\"affil\":\"研究院\"},{\"name\":\"赵工\"}],"
        "\"org\":{\"name\":\"一支部\"},\"title\":\"半月谈\",\"n\":0,"
        "\"empty\":[],\"blank\":\"\",\"none\":{},\"off\":false,\"tags\":[\"a\",\"b\"]}";
    renders("{{#guests}}{{name}}({{affil}}{{^affil}}-{{/affil}}) {{/guests}}", json, QF_ESCAPE_NONE,
            "林教授(研究院) 赵工(-) ");
    /* an outer name is found from inside a section */
    renders("{{#guests}}{{name}}@{{title}};{{/guests}}", json, QF_ESCAPE_NONE,
            "林教授@半月谈;赵工@半月谈;");
    renders("{{#org}}{{name}}{{/org}}", json, QF_ESCAPE_NONE, "一支部");
    renders("{{#tags}}<{{.}}>{{/tags}}", json, QF_ESCAPE_NONE, "<a><b>");
    renders("{{#title}}有{{.}}{{/title}}", json, QF_ESCAPE_NONE, "有半月谈");
    /* empty: missing, [], "", {}, false; numbers (even 0) are not */
    renders("{{#empty}}x{{/empty}}{{#blank}}x{{/blank}}{{#none}}x{{/none}}{{#off}}x{{/off}}"
            "{{#nope}}x{{/nope}}{{#n}}[{{n}}]{{/n}}",
            json, QF_ESCAPE_NONE, "[0]");
    renders("{{^empty}}1{{/empty}}{{^blank}}2{{/blank}}{{^none}}3{{/none}}{{^off}}4{{/off}}"
            "{{^nope}}5{{/nope}}{{^guests}}6{{/guests}}",
            json, QF_ESCAPE_NONE, "12345");
    renders("{{#guests}}{{#tags}}{{name}}{{.}} {{/tags}}{{/guests}}", json, QF_ESCAPE_NONE,
            "林教授a 林教授b 赵工a 赵工b ");
}

static void template__standalone_tags_take_their_line(void **state)
{
    (void)state;
    const char *json = "{\"items\":[{\"t\":\"学习\"},{\"t\":\"讨论\"}]}";
    renders("议程：\n{{#items}}\n- {{t}}\n{{/items}}\n完。\n", json, QF_ESCAPE_NONE,
            "议程：\n- 学习\n- 讨论\n完。\n");
    renders("  {{! a comment }}  \r\nA\n", NULL, QF_ESCAPE_NONE, "A\n");
    renders("{{^items}}\n无\n{{/items}}\nend", "{}", QF_ESCAPE_NONE, "无\nend");
    /* not alone on its line: the line stays */
    renders("x {{#items}}{{t}}{{/items}} y\n", json, QF_ESCAPE_NONE, "x 学习讨论 y\n");
    renders("{{#items}}\n{{t}}\n{{/items}}", json, QF_ESCAPE_NONE, "学习\n讨论\n");
}

static void template__escapes_for_html_and_markdown(void **state)
{
    (void)state;
    const char *json = "{\"v\":\"<b>\\\"A&B\\\"</b> 'x'\",\"m\":\"a*b_c [d] #1 |x| `c`\","
                       "\"lines\":\"- one\\n2. two\\n+ three\"}";
    renders("<p>{{v}}</p>", json, QF_ESCAPE_HTML,
            "<p>&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;</p>");
    /* the template's own text is not escaped, only values */
    renders("**{{m}}**", json, QF_ESCAPE_MARKDOWN, "**a\\*b\\_c \\[d\\] \\#1 \\|x\\| \\`c\\`**");
    renders("{{lines}}", json, QF_ESCAPE_MARKDOWN, "\\- one\n2\\. two\n\\+ three");
    renders("{{v}}", json, QF_ESCAPE_NONE, "<b>\"A&B\"</b> 'x'");
}

/* XML parts (a .docx): the entities, and the characters XML 1.0 cannot hold at all replaced
 * by U+FFFD (as a reference they would still make the part unreadable); tab and line ends
 * stay, and so does every other character. */
static void template__escapes_for_xml(void **state)
{
    (void)state;
    const char *json = "{\"v\":\"<w:t>\\\"A&B\\\"</w:t> 'x'\",\"c\":\"a\\u0001b\\u001fc\\td\\ne\","
                       "\"nc\":\"x\\uffffy\\ufffez\\ufffd\",\"zh\":\"半月谈“绿色制造”\"}";
    renders("<w:t>{{v}}</w:t>", json, QF_ESCAPE_XML,
            "<w:t>&lt;w:t&gt;&quot;A&amp;B&quot;&lt;/w:t&gt; &#39;x&#39;</w:t>");
    renders("{{c}}", json, QF_ESCAPE_XML, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\td\ne");
    renders("{{nc}}", json, QF_ESCAPE_XML, "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbd");
    renders("{{zh}}", json, QF_ESCAPE_XML, "半月谈“绿色制造”");
    /* HTML keeps them: a browser shows what it can */
    renders("{{c}}", json, QF_ESCAPE_HTML, "a\001b\037c\td\ne");
}

static void template__errors_name_line_and_column(void **state)
{
    (void)state;
    QF_FAILS_WITH(QF_EINVALID, "notice.md:2:3: unclosed tag",
                  parse_only("第一行\n定于{{date 召开\n"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:1: unclosed tag", parse_only("{{date\n}}"));
    QF_FAILS_WITH(QF_EINVALID,
                  "notice.md:3:1: section 'guests' is never closed ({{/guests}} is missing)",
                  parse_only("a\nb\n{{#guests}}\n{{name}}\n"));
    QF_FAILS_WITH(QF_EINVALID,
                  "notice.md:2:10: '{{/list}}' does not match '{{#guests}}' opened at 1:4",
                  parse_only("标题：{{#guests}}\n{{name}}，{{/list}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:3: '{{/x}}' closes a section that was never opened",
                  parse_only("ab{{/x}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:1: '' is not a name", parse_only("{{}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:2: 'a b' is not a name", parse_only("x{{a b}}"));
    QF_FAILS_WITH(QF_EINVALID, "'a..b' is not a name", parse_only("{{a..b}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:1: '{{{' (unescaped output) is not supported",
                  parse_only("{{{raw}}}"));
    QF_FAILS_WITH(QF_EINVALID, "'{{&' (unescaped output) is not supported", parse_only("{{&raw}}"));
    QF_FAILS_WITH(QF_EINVALID, "partials", parse_only("{{> header}}"));
    QF_FAILS_WITH(QF_EINVALID, "delimiters", parse_only("{{=<% %>=}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md: invalid UTF-8 at byte 3", parse_only("ab\xff"));
    /* a list or table printed as a value, at render time, with its place */
    QF_FAILS_WITH(QF_EINVALID, "notice.md:2:4: 'guests' is a list: use {{#guests}}",
                  render_only("x\nabc{{guests}}", "{\"guests\":[1]}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md:1:1: 'org' is a table: print one of its fields",
                  render_only("{{org}}", "{\"org\":{\"a\":1}}"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md: the data is not a JSON object",
                  render_only("x", "[1,2]"));
    QF_FAILS_WITH(QF_EINVALID, "notice.md: the data is not a JSON object",
                  render_only("x", "{broken"));
}

static void template__limits_input_depth_output_and_work(void **state)
{
    (void)state;
    /* input size */
    size_t big = QF_TEMPLATE_MAX_SIZE + 1;
    char *s = malloc(big + 1);
    memset(s, 'x', big);
    s[big] = '\0';
    qf_template *t = NULL;
    QF_FAILS_WITH(QF_EINVALID, "more than", qf_template_parse(&t, "big.md", s, big));
    free(s);
    /* nesting depth: 32 is fine, 33 is not */
    char deep[2048] = "";
    for (int i = 0; i < 33; i++)
        strcat(deep, "{{#a}}");
    QF_FAILS_WITH(QF_EINVALID, "nested more than 32 deep", parse_only(deep));
    char ok[2048] = "";
    for (int i = 0; i < 32; i++)
        strcat(ok, "{{#a}}");
    for (int i = 0; i < 32; i++)
        strcat(ok, "{{/a}}");
    QF_OK_OR_FAIL(parse_only(ok));
    /* output size */
    QF_OK_OR_FAIL(qf_template_parse(&t, "t.md", "{{#l}}0123456789{{/l}}", 22));
    char json[4096] = "{\"l\":[";
    for (int i = 0; i < 200; i++)
        strcat(json, i ? ",1" : "1");
    strcat(json, "]}");
    qf_template_options o = QF_TEMPLATE_OPTIONS_INIT;
    o.max_output = 1000;
    char *out = NULL;
    QF_FAILS_WITH(QF_EINVALID, "t.md: the output would be longer than 1000 bytes",
                  qf_template_render(&out, NULL, t, json, &o));
    assert_null(out);
    o.max_output = 2000;
    QF_OK_OR_FAIL(qf_template_render(&out, NULL, t, json, &o));
    assert_int_equal(strlen(out), 2000);
    qf_free(out);
    qf_template_free(t);
    /* work: a list of 4000 inside itself, three deep, prints nothing but takes 64e9 steps */
    const char *nest = "{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}";
    QF_OK_OR_FAIL(qf_template_parse(&t, "t.md", nest, strlen(nest)));
    size_t cap = 4000 * 2 + 16;
    char *list = malloc(cap);
    strcpy(list, "{\"l\":[");
    for (int i = 0; i < 4000; i++)
        strcat(list, i ? ",1" : "1");
    strcat(list, "]}");
    QF_FAILS_WITH(QF_EINVALID, "t.md:1:13: rendering takes more than 10000000 steps",
                  qf_template_render(&out, NULL, t, list, NULL));
    free(list);
    qf_template_free(t);
    /* options are versioned */
    QF_OK_OR_FAIL(qf_template_parse(&t, "t.md", "x", 1));
    qf_template_options bad = QF_TEMPLATE_OPTIONS_INIT;
    bad.version = 99;
    QF_FAILS_WITH(QF_EINVALID, "QF_TEMPLATE_OPTIONS_INIT",
                  qf_template_render(&out, NULL, t, NULL, &bad));
    assert_string_equal(qf_template_name(t), "t.md");
    qf_template_free(t);
    qf_template_free(NULL);
}

static void template__messages_follow_the_language(void **state)
{
    (void)state;
    QF_OK_OR_FAIL(qf_set_language("zh"));
    int rc = parse_only("{{#a}}");
    QF_OK_OR_FAIL(qf_set_language("en"));
    assert_int_equal(rc, QF_EINVALID);
    assert_non_null(strstr(qf_error_last(), "notice.md:1:1: 节“a”没有结束"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template__prints_values_and_dotted_names),
        cmocka_unit_test(template__sections_iterate_lists_and_enter_tables),
        cmocka_unit_test(template__standalone_tags_take_their_line),
        cmocka_unit_test(template__escapes_for_html_and_markdown),
        cmocka_unit_test(template__escapes_for_xml),
        cmocka_unit_test(template__errors_name_line_and_column),
        cmocka_unit_test(template__limits_input_depth_output_and_work),
        cmocka_unit_test(template__messages_follow_the_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
