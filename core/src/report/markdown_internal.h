/*
 * The Markdown of documents, read once and told to a sink as events (see qufa/markdown.h for
 * the subset). Two sinks use it: the printable HTML page (markdown.c) and the structure a .docx
 * skeleton renders (markdown_blocks.c), so both see exactly the same blocks and inline markup.
 */
#ifndef QUFA_MARKDOWN_INTERNAL_H
#define QUFA_MARKDOWN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#define QF__MD_MAX_COLS 64
#define QF__MD_MAX_DIVS 8

typedef enum qf__md_span { QF__MD_STRONG = 1, QF__MD_EM = 2, QF__MD_CODE = 4 } qf__md_span;

/*
 * Every callback gets the sink's `ctx`. Text is literal (backslash escapes already taken):
 * a sink escapes it for its own output. Events nest as the document does: a paragraph's
 * lines are separated by line_break; a list's items by item_end/item_begin; a table is
 * rows of cells; a div (::: name … :::) may hold any block, and is closed at the end of the
 * text if the text never closes it.
 */
typedef struct qf__md_sink {
    void *ctx;
    /* a heading; `raw` is its text as written (markup and escapes still in it) */
    void (*heading_begin)(void *ctx, int level, const char *raw, size_t raw_len);
    void (*heading_end)(void *ctx, int level);
    void (*para_begin)(void *ctx);
    void (*para_end)(void *ctx);
    void (*line_break)(void *ctx); /* in a paragraph, a quote or a list item */
    void (*list_begin)(void *ctx, bool ordered, long start);
    void (*list_end)(void *ctx, bool ordered);
    void (*item_begin)(void *ctx, bool ordered, long number);
    void (*item_end)(void *ctx);
    void (*quote_begin)(void *ctx);
    void (*quote_end)(void *ctx);
    /* align[c] is 'l', 'c', 'r' or 0 (not given) for each of the ncols columns */
    void (*table_begin)(void *ctx, size_t ncols, const char *align);
    void (*table_end)(void *ctx);
    void (*row_begin)(void *ctx, bool header);
    void (*row_end)(void *ctx, bool header);
    void (*cell_begin)(void *ctx, bool header, char align);
    void (*cell_end)(void *ctx, bool header);
    void (*rule)(void *ctx);
    void (*div_begin)(void *ctx, const char *name, size_t len);
    void (*div_end)(void *ctx);
    void (*text)(void *ctx, const char *s, size_t n);
    void (*span_begin)(void *ctx, qf__md_span span);
    void (*span_end)(void *ctx, qf__md_span span);
} qf__md_sink;

/* Walks `len` bytes of Markdown (checked UTF-8, at most QF_MARKDOWN_MAX_SIZE) into `sink`.
 * Returns QF_OK or QF_ENOMEM. */
int qf__markdown_walk(const char *md, size_t len, const qf__md_sink *sink);

/* Checks the text every Markdown reader accepts: present, not too long, valid UTF-8. */
int qf__markdown_check(const char *md, size_t len);

/* The structure of the document for a .docx skeleton (markdown_blocks.c): {title, blocks}. */
struct json_t;
int qf__markdown_blocks(struct json_t **out, const char *md, size_t len);

/* True for the ASCII punctuation a backslash may escape. */
bool qf__md_punct(char c);

#endif
