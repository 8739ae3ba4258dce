/* .docx from Markdown through a skeleton: the structure the skeleton sees (styles, runs,
 * tables, page breaks), the shipped skeleton rendered (every part still well-formed, values
 * escaped, nothing of the tags left), and skeletons that are refused with the part and place. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "zip_internal.h"

#define SKELETON_DIR QUFA_TEST_DIR "/../../scripts/templates/docx/"

static json_t *blocks_of(const char *md)
{
    char *text = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_markdown_blocks(&text, &len, md, strlen(md)));
    assert_int_equal(len, strlen(text));
    json_error_t e;
    json_t *doc = json_loads(text, 0, &e);
    if (!doc)
        fail_msg("not JSON (%s): %s", e.text, text);
    qf_free(text);
    return doc;
}

static json_t *block(json_t *doc, size_t i)
{
    json_t *b = json_array_get(json_object_get(doc, "blocks"), i);
    if (!b)
        fail_msg("no block %zu", i);
    return b;
}

/* The paragraph of block i: its style, and its text (the runs joined). */
static const char *para_style(json_t *doc, size_t i)
{
    json_t *p = json_object_get(block(doc, i), "p");
    if (!json_is_object(p))
        fail_msg("block %zu is not a paragraph", i);
    return json_string_value(json_object_get(p, "style"));
}

static const char *para_text(json_t *doc, size_t i)
{
    static char buf[400];
    buf[0] = '\0';
    json_t *runs = json_object_get(json_object_get(block(doc, i), "p"), "runs");
    size_t k;
    json_t *r;
    json_array_foreach(runs, k, r)
        strncat(buf, json_string_value(json_object_get(r, "text")), sizeof buf - strlen(buf) - 1);
    return buf;
}

static json_t *run(json_t *doc, size_t i, size_t k)
{
    return json_array_get(json_object_get(json_object_get(block(doc, i), "p"), "runs"), k);
}

static void docx__blocks_name_styles_and_runs(void **state)
{
    (void)state;
    json_t *doc = blocks_of("# 关于召开\\*支部党员大会\\*的通知\r\n\n"
                            "各位党员：\n　　定于**9月13日**召开。\n\n"
                            "## 一、会议议程\n### （一）学习\n#### 1. 细目\n##### 五级\n\n"
                            "3. 学习\n4. 讨论\n  （自由发言）\n\n- 要点\n\n"
                            "> 引用 *斜* `x*y`\n> 第二行\n\n---\n\n"
                            "::: right\n工业标准一部党支部\n2017年9月10日\n:::\n"
                            "::: center\n居中\n:::\n::: small\n小字\n:::\n::: red\n本支部样式\n:::\n");
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "关于召开*支部党员大会*的通知");
    size_t i = 0;
    assert_string_equal(para_style(doc, i), "Title");
    assert_string_equal(para_text(doc, i++), "关于召开*支部党员大会*的通知"); /* escapes taken, \r dropped */
    /* each line of a paragraph is a paragraph of its own */
    assert_string_equal(para_style(doc, i), "Normal");
    assert_string_equal(para_text(doc, i++), "各位党员：");
    assert_string_equal(para_text(doc, i), "　　定于9月13日召开。");
    assert_string_equal(json_string_value(json_object_get(run(doc, i, 1), "text")), "9月13日");
    assert_true(json_is_true(json_object_get(run(doc, i, 1), "bold")));
    assert_true(json_is_false(json_object_get(run(doc, i, 0), "bold")));
    assert_true(json_is_false(json_object_get(run(doc, i, 0), "italic")));
    assert_true(json_is_false(json_object_get(run(doc, i, 0), "code")));
    assert_true(json_is_false(json_object_get(run(doc, i, 0), "br")));
    i++;
    assert_string_equal(para_style(doc, i++), "Heading1");
    assert_string_equal(para_style(doc, i++), "Heading2");
    assert_string_equal(para_style(doc, i++), "Heading3");
    assert_string_equal(para_style(doc, i++), "Heading3");
    /* list items: the marker apart, numbered from the first item's number; a continuation
       line is a run that starts on a new line */
    assert_string_equal(para_style(doc, i), "ListItem");
    json_t *p = json_object_get(block(doc, i++), "p");
    assert_string_equal(json_string_value(json_object_get(p, "marker")), "3.");
    p = json_object_get(block(doc, i), "p");
    assert_string_equal(json_string_value(json_object_get(p, "marker")), "4.");
    assert_string_equal(para_text(doc, i), "讨论（自由发言）");
    assert_true(json_is_true(json_object_get(run(doc, i, 1), "br")));
    i++;
    p = json_object_get(block(doc, i++), "p");
    assert_string_equal(json_string_value(json_object_get(p, "marker")), "\xe2\x80\xa2");
    /* a quote: a paragraph per line, spans as flags */
    assert_string_equal(para_style(doc, i), "Quote");
    assert_string_equal(para_text(doc, i), "引用 斜 x*y");
    assert_true(json_is_true(json_object_get(run(doc, i, 1), "italic")));
    assert_true(json_is_true(json_object_get(run(doc, i, 3), "code")));
    i++;
    assert_string_equal(para_style(doc, i++), "Quote");
    assert_string_equal(para_style(doc, i), "Rule");
    assert_int_equal(json_array_size(json_object_get(json_object_get(block(doc, i++), "p"), "runs")), 0);
    assert_string_equal(para_style(doc, i), "Closing");
    assert_string_equal(para_text(doc, i++), "工业标准一部党支部");
    assert_string_equal(para_style(doc, i), "Closing");
    assert_string_equal(para_text(doc, i++), "2017年9月10日");
    assert_string_equal(para_style(doc, i++), "Centered");
    assert_string_equal(para_style(doc, i++), "Small");
    assert_string_equal(para_style(doc, i++), "red"); /* a class of the branch's own */
    assert_int_equal(json_array_size(json_object_get(doc, "blocks")), i);
    assert_true(json_is_false(json_object_get(doc, "ends_with_table")));
    /* every block has all three keys, so no lookup reaches outwards */
    for (size_t k = 0; k < i; k++) {
        assert_true(json_is_false(json_object_get(block(doc, k), "table")));
        assert_true(json_is_false(json_object_get(block(doc, k), "page_break")));
    }
    json_decref(doc);
}

static void docx__tables_share_the_width_and_pages_break(void **state)
{
    (void)state;
    json_t *doc = blocks_of("# 签到表\n\n"
                            "| 序号 | 姓名 | 签到 | 备注 |\n|:---:|:---:|:---:|---|\n"
                            "| 1 | 张建国 | | |\n| 2 | 欧阳Mike | | 预备党员 |\n| 3 | 短行 |\n\n"
                            "::: page-break\n:::\n\n"
                            "# 第二页\n\n::: page-break\n:::\n"
                            "| a | b |\n|---|--:|\n| x | y |\n\n::: page-break\n:::\n");
    json_t *t = json_object_get(block(doc, 1), "table");
    assert_true(json_is_object(t));
    json_t *cols = json_object_get(t, "cols");
    assert_int_equal(json_array_size(cols), 4);
    json_int_t w[4], sum = 0;
    for (size_t c = 0; c < 4; c++) {
        w[c] = json_integer_value(json_object_get(json_array_get(cols, c), "width"));
        sum += w[c];
    }
    assert_int_equal(sum, 8845); /* the 156 mm of text, in twips */
    assert_true(w[2] > w[1]);    /* 签到, empty in every row, is left room to sign */
    assert_true(w[1] > w[0]);    /* 欧阳Mike is wider than 序号 */
    json_t *rows = json_object_get(t, "rows");
    assert_int_equal(json_array_size(rows), 4);
    json_t *head = json_array_get(rows, 0);
    assert_true(json_is_true(json_object_get(head, "header")));
    json_t *cell = json_array_get(json_object_get(head, "cells"), 3);
    assert_string_equal(json_string_value(json_object_get(cell, "style")), "TableHeading");
    assert_string_equal(json_string_value(json_object_get(cell, "align")), "center");
    json_t *row = json_array_get(rows, 3);
    assert_true(json_is_false(json_object_get(row, "header")));
    assert_int_equal(json_array_size(json_object_get(row, "cells")), 4); /* short rows filled */
    cell = json_array_get(json_object_get(row, "cells"), 3);
    assert_string_equal(json_string_value(json_object_get(cell, "style")), "TableText");
    assert_string_equal(json_string_value(json_object_get(cell, "align")), "left");
    assert_int_equal(json_integer_value(json_object_get(cell, "width")), w[3]);
    cell = json_array_get(json_object_get(json_array_get(rows, 1), "cells"), 1);
    assert_string_equal(json_string_value(json_object_get(cell, "align")), "center");
    /* the page break goes on the next paragraph; before a table it is a block of its own;
       at the end it is dropped */
    json_t *p = json_object_get(block(doc, 2), "p");
    assert_string_equal(para_text(doc, 2), "第二页");
    assert_true(json_is_true(json_object_get(p, "page_break_before")));
    assert_true(json_is_false(json_object_get(json_object_get(block(doc, 0), "p"), "page_break_before")));
    assert_true(json_is_true(json_object_get(block(doc, 3), "page_break")));
    json_t *t2 = json_object_get(block(doc, 4), "table");
    cell = json_array_get(json_object_get(json_array_get(json_object_get(t2, "rows"), 1), "cells"), 1);
    assert_string_equal(json_string_value(json_object_get(cell, "align")), "right");
    assert_int_equal(json_array_size(json_object_get(doc, "blocks")), 5);
    assert_true(json_is_true(json_object_get(doc, "ends_with_table")));
    json_decref(doc);

    char *out = NULL;
    size_t len = 0;
    QF_FAILS_WITH(QF_EINVALID, "markdown: invalid UTF-8 at byte 3",
                  qf_markdown_blocks(&out, &len, "ab\xff", 3));
}

/* ---- rendering through the skeleton ---------------------------------------------------- */

static const char *const PARTS[] = {"[Content_Types].xml", "_rels/.rels",
                                    "docProps/app.xml",    "docProps/core.xml",
                                    "word/_rels/document.xml.rels",
                                    "word/document.xml",   "word/fontTable.xml",
                                    "word/footer1.xml",    "word/footer2.xml",
                                    "word/settings.xml",   "word/styles.xml"};
#define NPARTS (sizeof PARTS / sizeof *PARTS)

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* The shipped skeleton zipped (as the build does), with `part` replaced by `text` if given. */
static void *skeleton(size_t *len, const char *part, const char *text)
{
    qf_zip_entry e[NPARTS];
    char *data[NPARTS];
    size_t n = 0;
    for (size_t i = 0; i < NPARTS; i++) {
        if (part && strcmp(PARTS[i], part) == 0 && !text) {
            data[i] = NULL;
            continue; /* left out */
        }
        char path[400];
        snprintf(path, sizeof path, "%s%s", SKELETON_DIR, PARTS[i]);
        size_t l = 0;
        data[i] = part && strcmp(PARTS[i], part) == 0 ? strdup(text) : slurp(path, &l);
        if (part && strcmp(PARTS[i], part) == 0)
            l = strlen(text);
        e[n++] = (qf_zip_entry){PARTS[i], data[i], l, QF_DATETIME_NONE};
    }
    void *zip = NULL;
    QF_OK_OR_FAIL(qf_zip_build(&zip, len, e, n));
    for (size_t i = 0; i < NPARTS; i++)
        free(data[i]);
    return zip;
}

static qf__zip_part *find_part(qf__zip_part *parts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    fail_msg("no part %s", name);
    return NULL;
}

static bool part_has(qf__zip_part *p, const char *needle)
{
    char *s = strndup((const char *)p->data, p->len);
    bool yes = strstr(s, needle) != NULL;
    free(s);
    return yes;
}

static const char MD[] = "# 关于召开支部党员大会的通知\n\n各位党员：\n\n　　定于**9月13日**召开。\n\n"
                         "| 序号 | 姓名 |\n|:---:|---|\n| 1 | 张建国 |\n\n"
                         "::: right\n工业标准一部党支部\n:::\n\n::: page-break\n:::\n\n# 第二页\n";
static const char DATA[] = "{\"branch\":{\"name\":\"A&B <党支部> \\\"x\\\"\\u0007\"},"
                           "\"dated\":\"2017-09-10\"}";

static void docx__the_skeleton_renders_to_a_clean_package(void **state)
{
    (void)state;
    size_t slen = 0;
    void *skel = skeleton(&slen, NULL, NULL);
    qf_docx_options o = QF_DOCX_OPTIONS_INIT;
    o.skeleton_name = "document.docx";
    o.data_json = DATA;
    void *out = NULL;
    size_t len = 0;
    QF_OK_OR_FAIL(qf_docx_render(&out, &len, skel, slen, MD, strlen(MD), &o));
    qf__zip_part *parts = NULL;
    size_t n = 0;
    QF_OK_OR_FAIL(qf__zip_read(&parts, &n, out, len, "out.docx"));
    assert_int_equal(n, NPARTS);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(parts[i].name, PARTS[i]); /* the skeleton's order */
        assert_false(part_has(&parts[i], "{{"));      /* no tag left */
        assert_false(part_has(&parts[i], "<!---->")); /* nor the comments that held them */
    }
    qf__zip_part *body = find_part(parts, n, "word/document.xml");
    assert_true(part_has(body, "<w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:rPr><w:rFonts "
                               "w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">关于召开支部党员"
                               "大会的通知</w:t></w:r></w:p>"));
    assert_true(part_has(body, "<w:b/></w:rPr><w:t xml:space=\"preserve\">9月13日</w:t>"));
    assert_true(part_has(body, "<w:tblHeader/>"));
    assert_true(part_has(body, "<w:gridCol w:w=\""));
    assert_true(part_has(body, "<w:jc w:val=\"center\"/>"));
    assert_true(part_has(body, "<w:pStyle w:val=\"Closing\"/>"));
    assert_true(part_has(body, "<w:pStyle w:val=\"Title\"/><w:pageBreakBefore/>"));
    /* it ends with a paragraph, not with the table */
    assert_false(part_has(body, "<w:sz w:val=\"2\"/>"));
    assert_true(part_has(body, "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" "
                               "w:left=\"1587\""));
    assert_true(part_has(body, "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\""));
    /* the values, escaped for XML; a control character becomes U+FFFD */
    qf__zip_part *core = find_part(parts, n, "docProps/core.xml");
    assert_true(part_has(core, "<dc:title>关于召开支部党员大会的通知</dc:title>"));
    assert_true(part_has(core, "<dc:creator>A&amp;B &lt;党支部&gt; &quot;x&quot;\xef\xbf\xbd</dc:creator>"));
    assert_true(part_has(core, "2017-09-10T00:00:00Z"));
    /* parts without tags come out as they went in */
    size_t sl = 0;
    char *styles = slurp(SKELETON_DIR "word/styles.xml", &sl);
    qf__zip_part *st = find_part(parts, n, "word/styles.xml");
    assert_int_equal(st->len, sl);
    assert_memory_equal(st->data, styles, sl);
    free(styles);
    qf__zip_parts_free(parts, n);

    /* the same input gives the same bytes */
    void *again = NULL;
    size_t len2 = 0;
    QF_OK_OR_FAIL(qf_docx_render(&again, &len2, skel, slen, MD, strlen(MD), &o));
    assert_int_equal(len2, len);
    assert_memory_equal(again, out, len);
    qf_free(again);
    qf_free(out);
    free(skel);
}

static int render_with(const char *part, const char *text, const char *data)
{
    size_t slen = 0;
    void *skel = skeleton(&slen, part, text);
    qf_docx_options o = QF_DOCX_OPTIONS_INIT;
    o.skeleton_name = "mine.docx";
    o.data_json = data;
    void *out = NULL;
    size_t len = 0;
    int rc = qf_docx_render(&out, &len, skel, slen, MD, strlen(MD), &o);
    assert_null(rc ? out : NULL);
    qf_free(out);
    free(skel);
    return rc;
}

static void docx__a_bad_skeleton_is_named_with_part_and_place(void **state)
{
    (void)state;
    void *out = NULL;
    size_t len = 0;
    qf_docx_options o = QF_DOCX_OPTIONS_INIT;
    o.skeleton_name = "mine.docx";
    QF_FAILS_WITH(QF_EINVALID, "mine.docx: not a zip package",
                  qf_docx_render(&out, &len, "PK not really", 13, MD, strlen(MD), &o));
    QF_FAILS_WITH(QF_EINVALID, "mine.docx: the skeleton is empty",
                  qf_docx_render(&out, &len, "", 0, MD, strlen(MD), &o));
    QF_FAILS_WITH(QF_EINVALID, "mine.docx: not a Word document (word/document.xml",
                  render_with("word/document.xml", NULL, NULL));
    QF_FAILS_WITH(QF_EINVALID, "mine.docx:word/settings.xml:2:1: section 'x' is never closed",
                  render_with("word/settings.xml", "<a>\n{{#x}}</a>", NULL));
    QF_FAILS_WITH(QF_EINVALID,
                  "mine.docx: word/footer1.xml:2:3: mismatched tag (the part is not well-formed "
                  "XML once rendered)",
                  render_with("word/footer1.xml", "<w:ftr>\n</w:p>", NULL));
    /* a value cannot break the XML: it is escaped, so the only way is the skeleton's text */
    assert_int_equal(render_with("word/footer1.xml", "<w:ftr a=\"{{v}}\">{{v}}</w:ftr>",
                                 "{\"v\":\"\\\"/><x y='<&\"}"),
                     QF_OK);
    QF_FAILS_WITH(QF_EINVALID, "mine.docx: word/footer2.xml has a DOCTYPE",
                  render_with("word/footer2.xml",
                              "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>", NULL));
    QF_FAILS_WITH(QF_EINVALID, "mine.docx: the data is not a JSON object",
                  render_with(NULL, NULL, "[1, 2]"));
    o.version = 99;
    QF_FAILS_WITH(QF_EINVALID, "use QF_DOCX_OPTIONS_INIT",
                  qf_docx_render(&out, &len, "x", 1, MD, strlen(MD), &o));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docx__blocks_name_styles_and_runs),
        cmocka_unit_test(docx__tables_share_the_width_and_pages_break),
        cmocka_unit_test(docx__the_skeleton_renders_to_a_clean_package),
        cmocka_unit_test(docx__a_bad_skeleton_is_named_with_part_and_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
