/*
 * The shared strings (xl/sharedStrings.xml): every text cell of Excel's sheets points at one by
 * index. A string is the text of its <t> elements, rich-text runs included, phonetic guides
 * (<rPh>, the furigana of Japanese workbooks) excluded. When the part breaks (invalid UTF-8 in
 * a string, damaged XML), the strings read so far are kept and the break is remembered: only
 * a cell that uses a string from there on fails, and it fails naming its cell.
 */
#include <stdlib.h>
#include <string.h>
#include "xlsx_internal.h"

typedef struct strings_ctx {
    xlsx_strings *ss;
    bool in_si, in_t, in_rph;
    size_t start; /* where the current string starts in ss->text */
    size_t over;  /* the current string is longer than a cell may be */
} strings_ctx;

static int strings_start(void *ud, const char *name, const char **attrs)
{
    (void)attrs;
    strings_ctx *c = ud;
    if (strcmp(name, "si") == 0) {
        c->in_si = true;
        c->start = c->ss->text.len;
        c->over = 0;
    } else if (strcmp(name, "rPh") == 0) {
        c->in_rph = true;
    } else if (strcmp(name, "t") == 0) {
        c->in_t = c->in_si && !c->in_rph;
    }
    return QF_OK;
}

static int strings_end(void *ud, const char *name)
{
    strings_ctx *c = ud;
    xlsx_strings *ss = c->ss;
    if (strcmp(name, "t") == 0) {
        c->in_t = false;
    } else if (strcmp(name, "rPh") == 0) {
        c->in_rph = false;
    } else if (strcmp(name, "si") == 0) {
        c->in_si = false;
        xlsx_unescape(&ss->text, c->start);
        if (ss->n == ss->cap) {
            size_t cap = ss->cap ? ss->cap * 2 : 256;
            size_t *o = realloc(ss->off, cap * sizeof *o);
            if (o)
                ss->off = o;
            uint8_t *l = o ? realloc(ss->too_long, cap) : NULL;
            if (!l)
                return qf__oom();
            ss->too_long = l;
            ss->cap = cap;
        }
        /* a string too long for a cell stays, cut: the cell that uses it says so */
        ss->too_long[ss->n] = c->over != 0;
        return xlsx_text_end(&ss->text, c->start, &ss->off[ss->n++]);
    }
    return QF_OK;
}

static int strings_text(void *ud, const char *s, int len)
{
    strings_ctx *c = ud;
    if (!c->in_t)
        return QF_OK;
    size_t used = c->ss->text.len - c->start;
    if (used + (size_t)len > XLSX_MAX_TEXT) {
        c->over = 1;
        return QF_OK;
    }
    return xlsx_text_add(&c->ss->text, s, (size_t)len);
}

static int strings_broken(void *ud, const char *why, bool bad_utf8, int line, int column)
{
    (void)why, (void)line, (void)column;
    strings_ctx *c = ud;
    c->ss->broken = true;
    c->ss->broken_utf8 = bad_utf8;
    c->ss->broken_at = c->ss->n;
    c->ss->text.len = c->in_si ? c->start : c->ss->text.len; /* drop the half-read string */
    return QF_OK;
}

int xlsx_strings_read(xlsx_strings *ss, xlsx_pkg *p, const char *part)
{
    memset(ss, 0, sizeof *ss);
    if (!part || !xlsx_pkg_has(p, part))
        return QF_OK; /* writers that use inline strings only have none */
    strings_ctx c;
    memset(&c, 0, sizeof c);
    c.ss = ss;
    xlsx_sax sax = {&c, strings_start, strings_end, strings_text, strings_broken};
    return xlsx_pkg_parse(p, part, &sax);
}

void xlsx_strings_free(xlsx_strings *ss)
{
    xlsx_text_free(&ss->text);
    free(ss->off);
    free(ss->too_long);
    memset(ss, 0, sizeof *ss);
}
