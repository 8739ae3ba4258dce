/*
 * libFuzzer target for document templates and the Markdown they become. The input is a
 * template, optionally followed by a NUL byte and the JSON data (without one, a fixed record
 * of an activity is the data). Besides "no crash, no leak, no UB" it checks the promises:
 * - a refused template or render is QF_EINVALID (or QF_ENOMEM) with a "fuzz.md:" message that
 *   gives a positive line and column when it names a place;
 * - in HTML mode no value can add markup: a template without '<' and '&' renders to text
 *   without '<' (every '&' starts an entity);
 * - the Markdown rendering turned into a page holds only the converter's own tags, and the
 *   page is valid UTF-8;
 * - in XML mode (the parts of a .docx) a template without '<' and '&' renders to text without
 *   '<' and without a character XML cannot hold;
 * - the same Markdown as the structure a .docx skeleton renders is a JSON object whose every
 *   block is a paragraph, a table or a page break.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qufa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The checks read English messages, whatever the environment says. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    qf_i18n_init(NULL);
    qf_set_language("en");
    return 0;
}

static const char DEFAULT_DATA[] =
    "{\"title\":\"半月谈：绿色制造<标准>体系\",\"date\":\"2017年3月1日\",\"n\":14,\"rate\":0.857,"
    "\"org\":{\"name\":\"工业标准一部党支部\",\"secretary\":{\"name\":\"张建国\"}},"
    "\"guests\":[{\"name\":\"林教授\",\"affiliation\":\"某标准化研究院 & "
    "*院*\"},{\"name\":\"赵工\"}],"
    "\"agenda\":[{\"seq\":1,\"title\":\"学习|文件\"},{\"seq\":2,\"title\":\"- 讨论\\n# 交流\"}],"
    "\"empty\":[],\"none\":{},\"no\":false,\"blank\":\"\",\"nothing\":null,"
    "\"tags\":[\"a\",[\"b\",\"c\"],{\"x\":1},3.5,true,null]}";

/* "fuzz.md:L:C: …" with L, C >= 1, or "fuzz.md: …" */
static void check_message(void)
{
    const char *m = qf_error_last();
    if (strncmp(m, "fuzz.md:", 8) != 0)
        abort();
    if (m[8] == ' ')
        return;
    char *end;
    long line = strtol(m + 8, &end, 10);
    if (line < 1 || *end != ':')
        abort();
    long col = strtol(end + 1, &end, 10);
    if (col < 1 || *end != ':')
        abort();
}

static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xe0) == 0xc0 ? 1
                : (*p & 0xf0) == 0xe0 ? 2
                : (*p & 0xf8) == 0xf0 ? 3
                                      : -1;
        if (n < 0)
            return false;
        p++;
        for (int k = 0; k < n; k++, p++)
            if ((*p & 0xc0) != 0x80)
                return false;
    }
    return true;
}

/* No control character XML 1.0 refuses (tab and line ends are allowed). */
static bool xml_chars_ok(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    return true;
}

/* The .docx structure of the Markdown: {title, blocks: [{p, table, page_break}…]}. */
static void check_blocks(const char *md, size_t len)
{
    char *text = NULL;
    if (qf_markdown_blocks(&text, NULL, md, len) != QF_OK)
        abort();
    json_t *doc = json_loads(text, 0, NULL);
    json_t *blocks = json_object_get(doc, "blocks");
    if (!json_is_array(blocks) || !json_is_string(json_object_get(doc, "title")))
        abort();
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b)
    {
        int kinds = json_is_object(json_object_get(b, "p")) +
                    json_is_object(json_object_get(b, "table")) +
                    json_is_true(json_object_get(b, "page_break"));
        if (kinds != 1)
            abort();
    }
    json_decref(doc);
    qf_free(text);
}

/* Every tag in the page is one the converter writes. */
static void check_tags(const char *html)
{
    static const char *const allowed[] = {
        "!DOCTYPE", "html", "head",       "meta",  "title", "style",  "body", "main",
        "h1",       "h2",   "h3",         "h4",    "h5",    "h6",     "p",    "br",
        "ul",       "ol",   "li",         "table", "thead", "tbody",  "tr",   "th",
        "td",       "div",  "blockquote", "hr",    "code",  "strong", "em",   NULL};
    for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
        const char *n = p + 1;
        if (*n == '/')
            n++;
        size_t len = 0;
        while (n[len] && n[len] != '>' && n[len] != ' ')
            len++;
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strlen(*a) == len && strncmp(*a, n, len) == 0;
        if (!ok)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    const char *nul = memchr(in, '\0', size);
    size_t tlen = nul ? (size_t)(nul - in) : size;
    char *json = NULL;
    if (nul) {
        json = strndup(nul + 1, size - tlen - 1);
        if (!json)
            abort();
    }
    qf_template *t = NULL;
    int rc = qf_template_parse(&t, "fuzz.md", in, tlen);
    if (rc) {
        if (rc != QF_EINVALID)
            abort();
        check_message();
        free(json);
        return 0;
    }
    const char *values = json ? json : DEFAULT_DATA;

    /* HTML mode: values cannot open a tag */
    qf_template_options o = QF_TEMPLATE_OPTIONS_INIT;
    o.escape = QF_ESCAPE_HTML;
    o.max_output = 256 * 1024;
    char *out = NULL;
    size_t len = 0;
    rc = qf_template_render(&out, &len, t, values, &o);
    if (rc) {
        if (rc != QF_EINVALID && rc != QF_ENOMEM)
            abort();
        if (rc == QF_EINVALID)
            check_message();
    } else {
        if (strlen(out) != len || !utf8_ok(out))
            abort();
        if (!memchr(in, '<', tlen) && !memchr(in, '&', tlen) && strchr(out, '<'))
            abort();
    }
    qf_free(out);

    /* Markdown mode, then the printable page */
    o.escape = QF_ESCAPE_MARKDOWN;
    out = NULL;
    rc = qf_template_render(&out, &len, t, values, &o);
    if (rc == QF_OK) {
        char *page = NULL;
        if (qf_markdown_html(&page, NULL, out, len, NULL) != QF_OK)
            abort(); /* valid UTF-8 under the size limit always converts */
        if (!utf8_ok(page))
            abort();
        check_tags(page);
        qf_free(page);
        check_blocks(out, len);
    } else if (rc != QF_EINVALID && rc != QF_ENOMEM) {
        abort();
    }
    qf_free(out);

    /* XML mode: values cannot open an element or carry what XML refuses */
    o.escape = QF_ESCAPE_XML;
    out = NULL;
    rc = qf_template_render(&out, &len, t, values, &o);
    if (rc == QF_OK) {
        if (strlen(out) != len || !utf8_ok(out))
            abort();
        if (!memchr(in, '<', tlen) && !memchr(in, '&', tlen) && strchr(out, '<'))
            abort();
        bool template_clean = true;
        for (size_t k = 0; k < tlen; k++)
            if ((unsigned char)in[k] < 0x20 && in[k] != '\t' && in[k] != '\n' && in[k] != '\r')
                template_clean = false;
        if (template_clean && !xml_chars_ok(out))
            abort();
    } else if (rc != QF_EINVALID && rc != QF_ENOMEM) {
        abort();
    }
    qf_free(out);
    qf_template_free(t);
    free(json);
    return 0;
}
