/*
 * qufa — document templates (会议通知, 邀请函, 签到表 …): a small, safe subset of Mustache.
 *
 *     {{name}}  {{a.b}}  {{.}}        a value, escaped for the output (see qf_template_escape)
 *     {{#list}}…{{/list}}             a section: once per item of a list (the item is the
 *                                     context inside), once with a table as the context, once
 *                                     for any other value that is not empty; never when empty
 *     {{^name}}…{{/name}}             inverted: only when the value is empty
 *     {{! a comment }}
 *
 * "Empty" is: missing, null, false, "", an empty list or an empty table. Numbers are never
 * empty. A name is looked up in the innermost context first, then outwards; a dotted name
 * descends from there. A missing name prints nothing. A section, inverted or comment tag alone
 * on its line takes the whole line with it, so a template can put each on a line of its own.
 *
 * Nothing else: no partials, no unescaped output, no delimiter changes, no code. A template can
 * only print values from the data it is given, and every value goes through the escaper.
 * Limits: templates of at most 1 MiB, sections nested at most 32 deep, output of at most
 * 4 MiB (options.max_output), and at most 10 million render steps, so neither a hostile
 * template nor hostile data can make rendering run away.
 *
 * Errors name the template and the place: "notice.md:3:1: section 'guests' is never
 * closed ({{/guests}} is missing)".
 */
#ifndef QUFA_TEMPLATE_H
#define QUFA_TEMPLATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_template qf_template;

typedef enum qf_template_escape {
    QF_ESCAPE_NONE = 0, /* values as they are (plain text) */
    QF_ESCAPE_HTML,     /* & < > " ' become entities */
    QF_ESCAPE_MARKDOWN, /* a backslash before what Markdown would read as markup */
    QF_ESCAPE_XML       /* as HTML, and characters XML 1.0 cannot hold (control characters
                           other than tab and line ends, U+FFFE, U+FFFF) become U+FFFD */
} qf_template_escape;

#define QF_TEMPLATE_MAX_SIZE (1024 * 1024)
#define QF_TEMPLATE_MAX_DEPTH 32
#define QF_TEMPLATE_MAX_OUTPUT (4 * 1024 * 1024)
#define QF_TEMPLATE_MAX_STEPS 10000000L

typedef struct qf_template_options {
    unsigned version;
    qf_template_escape escape;
    size_t max_output; /* bytes; 0 = QF_TEMPLATE_MAX_OUTPUT (and never more than 64 MiB) */
} qf_template_options;
#define QF_TEMPLATE_OPTIONS_VERSION 1
#define QF_TEMPLATE_OPTIONS_INIT                                                                   \
    {                                                                                              \
        QF_TEMPLATE_OPTIONS_VERSION, QF_ESCAPE_NONE, 0                                             \
    }

/*
 * Parses `len` bytes of UTF-8 `text`. `name` (e.g. "notice.md") starts every error message.
 * QF_EINVALID with "name:line:column: …" for a malformed template.
 */
QF_EXTERN int qf_template_parse(qf_template **out, const char *name, const char *text, size_t len);

/*
 * Renders with `data_json`, the text of a JSON object (NULL = no data), into a NUL-terminated
 * buffer (release with qf_free); `len` (may be NULL) gets its length. `opts` NULL = no
 * escaping. QF_EINVALID when the data is not a JSON object or a value cannot be printed
 * (a list or table used as {{name}}), with the place in the template.
 */
QF_EXTERN int qf_template_render(char **out, size_t *len, const qf_template *t,
                                 const char *data_json, const qf_template_options *opts);

QF_EXTERN const char *qf_template_name(const qf_template *t);
QF_EXTERN void qf_template_free(qf_template *t);

#ifdef __cplusplus
}
#endif
#endif
