/*
 * qufa — printable HTML from the Markdown of a document (会议通知, 签到表, 会议记录 …), so one
 * template a branch edits gives both the Markdown and the page it prints.
 *
 * The subset documents need, nothing more:
 *   # … ######     headings (the first-level one is the document's centred title)
 *   paragraphs     consecutive lines; every line break is kept (Chinese documents are written
 *                  line by line), and leading full-width spaces (　　) indent as on paper
 *   - item, 1. item   lists (one line per item; a line indented by two spaces continues it)
 *   | a | b |      tables with a |---|:---:|---:| line under the header (alignments)
 *   > text         a quoted block
 *   ---            a rule
 *   ::: right      a block with a class: right (signature and date), center, small,
 *   …              page-break (start a new page); ':::' alone ends it; blocks nest
 *   :::
 *   **bold**, *italic*, `code`, and a backslash before a character to take it literally.
 *
 * There are no links, images or raw HTML: every character of the text is escaped, so the
 * page holds exactly the text of the document and nothing that runs or loads.
 * The page is one self-contained file (inline CSS for A4 paper in the layout of official
 * documents, GB/T 9704), with no script and nothing fetched.
 */
#ifndef QUFA_MARKDOWN_H
#define QUFA_MARKDOWN_H

#include <stdbool.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define QF_MARKDOWN_MAX_SIZE (8 * 1024 * 1024)

typedef struct qf_markdown_options {
    unsigned version;
    const char *title; /* the page's <title>; NULL = the text of the first heading */
    const char *css;   /* added after the built-in stylesheet (so it can override it); NULL */
    bool fragment;     /* only the HTML of the body, without the page around it */
} qf_markdown_options;
#define QF_MARKDOWN_OPTIONS_VERSION 1
#define QF_MARKDOWN_OPTIONS_INIT                                                                   \
    {                                                                                              \
        QF_MARKDOWN_OPTIONS_VERSION, NULL, NULL, false                                             \
    }

/*
 * Converts `len` bytes of UTF-8 Markdown into a NUL-terminated HTML page (release with
 * qf_free); `out_len` (may be NULL) gets its length. QF_EINVALID for invalid UTF-8, input
 * over QF_MARKDOWN_MAX_SIZE, or CSS that could end the style element ("</").
 */
QF_EXTERN int qf_markdown_html(char **out, size_t *out_len, const char *md, size_t len,
                               const qf_markdown_options *opts);

/*
 * The same Markdown as the structure a .docx skeleton renders (see qufa/docx.h): the JSON text
 * of {"title": …, "blocks": [{"p": …, "table": …, "page_break": …}, …]} (release with
 * qf_free). QF_EINVALID as qf_markdown_html.
 */
QF_EXTERN int qf_markdown_blocks(char **out, size_t *out_len, const char *md, size_t len);

#ifdef __cplusplus
}
#endif
#endif
