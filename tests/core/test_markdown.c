/* Markdown to printable HTML: each block and inline form, escaping of everything else, the
 * page around it, and the inputs that are refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fixture.h"

static void converts(const char *md, const char *want)
{
    qf_markdown_options o = QF_MARKDOWN_OPTIONS_INIT;
    o.fragment = true;
    char *out = NULL;
    size_t len = 0;
    int rc = qf_markdown_html(&out, &len, md, strlen(md), &o);
    if (rc)
        fail_msg("'%s': %s", md, qf_error_last());
    if (strcmp(out, want) != 0)
        fail_msg("'%s'\n got: [%s]\nwant: [%s]", md, out, want);
    assert_int_equal(len, strlen(want));
    qf_free(out);
}

static void markdown__blocks(void **state)
{
    (void)state;
    converts("# 关于召开半月谈的通知\n\n各位党员：\n　　定于3月1日召开。\n",
             "<h1>关于召开半月谈的通知</h1>\n<p>各位党员：<br>\n　　定于3月1日召开。</p>\n");
    converts("## 二、议程 ##\n###### six", "<h2>二、议程</h2>\n<h6>six</h6>\n");
    converts("#no space\n####### seven", "<p>#no space<br>\n####### seven</p>\n");
    converts("- 学习\n- 讨论\n  （自由发言）\n\n- 总结\n\n段落",
             "<ul>\n<li>学习</li>\n<li>讨论<br>\n（自由发言）</li>\n<li>总结</li>\n</ul>\n"
             "<p>段落</p>\n");
    converts("议程：\n1. 学习\n2. 讨论\n",
             "<p>议程：</p>\n<ol>\n<li>学习</li>\n<li>讨论</li>\n</ol>\n");
    converts("3) 三\n4) 四", "<ol start=\"3\">\n<li>三</li>\n<li>四</li>\n</ol>\n");
    converts("---\n* * *", "<hr>\n<hr>\n");
    converts("> 引用\n> 两行", "<blockquote><p>引用<br>\n两行</p></blockquote>\n");
    converts("::: right\n工业标准一部党支部\n2017年2月24日\n:::\n",
             "<div class=\"right\">\n<p>工业标准一部党支部<br>\n2017年2月24日</p>\n</div>\n");
    /* an unclosed block is closed at the end; a stray ':::' is text */
    converts("::: center\n::: small\nx", "<div class=\"center\">\n<div class=\"small\">\n<p>x</p>\n"
                                         "</div>\n</div>\n");
    converts(":::\ntext", "<p>:::<br>\ntext</p>\n");
    converts("::: Bad Class\nx", "<p>::: Bad Class<br>\nx</p>\n");
}

static void markdown__tables_with_alignment(void **state)
{
    (void)state;
    converts("| 序号 | 姓名 | 签名 |\n|:---:|---|---:|\n| 1 | 张建国 | |\n| 2 | a \\| b | `x|y` "
             "|\n\nend",
             "<table>\n<thead><tr><th class=\"c\">序号</th><th>姓名</th><th class=\"r\">签名</th>"
             "</tr>\n</thead>\n<tbody>\n"
             "<tr><td class=\"c\">1</td><td>张建国</td><td class=\"r\"></td></tr>\n"
             "<tr><td class=\"c\">2</td><td>a | b</td><td class=\"r\"><code>x|y</code></td></tr>\n"
             "</tbody>\n</table>\n<p>end</p>\n");
    /* missing cells are empty, extra ones dropped */
    converts("a | b\n--- | ---\n1\n1 | 2 | 3",
             "<table>\n<thead><tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n"
             "<tr><td>1</td><td></td></tr>\n<tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>\n");
    /* no rule line: not a table */
    converts("a | b\nc | d", "<p>a | b<br>\nc | d</p>\n");
}

static void markdown__inline_and_escaping(void **state)
{
    (void)state;
    converts("**主持人**：张建国，*记录*：`李秀英`",
             "<p><strong>主持人</strong>：张建国，<em>记录</em>：<code>李秀英</code></p>\n");
    converts("**粗*斜*体**", "<p><strong>粗<em>斜</em>体</strong></p>\n");
    converts("<script>alert(1)</script> & \"q\" 'a'",
             "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;</p>\n");
    converts("[link](http://x) ![img](y.png)", "<p>[link](http://x) ![img](y.png)</p>\n");
    converts("\\*not em\\* \\# \\\\ 2\\. x", "<p>*not em* # \\ 2. x</p>\n");
    converts("a * b ** c ` d", "<p>a * b ** c ` d</p>\n");
    converts("line one  \nline two\\\nthree", "<p>line one<br>\nline two<br>\nthree</p>\n");
    converts("a\r\nb\r\n", "<p>a<br>\nb</p>\n");
    converts("", "");
}

static void markdown__page_is_self_contained(void **state)
{
    (void)state;
    const char *md = "# 关于召开\\*半月谈\\*的通知\n\n正文\n";
    char *out = NULL;
    QF_OK_OR_FAIL(qf_markdown_html(&out, NULL, md, strlen(md), NULL));
    assert_non_null(strstr(out, "<!DOCTYPE html>"));
    assert_non_null(strstr(out, "<title>关于召开*半月谈*的通知</title>"));
    assert_non_null(strstr(out, "@page{size:A4"));
    assert_non_null(strstr(out, "<main class=\"page\">\n<h1>"));
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "src="));
    assert_null(strstr(out, "href="));
    qf_free(out);
    qf_markdown_options o = QF_MARKDOWN_OPTIONS_INIT;
    o.title = "签到表 <1>";
    o.css = "body{font-size:14pt}";
    QF_OK_OR_FAIL(qf_markdown_html(&out, NULL, md, strlen(md), &o));
    assert_non_null(strstr(out, "<title>签到表 &lt;1&gt;</title>"));
    /* the branch's stylesheet comes after the built-in one, so it wins */
    const char *builtin = strstr(out, "@page{size:A4");
    const char *extra = strstr(out, "body{font-size:14pt}");
    assert_non_null(extra);
    assert_true(extra > builtin);
    qf_free(out);
}

static void markdown__refuses_bad_input(void **state)
{
    (void)state;
    char *out = NULL;
    QF_FAILS_WITH(QF_EINVALID, "markdown: invalid UTF-8 at byte 2",
                  qf_markdown_html(&out, NULL, "a\xc3(", 3, NULL));
    qf_markdown_options o = QF_MARKDOWN_OPTIONS_INIT;
    o.css = "p{color:red}</style><script>x</script>";
    QF_FAILS_WITH(QF_EINVALID, "css: must not contain '</'",
                  qf_markdown_html(&out, NULL, "x", 1, &o));
    o.css = NULL;
    o.version = 7;
    QF_FAILS_WITH(QF_EINVALID, "QF_MARKDOWN_OPTIONS_INIT",
                  qf_markdown_html(&out, NULL, "x", 1, &o));
    QF_FAILS_WITH(QF_EINVALID, "markdown: no text", qf_markdown_html(&out, NULL, NULL, 0, NULL));
    assert_null(out);
}

static void markdown__long_unmatched_markup_stays_linear(void **state)
{
    (void)state;
    /* "*** " 100,000 times: no run of exactly one or two '*' ever closes, so every search for
     * a closer fails; remembered, the paragraph takes one pass instead of 10^10 steps */
    size_t n = 400000;
    char *md = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        md[i] = i % 4 == 3 ? ' ' : '*';
    md[n] = '\0';
    md[0] = 'x'; /* not a rule line */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    char *out = NULL;
    QF_OK_OR_FAIL(qf_markdown_html(&out, NULL, md, n, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_non_null(strstr(out, "<p>x** *** "));
    qf_free(out);
    free(md);
    if (secs > 5.0)
        fail_msg("converting took %.1f s", secs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown__blocks),
        cmocka_unit_test(markdown__tables_with_alignment),
        cmocka_unit_test(markdown__inline_and_escaping),
        cmocka_unit_test(markdown__page_is_self_contained),
        cmocka_unit_test(markdown__refuses_bad_input),
        cmocka_unit_test(markdown__long_unmatched_markup_stays_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
